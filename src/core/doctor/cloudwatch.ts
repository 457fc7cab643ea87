/**
 * What the Stream Doctor reads from CloudWatch: stream-level GetRecords figures (calls, iterator age,
 * read throttling), shard-level metrics when they are enabled, and each enhanced fan-out consumer's
 * lag and delivered records. The source interface keeps the analysers pure; cloudwatchAws.ts is the
 * SDK implementation (loaded only by the CLI, never by the extension's activation bundle).
 */
import type { ConnectionTarget } from '../kinesis/gateway';

/** One datapoint: the period's start (epoch ms) and its statistic. */
export interface MetricPoint {
  readonly timeMs: number;
  readonly value: number;
}

export interface ShardMetricSeries {
  readonly shardId: string;
  /** Sum per period. */
  readonly incomingRecords: readonly MetricPoint[];
  readonly incomingBytes: readonly MetricPoint[];
  readonly writeThrottled: readonly MetricPoint[];
  readonly readThrottled: readonly MetricPoint[];
  /** Maximum per period. */
  readonly iteratorAgeMs: readonly MetricPoint[];
}

export interface ConsumerMetricSeries {
  readonly consumerName: string;
  /** SubscribeToShardEvent.MillisBehindLatest, Maximum per period. */
  readonly millisBehindLatest: readonly MetricPoint[];
  /** SubscribeToShardEvent.Records, Sum per period. */
  readonly deliveredRecords: readonly MetricPoint[];
}

export interface StreamMetrics {
  readonly startMs: number;
  readonly endMs: number;
  readonly periodSeconds: number;
  /** GetRecords.Success, Sum per period: successful polling calls over all shards. */
  readonly getRecordsCalls: readonly MetricPoint[];
  /** GetRecords.IteratorAgeMilliseconds, Maximum per period. */
  readonly iteratorAgeMs: readonly MetricPoint[];
  /** ReadProvisionedThroughputExceeded (stream level), Sum per period. */
  readonly readThrottled: readonly MetricPoint[];
  /** Empty when shard-level metrics are off. */
  readonly shards: readonly ShardMetricSeries[];
  readonly consumers: readonly ConsumerMetricSeries[];
}

export interface StreamMetricsRequest {
  readonly target: ConnectionTarget;
  readonly stream: string;
  /** Open shards to read shard-level metrics of; pass none when they are off. */
  readonly shardIds: readonly string[];
  readonly consumerNames: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  readonly periodSeconds: number;
  readonly signal?: AbortSignal;
}

export interface DoctorMetricsSource {
  streamMetrics(request: StreamMetricsRequest): Promise<StreamMetrics>;
  dispose(): void;
}

/** CloudWatch's smallest period for Kinesis metrics (they are published per minute). */
export const MIN_METRIC_PERIOD_SECONDS = 60;

/** A period that keeps a query under CloudWatch's 1,440 datapoints per metric. */
export function metricPeriodSeconds(startMs: number, endMs: number): number {
  const seconds = Math.max(1, (endMs - startMs) / 1000);
  return Math.max(MIN_METRIC_PERIOD_SECONDS, Math.ceil(seconds / 1440 / 60) * 60);
}

export function sumOf(points: readonly MetricPoint[]): number {
  return points.reduce((total, p) => total + p.value, 0);
}

export function maxOf(points: readonly MetricPoint[]): number {
  return points.reduce((max, p) => Math.max(max, p.value), 0);
}
