import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PutRecordsEntry, PutRecordsEntryResult } from '../../../src/core/kinesis/gateway';
import {
  DEFAULT_MAX_BATCH_BYTES, entrySize, putEntries, RecordBatcher, type Batch, type EntryOutcome, type PutEntriesOptions,
} from '../../../src/core/kinesis/putRecords';
import { connectionReset, notFound, TARGET, THROTTLED, throttling } from '../bulkPut/helpers';
import { FakeKinesisGateway } from '../../support/fakeKinesisGateway';

function fill(batcher: RecordBatcher<number>, sizes: number[]): { batches: Batch<number>[]; last?: Batch<number> } {
  const batches: Batch<number>[] = [];
  sizes.forEach((size, i) => batches.push(...batcher.add(i, size)));
  return { batches, last: batcher.flush() };
}

describe('RecordBatcher', () => {
  it('closes a batch at exactly 500 records, as soon as the 500th arrives', () => {
    const batcher = new RecordBatcher<number>();
    let completed: readonly Batch<number>[] = [];
    for (let i = 0; i < 500; i++) {
      completed = batcher.add(i, 10);
      if (i < 499) assert.equal(completed.length, 0);
    }
    assert.equal(completed.length, 1);
    assert.equal(completed[0].entries.length, 500);
    assert.equal(completed[0].bytes, 5000);
    assert.equal(batcher.flush(), undefined);
  });

  it('splits 1,001 records into 500 + 500 + 1', () => {
    const { batches, last } = fill(new RecordBatcher<number>(), Array(1001).fill(1));
    assert.deepEqual([...batches.map((b) => b.entries.length), last?.entries.length], [500, 500, 1]);
  });

  it('fills up to exactly the byte limit, and starts a new batch one byte over', () => {
    const exact = fill(new RecordBatcher<number>({ maxBytes: 100 }), [40, 60, 1]);
    assert.deepEqual(exact.batches.map((b) => [b.entries, b.bytes]), [[[0, 1], 100]]);
    assert.deepEqual(exact.last?.entries, [2]);

    const over = fill(new RecordBatcher<number>({ maxBytes: 100 }), [40, 61]);
    assert.deepEqual(over.batches.map((b) => b.entries), [[0]]);
    assert.deepEqual(over.last?.entries, [1]);
  });

  it('returns two batches when an entry overflows the current batch and also fills one alone', () => {
    const batcher = new RecordBatcher<number>({ maxRecords: 1, maxBytes: 100 });
    assert.deepEqual(batcher.add(0, 10).map((b) => b.entries), [[0]]);
    assert.deepEqual(batcher.add(1, 10).map((b) => b.entries), [[1]]);
    const twoAtOnce = new RecordBatcher<number>({ maxRecords: 2, maxBytes: 100 });
    twoAtOnce.add(0, 90);
    assert.deepEqual(twoAtOnce.add(1, 100).map((b) => b.entries), [[0]]);
  });

  it('refuses an entry larger than a request and invalid limits', () => {
    assert.throws(() => new RecordBatcher<number>({ maxBytes: 10 }).add(0, 11), /cannot fit/);
    assert.throws(() => new RecordBatcher<number>({ maxRecords: 501 }), /1 to 500/);
    assert.throws(() => new RecordBatcher<number>({ maxRecords: 0 }), /1 to 500/);
    assert.throws(() => new RecordBatcher<number>({ maxBytes: 0 }), /positive/);
  });

  it('counts data plus the partition key in UTF-8 bytes; defaults to 5 MiB', () => {
    assert.equal(entrySize('é', Buffer.from('abc')), 5);
    assert.equal(DEFAULT_MAX_BATCH_BYTES, 5 * 1024 * 1024);
    assert.equal(new RecordBatcher().maxBytes, DEFAULT_MAX_BATCH_BYTES);
  });
});


const entry = (i: number): PutRecordsEntry => ({ partitionKey: `k${i}`, data: Buffer.from(`{"i":${i}}`) });
const entries = (count: number) => Array.from({ length: count }, (_, i) => entry(i));

function put(gateway: PutEntriesOptions<PutRecordsEntry>['gateway'], list: readonly PutRecordsEntry[], options: Partial<PutEntriesOptions<PutRecordsEntry>> = {}) {
  return putEntries({ gateway, target: TARGET, stream: 'orders', entries: list, retry: { baseDelayMs: 1, random: () => 0.5 }, ...options });
}

const statuses = (outcomes: readonly EntryOutcome[]) => outcomes.map((o) => o.status);

