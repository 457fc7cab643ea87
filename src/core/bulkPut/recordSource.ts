/**
 * Reads records for PutRecords from a file or any byte stream, one at a time and in bounded memory:
 * NDJSON, a top-level JSON array (split incrementally, never parsed whole) or plain lines.
 *
 * Every record gets a stable 0-based index (counting invalid records too, not blank lines) and the
 * 1-based line it starts on. A record that cannot be sent (bad JSON, missing key field, key or data
 * out of limits) is yielded with `error` set, so the caller can report it without stopping.
 *
 * Lines written by {@link formatResendLine} (the failed-records file) are recognised in NDJSON and
 * plain-lines input and re-sent with their original partition key and data bytes.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { validatePartitionKey } from '../kinesis/validation';
import { findTopLevelMember, JsonArraySplitter } from './jsonScan';
import { LineSplitter } from './lineSplitter';
import { RESEND_MARKER, RESEND_VERSION, type DataKind } from './resendFormat';
import { DEFAULT_MAX_RECORD_BYTES } from '../analysis/limits';

/** 1 MiB: the default maximum data size of one Kinesis record. */
export { DEFAULT_MAX_RECORD_BYTES };

/** How the input is laid out. */
export type RecordFormat = 'ndjson' | 'json-array' | 'lines';

/** Where each record's partition key comes from. */
export type PartitionKeySource =
  /** A field of each JSON record, e.g. `user.id` or `items[0].sku`. Strings, numbers and booleans are used as text. */
  | { readonly kind: 'field'; readonly path: string }
  /** The same key for every record (all records go to one shard). */
  | { readonly kind: 'fixed'; readonly value: string }
  /** A random UUID per record (spreads records evenly over shards). */
  | { readonly kind: 'random' };

/** One record read from the input. */
export interface SourceRecord {
  /** 0-based position among the records of the input (invalid ones included, blank lines not). */
  readonly index: number;
  /** 1-based line on which the record starts. */
  readonly line: number;
  /** Undefined only when {@link error} is set and no key could be derived. */
  readonly partitionKey?: string;
  /** The bytes to send. Undefined only when {@link error} is set and the record was too large to keep. */
  readonly data?: Buffer;
  /** `json` when {@link data} is valid JSON text, `text` otherwise. */
  readonly dataKind: DataKind;
  /** Why this record cannot be sent. Never contains the record's data or key. */
  readonly error?: string;
}

/** Options of {@link readRecords}. */
export interface RecordSourceOptions {
  readonly format: RecordFormat;
  readonly partitionKey: PartitionKeySource;
  /** Records with more data bytes are reported invalid and not kept in memory. Default 1 MiB. */
  readonly maxRecordBytes?: number;
  /** Key generator for `{ kind: 'random' }`. Default `crypto.randomUUID`. */
  readonly randomKey?: () => string;
  /** With `lines`: each line is base64 and the decoded bytes are sent (binary data). */
  readonly decode?: 'base64';
}

/** A one-shot stream of records that also reports how far it has read. */
export interface RecordSource extends AsyncIterable<SourceRecord> {
  /** Input bytes consumed so far (for progress against a file's size). */
  readonly bytesRead: number;
}

/** Anything that yields bytes: a Node Readable, a web stream adapter, or an array of chunks in tests. */
export type ByteInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

// A line or element may carry whitespace around the data; keep a little more than the data limit
// before giving up on holding it, so the exact size check below sees the trimmed data.
const SPLIT_SLACK_BYTES = 64 * 1024;

/** Reads records from `input` (see the module comment). Throws at once for an impossible combination. */
export function readRecords(input: ByteInput, options: RecordSourceOptions): RecordSource {
  return new StreamingRecordSource(input, options);
}

/**
 * Read size of {@link openDataFile}. 64 KiB rather than 256 KiB: each chunk is garbage as soon as
 * its lines are split out, and smaller chunks leave less of it between collections (putting 256 MiB:
 * mean RSS 123 MB instead of 130 MB, peak 130–134 MB instead of 135 MB, the same records/s).
 */
