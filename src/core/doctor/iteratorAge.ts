/**
 * Iterator age (how far readers are behind the tip) and its slope, turned into "hours until data
 * loss": the age grows by `slope` ms per ms, and records are lost once it passes the retention.
 * Used for polling readers (GetRecords.IteratorAgeMilliseconds) and, per consumer, for enhanced
 * fan-out (SubscribeToShardEvent.MillisBehindLatest). Pure.
 */
import { formatHours, formatNumber } from '../analysis/format';
import type { MetricPoint } from './cloudwatch';
import type { Finding, FindingSubject } from './findings';

/** Below this growth (ms of age per ms of time) the age counts as flat: 0.05 = 3 minutes per hour. */
export const AGE_SLOPE_FLAT = 0.05;
/** Data loss sooner than this is an error; the rest of the growing cases warn. */
export const DATA_LOSS_ERROR_HOURS = 24;
/** An age above this share of the retention warns even when it is flat. */
export const AGE_RETENTION_WARN_SHARE = 0.5;
/** Under this age nobody is meaningfully behind. */
const NEGLIGIBLE_AGE_MS = 60_000;

export interface AgeTrend {
  readonly latestMs: number;
  readonly maxMs: number;
  /** Least-squares slope: ms of age gained per ms of wall time. */
  readonly slope: number;
  /** Undefined when the age is not growing. */
  readonly hoursUntilDataLoss?: number;
}

/** The trend of an age series against a retention; undefined without datapoints. */
export function ageTrend(points: readonly MetricPoint[], retentionHours: number): AgeTrend | undefined {
  if (points.length === 0) return undefined;
  const latestMs = points[points.length - 1].value;
  const maxMs = points.reduce((max, p) => Math.max(max, p.value), 0);
  const slope = leastSquaresSlope(points);
  const retentionMs = retentionHours * 3_600_000;
  const hoursUntilDataLoss = slope > AGE_SLOPE_FLAT ? Math.max(0, (retentionMs - latestMs) / slope / 3_600_000) : undefined;
  return { latestMs, maxMs, slope, hoursUntilDataLoss };
}

function leastSquaresSlope(points: readonly MetricPoint[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const t0 = points[0].timeMs;
  const meanT = points.reduce((s, p) => s + (p.timeMs - t0), 0) / n;
  const meanV = points.reduce((s, p) => s + p.value, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.timeMs - t0 - meanT) * (p.value - meanV);
    den += (p.timeMs - t0 - meanT) ** 2;
  }
  return den > 0 ? num / den : 0;
}

export interface IteratorAgeInput {
  readonly subject: FindingSubject;
  /** Who is behind, for the title: "Polling readers", "Consumer orders-efo". */
  readonly readerLabel: string;
  readonly metricName: string;
  readonly points: readonly MetricPoint[];
  readonly retentionHours: number;
}

/** An `iterator-age` finding when readers fall behind towards the retention, else none. */
export function analyzeIteratorAge(input: IteratorAgeInput): Finding[] {
  const trend = ageTrend(input.points, input.retentionHours);
  if (!trend || trend.maxMs < NEGLIGIBLE_AGE_MS) return [];
  const retentionMs = input.retentionHours * 3_600_000;
  const share = trend.latestMs / retentionMs;
  const growing = trend.hoursUntilDataLoss !== undefined;
  if (!growing && share < AGE_RETENTION_WARN_SHARE) return [];
  const severity = (growing && trend.hoursUntilDataLoss! < DATA_LOSS_ERROR_HOURS) || share >= 0.9 ? 'error' : 'warning';
  const facts: [string, string][] = [
    [`Latest ${input.metricName}`, formatAge(trend.latestMs)],
    ['Highest in window', formatAge(trend.maxMs)],
    ['Growth', `${formatNumber(trend.slope * 60, 2)} min of age per minute`],
    ['Retention', formatHours(input.retentionHours)],
    ...(growing ? [['Hours until data loss', formatNumber(trend.hoursUntilDataLoss!, 1)] as [string, string]] : []),
  ];
  return [{
    code: 'iterator-age', severity,
    title: growing
      ? `${input.readerLabel} fall behind: data loss in about ${formatNumber(trend.hoursUntilDataLoss!, 1)} h`
      : `${input.readerLabel} are ${formatAge(trend.latestMs)} behind (${formatNumber(share * 100, 1)}% of the retention)`,
    subject: input.subject,
    explanation: growing
      ? `The age of what is read grows faster than time passes, so the readers process less than is written. At this slope the unread records pass the ${formatHours(input.retentionHours)} retention and expire unread.`
      : 'The readers are not falling further behind, but a large share of the retention is already used up: a stall now would lose data.',
    evidence: { facts },
    fix: { kind: 'advice', steps: [
      'Add consumer capacity: more workers, a higher Lambda parallelization factor, or larger batches.',
      'Look for a stuck shard (a poison record, a lost lease) when only some shards lag.',
      `Raise the retention (now ${formatHours(input.retentionHours)}) to buy time while catching up.`,
    ] },
  }];
}

function formatAge(ms: number): string {
  if (ms < 60_000) return `${formatNumber(ms / 1000, 1)} s`;
  if (ms < 3_600_000) return `${formatNumber(ms / 60_000, 1)} min`;
  return `${formatNumber(ms / 3_600_000, 1)} h`;
}
