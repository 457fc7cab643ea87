/**
 * Put from file end to end: a 20,000-record NDJSON file through the fault proxy (connection resets
 * before and after forwarding, HTTP 500s, per-entry ProvisionedThroughputExceeded) into kinesalite,
 * then every shard read back from TRIM_HORIZON. Every record must be there; duplicates are expected
 * (an injected throttle or a reset after forwarding hides a record the emulator did store) and are
 * counted, never treated as loss.
 *
 * The `.kinesis` "Put all" path (sendRecords) goes through the same PutRecords loop and the same proxy.
 *
 * kinesalite rather than kinesis-local: the fault proxy works the same in front of both, and
 * kinesis-local slows to ~800 records/s as a stream grows, which would take this test past a minute.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { putRecordsFromSource, type PutProgress } from '../../src/core/bulkPut/putFromSource';
import { openDataFile } from '../../src/core/bulkPut/recordSource';
import { sendRecords, type PreparedRecord } from '../../src/core/recordFile/send';
import { startKinesalite, type TestEmulator } from '../support/emulators';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';

/** 20,000 in `npm test`; bench/faults.bench.mjs runs this suite at 100,000 (PUT_FROM_FILE_RECORDS). */
const RECORDS = Number(process.env.PUT_FROM_FILE_RECORDS ?? 20_000);
const STREAM = 'put-from-file';
const SHARDS = 4;

/** Every record of every shard, from the oldest. */
async function readStream(gateway: KinesisGateway, target: ConnectionTarget, stream: string): Promise<{ data: string; partitionKey: string }[]> {
  const records: { data: string; partitionKey: string }[] = [];
  for (const shard of await gateway.listShards(target, stream)) {
    let iterator: string | undefined = await gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
    while (iterator) {
      const page = await gateway.getRecords(target, iterator, 10_000);
      for (const r of page.records) records.push({ data: Buffer.from(r.data).toString('utf8'), partitionKey: r.partitionKey });
      // An open shard always returns a next iterator; an empty page means we are at its tip.
      if (page.records.length === 0) break;
      iterator = page.nextIterator;
    }
  }
  return records;
}