export const FILE_READ_CHUNK_BYTES = 64 * 1024;

/** Reads records from a data file (NDJSON, a JSON array or plain lines), streaming it in 64 KiB chunks. */
export function openDataFile(path: string, options: RecordSourceOptions): RecordSource {
  return new StreamingRecordSource(createReadStream(path, { highWaterMark: FILE_READ_CHUNK_BYTES }), options);
}

/**
 * Guesses the format from the start of a file (a few KiB is plenty) and its name, for the
 * wizard's default choice. `.ndjson`/`.jsonl` are NDJSON; otherwise `[` means a JSON array, and a
 * first line that parses as a JSON object or array means NDJSON; anything else is plain lines.
 */
export function sniffFormat(prefix: string, fileName?: string): RecordFormat {
  if (fileName && /\.(ndjson|jsonl)$/i.test(fileName)) return 'ndjson';
  const text = prefix.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json-array';
  if (text.startsWith('{')) {
    const firstLine = text.split('\n', 1)[0];
    try {
      JSON.parse(firstLine);
      return 'ndjson';
    } catch {
      // A long first line may be cut off by the prefix; the file is still most likely NDJSON.
      return firstLine.length === text.length ? 'ndjson' : 'lines';
    }
  }
  return 'lines';
}

/** Parses `user.id`, `items[0].sku`, `a.0.b` into segments. Returns undefined for an empty or malformed path. */
export function parseFieldPath(path: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    const [, name, indexes] = match;
    if (name === '' && indexes === '') return undefined;
    if (name !== '') segments.push(/^\d+$/.test(name) ? Number(name) : name);
    for (const index of indexes.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments.length ? segments : undefined;
}

/** Inline validation for the wizard's field path input: a message naming the rule, or undefined. */
export function validateFieldPath(path: string): string | undefined {
  return parseFieldPath(path) ? undefined : 'Enter a field path: names separated by dots, with [n] for array items, e.g. user.id or items[0].sku.';
}

type KeyResult = { key: string; error?: undefined } | { key?: undefined; error: string };

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

const textDecoder = new TextDecoder();

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return false;
  }
  return true;
}

/** Drops JSON-insignificant whitespace around a record: it is not part of the record's text. */
function trimJsonWhitespace(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  const ws = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
  while (start < end && ws(bytes[start])) start++;
  while (end > start && ws(bytes[end - 1])) end--;
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}

