/**
 * Pacing where the shards change under it, and pacing in `.kinesis` Put all, against kinesis-local
 * behind the shard-limit simulator.
 *
 * kinesis-local, not kinesalite: it implements UpdateShardCount (kinesalite has only Split/Merge).
 * It stores ~800 records/s, so the simulator allows 150 records/s a shard: 2 shards = 300/s before
 * the reshard and 600/s after, and the runs stay around ten seconds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MIB } from '../../src/core/analysis/limits';
import { readRecords } from '../../src/core/bulkPut/recordSource';
import { putRecordsFromSource } from '../../src/core/bulkPut/putFromSource';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { sendRecords, type PreparedRecord } from '../../src/core/recordFile/send';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';

const LIMITS = { recordsPerSecond: 150, bytesPerSecond: MIB };

function* ndjson(count: number, keys: number): Generator<string> {
  let chunk = '';
  for (let i = 0; i < count; i++) chunk += `{"key":"k${i % keys}","i":${i}}\n`;
  yield chunk;
}

describe('paced put across a reshard, and .kinesis Put all paced (kinesis-local behind the simulator)', { timeout: 180_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;

  before(async () => {
    emulator = await startKinesisLocal();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint, limits: LIMITS });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, endpoint: proxy.endpoint };
    await gateway.createStream(target, { name: 'resharded', mode: 'PROVISIONED', shardCount: 2 });
    await gateway.createStream(target, { name: 'recordfile', mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(target, 'resharded', 30_000);
    await gateway.waitForActive(target, 'recordfile', 30_000);
  });

  after(async () => {
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('fetches the shards again when a reshard lands mid-put, and paces the new shards', async () => {
    const total = 6_000;
    const before = new Set((await gateway.listShards(target, 'resharded')).map((s) => s.shardId));
    let resharding: Promise<void> | undefined;
    const result = await putRecordsFromSource({
      gateway, target, stream: 'resharded',
      source: readRecords(ndjson(total, 500), { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } }),
      pacing: { limits: LIMITS },
      maxAttempts: 20,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (!resharding && p.sent >= 1_500) resharding = gateway.updateShardCount(target, 'resharded', 4);
      },
    });
    await resharding;
    assert.equal(result.error, undefined);
    assert.equal(result.sent, total, 'every record arrived');
    assert.ok(resharding, 'the reshard started mid-put');
    assert.ok(result.shardMapRefreshes >= 1, `the pipeline fetched the shards again (${result.shardMapRefreshes})`);
    const open = (await gateway.listShards(target, 'resharded')).filter((s) => !s.endingSequenceNumber).map((s) => s.shardId);
    assert.equal(open.length, 4);
    const paced = new Set(result.pacing!.map((s) => s.shardId));
    for (const child of open.filter((id) => !before.has(id))) {
      assert.ok(paced.has(child), `the pacer paces the new shard ${child}: ${[...paced].join(', ')}`);
      assert.ok(proxy.counters.byShard.resharded[child]?.accepted > 0, `records went to ${child}`);
    }
    const throttled = Object.values(proxy.counters.byShard.resharded).reduce((sum, s) => sum + s.throttled, 0);
    // Unpaced, 4 requests of 500 entries in flight would be throttled on most entries.
    assert.ok(throttled / total < 0.05, `${throttled} of ${total} entries throttled`);
  });

  it('.kinesis Put all (sendRecords) paces per shard: 1,500 records at 300/s all stored, where unpaced ones run out of attempts', async () => {
    const records: PreparedRecord[] = Array.from({ length: 1_500 }, (_, i) => ({
      blockIndex: i, line: i * 4, region: 'us-east-1', stream: 'recordfile', partitionKey: `key-${i}`, data: Buffer.from(`{"i":${i}}`),
    }));
    // Five attempts (the default for records sent by hand) and a short backoff.
    proxy.resetCounters();
    const unpaced = await sendRecords({ gateway, targetFor: () => target, records, logger: nullLogger, pacing: false, baseDelayMs: 20 });
    assert.ok(unpaced.failed > 0, `the negative control: unpaced, ${unpaced.failed} records ran out of attempts`);
    await new Promise((r) => setTimeout(r, 1_100)); // a fresh one-second window

    proxy.resetCounters();
    const paced = await sendRecords({ gateway, targetFor: () => target, records, logger: nullLogger, pacing: { limits: LIMITS }, baseDelayMs: 20 });
    assert.equal(paced.sent, records.length, JSON.stringify({ ...paced, outcomes: paced.outcomes.filter((o) => o.status !== 'sent').slice(0, 3) }));
    assert.ok(proxy.counters.requestsByOperation.ListShards > 0, 'the shards were listed for pacing');
    assert.ok(proxy.counters.throttled / records.length < 0.05, `${proxy.counters.throttled} of ${records.length} throttled`);
  });
});
