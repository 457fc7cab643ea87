/**
 * Byte-level JSON scanning that never holds a whole document: an incremental splitter for a
 * top-level JSON array, and a finder for the raw text of one top-level object member.
 *
 * Both only track structure (strings, escapes, bracket nesting). Whether each element is valid JSON
 * is checked later with `JSON.parse` on the element alone, which is cheap because elements are small.
 * Structural characters are all ASCII, so scanning UTF-8 bytes one at a time is safe: no byte of a
 * multi-byte sequence can look like a quote, bracket or backslash.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LINE_FEED = 0x0a;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === LINE_FEED || byte === 0x0d || byte === 0x09;
}

/** One element of the array, as the splitter found it. */
export interface SplitElement {
  /** The element's exact bytes; undefined when it was longer than the splitter's limit (not kept). */
  readonly bytes?: Buffer;
  /** Length in bytes, also when {@link bytes} was not kept. */
  readonly byteLength: number;
  /** 1-based line on which the element starts. */
  readonly line: number;
}

/** The input is not a well-formed JSON array; splitting cannot continue past this point. */
export class JsonArrayFormatError extends Error {
  override readonly name = 'JsonArrayFormatError';
  /** 1-based line of the offending byte. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(`Line ${line}: ${message}`);
    this.line = line;
  }
}

const enum Phase {
  /** Before the opening `[`. */
  Start,
  /** After `[`: a value or `]`. */
  BeforeFirstValue,
  /** After `,`: a value. */
  BeforeValue,
  InValue,
  /** After a value: `,` or `]`. */
  AfterValue,
  /** After the closing `]`: whitespace only. */
  Done,
}

/**
 * Splits a top-level JSON array fed in arbitrary chunks into its elements' raw bytes, holding at
 * most one element (capped at `maxElementBytes`) plus the current chunk in memory.
 */
export class JsonArraySplitter {
  readonly #maxElementBytes: number;
  #phase = Phase.Start;
  #line = 1;
  #inString = false;
  #escaped = false;
  /** The current element is a bare number/literal (ends at whitespace, `,` or `]`). */
  #bareScalar = false;
  /** Open brackets of the current element (the byte that closes each), innermost last. */
  readonly #closers: number[] = [];
  /** Bytes of the current element from earlier chunks. */
  #pieces: Buffer[] = [];
  #elementBytes = 0;
  #elementLine = 0;
  #elementTooLarge = false;
  #error?: JsonArrayFormatError;

  /** @param maxElementBytes longer elements are reported with their size but without bytes. */
  constructor(maxElementBytes: number) {
    this.#maxElementBytes = maxElementBytes;
  }

  /**
   * The format error met by the last {@link push}, after the elements it returned. Checking it right
   * away stops reading at the error; otherwise the next push or {@link end} throws it.
   */
  get error(): JsonArrayFormatError | undefined {
    return this.#error;
  }

