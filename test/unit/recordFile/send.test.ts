import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import { sendRecords, StreamNameCache, type PreparedRecord } from '../../../src/core/recordFile';
import { FakeKinesisGateway, perEntry } from '../../support/fakeKinesisGateway';

function record(i: number, stream = 's', region = 'us-east-1', size = 10): PreparedRecord {
  return { blockIndex: i, line: i * 4, region, stream, partitionKey: `k${i}`, data: new Uint8Array(size) };
}

const targetFor = (region: string): ConnectionTarget => ({ region, endpoint: 'http://127.0.0.1:1', localEmulator: true });
const noJitter = () => 0;

// These tests check batching, retries and cancels request by request, so they send unpaced; the
// paced send has its own test at the end (and test/integration/pacedPutReshard.test.ts).
describe('sending record-file records', () => {
  it('groups per (region, stream) in file order and reports shard and sequence number per record', async () => {
    const gateway = new FakeKinesisGateway();
    const records = [record(0, 'a'), record(1, 'b'), record(2, 'a'), record(3, 'a', 'eu-west-1')];
    const result = await sendRecords({ pacing: false, gateway, targetFor, records, random: noJitter });
    assert.deepEqual(gateway.calls.map((c) => [c.region, c.stream, c.keys]), [
      ['us-east-1', 'a', ['k0', 'k2']],
      ['us-east-1', 'b', ['k1']],
      ['eu-west-1', 'a', ['k3']],
    ]);
    assert.equal(result.sent, 4);
    assert.deepEqual(result.outcomes.map((o) => o.status), ['sent', 'sent', 'sent', 'sent']);
    assert.deepEqual(result.outcomes[0], { status: 'sent', shardId: 'shardId-000000000000', sequenceNumber: '1001' });
  });

  it('passes explicit hash keys through', async () => {
    const gateway = new FakeKinesisGateway();
    await sendRecords({ pacing: false, gateway, targetFor, records: [{ ...record(0), explicitHashKey: '42' }], random: noJitter });
    assert.deepEqual(gateway.stored.map((r) => ({ stream: r.stream, key: r.partitionKey, hashKey: r.explicitHashKey })), [{ stream: 's', key: 'k0', hashKey: '42' }]);
  });

  it('batches at most 500 records and 5 MiB per request', async () => {
    const gateway = new FakeKinesisGateway();
    await sendRecords({ pacing: false, gateway, targetFor, records: Array.from({ length: 1001 }, (_, i) => record(i)), random: noJitter });
    assert.deepEqual(gateway.calls.map((c) => c.keys?.length), [500, 500, 1]);
    const big = new FakeKinesisGateway();
    await sendRecords({ pacing: false, gateway: big, targetFor, records: Array.from({ length: 6 }, (_, i) => record(i, 's', 'us-east-1', 1024 * 1024 - 10)), random: noJitter });
    assert.deepEqual(big.calls.map((c) => c.keys?.length), [5, 1]);
    assert.ok(big.calls.every((c) => c.bytes !== undefined && c.bytes <= 5 * 1024 * 1024));
  });

  it('sends a record bigger than a whole batch (a raised maximum record size) alone with PutRecord, in file order', async () => {
    const gateway = new FakeKinesisGateway();
    const records = [record(0), record(1, 's', 'us-east-1', 6 * 1024 * 1024), record(2), record(3)];
    const result = await sendRecords({ pacing: false, gateway, targetFor, records, random: noJitter });
    assert.deepEqual(gateway.callsOf('PutRecord').flatMap((c) => c.keys ?? []), ['k1'], 'only the 6 MiB record goes through PutRecord');
    assert.deepEqual(gateway.calls.map((c) => c.keys), [['k0'], ['k1'], ['k2', 'k3']], 'the batch before it is sent first');
    assert.equal(result.sent, 4);
    assert.deepEqual(result.outcomes[1], { status: 'sent', shardId: 'shardId-000000000000', sequenceNumber: '1002' });
  });

  it('re-sends only entries that failed with a retryable code, and reports those that never succeed', async () => {
    let throttled = 0;
    const gateway = new FakeKinesisGateway({ putScript: perEntry((entry) => {
      if (entry.partitionKey === 'k1' && throttled++ < 2) return { ok: false, errorCode: 'ProvisionedThroughputExceededException', errorMessage: 'slow down' };
      if (entry.partitionKey === 'k2') return { ok: false, errorCode: 'InternalFailure' };
      if (entry.partitionKey === 'k3') return { ok: false, errorCode: 'KMSAccessDeniedException', errorMessage: 'no key' };
      return 'ok';
    }) });
    const result = await sendRecords({ pacing: false, gateway, targetFor, records: [0, 1, 2, 3].map((i) => record(i)), maxAttempts: 4, baseDelayMs: 1, random: noJitter });
    assert.deepEqual(gateway.calls.map((c) => c.keys), [['k0', 'k1', 'k2', 'k3'], ['k1', 'k2'], ['k1', 'k2'], ['k2']]);
    assert.deepEqual(result.outcomes.map((o) => o.status), ['sent', 'sent', 'failed', 'failed']);
    assert.deepEqual(result.outcomes[2], { status: 'failed', errorCode: 'InternalFailure', message: undefined, attempts: 4, retriesExhausted: true });
    assert.deepEqual(result.outcomes[3], { status: 'failed', errorCode: 'KMSAccessDeniedException', message: 'no key', attempts: 1, retriesExhausted: false });
    assert.equal(result.retried, 5);
    assert.equal(result.sent, 2);
    assert.equal(result.failed, 2);
  });

  it('retries a throttled request as a whole; after a non-retryable error the rest of that stream is not sent, with the reason', async () => {
    const gateway = new FakeKinesisGateway({ putScript: perEntry((entry, call) => {
      if (call === 0) return new KinesisError({ message: 'Rate exceeded', code: 'ThrottlingException', operation: 'PutRecords', retryable: true });
      if (entry.partitionKey === 'k0' || entry.partitionKey === 'k1') return 'ok';
      return new KinesisError({ message: 'Stream missing not found', code: 'ResourceNotFoundException', operation: 'PutRecords' });
    }) });
    const records = [record(0), record(1, 'other'), ...Array.from({ length: 501 }, (_, i) => record(i + 2, 'missing'))];
    const result = await sendRecords({ pacing: false, gateway, targetFor, records, baseDelayMs: 1, random: noJitter });
    assert.deepEqual(gateway.calls.map((c) => [c.stream, c.keys?.length]), [['s', 1], ['s', 1], ['other', 1], ['missing', 500]],
      'the second batch of the missing stream is not sent');
    assert.equal(result.sent, 2);
    assert.equal(result.failed, 0, 'Kinesis refused no record on its own');
    assert.equal(result.notSent, 501);
    const cause = { code: 'ResourceNotFoundException', message: 'Stream missing not found' };
    assert.deepEqual(result.outcomes[2], { status: 'notSent', cause }, 'the refused batch');
    assert.deepEqual(result.outcomes[502], { status: 'notSent', cause }, 'the later batch, never sent');
    assert.equal(result.retried, 1);
    assert.equal(result.requests, 2, 'the retried one and the other stream; refused requests are not answers');
  });

  it('stops at a cancel: nothing more is sent and the rest is reported not sent', async () => {
    const abort = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: perEntry((_entry, call) => {
      if (call === 0) abort.abort();
      return 'ok';
    }) });
    const records = [record(0, 'a'), record(1, 'b'), record(2, 'c')];
    const result = await sendRecords({ pacing: false, gateway, targetFor, records, signal: abort.signal, random: noJitter });
    assert.equal(gateway.calls.length, 1);
    assert.ok(result.cancelled);
    assert.deepEqual(result.outcomes.map((o) => o.status), ['sent', 'notSent', 'notSent']);
    assert.equal(result.notSent, 2);
  });

  it('a cancel while a request is in flight leaves its records unknown; after an unanswered attempt too', async () => {
    const abort = new AbortController();
    const gateway = new FakeKinesisGateway({ putScript: perEntry((_entry, call) => {
      if (call === 0) {
        // No answer (a reset), then the user cancels during the backoff: the first request may have been applied.
        setTimeout(() => abort.abort(), 10);
        return new KinesisError({ message: 'socket hang up', code: 'NetworkError', operation: 'PutRecords', retryable: true });
      }
      return 'ok';
    }) });
    const result = await sendRecords({ pacing: false, gateway, targetFor, records: [record(0), record(1, 'other')], signal: abort.signal, baseDelayMs: 60_000, random: () => 0.99 });
    assert.equal(gateway.calls.length, 1);
    assert.ok(result.cancelled);
    assert.deepEqual(result.outcomes.map((o) => o.status), ['unknown', 'notSent']);
  });

  it('reports progress after each request', async () => {
    const seen: string[] = [];
    await sendRecords({ pacing: false, gateway: new FakeKinesisGateway(), targetFor, records: [record(0, 'a'), record(1, 'b')], onProgress: (done, total) => seen.push(`${done}/${total}`) });
    assert.deepEqual(seen, ['1/2', '2/2']);
  });
});

