/**
 * `kinesis-studio put` at shard limits and on Ctrl+C, through the built CLI (dist/cli.js) against
 * kinesis-local behind the shard-limit simulator (test/support/shardLimitProxy.ts), which enforces
 * a per-shard records/s budget and throttles per entry as AWS does.
 *
 * The budgets are far below AWS's (100 and 40 records/s a shard) because kinesis-local stores only
 * ~800 records/s on this machine: to be throttled at all the simulator must allow less than that.
 * The CLI's pacer believes AWS's 1,000/s, so it is throttled and has to adapt.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { runCli, startCli, waitFor } from '../support/cliProcess';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';
import { storedRecords as readStoredRecords } from '../support/storedRecords';

function keyedRecords(count: number, keys: number): string {
  return Array.from({ length: count }, (_, i) => `{"k":"key-${i % keys}","n":${i}}`).join('\n') + '\n';
}

describe('kinesis-studio put behind the shard-limit simulator (kinesis-local)', { timeout: 300_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;
  let dir: string;

  /** Every record stored in the stream, read directly (not through the CLI under test). */
  const storedRecords = (stream: string) => readStoredRecords(gateway, target, stream);

  before(async () => {
    emulator = await startKinesisLocal();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint, limits: { recordsPerSecond: 100, bytesPerSecond: 1024 * 1024 } });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    dir = mkdtempSync(path.join(tmpdir(), 'cli-put-paced-'));
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts every record in per-key order while throttled, adapting, with progress on stderr', async () => {
    const stream = 'cli-paced';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 4 });
    await gateway.waitForActive(target, stream, 60_000);
    const total = 2_400;
    const file = path.join(dir, 'paced.ndjson');
    writeFileSync(file, keyedRecords(total, 40));
    proxy.resetCounters();
    const put = await runCli(['put', stream, '--file', file, '--key-field', 'k', '--endpoint', proxy.endpoint, '--region', 'us-east-1']);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stderr, new RegExp(`${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} records stored`));
    assert.match(put.stderr, /^put: [\d,]+ read · [\d,]+ sent · 0 failed · [\d,]+ retried · \d+% · [\d,]+ records\/s$/m, 'a progress line');
    const throttled = Object.values(proxy.counters.byShard[stream]).reduce((sum, s) => sum + s.throttled, 0);
    assert.ok(throttled > 0, 'the simulator throttled entries: the limit was reached');
    const retries = Number(/([\d,]+) entry retries/.exec(put.stderr)![1].replace(/,/g, ''));
    assert.equal(retries, throttled, 'every throttled entry was re-sent, and only those');
    assert.ok(throttled < total, `the pacer adapted instead of retrying blindly (${throttled} throttled of ${total})`);

    const records = await storedRecords(stream);
    assert.equal(records.length, total, 'nothing lost, nothing duplicated');
    const last = new Map<string, number>();
    for (const record of records) {
      const { n } = JSON.parse(Buffer.from(record.data).toString('utf8')) as { n: number };
      assert.ok(n > (last.get(record.partitionKey) ?? -1), `key ${record.partitionKey} in order`);
      last.set(record.partitionKey, n);
    }
  });

  it('Ctrl+C stops a running put: exit 130, the summary says what was stored, and exactly that is in the stream', async () => {
    const stream = 'cli-interrupted';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(target, stream, 60_000);
    proxy.setLimits({ recordsPerSecond: 40, bytesPerSecond: 1024 * 1024 });
    const total = 3_000; // over a minute at 40 records/s
    const file = path.join(dir, 'long.ndjson');
    writeFileSync(file, keyedRecords(total, 10));
    const run = startCli(['put', stream, '--file', file, '--key-field', 'k', '--endpoint', proxy.endpoint, '--region', 'us-east-1']);
    await waitFor(() => /^put: .* [1-9][\d,]* sent/m.test(run.stderr()), 60_000, 'a progress line with records sent');
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const { code, stderr, stdout } = await run.done;
    assert.equal(code, 130, stderr);
    assert.ok(Date.now() - interruptedAt < 15_000, 'stopped promptly');
    assert.equal(stdout, '');
    const summary = /Interrupted: ([\d,]+) of ([\d,]+) records stored/.exec(stderr);
    assert.ok(summary, stderr);
    const sent = Number(summary[1].replace(/,/g, ''));
    assert.ok(sent > 0 && sent < total, `${sent} sent`);
    assert.match(stderr, /Stored: line/);
    assert.match(stderr, /Not (sent|read): /);
    assert.doesNotMatch(stderr, /Unknown \(sent, no answer/, 'requests in flight were allowed to finish');
    assert.equal((await storedRecords(stream)).length, sent, 'the stream holds exactly what the summary reported');
  });
});
