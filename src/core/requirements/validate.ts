/**
 * Diagnostics for a requirement document. Codes are stable strings: quick fixes, tests, the CLI's
 * JSON and users' suppressions key on them, so never rename one.
 */
import { formatNumber, formatUsd } from '../analysis/format';
import {
  DEFAULT_MAX_RECORD_BYTES,
  MIB,
  MAX_PARTITION_KEY_CHARACTERS,
  MAX_RETENTION_HOURS,
  MIN_RETENTION_HOURS,
  RAISED_MAX_RECORD_BYTES,
  SHARED_THROUGHPUT_MIN_LATENCY_MS,
} from '../analysis/limits';
import type { EditorDiagnostic } from '../documents';
import type { Range } from '../text';
import type { ProducerFindingCode } from '../analysis/producerAdvice';
import type { ReadFindingCode } from '../analysis/readCapacity';
import type { DocumentAnalysis, RequirementAnalysis } from './analyze';
import type { SectionKind, TableCell } from './model';

export const DiagnosticCodes = {
  throughputMissing: 'kinesis.throughput.missing',
  throughputUnreadable: 'kinesis.throughput.unreadable',
  averageAbovePeak: 'kinesis.throughput.averageAbovePeak',
  recordSizeMissing: 'kinesis.recordSize.missing',
  recordSizeUnreadable: 'kinesis.recordSize.unreadable',
  recordSizeAboveDefault: 'kinesis.recordSize.aboveDefaultLimit',
  recordSizeAboveMaximum: 'kinesis.recordSize.aboveMaximum',
  retentionOutOfRange: 'kinesis.retention.outOfRange',
  latencySharedThroughput: 'kinesis.latency.sharedThroughput',
  hotShardRisk: 'kinesis.partitionKey.hotShardRisk',
  partitionKeyTooLong: 'kinesis.partitionKey.tooLong',
  shardsBelowRequirement: 'kinesis.shards.belowRequirement',
  considerOnDemand: 'kinesis.capacity.considerOnDemand',
  costAboveThreshold: 'kinesis.cost.aboveThreshold',
  enhancedFanOutRecommended: 'kinesis.read.enhancedFanOutRecommended',
  sharedThroughputExceeded: 'kinesis.read.sharedThroughputExceeded',
  getRecordsExceeded: 'kinesis.read.getRecordsExceeded',
  enhancedFanOutLimit: 'kinesis.read.enhancedFanOutLimit',
  aggregationRecommended: 'kinesis.producer.aggregationRecommended',
  recordJustOverPayloadUnit: 'kinesis.producer.recordJustOverPayloadUnit',
  compressionRecommended: 'kinesis.producer.compressionRecommended',
  checklistUnchecked: 'kinesis.checklist.unchecked',
  missingSection: 'kinesis.structure.missingSection',
  noRequirementsTable: 'kinesis.structure.noRequirementsTable',
} as const;

export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];

/** Extra facts a quick fix or UI needs; all optional and JSON-serialisable. */
export interface DiagnosticData {
  readonly requirementIndex?: number;
  readonly checklistIndex?: number;
  readonly streamName?: string;
  readonly requiredShards?: number;
  readonly plannedShards?: number;
  /** For `kinesis.throughput.missing`: the cell is empty, a placeholder, or the column is absent. */
  readonly reason?: 'empty' | 'placeholder' | 'noColumn';
  readonly partitionKey?: string;
  /** For `kinesis.read.*` and the latency warning: consumers the fix switches to enhanced fan-out. */
  readonly consumers?: readonly string[];
}

/** A requirement-file diagnostic: the shared editor-neutral shape plus what its quick fixes need. */
export interface RequirementDiagnostic extends EditorDiagnostic<DiagnosticCode> {
  readonly data?: DiagnosticData;
}

const SEED_SECTIONS: readonly [SectionKind, string][] = [
  ['overview', 'Application Overview'],
  ['requirements', 'Streaming Requirements Analysis'],
  ['dataFlow', 'Data Flow Architecture Deep Dive'],
  ['designConsiderations', 'Design Considerations'],
  ['checklist', 'Validation Checklist'],
];

