/**
 * `kinesis-studio put` reading stdin, through the built CLI (dist/cli.js) as a child process against
 * kinesis-local behind the shard-limit simulator (which counts every request, so "nothing was sent"
 * is measured): by default stdin is spooled to a private temporary file and checked in full before
 * the first call; --stream-stdin sends it as it arrives. Each child gets its own TMPDIR so the test
 * can see that the spool is created private and always removed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { STDIN_SPOOL_PREFIX } from '../../src/cli/stdinSpool';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway, ReceivedRecord } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { CLI_PATH, runCli, startCli, waitFor } from '../support/cliProcess';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';
import { storedRecords as readStoredRecords } from '../support/storedRecords';

function keyedLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `{"k":"key-${i % 7}","n":${i}}`);
}

describe('kinesis-studio put from stdin (kinesis-local)', { timeout: 300_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;
  let dir: string;
  /** The children's TMPDIR: where the spool must appear while reading and be gone after. */
  let spoolParent: string;

  const connection = () => ['--endpoint', proxy.endpoint, '--region', 'us-east-1'];
  const childEnv = () => ({ TMPDIR: spoolParent });
  const spools = () => readdirSync(spoolParent).filter((name) => name.startsWith(STDIN_SPOOL_PREFIX));

  async function createStream(name: string): Promise<void> {
    await gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(target, name, 60_000);
  }

  /** Every record stored in the stream, read directly (not through the CLI under test). */
  const storedRecords = (stream: string) => readStoredRecords(gateway, target, stream);

  const texts = (records: readonly ReceivedRecord[]) => records.map((r) => Buffer.from(r.data).toString('utf8')).sort();

  before(async () => {
    assert.ok(existsSync(CLI_PATH), `${CLI_PATH} is missing: run "node esbuild.mjs" first`);
    emulator = await startKinesisLocal();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    dir = mkdtempSync(path.join(tmpdir(), 'cli-put-stdin-'));
    spoolParent = mkdtempSync(path.join(tmpdir(), 'cli-put-spool-'));
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (spoolParent) rmSync(spoolParent, { recursive: true, force: true });
  });

  it('a bad line near the end of piped input: exit 2 naming the line and the rule, no request, an empty stream, no spool left', async () => {
    const stream = 'stdin-bad-end';
    await createStream(stream);
    const lines = keyedLines(3_000);
    lines.splice(2_999, 0, '{"k":"key-1", "n": oops}');
    proxy.resetCounters();
    const put = await runCli(['put', stream, '--key-field', 'k', ...connection()], { input: lines.join('\n') + '\n', cwd: dir, env: childEnv() });
    assert.equal(put.code, 2, put.stderr);
    assert.match(put.stderr, /reading stdin to its end to check every record before sending/);
    assert.match(put.stderr, /1 invalid record\(s\) in stdin \(read as json\); nothing was sent:/);
    assert.match(put.stderr, /line 3,?000: Line is not valid JSON\./);
    assert.match(put.stderr, /--stream-stdin/, 'says how to send as it arrives instead');
    assert.equal(proxy.counters.requests, 0, 'no API call at all');
    assert.equal((await storedRecords(stream)).length, 0, 'the stream is empty');
    assert.equal(existsSync(path.join(dir, `${stream}.failed.ndjson`)), false, 'nothing was written as failed: nothing was tried');
    assert.deepEqual(spools(), []);
  });

  it('good piped input: every record arrives, sent from the spool, which is gone afterwards', async () => {
    const stream = 'stdin-good';
    await createStream(stream);
    const lines = keyedLines(1_500);
    const put = await runCli(['put', stream, '--key-field', 'k', ...connection()], { input: lines.join('\n') + '\n', cwd: dir, env: childEnv() });
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stderr, /put: read 1,500 records \([\d,]+ bytes\) from stdin, all valid/);
    assert.match(put.stderr, /1,500 of 1,500 records stored/);
    assert.deepEqual(texts(await storedRecords(stream)), [...lines].sort());
    assert.deepEqual(spools(), []);
  });

  it('--stream-stdin: the good records arrive, the bad one is reported and goes to <stream>.failed.ndjson, no spool is made', async () => {
    const stream = 'stdin-streamed';
    await createStream(stream);
    const input = '{"k":"a","n":1}\n{"n":2}\n{"k":"b","n":3}\n';
    const put = await runCli(['put', stream, '--key-field', 'k', '--stream-stdin', ...connection()], { input, cwd: dir, env: childEnv() });
    assert.equal(put.code, 1, put.stderr);
    assert.match(put.stderr, /from stdin as json/);
    assert.doesNotMatch(put.stderr, /reading stdin to its end/);
    assert.match(put.stderr, /2 of 3 records stored/);
    assert.match(put.stderr, /Failed records are in .*stdin-streamed\.failed\.ndjson/);
    const failed = readFileSync(path.join(dir, `${stream}.failed.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    assert.equal(failed.length, 1);
    assert.equal(failed[0].line, 2);
    assert.match(failed[0].reason, /no field "k"/);
    assert.deepEqual(texts(await storedRecords(stream)), ['{"k":"a","n":1}', '{"k":"b","n":3}']);
    assert.deepEqual(spools(), []);
  });

  it('--skip-invalid with piped input: checked in full, then the valid records are sent and the invalid one goes to the failed-records file', async () => {
    const stream = 'stdin-skip-invalid';
    await createStream(stream);
    const input = '{"k":"a","n":1}\n{"k":"a",\n{"k":"b","n":3}\n';
    const put = await runCli(['put', stream, '--key-field', 'k', '--skip-invalid', ...connection()], { input, cwd: dir, env: childEnv() });
    assert.equal(put.code, 1, put.stderr);
    assert.match(put.stderr, /put: read 3 records \([\d,]+ bytes\) from stdin, 1 invalid/);
    assert.match(put.stderr, /2 of 3 records stored/);
    const failed = readFileSync(path.join(dir, `${stream}.failed.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number });
    assert.deepEqual(failed.map((f) => f.line), [2]);
    assert.deepEqual(texts(await storedRecords(stream)), ['{"k":"a","n":1}', '{"k":"b","n":3}']);
    assert.deepEqual(spools(), []);
  });

  it('--stream-stdin with --file is a usage error', async () => {
    const put = await runCli(['put', 'stdin-good', '--file', path.join(dir, 'x.ndjson'), '--stream-stdin', ...connection()], { env: childEnv() });
    assert.equal(put.code, 2, put.stderr);
    assert.match(put.stderr, /--stream-stdin .* cannot be used with --file/);
  });

  /**
   * Starts `put` on `stream` fed by a producer that keeps writing and never closes stdin, waits until
   * the spool exists (private) and a reading progress line is out, then sends `signal`.
   */
  async function signalWhileSpooling(stream: string, signal: NodeJS.Signals) {
    const run = startCli(['put', stream, '--key-field', 'k', ...connection()], { cwd: dir, env: childEnv() });
    // Writes after the CLI stopped reading fail with EPIPE: that is the producer's problem, not the test's.
    run.child.stdin.on('error', () => undefined);
    let n = 0;
    const producer = setInterval(() => {
      run.child.stdin.write(keyedLines(200).map((l) => l.replace('"n":', `"batch":${n},"n":`)).join('\n') + '\n');
      n++;
    }, 100);
    try {
      await waitFor(() => spools().length === 1, 20_000, 'the spool directory');
      const spoolDir = path.join(spoolParent, spools()[0]);
      assert.equal(statSync(spoolDir).mode & 0o777, 0o700, 'the spool directory is private');
      await waitFor(() => existsSync(path.join(spoolDir, 'stdin')), 5_000, 'the spool file');
      assert.equal(statSync(path.join(spoolDir, 'stdin')).mode & 0o777, 0o600, 'the spool file is private');
      await waitFor(() => /Reading stdin… [\d,]+ records/.test(run.stderr()), 20_000, 'a reading progress line');
      run.child.kill(signal);
      return await run.done;
    } finally {
      clearInterval(producer);
      // A failed assertion above must not leave the CLI waiting on stdin for ever.
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
  }

  it('Ctrl+C while stdin is still being read: exit 130, nothing sent, the private spool removed', async () => {
    const stream = 'stdin-interrupted';
    await createStream(stream);
    proxy.resetCounters();
    const done = await signalWhileSpooling(stream, 'SIGINT');
    assert.equal(done.code, 130, done.stderr);
    assert.match(done.stderr, /Interrupted while reading stdin; nothing was sent\./);
    assert.equal(proxy.counters.requests, 0, 'no API call at all');
    assert.equal((await storedRecords(stream)).length, 0, 'the stream is empty');
    assert.deepEqual(spools(), []);
  });

  it('SIGTERM while stdin is still being read: the process ends by SIGTERM as usual and the spool is removed', async () => {
    const stream = 'stdin-terminated';
    await createStream(stream);
    proxy.resetCounters();
    const done = await signalWhileSpooling(stream, 'SIGTERM');
    assert.equal(done.signal, 'SIGTERM', done.stderr);
    assert.equal(proxy.counters.requests, 0, 'no API call at all');
    assert.deepEqual(spools(), []);
  });
});
