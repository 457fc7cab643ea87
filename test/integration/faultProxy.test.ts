/**
 * The fault proxy in front of a real emulator (kinesalite: fast data plane), and how the gateway
 * surfaces each injected fault.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import { KinesisError } from '../../src/core/kinesis/errors';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { startKinesalite, type TestEmulator } from '../support/emulators';
import { seededRandom, startFaultProxy, type FaultProxy } from '../support/faultProxy';

async function readAll(gateway: KinesisGateway, target: ConnectionTarget, stream: string): Promise<string[]> {
  const data: string[] = [];
  for (const shard of await gateway.listShards(target, stream)) {
    let iterator: string | undefined = await gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
    while (iterator) {
      const page = await gateway.getRecords(target, iterator, 10_000);
      data.push(...page.records.map((r) => Buffer.from(r.data).toString('utf8')));
      if (page.records.length === 0) break;
      iterator = page.nextIterator;
    }
  }
  return data;
}

describe('fault proxy in front of kinesalite', { timeout: 60_000 }, () => {
  let emulator: TestEmulator;
  let proxy: FaultProxy;
  let direct: ConnectionTarget;
  let viaProxy: ConnectionTarget;
  /** The SDK's own retries hide resets and 500s; this gateway does not retry, so faults surface. */
  let noRetry: KinesisGateway;
  let withRetry: KinesisGateway;

  before(async () => {
    emulator = await startKinesalite();
    proxy = await startFaultProxy({ upstream: emulator.endpoint, seed: 42 });
    direct = emulator.target;
    viaProxy = { ...emulator.target, endpoint: proxy.endpoint };
    noRetry = createAwsGateway({ logger: nullLogger, maxAttempts: 1 });
    withRetry = createAwsGateway({ logger: nullLogger, maxAttempts: 3 });
    await withRetry.createStream(direct, { name: 'faults', mode: 'PROVISIONED', shardCount: 2 });
    await withRetry.waitForActive(direct, 'faults', 10_000);
  });

  after(async () => {
    noRetry?.dispose();
    withRetry?.dispose();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('maps kinesalite\'s unsupported operations to UnsupportedByEmulator', async () => {
    const err = await noRetry.updateShardCount(direct, 'faults', 4).then(() => assert.fail('expected an error'), (e: unknown) => e);
    assert.ok(err instanceof KinesisError);
    assert.equal(err.code, 'UnsupportedByEmulator');
    assert.match(err.message, /not supported by this local emulator/);
  });

  it('is deterministic for a seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const seqA = Array.from({ length: 5 }, a);
    assert.deepEqual(seqA, Array.from({ length: 5 }, b));
    assert.notDeepEqual(seqA, Array.from({ length: 5 }, c));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  it('returns per-entry ProvisionedThroughputExceeded failures from PutRecords, while the emulator kept every record', async () => {
    proxy.resetCounters();
    proxy.configure({ rates: { throttleEntry: 0.3 } });
    const entries = Array.from({ length: 100 }, (_, i) => ({ partitionKey: `k${i}`, data: Buffer.from(`r${i}`) }));
    const result = await noRetry.putRecords(viaProxy, 'faults', entries);
    proxy.configure({ rates: {} });

    assert.ok(result.failedCount > 0 && result.failedCount < 100, `some entries failed (${result.failedCount})`);
    assert.equal(result.failedCount, proxy.counters.throttledEntries);
    assert.equal(proxy.counters.throttledResponses, 1);
    for (const entry of result.entries) {
      if (!entry.ok) assert.equal(entry.errorCode, 'ProvisionedThroughputExceededException');
    }
    // The emulator stored all 100: re-sending the failed ones would create duplicates, as on AWS.
    const stored = await readAll(withRetry, direct, 'faults');
    assert.equal(stored.length, 100);
  });

  it('injects HTTP 500s: surfaced without retries, absorbed by the SDK with retries', async () => {
    proxy.resetCounters();
    proxy.forceNext('http500');
    const err = await noRetry.putRecord(viaProxy, { stream: 'faults', partitionKey: 'k', data: Buffer.from('x') }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof KinesisError);
    assert.equal(err.code, 'InternalFailure');
    assert.equal(err.retryable, true);
    assert.ok(err.remedies.includes('retry'));

    proxy.forceNext('http500');
    const ok = await withRetry.putRecord(viaProxy, { stream: 'faults', partitionKey: 'k', data: Buffer.from('y') });
    assert.match(ok.sequenceNumber, /^\d+$/);
    assert.equal(proxy.counters.http500s, 2);
    assert.equal(proxy.counters.requests, 3);
  });

  it('injects connection resets before and after forwarding', async () => {
    proxy.resetCounters();
    proxy.forceNext('resetBeforeForward');
    const err = await noRetry.listShards(viaProxy, 'faults').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof KinesisError);
    assert.equal(err.code, 'NetworkError');
    assert.equal(err.retryable, true);

    // After forwarding: the emulator stored the record but the client never heard back.
    const before = (await readAll(withRetry, direct, 'faults')).length;
    proxy.forceNext('resetAfterForward');
    await withRetry.putRecord(viaProxy, { stream: 'faults', partitionKey: 'dup', data: Buffer.from('dup') });
    const after = await readAll(withRetry, direct, 'faults');
    assert.equal(after.length, before + 2, 'the SDK retry wrote the record a second time');
    assert.equal(after.filter((d) => d === 'dup').length, 2);
    assert.equal(proxy.counters.resetsBeforeForward, 1);
    assert.equal(proxy.counters.resetsAfterForward, 1);
  });

  it('applies rates only to the chosen operations and stops at maxFaults', async () => {
    proxy.resetCounters();
    proxy.configure({ rates: { http500: 1 }, operations: ['PutRecord'], maxFaults: 2 });
    try {
      await withRetry.describeStream(viaProxy, 'faults');
      assert.equal(proxy.counters.http500s, 0, 'DescribeStreamSummary passes through');
      await withRetry.putRecord(viaProxy, { stream: 'faults', partitionKey: 'k', data: Buffer.from('z') });
      assert.equal(proxy.counters.http500s, 2, 'two faults, then the limit lets the third attempt through');
      assert.equal(proxy.counters.requestsByOperation.PutRecord, 3);
    } finally {
      proxy.configure({ rates: {}, operations: undefined, maxFaults: Infinity });
    }
  });
});
