/** Tools that call no AWS API: shard and cost estimates, and the requirement-file analysis. */
import { REQUIREMENT_FILE_NAME } from '../requirements/fileNames';
import { z } from 'zod';
import { estimateCapacity } from '../analysis/capacity';
import { getPriceTable } from '../analysis/cost';
import { chooseCapacityMode } from '../analysis/modeChoice';
import { optionsSummary } from '../requirements/codeLenses';
import { formatNumber, formatUsd } from '../analysis/format';
import { errorMessage } from '../errorMessage';
import { createRequirementsService } from '../requirements/service';
import { parseRecordSize } from '../requirements/valueParsers';
import { retentionHoursField } from './fields';
import { defineTool, ToolInputError } from './types';

const PURE = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

/** The requirement file the seed's workflow keeps; the default of kinesis_analyzeRequirementFile. */
export { REQUIREMENT_FILE_NAME };

export const estimateShardsAndCost = defineTool({
  name: 'kinesis_estimateShardsAndCost',
  title: 'Estimate shards and cost',
  description: 'Computes the shards a workload needs at peak and its monthly cost (provisioned and on-demand) with the requirements engine, showing the working. Calls no AWS API. Never guess a throughput: ask the user.',
  kind: 'read',
  annotations: PURE,
  iamActions: [],
  input: z.object({
    peakRecordsPerSecond: z.number().min(0).describe('Peak records per second, as the user stated it.'),
    averageRecordsPerSecond: z.number().min(0).optional().describe('Average records per second (the cost is computed on it; default the peak).'),
    recordSize: z.string().optional().describe('Average record size with a unit, e.g. "2KB", "500B", "1 MB".'),
    recordSizeBytes: z.number().int().min(1).optional().describe('Average record size in bytes (instead of recordSize).'),
    retentionHours: retentionHoursField.optional(),
    enhancedFanOutConsumers: z.number().int().min(0).max(50).optional().describe('Enhanced fan-out consumers (default 0).'),
  }).superRefine((i, ctx) => {
    if (i.recordSize !== undefined && parseRecordSize(i.recordSize) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['recordSize'], message: `"${i.recordSize}" has no unit I can read; write it like "2KB", "500B" or "1 MB".` });
    }
  }),
  progress: () => 'Estimating shards and monthly cost with the requirements engine',
  async run(i, call) {
    const sizeBytes = i.recordSizeBytes ?? (i.recordSize ? parseRecordSize(i.recordSize) : undefined);
    const profile = { peakRecordsPerSecond: i.peakRecordsPerSecond, averageRecordsPerSecond: i.averageRecordsPerSecond, recordSizeBytes: sizeBytes };
    const capacity = estimateCapacity(profile);
    const table = getPriceTable(call.ctx.priceTable);
    const choice = chooseCapacityMode(capacity, [profile], { retentionHours: i.retentionHours, enhancedFanOutConsumers: i.enhancedFanOutConsumers }, table);
    const cost = choice.options.fixedAtPeak.cost;
    return {
      text: [
        capacity.shards !== undefined ? `Shards needed at peak: ${capacity.shards}` : `Shards needed at peak: at least ${capacity.shardsByRecords ?? 1} (record size unknown)`,
        ...capacity.steps.filter((s) => !s.startsWith('Capacity mode:')).map((s) => `- ${s}`),
        `Recommended capacity mode: ${choice.capacityMode === 'onDemand' ? 'on-demand' : 'provisioned, fixed at peak'}. ${choice.reason}`,
        `Monthly cost (${cost.priceTable} price table, ${formatNumber(cost.hoursPerMonth)} h, traffic at its average rate): ${optionsSummary(choice)}`,
        ...cost.provisioned.lineItems.map((item) => `- Fixed at peak, ${item.label}: ${item.working}`),
        ...cost.notes.map((n) => `Note: ${n}`),
        'Quote these numbers as they are; do not recompute them.',
      ].join('\n'),
    };
  },
});

