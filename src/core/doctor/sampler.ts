/**
 * Reads a stream's records over a window for the doctor, within the read limits it shares with the
 * stream's real consumers: each shard is read by one loop at most {@link DEFAULT_CALLS_PER_SECOND}
 * GetRecords calls a second (of the 5 a shard allows), backing off on throttling. A shard's loop
 * ends at the window's end, when it has caught up with the stream, when the shard is closed and
 * drained, at its record cap, or on cancel.
 */
import { isKinesisError } from '../kinesis/errors';
import type { ConnectionTarget, KinesisGateway, ReceivedRecord, ShardInfo, ShardIteratorInput, SubscribeStartingPosition } from '../kinesis/gateway';
import { backoffDelayMs, READ_THROTTLING_CODES } from '../kinesis/retry';
import { nullLogger, type ILogger } from '../logging';
import { realClock, type TailClock } from '../tail/reader';
import { ProducerSampleBuilder, type ProducerSample, type ProducerSampleOptions } from './producerSample';

/** Two of a shard's five GetRecords calls a second: the other three stay with the stream's consumers. */
export const DEFAULT_CALLS_PER_SECOND = 2;
export const DEFAULT_WINDOW_MS = 5 * 60_000;
export const DEFAULT_MAX_RECORDS_PER_SHARD = 200_000;
/** Shards read at the same time: a 500-shard stream must not open 500 loops at once. */
const SHARD_CONCURRENCY = 8;
const GET_RECORDS_LIMIT = 10_000;

/** Where sampling starts. */
export type SampleStart = { readonly type: 'TRIM_HORIZON' } | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: Date };

export interface SampleRequest {
  readonly target: ConnectionTarget;
  readonly stream: string;
  /** Default: AT_TIMESTAMP `windowMs` before now. */
  readonly start?: SampleStart;
  /** Window length from an AT_TIMESTAMP start (default 5 minutes); a TRIM_HORIZON start reads up to now. */
  readonly windowMs?: number;
  readonly callsPerSecond?: number;
  readonly maxRecordsPerShard?: number;
  readonly signal?: AbortSignal;
  /**
   * An ACTIVE enhanced fan-out consumer to read through (SubscribeToShard): its own 2 MB/s per shard,
   * so sampling takes none of the GetRecords calls the stream's polling readers share.
   */
  readonly consumerArn?: string;
  /** Called after every GetRecords call or fan-out event. */
  readonly onProgress?: (progress: SampleProgress) => void;
}

export interface SampleProgress {
  readonly records: number;
  readonly shardsDone: number;
  readonly shardsTotal: number;
}

export interface SamplerDeps {
  readonly clock?: TailClock;
  readonly logger?: ILogger;
  readonly random?: () => number;
  readonly sampleOptions?: ProducerSampleOptions;
}

