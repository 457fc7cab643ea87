/**
 * The one in-memory KinesisGateway for unit tests: streams made of shards that hold records, puts that
 * a script may fail entry by entry or call by call, reads by iterator, and a log of every call with
 * the time it was made, and streams per region for the listing calls (ListStreams, DescribeStream,
 * ListShards, ListConsumers, ListTags). Integration tests use a real emulator instead; this is for the
 * paths an emulator cannot produce on demand (throttling, partial failures, hangs, expired iterators).
 * Other control-plane calls (create, delete, reshard, …) throw "not modelled".
 */
import { strict as assert } from 'node:assert';
import { KinesisError } from '../../src/core/kinesis/errors';
import { MAX_HASH_KEY } from '../../src/core/kinesis/validation';
import type {
  CallOptions, ConnectionTarget, ConsumerInfo, GetRecordsResult, StreamDetails, StreamListEntry, StreamStatus, KinesisGateway, PutRecordInput, PutRecordResult, PutRecordsEntry,
  PutRecordsEntryResult, PutRecordsResult, ReceivedRecord, ShardInfo, ShardIteratorInput, SubscribeStartingPosition,
  SubscribeToShardEvent,
} from '../../src/core/kinesis/gateway';

export const FAKE_TARGET: ConnectionTarget = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1', localEmulator: true };

/**
 * What a put script decides for one call: per-entry results (`'ok'` stores the entry), or a thrown
 * error. A list shorter than the call's entries is a malformed answer: the entries after it get no result.
 */
export type PutDecision = readonly (PutRecordsEntryResult | 'ok')[] | KinesisError | 'ok';

/** Decides the outcome of one PutRecords (or PutRecord) call when it starts. */
export type PutScript = (call: {
  readonly callNumber: number;
  readonly stream: string;
  readonly region: string;
  readonly entries: readonly PutRecordsEntry[];
}) => PutDecision | Promise<PutDecision>;

/**
 * A put script that decides each entry on its own, in order: `'ok'` stores it, an entry result fails
 * it, and a KinesisError fails the whole call (the first one met is thrown).
 */
export function perEntry(decide: (entry: PutRecordsEntry, callNumber: number) => PutRecordsEntryResult | KinesisError | 'ok'): PutScript {
  return ({ callNumber, entries }) => {
    const decisions: (PutRecordsEntryResult | 'ok')[] = [];
    for (const entry of entries) {
      const decision = decide(entry, callNumber);
      if (decision instanceof KinesisError) return decision;
      decisions.push(decision);
    }
    return decisions;
  };
}

/** What a read interception does to one GetRecords call: fail it, hang it until aborted, or let it run. */
export type ReadInterception = KinesisError | 'hang' | undefined;

/** A record a put stored, with where it went. */
export interface StoredRecord {
  readonly stream: string;
  readonly region: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  /** The data as UTF-8 text. */
  readonly text: string;
  /** True when it came through PutRecord rather than PutRecords. */
  readonly alone: boolean;
}

/** One call the fake answered. */
export interface GatewayCall {
  readonly op: string;
  readonly stream?: string;
  readonly region?: string;
  readonly shardId?: string;
  /** Fake or real milliseconds, from the clock given to the constructor. */
  readonly at: number;
  readonly keys?: readonly string[];
  readonly bytes?: number;
  /** The entries a put call sent. */
  readonly entries?: readonly PutRecordsEntry[];
  readonly input?: ShardIteratorInput;
  readonly consumerArn?: string;
  readonly streamArn?: string;
  readonly signal?: AbortSignal;
}

/**
 * A stream the control-plane listing calls answer from (ListStreams, DescribeStream, ListShards,
 * ListConsumers, ListTags), per region. Live: change its fields and the next call sees them.
 */
export interface FakeStream {
  status: StreamStatus;
  shards: ShardInfo[];
  consumers: ConsumerInfo[];
  tags: Record<string, string>;
}

interface FakeShard {
  readonly info: ShardInfo;
  readonly records: ReceivedRecord[];
  closed: boolean;
  readonly children: string[];
}

export interface FakeKinesisGatewayOptions {
  /** Decides each put call (default: every entry stored). */
  readonly putScript?: PutScript;
  /** Milliseconds each put call takes, so calls overlap (aborted by the call's signal). */
  readonly putLatencyMs?: number;
  /** Time for the call log (default Date.now). */
  readonly now?: () => number;
  /** The stream the shards belong to; reads naming another stream fail with ResourceNotFoundException (default: any name). */
  readonly stream?: string;
  /** The one registered consumer; subscribing with another ARN fails with ResourceNotFoundException (default: any ARN). */
  readonly consumerArn?: string;
}

function notScripted(op: string): never {
  throw new Error(`FakeKinesisGateway: ${op} is not modelled; use a real emulator (test/support/emulators.ts) for it`);
}

