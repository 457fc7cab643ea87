/** The architect interview shared by chat, the Architect panel and the CLI: no VS Code, unit-tested in plain Node. */
export * from './designGate';
export * from './grounding';
export * from './messages';
export * from './state';
export * from './turn';
