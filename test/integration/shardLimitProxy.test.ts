/**
 * The shard-limit simulator in front of kinesalite (fast data plane), driven with the real SDK
 * client. The simulator's clock is frozen by the test, so "one second" is exactly what the test
 * says it is and the expected throttles can be predicted entry by entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  ProvisionedThroughputExceededException,
  SplitShardCommand,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { equalHashRanges } from '../../src/core/analysis/hotShards';
import { deaggregate } from '../../src/core/decode/kpl';
import { KplAggregator, type OutputRecord } from '../../src/core/kpl/aggregate';
import { startKinesalite, type TestEmulator } from '../support/emulators';
import { startFaultProxy } from '../support/faultProxy';
import { AWS_SHARD_LIMITS, shardMapOf, startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';

const STREAM = 'limits';
const THROTTLE_MESSAGE = /^Rate exceeded for shard shardId-\d{12} in stream limits under account 000000000000\.$/;

function client(endpoint: string, maxAttempts = 1): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler: new NodeHttpHandler(),
    // The SDK retries throttled PutRecord calls: one attempt shows what the simulator answered.
    maxAttempts,
  });
}

async function waitActive(kinesis: KinesisClient, stream: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${stream} did not become ACTIVE`);
}

/** Every record the emulator holds in `stream`, as text, from every shard (open or closed). */
async function readAll(kinesis: KinesisClient, stream: string): Promise<string[]> {
  const data: string[] = [];
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  for (const shard of Shards) {
    let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      data.push(...(page.Records ?? []).map((r) => Buffer.from(r.Data!).toString('utf8')));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return data;
}

interface Sent {
  readonly key: string;
  readonly data: Buffer;
}

/**
 * Which entries the simulator must throttle: entries are taken in the order sent, each shard's
 * budget is spent until the next entry no longer fits (records or bytes), within one frozen second.
 */
function predictThrottled(entries: readonly Sent[], limits = AWS_SHARD_LIMITS, map = shardMapOf(equalHashRanges(4).map((r) => ({ ...r, shardId: r.shardId! })))): boolean[] {
  const used = new Map<string, { records: number; bytes: number }>();
  return entries.map(({ key, data }) => {
    const shard = map.route(key)!.shardId;
    const u = used.get(shard) ?? { records: 0, bytes: 0 };
    used.set(shard, u);
    const bytes = data.length + Buffer.byteLength(key);
    if (u.records + 1 > limits.recordsPerSecond || u.bytes + bytes > limits.bytesPerSecond) return true;
    u.records++;
    u.bytes += bytes;
    return false;
  });
}

async function putInBatches(kinesis: KinesisClient, entries: readonly Sent[]): Promise<PutRecordsResultEntry[]> {
  const results: PutRecordsResultEntry[] = [];
  for (let i = 0; i < entries.length; i += 500) {
    const batch = entries.slice(i, i + 500);
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: STREAM, Records: batch.map((e) => ({ PartitionKey: e.key, Data: e.data })) }));
    assert.equal(out.Records?.length, batch.length);
    assert.equal(out.FailedRecordCount, out.Records!.filter((r) => r.ErrorCode).length, 'FailedRecordCount matches the entries');
    results.push(...out.Records!);
  }
  return results;
}

