/**
 * `kinesis-studio analyze <file.md> [--json] [--prices seed|aws] [--cost-threshold USD]`.
 *
 * Lints a requirement file in CI with the same engine as the editor. Exit codes: 0 clean (warnings
 * allowed), 1 when any error-severity diagnostic exists, 2 on usage errors or an unreadable file.
 * The JSON shape is documented in README-json-schema.md; bump JSON_SCHEMA_VERSION when it changes.
 */
import { readFileSync } from 'node:fs';
import { isPriceTableId, type PriceTableId } from '../core/analysis/cost';
import { formatNumber, formatUsd } from '../core/analysis/format';
import type { ModeChoice, ModeOption } from '../core/analysis/modeChoice';
import type { ReadAssessment } from '../core/analysis/readCapacity';
import { optionsSummary } from '../core/requirements/codeLenses';
import {
  analyzeRequirementDocument,
  validateRequirementDocument,
  type RequirementDiagnostic,
  type DocumentAnalysis,
} from '../core/requirements';
import { parseRequirementDocument } from '../core/requirements/parser';
import { errorMessage } from '../core/errorMessage';
import { processIo, type CliIo } from './io';

/** 2: costs are labelled fixedAtPeak / autoScaled / onDemand; modeChoice, read and producer added. */
export const JSON_SCHEMA_VERSION = 2;

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export const ANALYZE_USAGE = `Usage: kinesis-studio analyze <file.md> [--json] [--prices seed|aws] [--cost-threshold USD]

  --json             print machine-readable JSON instead of text
  --prices TABLE     seed (default: the seed's constants, 744 h/month) or aws (us-east-1, 730 h/month)
  --cost-threshold   monthly USD per requirement above which a warning is reported (default 1000)

Exit codes: 0 no errors, 1 error diagnostics found, 2 usage error or unreadable file.`;


interface AnalyzeArgs {
  readonly file: string;
  readonly json: boolean;
  readonly prices: PriceTableId;
  readonly costThreshold?: number;
}

function parseArgs(argv: readonly string[]): AnalyzeArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'analyze') return command === undefined ? 'Missing command.' : `Unknown command "${command}".`;
  let file: string | undefined;
  let json = false;
  let prices: PriceTableId = 'seed';
  let costThreshold: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inlineValue ?? rest[++i];
    if (flag === '--json') json = true;
    else if (flag === '--prices') {
      const table = value();
      if (table === undefined || !isPriceTableId(table)) return `--prices must be "seed" or "aws".`;
      prices = table;
    } else if (flag === '--cost-threshold') {
      const amount = Number(value());
      if (!Number.isFinite(amount) || amount < 0) return '--cost-threshold must be a non-negative number.';
      costThreshold = amount;
    } else if (flag.startsWith('-')) return `Unknown option "${flag}".`;
    else if (file === undefined) file = arg;
    else return `Unexpected argument "${arg}".`;
  }
  if (file === undefined) return 'Missing <file.md>.';
  return { file, json, prices, costThreshold };
}

