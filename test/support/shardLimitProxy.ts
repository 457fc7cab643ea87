/**
 * Test-only shard-limit simulator: a loopback HTTP proxy in front of kinesis-local or kinesalite that
 * enforces what neither emulator does, AWS's per-shard write limit (1,000 records/s and 1 MiB/s of
 * data + partition key). Each PutRecords entry is routed to its shard (MD5 of the partition key or
 * its explicit hash key, against the open shards' hash ranges); an entry over its shard's budget is
 * not forwarded and is answered per entry with ProvisionedThroughputExceededException, as AWS does,
 * while the others are forwarded and their results merged back in the original order. A PutRecord
 * over the budget gets the HTTP 400 error answer.
 *
 * Accounting uses fixed one-second windows of an injectable clock (window = ⌊now ÷ 1000 ms⌋), so a
 * unit test can step time and an integration test can freeze it. Unlike the fault proxy, a throttled
 * entry here never reaches the emulator: re-sending it creates no duplicate.
 *
 * Only JSON bodies (application/x-amz-json-1.1, which @aws-sdk/client-kinesis sends) are accounted;
 * a CBOR put is refused with a 400 so that a test never believes it was limited when it was not.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { MIB, SHARD_WRITE_RECORDS_PER_SECOND } from '../../src/core/analysis/limits';
import { ShardMap, type RoutedShard, type ShardDescription } from '../../src/core/analysis/shardMap';
import { callUpstream, createAsyncServer, forward, isJsonBody, listenOnLoopback, operationOf, readBody, sendJson, sendResponse } from './loopbackHttp';

/** Per-shard, per-second write budget. */
export interface ShardLimits {
  /** Records per shard per second. AWS: 1,000. */
  readonly recordsPerSecond: number;
  /** Data + partition key bytes per shard per second. AWS: 1 MiB (1,048,576). */
  readonly bytesPerSecond: number;
}

/** AWS's provisioned write limit per shard. */
export const AWS_SHARD_LIMITS: ShardLimits = { recordsPerSecond: SHARD_WRITE_RECORDS_PER_SECOND, bytesPerSecond: MIB };

/** Milliseconds since the epoch (or any monotonic origin): Date.now by default. */
export type Clock = () => number;

const WINDOW_MS = 1_000;

/**
 * The pure accounting: one fixed one-second window per shard key. An entry is admitted when its
 * shard's window still has room for one more record and its bytes; a record larger than the whole
 * byte budget is therefore never admitted (AWS's 1 MiB record always fits an empty 1 MiB window).
 */
export class ShardWindows {
  #limits: ShardLimits;
  readonly #windows = new Map<string, { second: number; records: number; bytes: number }>();

  constructor(limits: ShardLimits = AWS_SHARD_LIMITS) {
    this.#limits = limits;
  }

  get limits(): ShardLimits {
    return this.#limits;
  }

  set limits(limits: ShardLimits) {
    this.#limits = limits;
  }

  /** Admits (and counts) one entry of `bytes` for `shardKey` at `nowMs`, or refuses it. */
  tryAdmit(shardKey: string, bytes: number, nowMs: number): boolean {
    const window = this.#window(shardKey, nowMs);
    if (window.records + 1 > this.#limits.recordsPerSecond || window.bytes + bytes > this.#limits.bytesPerSecond) return false;
    window.records++;
    window.bytes += bytes;
    return true;
  }

  /** Gives back an admitted entry whose request the emulator refused (AWS does not charge those). */
  refund(shardKey: string, bytes: number, nowMs: number): void {
    const window = this.#window(shardKey, nowMs);
    window.records = Math.max(0, window.records - 1);
    window.bytes = Math.max(0, window.bytes - bytes);
  }

  /** What `shardKey` has used in the window that holds `nowMs`. */
  used(shardKey: string, nowMs: number): { records: number; bytes: number } {
    const { records, bytes } = this.#window(shardKey, nowMs);
    return { records, bytes };
  }

  #window(shardKey: string, nowMs: number) {
    const second = Math.floor(nowMs / WINDOW_MS);
    let window = this.#windows.get(shardKey);
    if (!window) this.#windows.set(shardKey, (window = { second, records: 0, bytes: 0 }));
    else if (window.second !== second) {
      window.second = second;
      window.records = 0;
      window.bytes = 0;
    }
    return window;
  }
}

/** The bytes a PutRecords entry counts against its shard: decoded data + UTF-8 partition key. */
export function entryBytes(base64Data: string, partitionKey: string): number {
  return base64DecodedLength(base64Data) + Buffer.byteLength(partitionKey, 'utf8');
}

