/**
 * The put pipeline at shard limits: putRecordsFromSource with per-shard pacing and KPL aggregation,
 * through the shard-limit simulator in front of kinesalite.
 *
 * Why kinesalite and 30,000 records, not kinesis-local and 100,000: kinesis-local stores ~800
 * records/s, so 100,000 records would take over two minutes of a 2-core CI machine. Through the
 * simulator, with 200 keys (every request shares keys with the one before, so per-key order sends
 * one request at a time), this machine measured 100,000 records in 25 s against kinesalite (about
 * 50 ms a 200-entry request). To be throttled the simulator must allow less than that: at 600
 * records/s a shard (2,400/s for 4 shards) the pacer, which believes AWS's 1,000, is throttled and
 * must adapt; 30,000 records then take ~13 s. The 100,000-record run is the last suite: aggregated,
 * into kinesis-local behind the simulator at AWS's limits, ~35 s with the tail reading it back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRecords } from '../../src/core/bulkPut/recordSource';
import { putRecordsFromSource } from '../../src/core/bulkPut/putFromSource';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway, ReceivedRecord } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { createStreamTail } from '../../src/core/tail/reader';
import { rowsOfRecord, type TailRow } from '../../src/core/tail/rows';
import { startKinesalite, startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';

const KEYS = 200;

function* ndjson(count: number, pad = ''): Generator<string> {
  const perKey = new Array<number>(KEYS).fill(0);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const key = `k${(i * 7919) % KEYS}`;
    const n = perKey[(i * 7919) % KEYS]++;
    chunk += `{"key":"${key}","n":${n}${pad ? `,"pad":"${pad}"` : ''}}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Every record of every shard from TRIM_HORIZON, through the tail's reader and row decoding (KPL included). */
