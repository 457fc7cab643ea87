/**
 * One CodeLens per requirement row: "≈ N shards · $X/month". Shards are sized for peak, dollars for
 * the average (the seed's rule); the tooltip says so.
 */
import { formatNumber, formatUsd } from '../analysis/format';
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
    const { capacity, cost } = r;
    let shards: string;
    if (capacity.shards !== undefined) shards = `≈ ${formatNumber(capacity.shards)} shard${capacity.shards === 1 ? '' : 's'}`;
    else if (capacity.shardsByRecords !== undefined) shards = `≥ ${formatNumber(Math.max(1, capacity.shardsByRecords))} shards (size unknown)`;
    else shards = 'Throughput unknown';
    const total = cost.provisioned.total;
    const dollars = total === undefined ? '' : ` · ${cost.complete ? '' : '≥ '}${formatUsd(total)}/month`;
    return {
      range: r.requirement.range,
      title: shards + dollars,
      tooltip: `Shards sized for peak throughput; monthly cost at average throughput (${r.cost.priceTable} prices, provisioned${cost.onDemand.total !== undefined ? `; on-demand ${formatUsd(cost.onDemand.total)}` : ''}). Hover the row for the working.`,
      requirementIndex: r.requirement.index,
    };
  });
}
