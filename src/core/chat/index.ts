/** Pure logic of the `@kinesis` chat participant and its tools: no VS Code, unit-tested in plain Node. */
export * from './conversation';
export * from './explain';
export * from './extract';
export * from './prompt';
export * from './regions';
export * from './state';
export * from './update';
