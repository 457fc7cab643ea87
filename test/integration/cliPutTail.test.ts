/**
 * `kinesis-studio put` then `kinesis-studio tail`, both through the built CLI (dist/cli.js) as
 * child processes against kinesis-local: the bytes that come out of the tail's NDJSON are the bytes
 * that went in, for text, JSON and binary (base64) data, with and without KPL aggregation; the tail
 * follows a split; failures exit non-zero with the message; invalid input sends nothing (the
 * shard-limit simulator in front counts every request, so "nothing" is measured, not assumed).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findTopLevelMember } from '../../src/core/bulkPut/jsonScan';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { CLI_PATH, runCli } from '../support/cliProcess';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';

/** The data bytes of one decoded tail line, as its --help documents them. */
function dataOf(line: string): Buffer {
  const record = JSON.parse(line) as { dataEncoding: string; data: unknown };
  switch (record.dataEncoding) {
    case 'json': {
      const span = findTopLevelMember(line, 'data');
      assert.ok(span, line);
      return Buffer.from(line.slice(span[0], span[1]), 'utf8');
    }
    case 'text': return Buffer.from(record.data as string, 'utf8');
    case 'base64': return Buffer.from(record.data as string, 'base64');
    default: throw new Error(`unknown dataEncoding in ${line}`);
  }
}

function ndjsonLines(stdout: string): string[] {
  assert.ok(stdout === '' || stdout.endsWith('\n'), 'stdout ends with a whole line');
  return stdout.split('\n').filter((l) => l !== '');
}

const TEXT_RECORDS = ['plain text', '  padded with spaces  ', 'tab\there', 'quotes " and \\ backslash', 'émoji 🚀 ünïcode', '{not json', '42', '{"looks": "like json",  "n": 1.50}', 'true'];
const JSON_RECORDS = Array.from({ length: 40 }, (_, i) => (i % 3 === 0
  ? `{"k":"key-${i % 4}", "i":${i}, "price": 1.50, "s": "\\u00e9t\\u00e9"}`
  : i % 3 === 1 ? `{ "k" : "key-${i % 4}" , "i" : ${i} , "nested":{"a":[1,2.0,3e2]}}` : `{"k":"key-${i % 4}","i":${i},"big":12345678901234567890}`));
const BINARY_RECORDS = [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]), Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 0x00]), Buffer.from('hello', 'utf8'), Buffer.from([0]), ...Array.from({ length: 20 }, (_, i) => randomBytes(1 + i * 37))];

