/**
 * KPL aggregation on put: packs small user records into Kinesis records in the published KPL format
 * (awslabs/amazon-kinesis-producer aggregation-format.md; decoded by ../decode/kpl.ts):
 *
 *   F3 89 9A C2 | protobuf AggregatedRecord | MD5(protobuf), 16 bytes
 *
 * Rules this encoder keeps:
 * - **One shard per aggregate.** User records are grouped by the open shard their own key maps to
 *   (given a {@link ShardMap}); an aggregate carries the first user record's partition key and, as
 *   its explicit hash key, that record's hash key (its explicit hash key, or MD5 of its partition key
 *   in decimal), so Kinesis puts the aggregate in the very shard all its user records belong to. KCL
 *   drops user records whose hash key is outside the shard they arrive in, so this matters.
 * - **Size.** An aggregate's size is what Kinesis counts for a record: data + partition key bytes.
 *   It stays ≤ `maxAggregateBytes` (default 1 MiB, never above the stream's record size, which
 *   UpdateMaxRecordSize can raise to 10 MiB).
 * - **A closed aggregate holding one user record is sent as that plain record** (as the KPL does):
 *   the envelope would only add bytes. A user record too big to be wrapped goes out plain as well,
 *   after the open aggregate of its shard, so per-key order holds. One too big even plain throws.
 * - **Optional alignment to PUT payload units** (25 KB, billed per started unit): see
 *   {@link AlignmentOptions}.
 * - **Order.** Records come out in the order they must be sent per shard: within a shard, send them
 *   in emission order (one at a time, or with SequenceNumberForOrdering) to keep per-key order.
 * - **Bounded memory.** The aggregator holds references to the user records' data until their
 *   aggregate closes; when all open aggregates together exceed `maxPendingBytes`, the largest closes.
 *
 * vscode-free and streaming: `add` returns the aggregates a record completed; `flush` and
 * `flushOpenedBefore` (linger) close the rest. Each output carries the caller's tags of the user
 * records it contains, so failures can be reported per user record.
 */
import { PRICE_TABLES } from '../analysis/cost';
import { DEFAULT_MAX_RECORD_BYTES } from '../analysis/limits';
import { fastMd5, utf8Bytes } from '../analysis/md5';
import type { RoutedShard, ShardMap } from '../analysis/shardMap';
import { KPL_MAGIC, type UserRecord } from '../decode/kpl';
import { WireType } from '../decode/protobuf';
import { validatePartitionKey } from '../kinesis/validation';

export type { UserRecord };

const DIGEST_LENGTH = 16;
/** Magic + digest: the bytes every aggregate has around its protobuf. */
const ENVELOPE_BYTES = KPL_MAGIC.length + DIGEST_LENGTH;

/** Field keys (field number << 3 | wire type), each one byte. */
const KEY = {
  partitionKeyTable: (1 << 3) | WireType.LengthDelimited, // 0x0A
  explicitHashKeyTable: (2 << 3) | WireType.LengthDelimited, // 0x12
  records: (3 << 3) | WireType.LengthDelimited, // 0x1A
  partitionKeyIndex: (1 << 3) | WireType.Varint, // 0x08
  explicitHashKeyIndex: (2 << 3) | WireType.Varint, // 0x10
  data: (3 << 3) | WireType.LengthDelimited, // 0x1A
} as const;

/**
 * Alignment to PUT payload units. A unit is billed whole, so crossing a unit boundary by one byte
 * costs as much as filling the unit. The rule: when the next user record would carry an aggregate
 * across a unit boundary, the aggregate closes first if its last unit is already at least
 * `minUnitFill` full (it then wastes at most 1 − minUnitFill of a unit); otherwise the record goes
 * in, because closing would waste more than that. An aggregate closed by this rule is at most
 * (1 − minUnitFill) × unitBytes short of a whole number of units.
 *
 * Trade-off: with small records this closes aggregates at about one unit each (25 KB), which bounds
 * the waste when aggregates would otherwise be closed by linger time half-full. Under continuous
 * load, unaligned 1 MiB aggregates waste less than one unit in 42 anyway.
 */
