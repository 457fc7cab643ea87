/**
 * Groups records into PutRecords requests within the API's limits: at most 500 entries and at
 * most a byte budget counting each entry's data plus its partition key's UTF-8 bytes (that is how
 * Kinesis measures the request limit).
 */
import { MAX_PUT_RECORDS_ENTRIES } from '../kinesis/validation';

/**
 * 5 MiB. The current PutRecords limit is 10 MiB per request, but older documentation, older
 * endpoints and the emulators use 5 MiB: kinesalite rejects request bodies above about 7 MiB, and
 * the JSON protocol base64-encodes data (×4/3), so a 5 MiB batch is a ~6.7 MiB body. Batches of
 * 500 small records stay far below this anyway; it only matters for large records, where halving
 * the request size costs little throughput.
 */
export const DEFAULT_MAX_BATCH_BYTES = 5 * 1024 * 1024;

/** Size limits of one PutRecords request. */
export interface BatchLimits {
  /** Entries per request, 1–500. Default 500. */
  readonly maxRecords?: number;
  /** Data + partition key bytes per request. Default {@link DEFAULT_MAX_BATCH_BYTES}. */
  readonly maxBytes?: number;
}

/** One request's worth of entries. */
export interface Batch<T> {
  readonly entries: T[];
  /** Sum of the entries' sizes as counted by {@link entrySize}. */
  readonly bytes: number;
}

/** Bytes an entry counts against the request limit: data plus the partition key's UTF-8 bytes. */
export function entrySize(partitionKey: string, data: Uint8Array): number {
  return Buffer.byteLength(partitionKey, 'utf8') + data.byteLength;
}

const NO_BATCHES: readonly never[] = Object.freeze([]);

/** Accumulates entries and hands out each batch as soon as it is full. */
export class RecordBatcher<T> {
  readonly maxRecords: number;
  readonly maxBytes: number;
  #entries: T[] = [];
  #bytes = 0;

  constructor(limits: BatchLimits = {}) {
    this.maxRecords = limits.maxRecords ?? MAX_PUT_RECORDS_ENTRIES;
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_BATCH_BYTES;
    if (!Number.isInteger(this.maxRecords) || this.maxRecords < 1 || this.maxRecords > MAX_PUT_RECORDS_ENTRIES) {
      throw new RangeError(`maxRecords must be a whole number from 1 to ${MAX_PUT_RECORDS_ENTRIES} (got ${this.maxRecords}).`);
    }
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1) throw new RangeError(`maxBytes must be a positive whole number (got ${this.maxBytes}).`);
  }

  /** Entries waiting for the current batch to fill. */
  get pending(): number {
    return this.#entries.length;
  }

  /**
   * Adds an entry of `size` bytes (see {@link entrySize}); returns the batches completed by it (zero,
   * one, or two when the entry both overflows the current batch and fills a new one alone).
   * An entry larger than `maxBytes` is refused: the caller must report it instead.
   */
  add(entry: T, size: number): readonly Batch<T>[] {
    if (size > this.maxBytes) throw new RangeError(`An entry of ${size} bytes cannot fit in a request of at most ${this.maxBytes} bytes.`);
    let completed: Batch<T>[] | undefined;
    if (this.#entries.length > 0 && this.#bytes + size > this.maxBytes) completed = [this.#take()];
    this.#entries.push(entry);
    this.#bytes += size;
    if (this.#entries.length >= this.maxRecords) (completed ??= []).push(this.#take());
    return completed ?? NO_BATCHES;
  }

  /** The partly filled batch, if any (at the end of the input). */
  flush(): Batch<T> | undefined {
    return this.#entries.length > 0 ? this.#take() : undefined;
  }

  #take(): Batch<T> {
    const batch = { entries: this.#entries, bytes: this.#bytes };
    this.#entries = [];
    this.#bytes = 0;
    return batch;
  }
}
