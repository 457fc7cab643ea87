/**
 * Builds the panel's view model from the engine's analysis. Pure (no vscode import): every number
 * comes from the core, priced with both price tables so the panel can show them side by side.
 */
import type { CapacityEstimate } from '../../core/analysis/capacity';
import type { ModeCost } from '../../core/analysis/cost';
import type { ModeChoice } from '../../core/analysis/modeChoice';
import type { DocumentAnalysis } from '../../core/requirements/analyze';
import type { GenerationGate } from '../../core/requirements/architecture';
import { DiagnosticCodes, type RequirementDiagnostic } from '../../core/requirements/validate';
import type { CapacityView, CostView, ModeCostView, PanelSnapshot, PriceTableKey } from '../../shared/protocol';

/** Diagnostics shown as hot-shard warnings. */
const HOT_SHARD_CODES: ReadonlySet<string> = new Set([
  DiagnosticCodes.hotShardRisk,
  DiagnosticCodes.partitionKeyTooLong,
  DiagnosticCodes.shardsBelowRequirement,
]);

export interface SnapshotInput {
  readonly version: number;
  readonly fileName: string;
  /** The same document analysed with each price table. */
  readonly analyses: Readonly<Record<PriceTableKey, DocumentAnalysis>>;
  readonly diagnostics: readonly RequirementDiagnostic[];
  readonly gate: GenerationGate;
  readonly defaultPriceTable: PriceTableKey;
}

export function buildPanelSnapshot(input: SnapshotInput): PanelSnapshot {
  const { seed, aws } = input.analyses;
  const model = seed.model;
  const table = model.tables[0];
  const rows = seed.requirements.map((r, i) => {
    const requirement = r.requirement;
    const pk = r.partitionKey;
    return {
      index: requirement.index,
      line: requirement.line,
      label: requirement.label,
      streamName: r.streamName,
      cells: requirement.cells.map((c) => ({ text: c.text, present: c.present })),
      status: requirement.status,
      capacity: capacityView(r.capacity),
      costs: { seed: costView(r.modeChoice, seed), aws: costView(aws.requirements[i].modeChoice, aws) },
      partitionKey: pk ? { text: pk.mention.text, risk: pk.assessment.risk, reason: pk.assessment.reason } : undefined,
    };
  });
  const streams = seed.streams.map((s, i) => ({
    name: s.name,
    requirementLabels: s.requirementIndexes.map((index) => model.requirements[index]?.label ?? String(index + 1)),
    capacity: capacityView(s.capacity),
    costs: { seed: costView(s.modeChoice, seed), aws: costView(aws.streams[i].modeChoice, aws) },
    plannedShards: s.plannedShards?.count,
  }));
  const warnings = input.diagnostics
    .filter((d) => HOT_SHARD_CODES.has(d.code))
    .map((d) => ({ code: d.code, severity: d.severity, message: d.message, line: d.range.start.line, character: d.range.start.character }));
  const largest = Math.max(1, ...seed.streams.map((s) => s.capacity.shards ?? s.capacity.shardsByRecords ?? 1));
  const keyHint = seed.requirements.find((r) => r.partitionKey)?.partitionKey?.mention.text ?? model.partitionKeyDesign?.text;
  return {
    version: input.version,
    fileName: input.fileName,
    title: model.title?.text,
    // A document without a requirements table still gets the seed's columns as headers.
    columns: table ? table.columns.map((c) => ({ index: c.index, header: c.header, kind: c.kind })) : [],
    rows,
    streams,
    totals: {
      seed: { provisioned: seed.totals.fixedAtPeakMonthly, onDemand: seed.totals.onDemandMonthly, complete: seed.totals.complete },
      aws: { provisioned: aws.totals.fixedAtPeakMonthly, onDemand: aws.totals.onDemandMonthly, complete: aws.totals.complete },
    },
    requiredShards: seed.totals.requiredShards,
    warnings,
    checklist: model.checklist.map((c) => ({ index: c.index, text: c.text, checked: c.checked, line: c.range.start.line })),
    gate: { allowed: input.gate.allowed, reasons: [...input.gate.reasons] },
    defaultPriceTable: input.defaultPriceTable,
    simulator: { shardCount: Math.min(largest, 10_000), partitionKey: keyHint },
  };
}

function capacityView(c: CapacityEstimate): CapacityView {
  return { shards: c.shards, shardsByRecords: c.shardsByRecords, recommendedMode: c.recommendedMode, modeReason: c.modeReason, steps: [...c.steps] };
}

function modeView(m: ModeCost): ModeCostView {
  return { total: m.total, items: m.lineItems.map((i) => ({ id: i.id, label: i.label, amount: i.amount, working: i.working })) };
}

/** Every provisioned figure is for the shard count it names: fixed at peak beside the peak count. */
function costView(choice: ModeChoice, analysis: DocumentAnalysis): CostView {
  const { fixedAtPeak, autoScaled } = choice.options;
  return {
    priceTableLabel: analysis.priceTable.label,
    provisioned: modeView(fixedAtPeak.cost.provisioned),
    onDemand: modeView(fixedAtPeak.cost.onDemand),
    provisionedShards: fixedAtPeak.shards,
    autoScaled: modeView(autoScaled.cost.provisioned),
    autoScaledShards: autoScaled.shards,
    recommended: choice.recommended,
    modeReason: choice.reason,
    complete: fixedAtPeak.cost.complete,
    notes: [...fixedAtPeak.cost.notes],
  };
}
