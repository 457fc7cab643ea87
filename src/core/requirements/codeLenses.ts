/**
 * One CodeLens per requirement row: "≈ N shards · $X/month fixed at peak". The dollars beside a
 * shard count are for that count; when on-demand is the cheaper option that carries the peak the
 * lens says so with its own figure. The tooltip lists all three labelled options.
 */
import { formatNumber, formatUsd } from '../analysis/format';
import type { ModeChoice, ModeOption } from '../analysis/modeChoice';
import type { Range } from '../text';
import type { DocumentAnalysis } from './analyze';

/** A lens above a requirement row; `requirementIndex` lets a command open the full working. */
export interface CoreCodeLens {
  readonly range: Range;
  readonly title: string;
  readonly tooltip: string;
  readonly requirementIndex: number;
}

export function getCodeLenses(analysis: DocumentAnalysis): CoreCodeLens[] {
  return analysis.requirements.map((r) => {
    const { capacity, modeChoice } = r;
    const { fixedAtPeak, onDemand } = modeChoice.options;
    const bound = fixedAtPeak.cost.complete ? '' : '≥ ';
    let title: string;
    if (capacity.shards !== undefined) title = `≈ ${formatNumber(capacity.shards)} shard${capacity.shards === 1 ? '' : 's'}`;
    else if (capacity.shardsByRecords !== undefined) title = `≥ ${formatNumber(Math.max(1, capacity.shardsByRecords))} shards (size unknown)`;
    else title = 'Throughput unknown';
    if (fixedAtPeak.monthlyUsd !== undefined) title += ` · ${bound}${formatUsd(fixedAtPeak.monthlyUsd)}/month fixed at peak`;
    if (modeChoice.recommended === 'onDemand' && onDemand.monthlyUsd !== undefined) title += ` · on-demand ${bound}${formatUsd(onDemand.monthlyUsd)} cheaper`;
    return {
      range: r.requirement.range,
      title,
      tooltip: `${optionsSummary(modeChoice)} (${r.cost.priceTable} prices). Hover the row for the working.`,
      requirementIndex: r.requirement.index,
    };
  });
}

/** "Fixed at peak (20 shards) $X; auto-scaled (10 shards at average) $Y; on-demand $Z; recommended: …". */
export function optionsSummary(choice: ModeChoice): string {
  const money = (o: ModeOption) => (o.monthlyUsd === undefined ? 'unknown' : `${o.cost.complete ? '' : '≥ '}${formatUsd(o.monthlyUsd)}/month`);
  const { fixedAtPeak, autoScaled, onDemand } = choice.options;
  const parts = [
    `Fixed at peak (${fixedAtPeak.shards === undefined ? '? shards' : `${formatNumber(fixedAtPeak.shards)} shards`}) ${money(fixedAtPeak)}`,
    `auto-scaled (${autoScaled.shards === undefined ? '? shards' : `${formatNumber(autoScaled.shards)} shards at average`}) ${money(autoScaled)}`,
    `on-demand ${money(onDemand)}`,
  ];
  const recommended = choice.recommended === undefined ? 'none (throughput unknown)' : choice.recommended === 'onDemand' ? 'on-demand' : 'provisioned, fixed at peak';
  return `${parts.join('; ')}; recommended: ${recommended}${choice.shapeKnown ? '' : ' (traffic shape unknown)'}`;
}
