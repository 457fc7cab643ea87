/**
 * The shard reader behind "Kinesis: Tail Stream": reads every chosen shard of a stream with GetRecords
 * (or enhanced fan-out), follows resharding parent-before-child, respects the per-shard read limits,
 * renews expired iterators and reports everything as {@link TailEvent}s. vscode-free.
 *
 * Ordering: each shard is read by one sequential loop, so its records are delivered in order. A child
 * shard starts only after every parent it has in the read set has been drained (read to its end),
 * which keeps every partition key's records in order across a split or a merge.
 */
import { isKinesisError, KinesisError, toKinesisError, validationError } from '../kinesis/errors';
import type { GetRecordsResult, KinesisGateway, ReceivedRecord, ShardInfo, ShardIteratorInput, SubscribeStartingPosition } from '../kinesis/gateway';
import { validateGetRecordsLimit, validateSequenceNumber, validateShardId, validateStreamName } from '../kinesis/validation';
import { abortableSleep, backoffDelayMs, READ_THROTTLING_CODES } from '../kinesis/retry';
import { nullLogger, type ILogger } from '../logging';
import type { StreamTail, TailEvent, TailListener, TailOptions } from './types';
import { errorMessage } from '../errorMessage';

/** Time source of the reader; tests inject a fake one. */
export interface TailClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or early (never rejecting) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Collaborators of {@link createStreamTail}. */
export interface StreamTailDeps {
  readonly clock?: TailClock;
  readonly logger?: ILogger;
  /** Jitter source for backoff, in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

export const DEFAULT_MIN_POLL_INTERVAL_MS = 200;
export const DEFAULT_IDLE_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_GET_RECORDS_LIMIT = 10_000;
/** Iterators expire 5 minutes after they were issued; renew a little before, e.g. after a long pause. */
export const ITERATOR_RENEW_AFTER_MS = 270_000;
const BACKOFF_BASE_MS = 250;
/** Margin for a LATEST iterator renewed by timestamp: records slightly older are better than lost ones. */
const LATEST_RENEWAL_MARGIN_MS = 5_000;
const CHILD_LISTING_ATTEMPTS = 3;
/** After ending a subscription ourselves, ResourceInUse is expected for up to 5 s (plus margin). */
const RESUBSCRIBE_GRACE_MS = 15_000;

/**
 * Creates a tail over `options.stream`. Nothing is called until {@link StreamTail.start}; events go to
 * `listener` synchronously, in order per shard. Invalid options end the tail with one fatal
 * `ValidationError` event before any API call.
 */
export function createStreamTail(gateway: KinesisGateway, options: TailOptions, listener: TailListener, deps: StreamTailDeps = {}): StreamTail {
  return new ShardTail(gateway, options, listener, deps);
}

export const realClock: TailClock = { now: () => Date.now(), sleep: abortableSleep };

type ShardState = 'waiting' | 'reading' | 'drained';

interface ShardEntry {
  readonly shardId: string;
  /** Parents present in the listing when the shard was found (0, 1, or 2 for a merge). */
  readonly parents: readonly string[];
  state: ShardState;
}

/** Where one shard's reading starts; children of drained shards always start at their beginning. */
type ShardStart =
  | { readonly type: 'LATEST' | 'TRIM_HORIZON' }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: Date }
  | { readonly type: 'AT_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** What one shard loop knows about its position. */
interface ShardCursor {
  readonly shardId: string;
  readonly start: ShardStart;
  /** Sequence number of the last record delivered: renewals continue after it. */
  lastSequence?: string;
  lastLag?: number;
  failures: number;
  /** Earliest time of the next call. */
  notBefore: number;
}

class ShardTail implements StreamTail {
  readonly #gateway: KinesisGateway;
  readonly #options: TailOptions;
  readonly #listener: TailListener;
  readonly #clock: TailClock;
  readonly #logger: ILogger;
  readonly #random: () => number;
  readonly #minIntervalMs: number;
  readonly #idleIntervalMs: number;
  readonly #maxBackoffMs: number;
  readonly #limit: number;

  readonly #abort = new AbortController();
  readonly #shards = new Map<string, ShardEntry>();
  /** Subscriptions to end on pause (enhanced fan-out pushes records; ending it is the only way to stop them). */
  readonly #subscriptions = new Set<AbortController>();
  #resumeWaiters: (() => void)[] = [];
  #started = false;
  #paused = false;
  #finished = false;
  #stopReason: 'stopped' | 'error' | undefined;
  #activeTasks = 0;
  #resolveIdle!: () => void;
  readonly #idle = new Promise<void>((resolve) => (this.#resolveIdle = resolve));

  constructor(gateway: KinesisGateway, options: TailOptions, listener: TailListener, deps: StreamTailDeps) {
    this.#gateway = gateway;
    this.#options = options;
    this.#listener = listener;
    this.#clock = deps.clock ?? realClock;
    this.#logger = deps.logger ?? nullLogger;
    this.#random = deps.random ?? Math.random;
    this.#minIntervalMs = Math.max(0, options.minPollIntervalMs ?? DEFAULT_MIN_POLL_INTERVAL_MS);
    this.#idleIntervalMs = Math.max(this.#minIntervalMs, options.idlePollIntervalMs ?? DEFAULT_IDLE_POLL_INTERVAL_MS);
    this.#maxBackoffMs = Math.max(this.#minIntervalMs, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
    this.#limit = options.getRecordsLimit ?? DEFAULT_GET_RECORDS_LIMIT;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get running(): boolean {
    return this.#started && !this.#finished;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#spawn(() => this.#run());
  }

  pause(): void {
    if (!this.running || this.#paused) return;
    this.#paused = true;
    this.#logger.debug(`tail ${this.#options.stream}: paused`);
    for (const subscription of this.#subscriptions) subscription.abort();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#logger.debug(`tail ${this.#options.stream}: resumed`);
    this.#wakeAll();
  }

  async stop(): Promise<void> {
    if (!this.#started) {
      this.#started = true;
      this.#stopReason = 'stopped';
      this.#finish();
      return;
    }
    this.#stopReason ??= 'stopped';
    this.#abort.abort();
    this.#wakeAll();
    await this.#idle;
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  get #stopping(): boolean {
    return this.#abort.signal.aborted;
  }

  #emit(event: TailEvent): void {
    try {
      this.#listener(event);
    } catch (error) {
      this.#logger.error(`tail listener failed on ${event.kind}: ${errorMessage(error)}`);
    }
  }

  /** Runs a task counted towards "idle": the tail ends when the last one does. */
  #spawn(task: () => Promise<void>): void {
    this.#activeTasks++;
    void task()
      .catch((error: unknown) => {
        // Defensive: loops catch their own errors; anything here is a bug, reported as fatal.
        this.#fatal(undefined, toKinesisError(error, 'Tail'));
      })
      .finally(() => {
        if (--this.#activeTasks === 0) this.#finish();
      });
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#subscriptions.clear();
    this.#emit({ kind: 'stopped', reason: this.#stopReason ?? 'allShardsDrained' });
    this.#resolveIdle();
  }

  #fatal(shardId: string | undefined, error: KinesisError): void {
    this.#logger.warn(`tail ${this.#options.stream}${shardId ? ` ${shardId}` : ''}: stopping on ${error.code}`);
    this.#emit({ kind: 'error', shardId, error, fatal: true });
    this.#stopReason ??= 'error';
    this.#abort.abort();
    this.#wakeAll();
  }

  #wakeAll(): void {
    const waiters = this.#resumeWaiters;
    this.#resumeWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once not paused (or stopping). */
  async #whilePaused(): Promise<void> {
    while (this.#paused && !this.#stopping) await new Promise<void>((resolve) => this.#resumeWaiters.push(resolve));
  }

  /** Backoff with equal jitter (a poller keeps a minimum pause), doubling per failure up to the maximum. */
  #backoffMs(failures: number): number {
    const policy = { baseMs: Math.max(this.#minIntervalMs, BACKOFF_BASE_MS), maxMs: this.#maxBackoffMs, jitter: 'equal' as const };
    return Math.max(this.#minIntervalMs, backoffDelayMs(failures, policy, this.#random));
  }

  // ---- shards ---------------------------------------------------------------------------------

  async #run(): Promise<void> {
    const problem = validateTailOptions(this.#options);
    if (problem) {
      this.#fatal(undefined, validationError('Tail', problem));
      return;
    }
    const shards = await this.#listShards(undefined);
    if (!shards) return;
    const { shardIds, start } = this.#options;
    let scope: ShardInfo[];
    if (shardIds) {
      const missing = shardIds.filter((id) => !shards.some((s) => s.shardId === id));
      if (missing.length) {
        this.#fatal(undefined, new KinesisError({
          message: `Stream ${this.#options.stream} has no shard ${missing.join(', ')}. Refresh the shard list and choose again.`,
          code: 'ResourceNotFoundException',
          operation: 'Tail',
        }));
        return;
      }
      scope = shards.filter((s) => shardIds.includes(s.shardId));
    } else if (start.type === 'LATEST') {
      scope = shards.filter((s) => s.endingSequenceNumber === undefined);
    } else {
      // From the trim horizon or a time: every shard still listed; the reading roots start, their
      // descendants wait for them.
      scope = shards;
    }
    for (const shard of scope) this.#addShard(shard);
    this.#logger.info(`tail ${this.#options.stream}: ${scope.length} shards in scope, start ${start.type}${this.#options.consumerArn ? ' (enhanced fan-out)' : ''}`);
    this.#startReady(true);
  }

  #addShard(shard: ShardInfo): void {
    if (this.#shards.has(shard.shardId)) return;
    const parents = [shard.parentShardId, shard.adjacentParentShardId].filter((p): p is string => !!p);
    this.#shards.set(shard.shardId, { shardId: shard.shardId, parents, state: 'waiting' });
  }

  /** Starts every waiting shard whose parents in the read set are all drained. */
  #startReady(initial: boolean): void {
    if (this.#stopping) return;
    for (const entry of this.#shards.values()) {
      if (entry.state !== 'waiting') continue;
      const ready = entry.parents.every((p) => this.#shards.get(p)?.state !== 'waiting' && this.#shards.get(p)?.state !== 'reading');
      if (!ready) continue;
      entry.state = 'reading';
      const start = this.#startFor(entry.shardId, initial);
      this.#emit({ kind: 'shardStarted', shardId: entry.shardId, parentShardIds: entry.parents });
      this.#spawn(() => (this.#options.consumerArn ? this.#subscribeShard(entry.shardId, start) : this.#pollShard(entry.shardId, start)));
    }
  }

  /**
   * The configured start applies to the shards read first. A shard that starts because its parents
   * were drained is read from its beginning, except for AT_TIMESTAMP, which applies to every shard.
   */
  #startFor(shardId: string, initial: boolean): ShardStart {
    const start = this.#options.start;
    switch (start.type) {
      case 'AT_TIMESTAMP':
        return { type: 'AT_TIMESTAMP', timestamp: start.timestamp };
      case 'AT_SEQUENCE_NUMBER':
        return start.shardId === shardId ? { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: start.sequenceNumber } : { type: 'TRIM_HORIZON' };
      case 'LATEST':
        return initial ? { type: 'LATEST' } : { type: 'TRIM_HORIZON' };
      default:
        return { type: 'TRIM_HORIZON' };
    }
  }

  /** ListShards, retried on transient errors; undefined when the tail is stopping (a fatal error was emitted). */
  async #listShards(shardId: string | undefined): Promise<ShardInfo[] | undefined> {
    for (let failures = 0; !this.#stopping; failures++) {
      try {
        return await this.#gateway.listShards(this.#options.target, this.#options.stream, { signal: this.#abort.signal });
      } catch (err) {
        if (this.#stopping) return undefined;
        const error = asKinesisError(err, 'ListShards');
        if (!error.retryable && !READ_THROTTLING_CODES.has(error.code)) {
          this.#fatal(shardId, error);
          return undefined;
        }
        this.#emit({ kind: 'error', shardId, error, fatal: false });
        await this.#clock.sleep(this.#backoffMs(failures), this.#abort.signal);
      }
    }
    return undefined;
  }

  /** Marks a shard drained, finds its children, and starts those whose parents are all drained. */
  async #drained(shardId: string, reportedChildren: readonly string[]): Promise<void> {
    const entry = this.#shards.get(shardId);
    if (entry) entry.state = 'drained';
    let children: ShardInfo[] = [];
    for (let attempt = 1; attempt <= CHILD_LISTING_ATTEMPTS; attempt++) {
      const shards = await this.#listShards(shardId);
      if (!shards) return;
      children = shards.filter((s) => s.parentShardId === shardId || s.adjacentParentShardId === shardId || reportedChildren.includes(s.shardId));
      const unlisted = reportedChildren.filter((id) => !children.some((c) => c.shardId === id));
      if (unlisted.length === 0 || attempt === CHILD_LISTING_ATTEMPTS) {
        // Children the listing does not show yet (eventual consistency) are read with this parent only.
        for (const id of unlisted) {
          if (!this.#shards.has(id)) this.#shards.set(id, { shardId: id, parents: [shardId], state: 'waiting' });
        }
        break;
      }
      await this.#clock.sleep(this.#idleIntervalMs, this.#abort.signal);
    }
    for (const child of children) this.#addShard(child);
    this.#logger.debug(`tail ${this.#options.stream}: ${shardId} drained; children ${children.map((c) => c.shardId).join(', ') || 'none'}`);
    this.#startReady(false);
  }

  /**
   * Shared error policy of both read loops. Returns false when the loop must end (fatal or stopping).
   * Throttling and transient errors set the cursor's next call time with backoff.
   */
  #onReadError(cursor: ShardCursor, error: KinesisError): boolean {
    if (this.#stopping) return false;
    if (READ_THROTTLING_CODES.has(error.code)) {
      const retryInMs = this.#backoffMs(cursor.failures++);
      cursor.notBefore = this.#clock.now() + retryInMs;
      this.#logger.debug(`tail ${cursor.shardId}: ${error.code}, retrying in ${retryInMs} ms`);
      this.#emit({ kind: 'throttled', shardId: cursor.shardId, retryInMs });
      return true;
    }
    if (error.retryable || error.code === 'ResourceInUseException') {
      const retryInMs = this.#backoffMs(cursor.failures++);
      cursor.notBefore = this.#clock.now() + retryInMs;
      this.#logger.debug(`tail ${cursor.shardId}: ${error.code}, retrying in ${retryInMs} ms`);
      this.#emit({ kind: 'error', shardId: cursor.shardId, error, fatal: false });
      return true;
    }
    this.#fatal(cursor.shardId, error);
    return false;
  }

  /** Delivers records in order, dropping any at or before the last one delivered (after a renewal). */
  #deliver(cursor: ShardCursor, records: readonly ReceivedRecord[], millisBehindLatest: number | undefined): void {
    let fresh = records;
    if (cursor.lastSequence !== undefined && records.length && !isAfter(records[0].sequenceNumber, cursor.lastSequence)) {
      const last = cursor.lastSequence;
      fresh = records.filter((r) => isAfter(r.sequenceNumber, last));
    }
    if (fresh.length) cursor.lastSequence = fresh[fresh.length - 1].sequenceNumber;
    if (fresh.length || millisBehindLatest !== cursor.lastLag) {
      cursor.lastLag = millisBehindLatest;
      this.#emit({ kind: 'records', shardId: cursor.shardId, records: fresh, millisBehindLatest });
    }
  }

  /** Waits until the cursor's next call time, or a pause, or stop. */
  async #pace(cursor: ShardCursor): Promise<void> {
    const wait = cursor.notBefore - this.#clock.now();
    if (wait > 0) await this.#clock.sleep(wait, this.#abort.signal);
  }

  // ---- GetRecords -----------------------------------------------------------------------------

  async #pollShard(shardId: string, start: ShardStart): Promise<void> {
    const { target } = this.#options;
    const signal = this.#abort.signal;
    const cursor: ShardCursor = { shardId, start, failures: 0, notBefore: 0 };
    let iterator: string | undefined;
    let issuedAt = 0;
    let firstIssuedAt: number | undefined;
    let renewing = false;
    let calledAt = 0;

    /** A call issued before the previous result was delivered (see below). */
    let prefetched: Promise<GetRecordsResult> | undefined;

    while (!this.#stopping) {
      let result: GetRecordsResult;
      try {
        if (prefetched) {
          const call = prefetched;
          prefetched = undefined;
          result = await call;
        } else {
          await this.#whilePaused();
          await this.#pace(cursor);
          if (this.#stopping) break;
          if (this.#paused) continue;
          // An iterator unused for almost 5 minutes (a long pause) is renewed before it expires.
          if (iterator !== undefined && this.#clock.now() - issuedAt > ITERATOR_RENEW_AFTER_MS) {
            iterator = undefined;
            renewing = true;
          }
          if (iterator === undefined) {
            const input = this.#iteratorInput(cursor, firstIssuedAt);
            iterator = await this.#gateway.getShardIterator(target, input, { signal });
            issuedAt = this.#clock.now();
            firstIssuedAt ??= issuedAt;
            if (renewing) {
              renewing = false;
              this.#logger.debug(`tail ${shardId}: iterator renewed (${input.type})`);
              this.#emit({ kind: 'iteratorRenewed', shardId });
            }
          }
          calledAt = this.#clock.now();
          cursor.notBefore = calledAt + this.#minIntervalMs;
          result = await this.#gateway.getRecords(target, iterator, this.#limit, { signal });
        }
      } catch (err) {
        const error = asKinesisError(err, 'GetRecords');
        if (error.code === 'ExpiredIteratorException' && !this.#stopping) {
          iterator = undefined;
          renewing = true;
          continue;
        }
        if (!this.#onReadError(cursor, error)) break;
        continue;
      }
      cursor.failures = 0;
      if (result.nextIterator !== undefined) {
        iterator = result.nextIterator;
        issuedAt = this.#clock.now();
        const caughtUp = result.records.length === 0 && (result.millisBehindLatest ?? 0) === 0;
        if (caughtUp) {
          cursor.notBefore = Math.max(cursor.notBefore, calledAt + this.#idleIntervalMs);
        } else if (!this.#paused && !this.#stopping && cursor.notBefore <= this.#clock.now()) {
          // Behind and allowed to call again now: issue the next call before handing these records
          // to the listener (which decodes them), so the service works while we decode. Results are
          // still awaited, and so delivered, in order.
          calledAt = this.#clock.now();
          cursor.notBefore = calledAt + this.#minIntervalMs;
          prefetched = this.#gateway.getRecords(target, iterator, this.#limit, { signal });
          prefetched.catch(() => undefined); // handled when awaited above
        }
      }
      // Delivered even when a stop began during the call: these records were read.
      this.#deliver(cursor, result.records, result.millisBehindLatest);
      if (result.nextIterator === undefined) {
        this.#emit({ kind: 'shardDrained', shardId, childShardIds: result.childShardIds ?? [] });
        await this.#drained(shardId, result.childShardIds ?? []);
        return;
      }
    }
  }

  /**
   * Where a (re)newed iterator starts: right after the last delivered record, so nothing is read
   * twice; else the shard's start. A LATEST start renewed before any record arrived uses the time
   * the first iterator was issued, so records put in between are not skipped.
   */
  #iteratorInput(cursor: ShardCursor, firstIssuedAt: number | undefined): ShardIteratorInput {
    const base = { stream: this.#options.stream, shardId: cursor.shardId };
    if (cursor.lastSequence !== undefined) return { ...base, type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: cursor.lastSequence };
    const start = cursor.start;
    if (start.type === 'LATEST' && firstIssuedAt !== undefined) {
      return { ...base, type: 'AT_TIMESTAMP', timestamp: new Date(firstIssuedAt - LATEST_RENEWAL_MARGIN_MS) };
    }
    if (start.type === 'AT_TIMESTAMP') return { ...base, type: 'AT_TIMESTAMP', timestamp: start.timestamp };
    if (start.type === 'AT_SEQUENCE_NUMBER') return { ...base, type: 'AT_SEQUENCE_NUMBER', sequenceNumber: start.sequenceNumber };
    return { ...base, type: start.type };
  }

  // ---- enhanced fan-out -----------------------------------------------------------------------

  /**
   * Reads a shard through SubscribeToShard. A subscription ends when the service ends it (5 minutes
   * on AWS), after `subscriptionLifetimeMs`, on pause, or on a broken connection; the next one starts
   * after the last continuation sequence number, so nothing is skipped or repeated.
   */
  async #subscribeShard(shardId: string, start: ShardStart): Promise<void> {
    const { target, consumerArn, subscriptionLifetimeMs } = this.#options;
    const cursor: ShardCursor = { shardId, start, failures: 0, notBefore: 0 };
    let continuation: string | undefined;
    let subscriptions = 0;
    /** When we last ended a subscription ourselves (lifetime, pause). */
    let endedByUsAt: number | undefined;

    while (!this.#stopping) {
      await this.#whilePaused();
      await this.#pace(cursor);
      if (this.#stopping) break;
      if (this.#paused) continue;

      const subscription = new AbortController();
      const onStop = () => subscription.abort();
      this.#abort.signal.addEventListener('abort', onStop, { once: true });
      this.#subscriptions.add(subscription);
      try {
        const after = continuation ?? cursor.lastSequence;
        const position: SubscribeStartingPosition = after !== undefined ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: after } : start;
        cursor.notBefore = this.#clock.now() + this.#minIntervalMs;
        const events = await this.#gateway.subscribeToShard(target, consumerArn ?? '', shardId, position, { signal: subscription.signal });
        if (subscriptions++ > 0) {
          this.#logger.debug(`tail ${shardId}: resubscribed (${position.type})`);
          this.#emit({ kind: 'resubscribed', shardId });
        }
        if (subscriptionLifetimeMs !== undefined && subscriptionLifetimeMs > 0) {
          void this.#clock.sleep(subscriptionLifetimeMs, subscription.signal).then(() => subscription.abort());
        }
        for await (const event of events) {
          cursor.failures = 0;
          this.#deliver(cursor, event.records, event.millisBehindLatest);
          if (event.continuationSequenceNumber) continuation = event.continuationSequenceNumber;
          else if (cursor.lastSequence !== undefined) continuation = cursor.lastSequence;
          // A closed shard's last event names its children (and has no continuation).
          const closed = event.childShardIds !== undefined && (event.childShardIds.length > 0 || !event.continuationSequenceNumber);
          if (closed && event.childShardIds) {
            subscription.abort();
            this.#emit({ kind: 'shardDrained', shardId, childShardIds: event.childShardIds });
            await this.#drained(shardId, event.childShardIds);
            return;
          }
        }
      } catch (err) {
        const error = asKinesisError(err, 'SubscribeToShard');
        // The service holds a subscription the client closed for a few seconds (kinesis-local ~3 s,
        // AWS up to 5 s) and refuses a new one meanwhile: expected after our own resubscribe.
        if (error.code === 'ResourceInUseException' && endedByUsAt !== undefined && this.#clock.now() - endedByUsAt < RESUBSCRIBE_GRACE_MS && !this.#stopping) {
          cursor.notBefore = this.#clock.now() + this.#backoffMs(cursor.failures++);
          this.#logger.debug(`tail ${shardId}: previous subscription still held, retrying`);
          continue;
        }
        if (!this.#onReadError(cursor, error)) break;
      } finally {
        if (subscription.signal.aborted && !this.#stopping) endedByUsAt = this.#clock.now();
        subscription.abort();
        this.#subscriptions.delete(subscription);
        this.#abort.signal.removeEventListener('abort', onStop);
      }
    }
  }
}

/** The problem with the options, before any call; undefined when they are fine. */
export function validateTailOptions(options: TailOptions): string | undefined {
  const streamProblem = validateStreamName(options.stream);
  if (streamProblem) return streamProblem;
  if (options.shardIds !== undefined) {
    if (options.shardIds.length === 0) return 'Choose at least one shard, or read every shard.';
    for (const id of options.shardIds) {
      const problem = validateShardId(id);
      if (problem) return problem;
    }
    if (new Set(options.shardIds).size !== options.shardIds.length) return 'A shard is chosen twice.';
  }
  const start = options.start;
  switch (start?.type) {
    case 'LATEST':
    case 'TRIM_HORIZON':
      break;
    case 'AT_TIMESTAMP':
      if (!(start.timestamp instanceof Date) || isNaN(start.timestamp.getTime())) return 'AT_TIMESTAMP needs a valid date and time.';
      break;
    case 'AT_SEQUENCE_NUMBER': {
      const problem = validateSequenceNumber(start.sequenceNumber) ?? validateShardId(start.shardId);
      if (problem) return problem;
      if (options.shardIds && !options.shardIds.includes(start.shardId)) {
        return `The sequence number belongs to ${start.shardId}, which is not among the chosen shards.`;
      }
      break;
    }
    default:
      return 'Start position must be LATEST, TRIM_HORIZON, AT_TIMESTAMP or AT_SEQUENCE_NUMBER.';
  }
  if (options.minPollIntervalMs !== undefined && !(options.minPollIntervalMs >= 0)) return 'The minimum poll interval must be 0 ms or more.';
  if (options.getRecordsLimit !== undefined) {
    const problem = validateGetRecordsLimit(options.getRecordsLimit);
    if (problem) return problem;
  }
  if (options.consumerArn !== undefined && !/^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream\/[a-zA-Z0-9_.-]{1,128}\/consumer\/[a-zA-Z0-9_.-]{1,128}:[0-9]+$/.test(options.consumerArn)) {
    return 'Consumer ARN must look like arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<timestamp>.';
  }
  return undefined;
}

function asKinesisError(err: unknown, operation: string): KinesisError {
  return isKinesisError(err) ? err : toKinesisError(err, operation);
}

/** True when decimal sequence number `a` is greater than `b` (both up to 129 digits, no leading zeros). */
function isAfter(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}
