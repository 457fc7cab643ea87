/**
 * Pure input validators shared by the wizards (inline validation), the chat tools and the gateway
 * (which refuses to send bad input). Each returns `undefined` when the value is fine, otherwise a
 * message that names the rule. Limits follow the Kinesis API reference.
 */

import { MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from '../analysis/limits';
import { MAX_PUT_RECORDS_ENTRIES } from './putRecords';

/** `(value) => message | undefined`, the shape quick inputs use for inline validation. */
export type Validator<T> = (value: T) => string | undefined;

export const STREAM_NAME_PATTERN = /^[a-zA-Z0-9_.-]{1,128}$/;
export { MAX_RETENTION_HOURS, MIN_RETENTION_HOURS };
export const MAX_SHARDS_PER_STREAM = 10_000;
export const MAX_TAGS_PER_STREAM = 50;
export const MAX_GET_RECORDS_LIMIT = 10_000;
/** 2^128 - 1, the top of the partition-key hash space. */
export const MAX_HASH_KEY = (1n << 128n) - 1n;
export const SHARD_LEVEL_METRICS = [
  'IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords',
  'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds', 'ALL',
] as const;

/** Length in Unicode code points, the unit the Kinesis API's length constraints use. */
function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function isInteger(value: number): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

export const validateStreamName: Validator<string> = (value) =>
  typeof value === 'string' && STREAM_NAME_PATTERN.test(value)
    ? undefined
    : 'Stream name must be 1–128 characters: letters, digits, underscore (_), period (.) or hyphen (-).';

/** AWS region names: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, and future multi-digit endings. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export const validateRegionName: Validator<string> = (value) =>
  typeof value === 'string' && REGION_PATTERN.test(value.trim())
    ? undefined
    : `"${String(value)}" is not a region name: a region looks like "us-east-1" (letters, dashes and a final number).`;

export const validateConsumerName: Validator<string> = (value) =>
  typeof value === 'string' && STREAM_NAME_PATTERN.test(value)
    ? undefined
    : 'Consumer name must be 1–128 characters: letters, digits, underscore (_), period (.) or hyphen (-).';

export const validateShardId: Validator<string> = (value) =>
  typeof value === 'string' && STREAM_NAME_PATTERN.test(value)
    ? undefined
    : 'Shard id must be 1–128 characters: letters, digits, underscore (_), period (.) or hyphen (-), e.g. shardId-000000000000.';

export const validatePartitionKey: Validator<string> = (value) => {
  if (typeof value !== 'string') return 'Partition key must be text of 1–256 characters.';
  const n = codePointLength(value);
  return n >= 1 && n <= 256 ? undefined : `Partition key must be 1–256 characters (got ${n}).`;
};

/** Explicit hash key: a decimal integer in 0..2^128-1, without sign or leading zeros. */
export const validateHashKey: Validator<string> = (value) => {
  const rule = 'Hash key must be a decimal integer from 0 to 2^128-1 (340282366920938463463374607431768211455), without sign or leading zeros.';
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(value)) return rule;
  return BigInt(value) <= MAX_HASH_KEY ? undefined : rule;
};

export const validateSequenceNumber: Validator<string> = (value) =>
  typeof value === 'string' && /^(0|[1-9][0-9]{0,128})$/.test(value) ? undefined : 'Sequence number must be a decimal integer of up to 129 digits.';

export const validateShardCount: Validator<number> = (value) =>
  isInteger(value) && value >= 1 && value <= MAX_SHARDS_PER_STREAM
    ? undefined
    : `Shard count must be a whole number from 1 to ${MAX_SHARDS_PER_STREAM.toLocaleString('en-US')}.`;

/** The targets one UpdateShardCount call accepts from `currentOpenShards`: half (rounded up) to double, within the stream limit. */
export function shardCountRange(currentOpenShards: number): { min: number; max: number } {
  return { min: Math.max(1, Math.ceil(currentOpenShards / 2)), max: Math.min(currentOpenShards * 2, MAX_SHARDS_PER_STREAM) };
}

/**
 * UpdateShardCount (uniform scaling) accepts a target between half and double the current open shard
 * count. Use this when the current count is known; the gateway only checks {@link validateShardCount}.
 */
export function validateTargetShardCount(target: number, currentOpenShards: number): string | undefined {
  const base = validateShardCount(target);
  if (base) return base;
  const { min, max } = shardCountRange(currentOpenShards);
  if (target === currentOpenShards) return `The stream already has ${currentOpenShards} open shards.`;
  return target >= min && target <= max
    ? undefined
    : `UpdateShardCount allows a target between half and double the current ${currentOpenShards} shards: ${min}–${max}.`;
}

export const validateRetentionHours: Validator<number> = (value) =>
  isInteger(value) && value >= MIN_RETENTION_HOURS && value <= MAX_RETENTION_HOURS
    ? undefined
    : `Retention must be a whole number of hours from ${MIN_RETENTION_HOURS} (1 day) to ${MAX_RETENTION_HOURS} (365 days).`;

