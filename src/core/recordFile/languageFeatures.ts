/**
 * CodeLens, completion and hover models for `.kinesis` files, editor-neutral: the extension maps
 * them one-to-one onto VS Code's types.
 */
import { range, type Position, type Range } from '../text';
import { blockAtLine, headerOf, RECORD_FILE_ENCODINGS, RECORD_FILE_HEADERS, type RecordFile, type RecordFileHeaderName } from './model';
import { isCommentLine, isSeparatorLine, parseHeaderLine } from './parser';

// ---- CodeLens -----------------------------------------------------------------------------------

/** "Put all (N records)" at the top of the file, "Put record" on each `PUT` line. */
export interface RecordFileCodeLens {
  readonly kind: 'putAll' | 'putRecord';
  readonly range: Range;
  readonly title: string;
  readonly tooltip: string;
  /** The block of a `putRecord` lens. */
  readonly blockIndex?: number;
}

export function getRecordFileCodeLenses(file: RecordFile): RecordFileCodeLens[] {
  if (file.blocks.length === 0) return [];
  const n = file.blocks.length;
  const lenses: RecordFileCodeLens[] = [{
    kind: 'putAll',
    range: range(0, 0, 0, 0),
    title: `Put all (${n} record${n === 1 ? '' : 's'})`,
    tooltip: 'Checks every block, then sends them all with PutRecords (nothing is sent if any block has an error).',
  }];
  for (const block of file.blocks) {
    lenses.push({
      kind: 'putRecord',
      range: block.putRange,
      title: 'Put record',
      tooltip: `Send this block${block.stream ? ` to "${block.stream.text}"` : ''} with PutRecord.`,
      blockIndex: block.index,
    });
  }
  return lenses;
}

// ---- completion ---------------------------------------------------------------------------------

export type RecordFileCompletionKind = 'keyword' | 'stream' | 'header' | 'encoding' | 'region';

export interface RecordFileCompletionItem {
  readonly label: string;
  readonly kind: RecordFileCompletionKind;
  /** Text that replaces {@link range}. */
  readonly insertText: string;
  readonly range: Range;
  readonly detail?: string;
  readonly documentation?: string;
  /** Ask for completion again after inserting (a header name is followed by its values). */
  readonly retrigger?: boolean;
}

/** What completion offers beyond the file's own text. */
export interface RecordFileCompletionContext {
  /** Stream names for a block in `region` (undefined region: the current one), or undefined when unknown. */
  readonly streamsIn: (region: string | undefined) => readonly string[] | undefined;
  /** Configured regions. */
  readonly regions: readonly string[];
}

export const HEADER_DOCUMENTATION: Readonly<Record<RecordFileHeaderName, string>> = {
  'partition-key': 'Required. 1–256 characters; records with the same key go to the same shard, in order.',
  encoding: 'How the body becomes bytes: text (UTF-8, the default), json (checked, sent as written), base64 or hex.',
  region: 'The region of the stream. Default: the current region of the connection.',
  'explicit-hash-key': 'Optional. A decimal number from 0 to 2^128-1 that picks the shard instead of the partition key\'s hash.',
};

const ENCODING_DOCUMENTATION: Readonly<Record<string, string>> = {
  text: 'UTF-8 bytes of the body, as written (the default).',
  json: 'The body is checked to be JSON and sent as written (UTF-8).',
  base64: 'The body is base64 (white space ignored); its decoded bytes are sent.',
  hex: 'The body is hex digits, two per byte (white space ignored).',
};

export function getRecordFileCompletions(file: RecordFile, position: Position, context: RecordFileCompletionContext): RecordFileCompletionItem[] {
  const lineText = file.lines.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const block = blockAtLine(file, position.line);

  // PUT <stream>
  const put = /^PUT[ \t]+(\S*)$/.exec(before);
  if (put && (!block || block.line === position.line)) {
    const start = before.length - put[1].length;
    const rest = /^\S*/.exec(lineText.slice(position.character))![0];
    const replace = range(position.line, start, position.line, position.character + rest.length);
    const region = block ? headerOf(block, 'region')?.value || undefined : undefined;
    return (context.streamsIn(region) ?? []).map((name) => ({
      label: name, kind: 'stream', insertText: name, range: replace, detail: `stream${region ? ` in ${region}` : ''}`,
    }));
  }

  // A new block (outside blocks, or a partial "P" at column 0 there).
  if (!block && /^P?U?T?$/.test(before) && 'PUT'.startsWith(before)) {
    return [{
      label: 'PUT', kind: 'keyword', insertText: 'PUT ', range: range(position.line, 0, position.line, before.length),
      detail: 'start a record block: PUT <stream>', retrigger: true,
    }];
  }
  if (!block || position.line === block.line) return [];

  // Only the header area (and a line being typed right after it) takes headers.
  const inHeaderArea = position.line < block.headerEndLine
    || (position.line === block.headerEndLine && !isSeparatorLine(lineText) && !isCommentLine(lineText) && isTypingHeader(file, block.headerEndLine, position));
  if (!inHeaderArea) return [];

  const header = parseHeaderLine(lineText, position.line);
  if (header && position.character > header.nameRange.end.character) {
    if (before.indexOf(':') < 0) return [];
    const replace = header.value ? header.valueRange : range(position.line, position.character, position.line, position.character);
    if (header.key === 'encoding') {
      return RECORD_FILE_ENCODINGS.map((e) => ({ label: e, kind: 'encoding', insertText: e, range: replace, documentation: ENCODING_DOCUMENTATION[e] }));
    }
    if (header.key === 'region') {
      return context.regions.map((r) => ({ label: r, kind: 'region', insertText: r, range: replace, detail: 'configured region' }));
    }
    return [];
  }
  if (!/^[A-Za-z-]*$/.test(before)) return [];
  const used = new Set(block.headers.filter((h) => h.line !== position.line).map((h) => h.key));
  const word = /^[A-Za-z-]*/.exec(lineText)![0];
  const replaceEnd = header ? lineText.length : word.length;
  return RECORD_FILE_HEADERS.filter((name) => !used.has(name)).map((name) => ({
    label: name,
    kind: 'header',
    insertText: `${name}: `,
    range: range(position.line, 0, position.line, replaceEnd),
    documentation: HEADER_DOCUMENTATION[name],
    retrigger: name === 'encoding' || name === 'region',
  }));
}

/** A line that ends the header area only because it is half-typed ("part") still takes header names. */
function isTypingHeader(file: RecordFile, line: number, position: Position): boolean {
  const text = file.lines.lineText(line);
  return /^[A-Za-z-]*$/.test(text) && position.character <= text.length;
}

// ---- hover --------------------------------------------------------------------------------------

export interface RecordFileHover {
  readonly markdown: string;
  readonly range: Range;
}

export function getRecordFileHover(file: RecordFile, position: Position): RecordFileHover | undefined {
  const block = blockAtLine(file, position.line);
  if (!block) return undefined;
  const header = block.headers.find((h) => h.line === position.line);
  if (header && position.character <= header.nameRange.end.character) {
    const doc = (HEADER_DOCUMENTATION as Record<string, string | undefined>)[header.key];
    return doc ? { markdown: `**${header.key}**: ${doc}`, range: header.nameRange } : undefined;
  }
  if (header?.key === 'encoding' && ENCODING_DOCUMENTATION[header.value.toLowerCase()]) {
    return { markdown: `**${header.value}**: ${ENCODING_DOCUMENTATION[header.value.toLowerCase()]}`, range: header.valueRange };
  }
  return undefined;
}
