/**
 * The input fields the tools share, as zod schemas carrying the rules of ../kinesis/validation.ts.
 * Every rule that needs no AWS call is checked here, before a handler runs, so a bad call never
 * reaches Kinesis; the messages name the rule so a model can correct its call.
 */
import { z } from 'zod';
import { resolveRegion } from '../chat/regions';
import {
  MAX_GET_RECORDS_LIMIT, MAX_RETENTION_HOURS, MAX_SHARDS_PER_STREAM, MIN_RETENTION_HOURS, SHARD_LEVEL_METRICS, validateConsumerName, validateHashKey, validateKmsKeyId, validatePartitionKey,
  validateRetentionHours, validateSequenceNumber, validateShardCount, validateShardId, validateStreamName, validateTagKey, validateTags,
} from '../kinesis/validation';
import { MAX_PUT_RECORDS_ENTRIES } from '../kinesis/putRecords';
import { validateRecordData } from '../kinesis/recordData';

/** A string checked by one of validation.ts's validators. */
function checkedString(validate: (value: string) => string | undefined, description: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = validate(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).describe(description);
}

/** A whole number in [min, max]; every violation is worded by `validate` (the same words as the wizards). */
function checkedInt(validate: (value: number) => string | undefined, min: number, max: number, description: string) {
  return z.number().int(validate(min + 0.5)).min(min, validate(min - 1)).max(max, validate(max + 1)).describe(description);
}

export const regionField = z.string().optional().superRefine((value, ctx) => {
  if (value === undefined || value === '') return;
  const resolved = resolveRegion(value);
  if (!resolved.region) ctx.addIssue({ code: 'custom', message: resolved.problem ?? `Unknown region "${value}".` });
}).describe('AWS region code such as "ap-southeast-2", or a city such as "Sydney". Leave out to use the current region.');

export const streamField = checkedString(validateStreamName, 'The stream name.');
export const shardIdField = checkedString(validateShardId, 'A shard id such as "shardId-000000000000" (see kinesis_listShards).');
export const consumerNameField = checkedString(validateConsumerName, 'The enhanced fan-out consumer name.');
export const partitionKeyField = checkedString(validatePartitionKey, 'The partition key (1–256 characters); it decides the shard.');
export const hashKeyField = checkedString(validateHashKey, 'A decimal hash key from 0 to 2^128-1.');
export const sequenceNumberField = checkedString(validateSequenceNumber, 'A record sequence number (decimal digits).');
export const kmsKeyField = checkedString(validateKmsKeyId, 'A KMS key id, key ARN, alias such as "alias/aws/kinesis", or alias ARN.');
export const shardCountField = checkedInt(validateShardCount, 1, MAX_SHARDS_PER_STREAM, 'A number of shards, 1 to 10,000.');
export const retentionHoursField = checkedInt(validateRetentionHours, MIN_RETENTION_HOURS, MAX_RETENTION_HOURS, 'Retention in hours, 24 (1 day) to 8,760 (365 days).');
export const streamModeField = z.enum(['PROVISIONED', 'ON_DEMAND']).describe('"PROVISIONED" (fixed shards) or "ON_DEMAND" (capacity scales itself).');

export const tagsField = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  if (Object.keys(tags).length === 0) {
    ctx.addIssue({ code: 'custom', message: 'tags must contain at least one key, for example {"dept": "fin"}.' });
    return;
  }
  const problem = validateTags(tags);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).describe('Tags as an object of key/value strings, for example {"dept": "fin"}.');

export const tagKeysField = z.array(checkedString(validateTagKey, 'A tag key.')).min(1, 'keys must name at least one tag key, for example ["dept"].')
  .describe('Tag keys, for example ["dept"].');

export const metricsField = z.array(z.enum(SHARD_LEVEL_METRICS)).min(1, 'Name at least one shard-level metric, or ["ALL"].')
  .describe(`Shard-level metrics: any of ${SHARD_LEVEL_METRICS.join(', ')}.`);

export const encodingField = z.enum(['text', 'json', 'base64']).optional()
  .describe('How to read `data`: "text" (default, sent as UTF-8 exactly as given), "json" (checked to be valid JSON, sent as its text) or "base64" (decoded to bytes). Never guessed.');

/** One record to put: the fields of kinesis_putRecord and of each entry of kinesis_putRecords. */
export const recordShape = {
  partitionKey: partitionKeyField,
  data: z.string().describe('The record content (see encoding).'),
  encoding: encodingField,
  explicitHashKey: hashKeyField.optional().describe('Optional: a decimal hash key that overrides the partition key\'s hash for shard choice.'),
};

/** Checks data against its encoding, reporting at `data`. */
export function checkRecordData(record: { data: string; encoding?: 'text' | 'json' | 'base64' }, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  const problem = validateRecordData(record.data, record.encoding ?? 'text');
  if (problem) ctx.addIssue({ code: 'custom', path: [...path, 'data'], message: problem });
  else if (record.data === '') ctx.addIssue({ code: 'custom', path: [...path, 'data'], message: 'A record needs at least 1 byte of data.' });
}

export const recordsField = z.array(z.object(recordShape)).min(1).max(MAX_PUT_RECORDS_ENTRIES)
  .describe(`1–${MAX_PUT_RECORDS_ENTRIES} records, each with partitionKey, data and optional encoding and explicitHashKey.`);

export const getRecordsLimitField = z.number().int().min(1).max(MAX_GET_RECORDS_LIMIT).optional()
  .describe(`Most records to return per shard, 1–${MAX_GET_RECORDS_LIMIT} (default 25).`);

export const iteratorTypeField = z.enum(['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER']).optional()
  .describe('Where to start reading: TRIM_HORIZON (oldest, default), LATEST (only new records), AT_TIMESTAMP (needs timestamp), AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER (need sequenceNumber).');

export const timestampField = z.string().optional().superRefine((value, ctx) => {
  if (value !== undefined && Number.isNaN(Date.parse(value))) ctx.addIssue({ code: 'custom', message: `"${value}" is not a date; use ISO 8601 such as 2026-12-02T18:00:00Z.` });
}).describe('For AT_TIMESTAMP: an ISO 8601 time such as 2026-12-02T18:00:00Z.');

/**
 * Writes zod's issues as one message a model can act on: "stream: Stream name must be …; shardCount is required".
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${path || 'input'} is required.`;
    if (issue.code === 'unrecognized_keys') return `Unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}${path ? ` in ${path}` : ''}; remove them.`;
    return path ? `${path}: ${issue.message}` : issue.message;
  }).join(' ');
}
