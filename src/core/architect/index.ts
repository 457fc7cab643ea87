/** The architect interview shared by chat, the Architect panel and the CLI: no VS Code, unit-tested in plain Node. */
export * from './grounding';
export * from './state';
export * from './turn';
