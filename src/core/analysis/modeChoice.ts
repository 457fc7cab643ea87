/**
 * Capacity mode from cost and traffic shape. Three options are priced on the selected price table:
 * provisioned fixed at the peak shard count, provisioned auto-scaled (shards follow the average load
 * within UpdateShardCount's rules) and on-demand. The cheapest option that is known to carry the peak
 * is recommended. Auto-scaling only carries a burst that lasts long enough to scale for, and no
 * requirement file states burst duration, so it is shown with its limits but never assumed to carry
 * a peak above the average-sized shard count.
 */
import { type CapacityEstimate, type CapacityMode } from './capacity';
import { estimateStreamMonthlyCost, type CostEstimate, type PriceTable, type StreamCostSettings, type TrafficClass } from './cost';
import { formatNumber, formatUsd } from './format';

/** UpdateShardCount: each call scales to between half and double the open shard count. */
export const UPDATE_SHARD_COUNT_MAX_FACTOR = 2;
/** UpdateShardCount: at most this many calls per stream in a rolling 24 hours. */
export const UPDATE_SHARD_COUNT_CALLS_PER_DAY = 10;

export type ModeOptionId = 'fixedAtPeak' | 'autoScaled' | 'onDemand';

/** One priced option; `monthlyUsd` is the cost of exactly `shards` shards (or of on-demand). */
export interface ModeOption {
  readonly id: ModeOptionId;
  readonly capacityMode: CapacityMode;
  /** Provisioned shard count this price is for (the average-sized count for `autoScaled`). */
  readonly shards?: number;
  readonly monthlyUsd?: number;
  /** True when the option is known to carry the peak. */
  readonly carriesPeak: boolean;
  readonly cost: CostEstimate;
  readonly note: string;
}

export interface ModeChoice {
  /** False when only one rate is stated (peak vs average unknown). */
  readonly shapeKnown: boolean;
  readonly options: { readonly fixedAtPeak: ModeOption; readonly autoScaled: ModeOption; readonly onDemand: ModeOption };
  /** Undefined when throughput is unknown (nothing can be priced). */
  readonly recommended?: ModeOptionId;
  readonly capacityMode: CapacityMode;
  readonly reason: string;
  /**
   * The average records/s at which on-demand and fixed-at-peak cost the same, with the peak shard
   * count held; on-demand is cheaper below it. Undefined when the lines never cross.
   */
  readonly breakEvenAverageRecordsPerSecond?: number;
  /** UpdateShardCount calls to go from the average-sized to the peak-sized count (and the same back). */
  readonly scalingStepsToPeak?: number;
}

export function chooseCapacityMode(
  capacity: CapacityEstimate,
  traffic: readonly TrafficClass[],
  settings: StreamCostSettings,
  table: PriceTable,
): ModeChoice {
  const averageSized = estimateStreamMonthlyCost(traffic, settings, table);
  const peakShards = capacity.shards ?? (capacity.shardsByRecords !== undefined ? Math.max(1, capacity.shardsByRecords) : undefined);
  const fixedCost = peakShards === undefined ? averageSized : estimateStreamMonthlyCost(traffic, { ...settings, shards: peakShards }, table);
  const averageShards = averageSized.provisionedShards;
  const shapeKnown = capacity.averageRecordsPerSecond !== undefined && capacity.peakRecordsPerSecond !== undefined;
  const steps = peakShards !== undefined && averageShards !== undefined ? scalingSteps(averageShards, peakShards) : undefined;

  const fixedAtPeak: ModeOption = {
    id: 'fixedAtPeak',
    capacityMode: 'provisioned',
    shards: peakShards,
    monthlyUsd: fixedCost.provisioned.total,
    carriesPeak: peakShards !== undefined,
    cost: fixedCost,
    note: peakShards === undefined ? 'Peak shard count unknown.' : `${formatNumber(peakShards)} shards all month, sized for the peak.`,
  };
  const autoScaledCarries = shapeKnown && steps === 0;
  const autoScaled: ModeOption = {
    id: 'autoScaled',
    capacityMode: 'provisioned',
    shards: averageShards,
    monthlyUsd: averageSized.provisioned.total,
    carriesPeak: autoScaledCarries,
    cost: averageSized,
    note: autoScaledNote(shapeKnown, averageShards, peakShards, steps),
  };
  const onDemand: ModeOption = {
    id: 'onDemand',
    capacityMode: 'onDemand',
    monthlyUsd: fixedCost.onDemand.total,
    carriesPeak: true,
    cost: fixedCost,
    note: 'Scales by itself up to double the previous peak; billed per GB in (each record rounded up to 1 KB) and out.',
  };
  const options = { fixedAtPeak, autoScaled, onDemand };
  const breakEven = breakEvenRate(traffic, settings, table, peakShards);

  const candidates = [fixedAtPeak, autoScaled, onDemand].filter((o) => o.carriesPeak && o.monthlyUsd !== undefined);
  if (candidates.length === 0) {
    return { shapeKnown, options, capacityMode: 'onDemand', reason: 'Throughput unknown: no option can be priced; on-demand scales by itself until real traffic is measured.', scalingStepsToPeak: steps };
  }
  // Auto-scaled only carries the peak when it already has the peak count; then it equals fixed-at-peak.
  const cheapest = candidates.filter((o) => o.id !== 'autoScaled').reduce((a, b) => ((b.monthlyUsd as number) < (a.monthlyUsd as number) ? b : a));
  const other = cheapest.id === 'onDemand' ? fixedAtPeak : onDemand;
  const priced = (o: ModeOption) => `${o.id === 'onDemand' ? 'on-demand' : `${formatNumber(o.shards ?? 0)} shards fixed at peak`} ${formatUsd(o.monthlyUsd ?? 0)}/month`;
  const parts: string[] = [];
  parts.push(`Cheapest option that carries the peak: ${priced(cheapest)} vs ${priced(other)}.`);
  if (breakEven !== undefined && capacity.averageRecordsPerSecond !== undefined) {
    parts.push(`Break-even: on-demand costs less than fixed-at-peak below about ${formatNumber(breakEven, 0)} records/s average (stated average ${formatNumber(capacity.averageRecordsPerSecond)}).`);
  }
  if (!shapeKnown) {
    parts.push('Traffic shape unknown: only one rate is stated, so peak vs average and burst duration are unknown; all three options are shown.');
  }
  if (autoScaled.monthlyUsd !== undefined && averageShards !== undefined && peakShards !== undefined && averageShards < peakShards) {
    parts.push(`Auto-scaled (${formatNumber(averageShards)} shards at average) would cost about ${formatUsd(autoScaled.monthlyUsd)}/month but ${autoScaled.note}`);
  }
  return {
    shapeKnown,
    options,
    recommended: cheapest.id,
    capacityMode: cheapest.capacityMode,
    reason: parts.join(' '),
    breakEvenAverageRecordsPerSecond: breakEven,
    scalingStepsToPeak: steps,
  };
}