const RESEND_PREFIX = Buffer.from(`{"${RESEND_MARKER}":`);
/** Standard base64 with padding (what `base64` and Buffer write). */
const BASE64_LINE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class StreamingRecordSource implements RecordSource {
  readonly #input: ByteInput;
  readonly #format: RecordFormat;
  readonly #keySource: PartitionKeySource;
  readonly #fieldPath?: (string | number)[];
  readonly #maxRecordBytes: number;
  readonly #randomKey: () => string;
  readonly #base64: boolean;
  #bytesRead = 0;
  #nextIndex = 0;
  #started = false;

  constructor(input: ByteInput, options: RecordSourceOptions) {
    this.#input = input;
    this.#format = options.format;
    this.#keySource = options.partitionKey;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#randomKey = options.randomKey ?? randomUUID;
    this.#base64 = options.decode === 'base64';
    if (this.#base64 && this.#format !== 'lines') throw new Error('Base64 input needs the plain lines format: one base64 record a line.');
    if (!['ndjson', 'json-array', 'lines'].includes(this.#format)) throw new Error(`Unknown record format "${String(this.#format)}".`);
    if (this.#keySource.kind === 'field') {
      if (this.#format === 'lines') {
        throw new Error('A partition key field path needs JSON records: choose NDJSON or a JSON array, or a fixed or random key.');
      }
      this.#fieldPath = parseFieldPath(this.#keySource.path);
      if (!this.#fieldPath) throw new Error(`"${this.#keySource.path}" is not a field path; use names separated by dots, e.g. user.id or items[0].sku.`);
    } else if (this.#keySource.kind === 'fixed') {
      const problem = validatePartitionKey(this.#keySource.value);
      if (problem) throw new Error(problem);
    }
  }

  get bytesRead(): number {
    return this.#bytesRead;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SourceRecord> {
    if (this.#started) throw new Error('A record source can be read only once.');
    this.#started = true;
    const keepLimit = this.#maxRecordBytes + SPLIT_SLACK_BYTES;
    if (this.#format === 'json-array') {
      const splitter = new JsonArraySplitter(keepLimit);
      for await (const chunk of this.#chunks()) {
        for (const element of splitter.push(chunk)) yield this.#fromJson(element.bytes, element.byteLength, element.line, false);
        if (splitter.error) throw splitter.error;
      }
      splitter.end();
      return;
    }
    const splitter = new LineSplitter(keepLimit);
    for await (const chunk of this.#chunks()) {
      for (const line of splitter.push(chunk)) {
        const record = this.#fromLine(line.bytes, line.byteLength, line.line);
        if (record) yield record;
      }
    }
    for (const line of splitter.end()) {
      const record = this.#fromLine(line.bytes, line.byteLength, line.line);
      if (record) yield record;
    }
  }

  /** Normalises the input to Buffers and drops a UTF-8 byte-order mark at the very start. */
  async *#chunks(): AsyncGenerator<Buffer> {
    let head: Buffer | undefined = Buffer.alloc(0);
    for await (const raw of this.#input) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      this.#bytesRead += chunk.length;
      if (head === undefined) {
        yield chunk;
        continue;
      }
      // Hold back the first bytes until there are three, in case the BOM is split across chunks.
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) continue;
      const rest: Buffer = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
      head = undefined;
      if (rest.length) yield rest;
    }
    if (head?.length) yield head;
  }

  #fromLine(bytes: Buffer | undefined, byteLength: number, line: number): SourceRecord | undefined {
    if (this.#format === 'lines') {
      if (byteLength === 0) return undefined;
      if (bytes && bytes.subarray(0, RESEND_PREFIX.length).equals(RESEND_PREFIX)) return this.#fromJson(bytes, byteLength, line, true);
      const index = this.#nextIndex++;
      if (this.#base64) return this.#fromBase64(index, line, bytes, byteLength);
      if (!bytes || byteLength > this.#maxRecordBytes) return this.#tooLarge(index, line, byteLength, 'text');
      return this.#withKey(index, line, bytes, 'text', undefined);
    }
    if (bytes && isBlank(bytes)) return undefined;
    return this.#fromJson(bytes, byteLength, line, true);
  }

  /** A base64 line: the decoded bytes are the record. */
  #fromBase64(index: number, line: number, bytes: Buffer | undefined, byteLength: number): SourceRecord {
    if (!bytes || Math.floor((byteLength * 3) / 4) > this.#maxRecordBytes + 2) return this.#tooLarge(index, line, Math.floor((byteLength * 3) / 4), 'base64');
    const text = textDecoder.decode(trimJsonWhitespace(bytes));
    if (!BASE64_LINE.test(text)) return { index, line, dataKind: 'base64', error: 'Line is not valid base64.' };
    const data = Buffer.from(text, 'base64');
    if (data.length > this.#maxRecordBytes) return this.#tooLarge(index, line, data.length, 'base64');
    return this.#withKey(index, line, data, 'base64', undefined);
  }

  /** An NDJSON line or JSON array element. `bytes` is undefined when it was too large to keep. */
  #fromJson(bytes: Buffer | undefined, byteLength: number, line: number, mayBeResend: boolean): SourceRecord {
    const index = this.#nextIndex++;
    if (!bytes) return this.#tooLarge(index, line, byteLength, 'json');
    const data = trimJsonWhitespace(bytes);
    if (data.length > this.#maxRecordBytes) return this.#tooLarge(index, line, data.length, 'json');
    const text = textDecoder.decode(data);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // JSON.parse's own message quotes the input, which must not reach logs: say it in our words.
      return { index, line, data, dataKind: 'text', error: `${this.#format === 'json-array' ? 'Element' : 'Line'} is not valid JSON.` };
    }
    if (mayBeResend && value !== null && typeof value === 'object' && RESEND_MARKER in value) {
      return this.#fromResend(index, line, text, value as Record<string, unknown>);
    }
    return this.#withKey(index, line, data, 'json', value);
  }

  /** A line of the failed-records file: original key and data, exactly as first read. */
  #fromResend(index: number, line: number, text: string, entry: Record<string, unknown>): SourceRecord {
    if (entry[RESEND_MARKER] !== RESEND_VERSION) {
      return { index, line, data: Buffer.from(text), dataKind: 'json', error: `Unsupported resend line version ${JSON.stringify(entry[RESEND_MARKER])}; expected ${RESEND_VERSION}.` };
    }
    const dataKind: DataKind = entry.dataKind === 'text' || entry.dataKind === 'base64' ? entry.dataKind : 'json';
    let data: Buffer;
    if (!('data' in entry)) {
      return { index, line, dataKind, error: 'This resend line has no data: the original record was too large to keep. Send it from the original file.' };
    } else if (dataKind === 'text' || dataKind === 'base64') {
      if (typeof entry.data !== 'string') return { index, line, data: Buffer.from(text), dataKind: 'json', error: `A resend line with dataKind "${dataKind}" needs "data" to be a string.` };
      data = Buffer.from(entry.data, dataKind === 'base64' ? 'base64' : 'utf8');
    } else {
      const span = findTopLevelMember(text, 'data');
      if (!span) return { index, line, data: Buffer.from(text), dataKind: 'json', error: 'Could not locate "data" in the resend line.' };
      data = Buffer.from(text.slice(span[0], span[1]), 'utf8');
    }
    if (data.length > this.#maxRecordBytes) return this.#tooLarge(index, line, data.length, dataKind);
    if (typeof entry.partitionKey === 'string') {
      const problem = validatePartitionKey(entry.partitionKey);
      return problem ? { index, line, data, dataKind, error: problem } : { index, line, partitionKey: entry.partitionKey, data, dataKind };
    }
    // No key was recorded (the original had none): derive one the way the user asked this time.
    if (this.#keySource.kind === 'field' && dataKind !== 'json') {
      return { index, line, data, dataKind, error: `Field "${this.#keySource.path}" cannot be read from text data.` };
    }
    return this.#withKey(index, line, data, dataKind, entry.data);
  }

  #withKey(index: number, line: number, data: Buffer, dataKind: DataKind, value: unknown): SourceRecord {
    const key = this.#keyFor(value);
    if (key.error !== undefined) return { index, line, data, dataKind, error: key.error };
    const problem = validatePartitionKey(key.key);
    if (problem) {
      const from = this.#keySource.kind === 'field' ? ` (from field "${this.#keySource.path}")` : '';
      return { index, line, data, dataKind, error: `${problem.replace(/\.$/, '')}${from}.` };
    }
    return { index, line, partitionKey: key.key, data, dataKind };
  }

  #keyFor(value: unknown): KeyResult {
    switch (this.#keySource.kind) {
      case 'fixed':
        return { key: this.#keySource.value };
      case 'random':
        return { key: this.#randomKey() };
      case 'field': {
        let current: unknown = value;
        for (const segment of this.#fieldPath!) {
          if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
            return { error: `The record has no field "${this.#keySource.path}" for the partition key.` };
          }
          current = (current as Record<string | number, unknown>)[segment];
        }
        if (typeof current === 'string') return { key: current };
        // Numbers are used as JSON.parse read them: integers beyond 2^53 lose precision.
        if (typeof current === 'number' || typeof current === 'boolean') return { key: String(current) };
        return { error: `Field "${this.#keySource.path}" is ${describeValue(current)}; a partition key needs text, a number or a boolean.` };
      }
    }
  }

  #tooLarge(index: number, line: number, byteLength: number, dataKind: DataKind): SourceRecord {
    return {
      index,
      line,
      dataKind,
      error: `Record data is ${byteLength.toLocaleString('en-US')} bytes or more; the limit is ${this.#maxRecordBytes.toLocaleString('en-US')} bytes.`,
    };
  }
}