export function validateRequirementDocument(analysis: DocumentAnalysis): RequirementDiagnostic[] {
  const diagnostics: RequirementDiagnostic[] = [];
  const { model } = analysis;
  const documentStart = model.title?.range ?? model.lines.linesRange(0, 1);

  for (const [kind, title] of SEED_SECTIONS) {
    if (!model.sections.some((s) => s.kind === kind)) {
      diagnostics.push({ code: DiagnosticCodes.missingSection, severity: 'information', message: `Missing the "${title}" section of the requirement template.`, range: documentStart });
    }
  }
  if (model.tables.length === 0) {
    const section = model.sections.find((s) => s.kind === 'requirements');
    diagnostics.push({
      code: DiagnosticCodes.noRequirementsTable,
      severity: 'warning',
      message: 'No requirements table: add one with Description, Records/Sec (Peak/Avg) and Record Size columns.',
      range: section?.headingRange ?? documentStart,
    });
  }

  for (const r of analysis.requirements) validateRequirement(r, analysis, diagnostics);
  validatePartitionKeyDesign(analysis, diagnostics);
  validatePlannedShards(analysis, diagnostics);
  validateReadCapacity(analysis, diagnostics);

  if (analysis.options.reportUncheckedItems) {
    for (const item of model.checklist) {
      if (item.checked) continue;
      diagnostics.push({
        code: DiagnosticCodes.checklistUnchecked,
        severity: 'information',
        message: `Validation item not confirmed: ${item.text}`,
        range: item.range,
        data: { checklistIndex: item.index },
      });
    }
  }
  return diagnostics;
}

/** A cell's range, or the whole row when the cell is empty (a zero-width squiggle is invisible). */
function cellOrRow(cell: TableCell | undefined, row: Range): Range {
  if (!cell || !cell.present || !cell.text) return row;
  return cell.range;
}

