/** Tools over records: put one, put a batch (both through the one put pipeline), read with decoding. */
import { z } from 'zod';
import { DEFAULT_MAX_RECORD_BYTES, RAISED_MAX_RECORD_BYTES } from '../analysis/limits';
import { summarizeRecord, toBase64 } from '../decode';
import type { PutRecordsEntry, ReceivedRecord, ShardIteratorType } from '../kinesis/gateway';
import { createStreamPacer } from '../kinesis/pacing';
import { entrySize, putEntries, type EntryOutcome } from '../kinesis/putRecords';
import { encodeRecordData } from '../kinesis/recordData';
import { errorMessage } from '../errorMessage';
import {
  checkRecordData, getRecordsLimitField, iteratorTypeField, recordShape, recordsField, regionField, sequenceNumberField, shardIdField, streamField, timestampField,
} from './fields';
import { plural } from './streamTools';
import { defineTool, ToolInputError, type ToolCall, type ToolTarget } from './types';

type RecordInput = { partitionKey: string; data: string; encoding?: 'text' | 'json' | 'base64'; explicitHashKey?: string };

/** The record's bytes, refused above the most any stream takes (10 MiB) before anything is sent. */
async function encode(record: RecordInput, label: string): Promise<PutRecordsEntry> {
  try {
    const data = await encodeRecordData(record.data, record.encoding ?? 'text', () => Promise.reject(new Error('files are not read by the tools')), RAISED_MAX_RECORD_BYTES);
    return { partitionKey: record.partitionKey, data, explicitHashKey: record.explicitHashKey };
  } catch (error) {
    throw new ToolInputError(`${label}: ${errorMessage(error)}`);
  }
}

/** Records above the default 1 MiB fit only a stream whose maximum was raised: read it before sending. */
async function checkStreamMaximum(call: ToolCall, t: ToolTarget, stream: string, entries: readonly PutRecordsEntry[]): Promise<void> {
  const largest = Math.max(...entries.map((e) => e.data.byteLength));
  if (largest <= DEFAULT_MAX_RECORD_BYTES) return;
  const details = await call.ctx.gateway.describeStream(t.target, stream, { signal: call.ctx.signal });
  const limit = (details.maxRecordSizeKiB ?? DEFAULT_MAX_RECORD_BYTES / 1024) * 1024;
  if (largest > limit) {
    throw new ToolInputError(`A record is ${largest.toLocaleString('en-US')} bytes, but "${stream}" takes at most ${limit.toLocaleString('en-US')} bytes (its maximum record size). Send less, or raise the stream's maximum record size (up to 10 MiB) first. Nothing was sent.`);
  }
}

function outcomeText(outcome: EntryOutcome): string {
  switch (outcome.status) {
    case 'sent': return `stored in ${outcome.shardId}, sequence number ${outcome.sequenceNumber}`;
    case 'failed': return `refused by Kinesis (${outcome.errorCode}${outcome.message ? `: ${outcome.message}` : ''})${outcome.retriesExhausted ? ` after ${outcome.attempts} attempts` : ''}`;
    case 'notSent': return `not sent${outcome.cause ? ` (${outcome.cause.message})` : ''}`;
    case 'unknown': return `unknown: sent, but no definite answer came back; it may or may not be stored${outcome.cause ? ` (${outcome.cause.message})` : ''}`;
  }
}