export const analyzeRequirementFile = defineTool({
  name: 'kinesis_analyzeRequirementFile',
  title: 'Analyze requirement file',
  description: `Analyzes a requirement file (${REQUIREMENT_FILE_NAME}, the seed workflow's notes) with the requirements engine: diagnostics, shards and monthly cost per requirement and stream, totals, and whether the architecture document may be generated. Reads a workspace file or the given text. Calls no AWS API.`,
  kind: 'read',
  annotations: PURE,
  iamActions: [],
  input: z.object({
    path: z.string().min(1).optional().describe(`A path relative to the workspace root (default ${REQUIREMENT_FILE_NAME}).`),
    text: z.string().optional().describe('The file\'s markdown, instead of reading it from the workspace.'),
  }).superRefine((i, ctx) => {
    if (i.path !== undefined && i.text !== undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Give either path or text, not both.' });
  }),
  progress: (i) => `Analyzing ${i.text !== undefined ? 'the requirement text' : i.path ?? REQUIREMENT_FILE_NAME}`,
  async run(i, call) {
    let text = i.text;
    const file = i.path ?? REQUIREMENT_FILE_NAME;
    if (text === undefined) {
      if (!call.ctx.workspace) throw new ToolInputError('There is no workspace to read from: pass the file\'s markdown as text (or start the MCP server with --workspace DIR).');
      try {
        text = await call.ctx.workspace.readFile(file);
      } catch (error) {
        throw new ToolInputError(`Cannot read ${file} in ${call.ctx.workspace.root}: ${errorMessage(error)}`);
      }
    }
    const service = createRequirementsService({ options: { priceTable: call.ctx.priceTable }, logger: call.ctx.logger });
    const document = { uri: `tool:${file}`, version: 1, getText: () => text };
    const analysis = service.analyze(document);
    const diagnostics = service.getDiagnostics(document);
    const gate = service.checkGenerationGate(document);
    const lines = [`Analysis of ${i.text !== undefined ? 'the given text' : file} (${analysis.priceTable.label}):`];
    lines.push(diagnostics.length ? `${diagnostics.length} diagnostic(s):` : 'No diagnostics.');
    for (const d of diagnostics) lines.push(`- line ${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message}`);
    for (const r of analysis.requirements) {
      const req = r.requirement;
      const known = r.modeChoice.options.fixedAtPeak.monthlyUsd !== undefined;
      lines.push(`Requirement ${req.label}${req.description ? ` (${req.description})` : ''}, stream ${r.streamName}: ${r.capacity.shards === undefined ? 'shards unknown' : `${r.capacity.shards} shard(s) at peak`}, ${r.modeChoice.capacityMode === 'onDemand' ? 'on-demand' : 'provisioned fixed at peak'} recommended; ${known ? optionsSummary(r.modeChoice) : 'cost unknown'}.`);
      for (const step of r.capacity.steps) lines.push(`  - ${step}`);
    }
    const { totals } = analysis;
    lines.push(`Total: ${totals.requiredShards === undefined ? 'unknown' : formatNumber(totals.requiredShards)} shard(s) at peak; ${money(totals.fixedAtPeakMonthly)}/month fixed at peak, ${money(totals.provisionedMonthly)}/month auto-scaled (average shards), ${money(totals.onDemandMonthly)}/month on-demand, ${money(totals.recommendedMonthly)}/month as recommended${totals.complete ? '' : ' (incomplete)'}.`);
    lines.push(gate.allowed ? 'The architecture document may be generated (after the user confirms).' : `Not ready for the architecture document: ${gate.reasons.join('; ')}`);
    lines.push('Quote these numbers as they are; do not recompute them.');
    return { text: lines.join('\n') };
  },
});

function money(value: number | undefined): string {
  return value === undefined ? 'n/a' : formatUsd(value);
}
