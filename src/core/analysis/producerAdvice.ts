/**
 * Producer-side optimisations for one requirement: KPL aggregation when the records limit (1,000/s
 * per shard) binds before the volume limit, and record sizes that waste PUT payload units (25 KB
 * each, every record rounded up on its own). Savings are priced fixed at peak, the figure shown
 * beside the shard count.
 */
import { ceilExact, shardsForThroughput } from './capacity';
import { estimateMonthlyCost, type CostInput, type PriceTable } from './cost';
import { formatBytes, formatNumber, formatUsd } from './format';

/** A record at most this far past a 25 KB boundary counts as "just over" it. */
export const JUST_OVER_UNIT_FRACTION = 0.1;
/** The compression ratio the advice illustrates with (gzip on JSON usually does better). */
export const ILLUSTRATIVE_COMPRESSION_RATIO = 2;

export type ProducerFindingCode = 'aggregationRecommended' | 'recordJustOverPayloadUnit' | 'compressionRecommended';

export interface ProducerFinding {
  readonly code: ProducerFindingCode;
  readonly message: string;
  readonly shardsSaved?: number;
  readonly monthlySavingsUsd?: number;
}

export interface ProducerInput extends CostInput {
  readonly peakRecordsPerSecond?: number;
}

export function adviseProducer(input: ProducerInput, table: PriceTable): ProducerFinding[] {
  const { peakRecordsPerSecond: peak, recordSizeBytes: size } = input;
  const average = input.averageRecordsPerSecond ?? peak;
  if (peak === undefined || size === undefined || average === undefined || size <= 0) return [];
  const findings: ProducerFinding[] = [];
  const unit = table.putPayloadUnitBytes;
  const before = shardsForThroughput(peak, peak * size);
  const fixedCost = (c: ProducerInput, shards: number) => estimateMonthlyCost({ ...c, shards }, table).provisioned.total ?? 0;
  const costBefore = fixedCost(input, before.shards);

  if (before.byRecords > before.byVolume && size < unit) {
    // The KPL packs user records into one Kinesis record; filling 25 KB keeps each at one PUT unit.
    const perAggregate = Math.max(1, Math.floor(unit / size));
    const aggregated: ProducerInput = {
      ...input,
      peakRecordsPerSecond: peak / perAggregate,
      averageRecordsPerSecond: average / perAggregate,
      recordSizeBytes: size * perAggregate,
    };
    const after = shardsForThroughput(peak / perAggregate, peak * size);
    const saved = costBefore - fixedCost(aggregated, after.shards);
    findings.push({
      code: 'aggregationRecommended',
      message: `Bound by records: ⌈${formatNumber(peak)} ÷ 1,000⌉ = ${before.byRecords} shards by records vs ${before.byVolume} by volume. KPL aggregation (${perAggregate} × ${formatBytes(size)} records per ${formatBytes(size * perAggregate)} Kinesis record) needs ${after.shards} shards: ${before.shards - after.shards} fewer, about ${formatUsd(saved)}/month less fixed at peak (shard-hours and PUT units). Consumers de-aggregate with the KCL or Lambda's KPL support.`,
      shardsSaved: before.shards - after.shards,
      monthlySavingsUsd: saved,
    });
  }

  const units = Math.max(1, ceilExact(size / unit));
  const overBy = size - (units - 1) * unit;
  if (units > 1 && overBy <= unit * JUST_OVER_UNIT_FRACTION) {
    const trimmed: ProducerInput = { ...input, recordSizeBytes: (units - 1) * unit };
    const saved = costBefore - fixedCost(trimmed, shardsForThroughput(peak, peak * (units - 1) * unit).shards);
    findings.push({
      code: 'recordJustOverPayloadUnit',
      message: `${formatBytes(size)} records are ${formatBytes(overBy)} over a 25 KB boundary, so each is billed ${units} PUT payload units instead of ${units - 1}. Trimming or compressing them to ${formatBytes((units - 1) * unit)} saves about ${formatUsd(saved)}/month.`,
      monthlySavingsUsd: saved,
    });
  } else if (units > 1) {
    const compressed = size / ILLUSTRATIVE_COMPRESSION_RATIO;
    const compressedUnits = Math.max(1, ceilExact(compressed / unit));
    const compressedInput: ProducerInput = { ...input, recordSizeBytes: compressed };
    const saved = costBefore - fixedCost(compressedInput, shardsForThroughput(peak, peak * compressed).shards);
    findings.push({
      code: 'compressionRecommended',
      message: `${formatBytes(size)} records take ${units} PUT payload units each. Compressed ${ILLUSTRATIVE_COMPRESSION_RATIO}:1 (an illustration; JSON with gzip often does better) they would take ${compressedUnits} and need fewer shards by volume: about ${formatUsd(saved)}/month less fixed at peak.`,
      monthlySavingsUsd: saved,
    });
  }
  return findings;
}