describe('kinesis-studio put | tail against kinesis-local', { timeout: 600_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;
  let dir: string;

  async function createStream(name: string, shardCount: number): Promise<void> {
    await gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount });
    await gateway.waitForActive(target, name, 60_000);
  }

  const connection = () => ['--endpoint', proxy.endpoint, '--region', 'us-east-1'];

  before(async () => {
    assert.ok(existsSync(CLI_PATH), `${CLI_PATH} is missing: run "node esbuild.mjs" first`);
    emulator = await startKinesisLocal();
    // AWS's own limits: nothing here comes near them, but every request passes through and is counted.
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    dir = mkdtempSync(path.join(tmpdir(), 'cli-put-tail-'));
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { kind: 'text', file: () => TEXT_RECORDS.join('\n') + '\n', expected: () => TEXT_RECORDS.map((t) => Buffer.from(t, 'utf8')), keyArgs: ['--key', 'one-key'] },
    { kind: 'json', file: () => JSON_RECORDS.join('\n') + '\n', expected: () => JSON_RECORDS.map((t) => Buffer.from(t, 'utf8')), keyArgs: ['--key-field', 'k'] },
    { kind: 'base64', file: () => BINARY_RECORDS.map((b) => b.toString('base64')).join('\n') + '\n', expected: () => BINARY_RECORDS, keyArgs: ['--random-key'] },
  ] as const;

  for (const aggregate of [false, true]) {
    for (const c of cases) {
      it(`round trip of ${c.kind} data${aggregate ? ' with --aggregate' : ''} is byte-identical`, async () => {
        const stream = `rt-${c.kind}${aggregate ? '-agg' : ''}`;
        await createStream(stream, 2);
        const file = path.join(dir, `${stream}.txt`);
        writeFileSync(file, c.file());
        const expected = c.expected();
        const put = await runCli(['put', stream, '--file', file, '--encoding', c.kind, ...c.keyArgs, ...(aggregate ? ['--aggregate'] : []), ...connection()]);
        assert.equal(put.code, 0, put.stderr);
        assert.equal(put.stdout, '', 'put writes nothing on stdout');
        assert.match(put.stderr, new RegExp(`${expected.length} of ${expected.length} records stored in "${stream}"`));
        if (aggregate) assert.match(put.stderr, /Kinesis records \(aggregated\)/);

        const tail = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--max', String(expected.length), ...connection()]);
        assert.equal(tail.code, 0, tail.stderr);
        const lines = ndjsonLines(tail.stdout);
        assert.equal(lines.length, expected.length);
        if (aggregate) assert.ok(lines.every((l) => (JSON.parse(l) as { subSequenceNumber?: number }).subSequenceNumber !== undefined), 'each line is a de-aggregated user record');
        const got = lines.map(dataOf);
        if (c.kind === 'text') {
          // One key: one shard, in order.
          assert.deepEqual(got.map((b) => b.toString('hex')), expected.map((b) => b.toString('hex')));
        } else {
          assert.deepEqual(got.map((b) => b.toString('hex')).sort(), expected.map((b) => b.toString('hex')).sort());
        }
        if (c.kind === 'json') {
          // Per-key order across the two shards.
          const seen = new Map<string, number>();
          for (const line of lines) {
            const { partitionKey, data } = JSON.parse(line) as { partitionKey: string; data: { k: string; i: number } };
            assert.equal(partitionKey, data.k);
            assert.ok(data.i > (seen.get(partitionKey) ?? -1), `key ${partitionKey} in order`);
            seen.set(partitionKey, data.i);
          }
        }
        if (!aggregate && c.kind === 'text') {
          const raw = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--max', String(expected.length), '--raw', ...connection()]);
          assert.equal(raw.code, 0, raw.stderr);
          const rawData = ndjsonLines(raw.stdout).map((l) => JSON.parse(l) as { dataEncoding: string; data: string });
          assert.ok(rawData.every((r) => r.dataEncoding === 'base64'));
          assert.deepEqual(rawData.map((r) => Buffer.from(r.data, 'base64').toString('hex')), expected.map((b) => b.toString('hex')));
        }
      });
    }
  }

  it('tail --raw keeps a KPL aggregate as the one stored record', async () => {
    const raw = await runCli(['tail', 'rt-text-agg', '--from', 'TRIM_HORIZON', '--max', '1', '--raw', ...connection()]);
    assert.equal(raw.code, 0, raw.stderr);
    const [record] = ndjsonLines(raw.stdout).map((l) => JSON.parse(l) as { data: string });
    assert.equal(Buffer.from(record.data, 'base64').subarray(0, 4).toString('hex'), 'f3899ac2', 'the KPL magic');
  });

  it('tail follows a split: every record put before and after it, in per-key order', async () => {
    const stream = 'cli-split';
    await createStream(stream, 1);
    const keys = 12;
    const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, j) => `{"k":"u${(from + j) % keys}","n":${from + j}}`).join('\n') + '\n';
    const before = path.join(dir, 'before.ndjson');
    writeFileSync(before, batch(0, 240));
    const first = await runCli(['put', stream, '--file', before, '--key-field', 'k', ...connection()]);
    assert.equal(first.code, 0, first.stderr);

    const [parent] = await gateway.listShards(target, stream);
    await gateway.splitShard(target, stream, parent.shardId, (1n << 127n).toString());
    await gateway.waitForActive(target, stream, 60_000);
    const after = path.join(dir, 'after.ndjson');
    writeFileSync(after, batch(240, 480));
    const second = await runCli(['put', stream, '--file', after, '--key-field', 'k', ...connection()]);
    assert.equal(second.code, 0, second.stderr);

    const tail = await runCli(['tail', stream, '--from', 'TRIM_HORIZON', '--max', '480', ...connection()]);
    assert.equal(tail.code, 0, tail.stderr);
    const rows = ndjsonLines(tail.stdout).map((l) => JSON.parse(l) as { shardId: string; partitionKey: string; data: { k: string; n: number } });
    assert.equal(rows.length, 480);
    assert.deepEqual(rows.map((r) => r.data.n).sort((a, b) => a - b), Array.from({ length: 480 }, (_, i) => i), 'every record once');
    const last = new Map<string, number>();
    for (const row of rows) {
      assert.ok(row.data.n > (last.get(row.partitionKey) ?? -1), `key ${row.partitionKey}: ${row.data.n} after ${last.get(row.partitionKey)}`);
      last.set(row.partitionKey, row.data.n);
    }
    const shardsRead = new Set(rows.map((r) => r.shardId));
    assert.ok(shardsRead.has(parent.shardId) && shardsRead.size === 3, `parent and both children: ${[...shardsRead].join(', ')}`);
    // The summary on stderr names each shard read.
    for (const shardId of shardsRead) assert.match(tail.stderr, new RegExp(`${shardId}: \\d+ read`));
  });

  it('invalid input: a clear error naming the line, exit 2, and no request reaches Kinesis', async () => {
    await createStream('cli-invalid', 1);
    const file = path.join(dir, 'invalid.ndjson');
    writeFileSync(file, '{"k":"a","n":1}\n{"k":"a", broken\n{"n":3}\n');
    proxy.resetCounters();
    const put = await runCli(['put', 'cli-invalid', '--file', file, '--key-field', 'k', ...connection()]);
    assert.equal(put.code, 2, put.stderr);
    assert.match(put.stderr, /2 invalid record\(s\) in .*nothing was sent/);
    assert.match(put.stderr, /line 2: Line is not valid JSON\./);
    assert.match(put.stderr, /line 3: The record has no field "k"/);
    assert.equal(proxy.counters.requests, 0, 'no API call at all');

    for (const args of [
      ['put', 'cli-invalid', '--file', file, '--key', 'a', '--random-key'],
      ['put', 'cli-invalid', '--file', path.join(dir, 'missing.ndjson')],
      ['put', 'cli-invalid', '--file', file, '--encoding', 'xml'],
      ['put', 'bad name!', '--file', file],
      ['put', 'cli-invalid', '--file', file, '--bogus'],
      ['tail', 'cli-invalid', '--from', 'yesterday'],
      ['tail', 'cli-invalid', '--from', '4959', '--shard', 'a', '--shard', 'b'],
      ['tail', 'cli-invalid', '--max', '0'],
      ['tail', 'cli-invalid', '--filter', '$.a =='],
    ]) {
      const run = await runCli([...args, ...connection()]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /\S/, `${args.join(' ')} says why`);
      assert.equal(run.stdout, '');
    }
    assert.equal(proxy.counters.requests, 0, 'usage errors make no API call either');
    const shard = (await gateway.listShards(target, 'cli-invalid'))[0];
    const iterator = await gateway.getShardIterator(target, { stream: 'cli-invalid', shardId: shard.shardId, type: 'TRIM_HORIZON' });
    assert.equal((await gateway.getRecords(target, iterator)).records.length, 0, 'the stream is empty');
  });

  it('--skip-invalid sends the valid records and writes the invalid ones to the resend file, which puts again', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    writeFileSync(file, '{"k":"a","n":1}\n{"n":2,"note":"no key"}\n{"k":"b","n":3}\n');
    const put = await runCli(['put', 'cli-invalid', '--file', file, '--key-field', 'k', '--skip-invalid', ...connection()]);
    assert.equal(put.code, 1, 'a failed record makes the exit code 1');
    assert.match(put.stderr, /2 of 3 records stored/);
    const failedFile = `${file}.failed.ndjson`;
    assert.match(put.stderr, new RegExp(`re-send them with: kinesis-studio put cli-invalid --file ${failedFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const [resend] = readFileSync(failedFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kinesisStudioResend: number; line: number; data: unknown });
    assert.equal(resend.kinesisStudioResend, 1);
    assert.equal(resend.line, 2);
    assert.deepEqual(resend.data, { n: 2, note: 'no key' });
    // Re-sent with a key of the user's choice this time (the original had none).
    const again = await runCli(['put', 'cli-invalid', '--file', failedFile, '--key', 'fixed', ...connection()]);
    assert.equal(again.code, 0, again.stderr);
    const tail = await runCli(['tail', 'cli-invalid', '--from', 'TRIM_HORIZON', '--max', '3', ...connection()]);
    assert.deepEqual(ndjsonLines(tail.stdout).map((l) => (JSON.parse(l) as { data: { n: number } }).data.n).sort(), [1, 2, 3]);
  });

  it('an unknown stream or an unreachable endpoint: exit 1 with the reason', async () => {
    const file = path.join(dir, 'one.txt');
    writeFileSync(file, 'one\n');
    const put = await runCli(['put', 'no-such-stream', '--file', file, ...connection()]);
    assert.equal(put.code, 1, put.stderr);
    assert.match(put.stderr, /Could not list the shards of no-such-stream.*(not found|ResourceNotFound)/is);
    assert.match(put.stderr, /0 of 0 records stored/);

    const tail = await runCli(['tail', 'no-such-stream', '--from', 'TRIM_HORIZON', ...connection()]);
    assert.equal(tail.code, 1, tail.stderr);
    assert.match(tail.stderr, /Cannot tail "no-such-stream": .*(not found|ResourceNotFound)/is);

    const unreachable = await runCli(['put', 'cli-invalid', '--file', file, '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1']);
    assert.equal(unreachable.code, 1, unreachable.stderr);
    assert.match(unreachable.stderr, /Could not list the shards of cli-invalid/);

    // The reader retries transient errors for ever; the CLI must not hang in silence on a wrong endpoint.
    const started = Date.now();
    const tailUnreachable = await runCli(['tail', 'cli-invalid', '--endpoint', 'http://127.0.0.1:9', '--region', 'us-east-1']);
    assert.equal(tailUnreachable.code, 1, tailUnreachable.stderr);
    assert.match(tailUnreachable.stderr, /Cannot tail "cli-invalid": Could not connect to http:\/\/127\.0\.0\.1:9/);
    assert.ok(Date.now() - started < 30_000, 'gave up within seconds');

    const badUrl = await runCli(['tail', 'cli-invalid', '--endpoint', 'not a url', '--region', 'us-east-1']);
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.stderr, /Endpoint must start with http:\/\/ or https:\/\//);
  });
});
