import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShardInfo } from '../../../src/core/kinesis/gateway';
import { drainStatus, reshardGenerations, reshardPreflight, UPDATE_SHARD_COUNT_PER_24H } from '../../../src/core/doctor/preflight';

const shard = (id: number, parent?: number, adjacent?: number, closed = false): ShardInfo => ({
  shardId: `shardId-${String(id).padStart(12, '0')}`,
  parentShardId: parent === undefined ? undefined : `shardId-${String(parent).padStart(12, '0')}`,
  adjacentParentShardId: adjacent === undefined ? undefined : `shardId-${String(adjacent).padStart(12, '0')}`,
  startingHashKey: '0', endingHashKey: '1', startingSequenceNumber: '1',
  endingSequenceNumber: closed ? '9' : undefined,
});

describe('reshard preflight', () => {
  // 0 and 1 split into 2..5 (one UpdateShardCount), then 2+3 merged into 6.
  const history = [shard(0, undefined, undefined, true), shard(1, undefined, undefined, true), shard(2, 0, undefined, true), shard(3, 0, undefined, true), shard(4, 1), shard(5, 1), shard(6, 2, 3)];

  it('counts reshard generations from the shard lineage and derives the remaining budget', () => {
    assert.equal(reshardGenerations(history), 2);
    assert.equal(reshardGenerations([shard(0), shard(1)]), 0);
    const pre = reshardPreflight({ stream: 's', shards: history, operation: { kind: 'updateShardCount', targetShardCount: 6 }, consumerNames: ['efo-a'], consumerLags: [{ consumer: 'efo-a', millisBehindLatest: 120_000 }, { consumer: 'efo-b', millisBehindLatest: 50 }] });
    assert.equal(pre.updateShardCountRemaining, UPDATE_SHARD_COUNT_PER_24H - 2);
    assert.deepEqual(pre.laggingConsumers, ['efo-a']);
    assert.deepEqual(pre.parentsToDrain, ['shardId-000000000004', 'shardId-000000000005', 'shardId-000000000006']);
    assert.match(pre.lines[0], /efo-a is 120 s behind/);
    assert.equal(pre.blocker, undefined);
  });

  it('blocks UpdateShardCount when the history shows the budget used up', () => {
    const chain: ShardInfo[] = [shard(0, undefined, undefined, true)];
    for (let i = 1; i <= 10; i++) chain.push(shard(i, i - 1, undefined, i < 10));
    const pre = reshardPreflight({ stream: 's', shards: chain, operation: { kind: 'updateShardCount', targetShardCount: 2 } });
    assert.equal(pre.updateShardCountRemaining, 0);
    assert.match(pre.blocker ?? '', /LimitExceededException/);
    assert.equal(reshardPreflight({ stream: 's', shards: chain, operation: { kind: 'splitShard', shardId: 'shardId-000000000010' } }).blocker, undefined, 'split and merge have no such budget');
  });

  it('tracks parents closing into open children', () => {
    const parents = ['shardId-000000000002', 'shardId-000000000003'];
    assert.deepEqual(drainStatus(parents, [shard(2), shard(3)]), { parentsClosed: 0, parents: 2, children: [], done: false });
    assert.deepEqual(drainStatus(parents, history), { parentsClosed: 2, parents: 2, children: ['shardId-000000000006'], done: true });
  });
});
