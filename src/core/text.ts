/**
 * Editor-neutral text primitives shared by the core and its adapters. Positions follow the VS Code /
 * LSP convention (0-based line, 0-based UTF-16 character) so adapters convert them one-to-one.
 */

/** A 0-based line and a 0-based UTF-16 code-unit offset within that line. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A half-open span: `start` is included, `end` is not. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Replace the text in `range` with `newText`. An empty range is an insertion. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** True when `pos` lies inside `r`; the end is included so a cursor just after a word still hits it. */
export function rangeContains(r: Range, pos: Position): boolean {
  return comparePositions(r.start, pos) <= 0 && comparePositions(pos, r.end) <= 0;
}

/**
 * Maps between offsets and positions. Line breaks are `\r\n`, `\n` or a lone `\r`, exactly the set
 * VS Code and markdown-it recognise, so line numbers agree with markdown-it's token maps.
 */
export class LineIndex {
  readonly #text: string;
  /** Offset of the first character of each line. */
  readonly #lineStarts: number[];
  /** Offset just past the last character of each line, before its line break. */
  readonly #lineEnds: number[];

  constructor(text: string) {
    this.#text = text;
    const starts = [0];
    const ends: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        ends.push(i);
        starts.push(i + 1);
      }
    }
    ends.push(text.length);
    this.#lineStarts = starts;
    this.#lineEnds = ends;
  }

  get text(): string {
    return this.#text;
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** The line's text without its line break; '' for lines outside the document. */
  lineText(line: number): string {
    if (line < 0 || line >= this.#lineStarts.length) return '';
    return this.#text.slice(this.#lineStarts[line], this.#lineEnds[line]);
  }

  /** Length of the line without its line break. */
  lineLength(line: number): number {
    if (line < 0 || line >= this.#lineStarts.length) return 0;
    return this.#lineEnds[line] - this.#lineStarts[line];
  }

  /** The document's dominant line break, used when edits insert new lines. */
  get eol(): string {
    const firstBreak = this.#lineEnds[0];
    if (this.#lineStarts.length < 2) return '\n';
    return this.#text.slice(firstBreak, this.#lineStarts[1]) || '\n';
  }

  /** Offset of a position, clamped into the document (a character past the line end means the line end). */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.#lineStarts.length) return this.#text.length;
    const start = this.#lineStarts[pos.line];
    return start + Math.max(0, Math.min(pos.character, this.#lineEnds[pos.line] - start));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.#text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.#lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: Math.min(clamped, this.#lineEnds[low]) - this.#lineStarts[low] };
  }

  /** A range over whole lines `[startLine, endLine)` that ends at the end of the last line's text. */
  linesRange(startLine: number, endLineExclusive: number): Range {
    const last = Math.max(startLine, endLineExclusive - 1);
    return range(startLine, 0, last, this.lineLength(last));
  }

  /** True when the range starts and ends on real characters (or line ends) of this document. */
  isValidRange(r: Range): boolean {
    const valid = (p: Position) =>
      p.line >= 0 && p.line < this.lineCount && p.character >= 0 && p.character <= this.lineLength(p.line);
    return valid(r.start) && valid(r.end) && comparePositions(r.start, r.end) <= 0;
  }
}

/**
 * Applies non-overlapping edits to `text`. Edits are positioned against the original text, in any
 * order, as LSP/VS Code workspace edits are. Overlapping edits are a programming error and throw.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const index = new LineIndex(text);
  const spans = edits
    .map((edit, order) => ({ start: index.offsetAt(edit.range.start), end: index.offsetAt(edit.range.end), edit, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) throw new Error('applyEdits: overlapping edits');
    result += text.slice(cursor, span.start) + span.edit.newText;
    cursor = Math.max(cursor, span.end);
  }
  return result + text.slice(cursor);
}

/** Escapes text for a double- or single-quoted HTML attribute value (markdown's escapeAttribute, plus < > for defence in depth). */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
