/**
 * The Stream Doctor against kinesis-local, through the built CLI (dist/cli.js) as a user runs it:
 * a stream where one key carries most records gets a hot-key finding naming the key and the shard
 * Kinesis put it on, with salting proposed; a stream with evenly spread keys gets none. Exit code 0
 * either way.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { KinesisGateway, PutRecordsEntry } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { CLI_PATH as cli, runCli } from '../support/cliProcess';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';

describe('doctor CLI against kinesis-local', { timeout: 180_000 }, () => {
  let emulator: TestEmulator;
  let gateway: KinesisGateway;
  const hotKeyShards = new Set<string>();

  async function createStream(name: string, entries: PutRecordsEntry[]): Promise<string[]> {
    await gateway.createStream(emulator.target, { name, mode: 'PROVISIONED', shardCount: 4 });
    await gateway.waitForActive(emulator.target, name, 60_000);
    const shardIds: string[] = [];
    for (let i = 0; i < entries.length; i += 500) {
      const result = await gateway.putRecords(emulator.target, name, entries.slice(i, i + 500));
      assert.equal(result.failedCount, 0);
      for (const e of result.entries) if (e.ok) shardIds.push(e.shardId);
    }
    return shardIds;
  }

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: run "node esbuild.mjs" first`);
    emulator = await startKinesisLocal();
    gateway = createAwsGateway({ logger: nullLogger });
    const data = new TextEncoder().encode('{"amount":12.5}');
    const hot: PutRecordsEntry[] = [];
    for (let i = 0; i < 900; i++) hot.push({ partitionKey: i % 3 === 0 ? `user-${i}` : 'tenant-42', data });
    const shardIds = await createStream('doctor-hot', hot);
    hot.forEach((e, i) => { if (e.partitionKey === 'tenant-42') hotKeyShards.add(shardIds[i]); });
    const even: PutRecordsEntry[] = [];
    for (let i = 0; i < 900; i++) even.push({ partitionKey: `device-${i}`, data });
    await createStream('doctor-even', even);
  });

  after(async () => {
    gateway?.dispose();
    await emulator?.stop();
  });

  it('names the hot key and its shard, proposes salting, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', 'doctor-hot', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.sampled.records, 900);
    assert.equal(hotKeyShards.size, 1, 'one key always goes to one shard');
    const hot = report.findings.filter((f: { code: string }) => f.code === 'hot-key');
    assert.equal(hot.length, 1, JSON.stringify(report.findings.map((f: { code: string }) => f.code)));
    assert.deepEqual(hot[0].subject, { stream: 'doctor-hot', shardId: [...hotKeyShards][0], partitionKey: 'tenant-42' });
    assert.equal(hot[0].fix.kind, 'saltKey');
    assert.ok(hot[0].evidence.facts.length > 0);
    for (const f of report.findings) for (const field of ['code', 'severity', 'subject', 'evidence', 'fix']) assert.ok(field in f, `${f.code} lacks ${field}`);
  });

  it('samples through enhanced fan-out: a temporary consumer, no GetRecords calls, deregistered afterwards; an unknown consumer exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['doctor', 'doctor-hot', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--json', '--temporary-consumer', 'doctor-sample']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.sampled.records, 900);
    assert.equal(report.sampled.getRecordsCalls, 0, 'the sample took none of the polling readers\' GetRecords calls');
    const hot = report.findings.find((f: { code: string }) => f.code === 'hot-key');
    assert.equal(hot?.subject.partitionKey, 'tenant-42');
    const details = await gateway.describeStream(emulator.target, 'doctor-hot');
    const left = (await gateway.listConsumers(emulator.target, details.arn!)).filter((c) => c.name === 'doctor-sample' && c.status === 'ACTIVE');
    assert.deepEqual(left, [], 'the temporary consumer was deregistered');
    const unknown = await runCli(['doctor', 'doctor-hot', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--consumer', 'no-such-consumer']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no enhanced fan-out consumer named "no-such-consumer"/);
    const bad = await runCli(['doctor', 'doctor-hot', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--consumer', 'a b']);
    assert.equal(bad.code, 2);
  });

  it('finds no hot key when keys are even, and prints text without --json', async () => {
    const json = await runCli(['doctor', 'doctor-even', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.sampled.records, 900);
    assert.ok(!report.findings.some((f: { code: string }) => f.code === 'hot-key' || f.code === 'hot-shard'), json.stdout);
    const text = await runCli(['doctor', 'doctor-even', '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Stream Doctor: doctor-even \(us-east-1, PROVISIONED, 4 open shard\(s\)\)/);
  });

  it('exits 1 with what went wrong for a missing stream, 2 for bad usage', async () => {
    const missing = await runCli(['doctor', 'no-such-stream', '--endpoint', emulator.endpoint, '--region', 'us-east-1']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Cannot diagnose "no-such-stream"/);
    const usage = await runCli(['doctor', 'doctor-even', '--duration', 'soon']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--duration must be/);
  });
});
