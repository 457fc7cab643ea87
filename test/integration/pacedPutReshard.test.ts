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
import { md5PartitionKey, digestToBigInt } from '../../src/core/analysis/md5';
import { deaggregate, isAggregated } from '../../src/core/decode/kpl';
import { putRecordsFromSource } from '../../src/core/bulkPut/putFromSource';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { sendRecords, type PreparedRecord } from '../../src/core/recordFile/send';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';
import { storedRecords } from '../support/storedRecords';

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
    await gateway.createStream(target, { name: 'aggregated-reshard', mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(target, 'resharded', 30_000);
    await gateway.waitForActive(target, 'recordfile', 30_000);
    await gateway.waitForActive(target, 'aggregated-reshard', 30_000);
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

  it('aggregates built before a reshard and stored in a child shard: the user records that shard does not own are sent again, so a KCL reader (hash-range check) sees every record', async () => {
    const stream = 'aggregated-reshard';
    const total = 2_000;
    // The put lists the 2 shards, then the stream goes to 4 before the first record is sent: every
    // aggregate is built for a closed parent and lands in one of its two children.
    let listed = 0;
    const resharding = {
      putRecords: gateway.putRecords.bind(gateway),
      listShards: async (...args: Parameters<KinesisGateway['listShards']>) => {
        const shards = await gateway.listShards(...args);
        if (listed++ === 0) {
          await gateway.updateShardCount(target, stream, 4);
          await gateway.waitForActive(target, stream, 60_000);
        }
        return shards;
      },
    };
    const result = await putRecordsFromSource({
      gateway: resharding, target, stream, aggregate: true, maxAttempts: 20,
      source: readRecords(ndjson(total, 200), { format: 'ndjson', partitionKey: { kind: 'field', path: 'key' } }),
    });
    assert.equal(result.error, undefined);
    assert.equal(result.sent, total);
    assert.equal(result.failedCount, 0);
    assert.ok((result.resentAfterReshard ?? 0) > 0, `user records were sent again (${result.resentAfterReshard})`);
    assert.ok((result.resentAfterReshard ?? 0) < total, 'only those whose shard does not own their key');

    // Read every shard, closed parents included, keeping what the KCL keeps: user records whose hash
    // key lies in the range of the shard they were read from.
    const seen = new Map<number, number>();
    for (const record of await storedRecords(gateway, target, stream)) {
      const start = BigInt(record.shard.startingHashKey);
      const end = BigInt(record.shard.endingHashKey);
      const users = isAggregated(record.data) ? (deaggregate(record.data) as { ok: true; records: { partitionKey: string; data: Uint8Array }[] }).records : [{ partitionKey: record.partitionKey, data: record.data }];
      for (const user of users) {
        const hashKey = digestToBigInt(md5PartitionKey(user.partitionKey));
        if (hashKey < start || hashKey > end) continue;
        const i = (JSON.parse(Buffer.from(user.data).toString('utf8')) as { i: number }).i;
        seen.set(i, (seen.get(i) ?? 0) + 1);
      }
    }
    const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !seen.has(i));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} records a KCL reader would never see`);
    const twice = [...seen.values()].filter((n) => n > 1).length;
    assert.equal(twice, 0, 'a record the child owns was not sent again');
  });
});
