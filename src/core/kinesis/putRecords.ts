/**
 * The one PutRecords pipeline: the API's limits, batching within them, the outcome of every entry
 * and the retry loop that sends a batch until each entry has one. "Put Records from File"
 * (core/bulkPut) and the `.kinesis` "Put all" (core/recordFile/send.ts) both send through
 * {@link putEntries}; which failures are retried and how long to wait come from ./retry.
 *
 * Retries: a partial failure re-sends only the entries whose code is in
 * {@link RETRYABLE_ENTRY_CODES}; a whole-request failure that is retryable (throttling, 5xx,
 * connection reset, timeout) re-sends the batch's unacknowledged entries. Delays use exponential
 * backoff with full jitter. The gateway's SDK client may retry a request itself before we see the
 * failure; these retries come on top, spaced out further.
 */
import { KinesisError, toKinesisError } from './errors';
import type { ConnectionTarget, KinesisGateway, PutRecordsEntry, PutRecordsEntryResult, PutRecordsResult } from './gateway';
import { nullLogger, type ILogger } from '../logging';
import { abortableSleep, backoffDelayMs, MISSING_RESULT_CODE, RETRYABLE_ENTRY_CODES, SHARD_THROTTLE_CODE, type BackoffPolicy } from './retry';
import type { Reservation, ShardPacer } from './pacing';

// ---- limits and batching --------------------------------------------------------------------

/** Entries in one PutRecords request. */
export const MAX_PUT_RECORDS_ENTRIES = 500;

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

/** Bytes an entry counts against the request limit: data plus the partition key's UTF-8 bytes (how Kinesis measures it). */
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

// ---- the outcome of one entry ---------------------------------------------------------------

/** Why a request was given up on: the Kinesis error's code and user-facing message. */
export interface PutFailure {
  readonly code: string;
  readonly message: string;
}

/**
 * What happened to one entry. Every entry handed to {@link putEntries} gets exactly one.
 * - `sent`: Kinesis stored it.
 * - `failed`: Kinesis refused this entry: a code not worth re-sending, or a retryable one still
 *   there on the last attempt (`retriesExhausted`). Not stored.
 * - `notSent`: not stored, and never refused on its own: it was not sent (a cancel or a stop came
 *   first), or its whole request was refused with a definite answer (`cause`).
 * - `unknown`: it was sent and no definite answer came back (abandoned in flight, or the last
 *   attempt got no response or a 5xx): Kinesis may or may not have stored it.
 */
export type EntryOutcome =
  | { readonly status: 'sent'; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly status: 'failed'; readonly errorCode: string; readonly message?: string; readonly attempts: number; readonly retriesExhausted: boolean }
  | { readonly status: 'notSent'; readonly cause?: PutFailure }
  | { readonly status: 'unknown'; readonly cause?: PutFailure };

/** The per-entry result of an entry the PutRecords response did not answer for; it is retried. */
export function missingEntryResult(): PutRecordsEntryResult {
  return { ok: false, errorCode: MISSING_RESULT_CODE, errorMessage: 'The response had no result for this record.' };
}

// ---- the retry loop -------------------------------------------------------------------------

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_DELAY_MS = 10_000;

/** How hard {@link putEntries} tries. */
export interface PutRetryOptions {
  /** Attempts per entry, the first included. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff ceiling; retry n (1-based) waits a random time up to `baseDelayMs × 2^(n-1)`. Default 100. */
  readonly baseDelayMs?: number;
  /** Cap of the backoff ceiling. Default 10,000. */
  readonly maxDelayMs?: number;
  /** Jitter source in [0, 1). Default Math.random; tests pass a fixed one. */
  readonly random?: () => number;
}

/** Hooks into one {@link putEntries} run, for live counters and per-entry work. */
export interface PutEntriesObserver<E> {
  /** A request with `count` entries is about to go out; `attempt` 1 is the first, higher ones re-send. */
  requestStarted?(count: number, attempt: number): void;
  /** That request is over (`answered`: Kinesis responded; its entries' outcomes have been settled). */
  requestEnded?(count: number, answered: boolean): void;
  /** Called the moment a request failure ends the batch, before its entries are settled. */
  stopping?(error: KinesisError): void;
  /** `entry` has its outcome. The loop waits for a returned promise (e.g. writing a failed record). */
  settled?(entry: E, outcome: EntryOutcome): void | Promise<void>;
}

