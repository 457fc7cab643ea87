/**
 * The typed model of a `.kinesis` record file. Every element keeps its 0-based source range so
 * diagnostics, completion and CodeLens point at the right characters.
 */
import type { LineIndex, Range } from '../text';

/** How a block's body becomes record bytes. `text` (UTF-8, sent as written) is the default. */
export type RecordFileEncoding = 'text' | 'json' | 'base64' | 'hex';
export const RECORD_FILE_ENCODINGS: readonly RecordFileEncoding[] = ['text', 'json', 'base64', 'hex'];
export const DEFAULT_RECORD_FILE_ENCODING: RecordFileEncoding = 'text';

/** The headers a block understands, in the order completion offers them. */
export const RECORD_FILE_HEADERS = ['partition-key', 'encoding', 'region', 'explicit-hash-key'] as const;
export type RecordFileHeaderName = (typeof RECORD_FILE_HEADERS)[number];

/** One `name: value` line of a block's header area. */
export interface RecordFileHeader {
  /** The name as written. */
  readonly name: string;
  /** The name in lower case: header names are case-insensitive, like HTTP's. */
  readonly key: string;
  /** The value with surrounding white space removed. */
  readonly value: string;
  readonly line: number;
  /** From the name to the end of the value. */
  readonly range: Range;
  readonly nameRange: Range;
  /** The trimmed value; a zero-length range after the colon (and its spaces) when empty. */
  readonly valueRange: Range;
}

/** A block's data: every line after the headers up to `###` or the end of the file. */
export interface RecordFileBody {
  /** The lines joined with `\n` whatever the file's line breaks (so data never depends on the editor's EOL). */
  readonly text: string;
  readonly startLine: number;
  /** Last line of the body (inclusive). */
  readonly endLine: number;
  readonly range: Range;
}

/** `PUT <stream>`, its headers and its body. */
export interface RecordBlock {
  /** Position among the file's blocks (0-based). */
  readonly index: number;
  /** The `PUT` line. */
  readonly line: number;
  readonly keywordRange: Range;
  /** The trimmed text after `PUT`; undefined when there is none. */
  readonly stream?: { readonly text: string; readonly range: Range };
  /** `PUT` and the stream name (the trimmed line). */
  readonly putRange: Range;
  readonly headers: readonly RecordFileHeader[];
  /** Undefined when the block has no data lines. */
  readonly body?: RecordFileBody;
  /** First line after the header area: where the body, a blank line, `###` or the end of the file begins. */
  readonly headerEndLine: number;
  /** First line after the block: its `###` separator, or the line count. */
  readonly endLine: number;
  /** From the `PUT` line to the end of its last header or body line. */
  readonly range: Range;
  /** Body lines that look like `PUT <stream>`: probably a block whose `###` separator is missing. */
  readonly putLikeBodyLines: readonly number[];
}

/** The parsed file. `text` and `lines` are the exact input. */
export interface RecordFile {
  readonly text: string;
  readonly lines: LineIndex;
  readonly blocks: readonly RecordBlock[];
  /** Comment lines (`--` at column 0 outside bodies). */
  readonly comments: readonly Range[];
  /** Lines of `###` separators. */
  readonly separators: readonly number[];
  /** Non-blank, non-comment lines outside any block (before the first `PUT` or between `###` and `PUT`). */
  readonly strayLines: readonly Range[];
}

/** Finds the block containing `line` (its `PUT` line up to just before its separator). */
export function blockAtLine(file: RecordFile, line: number): RecordBlock | undefined {
  return file.blocks.find((b) => line >= b.line && line < b.endLine);
}

/** The first header named `name` (case-insensitive). */
export function headerOf(block: RecordBlock, name: RecordFileHeaderName): RecordFileHeader | undefined {
  return block.headers.find((h) => h.key === name);
}
