/**
 * KPL aggregated records (awslabs/amazon-kinesis-producer aggregation-format.md; see
 * shared/docs/KINESIS.md): 4 magic bytes, a protobuf AggregatedRecord, then the 16-byte MD5 of the
 * protobuf bytes. Pure TypeScript (the MD5 too) so the tail viewer's webview can decode as well.
 *
 *   message AggregatedRecord {
 *     repeated string partition_key_table = 1;
 *     repeated string explicit_hash_key_table = 2;
 *     repeated Record records = 3;
 *   }
 *   message Record {
 *     required uint64 partition_key_index = 1;
 *     optional uint64 explicit_hash_key_index = 2;
 *     required bytes data = 3;
 *     repeated Tag tags = 4;   // skipped
 *   }
 */
import { fastMd5, md5, utf8Bytes } from '../analysis/md5';
import { ProtobufReader, ProtobufWriter, WireType } from './protobuf';

/** The 4 bytes every KPL aggregated record starts with. */
export const KPL_MAGIC: readonly number[] = [0xf3, 0x89, 0x9a, 0xc2];
const DIGEST_LENGTH = 16;

const AGGREGATED = { partitionKeyTable: 1, explicitHashKeyTable: 2, records: 3 } as const;
const RECORD = { partitionKeyIndex: 1, explicitHashKeyIndex: 2, data: 3 } as const;

/** One user record inside an aggregated record. */
export interface UserRecord {
  readonly partitionKey: string;
  /** Set only when the producer gave an explicit hash key (a decimal 128-bit integer). */
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

/**
 * The result of deaggregation. On failure the caller shows the Kinesis record as raw bytes; `reason`
 * says why, for a tooltip.
 */
export type DeaggregateResult =
  | { readonly ok: true; readonly records: UserRecord[] }
  | { readonly ok: false; readonly reason: string };

/**
 * True when `bytes` starts with the KPL magic and is long enough to hold the digest. A cheap test:
 * the MD5 and the protobuf are checked by {@link deaggregate}.
 */
export function isAggregated(bytes: Uint8Array): boolean {
  if (bytes.length < KPL_MAGIC.length + DIGEST_LENGTH) return false;
  for (let i = 0; i < KPL_MAGIC.length; i++) if (bytes[i] !== KPL_MAGIC[i]) return false;
  return true;
}

/** Options of {@link deaggregate}. */
export interface DeaggregateOptions {
  /**
   * Copy each user record's data out of the aggregate (default true), so a user record does not keep
   * the whole aggregate alive. False gives views into `bytes`: faster when the aggregate is kept anyway.
   */
  readonly copyData?: boolean;
}

/** Splits a KPL aggregated record into its user records. Never throws, whatever the bytes. */
export function deaggregate(bytes: Uint8Array, options: DeaggregateOptions = {}): DeaggregateResult {
  if (!isAggregated(bytes)) return fail('not a KPL aggregated record: the magic bytes F3 89 9A C2 are missing');
  const protobufEnd = bytes.length - DIGEST_LENGTH;
  const message = bytes.subarray(KPL_MAGIC.length, protobufEnd);
  const digest = fastMd5(message);
  for (let i = 0; i < DIGEST_LENGTH; i++) {
    if (digest[i] !== bytes[protobufEnd + i]) return fail('MD5 mismatch: the aggregated record is corrupt or truncated');
  }
  return parseAggregatedRecord(message, options.copyData !== false);
}

/**
 * Builds a KPL aggregated record, as the KPL would (partition keys and explicit hash keys are
 * deduplicated into tables). For tests and the integration test's producer.
 */
export function aggregate(records: readonly UserRecord[]): Uint8Array {
  const partitionKeys = new Map<string, number>();
  const explicitHashKeys = new Map<string, number>();
  const indexOf = (table: Map<string, number>, key: string) => {
    let index = table.get(key);
    if (index === undefined) table.set(key, (index = table.size));
    return index;
  };
  const entries = records.map((record) => ({
    partitionKeyIndex: indexOf(partitionKeys, record.partitionKey),
    explicitHashKeyIndex: record.explicitHashKey === undefined ? undefined : indexOf(explicitHashKeys, record.explicitHashKey),
    data: record.data,
  }));

  const writer = new ProtobufWriter();
  // Maps iterate in insertion order, which is index order.
  for (const key of partitionKeys.keys()) writer.writeBytesField(AGGREGATED.partitionKeyTable, utf8Bytes(key));
  for (const key of explicitHashKeys.keys()) writer.writeBytesField(AGGREGATED.explicitHashKeyTable, utf8Bytes(key));
  for (const entry of entries) {
    const record = new ProtobufWriter().writeVarintField(RECORD.partitionKeyIndex, entry.partitionKeyIndex);
    if (entry.explicitHashKeyIndex !== undefined) record.writeVarintField(RECORD.explicitHashKeyIndex, entry.explicitHashKeyIndex);
    // `data` is required, so it is written even when empty.
    record.writeBytesField(RECORD.data, entry.data);
    writer.writeBytesField(AGGREGATED.records, record.finish());
  }
  const message = writer.finish();

  const out = new Uint8Array(KPL_MAGIC.length + message.length + DIGEST_LENGTH);
  out.set(KPL_MAGIC, 0);
  out.set(message, KPL_MAGIC.length);
  out.set(md5(message), KPL_MAGIC.length + message.length);
  return out;
}

interface RawRecord {
  partitionKeyIndex?: number;
  explicitHashKeyIndex?: number;
  data?: Uint8Array;
}

// Lenient like protobuf-java for proto2 strings: a bad byte becomes U+FFFD rather than failing the record.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function parseAggregatedRecord(message: Uint8Array, copyData: boolean): DeaggregateResult {
  const partitionKeys: string[] = [];
  const explicitHashKeys: string[] = [];
  const rawRecords: RawRecord[] = [];
  const reader = new ProtobufReader(message);
  while (!reader.atEnd) {
    const key = reader.readKey();
    if (key === undefined) return fail('malformed protobuf: bad field key in AggregatedRecord');
    const isKnown =
      key.wireType === WireType.LengthDelimited &&
      (key.field === AGGREGATED.partitionKeyTable || key.field === AGGREGATED.explicitHashKeyTable || key.field === AGGREGATED.records);
    if (!isKnown) {
      if (!reader.skip(key.wireType)) return fail(`malformed protobuf: cannot skip field ${key.field} (wire type ${key.wireType}) in AggregatedRecord`);
      continue;
    }
    const payload = reader.readLengthDelimited();
    if (payload === undefined) return fail(`malformed protobuf: field ${key.field} of AggregatedRecord runs past the end`);
    if (key.field === AGGREGATED.partitionKeyTable) partitionKeys.push(utf8.decode(payload));
    else if (key.field === AGGREGATED.explicitHashKeyTable) explicitHashKeys.push(utf8.decode(payload));
    else {
      const record = parseRecord(payload);
      if (typeof record === 'string') return fail(`malformed protobuf: record ${rawRecords.length}: ${record}`);
      rawRecords.push(record);
    }
  }

