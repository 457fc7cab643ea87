/**
 * The Stream Doctor's consumer side end to end: streams, records, shard history and enhanced fan-out
 * consumers in kinesis-local; CloudWatch from a LOOPBACK SERVER speaking CloudWatch's real wire
 * protocol (AWS JSON 1.0, test/support/cloudwatchWire.ts) with SYNTHETIC metric series, because
 * CloudWatch has no emulator here. The CLI runs as a user runs it (dist/cli.js, real SDK clients).
 * Also the reshard preflight and drain tracking against a real split in kinesis-local.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reshardGenerations, reshardPreflight, trackDrain, UPDATE_SHARD_COUNT_PER_24H } from '../../src/core/doctor/preflight';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { KinesisGateway } from '../../src/core/kinesis/gateway';
import { midpointHashKey } from '../../src/core/kinesis/shards';
import { nullLogger } from '../../src/core/logging';
import { seriesKey, startCloudWatchWire, type CloudWatchWireServer, type SyntheticPoint } from '../support/cloudwatchWire';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'doctor-test', AWS_SECRET_ACCESS_KEY: 'doctor-test', AWS_PROFILE: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One point a minute over the last hour, aligned to the minute. */
function lastHour(value: (minute: number) => number): SyntheticPoint[] {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: 60 }, (_, i) => ({ timeMs: now - (60 - i) * 60_000, value: value(i) }));
}

