/**
 * The editor-neutral shapes every language feature shares (requirement files, `.kinesis` record
 * files). platform/convert.ts maps them onto VS Code's types one-to-one; the CLI prints them as they are.
 */
import type { Range } from './text';

/** An open document as the core sees it. VS Code's TextDocument becomes one through `asCoreDocument`. */
export interface VersionedTextDocument {
  /** The URI string; together with `version` the key of every per-document cache. */
  readonly uri: string;
  /** Increases with every change of the text. */
  readonly version: number;
  getText(): string;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'information' | 'hint';

/**
 * A problem at a range, with a stable string code that quick fixes, tests and users' filters key on.
 * Each feature narrows `Code` to its own codes and may add fields (requirement data, a block index).
 */
export interface EditorDiagnostic<Code extends string = string> {
  readonly code: Code;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly range: Range;
}
