/**
 * A stream's open shards and the hash-key ranges they own: where Kinesis puts a record. The hash key
 * is the MD5 of the partition key read as an unsigned 128-bit big-endian integer, unless the
 * producer gave an explicit hash key (a decimal string); the record goes to the open shard whose
 * inclusive [StartingHashKey, EndingHashKey] holds it. Used by the KPL aggregator (one aggregate per
 * shard), by producer pacing (a rate per shard) and by the test-only shard-limit simulator.
 */
import { findShardForHashKey, type ShardHashRange } from './hotShards';
import { validateHashKey } from '../kinesis/validation';
import { digestToBigInt, md5PartitionKey, type PartitionKeyHasher } from './md5';

/** One open shard of a {@link ShardMap}. */
export interface RoutedShard {
  readonly shardId: string;
  /** Position in the map's {@link ShardMap.shards} (ascending hash-key order). */
  readonly index: number;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
}

/** A shard as ListShards/DescribeStream (or the gateway's ShardInfo) describes it. */
export interface ShardDescription extends ShardHashRange {
  readonly shardId: string;
  /**
   * Set on closed shards (they own no keys any more); such shards are left out of the map. Raw
   * kinesis-local answers carry `null` on open shards, so null counts as open.
   */
  readonly endingSequenceNumber?: string | null;
}

/** Options of {@link ShardMap}. */
export interface ShardMapOptions {
  /** MD5 of a partition key. Defaults to the pure-TS MD5; Node hosts may pass node:crypto's. */
  readonly hasher?: PartitionKeyHasher;
}

/** An immutable routing table from hash keys to a stream's open shards. */
export class ShardMap {
  readonly shards: readonly RoutedShard[];
  readonly #hasher: PartitionKeyHasher;
  readonly #ranges: readonly { start: bigint; end: bigint; index: number }[];

  /** Builds the map from the open shards among `shards` (closed ones, with an ending sequence number, are skipped). */
  constructor(shards: readonly ShardDescription[], options: ShardMapOptions = {}) {
    this.#hasher = options.hasher ?? md5PartitionKey;
    this.shards = shards
      .filter((s) => s.endingSequenceNumber === undefined || s.endingSequenceNumber === null)
      .map((s) => ({ shardId: s.shardId, startingHashKey: BigInt(s.startingHashKey), endingHashKey: BigInt(s.endingHashKey) }))
      .sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : a.startingHashKey > b.startingHashKey ? 1 : 0))
      .map((s, index) => ({ ...s, index }));
    this.#ranges = this.shards.map((s) => ({ start: s.startingHashKey, end: s.endingHashKey, index: s.index }));
  }

  /**
   * The hash key Kinesis uses for a record: the explicit hash key when given, else MD5(partition key).
   * Throws RangeError for an explicit hash key that the API would refuse (see validateHashKey).
   */
  hashKeyOf(partitionKey: string, explicitHashKey?: string): bigint {
    if (explicitHashKey === undefined) return digestToBigInt(this.#hasher(partitionKey));
    const problem = validateHashKey(explicitHashKey);
    if (problem) throw new RangeError(`${problem} Got: ${explicitHashKey}`);
    return BigInt(explicitHashKey);
  }

  /** The open shard that owns `hashKey`, or undefined when none does (a gap in the map). */
  shardForHashKey(hashKey: bigint): RoutedShard | undefined {
    const index = findShardForHashKey(hashKey, this.#ranges);
    return index < 0 ? undefined : this.shards[index];
  }

  /** The open shard a record goes to; undefined for an invalid explicit hash key or a gap. */
  route(partitionKey: string, explicitHashKey?: string): RoutedShard | undefined {
    let hashKey: bigint;
    try {
      hashKey = this.hashKeyOf(partitionKey, explicitHashKey);
    } catch {
      return undefined;
    }
    return this.shardForHashKey(hashKey);
  }

  /** True when both maps have the same shards with the same ranges (a reshard changes that). */
  sameShardsAs(other: ShardMap): boolean {
    return (
      this.shards.length === other.shards.length &&
      this.shards.every((s, i) => {
        const o = other.shards[i];
        return s.shardId === o.shardId && s.startingHashKey === o.startingHashKey && s.endingHashKey === o.endingHashKey;
      })
    );
  }
}
