import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsumerMetricSeries, MetricPoint, StreamMetrics } from '../../../src/core/doctor/cloudwatch';
import { metricPeriodSeconds } from '../../../src/core/doctor/cloudwatch';
import { withCloudWatchEvidence } from '../../../src/core/doctor/cloudwatchFindings';
import { analyzeConsumers, consumerMonthlyUsd } from '../../../src/core/doctor/consumers';
import type { Finding } from '../../../src/core/doctor/findings';
import { ageTrend, analyzeIteratorAge } from '../../../src/core/doctor/iteratorAge';
import { analyzeReadContention } from '../../../src/core/doctor/readContention';
import { detailsOf, equalShards, STREAM, WINDOW_START } from './helpers';

const minutes = (values: readonly number[]): MetricPoint[] => values.map((value, i) => ({ timeMs: WINDOW_START + i * 60_000, value }));

describe('iterator age', () => {
  it('turns a growing age into hours until data loss against the retention', () => {
    // One extra minute of age per minute of time, starting at 2 h: 22 h left to a 24 h retention.
    const points = minutes(Array.from({ length: 61 }, (_, i) => 2 * 3_600_000 + 2 * i * 60_000));
    const trend = ageTrend(points, 24)!;
    assert.ok(Math.abs(trend.slope - 2) < 1e-9);
    assert.ok(Math.abs(trend.hoursUntilDataLoss! - (24 - 4) / 2) < 1e-9, String(trend.hoursUntilDataLoss));
    const [finding] = analyzeIteratorAge({ subject: { stream: STREAM }, readerLabel: 'Polling readers', metricName: 'GetRecords.IteratorAgeMilliseconds', points, retentionHours: 24 });
    assert.equal(finding.code, 'iterator-age');
    assert.equal(finding.severity, 'error');
    assert.match(finding.title, /data loss in about 10 h/);
  });

  it('stays quiet for a flat, small age and warns for a flat age near the retention', () => {
    assert.deepEqual(analyzeIteratorAge({ subject: { stream: STREAM }, readerLabel: 'r', metricName: 'm', points: minutes([5_000, 6_000, 5_000]), retentionHours: 24 }), []);
    const near = analyzeIteratorAge({ subject: { stream: STREAM }, readerLabel: 'Polling readers', metricName: 'm', points: minutes([14, 14, 14].map((h) => h * 3_600_000)), retentionHours: 24 });
    assert.equal(near.length, 1);
    assert.equal(near[0].severity, 'warning');
    assert.equal(near[0].evidence.facts.some(([label]) => label === 'Hours until data loss'), false);
  });
});

describe('read contention', () => {
  it('flags polling readers at or above 5 GetRecords per shard per second, and throttling', () => {
    const busy = analyzeReadContention({ stream: STREAM, openShards: 4, observedCalls: 4 * 6 * 600, observedSeconds: 600, readThrottles: 12, enhancedFanOutConsumers: 0 });
    assert.equal(busy.length, 1);
    assert.equal(busy[0].code, 'read-contention');
    assert.equal(busy[0].severity, 'error');
    const declared = analyzeReadContention({ stream: STREAM, openShards: 4, pollingReaders: 4, enhancedFanOutConsumers: 0 });
    assert.equal(declared[0]?.severity, 'warning', 'four readers use 80% of the budget');
    assert.deepEqual(analyzeReadContention({ stream: STREAM, openShards: 4, pollingReaders: 2, observedCalls: 4 * 2 * 600, observedSeconds: 600, enhancedFanOutConsumers: 1 }), []);
  });
});

describe('enhanced fan-out consumers', () => {
  const shards = equalShards(4);
  const details = detailsOf(shards);
  const consumers = [
    { name: 'idle-app', arn: 'arn:aws:kinesis:us-east-1:1:stream/orders/consumer/idle-app:1', status: 'ACTIVE' as const },
    { name: 'slow-app', arn: 'arn:aws:kinesis:us-east-1:1:stream/orders/consumer/slow-app:1', status: 'ACTIVE' as const },
  ];
  const metrics: ConsumerMetricSeries[] = [
    { consumerName: 'idle-app', millisBehindLatest: [], deliveredRecords: minutes([0, 0, 0]) },
    { consumerName: 'slow-app', millisBehindLatest: minutes(Array.from({ length: 30 }, (_, i) => 3_600_000 + i * 30 * 60_000)), deliveredRecords: minutes([500, 400]) },
  ];

  it('names the idle consumer with its shard-hour cost and the lagging one with its hours until data loss', () => {
    const findings = analyzeConsumers({ stream: STREAM, details, consumers, metrics, windowMinutes: 60 });
    const idle = findings.find((f) => f.code === 'idle-consumer');
    assert.deepEqual(idle?.subject, { stream: STREAM, consumer: 'idle-app' });
    assert.ok(idle?.explanation.includes(`$${consumerMonthlyUsd(4).toFixed(2)}`), idle?.explanation);
    const lag = findings.find((f) => f.code === 'iterator-age');
    assert.deepEqual(lag?.subject, { stream: STREAM, consumer: 'slow-app' });
    assert.equal(lag?.severity, 'error');
    assert.equal(findings.length, 2);
  });
});

describe('CloudWatch shard-level evidence', () => {
  it('adds the shard metrics to producer findings and flags a throttled shard the sample missed', () => {
    const metrics: StreamMetrics = {
      startMs: WINDOW_START, endMs: WINDOW_START + 600_000, periodSeconds: 60, getRecordsCalls: [], iteratorAgeMs: [], readThrottled: [], consumers: [],
      shards: ['shardId-000000000000', 'shardId-000000000001'].map((shardId, i) => ({
        shardId, incomingRecords: minutes([60_000, 30_000]), incomingBytes: minutes([1e6, 1e6]), writeThrottled: minutes(i === 1 ? [0, 7] : [0, 0]), readThrottled: [], iteratorAgeMs: [],
      })),
    };
    const hot: Finding = { code: 'hot-shard', severity: 'warning', title: 't', subject: { stream: STREAM, shardId: 'shardId-000000000000' }, explanation: 'e', evidence: { facts: [['a', 'b']] } };
    const out = withCloudWatchEvidence(STREAM, [hot], metrics);
    assert.equal(out.length, 2);
    assert.ok(out[0].evidence.facts.some(([label, value]) => label === 'CloudWatch IncomingRecords (shardId-000000000000)' && /^90,?000 in window/.test(value)), JSON.stringify(out[0].evidence.facts));
    assert.equal(out[1].code, 'write-limit-exceeded');
    assert.equal(out[1].subject.shardId, 'shardId-000000000001');
  });

  it('keeps queries within 1,440 datapoints per metric', () => {
    assert.equal(metricPeriodSeconds(0, 3_600_000), 60);
    assert.ok((7 * 24 * 3600) / metricPeriodSeconds(0, 7 * 24 * 3_600_000) <= 1440);
  });
});