export const putRecord = defineTool({
  name: 'kinesis_putRecord',
  title: 'Put record',
  description: 'Writes one record to a stream. data is sent exactly as given (text by default; say "base64" only for base64 input).',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:PutRecord', 'kinesis:DescribeStreamSummary (records over 1 MiB only)'],
  input: z.object({ stream: streamField, ...recordShape, region: regionField }).superRefine((i, ctx) => checkRecordData(i, ctx)),
  progress: (i) => `Putting a record into ${i.stream}`,
  confirm(i, at) {
    const preview = i.data.length > 200 ? `${i.data.slice(0, 200)}…` : i.data;
    return {
      title: 'Put a record?',
      message: `Write one record to stream **${i.stream}** in ${at(i.region).where} with partition key \`${i.partitionKey}\`${i.explicitHashKey ? ` and explicit hash key ${i.explicitHashKey}` : ''} (${i.encoding ?? 'text'}): \`${preview.replace(/`/g, "'")}\``,
    };
  },
  async run(i, call) {
    const t = call.at(i.region);
    const entry = await encode(i, 'data');
    await checkStreamMaximum(call, t, i.stream, [entry]);
    const result = await putEntries({ gateway: call.ctx.gateway, target: t.target, stream: i.stream, entries: [entry], api: 'putRecord', logger: call.ctx.logger, stopSignal: call.ctx.signal });
    if (result.stoppedBy) throw result.stoppedBy;
    const outcome = result.outcomes[0];
    if (outcome.status !== 'sent') throw new Error(`The record was ${outcomeText(outcome)}.`);
    return { text: `Record ${outcomeText(outcome)} (${plural(entry.data.byteLength, 'byte')}, stream ${i.stream} in ${t.where}).` };
  },
});