/** Length of base64-decoded data without decoding it. */
export function base64DecodedLength(base64: string): number {
  let padding = 0;
  if (base64.endsWith('==')) padding = 2;
  else if (base64.endsWith('=')) padding = 1;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** The AWS message of a per-shard throttle. */
export function throttleMessage(shardId: string, stream: string, account: string): string {
  return `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`;
}

/** node:crypto's MD5 for routing: the proxy sits in Node and must keep up with the emulator. */
const nodeHasher = (key: string): Uint8Array => createHash('md5').update(key, 'utf8').digest();

/** Builds the routing table the proxy uses (exported for the unit tests of the router). */
export function shardMapOf(shards: readonly ShardDescription[]): ShardMap {
  return new ShardMap(shards, { hasher: nodeHasher });
}

/** One shard's tally. */
export interface ShardCounter {
  accepted: number;
  throttled: number;
  acceptedBytes: number;
  throttledBytes: number;
}

/** What the simulator saw and did. */
export interface ShardLimitCounters {
  requests: number;
  readonly requestsByOperation: Record<string, number>;
  /** Entries (PutRecords entries and PutRecord calls) forwarded within their shard's budget. */
  accepted: number;
  /** Entries answered ProvisionedThroughputExceededException by the simulator. */
  throttled: number;
  /** Entries forwarded unaccounted: the stream's shards are unknown or no open shard owns the key. */
  unrouted: number;
  /** Times the simulator fetched a stream's shards from the emulator. */
  shardRefreshes: number;
  /** Per stream name, per shard ID. */
  readonly byShard: Record<string, Record<string, ShardCounter>>;
}

export interface ShardLimitProxyOptions {
  /** Upstream emulator, e.g. http://127.0.0.1:4567. */
  readonly upstream: string;
  /** Default {@link AWS_SHARD_LIMITS}. */
  readonly limits?: ShardLimits;
  /** Default Date.now. */
  readonly clock?: Clock;
}

export interface ShardLimitProxy {
  /** `http://127.0.0.1:<port>`: use as the client's endpoint. */
  readonly endpoint: string;
  readonly counters: ShardLimitCounters;
  /** Changes the budget for the following requests (windows in progress keep what they used). */
  setLimits(limits: ShardLimits): void;
  /** The shard map the simulator currently routes `stream` by (undefined before it learned it). */
  shardMap(stream: string): ShardMap | undefined;
  /** Marks a stream's shard map stale: it is fetched again before the next put. */
  invalidate(stream?: string): void;
  resetCounters(): void;
  stop(): Promise<void>;
}

/** Operations after which a stream's shards change. */
const RESHARD_OPERATIONS = new Set(['UpdateShardCount', 'SplitShard', 'MergeShards', 'CreateStream', 'DeleteStream']);

interface StreamState {
  map?: ShardMap;
  account: string;
  /** Refetch before the next put: a reshard went through, or the stream was still UPDATING. */
  stale: boolean;
  refreshing?: Promise<void>;
}

interface PutEntry {
  Data?: string;
  PartitionKey?: string;
  ExplicitHashKey?: string;
}

interface EntryDecision {
  readonly shard?: RoutedShard;
  readonly bytes: number;
  readonly admitted: boolean;
}

/** The stream name of a request body: StreamName, or the name at the end of StreamARN. */
function streamNameOf(input: { StreamName?: unknown; StreamARN?: unknown }): string | undefined {
  if (typeof input.StreamName === 'string') return input.StreamName;
  if (typeof input.StreamARN === 'string') return input.StreamARN.split(':stream/')[1];
  return undefined;
}

function emptyCounters(): ShardLimitCounters {
  return { requests: 0, requestsByOperation: {}, accepted: 0, throttled: 0, unrouted: 0, shardRefreshes: 0, byShard: {} };
}

/** Starts the simulator on a free 127.0.0.1 port. */
export async function startShardLimitProxy(options: ShardLimitProxyOptions): Promise<ShardLimitProxy> {
  const upstream = new URL(options.upstream);
  const clock = options.clock ?? Date.now;
  const windows = new ShardWindows(options.limits ?? AWS_SHARD_LIMITS);
  const streams = new Map<string, StreamState>();
  let counters = emptyCounters();

  const stateOf = (stream: string): StreamState => {
    let state = streams.get(stream);
    if (!state) streams.set(stream, (state = { account: 'unknown', stale: true }));
    return state;
  };

  const shardCounter = (stream: string, shardId: string): ShardCounter => {
    const perStream = (counters.byShard[stream] ??= {});
    return (perStream[shardId] ??= { accepted: 0, throttled: 0, acceptedBytes: 0, throttledBytes: 0 });
  };

  /** DescribeStreamSummary (status, account) then every page of ListShards. */
  async function refresh(stream: string, state: StreamState, like: IncomingHttpHeaders): Promise<void> {
    counters.shardRefreshes++;
    const summary = await callUpstream(upstream, like, 'DescribeStreamSummary', { StreamName: stream });
    if (summary.status !== 200) return; // e.g. no such stream: the put itself will say so
    const description = JSON.parse(summary.body.toString('utf8')).StreamDescriptionSummary as { StreamARN?: string; StreamStatus?: string };
    state.account = description.StreamARN?.split(':')[4] || state.account;
    const shards: ShardDescription[] = [];
    let page: { StreamName?: string; NextToken?: string } = { StreamName: stream };
    for (;;) {
      const answer = await callUpstream(upstream, like, 'ListShards', page);
      if (answer.status !== 200) return;
      const body = JSON.parse(answer.body.toString('utf8')) as { Shards?: RawShard[]; NextToken?: string };
      shards.push(...(body.Shards ?? []).map(toShardDescription));
      if (!body.NextToken) break;
      page = { NextToken: body.NextToken };
    }
    state.map = shardMapOf(shards);
    // While UPDATING the shards may still change: look again before the next put.
    state.stale = description.StreamStatus !== 'ACTIVE';
  }

  async function mapFor(stream: string, like: IncomingHttpHeaders): Promise<{ map?: ShardMap; account: string }> {
    const state = stateOf(stream);
    if (state.stale) {
      state.refreshing ??= refresh(stream, state, like).finally(() => (state.refreshing = undefined));
      await state.refreshing;
    }
    return state;
  }

  /** Routes and admits each entry in order; nothing is counted yet. */
  function decide(stream: string, map: ShardMap | undefined, entries: readonly PutEntry[], now: number): EntryDecision[] {
    return entries.map((entry) => {
      const partitionKey = entry.PartitionKey ?? '';
      const bytes = entryBytes(entry.Data ?? '', partitionKey);
      const shard = map?.route(partitionKey, entry.ExplicitHashKey);
      if (!shard) return { bytes, admitted: true };
      return { shard, bytes, admitted: windows.tryAdmit(`${stream}/${shard.shardId}`, bytes, now) };
    });
  }

  function count(stream: string, decisions: readonly EntryDecision[]): void {
    for (const d of decisions) {
      if (!d.shard) {
        counters.unrouted++;
        continue;
      }
      const counter = shardCounter(stream, d.shard.shardId);
      if (d.admitted) {
        counters.accepted++;
        counter.accepted++;
        counter.acceptedBytes += d.bytes;
      } else {
        counters.throttled++;
        counter.throttled++;
        counter.throttledBytes += d.bytes;
      }
    }
  }

  function refund(stream: string, decisions: readonly EntryDecision[], now: number): void {
    for (const d of decisions) if (d.shard && d.admitted) windows.refund(`${stream}/${d.shard.shardId}`, d.bytes, now);
  }

  async function handlePut(req: IncomingMessage, res: ServerResponse, operation: 'PutRecord' | 'PutRecords', body: Buffer): Promise<void> {
    const input = JSON.parse(body.toString('utf8')) as { StreamName?: string; StreamARN?: string; Records?: PutEntry[] } & PutEntry;
    const stream = streamNameOf(input);
    if (stream === undefined) return pass(req, res, body, operation);
    const { map, account } = await mapFor(stream, req.headers);
    const entries: PutEntry[] = operation === 'PutRecords' ? (Array.isArray(input.Records) ? input.Records : []) : [input];
    const now = clock();
    const decisions = decide(stream, map, entries, now);
    const throttleError = (d: EntryDecision) => ({
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: throttleMessage(d.shard!.shardId, stream, account),
    });

    if (operation === 'PutRecord' && !decisions[0].admitted) {
      count(stream, decisions);
      const { ErrorMessage } = throttleError(decisions[0]);
      return sendJson(res, 400, { __type: 'ProvisionedThroughputExceededException', message: ErrorMessage });
    }
    const admitted = entries.filter((_, i) => decisions[i].admitted);
    if (admitted.length === 0 && entries.length > 0) {
      count(stream, decisions);
      return sendJson(res, 200, { FailedRecordCount: entries.length, Records: decisions.map(throttleError) });
    }

    const forwardedBody = admitted.length === entries.length ? body : Buffer.from(JSON.stringify({ ...input, Records: admitted }));
    const answer = await forward(upstream, req.method ?? 'POST', req.url ?? '/', req.headers, forwardedBody);
    if (answer.status !== 200) {
      // The emulator refused the request (bad stream, bad argument): nothing was written, nothing counts.
      refund(stream, decisions, now);
      return sendResponse(res, answer.status, answer.headers, answer.body);
    }
    count(stream, decisions);
    if (admitted.length === entries.length) return sendResponse(res, answer.status, answer.headers, answer.body);

    const upstreamResult = JSON.parse(answer.body.toString('utf8')) as { Records?: Record<string, unknown>[]; EncryptionType?: string };
    const forwardedResults = upstreamResult.Records ?? [];
    let next = 0;
    const records = decisions.map((d) => (d.admitted ? (forwardedResults[next++] ?? {}) : throttleError(d)));
    const merged = { ...upstreamResult, FailedRecordCount: records.filter((r) => r.ErrorCode !== undefined).length, Records: records };
    sendResponse(res, 200, { ...answer.headers }, Buffer.from(JSON.stringify(merged)));
  }

  /** Forwards untouched; learns from what passes through. */
  async function pass(req: IncomingMessage, res: ServerResponse, body: Buffer, operation: string): Promise<void> {
    const answer = await forward(upstream, req.method ?? 'POST', req.url ?? '/', req.headers, body);
    if (answer.status === 200 && isJsonBody(req.headers)) learn(operation, body, answer.body);
    sendResponse(res, answer.status, answer.headers, answer.body);
  }

  function learn(operation: string, requestBody: Buffer, responseBody: Buffer): void {
    let input: { StreamName?: string; StreamARN?: string; NextToken?: string; ExclusiveStartShardId?: string; ShardFilter?: unknown };
    try {
      input = JSON.parse(requestBody.toString('utf8'));
    } catch {
      return;
    }
    const stream = streamNameOf(input);
    if (stream === undefined) return;
    if (RESHARD_OPERATIONS.has(operation)) {
      stateOf(stream).stale = true;
      return;
    }
    // A complete, unfiltered ListShards answer that differs from the map means a reshard we missed.
    if (operation === 'ListShards' && !input.ExclusiveStartShardId && !input.ShardFilter) {
      const output = JSON.parse(responseBody.toString('utf8')) as { Shards?: RawShard[]; NextToken?: string };
      if (output.NextToken) return;
      const state = stateOf(stream);
      const seen = shardMapOf((output.Shards ?? []).map(toShardDescription));
      if (!state.map || !state.map.sameShardsAs(seen)) state.map = seen;
    }
  }

  const server = createAsyncServer(async (req, res) => {
    const body = await readBody(req);
    const operation = operationOf(req.headers);
    counters.requests++;
    counters.requestsByOperation[operation] = (counters.requestsByOperation[operation] ?? 0) + 1;
    if (operation === 'PutRecord' || operation === 'PutRecords') {
      if (!isJsonBody(req.headers)) {
        return sendJson(res, 400, { __type: 'SerializationException', message: 'The shard-limit simulator accounts JSON puts only (application/x-amz-json-1.1).' }, randomUUID());
      }
      return handlePut(req, res, operation, body);
    }
    return pass(req, res, body, operation);
  });
  const listening = await listenOnLoopback(server);

  return {
    endpoint: listening.endpoint,
    get counters() {
      return counters;
    },
    setLimits(limits) {
      windows.limits = limits;
    },
    shardMap: (stream) => streams.get(stream)?.map,
    invalidate(stream) {
      if (stream === undefined) for (const state of streams.values()) state.stale = true;
      else stateOf(stream).stale = true;
    },
    resetCounters() {
      counters = emptyCounters();
    },
    stop: () => listening.stop(),
  };
}

interface RawShard {
  ShardId: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  // kinesis-local writes null for absent fields.
  SequenceNumberRange?: { EndingSequenceNumber?: string | null } | null;
}

function toShardDescription(shard: RawShard): ShardDescription {
  return {
    shardId: shard.ShardId,
    startingHashKey: shard.HashKeyRange.StartingHashKey,
    endingHashKey: shard.HashKeyRange.EndingHashKey,
    endingSequenceNumber: shard.SequenceNumberRange?.EndingSequenceNumber,
  };
}
