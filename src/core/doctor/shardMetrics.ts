/**
 * Shard-level (enhanced) metrics: which ones the doctor needs and what they cost. Each metric is
 * published per shard and billed as a CloudWatch custom metric, so the cost is metrics × shards ×
 * the custom-metric price.
 */
import { SHARD_LEVEL_METRICS } from '../kinesis/validation';

/** CloudWatch's price of one custom metric per month (first 10,000 metrics, us-east-1). */
export const CLOUDWATCH_CUSTOM_METRIC_MONTHLY_USD = 0.3;

/** What the doctor reads: write load and throttling, read throttling and consumer lag. */
export const DOCTOR_SHARD_METRICS = [
  'IncomingRecords',
  'IncomingBytes',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
] as const;

/** Every individual shard-level metric ('ALL' expanded). */
export const ALL_SHARD_METRICS = SHARD_LEVEL_METRICS.filter((m) => m !== 'ALL');

/** Monthly cost of `metricCount` shard-level metrics on `shards` shards. */
export function shardMetricsMonthlyUsd(metricCount: number, shards: number): number {
  return metricCount * shards * CLOUDWATCH_CUSTOM_METRIC_MONTHLY_USD;
}

/** The enabled metrics with 'ALL' expanded. */
export function enabledShardMetrics(enhancedMonitoring: readonly string[]): string[] {
  return enhancedMonitoring.includes('ALL') ? [...ALL_SHARD_METRICS] : [...new Set(enhancedMonitoring)];
}
