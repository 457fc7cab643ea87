/**
 * Puts every record of a {@link RecordSource} into a stream with PutRecords: several requests in
 * flight, bounded memory, retries of only the failed entries, cancellation with an exact report.
 *
 * Memory: the reader pauses while `2 × concurrency - 1` batches (paced: `concurrency + 1`) are queued
 * or in flight, so with the batch being filled at most `2 × concurrency` batches exist at once,
 * whatever the input size.
 *
 * Each batch goes through {@link putEntries}, the one PutRecords retry loop, and every record read
 * ends up in exactly one of its outcomes (see {@link EntryOutcome}): sent, failed (invalid, or
 * refused by Kinesis), notSent (never stored: cancelled or stopped before it went, or its request
 * was refused as a whole) or unknown (sent without a definite answer: Kinesis may have stored it).
 * A request failure that ends a batch (non-retryable, or retryable on every attempt) stops the run.
 */
import type { ConnectionTarget, KinesisGateway, ShardInfo } from '../kinesis/gateway';
import { ShardMap } from '../analysis/shardMap';
import { KplAggregator, type AlignmentOptions, type OutputRecord } from '../kpl/aggregate';
import { PACED_ENTRIES_PER_SHARD, pacedBatchRecords, ShardPacer, type ShardPaceStats, type ShardPacerOptions } from '../kinesis/pacing';
import {
  DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_DELAY_MS, entrySize, putEntries, RecordBatcher,
  type Batch, type BatchLimits, type EntryOutcome, type PutEntriesObserver,
} from '../kinesis/putRecords';
import { nullLogger, type ILogger } from '../logging';
import { RecordRangeSet, type RecordRange } from './recordRanges';
import type { DataKind, FailedRecord } from './resendFormat';
import type { SourceRecord } from './recordSource';
import { asError, errorMessage } from '../errorMessage';

export { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_DELAY_MS };
export const DEFAULT_CONCURRENCY = 4;
/**
 * Most requests in flight when paced and the caller did not choose. Paced requests are small (25
 * entries a shard) and the pacer, not the number in flight, sets the rate: enough requests go at once
 * to keep {@link PACED_ENTRIES_IN_FLIGHT} entries per round trip (8 for 4 shards, so a 200 ms round
 * trip to AWS still carries the shards' whole capacity), and never fewer than 4.
 */
export const DEFAULT_PACED_CONCURRENCY = 8;
/** Entries a paced run keeps in flight when the caller did not choose the concurrency. */
export const PACED_ENTRIES_IN_FLIGHT = 800;
export const DEFAULT_CANCEL_GRACE_MS = 10_000;
export const DEFAULT_PROGRESS_INTERVAL_MS = 100;
export const DEFAULT_MAX_FAILED_IN_RESULT = 1_000;
/** Total raw text kept in {@link PutRecordsFromSourceResult.failed}; the callback always gets all of it. */
const FAILED_RAW_BUDGET_CHARS = 4 * 1024 * 1024;

/** A snapshot of a run, delivered at most every `progressIntervalMs` and once at the end. */
export interface PutProgress {
  /** Records read from the source (including invalid ones). */
  readonly recordsRead: number;
  /** Input bytes read, when the source reports them (a file's size gives the percentage). */
  readonly bytesRead?: number;
  /** Records acknowledged by Kinesis. */
  readonly sent: number;
  readonly failed: number;
  /** Entry re-sends so far. */
  readonly retried: number;
  /** Data + partition key bytes acknowledged. */
  readonly bytesSent: number;
  readonly inFlightRequests: number;
  readonly inFlightRecords: number;
  readonly elapsedMs: number;
  /** True for the last event of the run. */
  readonly done: boolean;
}

