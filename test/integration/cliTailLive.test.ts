/**
 * `kinesis-studio tail` on a live stream, through the built CLI (dist/cli.js) against kinesis-local:
 * enhanced fan-out with --consumer (an existing consumer, and one the CLI registers and
 * deregisters), and Ctrl+C on a running tail while records keep arriving: exit 0, the summary on
 * stderr, and stdout whole NDJSON lines only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { runCli, startCli, waitFor } from '../support/cliProcess';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';

describe('kinesis-studio tail on a live stream (kinesis-local)', { timeout: 300_000 }, () => {
  let emulator: TestEmulator;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;
  const connection = () => ['--endpoint', emulator.endpoint, '--region', 'us-east-1'];

  async function createStream(name: string): Promise<string> {
    await gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount: 1 });
    return (await gateway.waitForActive(target, name, 60_000)).arn;
  }

  async function putNumbered(stream: string, from: number, count: number): Promise<void> {
    const entries = Array.from({ length: count }, (_, i) => ({ partitionKey: 'p', data: new TextEncoder().encode(`{"n":${from + i},"pad":"${'x'.repeat(200)}"}`) }));
    const result = await gateway.putRecords(target, stream, entries);
    assert.equal(result.failedCount, 0);
  }

  before(async () => {
    emulator = await startKinesisLocal();
    gateway = createAwsGateway({ logger: nullLogger });
    target = emulator.target;
  });

  after(async () => {
    gateway?.dispose();
    await emulator?.stop();
  });

  it('--consumer reads over enhanced fan-out as an existing consumer, and leaves it registered', async () => {
    const stream = 'cli-efo';
    const arn = await createStream(stream);
    await putNumbered(stream, 0, 30);
    await gateway.registerConsumer(target, arn, 'existing');
    const tail = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--consumer', 'existing', '--max', '30', ...connection()]);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stderr, /enhanced fan-out as "existing"/);
    assert.doesNotMatch(tail.stderr, /registering consumer/);
    const rows = tail.stdout.trim().split('\n').map((l) => JSON.parse(l) as { data: { n: number } });
    assert.deepEqual(rows.map((r) => r.data.n), Array.from({ length: 30 }, (_, i) => i));
    assert.equal((await gateway.listConsumers(target, arn)).find((c) => c.name === 'existing')?.status, 'ACTIVE');
  });

  it('--from a sequence number (with --shard) or an ISO time, and --filter as JSON path, regex or text', async () => {
    const stream = 'cli-efo';
    const all = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--max', '30', ...connection()]);
    const rows = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { shardId: string; sequenceNumber: string; data: { n: number } });
    const tenth = rows[10];
    const fromSequence = await runCli(['tail', stream, '--from', tenth.sequenceNumber, '--shard', tenth.shardId, '--max', '5', ...connection()]);
    assert.equal(fromSequence.code, 0, fromSequence.stderr);
    assert.deepEqual(fromSequence.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: { n: number } }).data.n), [10, 11, 12, 13, 14]);

    const fromTime = await runCli(['tail', stream, '--from', new Date(Date.now() - 3_600_000).toISOString(), '--max', '30', ...connection()]);
    assert.equal(fromTime.code, 0, fromTime.stderr);
    assert.equal(fromTime.stdout.trim().split('\n').length, 30);

    const numbers = async (filter: string, max: number) => {
      const run = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--filter', filter, '--max', String(max), ...connection()]);
      assert.equal(run.code, 0, run.stderr);
      return run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: { n: number } }).data.n);
    };
    assert.deepEqual(await numbers('$.n >= 27', 3), [27, 28, 29]);
    assert.deepEqual(await numbers('/"n":2[0-2],/', 3), [20, 21, 22]);
    assert.deepEqual(await numbers('"N":7,', 1), [7], 'plain text is case-insensitive');
  });

  it('--consumer registers a missing consumer, reads through it, and deregisters it on exit', async () => {
    const stream = 'cli-efo';
    const { arn } = await gateway.describeStream(target, stream);
    const tail = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--consumer', 'cli-made', '--max', '5', ...connection()]);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stderr, /registering consumer "cli-made"/);
    assert.match(tail.stderr, /deregistered consumer "cli-made"/);
    assert.equal(tail.stdout.trim().split('\n').length, 5);
    const left = (await gateway.listConsumers(target, arn)).find((c) => c.name === 'cli-made');
    assert.ok(!left || left.status === 'DELETING', `the consumer is gone (${left?.status})`);
  });

  it('Ctrl+C stops a running tail: exit 0, the summary on stderr, only whole NDJSON lines on stdout', async () => {
    const stream = 'cli-live';
    await createStream(stream);
    const run = startCli(['tail', stream, ...connection()]);
    await waitFor(() => run.stderr().includes('from LATEST'), 30_000, 'the tail to start');
    // Records keep arriving while the tail runs and when it is interrupted.
    let putting = true;
    let next = 0;
    const writer = (async () => {
      while (putting) {
        await putNumbered(stream, next, 50);
        next += 50;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await waitFor(() => run.stdout().split('\n').length > 120, 60_000, 'records on stdout');
    run.child.kill('SIGINT');
    const { code, stdout, stderr } = await run.done;
    putting = false;
    await writer;
    assert.equal(code, 0, stderr);
    assert.ok(stdout.endsWith('\n'), 'the last line is whole');
    const lines = stdout.slice(0, -1).split('\n');
    const numbers = lines.map((l) => (JSON.parse(l) as { data: { n: number } }).data.n);
    // From LATEST, one key, one shard: consecutive numbers.
    numbers.forEach((n, i) => assert.equal(n, numbers[0] + i));
    const summary = /Interrupted: tail: ([\d,]+) record\(s\) printed/.exec(stderr);
    assert.ok(summary, stderr);
    assert.equal(Number(summary[1].replace(/,/g, '')), lines.length, 'the summary counts what was printed');
    assert.match(stderr, /shardId-000000000000: [\d,]+ read, [\d,]+ printed, last sequence \d+/);
  });
});
