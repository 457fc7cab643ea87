/** Builders for doctor unit tests: shards with chosen hash-key layouts and samples routed as Kinesis routes them. */
import { ShardMap } from '../../../src/core/analysis/shardMap';
import type { ShardInfo, StreamDetails } from '../../../src/core/kinesis/gateway';
import { MAX_HASH_KEY } from '../../../src/core/kinesis/validation';
import { ProducerSampleBuilder, type ProducerSample } from '../../../src/core/doctor/producerSample';

export const STREAM = 'orders';
export const WINDOW_START = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Open shards owning the given fractions of the hash-key space, in order. */
export function shardsWithFractions(fractions: readonly number[]): ShardInfo[] {
  const space = MAX_HASH_KEY + 1n;
  let start = 0n;
  return fractions.map((fraction, i) => {
    const last = i === fractions.length - 1;
    const end = last ? MAX_HASH_KEY : start + (space * BigInt(Math.round(fraction * 1e6))) / 1_000_000n - 1n;
    const shard: ShardInfo = { shardId: `shardId-${String(i).padStart(12, '0')}`, startingHashKey: start.toString(), endingHashKey: end.toString(), startingSequenceNumber: '1' };
    start = end + 1n;
    return shard;
  });
}

export function equalShards(count: number): ShardInfo[] {
  return shardsWithFractions(new Array<number>(count).fill(1 / count));
}

/** One record to put in a sample: key, data size and second offset in the window. */
export interface SyntheticRecord {
  readonly key: string;
  readonly bytes?: number;
  readonly second?: number;
}

/** Routes each record by MD5 to its shard, as the sampler would have read it. */
export function sampleOf(shards: readonly ShardInfo[], records: Iterable<SyntheticRecord>, windowSeconds = 60): ProducerSample {
  const map = new ShardMap(shards);
  const builder = new ProducerSampleBuilder(STREAM, shards);
  let sequence = 0;
  for (const r of records) {
    const shard = map.route(r.key);
    if (!shard) throw new Error(`no shard for ${r.key}`);
    builder.add(shard.shardId, {
      sequenceNumber: String(++sequence),
      partitionKey: r.key,
      data: new Uint8Array(r.bytes ?? 100),
      approximateArrivalTimestamp: new Date(WINDOW_START + (r.second ?? 0) * 1000 + 10),
    });
  }
  return builder.build(WINDOW_START, WINDOW_START + windowSeconds * 1000);
}

export function detailsOf(shards: readonly ShardInfo[], overrides: Partial<StreamDetails> = {}): StreamDetails {
  return {
    name: STREAM, arn: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`, status: 'ACTIVE', mode: 'PROVISIONED',
    openShardCount: shards.length, retentionHours: 24, encryption: 'NONE', consumerCount: 0, enhancedMonitoring: [], ...overrides,
  };
}

/** The shard MD5 routes `key` to. */
export function shardOf(shards: readonly ShardInfo[], key: string): string {
  return new ShardMap(shards).route(key)?.shardId ?? 'none';
}
