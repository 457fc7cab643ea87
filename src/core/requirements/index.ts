/**
 * The requirements engine behind diagnostics, the panel, the chat participant and the CLI. Adapters
 * call the one service (service.ts; it caches per document text); the pure functions are exported
 * for tests and one-off use.
 */
export * from './analyze';
export * from './architecture';
export * from './architectureWrite';
export * from './codeLenses';
export * from './edits';
export * from './hover';
export * from './model';
export * from './options';
export { parseRequirementDocument } from './parser';
export * from './quickFixes';
export * from './service';
export * from './template';
export * from './validate';
export * from './valueParsers';
