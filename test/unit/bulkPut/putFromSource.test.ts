import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { PutRecordsEntryResult } from '../../../src/core/kinesis/gateway';
import type { ILogger } from '../../../src/core/logging';
import type { RecordRange } from '../../../src/core/bulkPut/recordRanges';
import { putRecordsFromSource, type PutProgress, type PutRecordsFromSourceOptions, type PutRecordsFromSourceResult } from '../../../src/core/bulkPut/putFromSource';
import { readRecords, type SourceRecord } from '../../../src/core/bulkPut/recordSource';
import { createFailedRecordWriter } from '../../../src/core/bulkPut/resendFormat';
import { collect, connectionReset, notFound, storedIndexes, TARGET, THROTTLED, throttling, validRecords } from './helpers';
import { FakeKinesisGateway } from '../../support/fakeKinesisGateway';

function run(gateway: FakeKinesisGateway, source: AsyncIterable<SourceRecord>, options: Partial<PutRecordsFromSourceOptions> = {}) {
  return putRecordsFromSource({ gateway, target: TARGET, stream: 'orders', source, baseDelayMs: 1, random: () => 0.5, ...options });
}

const indexesOf = (ranges: readonly RecordRange[]) => ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k));

/** Every record read has exactly one outcome. */
function assertPartition(result: PutRecordsFromSourceResult): void {
  const all = [...indexesOf(result.sentRanges), ...indexesOf(result.failedRanges), ...indexesOf(result.notSent), ...indexesOf(result.unknown)].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: result.recordsRead }, (_, i) => i), 'sent, failed, notSent and unknown partition the records read');
  assert.equal(indexesOf(result.sentRanges).length, result.sent);
  assert.equal(indexesOf(result.failedRanges).length, result.failedCount);
}

describe('putRecordsFromSource: sending', () => {
  it('sends everything in batches of at most 500, several in flight, never more than concurrency', async () => {
    const gateway = new FakeKinesisGateway({ putScript: () => 'ok', putLatencyMs: 5 });
    const result = await run(gateway, validRecords(2600), { concurrency: 3 });
    assert.equal(result.sent, 2600);
    assert.equal(result.failedCount, 0);
    assert.equal(result.retried, 0);
    assert.equal(result.requests, 6);
    assert.deepEqual(gateway.calls.map((c) => c.keys?.length), [500, 500, 500, 500, 500, 100]);
    assert.equal(gateway.maxInFlight, 3);
    assert.deepEqual([...storedIndexes(gateway)].sort((a, b) => a - b), Array.from({ length: 2600 }, (_, i) => i));
    assert.deepEqual(result.sentRanges, [{ from: 0, to: 2599, fromLine: 1, toLine: 2600 }]);
    assert.equal(result.cancelled, false);
    assert.equal(result.error, undefined);
    assert.equal(result.unread, undefined);
    assertPartition(result);
  });

  it('keeps memory bounded: reads at most 2 × concurrency batches ahead of what Kinesis acknowledged', async () => {
    const concurrency = 2;
    let maxAhead = 0;
    const gateway = new FakeKinesisGateway({ putScript: () => 'ok', putLatencyMs: 3 });
    await run(gateway, validRecords(20_000, { onYield: (i) => (maxAhead = Math.max(maxAhead, i - gateway.stored.length)) }), { concurrency, batch: { maxRecords: 100 } });
    assert.equal(gateway.stored.length, 20_000);
    // Queued + in flight ≤ 2c - 1 batches, plus the one being filled.
    assert.ok(maxAhead <= 2 * concurrency * 100, `read ${maxAhead} records ahead`);
    assert.ok(maxAhead >= 100, 'the pipeline does read ahead');
  });

  it('reports invalid records as failed, never sends them, and keeps indexes stable', async () => {
    const gateway = new FakeKinesisGateway();
    const source = readRecords(['{"id":"a"}\n{"x":1}\nnot json\n{"id":"b"}\n'], { format: 'ndjson', partitionKey: { kind: 'field', path: 'id' } });
    const seen: string[] = [];
    const result = await run(gateway, source, { onFailedRecord: (f) => void seen.push(`${f.index}:${f.reason}`) });
    assert.equal(result.sent, 2);
    assert.deepEqual(gateway.stored.map((s) => s.text), ['{"id":"a"}', '{"id":"b"}']);
    assert.deepEqual(result.failed.map((f) => [f.index, f.line, f.raw, f.dataKind]), [[1, 2, '{"x":1}', 'json'], [2, 3, 'not json', 'text']]);
    assert.deepEqual(seen, ['1:The record has no field "id" for the partition key.', '2:Line is not valid JSON.']);
    assertPartition(result);
  });

  it('refuses a record whose data plus key exceed the request byte limit', async () => {
    const gateway = new FakeKinesisGateway();
    const source = readRecords(['small\n' + 'x'.repeat(200) + '\n'], { format: 'lines', partitionKey: { kind: 'fixed', value: 'k' } });
    const result = await run(gateway, source, { batch: { maxBytes: 100 } });
    assert.equal(result.sent, 1);
    assert.match(result.failed[0].reason, /201 bytes, more than the 100-byte request limit/);
  });

  it('rejects invalid options', async () => {
    await assert.rejects(run(new FakeKinesisGateway(), validRecords(1), { concurrency: 0 }), /concurrency/);
    await assert.rejects(run(new FakeKinesisGateway(), validRecords(1), { maxAttempts: 1.5 }), /maxAttempts/);
  });
});