/** Options of {@link putRecordsFromSource}. */
export interface PutRecordsFromSourceOptions {
  /** `listShards` is needed for pacing and aggregation (the shard map). */
  readonly gateway: Pick<KinesisGateway, 'putRecords'> & Partial<Pick<KinesisGateway, 'listShards'>>;
  readonly target: ConnectionTarget;
  readonly stream: string;
  /** Records to send; a {@link RecordSource} also gives `bytesRead` for progress. */
  readonly source: AsyncIterable<SourceRecord> & { readonly bytesRead?: number };
  /** PutRecords requests in flight at once. Default 4; paced, 4–8 (see {@link DEFAULT_PACED_CONCURRENCY}). */
  readonly concurrency?: number;
  /** Attempts per entry, the first included. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff ceiling; attempt n waits a random time up to `baseDelayMs × 2^(n-1)`. Default 100. */
  readonly baseDelayMs?: number;
  /** Cap of the backoff ceiling. Default 10,000. */
  readonly maxDelayMs?: number;
  readonly batch?: BatchLimits;
  /** Cancels the run: reading stops, queued batches are not sent, in-flight requests get {@link cancelGraceMs} to finish. */
  readonly signal?: AbortSignal;
  /** How long in-flight requests may still finish after a cancel or fatal error before they are aborted (their records become `unknown`). Default 10,000. */
  readonly cancelGraceMs?: number;
  readonly onProgress?: (progress: PutProgress) => void;
  /** Default 100 ms (at most 10 events per second). */
  readonly progressIntervalMs?: number;
  /**
   * Called for every failed record, in full (e.g. {@link FailedRecordWriter.write}); the run waits
   * for the returned promise. If it throws, the run stops with that error.
   */
  readonly onFailedRecord?: (record: FailedRecord) => void | Promise<void>;
  /** How many failed records the result lists (all are counted). Default 1,000. */
  readonly maxFailedInResult?: number;
  readonly logger?: ILogger;
  /** Jitter source in [0, 1). Default Math.random; tests pass a fixed one. */
  readonly random?: () => number;
  /**
   * Per-shard pacing (core/kinesis/pacing.ts): requests wait for their shards' write capacity and
   * the rates adapt to throttling. Needs `gateway.listShards`. `true` uses AWS's limits; an object
   * tunes the pacer (its shard map is fetched here). With pacing, requests carry 25 entries
   * per shard (at least 50, at most 500 in all), so that one request never lands as a large burst on a shard.
   */
  readonly pacing?: boolean | Omit<ShardPacerOptions, 'shardMap'>;
  /**
   * KPL aggregation (core/kpl/aggregate.ts): small user records are packed into aggregated records,
   * one per shard, each ≤ 1 MiB. Counts and outcomes stay per user record. Needs `gateway.listShards`.
   */
  readonly aggregate?: boolean | { readonly alignment?: boolean | AlignmentOptions; readonly maxAggregateBytes?: number };
  /**
   * Keep each partition key's records in input order (default true): a request waits while an
   * earlier one with any of its keys (aggregated: any of its shards) is still being sent or retried.
   * Many distinct keys cost nothing; few keys send one request at a time.
   */
  readonly keyOrder?: boolean;
}

/**
 * KPL aggregation as a user picks it (the `kinesis.put.aggregate` setting, the wizard step, the CLI
 * flag): off, on, or on with aggregates closed near 25 KB PUT payload unit boundaries.
 */
export type AggregationMode = 'off' | 'on' | 'aligned';

export const AGGREGATION_MODES: readonly AggregationMode[] = ['off', 'on', 'aligned'];

/** The {@link PutRecordsFromSourceOptions.aggregate} option of a mode; unknown values are refused. */
export function aggregateOptionOf(mode: AggregationMode | boolean | undefined): PutRecordsFromSourceOptions['aggregate'] {
  if (mode === undefined || mode === false || mode === 'off') return undefined;
  if (mode === true || mode === 'on') return true;
  if (mode === 'aligned') return { alignment: true };
  throw new RangeError(`Unknown aggregation "${String(mode)}": use ${AGGREGATION_MODES.join(', ')}.`);
}

export { PACED_ENTRIES_PER_SHARD };

/**
 * Aggregate size when paced (unless `maxAggregateBytes` says otherwise): a quarter of a shard's
 * 1 MiB/s. A 1 MiB aggregate is a shard's whole second in one record, so it fits only an empty
 * window and any jitter throttles it; the bench measured 18% of entries throttled and 3.5× the
 * unaggregated rate with 1 MiB aggregates.
 */
export const PACED_AGGREGATE_BYTES = 256 * 1024;

/** What happened to every record. Ranges are disjoint and together cover indexes 0..recordsRead-1. */
export interface PutRecordsFromSourceResult {
  readonly recordsRead: number;
  /** Records acknowledged with a sequence number. */
  readonly sent: number;
  readonly sentRanges: readonly RecordRange[];
  /** Entry re-sends (one entry sent again counts once per re-send). */
  readonly retried: number;
  readonly failedCount: number;
  /** The first failed records (up to `maxFailedInResult`; `raw` is dropped once 4 Mi characters are kept). */
  readonly failed: readonly FailedRecord[];
  readonly failedRanges: readonly RecordRange[];
  /** Read but never stored. */
  readonly notSent: readonly RecordRange[];
  /** Sent, but no answer came back: Kinesis may have stored them. */
  readonly unknown: readonly RecordRange[];
  /** Set when the input was not read to the end: records from index `fromIndex` (after line `afterLine`) were never read. */
  readonly unread?: { readonly fromIndex: number; readonly afterLine: number };
  readonly cancelled: boolean;
  /** Why the run stopped early (a non-retryable Kinesis error, retries exhausted, or an unreadable input). */
  readonly error?: Error;
  readonly bytesSent: number;
  /** PutRecords requests answered (including partial failures). */
  readonly requests: number;
  readonly durationMs: number;
  /** With aggregation: Kinesis records (aggregates and plain records) acknowledged. */
  readonly kinesisRecordsSent?: number;
  /** With pacing: each shard's final rate and counts. */
  readonly pacing?: readonly ShardPaceStats[];
  /** Times the shard map was fetched again after Kinesis put records elsewhere than predicted. */
  readonly shardMapRefreshes: number;
  /**
   * With aggregation: user records sent a second time because their aggregate, built before a
   * reshard, was stored in a shard that no longer owns their hash keys (the KCL skips them there).
   */
  readonly resentAfterReshard?: number;
}