  /**
   * Feeds the next chunk; returns the elements completed in it. When the chunk breaks the format,
   * returns the elements before the break and records {@link error}.
   */
  push(chunk: Buffer): SplitElement[] {
    if (this.#error) throw this.#error;
    const elements: SplitElement[] = [];
    try {
      this.#scan(chunk, elements);
    } catch (error) {
      if (!(error instanceof JsonArrayFormatError)) throw error;
      this.#error = error;
    }
    return elements;
  }

  #scan(chunk: Buffer, elements: SplitElement[]): void {
    let valueStart = this.#phase === Phase.InValue ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.#phase === Phase.InValue) {
        if (this.#inString) {
          if (this.#escaped) this.#escaped = false;
          else if (byte === BACKSLASH) this.#escaped = true;
          else if (byte === QUOTE) {
            this.#inString = false;
            if (this.#closers.length === 0) {
              elements.push(this.#finish(chunk, valueStart, i + 1));
              valueStart = -1;
            }
          } else if (byte === LINE_FEED) this.#line++;
          continue;
        }
        if (this.#bareScalar) {
          if (isWhitespace(byte) || byte === COMMA || byte === CLOSE_BRACKET) {
            elements.push(this.#finish(chunk, valueStart, i));
            valueStart = -1;
            this.#structural(byte); // the terminator itself belongs to the array, not the value
          } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === CLOSE_BRACE || byte === QUOTE || byte === COLON) {
            throw new JsonArrayFormatError(`unexpected "${String.fromCharCode(byte)}" after a value.`, this.#line);
          }
          continue;
        }
        if (byte === QUOTE) this.#inString = true;
        else if (byte === OPEN_BRACE) this.#closers.push(CLOSE_BRACE);
        else if (byte === OPEN_BRACKET) this.#closers.push(CLOSE_BRACKET);
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          if (this.#closers.pop() !== byte) {
            throw new JsonArrayFormatError(`mismatched "${String.fromCharCode(byte)}".`, this.#line);
          }
          if (this.#closers.length === 0) {
            elements.push(this.#finish(chunk, valueStart, i + 1));
            valueStart = -1;
          }
        } else if (byte === LINE_FEED) this.#line++;
        continue;
      }
      if (this.#phase === Phase.BeforeFirstValue || this.#phase === Phase.BeforeValue) {
        if (isWhitespace(byte)) {
          if (byte === LINE_FEED) this.#line++;
          continue;
        }
        if (byte === CLOSE_BRACKET) {
          if (this.#phase === Phase.BeforeValue) throw new JsonArrayFormatError('a "," must be followed by a value, not "]".', this.#line);
          this.#phase = Phase.Done;
          continue;
        }
        this.#startValue(byte);
        valueStart = i;
        continue;
      }
      this.#structural(byte);
    }
    if (valueStart >= 0) this.#keep(chunk.subarray(valueStart));
  }

  /** Call after the last chunk. Throws {@link JsonArrayFormatError} when the array is not closed. */
  end(): SplitElement[] {
    if (this.#error) throw this.#error;
    if (this.#phase === Phase.Start) return []; // empty or whitespace-only input: no records
    if (this.#phase === Phase.InValue && this.#inString) throw new JsonArrayFormatError('the input ended inside a string.', this.#line);
    if (this.#phase !== Phase.Done) throw new JsonArrayFormatError('the input ended before the array was closed with "]".', this.#line);
    return [];
  }

  /** Handles a byte outside any value: Start, AfterValue and Done phases. */
  #structural(byte: number): void {
    if (isWhitespace(byte)) {
      if (byte === LINE_FEED) this.#line++;
      return;
    }
    switch (this.#phase) {
      case Phase.Start:
        if (byte !== OPEN_BRACKET) {
          throw new JsonArrayFormatError(`expected a JSON array starting with "[", found "${String.fromCharCode(byte)}". Choose NDJSON or plain lines for this file.`, this.#line);
        }
        this.#phase = Phase.BeforeFirstValue;
        return;
      case Phase.AfterValue:
        if (byte === COMMA) this.#phase = Phase.BeforeValue;
        else if (byte === CLOSE_BRACKET) this.#phase = Phase.Done;
        else throw new JsonArrayFormatError(`expected "," or "]" after an element, found "${String.fromCharCode(byte)}".`, this.#line);
        return;
      case Phase.Done:
        throw new JsonArrayFormatError('unexpected content after the closing "]".', this.#line);
      default:
        throw new Error(`JsonArraySplitter: unexpected phase ${this.#phase}`);
    }
  }

  #startValue(byte: number): void {
    if (byte === CLOSE_BRACE || byte === COMMA || byte === COLON) {
      throw new JsonArrayFormatError(`unexpected "${String.fromCharCode(byte)}" where an element should start.`, this.#line);
    }
    this.#phase = Phase.InValue;
    this.#elementLine = this.#line;
    this.#elementBytes = 0;
    this.#elementTooLarge = false;
    this.#inString = byte === QUOTE;
    this.#bareScalar = byte !== QUOTE && byte !== OPEN_BRACE && byte !== OPEN_BRACKET;
    if (byte === OPEN_BRACE) this.#closers.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) this.#closers.push(CLOSE_BRACKET);
  }

  /** Keeps part of the current element, unless it has grown past the limit. */
  #keep(part: Buffer): void {
    this.#elementBytes += part.length;
    if (this.#elementTooLarge) return;
    if (this.#elementBytes > this.#maxElementBytes) {
      this.#elementTooLarge = true;
      this.#pieces = [];
      return;
    }
    // A copy, so a kept element does not pin the whole (much larger) read chunk in memory.
    this.#pieces.push(Buffer.from(part));
  }

  #finish(chunk: Buffer, start: number, end: number): SplitElement {
    const tail = chunk.subarray(start, end);
    const byteLength = this.#elementBytes + tail.length;
    let bytes: Buffer | undefined;
    if (!this.#elementTooLarge && byteLength <= this.#maxElementBytes) {
      bytes = this.#pieces.length === 0 ? Buffer.from(tail) : Buffer.concat([...this.#pieces, tail], byteLength);
    }
    this.#pieces = [];
    this.#elementBytes = 0;
    this.#bareScalar = false;
    this.#phase = Phase.AfterValue;
    return { bytes, byteLength, line: this.#elementLine };
  }
}

/**
 * Finds the raw text of member `key` of the top-level object in `json`, which must already be
 * known to be valid JSON (e.g. `JSON.parse` succeeded). Returns `[start, end)` string offsets, or
 * undefined when the member is absent. Used to recover a record's original JSON text exactly from
 * a resend line, where re-serialising the parsed value would change number formatting and spacing.
 */
export function findTopLevelMember(json: string, key: string): [number, number] | undefined {
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(json, i + 1);
  while (i < json.length && json.charCodeAt(i) === QUOTE) {
    const keyEnd = endOfString(json, i);
    const name = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipSpace(json, keyEnd);
    i = skipSpace(json, i + 1); // the colon
    const valueStart = i;
    const valueEnd = endOfValue(json, i);
    if (name === key) return [valueStart, valueEnd];
    i = skipSpace(json, valueEnd);
    if (json.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(json, i + 1);
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** `start` is at an opening quote; returns the offset just past the closing quote. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return text.length;
}

function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return endOfString(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) i = endOfString(text, i) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || isWhitespace(c)) break;
    i++;
  }
  return i;
}