describe('putRecordsFromSource: retries', () => {
  it('re-sends only the entries that failed, until they succeed', async () => {
    // Call 0: entries 1 and 3 throttled. Call 1 (the retry of those two): entry 3 throttled again.
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber, entries }) => {
      const ids = entries.map((e) => (JSON.parse(Buffer.from(e.data).toString()) as { i: number }).i);
      if (callNumber === 0) return ids.map((i) => (i === 1 || i === 3 ? THROTTLED : 'ok'));
      if (callNumber === 1) return ids.map((i) => (i === 3 ? THROTTLED : 'ok'));
      return 'ok';
    } });
    const result = await run(gateway, validRecords(5));
    assert.deepEqual(gateway.calls.map((c) => c.keys), [['k0', 'k1', 'k2', 'k3', 'k4'], ['k1', 'k3'], ['k3']]);
    assert.equal(result.sent, 5);
    assert.equal(result.retried, 3);
    assert.deepEqual(storedIndexes(gateway), [0, 2, 4, 1, 3]);
    assertPartition(result);
  });

  it('retries retryable whole-request failures (throttling, resets, 5xx) with the unacknowledged entries', async () => {
    const internal = new KinesisError({ message: 'Kinesis had an internal error.', code: 'InternalFailure', operation: 'PutRecords', retryable: true, httpStatus: 500 });
    const errors = [throttling(), connectionReset(), internal];
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => errors[callNumber] ?? 'ok' });
    const result = await run(gateway, validRecords(10));
    assert.equal(gateway.calls.length, 4);
    assert.equal(result.sent, 10);
    assert.equal(result.retried, 30);
    assert.equal(result.requests, 1, 'only the answered request counts');
  });

  it('waits with exponential backoff and full jitter', async () => {
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber < 3 ? [THROTTLED] : 'ok') });
    const draws: number[] = [];
    const started = performance.now();
    // Ceilings 40, 80, 160 ms; the jitter draw 0.5 halves them: 20 + 40 + 80 = 140 ms.
    await run(gateway, validRecords(1), { baseDelayMs: 40, random: () => (draws.push(0.5), 0.5) });
    const elapsed = performance.now() - started;
    assert.equal(draws.length, 3);
    assert.ok(elapsed >= 135, `waited ${elapsed} ms`);
    // Full jitter can also pick no wait at all.
    const quick = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber < 3 ? [THROTTLED] : 'ok') });
    const t0 = performance.now();
    await run(quick, validRecords(1), { baseDelayMs: 10_000, random: () => 0 });
    assert.ok(performance.now() - t0 < 1000);
  });

  it('gives up on an entry after maxAttempts and reports it with the last error', async () => {
    const gateway = new FakeKinesisGateway({ putScript: ({ entries }) => entries.map((e) => (e.partitionKey === 'k2' ? THROTTLED : 'ok')) });
    const result = await run(gateway, validRecords(4), { maxAttempts: 3 });
    assert.equal(gateway.calls.length, 3);
    assert.equal(result.sent, 3);
    assert.equal(result.retried, 2);
    assert.equal(result.failedCount, 1);
    assert.deepEqual(result.failed.map((f) => [f.index, f.partitionKey, f.raw]), [[2, 'k2', '{"i":2}']]);
    assert.match(result.failed[0].reason, /^ProvisionedThroughputExceededException: Rate exceeded .*gave up after 3 attempts/);
    assert.equal(result.error, undefined, 'a per-entry give-up does not stop the run');
    assertPartition(result);
  });

  it('fails non-retryable entry errors at once, without retrying them', async () => {
    const kms: PutRecordsEntryResult = { ok: false, errorCode: 'KMSAccessDeniedException', errorMessage: 'No access to the key.' };
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber === 0 ? [kms, 'ok'] : 'ok') });
    const result = await run(gateway, validRecords(2));
    assert.equal(gateway.calls.length, 1);
    assert.deepEqual(result.failed.map((f) => [f.index, f.reason]), [[0, 'KMSAccessDeniedException: No access to the key.']]);
  });

  it('stops the run at a non-retryable request error, with a clear error and an exact report', async () => {
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber === 2 ? notFound() : 'ok'), putLatencyMs: 2 });
    const result = await run(gateway, validRecords(10_000), { concurrency: 1, batch: { maxRecords: 100 } });
    assert.ok(result.error instanceof KinesisError);
    assert.equal((result.error as KinesisError).code, 'ResourceNotFoundException');
    assert.equal(gateway.calls.length, 3, 'nothing is sent after the error');
    assert.equal(result.sent, 200);
    assert.deepEqual(result.sentRanges.map((r) => [r.from, r.to]), [[0, 199]]);
    assert.equal(result.notSent[0].from, 200);
    assert.ok(result.unread && result.unread.fromIndex === result.recordsRead);
    assert.ok(result.recordsRead < 10_000);
    assertPartition(result);
  });

  it('stops when a retryable request error outlasts maxAttempts; the records of its last unanswered attempt are unknown', async () => {
    const gateway = new FakeKinesisGateway({ putScript: () => connectionReset() });
    const result = await run(gateway, validRecords(3), { maxAttempts: 4 });
    assert.equal(gateway.calls.length, 4);
    assert.match(result.error!.message, /PutRecords failed 4 times in a row; stopped\. The network connection failed/);
    assert.deepEqual(result.unknown.map((r) => [r.from, r.to]), [[0, 2]]);
    assertPartition(result);
  });
});