  // Tables may legally come after the records, so indexes are resolved once everything is read.
  const records: UserRecord[] = [];
  for (let i = 0; i < rawRecords.length; i++) {
    const { partitionKeyIndex, explicitHashKeyIndex, data } = rawRecords[i];
    if (partitionKeyIndex === undefined) return fail(`record ${i} has no partition_key_index`);
    if (data === undefined) return fail(`record ${i} has no data`);
    if (partitionKeyIndex >= partitionKeys.length) {
      return fail(`record ${i}: partition_key_index ${partitionKeyIndex} is outside the table of ${partitionKeys.length}`);
    }
    if (explicitHashKeyIndex !== undefined && explicitHashKeyIndex >= explicitHashKeys.length) {
      return fail(`record ${i}: explicit_hash_key_index ${explicitHashKeyIndex} is outside the table of ${explicitHashKeys.length}`);
    }
    records.push(explicitHashKeyIndex === undefined
      ? { partitionKey: partitionKeys[partitionKeyIndex], data: copyData ? data.slice() : data }
      : { partitionKey: partitionKeys[partitionKeyIndex], explicitHashKey: explicitHashKeys[explicitHashKeyIndex], data: copyData ? data.slice() : data });
  }
  return { ok: true, records };
}

/** A Record message, or a string saying what is wrong with it. */
function parseRecord(bytes: Uint8Array): RawRecord | string {
  const record: RawRecord = {};
  const reader = new ProtobufReader(bytes);
  while (!reader.atEnd) {
    const key = reader.readKey();
    if (key === undefined) return 'bad field key';
    if (key.wireType === WireType.Varint && (key.field === RECORD.partitionKeyIndex || key.field === RECORD.explicitHashKeyIndex)) {
      const value = reader.readVarint();
      if (value === undefined) return `field ${key.field} is a truncated varint`;
      if (key.field === RECORD.partitionKeyIndex) record.partitionKeyIndex = value;
      else record.explicitHashKeyIndex = value;
    } else if (key.wireType === WireType.LengthDelimited && key.field === RECORD.data) {
      const data = reader.readLengthDelimited();
      if (data === undefined) return 'data runs past the end';
      record.data = data;
    } else if (!reader.skip(key.wireType)) {
      // Includes tags (field 4), which the viewer does not show.
      return `cannot skip field ${key.field} (wire type ${key.wireType})`;
    }
  }
  return record;
}

function fail(reason: string): DeaggregateResult {
  return { ok: false, reason };
}