function streamArn(region: string, stream: string): string {
  return `arn:aws:kinesis:${region}:000000000000:stream/${stream}`;
}

function notFound(op: string, what: string): KinesisError {
  return new KinesisError({ message: `${what} not found.`, code: 'ResourceNotFoundException', operation: op, httpStatus: 400 });
}

function cancelled(op: string): KinesisError {
  return new KinesisError({ message: `${op} was cancelled.`, code: 'Aborted', operation: op });
}

function delay(ms: number, op: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(op));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(op));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class FakeKinesisGateway implements KinesisGateway {
  readonly calls: GatewayCall[] = [];
  readonly stored: StoredRecord[] = [];
  /** Put calls running right now, and the most that ever ran at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Decides each put call; replace it between steps of a test. */
  putScript: PutScript;
  /** Intercepts GetRecords calls (numbered per shard). */
  interceptRead: (call: { readonly shardId: string; readonly callNumber: number }) => ReadInterception = () => undefined;
  /** Answers SubscribeToShard; unset means the fake has no consumer. */
  subscribeScript?: (consumerArn: string, shardId: string, position: SubscribeStartingPosition, signal: AbortSignal | undefined) => AsyncIterable<SubscribeToShardEvent>;

  /** The next listing call (ListStreams, DescribeStream, ListShards, ListConsumers, ListTags) fails with this. */
  failNext: KinesisError | undefined;
  /** Milliseconds each DescribeStream takes; DescribeStream calls running now, and the most at once. */
  describeLatencyMs = 0;
  describing = 0;
  maxDescribing = 0;

  readonly #shards = new Map<string, FakeShard>();
  readonly #regions = new Map<string, Map<string, FakeStream>>();
  readonly #putLatencyMs: number;
  readonly #now: () => number;
  readonly #stream?: string;
  readonly #consumerArn?: string;
  #sequence = 1000;
  #putCalls = 0;

  constructor(options: FakeKinesisGatewayOptions = {}) {
    this.putScript = options.putScript ?? (() => 'ok');
    this.#putLatencyMs = options.putLatencyMs ?? 0;
    this.#now = options.now ?? Date.now;
    this.#stream = options.stream;
    this.#consumerArn = options.consumerArn;
  }

  // ---- building the stream --------------------------------------------------------------------

  /** Adds a shard; naming parents closes them and makes this their child (a split or a merge). */
  addShard(shardId: string, parents: readonly string[] = []): this {
    this.#shards.set(shardId, {
      info: { shardId, parentShardId: parents[0], adjacentParentShardId: parents[1], startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '0' },
      records: [],
      closed: false,
      children: [],
    });
    for (const parent of parents) {
      const shard = this.#shard(parent);
      shard.closed = true;
      shard.children.push(shardId);
    }
    return this;
  }

  /**
   * Adds a stream that the listing calls answer from in `region` (default: ACTIVE, one open shard over
   * the whole keyspace, no consumers, no tags). ListShards on it answers its `shards`, not addShard's.
   */
  addStream(region: string, name: string, stream: Partial<FakeStream> = {}): FakeStream {
    const streams = this.#regions.get(region) ?? new Map<string, FakeStream>();
    this.#regions.set(region, streams);
    const whole: ShardInfo = { shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: MAX_HASH_KEY.toString(), startingSequenceNumber: '1' };
    const full: FakeStream = { status: 'ACTIVE', shards: [whole], consumers: [], tags: {}, ...stream };
    streams.set(name, full);
    return full;
  }

  /** Removes a stream added with addStream, as a finished deletion would. */
  removeStream(region: string, name: string): void {
    this.#regions.get(region)?.delete(name);
  }

  /** Appends a record to a shard, as a producer elsewhere would. */
  put(shardId: string, partitionKey: string, text: string): ReceivedRecord {
    const record: ReceivedRecord = { sequenceNumber: String(++this.#sequence), partitionKey, data: new TextEncoder().encode(text) };
    this.#shard(shardId).records.push(record);
    return record;
  }

  /** The records of a shard, live: records put later show up in it. */
  records(shardId: string): readonly ReceivedRecord[] {
    return this.#shard(shardId).records;
  }

  /** Closes a shard without children (its records end, as after a split that is not modelled). */
  closeShard(shardId: string): this {
    this.#shard(shardId).closed = true;
    return this;
  }

  /** The calls of one operation, optionally on one shard. */
  callsOf(op: string, shardId?: string): GatewayCall[] {
    return this.calls.filter((c) => c.op === op && (shardId === undefined || c.shardId === shardId));
  }

  // ---- writes ---------------------------------------------------------------------------------

  async putRecords(target: ConnectionTarget, stream: string, entries: readonly PutRecordsEntry[], options?: CallOptions): Promise<PutRecordsResult> {
    return this.#put('PutRecords', target, stream, entries, false, options);
  }

  async putRecord(target: ConnectionTarget, input: PutRecordInput, options?: CallOptions): Promise<PutRecordResult> {
    const result = await this.#put('PutRecord', target, input.stream, [input], true, options);
    const entry = result.entries[0];
    if (!entry.ok) {
      throw new KinesisError({ message: entry.errorMessage ?? entry.errorCode, code: entry.errorCode, operation: 'PutRecord', retryable: entry.errorCode === 'ProvisionedThroughputExceededException', httpStatus: 400 });
    }
    return { shardId: entry.shardId, sequenceNumber: entry.sequenceNumber };
  }

  async #put(op: string, target: ConnectionTarget, stream: string, entries: readonly PutRecordsEntry[], alone: boolean, options?: CallOptions): Promise<PutRecordsResult> {
    const callNumber = this.#putCalls++;
    this.calls.push({
      op, stream, region: target.region, at: this.#now(), signal: options?.signal,
      keys: entries.map((e) => e.partitionKey), entries,
      bytes: entries.reduce((n, e) => n + e.data.byteLength + Buffer.byteLength(e.partitionKey), 0),
    });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Decided when the call starts, so a script can cancel "while this request is in flight".
      const decision = await this.putScript({ callNumber, stream, region: target.region, entries });
      if (this.#putLatencyMs > 0) await delay(this.#putLatencyMs, op, options?.signal);
      if (decision instanceof KinesisError) throw decision;
      const answered = decision === 'ok' ? entries : entries.slice(0, decision.length);
      const results = answered.map((entry, i): PutRecordsEntryResult => {
        const d = decision === 'ok' ? 'ok' : decision[i];
        if (d !== 'ok' && !d.ok) return d;
        this.stored.push({
          stream, region: target.region, partitionKey: entry.partitionKey, explicitHashKey: entry.explicitHashKey, data: entry.data,
          text: Buffer.from(entry.data).toString('utf8'), alone,
        });
        return { ok: true, shardId: 'shardId-000000000000', sequenceNumber: String(++this.#sequence) };
      });
      return { failedCount: results.filter((r) => !r.ok).length, entries: results };
    } finally {
      this.inFlight--;
    }
  }

  // ---- reads ----------------------------------------------------------------------------------

  async listShards(target: ConnectionTarget, stream: string): Promise<ShardInfo[]> {
    this.#listing({ op: 'ListShards', stream, region: target.region, at: this.#now() });
    const added = this.#regions.get(target.region)?.get(stream);
    if (added) return added.shards.map((s) => ({ ...s }));
    this.#checkStream('ListShards', stream);
    return [...this.#shards.values()].map((s) => (s.closed ? { ...s.info, endingSequenceNumber: '9999' } : s.info));
  }

  async getShardIterator(_target: ConnectionTarget, input: ShardIteratorInput): Promise<string> {
    this.calls.push({ op: 'GetShardIterator', stream: input.stream, shardId: input.shardId, at: this.#now(), input });
    this.#checkStream('GetShardIterator', input.stream);
    const shard = this.#shard(input.shardId);
    const sequence = BigInt(input.sequenceNumber ?? '0');
    const find = (match: (r: ReceivedRecord) => boolean) => {
      const index = shard.records.findIndex(match);
      return index < 0 ? shard.records.length : index;
    };
    switch (input.type) {
      case 'LATEST':
        return `${input.shardId}:${shard.records.length}`;
      case 'AT_SEQUENCE_NUMBER':
        return `${input.shardId}:${find((r) => BigInt(r.sequenceNumber) >= sequence)}`;
      case 'AFTER_SEQUENCE_NUMBER':
        return `${input.shardId}:${find((r) => BigInt(r.sequenceNumber) > sequence)}`;
      default:
        return `${input.shardId}:0`;
    }
  }

  async getRecords(_target: ConnectionTarget, iterator: string, limit?: number, options?: CallOptions): Promise<GetRecordsResult> {
    const [shardId, at] = iterator.split(':');
    const callNumber = this.callsOf('GetRecords', shardId).length;
    this.calls.push({ op: 'GetRecords', shardId, at: this.#now(), signal: options?.signal });
    const interception = this.interceptRead({ shardId, callNumber });
    if (interception === 'hang') {
      await new Promise<void>((_, reject) => options?.signal?.addEventListener('abort', () => reject(cancelled('GetRecords'))));
    }
    if (interception instanceof KinesisError) throw interception;
    const shard = this.#shard(shardId);
    const start = Number(at);
    const records = shard.records.slice(start, start + (limit ?? 10_000));
    const next = start + records.length;
    const drained = shard.closed && next >= shard.records.length;
    return {
      records,
      nextIterator: drained ? undefined : `${shardId}:${next}`,
      millisBehindLatest: next >= shard.records.length ? 0 : 1000,
      childShardIds: drained ? shard.children : undefined,
    };
  }

  async subscribeToShard(_target: ConnectionTarget, consumerArn: string, shardId: string, position: SubscribeStartingPosition, options?: CallOptions): Promise<AsyncIterable<SubscribeToShardEvent>> {
    this.calls.push({ op: 'SubscribeToShard', shardId, consumerArn, at: this.#now(), input: { stream: this.#stream ?? '', shardId, ...position } as ShardIteratorInput, signal: options?.signal });
    if (this.#consumerArn !== undefined && consumerArn !== this.#consumerArn) throw notFound('SubscribeToShard', `Consumer ${consumerArn}`);
    assert.ok(this.subscribeScript, 'FakeKinesisGateway: set subscribeScript before subscribing');
    return this.subscribeScript(consumerArn, shardId, position, options?.signal);
  }

  // ---- control-plane listings, from addStream ----------------------------------------------

  async listStreams(target: ConnectionTarget): Promise<StreamListEntry[]> {
    this.#listing({ op: 'ListStreams', region: target.region, at: this.#now() });
    return [...(this.#regions.get(target.region)?.keys() ?? [])].map((name) => ({ name }));
  }

  async describeStream(target: ConnectionTarget, stream: string): Promise<StreamDetails> {
    this.describing++;
    this.maxDescribing = Math.max(this.maxDescribing, this.describing);
    try {
      if (this.describeLatencyMs > 0) await delay(this.describeLatencyMs, 'DescribeStream');
      this.#listing({ op: 'DescribeStream', stream, region: target.region, at: this.#now() });
      const s = this.#added('DescribeStreamSummary', target, stream);
      return {
        name: stream, arn: streamArn(target.region, stream), status: s.status, mode: 'PROVISIONED',
        openShardCount: s.shards.filter((x) => !x.endingSequenceNumber).length, retentionHours: 24, encryption: 'NONE',
        consumerCount: s.consumers.length, enhancedMonitoring: [],
      };
    } finally {
      this.describing--;
    }
  }

  async listConsumers(target: ConnectionTarget, arn: string): Promise<ConsumerInfo[]> {
    this.#listing({ op: 'ListConsumers', streamArn: arn, region: target.region, at: this.#now() });
    const name = [...(this.#regions.get(target.region)?.keys() ?? [])].find((n) => streamArn(target.region, n) === arn);
    if (name === undefined) throw notFound('ListStreamConsumers', `Stream ${arn}`);
    return this.#added('ListStreamConsumers', target, name).consumers.map((c) => ({ ...c }));
  }

  async listTags(target: ConnectionTarget, stream: string): Promise<Record<string, string>> {
    this.#listing({ op: 'ListTags', stream, region: target.region, at: this.#now() });
    return { ...this.#added('ListTagsForStream', target, stream).tags };
  }

  /** Logs a listing call, then fails it if failNext says so. */
  #listing(call: GatewayCall): void {
    this.calls.push(call);
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
  }

  #added(op: string, target: ConnectionTarget, stream: string): FakeStream {
    const found = this.#regions.get(target.region)?.get(stream);
    if (!found) throw notFound(op, `Stream ${stream}`);
    return found;
  }

  #checkStream(op: string, stream: string): void {
    if (this.#stream !== undefined && stream !== this.#stream) throw notFound(op, `Stream ${stream}`);
  }

  #shard(shardId: string): FakeShard {
    const shard = this.#shards.get(shardId);
    assert.ok(shard, `FakeKinesisGateway: no shard ${shardId}; add it with addShard()`);
    return shard;
  }

  // ---- not modelled: control-plane mutations are tested against kinesis-local -----------------

  createStream(): never { return notScripted('CreateStream'); }
  deleteStream(): never { return notScripted('DeleteStream'); }
  waitForActive(): never { return notScripted('waitForActive'); }
  addTags(): never { return notScripted('AddTags'); }
  removeTags(): never { return notScripted('RemoveTags'); }
  updateShardCount(): never { return notScripted('UpdateShardCount'); }
  splitShard(): never { return notScripted('SplitShard'); }
  mergeShards(): never { return notScripted('MergeShards'); }
  setRetention(): never { return notScripted('SetRetention'); }
  startEncryption(): never { return notScripted('StartEncryption'); }
  stopEncryption(): never { return notScripted('StopEncryption'); }
  updateStreamMode(): never { return notScripted('UpdateStreamMode'); }
  registerConsumer(): never { return notScripted('RegisterStreamConsumer'); }
  deregisterConsumer(): never { return notScripted('DeregisterStreamConsumer'); }
  setEnhancedMonitoring(): never { return notScripted('EnableEnhancedMonitoring'); }
  dispose(): void {}
}
