/**
 * Where to split a hot shard: at the weighted median of its sampled records' hash keys, so each
 * child takes half of the shard's records. The histogram has {@link HASH_BINS} bins; within the bin
 * where the cumulative count crosses one half the key is interpolated linearly.
 */
import type { ShardInfo } from '../kinesis/gateway';
import { validateSplitKey } from '../kinesis/shards';
import type { SplitPreviewShard } from './findings';
import { HASH_BINS, type ShardLoad } from './producerSample';

export interface SplitPlan {
  readonly shardId: string;
  readonly newStartingHashKey: string;
  readonly preview: readonly [SplitPreviewShard, SplitPreviewShard];
}

/**
 * The split at the records' weighted median, with each child's expected load at the shard's mean
 * rate over the window; undefined when no sampled record lies inside the shard's range (all had
 * explicit hash keys) or the median falls on the shard's first key (SplitShard needs two non-empty halves).
 */
export function planWeightedMedianSplit(load: ShardLoad, windowSeconds: number): SplitPlan | undefined {
  const counted = load.binRecords.reduce((a, b) => a + b, 0);
  if (counted === 0) return undefined;
  const start = BigInt(load.shard.startingHashKey);
  const width = BigInt(load.shard.endingHashKey) - start + 1n;
  const half = counted / 2;
  let cumulative = 0;
  let bin = 0;
  while (bin < HASH_BINS - 1 && cumulative + load.binRecords[bin] < half) cumulative += load.binRecords[bin++];
  const inBin = load.binRecords[bin];
  const fraction = inBin > 0 ? (half - cumulative) / inBin : 0;
  // Position in millionths of a bin keeps the arithmetic in BigInt (the range is 128 bits wide).
  const position = BigInt(bin) * 1_000_000n + BigInt(Math.round(fraction * 1_000_000));
  let key = start + (width * position) / (BigInt(HASH_BINS) * 1_000_000n);
  if (key <= start) key = start + 1n;
  const newStartingHashKey = key.toString();
  if (validateSplitKey(newStartingHashKey, load.shard as ShardInfo)) return undefined;
  const lowerRecords = cumulative + inBin * fraction;
  const lowerBytes = load.binBytes.slice(0, bin).reduce((a, b) => a + b, 0) + load.binBytes[bin] * fraction;
  const countedBytes = load.binBytes.reduce((a, b) => a + b, 0);
  const seconds = Math.max(1, windowSeconds);
  const child = (from: bigint, to: bigint, records: number, bytes: number): SplitPreviewShard => ({
    startingHashKey: from.toString(),
    endingHashKey: to.toString(),
    share: records / counted,
    // The histogram saw only records routed by MD5; scale to all of the shard's records.
    expectedRecordsPerSecond: (load.records * (records / counted)) / seconds,
    expectedBytesPerSecond: countedBytes > 0 ? (load.bytes * (bytes / countedBytes)) / seconds : 0,
  });
  return {
    shardId: load.shard.shardId,
    newStartingHashKey,
    preview: [
      child(start, key - 1n, lowerRecords, lowerBytes),
      child(key, BigInt(load.shard.endingHashKey), counted - lowerRecords, countedBytes - lowerBytes),
    ],
  };
}
