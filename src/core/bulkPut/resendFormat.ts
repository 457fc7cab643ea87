/**
 * The failed-records ("resend") file: NDJSON the user can send again with Put Records from File.
 *
 * Each line is one object, always starting with the marker member so readers can recognise it
 * cheaply:
 *
 * ```json
 * {"kinesisStudioResend":1,"index":12,"line":13,"reason":"ProvisionedThroughputExceededException: …","partitionKey":"user-7","dataKind":"json","data":{"id":7}}
 * ```
 *
 * - `kinesisStudioResend`: format version, currently 1.
 * - `index`, `line`: where the record was in the original input (0-based index, 1-based line).
 * - `reason`: why it failed. Informational; the reader ignores it.
 * - `partitionKey`: the key it was sent with. Absent when none could be derived (e.g. the key field
 *   was missing); re-sending then derives one the way the user chooses for that run.
 * - `dataKind` + `data`: with `"json"`, `data` is the record's original JSON text embedded verbatim
 *   (re-sent byte for byte, so number formatting and key order survive). With `"text"`, `data` is a
 *   JSON string whose UTF-8 bytes are sent (plain lines, invalid JSON, and multi-line JSON such as
 *   pretty-printed array elements, which could not be embedded in one NDJSON line). With
 *   `"base64"`, `data` is the bytes in base64 (binary input read with the base64 encoding).
 *   `data` is absent when the record was too large to keep in memory.
 *
 * The reader ({@link readRecords}) accepts these lines in NDJSON and plain-lines input.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * What a record's data bytes are: `json` when they are valid JSON text, `base64` for binary data
 * (read from base64 lines), `text` otherwise. It decides
 * how a failed record is written here, so it is defined here and the reader imports it.
 */
export type DataKind = 'json' | 'text' | 'base64';

/** Name of the member that marks a resend line; its value is the format version. */
export const RESEND_MARKER = 'kinesisStudioResend';
export const RESEND_VERSION = 1;

/** A record that was not stored, and why. */
export interface FailedRecord {
  /** 0-based index of the record in the input. */
  readonly index: number;
  /** 1-based line the record starts on. */
  readonly line: number;
  /** Undefined when the key could not be derived. */
  readonly partitionKey?: string;
  /** Why it failed: a validation rule or the Kinesis error code and message. Never the data. */
  readonly reason: string;
  /** The record's data as text; undefined when too large to keep (or trimmed from a long result list). */
  readonly raw?: string;
  readonly dataKind: DataKind;
}

/** One resend line for `record`, without the trailing newline. */
export function formatResendLine(record: FailedRecord): string {
  const head = {
    [RESEND_MARKER]: RESEND_VERSION,
    index: record.index,
    line: record.line,
    reason: record.reason,
    ...(record.partitionKey !== undefined ? { partitionKey: record.partitionKey } : {}),
  };
  const prefix = JSON.stringify(head).slice(0, -1);
  if (record.raw === undefined) return `${prefix},"dataKind":"${record.dataKind}"}`;
  // Raw JSON is embedded as is unless it spans lines: the file must stay one record per line.
  if (record.dataKind === 'base64') return `${prefix},"dataKind":"base64","data":${JSON.stringify(record.raw)}}`;
  const embedRaw = record.dataKind === 'json' && !/[\r\n]/.test(record.raw);
  return embedRaw
    ? `${prefix},"dataKind":"json","data":${record.raw}}`
    : `${prefix},"dataKind":"text","data":${JSON.stringify(record.raw)}}`;
}

/** Appends failed records to an NDJSON resend file as they happen. */
export interface FailedRecordWriter {
  readonly path: string;
  /** Lines written so far. */
  readonly written: number;
  /** Queues one line; resolves at once unless the file is behind (then when it has caught up). */
  write(record: FailedRecord): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** A writer for `path`. The file is created (truncating an old one) on the first write, so a run without failures leaves none. */
export function createFailedRecordWriter(path: string): FailedRecordWriter {
  return new StreamFailedRecordWriter(path);
}

class StreamFailedRecordWriter implements FailedRecordWriter {
  readonly path: string;
  #stream?: WriteStream;
  #written = 0;
  #error?: Error;

  constructor(path: string) {
    this.path = path;
  }

  get written(): number {
    return this.#written;
  }

  async write(record: FailedRecord): Promise<void> {
    if (this.#error) throw this.#error;
    const stream = this.#open();
    this.#written++;
    if (!stream.write(`${formatResendLine(record)}\n`)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          stream.off('drain', onDrain);
          reject(error);
        };
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    }
  }

  async close(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) => {
      if (this.#error) {
        reject(this.#error);
        return;
      }
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  }

  #open(): WriteStream {
    if (!this.#stream) {
      this.#stream = createWriteStream(this.path, { flags: 'w', encoding: 'utf8' });
      this.#stream.on('error', (error) => {
        this.#error = error;
      });
    }
    return this.#stream;
  }
}
