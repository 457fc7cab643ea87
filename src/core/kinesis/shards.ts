/**
 * Hash-key arithmetic over shards: Kinesis spreads records over the unsigned 128-bit keyspace, and
 * every reshard or keyspace figure is BigInt work over the decimal strings the API returns.
 */
import type { ShardInfo } from './gateway';
import { MAX_HASH_KEY, shardCountRange, validateHashKey } from './validation';

const KEYSPACE = MAX_HASH_KEY + 1n;

/** Share of the keyspace a shard covers, 0–1, to six decimal places. */
export function keyspaceShare(shard: ShardInfo): number {
  const width = BigInt(shard.endingHashKey) - BigInt(shard.startingHashKey) + 1n;
  return Number((width * 1_000_000n) / KEYSPACE) / 1_000_000;
}

/** The starting hash key that splits a shard into two halves of equal width. */
export function midpointHashKey(shard: ShardInfo): string {
  const start = BigInt(shard.startingHashKey);
  const end = BigInt(shard.endingHashKey);
  return (start + (end - start + 1n) / 2n).toString();
}

/** Why `value` cannot be the new starting hash key of a split of `shard`, or undefined when it can. */
export function validateSplitKey(value: string, shard: ShardInfo): string | undefined {
  const problem = validateHashKey(value);
  if (problem) {
    return problem;
  }
  const key = BigInt(value);
  // SplitShard needs both halves non-empty: the new start is above the old start and inside the range.
  return key > BigInt(shard.startingHashKey) && key <= BigInt(shard.endingHashKey)
    ? undefined
    : `The new starting hash key must be greater than ${shard.startingHashKey} and at most ${shard.endingHashKey} (inside ${shard.shardId}).`;
}

/** Open shards whose hash-key ranges touch, in keyspace order: the only pairs MergeShards accepts. */
export function adjacentPairs(open: readonly ShardInfo[]): [ShardInfo, ShardInfo][] {
  const sorted = [...open].sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
  const pairs: [ShardInfo, ShardInfo][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (BigInt(sorted[i].endingHashKey) + 1n === BigInt(sorted[i + 1].startingHashKey)) {
      pairs.push([sorted[i], sorted[i + 1]]);
    }
  }
  return pairs;
}

/** Shards still taking writes (a closed shard has an ending sequence number). */
export function openShards(shards: readonly ShardInfo[]): ShardInfo[] {
  return shards.filter((s) => s.endingSequenceNumber === undefined);
}

/**
 * Targets to offer in a picker: the range UpdateShardCount accepts, without `current`, thinned to about a dozen
 * so the list stays short, always keeping both ends.
 */
export function shardCountChoices(current: number): number[] {
  const { min, max } = shardCountRange(current);
  const stride = Math.ceil((max - min) / 12);
  const between: number[] = [];
  for (let n = min; n <= max; n++) {
    if (n !== current && (max - min <= 12 || n === current * 2 || n === min || n % stride === 0)) {
      between.push(n);
    }
  }
  return [...new Set([min, ...between, max])].filter((n) => n !== current);
}
