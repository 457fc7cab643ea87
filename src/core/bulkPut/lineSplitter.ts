/**
 * Splits a byte stream fed in arbitrary chunks into lines (LF or CRLF), holding at most one line
 * (capped) plus the current chunk in memory.
 */

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One line without its terminator. */
export interface SplitLine {
  /** The line's bytes; undefined when it was longer than the splitter's limit (not kept). */
  readonly bytes?: Buffer;
  /** Length in bytes without the terminator, also when {@link bytes} was not kept. */
  readonly byteLength: number;
  /** 1-based line number. */
  readonly line: number;
}

/** Splits chunks into lines; see the module comment. One instance per input. */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #lineNumber = 0;
  /** Bytes of the current line from earlier chunks. */
  #pieces: Buffer[] = [];
  #pendingBytes = 0;
  #tooLarge = false;
  /** A line that ended in CR at a chunk boundary: the CR is dropped if LF comes next. */
  #lastByte = -1;

  /** @param maxLineBytes longer lines are reported with their size but without bytes. */
  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** Feeds the next chunk; returns the lines completed in it. */
  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LINE_FEED); lf !== -1; lf = chunk.indexOf(LINE_FEED, start)) {
      lines.push(this.#complete(chunk.subarray(start, lf)));
      start = lf + 1;
    }
    if (start < chunk.length) {
      this.#keep(chunk.subarray(start));
      this.#lastByte = chunk[chunk.length - 1];
    }
    return lines;
  }

  /** Call after the last chunk: returns the final line when the input does not end with a newline. */
  end(): SplitLine[] {
    if (this.#pendingBytes === 0) return [];
    return [this.#complete(Buffer.alloc(0))];
  }

  #keep(part: Buffer): void {
    this.#pendingBytes += part.length;
    if (this.#tooLarge) return;
    if (this.#pendingBytes > this.#maxLineBytes) {
      this.#tooLarge = true;
      this.#pieces = [];
      return;
    }
    // A copy, so a kept line does not pin the whole (much larger) read chunk in memory.
    this.#pieces.push(Buffer.from(part));
  }

  #complete(tail: Buffer): SplitLine {
    this.#lineNumber++;
    let byteLength = this.#pendingBytes + tail.length;
    const endsInCr = tail.length > 0 ? tail[tail.length - 1] === CARRIAGE_RETURN : this.#lastByte === CARRIAGE_RETURN && byteLength > 0;
    if (endsInCr) byteLength--;
    let bytes: Buffer | undefined;
    if (!this.#tooLarge && byteLength <= this.#maxLineBytes) {
      const whole = this.#pieces.length === 0 ? Buffer.from(tail) : Buffer.concat([...this.#pieces, tail], this.#pendingBytes + tail.length);
      bytes = endsInCr ? whole.subarray(0, byteLength) : whole;
    }
    this.#pieces = [];
    this.#pendingBytes = 0;
    this.#tooLarge = false;
    this.#lastByte = -1;
    return { bytes, byteLength, line: this.#lineNumber };
  }
}
