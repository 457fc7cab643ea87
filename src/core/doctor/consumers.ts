/**
 * Enhanced fan-out consumers: their lag (SubscribeToShardEvent.MillisBehindLatest from CloudWatch,
 * judged like an iterator age) and idle ones, registered but delivering nothing while they are
 * billed per consumer-shard-hour. The doctor does not subscribe as the user's consumers to measure
 * them: a consumer has one subscription per shard, and a second one would cut off the real reader.
 * Pure.
 */
import { PRICE_TABLES, type PriceTableId } from '../analysis/cost';
import { formatNumber, formatUsd } from '../analysis/format';
import type { ConsumerInfo, StreamDetails } from '../kinesis/gateway';
import { maxOf, sumOf, type ConsumerMetricSeries } from './cloudwatch';
import type { Finding } from './findings';
import { analyzeIteratorAge } from './iteratorAge';

export interface ConsumerContext {
  readonly stream: string;
  readonly details: StreamDetails;
  readonly consumers: readonly ConsumerInfo[];
  readonly metrics: readonly ConsumerMetricSeries[];
  readonly windowMinutes: number;
  readonly priceTable?: PriceTableId;
}

/** The monthly shard-hour charge of one enhanced fan-out consumer on `shards` shards. */
export function consumerMonthlyUsd(shards: number, priceTable: PriceTableId = 'seed'): number {
  const table = PRICE_TABLES[priceTable];
  return table.enhancedFanOutConsumerShardHour * shards * table.hoursPerMonth;
}

export function analyzeConsumers(context: ConsumerContext): Finding[] {
  const { stream, details } = context;
  const findings: Finding[] = [];
  const shards = Math.max(1, details.openShardCount);
  for (const consumer of context.consumers) {
    const series = context.metrics.find((m) => m.consumerName === consumer.name);
    if (!series) continue;
    const delivered = sumOf(series.deliveredRecords);
    const subject = { stream, consumer: consumer.name };
    if (consumer.status === 'ACTIVE' && delivered === 0 && series.millisBehindLatest.length === 0) {
      const monthly = consumerMonthlyUsd(shards, context.priceTable);
      findings.push({
        code: 'idle-consumer', severity: 'warning', title: `Enhanced fan-out consumer ${consumer.name} is idle`,
        subject,
        explanation: `No subscription of ${consumer.name} delivered records in the last ${formatNumber(context.windowMinutes)} minutes, yet a registered consumer is billed for every shard-hour: about ${formatUsd(monthly)} a month on ${shards} shard(s).`,
        evidence: { facts: [
          ['Status', consumer.status],
          ...(consumer.createdAt ? [['Registered', consumer.createdAt.toISOString()] as [string, string]] : []),
          ['Records delivered in window', '0'],
          ['Shard-hour cost', `${formatUsd(monthly)}/month`],
        ] },
        fix: { kind: 'advice', steps: [`Deregister ${consumer.name} (DeregisterStreamConsumer) if no application uses it any more.`] },
      });
      continue;
    }
    const lag = analyzeIteratorAge({
      subject,
      readerLabel: `Consumer ${consumer.name}`,
      metricName: 'MillisBehindLatest',
      points: series.millisBehindLatest,
      retentionHours: details.retentionHours,
    });
    findings.push(...lag.map((f) => ({ ...f, evidence: { facts: [...f.evidence.facts, ['Records delivered in window', formatNumber(delivered)] as [string, string]] } })));
  }
  return findings;
}

/** The highest lag of each consumer (ms), for the reshard preflight. */
export function consumerLags(metrics: readonly ConsumerMetricSeries[]): { readonly consumer: string; readonly millisBehindLatest: number }[] {
  return metrics.filter((m) => m.millisBehindLatest.length > 0).map((m) => ({ consumer: m.consumerName, millisBehindLatest: maxOf(m.millisBehindLatest) }));
}
