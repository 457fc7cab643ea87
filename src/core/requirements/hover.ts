/**
 * Hover text: the working behind the numbers, so a user can check every figure by hand.
 */
import { formatNumber, formatUsd } from '../analysis/format';
import { comparePositions, rangeContains, type Position, type Range } from '../text';
import type { DocumentAnalysis, RequirementAnalysis, StreamAnalysis } from './analyze';
import { optionsSummary } from './codeLenses';

/** Markdown to show for a range of the document. */
export interface CoreHover {
  readonly range: Range;
  readonly markdown: string;
}

export function getHover(analysis: DocumentAnalysis, position: Position): CoreHover | undefined {
  for (const stream of analysis.streams) {
    if (stream.plannedShards && rangeContains(stream.plannedShards.range, position)) {
      return { range: stream.plannedShards.range, markdown: plannedShardsHover(stream) };
    }
  }
  const requirement = analysis.requirements.find((r) => r.requirement.line === position.line && withinLine(r.requirement.range, position));
  if (!requirement) return undefined;
  return { range: requirement.requirement.range, markdown: requirementHover(requirement, analysis) };
}

function withinLine(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The full working for one requirement: capacity at peak, cost at average, partition key. */
export function requirementHover(r: RequirementAnalysis, analysis: DocumentAnalysis): string {
  const req = r.requirement;
  const lines: string[] = [];
  lines.push(`**Requirement ${req.label}${req.description ? ` — ${req.description}` : ''}** (stream \`${r.streamName}\`)`, '');
  lines.push('**Shards (peak throughput)**', '');
  for (const step of r.capacity.steps) lines.push(`- ${step}`);
  lines.push('', `**Monthly cost (${analysis.priceTable.label})**`, '');
  if (r.cost.provisioned.total === undefined) {
    lines.push(`- ${r.cost.notes.join(' ')}`);
  } else {
    lines.push(`- ${optionsSummary(r.modeChoice)}.`, `- ${r.modeChoice.reason}`, '');
    const fixed = r.modeChoice.options.fixedAtPeak;
    lines.push(`| Provisioned, fixed at peak (${formatNumber(fixed.shards ?? 0)} shards) | Working | Amount |`, '|---|---|---:|');
    for (const item of fixed.cost.provisioned.lineItems) lines.push(`| ${item.label} | ${escapeTable(item.working)} | ${formatUsd(item.amount)} |`);
    lines.push(`| **Total** | | **${formatUsd(fixed.monthlyUsd ?? 0)}** |`, '');
    lines.push(`| Provisioned, auto-scaled (${formatNumber(r.cost.provisionedShards ?? 0)} shards at average) | Working | Amount |`, '|---|---|---:|');
    for (const item of r.cost.provisioned.lineItems) lines.push(`| ${item.label} | ${escapeTable(item.working)} | ${formatUsd(item.amount)} |`);
    lines.push(`| **Total** | | **${formatUsd(r.cost.provisioned.total)}** |`, '');
    lines.push('| On-demand | Working | Amount |', '|---|---|---:|');
    for (const item of r.cost.onDemand.lineItems) lines.push(`| ${item.label} | ${escapeTable(item.working)} | ${formatUsd(item.amount)} |`);
    lines.push(`| **Total** | | **${formatUsd(r.cost.onDemand.total ?? 0)}** |`);
    if (r.cost.notes.length > 0) lines.push('', ...r.cost.notes.map((n) => `- ${n}`));
  }
  if (r.partitionKey) {
    lines.push('', `**Partition key** \`${r.partitionKey.mention.text}\`: ${r.partitionKey.assessment.reason}`);
    for (const step of r.partitionKey.hottestShard?.steps ?? []) lines.push(`- ${step}`);
  }
  return lines.join('\n');
}

function plannedShardsHover(stream: StreamAnalysis): string {
  const planned = stream.plannedShards?.count ?? 0;
  const required = stream.capacity.shards;
  const verdict =
    required === undefined ? 'Required shards unknown (throughput or record size missing).' : planned >= required ? `✅ covers the ${formatNumber(required)} required.` : `❌ below the ${formatNumber(required)} required.`;
  return [`**${stream.name}: ${formatNumber(planned)} planned shards** — ${verdict}`, '', ...stream.capacity.steps.map((s) => `- ${s}`)].join('\n');
}

function escapeTable(text: string): string {
  return text.replace(/\|/g, '\\|');
}