export const putRecords = defineTool({
  name: 'kinesis_putRecords',
  title: 'Put records',
  description: 'Writes a batch of up to 500 records to a stream in one PutRecords request, paced per shard, re-sending only the entries Kinesis throttled when their shard has capacity again. Reports each record\'s outcome.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:PutRecords', 'kinesis:ListShards (pacing; without it the put is unpaced)', 'kinesis:DescribeStreamSummary (records over 1 MiB only)'],
  input: z.object({ stream: streamField, records: recordsField, region: regionField }).superRefine((i, ctx) => i.records.forEach((r, n) => checkRecordData(r, ctx, ['records', n]))),
  progress: (i) => `Putting ${plural(i.records.length, 'record')} into ${i.stream}`,
  confirm: (i, at) => {
    const keys = [...new Set(i.records.map((r) => r.partitionKey))];
    return {
      title: 'Put records?',
      message: `Write **${plural(i.records.length, 'record')}** to stream **${i.stream}** in ${at(i.region).where}, with ${plural(keys.length, 'partition key')} (${keys.slice(0, 5).map((k) => `\`${k}\``).join(', ')}${keys.length > 5 ? ', …' : ''}).`,
    };
  },
  async run(i, call) {
    const t = call.at(i.region);
    const entries = await Promise.all(i.records.map((r, n) => encode(r, `records.${n}.data`)));
    const bytes = entries.reduce((sum, e) => sum + entrySize(e.partitionKey, e.data), 0);
    await checkStreamMaximum(call, t, i.stream, entries);
    // Paced: re-sends of throttled entries wait for their shard's capacity instead of a blind backoff.
    const pacer = await createStreamPacer(() => call.ctx.gateway.listShards(t.target, i.stream, { signal: call.ctx.signal }), call.ctx.logger);
    const result = await putEntries({ gateway: call.ctx.gateway, target: t.target, stream: i.stream, entries, logger: call.ctx.logger, stopSignal: call.ctx.signal, pacer });
    const sent = result.outcomes.filter((o) => o.status === 'sent').length;
    const lines = result.outcomes.map((o, n) => `- ${n}: ${outcomeText(o)}`);
    const head = `${sent} of ${plural(entries.length, 'record')} stored in ${i.stream} (${t.where}; ${plural(bytes, 'byte')}, ${plural(result.requests, 'request')}, ${result.retried} re-sent).`;
    return { text: [head, ...(result.stoppedBy ? [`Stopped: ${result.stoppedBy.message}`] : []), ...lines].join('\n') };
  },
});

const DEFAULT_GET_LIMIT = 25;
/** GetRecords calls per shard while an iterator returns empty pages behind the tip. */
const MAX_PAGES_PER_SHARD = 5;

function recordJson(shardId: string, r: ReceivedRecord, includeBase64: boolean) {
  const summary = summarizeRecord(r.data);
  const base = {
    shardId,
    sequenceNumber: r.sequenceNumber,
    partitionKey: r.partitionKey,
    arrived: r.approximateArrivalTimestamp?.toISOString(),
    bytes: summary.byteLength,
    kind: summary.kind,
  };
  const userRecords = summary.userRecords?.map((u) => ({ partitionKey: u.partitionKey, kind: u.summary.kind, text: u.summary.text ?? u.summary.preview }));
  return {
    ...base,
    ...(summary.kind === 'gzip' ? { inflated: summary.inner } : {}),
    ...(summary.text !== undefined ? { text: summary.text } : {}),
    ...(userRecords ? { userRecords } : {}),
    ...(summary.fallbackReason ? { note: summary.fallbackReason } : {}),
    ...(includeBase64 || summary.kind === 'binary' ? { dataBase64: toBase64(r.data) } : {}),
  };
}

export const getRecords = defineTool({
  name: 'kinesis_getRecords',
  title: 'Get records',
  description: 'Reads records from one shard or every shard of a stream, from an iterator position, decoded: JSON and text as text, gzip inflated, KPL aggregates split into user records, other bytes as base64. Never decodes text as base64.',
  kind: 'read',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords'],
  input: z.object({
    stream: streamField,
    shardId: shardIdField.optional().describe('One shard to read (default: every shard, oldest first).'),
    iteratorType: iteratorTypeField,
    sequenceNumber: sequenceNumberField.optional().describe('For AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.'),
    timestamp: timestampField,
    limit: getRecordsLimitField,
    includeBase64: z.boolean().optional().describe('Also return every record\'s exact bytes as base64 (default: only for binary records).'),
    region: regionField,
  }).superRefine((i, ctx) => {
    const type = i.iteratorType ?? 'TRIM_HORIZON';
    if ((type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') && !i.sequenceNumber) ctx.addIssue({ code: 'custom', path: ['sequenceNumber'], message: `${type} needs sequenceNumber.` });
    if (type === 'AT_TIMESTAMP' && !i.timestamp) ctx.addIssue({ code: 'custom', path: ['timestamp'], message: 'AT_TIMESTAMP needs timestamp (ISO 8601).' });
    if ((type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER') && !i.shardId) ctx.addIssue({ code: 'custom', path: ['shardId'], message: `${type} reads one shard: give its shardId (a sequence number belongs to one shard).` });
  }),
  progress: (i) => `Reading records from ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const type: ShardIteratorType = i.iteratorType ?? 'TRIM_HORIZON';
    const limit = i.limit ?? DEFAULT_GET_LIMIT;
    const shards = i.shardId ? [i.shardId] : (await call.ctx.gateway.listShards(t.target, i.stream, { signal: call.ctx.signal })).map((s) => s.shardId);
    const records: ReturnType<typeof recordJson>[] = [];
    const next: Record<string, string | undefined> = {};
    for (const shardId of shards) {
      let iterator: string | undefined = await call.ctx.gateway.getShardIterator(t.target, {
        stream: i.stream, shardId, type, sequenceNumber: i.sequenceNumber, timestamp: i.timestamp ? new Date(i.timestamp) : undefined,
      }, { signal: call.ctx.signal });
      let got = 0;
      for (let page = 0; iterator && got < limit && page < MAX_PAGES_PER_SHARD; page++) {
        const result = await call.ctx.gateway.getRecords(t.target, iterator, limit - got, { signal: call.ctx.signal });
        for (const r of result.records) records.push(recordJson(shardId, r, i.includeBase64 ?? false));
        got += result.records.length;
        iterator = result.nextIterator;
        // Caught up: further pages would be empty until new records arrive.
        if (result.records.length === 0 && (result.millisBehindLatest ?? 0) === 0) break;
      }
      const last = records.filter((r) => r.shardId === shardId).at(-1);
      next[shardId] = last?.sequenceNumber;
    }
    const header = `${plural(records.length, 'record')} from ${i.stream} in ${t.where} (${type}, up to ${limit} per shard, ${plural(shards.length, 'shard')}).`;
    const resume = Object.entries(next).filter(([, seq]) => seq).map(([shard, seq]) => `${shard} after ${seq}`).join('; ');
    return { text: `${header}${resume ? ` To read on: AFTER_SEQUENCE_NUMBER per shard (${resume}).` : ''}\n${JSON.stringify(records, null, 2)}` };
  },
});
