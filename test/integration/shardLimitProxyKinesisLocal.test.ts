/**
 * The shard-limit simulator in front of kinesis-local, the emulator that supports UpdateShardCount:
 * after a reshard goes through it, the simulator routes by the new shards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startShardLimitProxy, type ShardLimitProxy } from '../support/shardLimitProxy';

const STREAM = 'reshard';

function client(endpoint: string, maxAttempts = 1): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    requestHandler: new NodeHttpHandler(),
    maxAttempts,
  });
}

async function waitActive(kinesis: KinesisClient): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }));
    if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${STREAM} did not become ACTIVE`);
}

describe('shard-limit simulator in front of kinesis-local', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let proxy: ShardLimitProxy;
  let limited: KinesisClient;
  let direct: KinesisClient;
  let now = 1_700_000_000_000;

  before(async () => {
    emulator = await startKinesisLocal();
    proxy = await startShardLimitProxy({ upstream: emulator.endpoint, clock: () => now, limits: { recordsPerSecond: 10, bytesPerSecond: 1_048_576 } });
    limited = client(proxy.endpoint);
    direct = client(emulator.endpoint, 3);
    await limited.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2 }));
    await waitActive(limited);
  });

  after(async () => {
    limited?.destroy();
    direct?.destroy();
    await proxy?.stop();
    await emulator?.stop();
  });

  const putTo = async (hashKeys: string[]) =>
    (await limited.send(new PutRecordsCommand({
      StreamName: STREAM,
      Records: hashKeys.map((h, i) => ({ PartitionKey: `p${i}`, ExplicitHashKey: h, Data: Buffer.from('x') })),
    }))).Records!;

  it('routes by the shards of the stream, then by the new shards after UpdateShardCount', async () => {
    // 15 records to hash key 0 with a limit of 10 per shard per second: 5 throttled.
    let results = await putTo(Array(15).fill('0'));
    assert.equal(results.filter((r) => r.ErrorCode === 'ProvisionedThroughputExceededException').length, 5);
    assert.equal(proxy.shardMap(STREAM)!.shards.length, 2);

    await limited.send(new UpdateShardCountCommand({ StreamName: STREAM, TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' }));
    await waitActive(limited);
    now += 1000;
    results = await putTo(Array(15).fill('0'));
    const open = (await limited.send(new ListShardsCommand({ StreamName: STREAM }))).Shards!.filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber);
    assert.equal(proxy.shardMap(STREAM)!.shards.length, open.length);
    assert.equal(open.length, 4);
    const owner = open.find((s) => s.HashKeyRange!.StartingHashKey === '0')!.ShardId!;
    assert.equal(results.filter((r) => r.ErrorCode).length, 5);
    assert.ok(results.filter((r) => !r.ErrorCode).every((r) => r.ShardId === owner), 'the new shard owning hash key 0 took them');
    assert.equal(proxy.counters.byShard[STREAM][owner].accepted, 10);
  });

  it('learns a reshard it did not see from a ListShards answer that passes through it', async () => {
    await direct.send(new UpdateShardCountCommand({ StreamName: STREAM, TargetShardCount: 8, ScalingType: 'UNIFORM_SCALING' }));
    for (let i = 0; i < 200; i++) {
      const { StreamDescriptionSummary } = await direct.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }));
      if (StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(proxy.shardMap(STREAM)!.shards.length, 4, 'the simulator has not seen it yet');
    const refreshes = proxy.counters.shardRefreshes;
    await limited.send(new ListShardsCommand({ StreamName: STREAM }));
    assert.equal(proxy.shardMap(STREAM)!.shards.length, 8);
    assert.equal(proxy.counters.shardRefreshes, refreshes, 'learned from the answer, without a fetch of its own');
  });
});