describe('putEntries: the one PutRecords retry loop', () => {
  it('re-sends only entries with a retryable code; the others fail at once, and give-ups say so', async () => {
    const kms: PutRecordsEntryResult = { ok: false, errorCode: 'KMSAccessDeniedException', errorMessage: 'No access to the key.' };
    const missing = { ok: false as const, errorCode: 'MissingResult' };
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber, entries: sent }) => sent.map((e) => {
      if (e.partitionKey === 'k1') return THROTTLED;
      if (e.partitionKey === 'k2') return kms;
      if (e.partitionKey === 'k3' && callNumber === 0) return missing;
      return 'ok';
    }) });
    const result = await put(gateway, entries(4), { retry: { maxAttempts: 3, baseDelayMs: 1, random: () => 0 } });
    assert.deepEqual(gateway.calls.map((c) => c.keys), [['k0', 'k1', 'k2', 'k3'], ['k1', 'k3'], ['k1']]);
    assert.deepEqual(statuses(result.outcomes), ['sent', 'failed', 'failed', 'sent']);
    assert.deepEqual(result.outcomes[1], { status: 'failed', errorCode: 'ProvisionedThroughputExceededException', message: 'Rate exceeded for shard shardId-000000000000.', attempts: 3, retriesExhausted: true });
    assert.deepEqual(result.outcomes[2], { status: 'failed', errorCode: 'KMSAccessDeniedException', message: 'No access to the key.', attempts: 1, retriesExhausted: false });
    assert.equal(result.retried, 3);
    assert.equal(result.requests, 3);
    assert.equal(result.stoppedBy, undefined, 'per-entry failures do not end the batch');
  });

  it('treats an entry the response has no result for as retryable', async () => {
    // The first answer is one entry short.
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber, entries: sent }) => (callNumber === 0 ? sent.slice(0, -1).map(() => 'ok' as const) : 'ok') });
    const result = await put(gateway, entries(2));
    assert.equal(gateway.calls.length, 2);
    assert.deepEqual(gateway.calls.map((c) => c.keys), [['k0', 'k1'], ['k1']]);
    assert.deepEqual(result.outcomes.map((o) => (o.status === 'sent' ? o.sequenceNumber : o.status)), ['1001', '1002']);
  });

  it('a request refused as a whole leaves its entries notSent with the cause, and stops the batch', async () => {
    const gateway = new FakeKinesisGateway({ putScript: () => notFound() });
    const order: string[] = [];
    const result = await put(gateway, entries(2), {
      observer: { stopping: (error) => order.push(`stopping ${error.code}`), settled: (e, o) => void order.push(`${e.partitionKey} ${o.status}`) },
    });
    assert.equal(gateway.calls.length, 1, 'not retried');
    assert.equal(result.stoppedBy?.code, 'ResourceNotFoundException');
    assert.deepEqual(result.outcomes, [0, 1].map(() => ({ status: 'notSent', cause: { code: 'ResourceNotFoundException', message: 'PutRecords: not found.' } })));
    assert.deepEqual(order, ['stopping ResourceNotFoundException', 'k0 notSent', 'k1 notSent'], 'the caller hears of the stop before the entries settle');
  });

  it('a retryable request failure on every attempt stops the batch: unknown after no answer, notSent after a definite 4xx', async () => {
    const reset = await put(new FakeKinesisGateway({ putScript: () => connectionReset() }), entries(2), { retry: { maxAttempts: 3, baseDelayMs: 1, random: () => 0 } });
    assert.deepEqual(statuses(reset.outcomes), ['unknown', 'unknown']);
    assert.match(reset.stoppedBy!.message, /^PutRecords failed 3 times in a row; stopped\. The network connection failed/);
    assert.equal(reset.stoppedBy!.retryable, true);
    assert.deepEqual(reset.outcomes[0], { status: 'unknown', cause: { code: 'NetworkError', message: reset.stoppedBy!.message } });
    assert.equal(reset.retried, 4);
    assert.equal(reset.requests, 0, 'no request was answered');

    const throttled = await put(new FakeKinesisGateway({ putScript: () => throttling() }), entries(1), { retry: { maxAttempts: 2, baseDelayMs: 1, random: () => 0 } });
    assert.deepEqual(throttled.outcomes[0], { status: 'notSent', cause: { code: 'ThrottlingException', message: 'PutRecords failed 2 times in a row; stopped. PutRecords was throttled.' } });
  });

  it('recovers from retryable request failures with the unacknowledged entries', async () => {
    const errors = [throttling(), connectionReset()];
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => errors[callNumber] ?? 'ok' });
    const result = await put(gateway, entries(3));
    assert.equal(gateway.calls.length, 3);
    assert.deepEqual(statuses(result.outcomes), ['sent', 'sent', 'sent']);
    assert.equal(result.retried, 6);
    assert.equal(result.requests, 1);
  });

  it('a stop during the backoff after an unanswered attempt leaves the entries unknown (they may be stored)', async () => {
    const stop = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => {
      setTimeout(() => stop.abort(), 10);
      return connectionReset();
    } });
    const started = performance.now();
    const result = await put(gateway, entries(2), { stopSignal: stop.signal, retry: { baseDelayMs: 60_000, random: () => 0.99 } });
    assert.ok(performance.now() - started < 5_000, 'the backoff was cut short');
    assert.equal(gateway.calls.length, 1);
    assert.deepEqual(result.outcomes, [{ status: 'unknown' }, { status: 'unknown' }]);
    assert.equal(result.retried, 0, 'a re-send that never started is not counted');
  });

  it('a stop during the backoff after a per-entry throttle leaves the throttled entries notSent', async () => {
    const stop = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => {
      setTimeout(() => stop.abort(), 10);
      return [THROTTLED, 'ok'];
    } });
    const result = await put(gateway, entries(2), { stopSignal: stop.signal, retry: { baseDelayMs: 60_000, random: () => 0.99 } });
    assert.deepEqual(statuses(result.outcomes), ['notSent', 'sent']);
    assert.equal(result.stoppedBy, undefined);
  });

  it('a request abandoned in flight leaves its entries unknown; a stop before the first attempt sends nothing', async () => {
    const abort = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: () => 'ok', putLatencyMs: 60_000 });
    setTimeout(() => abort.abort(), 10);
    const result = await put(gateway, entries(2), { stopSignal: abort.signal, requestSignal: abort.signal });
    assert.deepEqual(statuses(result.outcomes), ['unknown', 'unknown']);
    assert.equal(result.stoppedBy, undefined, 'a cancel is not a failure');

    const idle = new FakeKinesisGateway();
    const stopped = await put(idle, entries(2), { stopSignal: AbortSignal.abort() });
    assert.equal(idle.calls.length, 0);
    assert.deepEqual(stopped.outcomes, [{ status: 'notSent' }, { status: 'notSent' }]);
  });

  it('reports every request to the observer and waits for a settled promise before going on', async () => {
    const events: string[] = [];
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber === 0 ? [THROTTLED, 'ok'] : 'ok') });
    await put(gateway, entries(2), {
      observer: {
        requestStarted: (count, attempt) => events.push(`start ${count} #${attempt}`),
        requestEnded: (count, answered) => events.push(`end ${count} ${answered}`),
        settled: async (e, o) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          events.push(`${e.partitionKey} ${o.status}`);
        },
      },
    });
    assert.deepEqual(events, ['start 2 #1', 'k1 sent', 'end 2 true', 'start 1 #2', 'k0 sent', 'end 1 true']);
  });

  it('waits with exponential backoff and full jitter under the cap', async () => {
    const draws: number[] = [];
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber < 3 ? [THROTTLED] : 'ok') });
    const started = performance.now();
    // Ceilings 40, 80, 160 ms capped at 100; the draw 0.5 halves them: 20 + 40 + 50 = 110 ms.
    await put(gateway, entries(1), { retry: { baseDelayMs: 40, maxDelayMs: 100, random: () => (draws.push(0.5), 0.5) } });
    const elapsed = performance.now() - started;
    assert.equal(draws.length, 3);
    assert.ok(elapsed >= 105, `waited ${elapsed} ms`);
    assert.ok(elapsed < 2_000, `waited ${elapsed} ms`);
  });

  it('sends a single record with PutRecord when asked, sharing the retries', async () => {
    // The first PutRecord is throttled (the fake throws it as a retryable KinesisError).
    const gateway = new FakeKinesisGateway({ putScript: ({ callNumber }) => (callNumber === 0 ? [THROTTLED] : 'ok') });
    const result = await put(gateway, [{ ...entry(0), explicitHashKey: '42' }], { api: 'putRecord' });
    assert.equal(gateway.callsOf('PutRecords').length, 0, 'PutRecords must not be used');
    const singles = gateway.callsOf('PutRecord').flatMap((c) => (c.entries ?? []).map((e) => [c.stream, e.partitionKey, e.explicitHashKey]));
    assert.deepEqual(singles, [['orders', 'k0', '42'], ['orders', 'k0', '42']]);
    assert.deepEqual(gateway.stored.map((s) => [s.stream, s.partitionKey, s.explicitHashKey, s.alone]), [['orders', 'k0', '42', true]]);
    assert.deepEqual(result.outcomes, [{ status: 'sent', shardId: 'shardId-000000000000', sequenceNumber: '1001' }]);
    assert.equal(result.retried, 1);
    await assert.rejects(put(gateway, entries(2), { api: 'putRecord' }), /exactly one record/);
    await assert.rejects(put({ putRecords: gateway.putRecords.bind(gateway) }, entries(1), { api: 'putRecord' }), /needs a gateway with putRecord/);
  });
});