// AWS tag rules: Unicode letters, digits, white space and _ . / = + - % @ (and ':' which AWS also allows).
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@%]*$/u;

export const validateTagKey: Validator<string> = (value) => {
  if (typeof value !== 'string') return 'Tag key must be text.';
  const n = codePointLength(value);
  if (n < 1 || n > 128) return `Tag key must be 1–128 characters (got ${n}).`;
  if (!TAG_CHARS.test(value)) return 'Tag key may contain only letters, digits, spaces and _ . : / = + - @ %.';
  if (/^aws:/i.test(value)) return 'Tag keys starting with "aws:" are reserved for AWS.';
  return undefined;
};

export const validateTagValue: Validator<string> = (value) => {
  if (typeof value !== 'string') return 'Tag value must be text.';
  const n = codePointLength(value);
  if (n > 256) return `Tag value must be at most 256 characters (got ${n}).`;
  return TAG_CHARS.test(value) ? undefined : 'Tag value may contain only letters, digits, spaces and _ . : / = + - @ %.';
};

/** A whole tag set: at most 50 tags, each key and value valid. */
export const validateTags: Validator<Readonly<Record<string, string>>> = (tags) => {
  const entries = Object.entries(tags ?? {});
  if (entries.length > MAX_TAGS_PER_STREAM) return `A stream can have at most ${MAX_TAGS_PER_STREAM} tags (got ${entries.length}).`;
  for (const [key, value] of entries) {
    const problem = validateTagKey(key) ?? validateTagValue(value);
    if (problem) return `Tag "${key}": ${problem}`;
  }
  return undefined;
};

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const KEY_ID = `(?:${UUID}|mrk-[0-9a-fA-F]{32})`;
const ALIAS_NAME = 'alias/[a-zA-Z0-9/_-]{1,250}';
const KMS_ARN_PREFIX = 'arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:';
const KMS_KEY_PATTERN = new RegExp(`^(?:${KEY_ID}|${ALIAS_NAME}|${KMS_ARN_PREFIX}key/${KEY_ID}|${KMS_ARN_PREFIX}${ALIAS_NAME})$`);

/** KMS key: key id, key ARN, alias name (`alias/...`, e.g. `alias/aws/kinesis`) or alias ARN. */
export const validateKmsKeyId: Validator<string> = (value) =>
  typeof value === 'string' && value.length <= 2048 && KMS_KEY_PATTERN.test(value)
    ? undefined
    : 'KMS key must be a key id (UUID or mrk-…), a key ARN, an alias such as alias/aws/kinesis, or an alias ARN.';

export const validateStreamArn: Validator<string> = (value) =>
  typeof value === 'string' && /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/.test(value)
    ? undefined
    : 'Stream ARN must look like arn:aws:kinesis:<region>:<account>:stream/<name>.';

export const validateShardLevelMetrics: Validator<readonly string[]> = (metrics) => {
  if (!Array.isArray(metrics) || metrics.length === 0) return 'Choose at least one shard-level metric.';
  const bad = metrics.find((m) => !(SHARD_LEVEL_METRICS as readonly string[]).includes(m));
  return bad === undefined ? undefined : `Unknown shard-level metric "${bad}"; use one of ${SHARD_LEVEL_METRICS.join(', ')}.`;
};

export const validateGetRecordsLimit: Validator<number> = (value) =>
  isInteger(value) && value >= 1 && value <= MAX_GET_RECORDS_LIMIT ? undefined : `GetRecords limit must be a whole number from 1 to ${MAX_GET_RECORDS_LIMIT}.`;

export const validatePutRecordsCount: Validator<number> = (count) =>
  isInteger(count) && count >= 1 && count <= MAX_PUT_RECORDS_ENTRIES ? undefined : `PutRecords takes 1–${MAX_PUT_RECORDS_ENTRIES} records per request (got ${count}).`;

/** A custom endpoint: an absolute http(s) URL without credentials, query or fragment. */
export const validateEndpointUrl: Validator<string> = (value) => {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    return 'Endpoint must start with http:// or https://, e.g. http://127.0.0.1:4567.';
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value is not echoed: a malformed URL may still carry a password.
    return `Endpoint is not a valid URL; use the form http://127.0.0.1:4567 or https://kinesis.us-east-1.amazonaws.com.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Endpoint must start with http:// or https:// (got ${url.protocol}).`;
  if (url.username || url.password) return 'Endpoint must not contain a user name or password.';
  if (url.search || url.hash) return 'Endpoint must not contain a query string or fragment.';
  return undefined;
};

/** Text typed where a count is asked (shards, hours): digits only, so "1e3" or "2.5" never pass as numbers. */
export const validateWholeNumberText: Validator<string> = (value) =>
  /^\d+$/.test(value.trim()) ? undefined : 'Enter a whole number.';