async function tailAll(gateway: KinesisGateway, target: ConnectionTarget, stream: string, expected: number): Promise<TailRow[]> {
  const rows: TailRow[] = [];
  let id = 0;
  let failure: string | undefined;
  const tail = createStreamTail(gateway, { target, stream, start: { type: 'TRIM_HORIZON' }, idlePollIntervalMs: 200 }, (event) => {
    if (event.kind === 'records') for (const record of event.records as ReceivedRecord[]) rows.push(...rowsOfRecord(event.shardId, record, () => id++));
    if (event.kind === 'error' && event.fatal) failure = event.error.message;
  });
  tail.start();
  const deadline = Date.now() + 60_000;
  while (rows.length < expected && !failure && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await tail.stop();
  assert.equal(failure, undefined);
  return rows;
}

/** Asserts that every key's `n` runs 0, 1, 2, … in the order read (per shard order is per key order). */
function assertPerKeyOrder(rows: readonly TailRow[], total: number): void {
  const next = new Map<string, number>();
  for (const row of rows) {
    const value = JSON.parse(Buffer.from(row.data).toString('utf8')) as { key: string; n: number };
    assert.equal(row.partitionKey, value.key);
    const expected = next.get(value.key) ?? 0;
    assert.equal(value.n, expected, `key ${value.key}: got n=${value.n} after ${expected - 1}`);
    next.set(value.key, expected + 1);
  }
  assert.equal([...next.values()].reduce((a, b) => a + b, 0), total);
}

describe('paced put through the shard-limit simulator (kinesalite)', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;

  before(async () => {
    emulator = await startKinesalite();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint, limits: { recordsPerSecond: 600, bytesPerSecond: 1024 * 1024 } });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    for (const stream of ['paced', 'aggregated']) await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 4 });
    for (let i = 0; i < 100; i++) {
      const statuses = await Promise.all(['paced', 'aggregated'].map(async (s) => (await gateway.describeStream(target, s)).status));
      if (statuses.every((s) => s === 'ACTIVE')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('puts 30,000 records completely and in per-key order while being throttled and adapting', async () => {
    const total = 30_000;
    const result = await putRecordsFromSource({
      gateway, target, stream: 'paced',
      source: readRecords(ndjson(total), { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } }),
      // The pacer believes in AWS's 1,000/s a shard; the simulator allows 600.
      pacing: true,
      maxAttempts: 20,
    });
    assert.equal(result.error, undefined);
    assert.equal(result.sent, total, JSON.stringify({ ...result, sentRanges: undefined, failed: result.failed.slice(0, 3) }));
    assert.equal(result.failedCount, 0);
    assert.ok(proxy.counters.byShard.paced, 'the simulator routed the puts');
    const throttled = Object.values(proxy.counters.byShard.paced).reduce((sum, s) => sum + s.throttled, 0);
    assert.ok(throttled > 0, 'the simulator throttled some entries (the limit was really reached)');
    assert.equal(result.retried, throttled, 'every throttled entry was re-sent once per throttle');
    // Every shard the simulator throttled had its rate cut below the ceiling the pacer started with.
    for (const shard of result.pacing!) {
      if (proxy.counters.byShard.paced[shard.shardId].throttled > 0) assert.ok(shard.decreases > 0 && shard.fraction < 1, JSON.stringify(shard));
    }
    assertPerKeyOrder(await tailAll(gateway, target, 'paced', total), total);
  });

  it('aggregated records are read back by the tail as the user records, in per-key order', async () => {
    const total = 20_000;
    const pad = 'x'.repeat(70); // ~100-byte records
    const result = await putRecordsFromSource({
      gateway, target, stream: 'aggregated',
      source: readRecords(ndjson(total, pad), { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } }),
      pacing: true,
      aggregate: true,
    });
    assert.equal(result.error, undefined);
    assert.equal(result.sent, total);
    // 20,000 records of ~100 B fit in a few dozen aggregates of ≤ 1 MiB.
    assert.ok(result.kinesisRecordsSent! < 100, `${result.kinesisRecordsSent} Kinesis records`);
    const rows = await tailAll(gateway, target, 'aggregated', total);
    assert.ok(rows.every((r) => r.subSequenceNumber !== undefined), 'every row is a KPL user record');
    assertPerKeyOrder(rows, total);
  });
});

describe('100,000 records through the simulator into kinesis-local, aggregated', { timeout: 120_000 }, () => {
  // kinesis-local stores ~800 Kinesis records/s: unaggregated, 100,000 would take two minutes. Aggregated
  // (256 KiB aggregates while paced), they are ~50 Kinesis records, so the run is bounded by the
  // simulator's byte budget, not the emulator.
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;

  before(async () => {
    emulator = await startKinesisLocal();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    await gateway.createStream(target, { name: 'hundred-k', mode: 'PROVISIONED', shardCount: 4 });
    await gateway.waitForActive(target, 'hundred-k', 30_000);
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('arrives complete and in per-key order, read back by the tail as user records', async () => {
    const total = 100_000;
    const started = performance.now();
    const result = await putRecordsFromSource({
      gateway, target, stream: 'hundred-k',
      source: readRecords(ndjson(total, 'x'.repeat(40)), { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } }),
      pacing: true,
      aggregate: true,
    });
    assert.equal(result.error, undefined);
    assert.equal(result.sent, total);
    assert.equal(result.failedCount, 0);
    assert.ok(result.kinesisRecordsSent! < 200, `${result.kinesisRecordsSent} Kinesis records`);
    assert.ok(proxy.counters.accepted > 0 && proxy.counters.unrouted === 0, JSON.stringify(proxy.counters));
    const rows = await tailAll(gateway, target, 'hundred-k', total);
    assert.ok(rows.every((r) => r.subSequenceNumber !== undefined), 'every row is a KPL user record');
    assertPerKeyOrder(rows, total);
    assert.ok(performance.now() - started < 60_000, `${Math.round(performance.now() - started)} ms`);
  });
});