describe('stream name cache', () => {
  function fixture(lists: Record<string, string[] | Error>) {
    let now = 1_000;
    const calls: string[] = [];
    const cache = new StreamNameCache({
      list: async (region) => {
        calls.push(region);
        const answer = lists[region];
        if (answer instanceof Error) throw answer;
        return answer ?? [];
      },
      ttlMs: 30_000,
      now: () => now,
    });
    const changes: string[] = [];
    cache.onDidChange((region) => changes.push(region));
    return { cache, calls, changes, advance: (ms: number) => { now += ms; } };
  }

  it('answers undefined first, loads once in the background, then answers from memory until the TTL', async () => {
    const f = fixture({ 'us-east-1': ['a', 'b'] });
    assert.equal(f.cache.peek('us-east-1'), undefined);
    assert.equal(f.cache.peek('us-east-1'), undefined);
    await f.cache.load('us-east-1');
    assert.deepEqual(f.calls, ['us-east-1'], 'concurrent peeks share one listing');
    assert.deepEqual([...f.cache.peek('us-east-1')!], ['a', 'b']);
    assert.deepEqual(f.changes, ['us-east-1']);
    f.advance(29_999);
    f.cache.peek('us-east-1');
    assert.equal(f.calls.length, 1);
    f.advance(1);
    assert.deepEqual([...f.cache.peek('us-east-1')!], ['a', 'b'], 'a stale list is still answered while it reloads');
    await f.cache.load('us-east-1');
    assert.equal(f.calls.length, 2);
    assert.deepEqual(f.changes, ['us-east-1'], 'an unchanged list does not notify');
  });

  it('remembers a failed listing as unknown (no diagnostic, no retry storm) until the TTL', async () => {
    const f = fixture({ 'eu-west-1': new Error('AccessDenied') });
    f.cache.peek('eu-west-1');
    assert.equal(await f.cache.load('eu-west-1'), undefined);
    f.cache.peek('eu-west-1');
    assert.equal(f.calls.length, 1);
  });

  it('invalidate makes the next peek reload; clear forgets everything', async () => {
    const lists: Record<string, string[]> = { 'us-east-1': ['a'] };
    const f = fixture(lists);
    await f.cache.load('us-east-1');
    lists['us-east-1'] = ['a', 'new'];
    f.cache.invalidate();
    f.cache.peek('us-east-1');
    await f.cache.load('us-east-1');
    assert.deepEqual([...f.cache.peek('us-east-1')!], ['a', 'new']);
    assert.deepEqual(f.changes, ['us-east-1', 'us-east-1']);
    f.cache.clear();
    assert.equal(f.cache.peek('us-east-1'), undefined);
  });

  it('paced (the default with listShards): lists the stream\'s shards and sends at most 50 entries a request with 2 shards (25 per shard, at least 50)', async () => {
    const gateway = new FakeKinesisGateway();
    const half = (2n ** 127n).toString();
    gateway.addStream('us-east-1', 's', { shards: [
      { shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: (2n ** 127n - 1n).toString(), startingSequenceNumber: '1' },
      { shardId: 'shardId-000000000001', startingHashKey: half, endingHashKey: (2n ** 128n - 1n).toString(), startingSequenceNumber: '1' },
    ] });
    const result = await sendRecords({ gateway, targetFor, records: Array.from({ length: 1001 }, (_, i) => record(i)), random: noJitter });
    assert.equal(result.sent, 1001);
    assert.ok(gateway.calls.some((c) => c.op === 'ListShards'), 'the shards were listed');
    const sizes = gateway.calls.filter((c) => c.op === 'PutRecords').map((c) => c.keys!.length);
    assert.ok(sizes.every((n) => n <= 50), `2 shards: ${sizes.join(', ')}`);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 1001);
  });
});