/** Samples `shards` of the request's stream (the caller lists them, so it can reuse the listing). */
export async function sampleStream(gateway: KinesisGateway, shards: readonly ShardInfo[], request: SampleRequest, deps: SamplerDeps = {}): Promise<ProducerSample> {
  const clock = deps.clock ?? realClock;
  const logger = deps.logger ?? nullLogger;
  const random = deps.random ?? Math.random;
  const now = clock.now();
  const windowMs = request.windowMs ?? DEFAULT_WINDOW_MS;
  const start: SampleStart = request.start ?? { type: 'AT_TIMESTAMP', timestamp: new Date(now - windowMs) };
  const windowStartMs = start.type === 'AT_TIMESTAMP' ? start.timestamp.getTime() : undefined;
  const windowEndMs = windowStartMs === undefined ? now : Math.min(now, windowStartMs + windowMs);
  const intervalMs = 1000 / Math.min(5, Math.max(0.1, request.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND));
  const cap = request.maxRecordsPerShard ?? DEFAULT_MAX_RECORDS_PER_SHARD;
  const builder = new ProducerSampleBuilder(request.stream, shards, deps.sampleOptions);
  let shardsDone = 0;
  const report = () => request.onProgress?.({ records: builder.records, shardsDone, shardsTotal: shards.length });

  /** Adds one call's or event's records; true once the window (or the cap) is reached. */
  const readByShard = new Map<string, number>();
  const take = (shard: ShardInfo, records: readonly ReceivedRecord[]): { done: boolean; lastSequence?: string } => {
    let read = readByShard.get(shard.shardId) ?? 0;
    let lastSequence: string | undefined;
    let done = false;
    for (const record of records) {
      const arrival = record.approximateArrivalTimestamp?.getTime();
      if (arrival !== undefined && arrival >= windowEndMs) {
        done = true;
        break;
      }
      builder.add(shard.shardId, record);
      lastSequence = record.sequenceNumber;
      if (++read >= cap) {
        builder.truncated = true;
        done = true;
        break;
      }
    }
    readByShard.set(shard.shardId, read);
    report();
    return { done, lastSequence };
  };

  const readShardEnhanced = async (shard: ShardInfo, consumerArn: string): Promise<void> => {
    let lastSequence: string | undefined;
    // A subscription lasts 5 minutes on AWS; continue after the last record until the window is read.
    for (let subscriptions = 0; subscriptions < 100 && !request.signal?.aborted; subscriptions++) {
      const position: SubscribeStartingPosition = lastSequence
        ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastSequence }
        : start.type === 'TRIM_HORIZON' ? { type: 'TRIM_HORIZON' } : { type: 'AT_TIMESTAMP', timestamp: start.timestamp };
      const subscription = new AbortController();
      const stop = () => subscription.abort();
      request.signal?.addEventListener('abort', stop, { once: true });
      try {
        const events = await gateway.subscribeToShard(request.target, consumerArn, shard.shardId, position, { signal: subscription.signal });
        for await (const event of events) {
          const { done, lastSequence: last } = take(shard, event.records);
          lastSequence = last ?? lastSequence;
          const caughtUp = event.records.length === 0 && (event.millisBehindLatest ?? 0) === 0;
          if (done || caughtUp || event.childShardIds !== undefined) return;
        }
      } catch (error) {
        if (request.signal?.aborted) return;
        if (isKinesisError(error) && error.code === 'ResourceInUseException') {
          await clock.sleep(backoffDelayMs(subscriptions, { baseMs: 500, maxMs: 5_000, jitter: 'equal' }, random), request.signal);
          continue;
        }
        throw error;
      } finally {
        stop();
        request.signal?.removeEventListener('abort', stop);
      }
    }
  };

  const readShard = async (shard: ShardInfo): Promise<void> => {
    if (request.consumerArn) return readShardEnhanced(shard, request.consumerArn);
    const iteratorInput = (lastSequence?: string): ShardIteratorInput => lastSequence
      ? { stream: request.stream, shardId: shard.shardId, type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastSequence }
      : start.type === 'TRIM_HORIZON'
        ? { stream: request.stream, shardId: shard.shardId, type: 'TRIM_HORIZON' }
        : { stream: request.stream, shardId: shard.shardId, type: 'AT_TIMESTAMP', timestamp: start.timestamp };
    let iterator: string | undefined = await gateway.getShardIterator(request.target, iteratorInput(), { signal: request.signal });
    let lastSequence: string | undefined;
    let failures = 0;
    while (iterator && !request.signal?.aborted) {
      const calledAt = clock.now();
      let result;
      try {
        builder.getRecordsCalls++;
        result = await gateway.getRecords(request.target, iterator, GET_RECORDS_LIMIT, { signal: request.signal });
        failures = 0;
      } catch (error) {
        if (request.signal?.aborted) return;
        if (isKinesisError(error) && READ_THROTTLING_CODES.has(error.code)) {
          builder.readThrottles++;
          await clock.sleep(backoffDelayMs(failures++, { baseMs: 500, maxMs: 5_000, jitter: 'equal' }, random), request.signal);
          continue;
        }
        if (isKinesisError(error) && error.code === 'ExpiredIteratorException') {
          iterator = await gateway.getShardIterator(request.target, iteratorInput(lastSequence), { signal: request.signal });
          continue;
        }
        throw error;
      }
      const { done: pastWindow, lastSequence: last } = take(shard, result.records);
      lastSequence = last ?? lastSequence;
      const caughtUp = result.records.length === 0 && (result.millisBehindLatest ?? 0) === 0;
      if (pastWindow || caughtUp) break;
      iterator = result.nextIterator;
      await clock.sleep(Math.max(0, calledAt + intervalMs - clock.now()), request.signal);
    }
  };

  const queue = [...shards];
  const workers = Array.from({ length: Math.min(SHARD_CONCURRENCY, queue.length) }, async () => {
    for (let shard = queue.shift(); shard && !request.signal?.aborted; shard = queue.shift()) {
      await readShard(shard);
      shardsDone++;
      report();
    }
  });
  await Promise.all(workers);
  const sample = builder.build(windowStartMs, windowEndMs);
  logger.info(`doctor sampled ${sample.records} record(s) of ${request.stream} from ${shards.length} shard(s) in ${request.consumerArn ? 'an enhanced fan-out subscription per shard' : `${sample.getRecordsCalls} GetRecords call(s)`}`);
  return sample;
}