function validateRequirement(r: RequirementAnalysis, analysis: DocumentAnalysis, out: RequirementDiagnostic[]): void {
  const req = r.requirement;
  const name = `Requirement ${req.label}`;
  const data = { requirementIndex: req.index };
  const throughputCell = req.fields.throughput;
  const throughputRange = cellOrRow(throughputCell, req.range);

  if (!throughputCell) {
    out.push({ code: DiagnosticCodes.throughputMissing, severity: 'warning', message: `${name} has no throughput: the table has no Records/Sec (Peak/Avg) column. Every requirement must state one.`, range: req.range, data: { ...data, reason: 'noColumn' } });
  } else if (req.throughput.placeholder) {
    out.push({ code: DiagnosticCodes.throughputMissing, severity: 'warning', message: `${name}: throughput is still a placeholder ("${throughputCell.text}"). Estimate peak and average records/s.`, range: throughputRange, data: { ...data, reason: 'placeholder' } });
  } else if (!throughputCell.text) {
    out.push({ code: DiagnosticCodes.throughputMissing, severity: 'warning', message: `${name} has no throughput. Every requirement must state peak/average records/s (e.g. 10K/5K RPS).`, range: throughputRange, data: { ...data, reason: 'empty' } });
  } else if (req.throughput.peakRecordsPerSecond === undefined) {
    out.push({ code: DiagnosticCodes.throughputUnreadable, severity: 'warning', message: `${name}: cannot read "${throughputCell.text}" as records/s; write it like 10K/5K RPS (peak/average).`, range: throughputRange, data });
  }
  const { peakRecordsPerSecond: peak, averageRecordsPerSecond: average } = req.throughput;
  if (peak !== undefined && average !== undefined && average > peak) {
    out.push({ code: DiagnosticCodes.averageAbovePeak, severity: 'warning', message: `${name}: average ${formatNumber(average)} records/s is above the peak ${formatNumber(peak)}; the column is Peak/Avg.`, range: throughputRange, data });
  }

  const sizeCell = req.fields.recordSize;
  const size = req.recordSizeBytes;
  if (sizeCell && sizeCell.text && size === undefined) {
    out.push({ code: DiagnosticCodes.recordSizeUnreadable, severity: 'warning', message: `${name}: cannot read "${sizeCell.text}" as a size; write it with a unit, like 2KB or 500B.`, range: sizeCell.range, data });
  } else if (size === undefined && peak !== undefined) {
    out.push({ code: DiagnosticCodes.recordSizeMissing, severity: 'information', message: `${name}: no record size, so shards are counted by records only (a lower bound) and costs are lower bounds.`, range: cellOrRow(sizeCell, req.range), data });
  } else if (size !== undefined && size > RAISED_MAX_RECORD_BYTES) {
    out.push({ code: DiagnosticCodes.recordSizeAboveMaximum, severity: 'error', message: `${name}: ${formatMib(size)} records exceed the 10 MiB Kinesis maximum. Store the payload in S3 and stream a reference.`, range: cellOrRow(sizeCell, req.range), data });
  } else if (size !== undefined && size > DEFAULT_MAX_RECORD_BYTES) {
    out.push({ code: DiagnosticCodes.recordSizeAboveDefault, severity: 'warning', message: `${name}: ${formatMib(size)} records exceed the 1 MiB default maximum; raise the stream's limit (UpdateMaxRecordSize, up to 10 MiB) or split records.`, range: cellOrRow(sizeCell, req.range), data });
  }

  const retention = req.retentionHours;
  if (retention !== undefined && (retention < MIN_RETENTION_HOURS || retention > MAX_RETENTION_HOURS)) {
    const message =
      retention > MAX_RETENTION_HOURS
        ? `${name}: retention of ${formatNumber(retention)} h exceeds the Kinesis maximum of 8,760 h (365 days). Archive with Firehose → S3 for longer retention.`
        : `${name}: retention of ${formatNumber(retention)} h is below the 24 h minimum; Kinesis keeps data for at least 24 h.`;
    out.push({ code: DiagnosticCodes.retentionOutOfRange, severity: 'warning', message, range: cellOrRow(req.fields.retention, req.range), data });
  }

  if (req.latencyMs !== undefined && req.latencyMs < SHARED_THROUGHPUT_MIN_LATENCY_MS && !analysis.consumers.usesEnhancedFanOut) {
    out.push({
      code: DiagnosticCodes.latencySharedThroughput,
      severity: 'warning',
      message: `${name}: ${formatNumber(req.latencyMs)} ms latency is below what shared-throughput (GetRecords polling) consumers deliver (about 200 ms or more). Use enhanced fan-out (~70 ms) for this consumer.`,
      range: cellOrRow(req.fields.latency, req.range),
      data: { ...data, consumers: r.read.switchToEnhancedFanOut.slice(0, 1) },
    });
  }

  const key = r.partitionKey;
  if (key && key.mention.source !== 'designConsiderations') {
    validatePartitionKey(key.mention.text, key.mention.range, key.assessment.risk, key.assessment.reason, out, { ...data, partitionKey: key.mention.text }, staticKeyLoad(r));
  }

  if (peak !== undefined && r.modeChoice.recommended === 'onDemand' && analysis.model.streamConfiguration?.mode !== 'onDemand') {
    out.push({ code: DiagnosticCodes.considerOnDemand, severity: 'information', message: `${name}: ${r.modeChoice.reason}`, range: throughputRange, data });
  }

  for (const finding of r.producer) {
    out.push({ code: PRODUCER_CODES[finding.code], severity: 'information', message: `${name}: ${finding.message}`, range: throughputRange, data });
  }

  const recommended = r.modeChoice.recommended ? r.modeChoice.options[r.modeChoice.recommended] : undefined;
  const monthly = recommended?.monthlyUsd;
  const threshold = analysis.options.monthlyCostThreshold;
  if (recommended && monthly !== undefined && monthly > threshold) {
    const label = recommended.id === 'onDemand' ? 'on-demand' : `provisioned fixed at peak (${formatNumber(recommended.shards ?? 0)} shards)`;
    out.push({
      code: DiagnosticCodes.costAboveThreshold,
      severity: 'warning',
      message: `${name}: about ${r.cost.complete ? '' : 'at least '}${formatUsd(monthly)}/month ${label}, the cheapest option that carries the peak, above the ${formatUsd(threshold)} threshold.`,
      range: req.range,
      data,
    });
  }
}

function staticKeyLoad(r: RequirementAnalysis): string {
  const peak = r.requirement.throughput.peakRecordsPerSecond;
  if (r.partitionKey?.assessment.pattern !== 'static' || peak === undefined) return '';
  return ` All ${formatNumber(peak)} records/s at peak would hit one shard (limit 1,000 records/s and 1 MB/s).`;
}