describe('shard-limit simulator in front of kinesalite', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let direct: KinesisClient;
  let limited: KinesisClient;
  let now = 1_700_000_000_000;

  before(async () => {
    emulator = await startKinesalite();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint, clock: () => now });
    // Straight to the emulator: retries absorb its keep-alive races (it closes idle sockets after 5 s).
    direct = client(emulator.endpoint, 3);
    limited = client(proxy.endpoint);
    await direct.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 4 }));
    await waitActive(direct, STREAM);
  });

  after(async () => {
    limited?.destroy();
    direct?.destroy();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('throttles exactly the entries past 1,000 records per shard in a second, and forwards the rest', async () => {
    const entries: Sent[] = Array.from({ length: 6000 }, (_, i) => ({ key: `user-${i}`, data: Buffer.from(`r${i}`) }));
    const expected = predictThrottled(entries);
    const expectedThrottles = expected.filter(Boolean).length;
    assert.ok(expectedThrottles > 1000 && expectedThrottles < 3000, `the run goes past the limit (${expectedThrottles})`);

    const results = await putInBatches(limited, entries);
    results.forEach((r, i) => {
      if (expected[i]) {
        assert.equal(r.ErrorCode, 'ProvisionedThroughputExceededException', `entry ${i}`);
        assert.match(r.ErrorMessage ?? '', THROTTLE_MESSAGE);
        assert.equal(r.SequenceNumber, undefined);
      } else {
        assert.equal(r.ErrorCode, undefined, `entry ${i}: ${r.ErrorMessage}`);
        assert.match(r.SequenceNumber ?? '', /^\d+$/);
        assert.equal(r.ShardId, shardMapOf(equalHashRanges(4).map((x) => ({ ...x, shardId: x.shardId! }))).route(entries[i].key)!.shardId);
      }
    });

    assert.equal(proxy.counters.throttled, expectedThrottles);
    assert.equal(proxy.counters.accepted, 4000);
    assert.equal(proxy.counters.unrouted, 0);
    const byShard = proxy.counters.byShard[STREAM];
    assert.deepEqual(Object.values(byShard).map((c) => c.accepted), [1000, 1000, 1000, 1000]);

    // The emulator holds exactly the accepted entries: throttled ones never reached it.
    const stored = (await readAll(direct, STREAM)).sort();
    const accepted = entries.filter((_, i) => !expected[i]).map((e) => e.data.toString()).sort();
    assert.deepEqual(stored, accepted);
  });

  it('throttles by bytes at 1 MiB per shard per second (data + partition key)', async () => {
    now += 1000;
    proxy.resetCounters();
    const entries: Sent[] = Array.from({ length: 1500 }, (_, i) => ({ key: `big-${i}`, data: Buffer.alloc(3000, i % 251) }));
    const expected = predictThrottled(entries);
    assert.ok(expected.some(Boolean) && !expected.slice(0, 200).some(Boolean), 'some entries go past the byte limit, late ones');
    const results = await putInBatches(limited, entries);
    assert.deepEqual(results.map((r) => r.ErrorCode === 'ProvisionedThroughputExceededException'), expected);
    assert.ok(results.every((r) => r.ErrorCode === undefined || r.ErrorCode === 'ProvisionedThroughputExceededException'));
    for (const counter of Object.values(proxy.counters.byShard[STREAM])) assert.ok(counter.acceptedBytes <= 1_048_576);
  });

  it('answers a PutRecord over the limit with HTTP 400 ProvisionedThroughputExceededException', async () => {
    now += 1000;
    proxy.setLimits({ recordsPerSecond: 2, bytesPerSecond: AWS_SHARD_LIMITS.bytesPerSecond });
    try {
      for (let i = 0; i < 2; i++) await limited.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: 'same', Data: Buffer.from('x') }));
      const err = await limited.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: 'same', Data: Buffer.from('x') })).then(
        () => assert.fail('expected a throttle'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ProvisionedThroughputExceededException, String(err));
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, THROTTLE_MESSAGE);
      // A new second: accepted again.
      now += 1000;
      const ok = await limited.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey: 'same', Data: Buffer.from('x') }));
      assert.match(ok.SequenceNumber ?? '', /^\d+$/);
    } finally {
      proxy.setLimits(AWS_SHARD_LIMITS);
    }
  });

  it('carries 20,000 aggregated 100-byte user records in one second where 4,000 plain ones is the limit', async () => {
    now += 1000;
    proxy.resetCounters();
    const map = proxy.shardMap(STREAM)!;
    const aggregator = new KplAggregator<number>({ shardMap: map });
    const outputs: OutputRecord<number>[] = [];
    for (let i = 0; i < 20_000; i++) outputs.push(...aggregator.add({ partitionKey: `agg-${i}`, data: Buffer.alloc(100, i % 256) }, i));
    outputs.push(...aggregator.flush());
    const results = [];
    for (let i = 0; i < outputs.length; i += 500) {
      const batch = outputs.slice(i, i + 500);
      const out = await limited.send(new PutRecordsCommand({
        StreamName: STREAM,
        Records: batch.map((o) => ({ PartitionKey: o.partitionKey, ExplicitHashKey: o.explicitHashKey, Data: o.data })),
      }));
      results.push(...out.Records!);
    }
    assert.equal(proxy.counters.throttled, 0);
    // Each aggregate went to the one shard the aggregator built it for.
    assert.deepEqual(results.map((r) => r.ShardId), outputs.map((o) => o.shardId));
    const users = outputs.reduce((n, o) => n + o.tags.length, 0);
    assert.equal(users, 20_000);
    for (const out of outputs) {
      const decoded = deaggregate(out.data);
      assert.ok(decoded.ok);
      for (const user of decoded.records) assert.equal(map.route(user.partitionKey)?.shardId, out.shardId);
    }
  });

  it('learns the new shards after a SplitShard goes through it', async () => {
    now += 1000;
    proxy.resetCounters();
    const before = proxy.shardMap(STREAM)!;
    const parent = before.shards[0];
    const middle = ((parent.startingHashKey + parent.endingHashKey) / 2n).toString();
    await limited.send(new SplitShardCommand({ StreamName: STREAM, ShardToSplit: parent.shardId, NewStartingHashKey: middle }));
    await waitActive(direct, STREAM);

    // 1,500 records to one explicit hash key in the lower child: 1,000 pass, 500 throttled.
    const low = Array.from({ length: 1500 }, (_, i) => ({ PartitionKey: `p${i}`, ExplicitHashKey: parent.startingHashKey.toString(), Data: Buffer.from('c') }));
    const results: PutRecordsResultEntry[] = [];
    for (let i = 0; i < low.length; i += 500) results.push(...(await limited.send(new PutRecordsCommand({ StreamName: STREAM, Records: low.slice(i, i + 500) }))).Records!);
    assert.equal(results.filter((r) => r.ErrorCode).length, 500);
    const children = proxy.shardMap(STREAM)!.shards;
    assert.equal(children.length, 5);
    assert.ok(!children.some((s) => s.shardId === parent.shardId), 'the closed parent no longer receives records');
    const child = proxy.shardMap(STREAM)!.route('', parent.startingHashKey.toString())!;
    assert.notEqual(child.shardId, parent.shardId);
    const bytesOf = (entries: typeof low) => entries.reduce((sum, e) => sum + e.Data.length + e.PartitionKey.length, 0);
    assert.deepEqual(proxy.counters.byShard[STREAM][child.shardId], {
      accepted: 1000,
      throttled: 500,
      acceptedBytes: bytesOf(low.slice(0, 1000)),
      throttledBytes: bytesOf(low.slice(1000)),
    });
    assert.ok(results.filter((r) => !r.ErrorCode).every((r) => r.ShardId === child.shardId));
  });

  it('merges the emulator\'s own per-entry failures with its throttles, in order, with the right FailedRecordCount', async () => {
    // simulator -> fault proxy (fails 30% of forwarded entries) -> kinesalite
    const faults = await startFaultProxy({ upstream: emulator.endpoint, seed: 3, rates: { throttleEntry: 0.3 } });
    const chained = await startShardLimitProxy({ upstream: faults.endpoint, clock: () => now, limits: { recordsPerSecond: 50, bytesPerSecond: AWS_SHARD_LIMITS.bytesPerSecond } });
    const kinesis = client(chained.endpoint);
    try {
      now += 1000;
      const entries: Sent[] = Array.from({ length: 400 }, (_, i) => ({ key: `m${i}`, data: Buffer.from(`m${i}`) }));
      // The stream has 5 shards since the split above.
      const own = predictThrottled(entries, { recordsPerSecond: 50, bytesPerSecond: AWS_SHARD_LIMITS.bytesPerSecond }, proxy.shardMap(STREAM));
      const out = await kinesis.send(new PutRecordsCommand({ StreamName: STREAM, Records: entries.map((e) => ({ PartitionKey: e.key, Data: e.data })) }));
      assert.equal(chained.counters.throttled, own.filter(Boolean).length);
      assert.ok(faults.counters.throttledEntries > 0, 'the fault proxy failed some forwarded entries');
      assert.equal(out.FailedRecordCount, chained.counters.throttled + faults.counters.throttledEntries);
      out.Records!.forEach((r, i) => {
        if (own[i]) assert.match(r.ErrorMessage ?? '', THROTTLE_MESSAGE, `entry ${i}: the simulator's throttle`);
        else if (r.ErrorCode) assert.match(r.ErrorMessage ?? '', /injected by the fault proxy/, `entry ${i}: the emulator side's failure`);
        else assert.match(r.SequenceNumber ?? '', /^\d+$/);
      });
    } finally {
      kinesis.destroy();
      await chained.stop();
      await faults.stop();
    }
  });
});