export interface AlignmentOptions {
  /** Bytes per PUT payload unit. Default 25 KB, from the price tables (25,000 bytes). */
  readonly unitBytes?: number;
  /** 0 < minUnitFill ≤ 1. Default 0.9. */
  readonly minUnitFill?: number;
}

/** Options of {@link KplAggregator}. */
export interface AggregatorOptions {
  /** The stream's open shards; replace it after a reshard with {@link KplAggregator.setShardMap}. */
  readonly shardMap: ShardMap;
  /** The stream's maximum record size (data + partition key). Default 1 MiB. */
  readonly maxRecordBytes?: number;
  /** The largest aggregate to build (data + partition key). Default 1 MiB; at most `maxRecordBytes`. */
  readonly maxAggregateBytes?: number;
  /** Close aggregates at PUT payload unit boundaries (see {@link AlignmentOptions}). Off by default. */
  readonly alignment?: boolean | AlignmentOptions;
  /** Bound on the bytes of all open aggregates together. Default 8 × maxAggregateBytes. */
  readonly maxPendingBytes?: number;
  /** MD5 of the protobuf. Default node:crypto's where Node runs, else the pure-TS one. */
  readonly md5?: (bytes: Uint8Array) => Uint8Array;
  /** For {@link KplAggregator.flushOpenedBefore}. Default Date.now. */
  readonly clock?: () => number;
}

/** Why an output record was closed: for logs and tests. */
export type CloseReason = 'size' | 'alignment' | 'flush' | 'linger' | 'memory' | 'oversized';

/** One Kinesis record to put: an aggregate, or a user record sent as is. */
export interface OutputRecord<T> {
  /** The shard it goes to under the shard map it was built with. */
  readonly shardId: string;
  readonly partitionKey: string;
  /** Set on every aggregate; on a plain record only when the user record had one. */
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  /** True for the KPL format; false for a user record sent as is. */
  readonly aggregated: boolean;
  /** The tags passed to `add` for the user records inside, in order. */
  readonly tags: readonly T[];
  readonly reason: CloseReason;
}

interface Pending<T> {
  readonly record: UserRecord;
  readonly tag: T;
  readonly pkBytes: Uint8Array;
  readonly ehkBytes?: Uint8Array;
  readonly pkIndex: number;
  readonly ehkIndex?: number;
  /** Bytes of the Record message (without its field key and length). */
  readonly innerLength: number;
}

/** An aggregate being filled for one shard. */
interface OpenAggregate<T> {
  readonly shard: RoutedShard;
  readonly openedAt: number;
  readonly records: Pending<T>[];
  readonly partitionKeys: Map<string, number>;
  readonly explicitHashKeys: Map<string, number>;
  /** Protobuf bytes so far. */
  protobufLength: number;
  /** UTF-8 bytes of the aggregate's own partition key (the first user record's). */
  readonly keyLength: number;
}

/** Bytes of `value` as a protobuf varint. */
export function varintLength(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    n++;
  }
  return n;
}

/** A length-delimited field's bytes: key, length varint, payload. */
const fieldLength = (payload: number) => 1 + varintLength(payload) + payload;

/** Packs user records into KPL aggregated records, one open aggregate per shard. */
export class KplAggregator<T = undefined> {
  #map: ShardMap;
  readonly #maxRecordBytes: number;
  readonly #maxAggregateBytes: number;
  readonly #unitBytes: number | undefined;
  readonly #minUnitFill: number;
  readonly #maxPendingBytes: number;
  readonly #md5: (bytes: Uint8Array) => Uint8Array;
  readonly #clock: () => number;
  readonly #open = new Map<string, OpenAggregate<T>>();
  #pendingBytes = 0;
  #pendingRecords = 0;