export interface PutEntriesOptions<E extends PutRecordsEntry> {
  /** `putRecord` is needed only for `api: 'putRecord'`. */
  readonly gateway: Pick<KinesisGateway, 'putRecords'> & Partial<Pick<KinesisGateway, 'putRecord'>>;
  readonly target: ConnectionTarget;
  readonly stream: string;
  /** At most one request's worth (see {@link RecordBatcher}); with `api: 'putRecord'`, exactly one. */
  readonly entries: readonly E[];
  /** `putRecord` sends the one entry with PutRecord: a record bigger than a PutRecords batch may be. Default `putRecords`. */
  readonly api?: 'putRecords' | 'putRecord';
  readonly retry?: PutRetryOptions;
  /** Once aborted, no attempt starts and a backoff ends at once; the request in flight may still finish. */
  readonly stopSignal?: AbortSignal;
  /** Aborts the request in flight; its entries become `unknown`. */
  readonly requestSignal?: AbortSignal;
  readonly observer?: PutEntriesObserver<E>;
  readonly logger?: ILogger;
  /**
   * Per-shard pacing (./pacing.ts): every attempt waits for its shards' time, and every answer
   * adapts their rates. Entries throttled by their shard are then re-sent when the pacer allows,
   * without the exponential backoff (which would leave the shard idle).
   */
  readonly pacer?: ShardPacer;
}

export interface PutEntriesResult {
  /** One per entry, in the order given. */
  readonly outcomes: readonly EntryOutcome[];
  /** Entry re-sends (one entry sent again counts once per re-send). */
  readonly retried: number;
  /** Requests Kinesis answered (including partial failures). */
  readonly requests: number;
  /**
   * Set when a request failure ended the batch: a non-retryable error, or a retryable one on every
   * attempt. Later batches to the same stream would most likely fare no better.
   */
  readonly stoppedBy?: KinesisError;
}

/**
 * Sends `entries` until every one has an {@link EntryOutcome}. Never rejects for Kinesis errors:
 * a request failure that ends the batch is in {@link PutEntriesResult.stoppedBy}. Rejects only for
 * invalid options.
 */
