/** Pure Kinesis arithmetic: no I/O, no VS Code, safe to bundle into the webview. */
export * from './capacity';
export * from './cost';
export * from './format';
export * from './hotShards';
export * from './keyPatterns';
export * from './limits';
export * from './md5';