/** Runs `analyze` (argv with the command name) and returns its exit code. */
export function runAnalyze(argv: readonly string[], io: CliIo = processIo): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\n\n${ANALYZE_USAGE}`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = args.file === '-' ? readFileSync(0, 'utf8') : io.readFile(args.file);
  } catch (error) {
    io.err(`Cannot read ${args.file}: ${errorMessage(error)}`);
    return EXIT_USAGE;
  }
  const analysis = analyzeRequirementDocument(parseRequirementDocument(text), {
    priceTable: args.prices,
    ...(args.costThreshold !== undefined ? { monthlyCostThreshold: args.costThreshold } : {}),
  });
  const diagnostics = validateRequirementDocument(analysis);
  io.out(args.json ? JSON.stringify(toJson(args.file, analysis, diagnostics), null, 2) : toText(args.file, analysis, diagnostics));
  return diagnostics.some((d) => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}

function countBySeverity(diagnostics: readonly RequirementDiagnostic[]) {
  const count = (severity: RequirementDiagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), information: count('information'), hints: count('hint') };
}

/** The --json document; see README-json-schema.md. Positions are 0-based like the editor's. */
export function toJson(file: string, analysis: DocumentAnalysis, diagnostics: readonly RequirementDiagnostic[]) {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    file,
    priceTable: analysis.priceTable.id,
    hoursPerMonth: analysis.priceTable.hoursPerMonth,
    summary: countBySeverity(diagnostics),
    diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range, data: d.data })),
    requirements: analysis.requirements.map((r) => ({
      index: r.requirement.index,
      label: r.requirement.label,
      description: r.requirement.description ?? null,
      line: r.requirement.line,
      stream: r.streamName,
      peakRecordsPerSecond: r.requirement.throughput.peakRecordsPerSecond ?? null,
      averageRecordsPerSecond: r.requirement.throughput.averageRecordsPerSecond ?? null,
      recordSizeBytes: r.requirement.recordSizeBytes ?? null,
      latencyMs: r.requirement.latencyMs ?? null,
      retentionHours: r.requirement.retentionHours ?? null,
      status: r.requirement.status ?? null,
      partitionKey: r.partitionKey ? { text: r.partitionKey.mention.text, pattern: r.partitionKey.assessment.pattern, risk: r.partitionKey.assessment.risk } : null,
      capacity: {
        shards: r.capacity.shards ?? null,
        shardsByRecords: r.capacity.shardsByRecords ?? null,
        shardsByVolume: r.capacity.shardsByVolume ?? null,
        recommendedMode: r.capacity.recommendedMode,
        steps: r.capacity.steps,
      },
      modeChoice: modeChoiceJson(r.modeChoice),
      read: readJson(r.read),
      producer: r.producer.map((p) => ({ code: p.code, message: p.message, shardsSaved: p.shardsSaved ?? null, monthlySavingsUsd: p.monthlySavingsUsd ?? null })),
      cost: costJson(r.cost, r.modeChoice),
    })),
    streams: analysis.streams.map((s) => ({
      name: s.name,
      requirements: s.requirementIndexes,
      shards: s.capacity.shards ?? null,
      plannedShards: s.plannedShards?.count ?? null,
      retentionHours: s.retentionHours ?? null,
      modeChoice: modeChoiceJson(s.modeChoice),
      read: readJson(s.read),
      cost: costJson(s.cost, s.modeChoice),
    })),
    totals: {
      requiredShards: analysis.totals.requiredShards ?? null,
      fixedAtPeakMonthlyUsd: analysis.totals.fixedAtPeakMonthly ?? null,
      autoScaledMonthlyUsd: analysis.totals.provisionedMonthly ?? null,
      onDemandMonthlyUsd: analysis.totals.onDemandMonthly ?? null,
      recommendedMonthlyUsd: analysis.totals.recommendedMonthly ?? null,
      complete: analysis.totals.complete,
    },
  };
}

type Cost = DocumentAnalysis['requirements'][number]['cost'];

function lineItemsJson(items: Cost['provisioned']['lineItems']) {
  return items.map((i) => ({ id: i.id, label: i.label, quantity: i.quantity, unit: i.unit, unitPrice: i.unitPrice, amountUsd: i.amount, working: i.working }));
}

/** The three labelled figures; each provisioned figure is for exactly the shard count beside it. */
function costJson(cost: Cost, choice: ModeChoice) {
  const { fixedAtPeak, autoScaled, onDemand } = choice.options;
  return {
    complete: cost.complete,
    fixedAtPeak: { shards: fixedAtPeak.shards ?? null, monthlyUsd: fixedAtPeak.monthlyUsd ?? null, lineItems: lineItemsJson(fixedAtPeak.cost.provisioned.lineItems) },
    autoScaled: { shards: autoScaled.shards ?? null, monthlyUsd: autoScaled.monthlyUsd ?? null, lineItems: lineItemsJson(cost.provisioned.lineItems) },
    onDemand: { monthlyUsd: onDemand.monthlyUsd ?? null, lineItems: lineItemsJson(cost.onDemand.lineItems) },
    notes: cost.notes,
  };
}

function modeChoiceJson(choice: ModeChoice) {
  const option = (o: ModeOption) => ({ shards: o.shards ?? null, monthlyUsd: o.monthlyUsd ?? null, carriesPeak: o.carriesPeak, note: o.note });
  return {
    recommended: choice.recommended ?? null,
    capacityMode: choice.capacityMode,
    shapeKnown: choice.shapeKnown,
    reason: choice.reason,
    breakEvenAverageRecordsPerSecond: choice.breakEvenAverageRecordsPerSecond ?? null,
    scalingStepsToPeak: choice.scalingStepsToPeak ?? null,
    options: { fixedAtPeak: option(choice.options.fixedAtPeak), autoScaled: option(choice.options.autoScaled), onDemand: option(choice.options.onDemand) },
  };
}

function readJson(read: ReadAssessment) {
  return {
    consumers: read.consumers.map((c) => ({ name: c.name, type: c.type, enhancedFanOut: c.enhancedFanOut })),
    sharedThroughput: read.sharedThroughput,
    enhancedFanOut: read.enhancedFanOut,
    perShardPeakBytesPerSecond: read.perShardPeakBytes ?? null,
    switchToEnhancedFanOut: read.switchToEnhancedFanOut,
    advised: read.advised,
    findings: read.findings.map((f) => ({ code: f.code, basis: f.basis, message: f.message })),
  };
}

function toText(file: string, analysis: DocumentAnalysis, diagnostics: readonly RequirementDiagnostic[]): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    // Editors and CI annotators expect 1-based line:column.
    lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  }
  const summary = countBySeverity(diagnostics);
  lines.push('', `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.information} info`, '');
  lines.push(`Prices: ${analysis.priceTable.label}`);
  for (const r of analysis.requirements) {
    const req = r.requirement;
    lines.push('', `Requirement ${req.label}${req.description ? ` - ${req.description}` : ''} (stream ${r.streamName})`);
    for (const step of r.capacity.steps) lines.push(`  ${step}`);
    const total = r.cost.provisioned.total;
    if (total === undefined) {
      lines.push(`  Cost: ${r.cost.notes.join(' ')}`);
      continue;
    }
    for (const item of r.modeChoice.options.fixedAtPeak.cost.provisioned.lineItems) lines.push(`  Fixed at peak, ${item.label}: ${item.working}`);
    lines.push(`  Monthly: ${optionsSummary(r.modeChoice)}`);
  }
  const { totals } = analysis;
  lines.push(
    '',
    `Total: ${totals.requiredShards === undefined ? 'unknown' : formatNumber(totals.requiredShards)} shards at peak; ${money(totals.fixedAtPeakMonthly)}/month fixed at peak, ${money(totals.provisionedMonthly)}/month auto-scaled, ${money(totals.onDemandMonthly)}/month on-demand, ${money(totals.recommendedMonthly)}/month as recommended${totals.complete ? '' : ' (incomplete)'}`,
  );
  return lines.join('\n');
}

function money(value: number | undefined): string {
  return value === undefined ? 'n/a' : formatUsd(value);
}
