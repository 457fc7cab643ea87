/**
 * CloudWatch shard-level metrics as evidence: the producer findings about a shard get that shard's
 * IncomingRecords/IncomingBytes/WriteProvisionedThroughputExceeded over the window, and a shard
 * that CloudWatch saw throttled gets a `write-limit-exceeded` finding even when the sample missed
 * it. Pure.
 */
import { formatBytes, formatNumber } from '../analysis/format';
import { SHARD_WRITE_BYTES_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from '../analysis/limits';
import { maxOf, sumOf, type ShardMetricSeries, type StreamMetrics } from './cloudwatch';
import type { Finding } from './findings';

function shardFacts(series: ShardMetricSeries, periodSeconds: number): [string, string][] {
  return [
    [`CloudWatch IncomingRecords (${series.shardId})`, `${formatNumber(sumOf(series.incomingRecords))} in window, peak ${formatNumber(maxOf(series.incomingRecords) / periodSeconds)} records/s per ${periodSeconds} s period`],
    [`CloudWatch IncomingBytes (${series.shardId})`, `${formatBytes(sumOf(series.incomingBytes))} in window, peak ${formatBytes(maxOf(series.incomingBytes) / periodSeconds)}/s`],
    [`CloudWatch WriteProvisionedThroughputExceeded (${series.shardId})`, formatNumber(sumOf(series.writeThrottled))],
  ];
}

/** Producer findings with CloudWatch facts added, plus throttled shards the sample did not flag. */
export function withCloudWatchEvidence(stream: string, findings: readonly Finding[], metrics: StreamMetrics): Finding[] {
  const byShard = new Map(metrics.shards.map((s) => [s.shardId, s]));
  const enriched = findings.map((f) => {
    const series = f.subject.shardId ? byShard.get(f.subject.shardId) : undefined;
    return series ? { ...f, evidence: { ...f.evidence, facts: [...f.evidence.facts, ...shardFacts(series, metrics.periodSeconds)] } } : f;
  });
  const flagged = new Set(findings.filter((f) => f.code === 'write-limit-exceeded').map((f) => f.subject.shardId));
  for (const series of metrics.shards) {
    const throttled = sumOf(series.writeThrottled);
    if (throttled === 0 || flagged.has(series.shardId)) continue;
    enriched.push({
      code: 'write-limit-exceeded', severity: 'error', title: `${series.shardId} throttled writes (CloudWatch)`,
      subject: { stream, shardId: series.shardId },
      explanation: `CloudWatch counted ${formatNumber(throttled)} writes rejected with ProvisionedThroughputExceededException on ${series.shardId} in the window: it hit ${formatNumber(SHARD_WRITE_RECORDS_PER_SECOND)} records/s or ${formatBytes(SHARD_WRITE_BYTES_PER_SECOND)}/s at times the sample did not catch.`,
      evidence: { facts: shardFacts(series, metrics.periodSeconds) },
      fix: { kind: 'advice', steps: ['Spread the keys writing to this shard (salt a hot key) or split the shard.', 'Retry throttled records with backoff and jitter so nothing is lost.'] },
    });
  }
  return enriched;
}