/** Calls of at most 2× each to go from `from` to `to` shards. */
export function scalingSteps(from: number, to: number): number {
  let steps = 0;
  let shards = Math.max(1, from);
  while (shards < to) {
    shards *= UPDATE_SHARD_COUNT_MAX_FACTOR;
    steps++;
  }
  return steps;
}

function autoScaledNote(shapeKnown: boolean, averageShards: number | undefined, peakShards: number | undefined, steps: number | undefined): string {
  if (!shapeKnown) return 'only one rate is stated, so whether it must scale at all is unknown.';
  if (averageShards === undefined || peakShards === undefined || steps === undefined) return 'shard counts unknown.';
  if (steps === 0) return 'the average-sized count already carries the peak.';
  const burstsPerDay = Math.floor(UPDATE_SHARD_COUNT_CALLS_PER_DAY / (2 * steps));
  return `it carries the peak only if bursts last long enough to reshard: ${formatNumber(averageShards)} → ${formatNumber(peakShards)} shards takes ${steps} UpdateShardCount call${steps === 1 ? '' : 's'} up and ${steps} down (½×–2× per call, each taking minutes, at most ${UPDATE_SHARD_COUNT_CALLS_PER_DAY} per rolling 24 h), so at most ${burstsPerDay} burst${burstsPerDay === 1 ? '' : 's'} a day and never short ones; burst duration is not stated, so it is not recommended.`;
}

/**
 * Both costs are linear in the average rate when the peak shard count is held, so two evaluations
 * (the stated average and half of it) give each line and their crossing.
 */
function breakEvenRate(traffic: readonly TrafficClass[], settings: StreamCostSettings, table: PriceTable, peakShards: number | undefined): number | undefined {
  if (peakShards === undefined) return undefined;
  const at = (factor: number) => {
    const scaled = traffic.map((t) => ({ ...t, averageRecordsPerSecond: (t.averageRecordsPerSecond ?? t.peakRecordsPerSecond ?? 0) * factor }));
    const e = estimateStreamMonthlyCost(scaled, { ...settings, shards: peakShards }, table);
    return { fixed: e.provisioned.total, onDemand: e.onDemand.total, rate: e.basisRecordsPerSecond };
  };
  const one = at(1);
  const half = at(0.5);
  if (one.fixed === undefined || one.onDemand === undefined || half.fixed === undefined || half.onDemand === undefined || !one.rate) return undefined;
  const fixedSlope = (one.fixed - half.fixed) / (one.rate / 2);
  const onDemandSlope = (one.onDemand - half.onDemand) / (one.rate / 2);
  if (onDemandSlope <= fixedSlope) return undefined;
  const fixedAtZero = one.fixed - fixedSlope * one.rate;
  const onDemandAtZero = one.onDemand - onDemandSlope * one.rate;
  const rate = (fixedAtZero - onDemandAtZero) / (onDemandSlope - fixedSlope);
  return rate > 0 ? rate : undefined;
}
