/**
 * The Stream Doctor as a tool: samples a stream over a window and returns its findings (code,
 * severity, subject, evidence in words, fix) for a model to explain or act on. Read-only: a fix it
 * proposes is applied, if at all, through the write tools (kinesis_splitShard, …) with their own
 * confirmation.
 */
import { z } from 'zod';
import { diagnoseStream, type DoctorReport } from '../doctor/diagnose';
import type { Finding, Fix } from '../doctor/findings';
import type { SampleStart } from '../doctor/sampler';
import { regionField, streamField } from './fields';
import { defineTool, ToolInputError } from './types';

const MAX_WINDOW_MS = 24 * 3_600_000;

/** "90s", "5m", "1h" → milliseconds; undefined when not a positive duration of at most 24 hours. */
function parseWindow(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
  return ms > 0 && ms <= MAX_WINDOW_MS ? ms : undefined;
}

const fromField = z.string().optional().superRefine((value, ctx) => {
  if (value === undefined || value === 'TRIM_HORIZON') return;
  if (Number.isNaN(Date.parse(value))) ctx.addIssue({ code: 'custom', message: `from must be "TRIM_HORIZON" or an ISO 8601 time such as "2026-01-31T12:00:00Z", not "${value}".` });
  else if (Date.parse(value) > Date.now() + 60_000) ctx.addIssue({ code: 'custom', message: 'from is in the future: no record has arrived yet.' });
}).describe('Where sampling starts: "TRIM_HORIZON" (everything kept) or an ISO 8601 time. Leave out for `duration` before now.');

const durationField = z.string().optional().superRefine((value, ctx) => {
  if (value !== undefined && parseWindow(value) === undefined) ctx.addIssue({ code: 'custom', message: `duration must be like "90s", "5m" or "1h" (at most 24h), not "${value}".` });
}).describe('Window length, e.g. "90s", "5m", "1h" (default "5m").');

function fixText(fix: Fix): string {
  switch (fix.kind) {
    case 'saltKey': return `salt key "${fix.partitionKey}" over ${fix.suffixes} suffixes (${fix.example}); trade-off: ${fix.tradeOff}`;
    case 'splitShard': return `split ${fix.shardId} at hash key ${fix.newStartingHashKey} (kinesis_splitShard); children: ${fix.preview.map((c) => `${c.startingHashKey}–${c.endingHashKey} ≈ ${Math.round(c.expectedRecordsPerSecond)} records/s`).join(', ')}`;
    case 'mergeShards': return `merge ${fix.shardId} with ${fix.adjacentShardId} (kinesis_mergeShards)`;
    case 'smoothBursts': return fix.advice.join(' ');
    case 'setShardMetrics': return `${fix.enable.length ? `enable ${fix.enable.join(', ')}` : ''}${fix.enable.length && fix.disable.length ? '; ' : ''}${fix.disable.length ? `disable ${fix.disable.join(', ')}` : ''} (≈ $${fix.monthlyUsd.toFixed(2)}/month)`;
    case 'updateEventSourceMapping': return `UpdateEventSourceMapping ${fix.uuid}: ${fix.changes.map((c) => `${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join(', ')}`;
    case 'advice': return fix.steps.join(' ');
    default: return JSON.stringify(fix);
  }
}

function findingLines(f: Finding): string[] {
  const where = [f.subject.shardId, f.subject.partitionKey !== undefined ? `key "${f.subject.partitionKey}"` : undefined, f.subject.consumer].filter(Boolean).join(', ');
  return [
    `- [${f.severity}] ${f.code}${where ? ` (${where})` : ''}: ${f.title}`,
    `  ${f.explanation}`,
    ...f.evidence.facts.map(([label, value]) => `  ${label}: ${value}`),
    ...(f.evidence.topKeys?.length ? [`  Top keys: ${f.evidence.topKeys.slice(0, 5).map((k) => `"${k.partitionKey}" ${(k.share * 100).toFixed(1)}%${k.shardId ? ` on ${k.shardId}` : ''}`).join(', ')}`] : []),
    ...(f.fix ? [`  Fix: ${fixText(f.fix)}`] : []),
  ];
}

export function doctorReportText(report: DoctorReport, where: string): string {
  return [
    `Stream Doctor: ${report.stream} in ${where} (${report.details.mode}, ${report.details.openShardCount} open shard(s)).`,
    `Sampled ${report.sampledRecords} record(s), ${report.sampledBytes} bytes, ≈ ${report.distinctKeys} distinct key(s) from ${new Date(report.windowStartMs).toISOString()} to ${new Date(report.windowEndMs).toISOString()}${report.truncated ? ' (sample capped)' : ''}.`,
    report.findings.length ? `${report.findings.length} finding(s), most severe first:` : 'No findings: the sample shows nothing to fix.',
    ...report.findings.flatMap(findingLines),
  ].join('\n');
}

export const diagnoseStreamTool = defineTool({
  name: 'kinesis_diagnoseStream',
  title: 'Diagnose stream',
  description: 'Runs the Stream Doctor on a stream: samples its records over a window (default the last 5 minutes, within GetRecords limits), maps keys to shards and reports findings (hot key, hot shard, bursts, write limits, under-/over-used shards, capacity mode, shard metrics) with evidence and a concrete fix. Read-only; apply a fix with the matching write tool.',
  kind: 'read',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  iamActions: ['kinesis:DescribeStreamSummary', 'kinesis:DescribeStream', 'kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListStreamConsumers'],
  input: z.object({ stream: streamField, region: regionField, from: fromField, duration: durationField }),
  progress: (i) => `Diagnosing ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const windowMs = i.duration === undefined ? undefined : parseWindow(i.duration);
    if (i.duration !== undefined && windowMs === undefined) throw new ToolInputError(`duration must be like "5m", not "${i.duration}".`);
    const start: SampleStart | undefined = i.from === undefined ? undefined
      : i.from === 'TRIM_HORIZON' ? { type: 'TRIM_HORIZON' } : { type: 'AT_TIMESTAMP', timestamp: new Date(Date.parse(i.from)) };
    const report = await diagnoseStream({ gateway: call.ctx.gateway, logger: call.ctx.logger }, {
      target: t.target, stream: i.stream, start, windowMs, priceTable: call.ctx.priceTable, signal: call.ctx.signal,
    });
    return { text: doctorReportText(report, t.where) };
  },
});