describe('putRecordsFromSource: cancellation', () => {
  it('stops reading, lets in-flight requests finish, and reports exactly which records were sent', async () => {
    const controller = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => {
      if (callNumber === 3) controller.abort();
      return 'ok';
    }, putLatencyMs: 5 });
    const result = await run(gateway, validRecords(100_000), { concurrency: 2, batch: { maxRecords: 100 }, signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.equal(result.error, undefined);
    // The cancel came as call 3 started: calls 2 and 3 were in flight and finish; nothing starts after.
    assert.equal(gateway.calls.length, 4);
    const stored = new Set(storedIndexes(gateway));
    assert.equal(result.sent, stored.size);
    assert.deepEqual(indexesOf(result.sentRanges), [...stored].sort((a, b) => a - b), 'sent = exactly what Kinesis stored');
    assert.equal(result.sent, 400);
    assert.equal(result.unknown.length, 0);
    assert.equal(indexesOf(result.notSent).length, result.recordsRead - 400, 'whatever was read ahead was not sent');
    assert.deepEqual(result.unread, { fromIndex: result.recordsRead, afterLine: result.recordsRead });
    assertPartition(result);
  });

  it('does not retry after a cancel: throttled entries of a finishing request are not sent', async () => {
    const controller = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: ({ entries }) => {
      controller.abort();
      return entries.map((e, i) => (i % 2 ? THROTTLED : 'ok'));
    } });
    const result = await run(gateway, validRecords(4), { signal: controller.signal });
    assert.equal(gateway.calls.length, 1);
    assert.deepEqual(indexesOf(result.sentRanges), [0, 2]);
    assert.deepEqual(indexesOf(result.notSent), [1, 3]);
    assert.equal(result.retried, 0);
    assertPartition(result);
  });

  it('aborts requests still in flight after the grace period; their records are unknown', async () => {
    const controller = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => 'ok', putLatencyMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const result = await run(gateway, validRecords(1000), { concurrency: 2, batch: { maxRecords: 100 }, signal: controller.signal, cancelGraceMs: 30 });
    assert.ok(performance.now() - started < 5_000);
    assert.equal(result.sent, 0);
    assert.deepEqual(result.unknown.map((r) => [r.from, r.to]), [[0, 199]]);
    assert.ok(result.notSent[0].from === 200);
    assertPartition(result);
  });

  it('cut short a backoff: entries waiting to retry after a per-entry throttle are not sent', async () => {
    const controller = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => [THROTTLED, 'ok'] });
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const result = await run(gateway, validRecords(2), { signal: controller.signal, baseDelayMs: 60_000, random: () => 0.99 });
    assert.ok(performance.now() - started < 5_000, 'the backoff sleep was interrupted');
    assert.deepEqual(indexesOf(result.sentRanges), [1]);
    assert.deepEqual(indexesOf(result.notSent), [0]);
    assertPartition(result);
  });

  it('after a connection reset, entries waiting to retry at the cancel are unknown (the request may have been applied)', async () => {
    const controller = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => connectionReset() });
    setTimeout(() => controller.abort(), 30);
    const result = await run(gateway, validRecords(3), { signal: controller.signal, baseDelayMs: 60_000, random: () => 0.99 });
    assert.deepEqual(indexesOf(result.unknown), [0, 1, 2]);
    assertPartition(result);
  });

  it('reads nothing when already cancelled', async () => {
    const gateway = new FakeKinesisGateway();
    const result = await run(gateway, validRecords(10), { signal: AbortSignal.abort() });
    assert.equal(result.recordsRead, 0);
    assert.equal(gateway.calls.length, 0);
    assert.deepEqual(result.unread, { fromIndex: 0, afterLine: 0 });
  });
});

