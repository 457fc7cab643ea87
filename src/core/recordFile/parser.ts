/**
 * Parses `.kinesis` record files:
 *
 * ```
 * -- a comment
 * PUT my-stream
 * partition-key: Device123
 * encoding: json
 * { "cpu": 10 }
 * ###
 * PUT other-stream
 * partition-key: k2
 * plain text
 * ```
 *
 * Rules (the grammar in syntaxes/kinesis.tmLanguage.json follows the same ones):
 * - A block starts with a line `PUT <stream>` at column 0 and ends at a line that is exactly `###`
 *   (trailing white space allowed) or at the end of the file. `PUT` is the only way to start a block;
 *   a second `PUT` line without `###` before it stays part of the body (and gets a warning).
 * - After `PUT`, lines `name: value` are headers until the first other line. A blank line also ends
 *   the headers: put one above a body whose first line looks like `name: value`.
 * - Everything after the headers is the body. Leading and trailing blank lines are dropped; the
 *   lines are joined with `\n` whatever the file's line breaks are.
 * - `--` at column 0 is a comment outside bodies only: before the first block, between blocks and
 *   in the header area (right after `PUT`, before the first blank or data line). Inside a body every
 *   line is data, so a record containing `-- x` (SQL, a Markdown rule, a CLI flag) is sent exactly as
 *   written and never silently shortened. A body whose FIRST line starts with `--` therefore needs a
 *   blank line above it (the grammar shows such a line as a comment, so what is sent is visible).
 *   The one line a body cannot contain is `###`: use base64 or hex for such data.
 */
import { LineIndex, range, type Range } from '../text';
import type { RecordBlock, RecordFile, RecordFileBody, RecordFileHeader } from './model';

const PUT_LINE = /^PUT(?=[ \t]|$)/;
const SEPARATOR_LINE = /^###[ \t]*$/;
const COMMENT_LINE = /^--/;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$/;
/** A body line that looks like the start of a block (`PUT name`). */
const PUT_LIKE_LINE = /^PUT[ \t]+\S/;

export function isSeparatorLine(text: string): boolean {
  return SEPARATOR_LINE.test(text);
}

export function isCommentLine(text: string): boolean {
  return COMMENT_LINE.test(text);
}

export function isPutLine(text: string): boolean {
  return PUT_LINE.test(text);
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** The header on `text` (one line), or undefined when the line is not `name: value`. */
export function parseHeaderLine(text: string, line: number): RecordFileHeader | undefined {
  const match = HEADER_LINE.exec(text);
  if (!match) return undefined;
  const name = match[1];
  const afterColon = text.length - match[2].length;
  const leading = match[2].length - match[2].trimStart().length;
  const value = match[2].trim();
  const valueStart = afterColon + leading;
  const valueEnd = valueStart + value.length;
  return {
    name,
    key: name.toLowerCase(),
    value,
    line,
    range: range(line, 0, line, value ? valueEnd : afterColon),
    nameRange: range(line, 0, line, name.length),
    valueRange: range(line, valueStart, line, valueEnd),
  };
}

interface OpenBlock {
  readonly line: number;
  readonly headers: RecordFileHeader[];
  headerEndLine?: number;
  readonly bodyLines: number[];
  readonly putLikeBodyLines: number[];
}

export function parseRecordFile(text: string): RecordFile {
  const lines = new LineIndex(text);
  const blocks: RecordBlock[] = [];
  const comments: Range[] = [];
  const separators: number[] = [];
  const strayLines: Range[] = [];
  let open: OpenBlock | undefined;

  const close = (endLine: number) => {
    if (!open) return;
    blocks.push(finishBlock(lines, open, blocks.length, endLine));
    open = undefined;
  };

  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (SEPARATOR_LINE.test(content)) {
      close(line);
      separators.push(line);
      continue;
    }
    if (!open) {
      if (PUT_LINE.test(content)) {
        open = { line, headers: [], bodyLines: [], putLikeBodyLines: [] };
      } else if (COMMENT_LINE.test(content)) {
        comments.push(range(line, 0, line, content.length));
      } else if (!isBlank(content)) {
        strayLines.push(trimmedLineRange(content, line));
      }
      continue;
    }
    if (open.headerEndLine === undefined) {
      if (COMMENT_LINE.test(content)) {
        comments.push(range(line, 0, line, content.length));
        continue;
      }
      const header = parseHeaderLine(content, line);
      if (header) {
        open.headers.push(header);
        continue;
      }
      open.headerEndLine = line;
    }
    open.bodyLines.push(line);
    if (PUT_LIKE_LINE.test(content)) open.putLikeBodyLines.push(line);
  }
  close(lines.lineCount);
  return { text, lines, blocks, comments, separators, strayLines };
}

function trimmedLineRange(content: string, line: number): Range {
  const start = content.length - content.trimStart().length;
  return range(line, start, line, content.trimEnd().length);
}

function finishBlock(lines: LineIndex, open: OpenBlock, index: number, endLine: number): RecordBlock {
  const putText = lines.lineText(open.line);
  const afterKeyword = putText.slice(3);
  const streamText = afterKeyword.trim();
  const streamStart = 3 + (afterKeyword.length - afterKeyword.trimStart().length);
  const stream = streamText ? { text: streamText, range: range(open.line, streamStart, open.line, streamStart + streamText.length) } : undefined;
  const putRange = range(open.line, 0, open.line, stream ? streamStart + streamText.length : 3);

  // Only the body's first and last non-blank lines bound it; blank lines inside are data.
  const dataLines = open.bodyLines.filter((l) => !isBlank(lines.lineText(l)));
  let body: RecordFileBody | undefined;
  if (dataLines.length > 0) {
    const startLine = dataLines[0];
    const lastLine = dataLines[dataLines.length - 1];
    const parts: string[] = [];
    for (let l = startLine; l <= lastLine; l++) parts.push(lines.lineText(l));
    body = { text: parts.join('\n'), startLine, endLine: lastLine, range: range(startLine, 0, lastLine, lines.lineLength(lastLine)) };
  }
  const lastHeader = open.headers[open.headers.length - 1];
  const end = body ? body.range.end : lastHeader ? lastHeader.range.end : putRange.end;
  return {
    index,
    line: open.line,
    keywordRange: range(open.line, 0, open.line, 3),
    stream,
    putRange,
    headers: open.headers,
    body,
    headerEndLine: open.headerEndLine ?? endLine,
    endLine,
    range: { start: { line: open.line, character: 0 }, end },
    putLikeBodyLines: open.putLikeBodyLines,
  };
}