function validatePartitionKey(
  text: string,
  range: Range,
  risk: string,
  reason: string,
  out: RequirementDiagnostic[],
  data: DiagnosticData,
  extra = '',
): void {
  const bare = text.replace(/^[`"']|[`"']$/g, '');
  if ([...bare].length > MAX_PARTITION_KEY_CHARACTERS) {
    out.push({ code: DiagnosticCodes.partitionKeyTooLong, severity: 'error', message: `Partition key is ${[...bare].length} characters; Kinesis allows 1-256.`, range, data });
    return;
  }
  if (risk === 'high' || risk === 'medium') {
    out.push({ code: DiagnosticCodes.hotShardRisk, severity: 'warning', message: `Hot-shard risk: ${reason}${extra}`, range, data });
  }
}

/** The Design Considerations key applies to every requirement without its own; report it once. */
function validatePartitionKeyDesign(analysis: DocumentAnalysis, out: RequirementDiagnostic[]): void {
  const mention = analysis.model.partitionKeyDesign;
  if (!mention) return;
  const users = analysis.requirements.filter((r) => r.partitionKey?.mention === mention);
  const assessment = users[0]?.partitionKey?.assessment;
  if (!assessment) return;
  const which = users.length > 0 ? ` It applies to requirement${users.length === 1 ? '' : 's'} ${users.map((u) => u.requirement.label).join(', ')}.` : '';
  validatePartitionKey(mention.text, mention.range, assessment.risk, assessment.reason + which, out, { partitionKey: mention.text });
}

function validatePlannedShards(analysis: DocumentAnalysis, out: RequirementDiagnostic[]): void {
  for (const stream of analysis.streams) {
    const planned = stream.plannedShards;
    const required = stream.capacity.shards;
    if (!planned || required === undefined || planned.count >= required) continue;
    out.push({
      code: DiagnosticCodes.shardsBelowRequirement,
      severity: 'error',
      message: `${planned.count} planned shard${planned.count === 1 ? '' : 's'} for ${stream.name}, but peak throughput needs ${required}: ${stream.capacity.steps.filter((s) => s.startsWith('Required')).join(' ')}`,
      range: planned.range,
      data: { streamName: stream.name, requiredShards: required, plannedShards: planned.count },
    });
  }
  const total = analysis.plannedTotalShards;
  // Streams of unknown size contribute their lower bound, so an under-plan is still caught.
  const required = analysis.streams.reduce((n, s) => n + (s.capacity.shards ?? s.capacity.shardsByRecords ?? 0), 0);
  if (total && total.count < required) {
    out.push({
      code: DiagnosticCodes.shardsBelowRequirement,
      severity: 'error',
      message: `${total.count} planned shards in total, but the ${analysis.streams.length} streams need ${analysis.totals.requiredShards === undefined ? 'at least ' : ''}${required} at peak (${analysis.streams.map((s) => `${s.name} ${s.capacity.shards ?? '?'}`).join(', ')}).`,
      range: total.range,
      data: { requiredShards: required, plannedShards: total.count },
    });
  }
}

const PRODUCER_CODES: Readonly<Record<ProducerFindingCode, DiagnosticCode>> = {
  aggregationRecommended: DiagnosticCodes.aggregationRecommended,
  recordJustOverPayloadUnit: DiagnosticCodes.recordJustOverPayloadUnit,
  compressionRecommended: DiagnosticCodes.compressionRecommended,
};

const READ_CODES: Readonly<Record<ReadFindingCode, DiagnosticCode>> = {
  enhancedFanOutRecommended: DiagnosticCodes.enhancedFanOutRecommended,
  sharedThroughputExceeded: DiagnosticCodes.sharedThroughputExceeded,
  getRecordsExceeded: DiagnosticCodes.getRecordsExceeded,
  enhancedFanOutLimit: DiagnosticCodes.enhancedFanOutLimit,
};

/**
 * Read-side findings per stream, on the Consumers bullet (or the stream's first row). Latency alone
 * is already reported per row (`kinesis.latency.sharedThroughput`), so it is not repeated here.
 */
function validateReadCapacity(analysis: DocumentAnalysis, out: RequirementDiagnostic[]): void {
  const consumersItem = analysis.model.dataFlow.find((i) => /consumer/i.test(i.label));
  for (const stream of analysis.streams) {
    const firstRow = analysis.requirements[stream.requirementIndexes[0]]?.requirement.range;
    const target = consumersItem?.range ?? firstRow;
    if (!target) continue;
    const costed = stream.modeChoice.options.fixedAtPeak;
    for (const finding of stream.read.findings) {
      if (finding.basis === 'latency') continue;
      const switching = stream.read.switchToEnhancedFanOut;
      const advice = switching.length > 0 && finding.code !== 'enhancedFanOutLimit' ? ` Switch ${switching.join(', ')} to enhanced fan-out.` : '';
      const priced = stream.read.enhancedFanOut > 0 && costed.monthlyUsd !== undefined ? ` Enhanced fan-out as written is priced in: ${formatUsd(costed.monthlyUsd)}/month fixed at peak.` : '';
      out.push({
        code: READ_CODES[finding.code],
        severity: finding.code === 'enhancedFanOutLimit' ? 'error' : finding.code === 'enhancedFanOutRecommended' ? 'information' : 'warning',
        message: `${stream.name}: ${finding.message}${advice}${priced}`,
        range: target,
        data: { streamName: stream.name, consumers: switching },
      });
    }
  }
}

function formatMib(bytes: number): string {
  return `${formatNumber(bytes / MIB)} MiB`;
}
