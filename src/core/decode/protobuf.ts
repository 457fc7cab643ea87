/**
 * A minimal protobuf wire-format reader and writer: just enough for the KPL aggregated record
 * (varints and length-delimited fields, skipping anything else). Hand-written so the decoder has no
 * dependency and runs in the webview too. The reader never throws: every read is bounds-checked and
 * reports failure as `undefined`, because it runs over arbitrary bytes from a stream.
 */

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** A field key: field number and wire type. */
export interface FieldKey {
  readonly field: number;
  readonly wireType: number;
}

/** Reads protobuf fields from a byte range, refusing to read past its end. */
export class ProtobufReader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  #pos: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#pos = start;
    this.#end = end;
  }

  get atEnd(): boolean {
    return this.#pos >= this.#end;
  }

  /**
   * An unsigned varint of at most 10 bytes. Values above 2^53 lose precision; callers only use them
   * as table indexes or lengths, where such values are out of range anyway.
   */
  readVarint(): number | undefined {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.#pos >= this.#end) return undefined;
      const byte = this.#bytes[this.#pos++];
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    return undefined; // more than 10 bytes: not a valid varint
  }

  /** The next field key, or undefined when it is truncated or malformed (field number 0). */
  readKey(): FieldKey | undefined {
    const key = this.readVarint();
    if (key === undefined) return undefined;
    const field = Math.floor(key / 8);
    if (field === 0) return undefined;
    return { field, wireType: key % 8 };
  }

  /** The payload of a length-delimited field, as a view into the underlying bytes (no copy). */
  readLengthDelimited(): Uint8Array | undefined {
    const length = this.readVarint();
    if (length === undefined || length > this.#end - this.#pos) return undefined;
    const start = this.#pos;
    this.#pos += length;
    return this.#bytes.subarray(start, this.#pos);
  }

  /** Skips a field's value; false when the wire type is unsupported (groups) or the value is truncated. */
  skip(wireType: number): boolean {
    switch (wireType) {
      case WireType.Varint:
        return this.readVarint() !== undefined;
      case WireType.Fixed64:
        return this.#advance(8);
      case WireType.LengthDelimited:
        return this.readLengthDelimited() !== undefined;
      case WireType.Fixed32:
        return this.#advance(4);
      default:
        // Groups are deprecated and never appear in the KPL format; wire types 6 and 7 do not exist.
        return false;
    }
  }

  #advance(count: number): boolean {
    if (count > this.#end - this.#pos) return false;
    this.#pos += count;
    return true;
  }
}

/** Appends protobuf fields to a growable buffer. */
export class ProtobufWriter {
  #buffer = new Uint8Array(64);
  #length = 0;

  /** A varint; `value` must be a non-negative safe integer. */
  writeVarint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a uint64 varint: ${value}`);
    this.#reserve(10);
    // Division rather than >>> 7: bitwise operators truncate to 32 bits.
    while (value >= 0x80) {
      this.#buffer[this.#length++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.#buffer[this.#length++] = value;
    return this;
  }

  writeKey(field: number, wireType: WireType): this {
    return this.writeVarint(field * 8 + wireType);
  }

  writeVarintField(field: number, value: number): this {
    return this.writeKey(field, WireType.Varint).writeVarint(value);
  }

  writeBytesField(field: number, bytes: Uint8Array): this {
    this.writeKey(field, WireType.LengthDelimited).writeVarint(bytes.length);
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }

  #reserve(extra: number): void {
    if (this.#length + extra <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#length + extra));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
