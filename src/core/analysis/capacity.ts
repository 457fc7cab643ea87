/**
 * Shard sizing. The seed's rule: shards = max(⌈peak records/s ÷ 1,000⌉, ⌈peak MB/s ÷ 1⌉), with MB in
 * decimal units (see limits.ts for why). Every estimate carries its working as readable steps so a
 * hover, the CLI and the architecture document can show how the number was reached.
 */
import { formatBytes, formatNumber, plural } from './format';
import { MB, SHARD_WRITE_BYTES_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from './limits';

/**
 * Peak over average at or above which traffic counts as spiky. At 2× a stream provisioned for its peak
 * runs at ≤ 50 % of capacity on average, which is the seed's own "under-utilized, consider merging"
 * threshold, so on-demand capacity is worth pricing.
 */
export const SPIKY_TRAFFIC_RATIO = 2;

/** What a requirement (or a stream, summed) writes. Undefined means not stated, never zero. */
export interface ThroughputProfile {
  readonly peakRecordsPerSecond?: number;
  readonly averageRecordsPerSecond?: number;
  /** Bytes per record, decimal units. */
  readonly recordSizeBytes?: number;
}

export type CapacityMode = 'provisioned' | 'onDemand';

export type MissingThroughputField = 'peakRecordsPerSecond' | 'averageRecordsPerSecond' | 'recordSizeBytes';

/** A shard-count estimate with its working. */
export interface CapacityEstimate {
  /** Shards needed at peak; undefined unless both the peak rate and the record size are known. */
  readonly shards?: number;
  /** ⌈peak records/s ÷ 1,000⌉. When the record size is unknown this is a lower bound on `shards`. */
  readonly shardsByRecords?: number;
  /** ⌈peak MB/s ÷ 1⌉. */
  readonly shardsByVolume?: number;
  readonly peakRecordsPerSecond?: number;
  readonly peakBytesPerSecond?: number;
  readonly averageRecordsPerSecond?: number;
  /** Peak ÷ average, when both are known. */
  readonly burstRatio?: number;
  /** On-demand when traffic is spiky or its shape is unknown; provisioned when it is steady. */
  readonly recommendedMode: CapacityMode;
  readonly modeReason: string;
  /** Human-readable working, one step per entry. */
  readonly steps: readonly string[];
  readonly missing: readonly MissingThroughputField[];
}

/**
 * Ceil that forgives floating-point noise: 0.1 × 3 × 10 must give 3 shards, not 4. Twelve significant
 * digits are far more than any stated throughput carries.
 */
export function ceilExact(value: number): number {
  return Math.ceil(value - Math.abs(value) * 1e-12);
}

/** The seed's two divisions and their maximum, for an already-known rate and volume. */
export function shardsForThroughput(
  recordsPerSecond: number,
  bytesPerSecond: number,
): { byRecords: number; byVolume: number; shards: number } {
  const byRecords = ceilExact(recordsPerSecond / SHARD_WRITE_RECORDS_PER_SECOND);
  const byVolume = ceilExact(bytesPerSecond / SHARD_WRITE_BYTES_PER_SECOND);
  // A stream cannot have zero shards, even when the stated rate is zero.
  return { byRecords, byVolume, shards: Math.max(1, byRecords, byVolume) };
}

/** Capacity for one requirement. */
export function estimateCapacity(profile: ThroughputProfile): CapacityEstimate {
  return estimateStreamCapacity([profile]);
}

/**
 * Capacity for a stream that carries several requirements. Rates and volumes are summed before the
 * ceiling is taken, because shards are shared: two 0.4-shard requirements fit in one shard.
 * Summing peaks is deliberately conservative: it assumes the peaks can coincide.
 */
export function estimateStreamCapacity(profiles: readonly ThroughputProfile[]): CapacityEstimate {
  const missing = new Set<MissingThroughputField>();
  const peaks = profiles.map((p) => p.peakRecordsPerSecond);
  const averages = profiles.map((p) => p.averageRecordsPerSecond);
  if (profiles.length === 0 || peaks.some((p) => p === undefined)) missing.add('peakRecordsPerSecond');
  if (profiles.length === 0 || averages.some((a) => a === undefined)) missing.add('averageRecordsPerSecond');
  if (profiles.length === 0 || profiles.some((p) => p.recordSizeBytes === undefined)) missing.add('recordSizeBytes');

  const peakRecords = missing.has('peakRecordsPerSecond') ? undefined : sum(peaks as number[]);
  const averageRecords = missing.has('averageRecordsPerSecond') ? undefined : sum(averages as number[]);
  const peakBytes =
    missing.has('peakRecordsPerSecond') || missing.has('recordSizeBytes')
      ? undefined
      : sum(profiles.map((p) => (p.peakRecordsPerSecond as number) * (p.recordSizeBytes as number)));
  const shardsByRecords = peakRecords === undefined ? undefined : ceilExact(peakRecords / SHARD_WRITE_RECORDS_PER_SECOND);
  const shardsByVolume = peakBytes === undefined ? undefined : ceilExact(peakBytes / SHARD_WRITE_BYTES_PER_SECOND);
  const shards = shardsByRecords !== undefined && shardsByVolume !== undefined ? Math.max(1, shardsByRecords, shardsByVolume) : undefined;
  const burstRatio =
    peakRecords !== undefined && averageRecords !== undefined && averageRecords > 0 ? peakRecords / averageRecords : undefined;
  const { mode, reason } = recommendMode(peakRecords, averageRecords, burstRatio);

  // The working is text for people; building it lazily keeps analysing thousands of rows cheap.
  const describe = (): string[] => {
    const steps: string[] = [];
    if (peakRecords === undefined || shardsByRecords === undefined) {
      steps.push('Peak records/s not stated: the shard count cannot be computed.');
    } else {
      if (profiles.length > 1) {
        steps.push(`Peak write rate: ${peaks.map((p) => formatNumber(p as number)).join(' + ')} = ${formatNumber(peakRecords)} records/s`);
      }
      steps.push(`By records: ⌈${formatNumber(peakRecords)} ÷ ${formatNumber(SHARD_WRITE_RECORDS_PER_SECOND)}⌉ = ${plural(shardsByRecords, 'shard')}`);
      if (peakBytes === undefined || shardsByVolume === undefined || shards === undefined) {
        steps.push(`Record size not stated: by volume cannot be computed, so at least ${plural(Math.max(1, shardsByRecords), 'shard')}.`);
      } else {
        steps.push(volumeStep(profiles, peakBytes));
        steps.push(`By volume: ⌈${formatNumber(peakBytes / MB, 4)} MB/s ÷ 1 MB/s⌉ = ${plural(shardsByVolume, 'shard')}`);
        const floorNote = Math.max(shardsByRecords, shardsByVolume) === 0 ? ' (a stream needs at least 1)' : '';
        steps.push(`Required: max(${shardsByRecords}, ${shardsByVolume}) = ${plural(shards, 'shard')}${floorNote}`);
      }
    }
    steps.push(`Capacity mode: ${mode === 'onDemand' ? 'on-demand' : 'provisioned'}. ${reason}`);
    return steps;
  };
  let steps: string[] | undefined;

  return {
    shards,
    shardsByRecords,
    shardsByVolume,
    peakRecordsPerSecond: peakRecords,
    peakBytesPerSecond: peakBytes,
    averageRecordsPerSecond: averageRecords,
    burstRatio,
    recommendedMode: mode,
    modeReason: reason,
    get steps() {
      steps ??= describe();
      return steps;
    },
    missing: [...missing],
  };
}

function volumeStep(profiles: readonly ThroughputProfile[], peakBytes: number): string {
  const parts = profiles.map(
    (p) => `${formatNumber(p.peakRecordsPerSecond as number)} records/s × ${formatBytes(p.recordSizeBytes as number)}`,
  );
  return `Peak volume: ${parts.join(' + ')} = ${formatNumber(peakBytes / MB, 4)} MB/s (decimal units: 1 KB = 1,000 bytes, as in the seed's example)`;
}

function recommendMode(
  peak: number | undefined,
  average: number | undefined,
  burstRatio: number | undefined,
): { mode: CapacityMode; reason: string } {
  if (peak === undefined) {
    return { mode: 'onDemand', reason: 'Peak throughput is unknown; on-demand scales by itself until real traffic is measured.' };
  }
  if (average === undefined) {
    return { mode: 'onDemand', reason: 'Only one rate is stated, so the traffic shape (peak vs average) is unknown; on-demand avoids guessing.' };
  }
  if (burstRatio === undefined) {
    return { mode: 'onDemand', reason: 'Average throughput is zero, so traffic is entirely bursts.' };
  }
  if (burstRatio >= SPIKY_TRAFFIC_RATIO) {
    return {
      mode: 'onDemand',
      reason: `Spiky traffic: peak is ${formatNumber(burstRatio)}× the average (≥ ${SPIKY_TRAFFIC_RATIO}×), so shards sized for peak would run at ≤ ${formatNumber(100 / burstRatio, 0)}% on average. Compare the on-demand cost before switching.`,
    };
  }
  return {
    mode: 'provisioned',
    reason: `Steady traffic: peak is ${formatNumber(burstRatio)}× the average (< ${SPIKY_TRAFFIC_RATIO}×), so shards sized for peak stay well used.`,
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
