/**
 * Kinesis Data Streams service limits the analysis relies on (shared/docs/KINESIS.md).
 *
 * Units: capacity and cost arithmetic uses DECIMAL units (1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes,
 * 1 GB = 10^9 bytes) because the seed's worked example does (5,000 records/s × 2 KB = 10 MB/s → 10
 * shards). The hard API limits below are binary (MiB) because that is how AWS states and enforces them.
 */

/** Bytes in one decimal kilobyte / megabyte / gigabyte. */
export const KB = 1_000;
export const MB = 1_000_000;
export const GB = 1_000_000_000;
/** Bytes in one binary mebibyte. */
export const MIB = 1_048_576;

/** Per-shard write capacity: 1,000 records/s and 1 MB/s, whichever is reached first. */
export const SHARD_WRITE_RECORDS_PER_SECOND = 1_000;
export const SHARD_WRITE_BYTES_PER_SECOND = 1 * MB;

/** Default maximum record size; a stream can be raised to 10 MiB with UpdateMaxRecordSize. */
export const DEFAULT_MAX_RECORD_BYTES = 1 * MIB;
export const RAISED_MAX_RECORD_BYTES = 10 * MIB;

export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8_760;
/** AWS prices retention up to 7 days per shard-hour and beyond that per GB-month. */
export const EXTENDED_RETENTION_TIER_HOURS = 168;

export const MAX_PARTITION_KEY_CHARACTERS = 256;

/** Shared-throughput (GetRecords polling) consumers typically see 200 ms or more end-to-end. */
export const SHARED_THROUGHPUT_MIN_LATENCY_MS = 200;