  constructor(options: AggregatorOptions) {
    this.#map = options.shardMap;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    // 1 MiB even on a stream raised to 10 MiB records: a shard takes 1 MiB/s, so bigger aggregates gain nothing.
    this.#maxAggregateBytes = Math.min(options.maxAggregateBytes ?? DEFAULT_MAX_RECORD_BYTES, this.#maxRecordBytes);
    if (!(this.#maxAggregateBytes > ENVELOPE_BYTES)) throw new RangeError(`maxAggregateBytes must exceed ${ENVELOPE_BYTES} bytes`);
    const alignment = options.alignment === true ? {} : options.alignment || undefined;
    this.#unitBytes = alignment ? (alignment.unitBytes ?? PRICE_TABLES.aws.putPayloadUnitBytes) : undefined;
    this.#minUnitFill = alignment?.minUnitFill ?? 0.9;
    if (!(this.#minUnitFill > 0 && this.#minUnitFill <= 1)) throw new RangeError('minUnitFill must be in (0, 1]');
    this.#maxPendingBytes = options.maxPendingBytes ?? 8 * this.#maxAggregateBytes;
    this.#md5 = options.md5 ?? fastMd5;
    this.#clock = options.clock ?? Date.now;
  }

  /** Bytes (as Kinesis counts them) of all open aggregates. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** User records not yet emitted. */
  get pendingRecords(): number {
    return this.#pendingRecords;
  }

  /**
   * Adds one user record; returns the records it caused to close (usually none). Throws RangeError
   * for a bad partition or explicit hash key, or a record bigger than the stream's record size.
   */
  add(record: UserRecord, tag: T): OutputRecord<T>[] {
    const keyProblem = validatePartitionKey(record.partitionKey);
    if (keyProblem) throw new RangeError(keyProblem);
    const shard = this.#map.shardForHashKey(this.#map.hashKeyOf(record.partitionKey, record.explicitHashKey));
    if (!shard) throw new RangeError(`No open shard owns the hash key of partition key "${record.partitionKey}": the shard map has a gap.`);
    const out: OutputRecord<T>[] = [];
    const pkBytes = utf8Bytes(record.partitionKey);
    const ehkBytes = record.explicitHashKey === undefined ? undefined : utf8Bytes(record.explicitHashKey);

    let open = this.#open.get(shard.shardId);
    if (open) {
      const growth = this.#growth(open, record, pkBytes, ehkBytes);
      const closeFor = this.#closeReason(open, growth);
      if (closeFor) {
        out.push(this.#close(open, closeFor));
        open = undefined;
      }
    }
    if (!open) {
      const lone = this.#newAggregate(shard, pkBytes.length);
      if (this.#sizeOf(lone) + this.#growth(lone, record, pkBytes, ehkBytes) > this.#maxAggregateBytes) {
        // Cannot be wrapped: send it as is, if the stream takes it.
        const plain = record.data.length + pkBytes.length;
        if (plain > this.#maxRecordBytes) {
          throw new RangeError(`User record of ${plain} bytes (data + partition key) exceeds the stream's record size of ${this.#maxRecordBytes} bytes.`);
        }
        out.push(plainRecord(shard, record, [tag], 'oversized'));
        return out;
      }
      open = lone;
      this.#open.set(shard.shardId, open);
    }
    this.#append(open, record, tag, pkBytes, ehkBytes);
    while (this.#pendingBytes > this.#maxPendingBytes && this.#open.size > 0) out.push(this.#close(this.#largest(), 'memory'));
    return out;
  }

  /** Closes every open aggregate. */
  flush(): OutputRecord<T>[] {
    return [...this.#open.values()].map((open) => this.#close(open, 'flush'));
  }

  /** Closes the open aggregate of one shard, if any. */
  flushShard(shardId: string): OutputRecord<T>[] {
    const open = this.#open.get(shardId);
    return open ? [this.#close(open, 'flush')] : [];
  }

  /** Closes aggregates opened before `timeMs` of the clock (a producer's linger). */
  flushOpenedBefore(timeMs: number): OutputRecord<T>[] {
    return [...this.#open.values()].filter((open) => open.openedAt < timeMs).map((open) => this.#close(open, 'linger'));
  }

  /** The shard map aggregates are built for. */
  get shardMap(): ShardMap {
    return this.#map;
  }

  /**
   * Takes a new shard map (after a reshard). Pending user records are regrouped by the shards they
   * now belong to, in the order they were added, so no aggregate mixes the keys of two new shards.
   */
  setShardMap(map: ShardMap): OutputRecord<T>[] {
    if (map.sameShardsAs(this.#map)) {
      this.#map = map;
      return [];
    }
    const pending = [...this.#open.values()].flatMap((open) => open.records);
    this.#open.clear();
    this.#pendingBytes = 0;
    this.#pendingRecords = 0;
    this.#map = map;
    const out: OutputRecord<T>[] = [];
    for (const p of pending) out.push(...this.add(p.record, p.tag));
    return out;
  }

  #newAggregate(shard: RoutedShard, keyLength: number): OpenAggregate<T> {
    return { shard, openedAt: this.#clock(), records: [], partitionKeys: new Map(), explicitHashKeys: new Map(), protobufLength: 0, keyLength };
  }

  /** Kinesis size of an aggregate: envelope + protobuf + its partition key. */
  #sizeOf(open: OpenAggregate<T>): number {
    return ENVELOPE_BYTES + open.protobufLength + open.keyLength;
  }

  /** Protobuf bytes `record` would add to `open`. */
  #growth(open: OpenAggregate<T>, record: UserRecord, pkBytes: Uint8Array, ehkBytes: Uint8Array | undefined): number {
    const pkIndex = open.partitionKeys.get(record.partitionKey);
    let growth = pkIndex === undefined ? fieldLength(pkBytes.length) : 0;
    let inner = 1 + varintLength(pkIndex ?? open.partitionKeys.size);
    if (record.explicitHashKey !== undefined) {
      const ehkIndex = open.explicitHashKeys.get(record.explicitHashKey);
      if (ehkIndex === undefined) growth += fieldLength(ehkBytes!.length);
      inner += 1 + varintLength(ehkIndex ?? open.explicitHashKeys.size);
    }
    inner += fieldLength(record.data.length);
    return growth + fieldLength(inner);
  }

  #closeReason(open: OpenAggregate<T>, growth: number): CloseReason | undefined {
    const size = this.#sizeOf(open);
    const next = size + growth;
    if (next > this.#maxAggregateBytes) return 'size';
    const unit = this.#unitBytes;
    if (unit !== undefined && Math.ceil(next / unit) > Math.ceil(size / unit)) {
      const lastUnitFill = size - (Math.ceil(size / unit) - 1) * unit;
      if (lastUnitFill >= this.#minUnitFill * unit) return 'alignment';
    }
    return undefined;
  }

  #append(open: OpenAggregate<T>, record: UserRecord, tag: T, pkBytes: Uint8Array, ehkBytes: Uint8Array | undefined): void {
    // The first record brings the envelope and the aggregate's partition key with it.
    const before = open.records.length === 0 ? 0 : this.#sizeOf(open);
    open.protobufLength += this.#growth(open, record, pkBytes, ehkBytes);
    let pkIndex = open.partitionKeys.get(record.partitionKey);
    if (pkIndex === undefined) open.partitionKeys.set(record.partitionKey, (pkIndex = open.partitionKeys.size));
    let ehkIndex: number | undefined;
    if (record.explicitHashKey !== undefined) {
      ehkIndex = open.explicitHashKeys.get(record.explicitHashKey);
      if (ehkIndex === undefined) open.explicitHashKeys.set(record.explicitHashKey, (ehkIndex = open.explicitHashKeys.size));
    }
    const innerLength =
      1 + varintLength(pkIndex) + (ehkIndex === undefined ? 0 : 1 + varintLength(ehkIndex)) + fieldLength(record.data.length);
    open.records.push({ record, tag, pkBytes, ehkBytes, pkIndex, ehkIndex, innerLength });
    this.#pendingBytes += this.#sizeOf(open) - before;
    this.#pendingRecords++;
  }

  #largest(): OpenAggregate<T> {
    let largest: OpenAggregate<T> | undefined;
    for (const open of this.#open.values()) if (!largest || open.protobufLength > largest.protobufLength) largest = open;
    return largest!;
  }

  #close(open: OpenAggregate<T>, reason: CloseReason): OutputRecord<T> {
    this.#open.delete(open.shard.shardId);
    this.#pendingBytes -= this.#sizeOf(open);
    this.#pendingRecords -= open.records.length;
    const tags = open.records.map((p) => p.tag);
    if (open.records.length === 1) return plainRecord(open.shard, open.records[0].record, tags, reason);

    const first = open.records[0].record;
    const data = this.#encode(open);
    return {
      shardId: open.shard.shardId,
      partitionKey: first.partitionKey,
      explicitHashKey: this.#map.hashKeyOf(first.partitionKey, first.explicitHashKey).toString(),
      data,
      aggregated: true,
      tags,
      reason,
    };
  }

  /** Writes magic, protobuf and digest into one buffer of the exact size computed while adding. */
  #encode(open: OpenAggregate<T>): Uint8Array {
    const out = new Uint8Array(ENVELOPE_BYTES + open.protobufLength);
    let pos = 0;
    const byte = (b: number) => (out[pos++] = b);
    const varint = (value: number) => {
      while (value >= 0x80) {
        byte((value % 0x80) | 0x80);
        value = Math.floor(value / 0x80);
      }
      byte(value);
    };
    const bytesField = (key: number, bytes: Uint8Array) => {
      byte(key);
      varint(bytes.length);
      out.set(bytes, pos);
      pos += bytes.length;
    };
    for (const b of KPL_MAGIC) byte(b);
    // Tables first, in index order (the order keys were first seen), then the records.
    const tablePk: Uint8Array[] = [];
    const tableEhk: Uint8Array[] = [];
    for (const p of open.records) {
      if (tablePk.length === p.pkIndex) tablePk.push(p.pkBytes);
      if (p.ehkIndex !== undefined && tableEhk.length === p.ehkIndex) tableEhk.push(p.ehkBytes!);
    }
    for (const key of tablePk) bytesField(KEY.partitionKeyTable, key);
    for (const key of tableEhk) bytesField(KEY.explicitHashKeyTable, key);
    for (const p of open.records) {
      byte(KEY.records);
      varint(p.innerLength);
      byte(KEY.partitionKeyIndex);
      varint(p.pkIndex);
      if (p.ehkIndex !== undefined) {
        byte(KEY.explicitHashKeyIndex);
        varint(p.ehkIndex);
      }
      bytesField(KEY.data, p.record.data);
    }
    const protobufEnd = pos;
    if (protobufEnd !== KPL_MAGIC.length + open.protobufLength) throw new Error(`KPL size accounting is off: wrote ${protobufEnd - KPL_MAGIC.length}, counted ${open.protobufLength}`);
    out.set(this.#md5(out.subarray(KPL_MAGIC.length, protobufEnd)), protobufEnd);
    return out;
  }
}

function plainRecord<T>(shard: RoutedShard, record: UserRecord, tags: T[], reason: CloseReason): OutputRecord<T> {
  return {
    shardId: shard.shardId,
    partitionKey: record.partitionKey,
    ...(record.explicitHashKey === undefined ? {} : { explicitHashKey: record.explicitHashKey }),
    data: record.data,
    aggregated: false,
    tags,
    reason,
  };
}