/**
 * Sends all records of `options.source` to `options.stream`. Resolves when every record has an
 * outcome; a Kinesis or input error ends the run early and is returned in `error`, not thrown.
 * Rejects only for invalid options.
 */
export async function putRecordsFromSource(options: PutRecordsFromSourceOptions): Promise<PutRecordsFromSourceResult> {
  return new PutRun(options).execute();
}

/** A validated record on its way to Kinesis. */
interface PendingEntry {
  readonly index: number;
  readonly line: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly dataKind: DataKind;
  readonly size: number;
  /** An aggregated record: the user records inside, each settled on its own. */
  readonly members?: readonly PendingEntry[];
  /** What per-key order is kept by: the partition key, or with aggregation the shard. */
  readonly orderKey: string;
}

function positiveInteger(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min} (got ${value}).`);
  return value;
}

class PutRun {
  readonly #options: PutRecordsFromSourceOptions;
  readonly #logger: ILogger;
  #concurrency: number;
  readonly #concurrencyChosen: boolean;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #cancelGraceMs: number;
  readonly #progressIntervalMs: number;
  readonly #maxFailedInResult: number;
  readonly #random: () => number;
  #batcher: RecordBatcher<PendingEntry>;
  #pacer?: ShardPacer;
  #aggregator?: KplAggregator<PendingEntry>;
  readonly #keyOrder: boolean;
  /** Order keys of the batches being sent, with how many batches hold each. */
  readonly #orderKeysInFlight = new Map<string, number>();
  #kinesisRecordsSent = 0;
  #refreshing?: Promise<void>;
  #lastRefreshAt = -Infinity;
  #shardMapRefreshes = 0;
  /** Aggregates stored in another shard than the one they were built for, waiting for the shard list. */
  #misplaced: { entry: PendingEntry; outcome: Extract<EntryOutcome, { status: 'sent' }> }[] = [];
  #misplacedResolving?: Promise<void>;
  #resentAfterReshard = 0;
  /** Aborts requests still in flight once the grace period after a stop has passed. */
  readonly #inFlightAbort = new AbortController();

  readonly #sent = new RecordRangeSet();
  readonly #failed = new RecordRangeSet();
  readonly #notSent = new RecordRangeSet();
  readonly #unknown = new RecordRangeSet();
  readonly #failedList: FailedRecord[] = [];
  #failedRawChars = 0;

  #queue: Batch<PendingEntry>[] = [];
  /** Batches being sent or waiting to retry. */
  #activeBatches = 0;
  #inFlightRequests = 0;
  #inFlightRecords = 0;
  #recordsRead = 0;
  #lastLineRead = 0;
  #sourceExhausted = false;
  #retried = 0;
  #bytesSent = 0;
  #requests = 0;

  /** No more reading (cancel, fatal error, or an input error). */
  #stopReading = false;
  #cancelled = false;
  #error?: Error;
  #graceTimer?: ReturnType<typeof setTimeout>;
  /** The reader and the final drain, woken when a batch finishes or the run stops. */
  readonly #waiters = new Set<() => void>();
  /** Aborted by a stop: no new attempts, and backoff sleeps end at once. */
  readonly #stopSending = new AbortController();
  /** The hooks every batch's {@link putEntries} run reports to. */
  readonly #observer: PutEntriesObserver<PendingEntry>;

  #started = 0;
  #lastProgressAt = -Infinity;

  constructor(options: PutRecordsFromSourceOptions) {
    this.#options = options;
    this.#logger = options.logger ?? nullLogger;
    this.#concurrency = positiveInteger('concurrency', options.concurrency ?? (options.pacing ? DEFAULT_PACED_CONCURRENCY : DEFAULT_CONCURRENCY), 1);
    this.#concurrencyChosen = options.concurrency !== undefined;
    this.#maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 1);
    this.#baseDelayMs = positiveInteger('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, 0);
    this.#maxDelayMs = positiveInteger('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, 0);
    this.#cancelGraceMs = positiveInteger('cancelGraceMs', options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS, 0);
    this.#progressIntervalMs = positiveInteger('progressIntervalMs', options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS, 0);
    this.#maxFailedInResult = positiveInteger('maxFailedInResult', options.maxFailedInResult ?? DEFAULT_MAX_FAILED_IN_RESULT, 0);
    this.#random = options.random ?? Math.random;
    this.#batcher = new RecordBatcher<PendingEntry>(options.batch);
    this.#keyOrder = options.keyOrder ?? true;
    if ((options.pacing || options.aggregate) && !options.gateway.listShards) throw new TypeError('Pacing and aggregation need a gateway with listShards.');
    this.#observer = {
      requestStarted: (count, attempt) => {
        if (attempt > 1) this.#retried += count;
        this.#inFlightRequests++;
        this.#inFlightRecords += count;
      },
      requestEnded: (count, answered) => {
        this.#inFlightRequests--;
        this.#inFlightRecords -= count;
        if (answered) {
          this.#requests++;
          this.#emitProgress(false);
        }
      },
      stopping: (error) => this.#stop('error', error),
      settled: (entry, outcome) => this.#settle(entry, outcome),
    };
  }

  async execute(): Promise<PutRecordsFromSourceResult> {
    const { signal, stream } = this.#options;
    this.#started = performance.now();
    this.#logger.info(
      `Put from file into stream=${stream}: up to ${this.#concurrency} requests in flight, ` +
        `batches of ≤ ${this.#batcher.maxRecords} records / ≤ ${this.#batcher.maxBytes} bytes, ≤ ${this.#maxAttempts} attempts`,
    );
    const onAbort = () => this.#stop('cancel');
    signal?.addEventListener('abort', onAbort, { once: true });
    const iterator = this.#options.source[Symbol.asyncIterator]();
    try {
      if (signal?.aborted) this.#stop('cancel');
      if (!this.#stopReading && (this.#options.pacing || this.#options.aggregate)) await this.#setUpShards();
      await this.#read(iterator);
      for (const out of this.#aggregator?.flush() ?? []) {
        const entry = this.#fromOutput(out);
        if (this.#stopSending.signal.aborted) this.#markAll(this.#notSent, [entry]);
        else this.#batch(entry);
      }
      const last = this.#batcher.flush();
      if (last) {
        if (this.#stopSending.signal.aborted) this.#markAll(this.#notSent, last.entries);
        else this.#enqueue(last);
      }
      await this.#idle();
    } finally {
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(this.#graceTimer);
      await this.#refreshing;
      await this.#misplacedResolving;
      if (!this.#sourceExhausted) {
        // Closes the file when we stop early.
        await iterator.return?.().catch(() => undefined);
      }
    }
    this.#emitProgress(true);
    const result = this.#result();
    const outcome = result.error ? `stopped: ${result.error.message}` : result.cancelled ? 'cancelled' : 'done';
    this.#logger.info(
      `Put from file into stream=${stream} ${outcome}. ${result.sent} sent, ${result.failedCount} failed, ` +
        `${result.retried} entry retries, ${this.#notSent.count} not sent, ${this.#unknown.count} unknown, ` +
        `${result.requests} requests in ${Math.round(result.durationMs)} ms`,
    );
    return result;
  }

  // ---- the shard map (pacing, aggregation) -----------------------------------------------------

  /** Fetches the shard map before the first record is read; a failure ends the run with nothing sent. */
  async #setUpShards(): Promise<void> {
    const { gateway, target, stream, pacing, aggregate } = this.#options;
    let map: ShardMap;
    try {
      map = new ShardMap(await gateway.listShards!(target, stream, { signal: this.#stopSending.signal }));
    } catch (error) {
      this.#stop('error', new Error(`Could not list the shards of ${stream} for ${aggregate ? 'aggregation' : 'pacing'}: ${errorMessage(error)}`));
      return;
    }
    if (map.shards.length === 0) {
      this.#stop('error', new Error(`Stream ${stream} has no open shards.`));
      return;
    }
    if (pacing) {
      this.#pacer = new ShardPacer({ ...(pacing === true ? {} : pacing), shardMap: map });
      const maxRecords = pacedBatchRecords(map.shards.length, this.#batcher.maxRecords);
      this.#batcher = new RecordBatcher<PendingEntry>({ maxRecords, maxBytes: this.#batcher.maxBytes });
      // Larger requests (many shards) need fewer in flight; every record in flight or queued is memory.
      if (!this.#concurrencyChosen) this.#concurrency = Math.min(DEFAULT_PACED_CONCURRENCY, Math.max(DEFAULT_CONCURRENCY, Math.ceil(PACED_ENTRIES_IN_FLIGHT / maxRecords)));
    }
    if (aggregate) {
      const options = aggregate === true ? {} : aggregate;
      const maxAggregateBytes = options.maxAggregateBytes ?? (pacing ? PACED_AGGREGATE_BYTES : undefined);
      this.#aggregator = new KplAggregator<PendingEntry>({ shardMap: map, alignment: options.alignment, maxAggregateBytes });
      if (pacing) {
        // One aggregate a request. Aggregates keep order per shard, so a request holding several
        // shards' aggregates would wait for all of them, and requests would go one at a time; alone,
        // each shard's aggregates follow each other while the shards run side by side.
        this.#batcher = new RecordBatcher<PendingEntry>({ maxRecords: 1, maxBytes: this.#batcher.maxBytes });
      }
    }
    this.#logger.info(
      `Put into stream=${stream}: ${map.shards.length} open shards; ${pacing ? `paced per shard, ≤ ${this.#batcher.maxRecords} records a request` : 'not paced'}` +
        `${aggregate ? ', KPL aggregation on' : ''}`,
    );
  }

  /** After Kinesis put records in other shards than predicted (a reshard): fetch the shards again, at most once a second. */
  #refreshShardsIfStale(): void {
    const { gateway, target, stream } = this.#options;
    if (!this.#pacer?.stale || this.#refreshing || performance.now() - this.#lastRefreshAt < 1_000) return;
    this.#lastRefreshAt = performance.now();
    this.#refreshing = (async () => {
      const map = new ShardMap(await gateway.listShards!(target, stream));
      this.#logger.info(`Put into stream=${stream}: the shards changed (records went to unexpected shards); now ${map.shards.length} open shards.`);
      this.#applyShardMap(map);
    })()
      .catch((error: unknown) => this.#logger.warn(`Put into stream=${stream}: could not fetch the shards again: ${errorMessage(error)}`))
      .finally(() => (this.#refreshing = undefined));
  }

  #applyShardMap(map: ShardMap): void {
    this.#shardMapRefreshes++;
    this.#pacer?.setShardMap(map);
    for (const out of this.#aggregator?.setShardMap(map) ?? []) this.#batch(this.#fromOutput(out));
  }

  /**
   * An aggregate built before a reshard was stored in a shard other than the one it was built for.
   * A KCL reading that shard skips the user records whose hash keys the shard does not own, so those
   * are sent again, re-aggregated on the new shards (the KPL does the same); the others stay sent.
   * Waits for the stream's shards (closed ones included) to tell which is which.
   */
  #holdMisplaced(entry: PendingEntry, outcome: Extract<EntryOutcome, { status: 'sent' }>): void {
    this.#misplaced.push({ entry, outcome });
    this.#resolveMisplacedSoon();
  }

  #resolveMisplacedSoon(): void {
    if (this.#misplacedResolving || this.#misplaced.length === 0) return;
    const held = this.#misplaced;
    this.#misplaced = [];
    this.#misplacedResolving = this.#resolveMisplaced(held)
      .catch((error: unknown) => {
        // A bug, not a Kinesis failure: stop, and give the held records an outcome rather than none.
        this.#stop('error', asError(error));
        this.#markAll(this.#unknown, held.flatMap((h) => h.entry.members!).filter((m) => !this.#hasOutcome(m.index)));
      })
      .finally(() => {
        this.#misplacedResolving = undefined;
        this.#resolveMisplacedSoon();
        this.#wakeAll();
      });
  }

  async #resolveMisplaced(held: readonly { entry: PendingEntry; outcome: Extract<EntryOutcome, { status: 'sent' }> }[]): Promise<void> {
    const { gateway, target, stream } = this.#options;
    let shards: readonly ShardInfo[] | undefined;
    try {
      shards = await gateway.listShards!(target, stream, { signal: this.#inFlightAbort.signal });
    } catch (error) {
      this.#logger.warn(`Put into stream=${stream}: could not list the shards after a reshard; re-sending whole misplaced aggregates: ${errorMessage(error)}`);
    }
    const ranges = new Map((shards ?? []).map((s) => [s.shardId, { start: BigInt(s.startingHashKey), end: BigInt(s.endingHashKey) }]));
    const map = shards ? new ShardMap(shards) : undefined;
    if (map && map.shards.length > 0 && this.#aggregator && !map.sameShardsAs(this.#aggregator.shardMap)) {
      this.#logger.info(`Put into stream=${stream}: the shards changed (an aggregate was stored in another shard than built for); now ${map.shards.length} open shards.`);
      this.#applyShardMap(map);
    }
    const resend: PendingEntry[] = [];
    for (const { entry, outcome } of held) {
      const range = ranges.get(outcome.shardId);
      for (const member of entry.members!) {
        const hashKey = (map ?? this.#aggregator!.shardMap).hashKeyOf(member.partitionKey, member.explicitHashKey);
        if (range && hashKey >= range.start && hashKey <= range.end) {
          const pending = this.#settleOne(member, outcome);
          if (pending) await pending;
        } else resend.push(member);
      }
    }
    if (resend.length > 0) {
      this.#logger.info(`Put into stream=${stream}: ${resend.length} user records were stored in a shard that no longer owns their keys (a reshard); sending them again.`);
      if (this.#stopSending.signal.aborted) {
        for (const member of resend) {
          await this.#fail(member, 'Stored after a reshard in a shard that does not own its partition key, where the KCL skips it; not sent again because the put stopped. Send it again.');
        }
      } else {
        this.#resentAfterReshard += resend.length;
        for (const member of resend) {
          for (const out of this.#aggregator!.add({ partitionKey: member.partitionKey, data: member.data }, member)) this.#batch(this.#fromOutput(out));
        }
        // The reader may be done already: nothing else would close these aggregates and batches.
        for (const out of this.#aggregator!.flush()) this.#batch(this.#fromOutput(out));
        const last = this.#batcher.flush();
        if (last) this.#enqueue(last);
      }
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  async #read(iterator: AsyncIterator<SourceRecord>): Promise<void> {
    // Unpaced, queued batches keep the requests busy; paced, the pacer's waits leave time to fill the
    // next batch, and one queued batch is enough (kinesis-studio put of 64 MiB into 20 shards: peak
    // RSS 137–154 MB over three runs, against 159 MB in one run with the unpaced room).
    const roomFor = this.#pacer ? this.#concurrency + 1 : 2 * this.#concurrency - 1;
    while (!this.#stopReading) {
      while (!this.#stopReading && this.#queue.length + this.#activeBatches >= roomFor) await this.#wait();
      if (this.#stopReading) return;
      let next: IteratorResult<SourceRecord>;
      try {
        next = await iterator.next();
      } catch (error) {
        // Records already read are still sent; `unread` says where reading broke.
        this.#error ??= asError(error);
        this.#stopReading = true;
        this.#logger.warn(`Put from file: reading the input failed after ${this.#recordsRead} records: ${this.#error.message}`);
        return;
      }
      if (next.done) {
        this.#sourceExhausted = true;
        return;
      }
      const record = next.value;
      this.#recordsRead++;
      this.#lastLineRead = record.line;
      if (this.#stopSending.signal.aborted) {
        this.#notSent.add(record.index, record.line);
        return;
      }
      const failing = this.#accept(record);
      if (failing) await failing;
    }
  }

  /** Batches a valid record; for an invalid one, returns the promise of reporting it. */
  #accept(record: SourceRecord): Promise<void> | undefined {
    // Synchronous for valid records: an await per record would cost more than the rest of this path.
    if (record.error !== undefined || record.partitionKey === undefined || record.data === undefined) {
      return this.#fail(record, record.error ?? 'The record has no partition key or data.');
    }
    const size = entrySize(record.partitionKey, record.data);
    if (size > this.#batcher.maxBytes) {
      return this.#fail(record, `Record data plus partition key is ${size} bytes, more than the ${this.#batcher.maxBytes}-byte request limit.`);
    }
    const entry: PendingEntry = {
      index: record.index, line: record.line, partitionKey: record.partitionKey, data: record.data, dataKind: record.dataKind, size, orderKey: record.partitionKey,
    };
    if (!this.#aggregator) {
      this.#batch(entry);
      return undefined;
    }
    let outputs: OutputRecord<PendingEntry>[];
    try {
      outputs = this.#aggregator.add({ partitionKey: entry.partitionKey, data: entry.data }, entry);
    } catch (error) {
      return this.#fail(record, errorMessage(error));
    }
    for (const out of outputs) this.#batch(this.#fromOutput(out));
    return undefined;
  }

  #batch(entry: PendingEntry): void {
    for (const batch of this.#batcher.add(entry, entry.size)) this.#enqueue(batch);
  }

  /** An aggregator output as an entry; a plain one is its user record again. Order is kept per shard. */
  #fromOutput(out: OutputRecord<PendingEntry>): PendingEntry {
    const first = out.tags[0];
    if (!out.aggregated && out.tags.length === 1) return { ...first, explicitHashKey: out.explicitHashKey, orderKey: out.shardId };
    return {
      index: first.index, line: first.line, partitionKey: out.partitionKey, explicitHashKey: out.explicitHashKey, data: out.data,
      dataKind: 'text', size: entrySize(out.partitionKey, out.data), members: out.tags, orderKey: out.shardId,
    };
  }

  // ---- sending --------------------------------------------------------------------------------

  #enqueue(batch: Batch<PendingEntry>): void {
    this.#queue.push(batch);
    this.#pump();
    this.#emitProgress(false);
  }

  #pump(): void {
    while (!this.#stopSending.signal.aborted && this.#activeBatches < this.#concurrency && this.#queue.length > 0) {
      // Head of line: a later batch never overtakes one held back for order.
      if (this.#keyOrder && this.#queue[0].entries.some((e) => this.#orderKeysInFlight.has(e.orderKey))) return;
      const batch = this.#queue.shift()!;
      const keys = this.#keyOrder ? this.#holdKeys(batch) : undefined;
      this.#activeBatches++;
      void this.#send(batch)
        .catch((error: unknown) => {
          // A bug, not a Kinesis failure: report it rather than leave the run hanging.
          this.#stop('error', asError(error));
          this.#markAll(this.#unknown, batch.entries.flatMap((e) => e.members ?? [e]).filter((e) => !this.#hasOutcome(e.index)));
        })
        .finally(() => {
          if (keys) this.#releaseKeys(keys);
          this.#refreshShardsIfStale();
          this.#activeBatches--;
          this.#pump();
          this.#wakeAll();
          this.#emitProgress(false);
        });
    }
  }

  #holdKeys(batch: Batch<PendingEntry>): Set<string> {
    const keys = new Set(batch.entries.map((e) => e.orderKey));
    for (const key of keys) this.#orderKeysInFlight.set(key, (this.#orderKeysInFlight.get(key) ?? 0) + 1);
    return keys;
  }

  #releaseKeys(keys: Set<string>): void {
    for (const key of keys) {
      const n = this.#orderKeysInFlight.get(key)! - 1;
      if (n > 0) this.#orderKeysInFlight.set(key, n);
      else this.#orderKeysInFlight.delete(key);
    }
  }

  /** Sends one batch until every entry has an outcome. Never rejects for Kinesis errors. */
  async #send(batch: Batch<PendingEntry>): Promise<void> {
    const { gateway, target, stream } = this.#options;
    await putEntries({
      gateway, target, stream, entries: batch.entries, logger: this.#logger, observer: this.#observer,
      retry: { maxAttempts: this.#maxAttempts, baseDelayMs: this.#baseDelayMs, maxDelayMs: this.#maxDelayMs, random: this.#random },
      stopSignal: this.#stopSending.signal,
      requestSignal: this.#inFlightAbort.signal,
      pacer: this.#pacer,
    });
  }

  // ---- outcomes -------------------------------------------------------------------------------

  /** Files one entry's outcome from {@link putEntries}; returns a promise only for a failed record. */
  #settle(entry: PendingEntry, outcome: EntryOutcome): Promise<void> | undefined {
    if (outcome.status === 'sent') this.#kinesisRecordsSent++;
    if (!entry.members) return this.#settleOne(entry, outcome);
    if (outcome.status === 'sent' && outcome.shardId !== entry.orderKey) {
      this.#holdMisplaced(entry, outcome);
      return undefined;
    }
    let chain: Promise<void> | undefined;
    for (const member of entry.members) {
      chain = chain ? chain.then(() => this.#settleOne(member, outcome)) : this.#settleOne(member, outcome);
    }
    return chain;
  }

  #settleOne(entry: PendingEntry, outcome: EntryOutcome): Promise<void> | undefined {
    switch (outcome.status) {
      case 'sent':
        this.#sent.add(entry.index, entry.line);
        this.#bytesSent += entry.size;
        return undefined;
      case 'failed': {
        const reason = outcome.message ? `${outcome.errorCode}: ${outcome.message}` : outcome.errorCode;
        return this.#fail(entry, outcome.retriesExhausted ? `${reason} (gave up after ${outcome.attempts} attempts)` : reason);
      }
      case 'notSent':
        this.#notSent.add(entry.index, entry.line);
        return undefined;
      case 'unknown':
        this.#unknown.add(entry.index, entry.line);
        return undefined;
    }
  }

  async #fail(record: { index: number; line: number; partitionKey?: string; data?: Uint8Array; dataKind: DataKind }, reason: string): Promise<void> {
    this.#failed.add(record.index, record.line);
    const raw = record.data === undefined ? undefined : rawText(record.data, record.dataKind);
    const failed: FailedRecord = { index: record.index, line: record.line, partitionKey: record.partitionKey, reason, raw, dataKind: record.dataKind };
    if (this.#failedList.length < this.#maxFailedInResult) {
      const keepRaw = raw !== undefined && this.#failedRawChars + raw.length <= FAILED_RAW_BUDGET_CHARS;
      if (keepRaw) this.#failedRawChars += raw.length;
      this.#failedList.push(keepRaw ? failed : { ...failed, raw: undefined });
    }
    if (!this.#options.onFailedRecord) return;
    try {
      await this.#options.onFailedRecord(failed);
    } catch (error) {
      this.#stop('error', new Error(`Could not save a failed record: ${errorMessage(error)}`));
    }
  }

  #markAll(set: RecordRangeSet, entries: readonly PendingEntry[]): void {
    for (const entry of entries) {
      if (entry.members) for (const member of entry.members) set.add(member.index, member.line);
      else set.add(entry.index, entry.line);
    }
  }

  #hasOutcome(index: number): boolean {
    return this.#sent.has(index) || this.#failed.has(index) || this.#notSent.has(index) || this.#unknown.has(index);
  }

  // ---- stopping and waiting -------------------------------------------------------------------

  #stop(kind: 'cancel' | 'error', error?: Error): void {
    if (kind === 'cancel') this.#cancelled = true;
    else this.#error ??= error;
    if (this.#stopSending.signal.aborted) return;
    this.#stopReading = true;
    this.#stopSending.abort();
    if (kind === 'cancel') this.#logger.info(`Put from file into stream=${this.#options.stream}: cancelled; waiting for ${this.#inFlightRequests} requests in flight`);
    else this.#logger.warn(`Put from file into stream=${this.#options.stream}: stopping. ${error?.message ?? ''}`);
    for (const batch of this.#queue) this.#markAll(this.#notSent, batch.entries);
    this.#queue = [];
    if (this.#activeBatches > 0) {
      this.#graceTimer = setTimeout(() => this.#inFlightAbort.abort(), this.#cancelGraceMs);
      this.#graceTimer.unref?.();
    }
    this.#wakeAll();
  }

  /** Waits until a batch finishes or the run stops. */
  #wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
    });
  }

  #wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  async #idle(): Promise<void> {
    while (this.#activeBatches > 0 || (this.#queue.length > 0 && !this.#stopSending.signal.aborted) || this.#misplacedResolving) await this.#wait();
  }

  // ---- reporting ------------------------------------------------------------------------------

  #emitProgress(done: boolean): void {
    const onProgress = this.#options.onProgress;
    if (!onProgress) return;
    const now = performance.now();
    if (!done && now - this.#lastProgressAt < this.#progressIntervalMs) return;
    this.#lastProgressAt = now;
    try {
      onProgress({
        recordsRead: this.#recordsRead,
        bytesRead: this.#options.source.bytesRead,
        sent: this.#sent.count,
        failed: this.#failed.count,
        retried: this.#retried,
        bytesSent: this.#bytesSent,
        inFlightRequests: this.#inFlightRequests,
        inFlightRecords: this.#inFlightRecords,
        elapsedMs: now - this.#started,
        done,
      });
    } catch (error) {
      this.#logger.debug(`Put from file: the progress callback threw: ${errorMessage(error)}`);
    }
  }

  #result(): PutRecordsFromSourceResult {
    return {
      recordsRead: this.#recordsRead,
      sent: this.#sent.count,
      sentRanges: this.#sent.ranges(),
      retried: this.#retried,
      failedCount: this.#failed.count,
      failed: this.#failedList,
      failedRanges: this.#failed.ranges(),
      notSent: this.#notSent.ranges(),
      unknown: this.#unknown.ranges(),
      unread: this.#sourceExhausted ? undefined : { fromIndex: this.#recordsRead, afterLine: this.#lastLineRead },
      cancelled: this.#cancelled,
      error: this.#error,
      bytesSent: this.#bytesSent,
      requests: this.#requests,
      durationMs: performance.now() - this.#started,
      ...(this.#aggregator ? { kinesisRecordsSent: this.#kinesisRecordsSent } : {}),
      ...(this.#pacer ? { pacing: this.#pacer.stats() } : {}),
      shardMapRefreshes: this.#shardMapRefreshes,
      ...(this.#aggregator ? { resentAfterReshard: this.#resentAfterReshard } : {}),
    };
  }
}

/** A failed record's data as the resend file keeps it: base64 for binary input, else UTF-8 text. */
function rawText(data: Uint8Array, kind: DataKind): string {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return bytes.toString(kind === 'base64' ? 'base64' : 'utf8');
}