export async function putEntries<E extends PutRecordsEntry>(options: PutEntriesOptions<E>): Promise<PutEntriesResult> {
  const { entries, target, stream, observer, stopSignal, requestSignal, pacer } = options;
  const logger = options.logger ?? nullLogger;
  const api = options.api ?? 'putRecords';
  if (api === 'putRecord' && entries.length !== 1) throw new RangeError(`PutRecord sends exactly one record (got ${entries.length}).`);
  const operation = api === 'putRecord' ? 'PutRecord' : 'PutRecords';
  const maxAttempts = options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff: BackoffPolicy = { baseMs: options.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, maxMs: options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, jitter: 'full' };
  const random = options.retry?.random ?? Math.random;
  const send = requestSender(options.gateway, api, target, stream);

  const outcomes: EntryOutcome[] = new Array<EntryOutcome>(entries.length);
  let retried = 0;
  let requests = 0;
  let stoppedBy: KinesisError | undefined;
  const settle = (position: number, outcome: EntryOutcome): void | Promise<void> => {
    outcomes[position] = outcome;
    return observer?.settled?.(entries[position], outcome);
  };
  // Only awaits when the observer returned a promise: an await per sent entry would cost more than the rest of this path.
  const settleAll = async (positions: readonly number[], outcome: EntryOutcome) => {
    for (const position of positions) {
      const pending = settle(position, outcome);
      if (pending) await pending;
    }
  };

  /** Positions in `entries` still without an outcome. */
  let remaining: number[] = entries.map((_, i) => i);
  /** The last attempt ended without a definite answer, so its entries may have been stored. */
  let lastAttemptAmbiguous = false;
  for (let attempt = 1; remaining.length > 0; attempt++) {
    let reservation: Reservation | undefined;
    if (pacer) {
      reservation = pacer.reserve(remaining.map((position) => entries[position]));
      await abortableSleep(reservation.waitMs, stopSignal);
    }
    if (stopSignal?.aborted) {
      await settleAll(remaining, { status: lastAttemptAmbiguous ? 'unknown' : 'notSent' });
      break;
    }
    if (attempt > 1) retried += remaining.length;
    const count = remaining.length;
    observer?.requestStarted?.(count, attempt);
    let answer: PutRecordsResult | undefined;
    let failure: KinesisError | undefined;
    try {
      answer = await send(remaining.map((position) => entries[position]), requestSignal);
    } catch (error) {
      failure = toKinesisError(error, operation, target);
    }

    if (failure) {
      observer?.requestEnded?.(count, false);
      if (requestSignal?.aborted) {
        // We abandoned it: it may or may not have been applied.
        await settleAll(remaining, { status: 'unknown' });
        break;
      }
      if (!failure.retryable) {
        stoppedBy = failure;
        observer?.stopping?.(failure);
        await settleAll(remaining, { status: 'notSent', cause: { code: failure.code, message: failure.message } });
        break;
      }
      lastAttemptAmbiguous = isAmbiguous(failure);
      if (attempt >= maxAttempts) {
        stoppedBy = new KinesisError({
          message: `${operation} failed ${attempt} times in a row; stopped. ${failure.message}`,
          code: failure.code,
          operation,
          remedies: failure.remedies,
          retryable: true,
          httpStatus: failure.httpStatus,
        });
        observer?.stopping?.(stoppedBy);
        const cause = { code: stoppedBy.code, message: stoppedBy.message };
        await settleAll(remaining, lastAttemptAmbiguous ? { status: 'unknown', cause } : { status: 'notSent', cause });
        break;
      }
      logger.debug(`${operation} stream=${stream}: request failed (${failure.code}), attempt ${attempt} of ${maxAttempts}; retrying ${count} records`);
      await abortableSleep(backoffDelayMs(attempt - 1, backoff, random), stopSignal);
      continue;
    }

    requests++;
    lastAttemptAmbiguous = false;
    const retry: number[] = [];
    const results = answer!.entries;
    if (pacer && reservation) pacer.observe(remaining.map((position) => entries[position]), reservation, remaining.map((_, i) => results[i] ?? missingEntryResult()));
    let allThrottled = true;
    for (let i = 0; i < remaining.length; i++) {
      const result = results[i] ?? missingEntryResult();
      let pending: void | Promise<void> = undefined;
      if (result.ok) {
        pending = settle(remaining[i], { status: 'sent', shardId: result.shardId, sequenceNumber: result.sequenceNumber });
      } else {
        const retryable = RETRYABLE_ENTRY_CODES.has(result.errorCode);
        if (retryable && attempt < maxAttempts) {
          retry.push(remaining[i]);
          if (result.errorCode !== SHARD_THROTTLE_CODE) allThrottled = false;
        }
        else pending = settle(remaining[i], { status: 'failed', errorCode: result.errorCode, message: result.errorMessage, attempts: attempt, retriesExhausted: retryable });
      }
      if (pending) await pending;
    }
    observer?.requestEnded?.(count, true);
    if (retry.length === 0) break;
    logger.debug(`${operation} stream=${stream}: ${retry.length} of ${count} records failed, attempt ${attempt} of ${maxAttempts}; retrying them`);
    remaining = retry;
    // Paced, a shard throttle is the pacer's to space out; anything else still backs off.
    if (!(pacer && allThrottled)) await abortableSleep(backoffDelayMs(attempt - 1, backoff, random), stopSignal);
  }
  return { outcomes, retried, requests, stoppedBy };
}

type RequestSender = (entries: readonly PutRecordsEntry[], signal: AbortSignal | undefined) => Promise<PutRecordsResult>;

/** One request; PutRecord is answered in PutRecords' shape so both share the loop. */
function requestSender(gateway: PutEntriesOptions<PutRecordsEntry>['gateway'], api: 'putRecords' | 'putRecord', target: ConnectionTarget, stream: string): RequestSender {
  if (api === 'putRecords') return (entries, signal) => gateway.putRecords(target, stream, entries, { signal });
  const putRecord = gateway.putRecord;
  if (!putRecord) throw new TypeError('putEntries with api "putRecord" needs a gateway with putRecord.');
  return async ([entry], signal) => {
    const { shardId, sequenceNumber } = await putRecord.call(gateway, target, { stream, partitionKey: entry.partitionKey, data: entry.data, explicitHashKey: entry.explicitHashKey }, { signal });
    return { failedCount: 0, entries: [{ ok: true, shardId, sequenceNumber }] };
  };
}

/** True when a failed request may still have been applied: no HTTP answer, or a server error. */
function isAmbiguous(error: KinesisError): boolean {
  return error.httpStatus === undefined || error.httpStatus >= 500;
}