describe('put from file through the fault proxy', { timeout: 120_000 * Math.max(1, RECORDS / 20_000) }, () => {
  let emulator: TestEmulator;
  let proxy: FaultProxy;
  let dir: string;
  let file: string;
  /** No SDK retries: every injected fault reaches the pipeline's own retry logic. */
  let gateway: KinesisGateway;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'put-from-file-'));
    file = path.join(dir, 'records.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < RECORDS; i++) lines.push(JSON.stringify({ i, user: { id: `user-${i % 97}` }, note: 'brackets ] [ and "quotes" survive' }));
    writeFileSync(file, lines.join('\n') + '\n');

    emulator = await startKinesalite();
    proxy = await startFaultProxy({ upstream: emulator.endpoint, seed: 2024, operations: ['PutRecords'] });
    gateway = createAwsGateway({ logger: nullLogger, maxAttempts: 1 });
    await gateway.createStream(emulator.target, { name: STREAM, mode: 'PROVISIONED', shardCount: SHARDS });
    await gateway.waitForActive(emulator.target, STREAM, 10_000);
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores every record at least once despite resets, 500s and per-entry throttles; duplicates are counted', async (t) => {
    proxy.configure({ rates: { resetBeforeForward: 0.04, resetAfterForward: 0.04, http500: 0.04, throttleEntry: 0.03 } });
    // Which request meets which random fault depends on timing; force one of each so every kind is exercised.
    proxy.forceNext('resetBeforeForward');
    proxy.forceNext('http500');
    proxy.forceNext('resetAfterForward');
    const progress: PutProgress[] = [];
    const result = await putRecordsFromSource({
      gateway,
      target: { ...emulator.target, endpoint: proxy.endpoint },
      stream: STREAM,
      source: openDataFile(file, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } }),
      concurrency: 4,
      baseDelayMs: 20,
      onProgress: (p) => progress.push(p),
    });
    proxy.configure({ rates: {} });
    const faults = { ...proxy.counters };

    assert.equal(result.error, undefined, result.error?.message);
    assert.equal(result.cancelled, false);
    assert.equal(result.recordsRead, RECORDS);
    assert.equal(result.sent, RECORDS);
    assert.equal(result.failedCount, 0);
    assert.deepEqual(result.sentRanges.map((r) => [r.from, r.to, r.fromLine, r.toLine]), [[0, RECORDS - 1, 1, RECORDS]]);
    assert.ok(result.retried > 0, 'entries were retried');
    assert.ok(faults.resetsBeforeForward > 0 && faults.resetsAfterForward > 0 && faults.http500s > 0 && faults.throttledEntries > 0, JSON.stringify(faults));
    assert.ok(progress.length > 0 && progress[progress.length - 1].done);

    const stored = await readStream(gateway, emulator.target, STREAM);
    const copies = new Map<number, number>();
    for (const record of stored) {
      const value = JSON.parse(record.data) as { i: number; user: { id: string } };
      assert.equal(record.partitionKey, value.user.id, 'the key comes from the user.id field');
      copies.set(value.i, (copies.get(value.i) ?? 0) + 1);
    }
    const missing = Array.from({ length: RECORDS }, (_, i) => i).filter((i) => !copies.has(i));
    assert.deepEqual(missing, [], 'no record is lost');
    assert.equal(copies.size, RECORDS);
    const duplicates = stored.length - RECORDS;
    // Each injected throttle hid a record the emulator had stored, so its re-send is a duplicate.
    assert.ok(duplicates >= faults.throttledEntries, `${duplicates} duplicates < ${faults.throttledEntries} injected throttles`);

    const summary =
      `${RECORDS} records, ${stored.length} stored, ${duplicates} duplicates; ${result.requests} answered requests, ${result.retried} entry retries; ` +
      `faults: ${faults.resetsBeforeForward} resets before forwarding, ${faults.resetsAfterForward} after, ${faults.http500s} HTTP 500s, ` +
      `${faults.throttledEntries} throttled entries; ${Math.round(result.durationMs)} ms`;
    t.diagnostic(summary);
    console.log(`put from file: ${summary}`);
  });

  it('.kinesis Put all stores every record despite the same faults, each outcome sent with its sequence number', async () => {
    const stream = 'record-file-put-all';
    await gateway.createStream(emulator.target, { name: stream, mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(emulator.target, stream, 10_000);
    proxy.configure({ rates: { resetBeforeForward: 0.04, resetAfterForward: 0.04, http500: 0.04, throttleEntry: 0.03 } });
    proxy.forceNext('resetBeforeForward');
    proxy.forceNext('http500');
    proxy.forceNext('resetAfterForward');
    const before = { ...proxy.counters };
    const records: PreparedRecord[] = Array.from({ length: 1_200 }, (_, i) => ({
      blockIndex: i, line: i * 4, region: emulator.target.region, stream, partitionKey: `device-${i % 13}`, data: Buffer.from(JSON.stringify({ i })),
    }));
    // Attempts count per request, and the three forced faults take three of the first batch's.
    const result = await sendRecords({ gateway, targetFor: () => ({ ...emulator.target, endpoint: proxy.endpoint }), records, baseDelayMs: 20, maxAttempts: 8 });
    proxy.configure({ rates: {} });

    assert.equal(result.sent, records.length, JSON.stringify(result.outcomes.filter((o) => o.status !== 'sent').slice(0, 3)));
    assert.ok(result.retried > 0, 'entries were retried');
    assert.ok(proxy.counters.throttledEntries > before.throttledEntries, 'per-entry throttles were injected');
    const sequenceNumbers = result.outcomes.map((o) => (o.status === 'sent' ? o.sequenceNumber : ''));
    assert.ok(sequenceNumbers.every((n) => /^\d+$/.test(n)));
    const stored = new Set((await readStream(gateway, emulator.target, stream)).map((r) => (JSON.parse(r.data) as { i: number }).i));
    assert.equal(stored.size, records.length, 'no record is lost');
  });
});
