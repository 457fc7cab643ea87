import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { KinesisError } from '../../../src/core/kinesis/errors';
import { sampleStream } from '../../../src/core/doctor/sampler';
import { FAKE_TARGET, FakeKinesisGateway } from '../../support/fakeKinesisGateway';

/** A clock that only moves when the sampler sleeps. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, sleep: async (ms: number) => { now += ms; } };
}

describe('doctor sampler', () => {
  it('stays within its share of the GetRecords limit per shard and reads every record', async () => {
    const clock = fakeClock();
    const gateway = new FakeKinesisGateway({ now: clock.now });
    gateway.addShard('shardId-000000000000').addShard('shardId-000000000001');
    for (let i = 0; i < 25_000; i++) gateway.put(`shardId-00000000000${i % 2}`, `k${i}`, 'x');
    const shards = await Promise.all(['shardId-000000000000', 'shardId-000000000001'].map(async (shardId) => ({ shardId, startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '0' })));
    const sample = await sampleStream(gateway, shards, { target: FAKE_TARGET, stream: 's', start: { type: 'TRIM_HORIZON' }, callsPerSecond: 2 }, { clock });
    assert.equal(sample.records, 25_000);
    for (const shard of shards) {
      const calls = gateway.callsOf('GetRecords', shard.shardId).map((c) => c.at);
      assert.ok(calls.length >= 2);
      for (let i = 1; i < calls.length; i++) assert.ok(calls[i] - calls[i - 1] >= 500, `calls ${calls[i - 1]} and ${calls[i]} on ${shard.shardId} are closer than 500 ms`);
    }
  });

  it('counts read throttling, backs off and carries on', async () => {
    const clock = fakeClock();
    const gateway = new FakeKinesisGateway({ now: clock.now });
    gateway.addShard('shardId-000000000000');
    for (let i = 0; i < 10; i++) gateway.put('shardId-000000000000', `k${i}`, 'x');
    gateway.interceptRead = ({ callNumber }) => callNumber < 2
      ? new KinesisError({ message: 'Rate exceeded', code: 'ProvisionedThroughputExceededException', operation: 'GetRecords', retryable: true })
      : undefined;
    const sample = await sampleStream(gateway, [{ shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '0' }],
      { target: FAKE_TARGET, stream: 's', start: { type: 'TRIM_HORIZON' } }, { clock, random: () => 0.5 });
    assert.equal(sample.readThrottles, 2);
    assert.equal(sample.records, 10);
  });

  it('stops a shard at its record cap and says the sample is truncated', async () => {
    const clock = fakeClock();
    const gateway = new FakeKinesisGateway({ now: clock.now });
    gateway.addShard('shardId-000000000000');
    for (let i = 0; i < 100; i++) gateway.put('shardId-000000000000', `k${i}`, 'x');
    const sample = await sampleStream(gateway, [{ shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '0' }],
      { target: FAKE_TARGET, stream: 's', start: { type: 'TRIM_HORIZON' }, maxRecordsPerShard: 30 }, { clock });
    assert.equal(sample.records, 30);
    assert.equal(sample.truncated, true);
  });
});