describe('putRecordsFromSource: input errors, progress, logging, failed-records file', () => {
  it('sends what was read before a broken JSON array, then reports where reading broke', async () => {
    const gateway = new FakeKinesisGateway();
    const source = readRecords(['[{"i":0},{"i":1},\n{"i":2} {"i":3}]'], { format: 'json-array', partitionKey: { kind: 'random' } });
    const result = await run(gateway, source);
    assert.equal(result.sent, 3);
    assert.match(result.error!.message, /Line 2: expected "," or "]"/);
    assert.deepEqual(result.unread, { fromIndex: 3, afterLine: 2 });
    assertPartition(result);
  });

  it('throttles progress events and always ends with a done event', async () => {
    const events: PutProgress[] = [];
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber, entries }) => (callNumber === 0 ? entries.map((_, i) => (i === 0 ? THROTTLED : 'ok')) : 'ok'), putLatencyMs: 1 });
    await run(gateway, validRecords(5000), { batch: { maxRecords: 10 }, onProgress: (p) => events.push(p), progressIntervalMs: 50 });
    const last = events[events.length - 1];
    assert.equal(last.done, true);
    assert.equal(last.sent, 5000);
    assert.equal(last.recordsRead, 5000);
    assert.equal(last.retried, 1);
    assert.equal(last.inFlightRequests, 0);
    assert.ok(events.length < 5000 / 10, `${events.length} events for 500 requests`);
    for (let k = 2; k < events.length - 1; k++) assert.ok(events[k].elapsedMs - events[k - 1].elapsedMs >= 49, 'at most one event per interval');
  });

  it('never logs partition keys or record data', async () => {
    const lines: string[] = [];
    const log = (m: string | Error) => void lines.push(String(m));
    const logger: ILogger = { trace: log, debug: log, info: log, warn: log, error: log };
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber === 0 ? [THROTTLED, 'ok'] : callNumber === 1 ? notFound() : 'ok') });
    const source = readRecords(['{"key":"SECRET-KEY-1","v":"SECRET-DATA"}\n{"key":"SECRET-KEY-2","v":"SECRET-DATA"}\n{"v":"SECRET-DATA"}\n'], { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } });
    await run(gateway, source, { logger });
    assert.ok(lines.length >= 3);
    assert.ok(lines.every((l) => !l.includes('SECRET')), lines.join('\n'));
  });

  it('writes failed records to a resend file that the reader sends again with the same keys and bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'resend-'));
    try {
      const file = path.join(dir, 'failed.ndjson');
      const writer = createFailedRecordWriter(file);
      const input = '{"k":"a","n":1.50}\n{"k":"b"}\n{"nokey":true}\n{"k":"d"}\n';
      const gateway = new FakeKinesisGateway({ putScript: ({ entries }) => entries.map((e) => (e.partitionKey === 'b' ? THROTTLED : 'ok')) });
      const first = await run(gateway, readRecords([input], { format: 'ndjson', partitionKey: { kind: 'field', path: 'k' } }), { maxAttempts: 2, onFailedRecord: (f) => writer.write(f) });
      await writer.close();
      assert.equal(first.failedCount, 2);
      assert.equal(writer.written, 2);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 2);

      const again = new FakeKinesisGateway();
      const resent = await collect(readRecords([readFileSync(file)], { format: 'ndjson', partitionKey: { kind: 'fixed', value: 'chosen-now' } }));
      assert.deepEqual(resent.map((r) => [r.partitionKey, r.data?.toString()]), [['chosen-now', '{"nokey":true}'], ['b', '{"k":"b"}']]);
      const second = await run(again, readRecords([readFileSync(file)], { format: 'ndjson', partitionKey: { kind: 'fixed', value: 'chosen-now' } }));
      assert.equal(second.sent, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds the failed list in the result but passes every failure to the callback', async () => {
    let seen = 0;
    async function* invalid(): AsyncGenerator<SourceRecord> {
      for (let i = 0; i < 50; i++) yield { index: i, line: i + 1, dataKind: 'text', data: Buffer.from('x'), error: 'bad' };
    }
    const result = await run(new FakeKinesisGateway(), invalid(), { maxFailedInResult: 10, onFailedRecord: () => void seen++ });
    assert.equal(result.failedCount, 50);
    assert.equal(result.failed.length, 10);
    assert.equal(seen, 50);
  });
});
