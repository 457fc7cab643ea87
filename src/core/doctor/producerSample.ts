/**
 * What the sampler learns about the producers, in bounded memory: per shard, records and bytes per
 * second and a histogram of where in the shard's hash-key range the records land (the split
 * point's evidence); per stream, the heaviest keys ({@link TopKeys}) and the distinct-key estimate.
 * Nothing here keeps a record or a per-key entry beyond the top-k capacity.
 */
import { digestToBigInt, md5PartitionKey, type PartitionKeyHasher } from '../analysis/md5';
import type { ReceivedRecord, ShardInfo } from '../kinesis/gateway';
import { DistinctKeys, TopKeys } from './keySketch';

/** Bins of each shard's hash-key histogram: the split key is placed to 1/1,024 of the shard's width. */
export const HASH_BINS = 1_024;

/** Records and bytes of one shard in one second of the window. */
export interface SecondLoad {
  records: number;
  bytes: number;
}

/** One shard's sampled load. */
export interface ShardLoad {
  readonly shard: ShardInfo;
  readonly open: boolean;
  records: number;
  bytes: number;
  /** Keyed by whole seconds since the epoch. */
  readonly seconds: Map<number, SecondLoad>;
  /** Records per 1/{@link HASH_BINS} of the hash-key range, by MD5(partition key). */
  readonly binRecords: Float64Array;
  readonly binBytes: Float64Array;
  /** Records whose MD5(partition key) is outside this shard: the producer set an explicit hash key. */
  explicitHashKeyRecords: number;
  /** Sequence number of the newest record read (the KCL checkpoint comparison uses it). */
  lastSequenceNumber?: string;
}

/** The sampled window as a whole. */
export interface ProducerSample {
  readonly stream: string;
  /** Milliseconds since the epoch; for TRIM_HORIZON the oldest record's arrival. */
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  readonly shards: readonly ShardLoad[];
  readonly topKeys: TopKeys;
  readonly distinctKeys: DistinctKeys;
  readonly records: number;
  readonly bytes: number;
  /** True when a per-shard record cap stopped reading before the window's end. */
  readonly truncated: boolean;
  readonly getRecordsCalls: number;
  /** GetRecords calls answered with a throughput error (someone else uses the shard's read limits). */
  readonly readThrottles: number;
}

/** Options of {@link ProducerSampleBuilder}. */
export interface ProducerSampleOptions {
  readonly hasher?: PartitionKeyHasher;
  /** Top-k capacity (default 1,024 keys). */
  readonly topKeyCapacity?: number;
}

/** Accumulates records as the sampler reads them. */
export class ProducerSampleBuilder {
  readonly #stream: string;
  readonly #hasher: PartitionKeyHasher;
  readonly #shards = new Map<string, ShardLoad & { readonly start: bigint; readonly width: bigint }>();
  readonly #topKeys: TopKeys;
  readonly #distinct = new DistinctKeys();
  #records = 0;
  #bytes = 0;
  #oldestMs = Number.POSITIVE_INFINITY;
  truncated = false;
  getRecordsCalls = 0;
  readThrottles = 0;

  constructor(stream: string, shards: readonly ShardInfo[], options: ProducerSampleOptions = {}) {
    this.#stream = stream;
    this.#hasher = options.hasher ?? md5PartitionKey;
    this.#topKeys = new TopKeys(options.topKeyCapacity);
    for (const shard of shards) {
      const start = BigInt(shard.startingHashKey);
      this.#shards.set(shard.shardId, {
        shard,
        open: shard.endingSequenceNumber === undefined,
        records: 0,
        bytes: 0,
        seconds: new Map(),
        binRecords: new Float64Array(HASH_BINS),
        binBytes: new Float64Array(HASH_BINS),
        explicitHashKeyRecords: 0,
        start,
        width: BigInt(shard.endingHashKey) - start + 1n,
      });
    }
  }

  /** Records counted so far. */
  get records(): number {
    return this.#records;
  }

  /** Counts one record read from `shardId`. */
  add(shardId: string, record: ReceivedRecord): void {
    const load = this.#shards.get(shardId);
    if (!load) return;
    const bytes = record.data.byteLength + byteLength(record.partitionKey);
    load.records++;
    load.bytes += bytes;
    load.lastSequenceNumber = record.sequenceNumber;
    this.#records++;
    this.#bytes += bytes;
    const arrival = record.approximateArrivalTimestamp?.getTime();
    if (arrival !== undefined) {
      if (arrival < this.#oldestMs) this.#oldestMs = arrival;
      const second = Math.floor(arrival / 1000);
      const slot = load.seconds.get(second);
      if (slot) {
        slot.records++;
        slot.bytes += bytes;
      } else load.seconds.set(second, { records: 1, bytes });
    }
    const digest = this.#hasher(record.partitionKey);
    this.#distinct.add(digest);
    this.#topKeys.add(record.partitionKey, bytes, shardId);
    const offset = digestToBigInt(digest) - load.start;
    if (offset < 0n || offset >= load.width) {
      load.explicitHashKeyRecords++;
      return;
    }
    const bin = Number((offset * BigInt(HASH_BINS)) / load.width);
    load.binRecords[bin]++;
    load.binBytes[bin] += bytes;
  }

  /** The finished sample. `windowStartMs` undefined (TRIM_HORIZON) means: from the oldest record read. */
  build(windowStartMs: number | undefined, windowEndMs: number): ProducerSample {
    const start = windowStartMs ?? (Number.isFinite(this.#oldestMs) ? this.#oldestMs : windowEndMs);
    return {
      stream: this.#stream,
      windowStartMs: Math.min(start, windowEndMs),
      windowEndMs,
      shards: [...this.#shards.values()],
      topKeys: this.#topKeys,
      distinctKeys: this.#distinct,
      records: this.#records,
      bytes: this.#bytes,
      truncated: this.truncated,
      getRecordsCalls: this.getRecordsCalls,
      readThrottles: this.readThrottles,
    };
  }
}

/**
 * Billable size of a record: its data plus its partition key's UTF-8 bytes, which is what counts
 * against a shard's 1 MB/s.
 */
function byteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