describe('doctor consumer side: kinesis-local + loopback CloudWatch wire', { timeout: 180_000 }, () => {
  let emulator: TestEmulator;
  let gateway: KinesisGateway;
  let cloudwatch: CloudWatchWireServer;
  const stream = 'doctor-consumers';
  const metricsStream = 'doctor-shard-metrics';
  let throttledShard = '';

  before(async () => {
    emulator = await startKinesisLocal();
    gateway = createAwsGateway({ logger: nullLogger });
    await gateway.createStream(emulator.target, { name: stream, mode: 'PROVISIONED', shardCount: 2 });
    const details = await gateway.waitForActive(emulator.target, stream, 60_000);
    await gateway.registerConsumer(emulator.target, details.arn, 'idle-app');
    await gateway.registerConsumer(emulator.target, details.arn, 'slow-app');
    const data = new TextEncoder().encode('{"n":1}');
    await gateway.putRecords(emulator.target, stream, Array.from({ length: 50 }, (_, i) => ({ partitionKey: `k-${i}`, data })));
    // Consumers become ACTIVE after a moment in kinesis-local.
    for (let i = 0; i < 50 && (await gateway.listConsumers(emulator.target, details.arn)).some((c) => c.status !== 'ACTIVE'); i++) await new Promise((r) => setTimeout(r, 200));
    // A second stream with shard-level metrics on: CloudWatch saw one shard throttle writes.
    await gateway.createStream(emulator.target, { name: metricsStream, mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(emulator.target, metricsStream, 60_000);
    await gateway.setEnhancedMonitoring(emulator.target, metricsStream, ['IncomingRecords', 'IncomingBytes', 'WriteProvisionedThroughputExceeded'], true);
    await gateway.waitForActive(emulator.target, metricsStream, 60_000);
    await gateway.putRecords(emulator.target, metricsStream, Array.from({ length: 20 }, (_, i) => ({ partitionKey: `m-${i}`, data })));
    throttledShard = (await gateway.listShards(emulator.target, metricsStream))[1].shardId;
    const shardDims = { StreamName: metricsStream, ShardId: throttledShard };
    const dims = { StreamName: stream };
    cloudwatch = await startCloudWatchWire(new Map([
      // 2 shards × 6 calls/s: over the 5 per shard per second of shared throughput.
      [seriesKey('GetRecords.Success', dims), lastHour(() => 2 * 6 * 60)],
      [seriesKey('ReadProvisionedThroughputExceeded', dims), lastHour((m) => (m % 10 === 0 ? 3 : 0))],
      // Polling readers: from 1 h behind, gaining 2 minutes of age per minute.
      [seriesKey('GetRecords.IteratorAgeMilliseconds', dims), lastHour((m) => 3_600_000 + 2 * m * 60_000)],
      [seriesKey('SubscribeToShardEvent.MillisBehindLatest', { ...dims, ConsumerName: 'slow-app' }), lastHour((m) => 600_000 + 3 * m * 60_000)],
      [seriesKey('SubscribeToShardEvent.Records', { ...dims, ConsumerName: 'slow-app' }), lastHour(() => 100)],
      [seriesKey('IncomingRecords', shardDims), lastHour(() => 60_000)],
      [seriesKey('WriteProvisionedThroughputExceeded', shardDims), lastHour((m) => (m === 30 ? 25 : 0))],
    ]));
  });

  after(async () => {
    await cloudwatch?.stop();
    gateway?.dispose();
    await emulator?.stop();
  });

  it('reports read contention, hours until data loss, the lagging and the idle consumer through dist/cli.js', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', stream, '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--cloudwatch-endpoint', cloudwatch.endpoint, '--json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as { findings: { code: string; severity: string; subject: { consumer?: string }; title: string }[] };
    const byCode = (c: string) => report.findings.filter((f) => f.code === c);
    assert.equal(byCode('read-contention')[0]?.severity, 'error', stdout);
    const ages = byCode('iterator-age');
    assert.deepEqual(ages.map((f) => f.subject.consumer ?? 'polling').sort(), ['polling', 'slow-app']);
    assert.match(ages.find((f) => !f.subject.consumer)!.title, /data loss in about (9|10|11)(\.\d)? h/);
    assert.deepEqual(byCode('idle-consumer').map((f) => f.subject.consumer), ['idle-app']);
    // The real client asked the loopback server for both consumers' metrics in the AWS/Kinesis namespace.
    const asked = cloudwatch.queries.map((q) => q.MetricStat?.Metric.MetricName);
    assert.ok(asked.includes('SubscribeToShardEvent.MillisBehindLatest') && asked.includes('GetRecords.IteratorAgeMilliseconds'), JSON.stringify(asked));
  });

  it('reads shard-level metrics when they are enabled and flags the shard CloudWatch saw throttled', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', metricsStream, '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--cloudwatch-endpoint', cloudwatch.endpoint, '--json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as { findings: { code: string; subject: { shardId?: string }; evidence: { facts: [string, string][] } }[] };
    const throttled = report.findings.filter((f) => f.code === 'write-limit-exceeded');
    assert.deepEqual(throttled.map((f) => f.subject.shardId), [throttledShard], stdout);
    assert.ok(throttled[0].evidence.facts.some(([label, value]) => label === `CloudWatch WriteProvisionedThroughputExceeded (${throttledShard})` && value === '25'), JSON.stringify(throttled[0].evidence.facts));
    const shardQueries = cloudwatch.queries.filter((q) => q.MetricStat?.Metric.Dimensions?.some((d) => d.Name === 'ShardId'));
    assert.ok(shardQueries.length >= 2 * 5, `one query per shard-level metric and open shard: ${shardQueries.length}`);
  });

  it('preflights a split from the shard history and tracks the parent draining into its children', async () => {
    const before = await gateway.listShards(emulator.target, stream);
    assert.equal(reshardGenerations(before), 0);
    const parent = before[0];
    const pre = reshardPreflight({ stream, shards: before, operation: { kind: 'splitShard', shardId: parent.shardId }, consumerNames: ['idle-app', 'slow-app'], consumerLags: [{ consumer: 'slow-app', millisBehindLatest: 900_000 }] });
    assert.deepEqual(pre.parentsToDrain, [parent.shardId]);
    assert.deepEqual(pre.laggingConsumers, ['slow-app']);
    await gateway.splitShard(emulator.target, stream, parent.shardId, midpointHashKey(parent));
    const seen: number[] = [];
    const status = await trackDrain(gateway, emulator.target, stream, [parent.shardId], { intervalMs: 200, timeoutMs: 60_000, onProgress: (s) => seen.push(s.children.length) });
    assert.equal(status.done, true);
    assert.equal(status.children.length, 2);
    await gateway.waitForActive(emulator.target, stream, 60_000);
    const afterSplit = await gateway.listShards(emulator.target, stream);
    assert.equal(reshardGenerations(afterSplit), 1);
    assert.equal(reshardPreflight({ stream, shards: afterSplit, operation: { kind: 'updateShardCount', targetShardCount: 4 } }).updateShardCountRemaining, UPDATE_SHARD_COUNT_PER_24H - 1);
  });
});
