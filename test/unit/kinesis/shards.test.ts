import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShardInfo } from '../../../src/core/kinesis/gateway';
import { adjacentPairs, keyspaceShare, midpointHashKey, openShards, shardCountChoices, validateSplitKey } from '../../../src/core/kinesis/shards';
import { MAX_HASH_KEY, shardCountRange, validateTargetShardCount } from '../../../src/core/kinesis/validation';

function shard(id: number, start: bigint, end: bigint, closed = false): ShardInfo {
  return {
    shardId: `shardId-${String(id).padStart(12, '0')}`, startingHashKey: start.toString(), endingHashKey: end.toString(),
    startingSequenceNumber: '1', endingSequenceNumber: closed ? '2' : undefined,
  };
}

const HALF = (MAX_HASH_KEY + 1n) / 2n;

describe('shard hash-key arithmetic', () => {
  it('the midpoint of the whole keyspace is 2^127, and of an odd-width range rounds up the lower half', () => {
    assert.equal(midpointHashKey(shard(0, 0n, MAX_HASH_KEY)), HALF.toString());
    assert.equal(midpointHashKey(shard(0, 10n, 12n)), '11');
    assert.equal(midpointHashKey(shard(0, 10n, 13n)), '12');
  });

  it('a split key must lie above the start and inside the shard', () => {
    const s = shard(3, 100n, 200n);
    assert.equal(validateSplitKey('101', s), undefined);
    assert.equal(validateSplitKey('200', s), undefined);
    assert.match(validateSplitKey('100', s) ?? '', /greater than 100 and at most 200 \(inside shardId-000000000003\)/);
    assert.match(validateSplitKey('201', s) ?? '', /greater than 100/);
    assert.match(validateSplitKey('-5', s) ?? '', /decimal integer/);
    assert.match(validateSplitKey((MAX_HASH_KEY + 1n).toString(), shard(0, 0n, MAX_HASH_KEY)) ?? '', /2\^128-1/);
  });

  it('adjacent pairs are the touching ranges in keyspace order, whatever order the shards came in', () => {
    const a = shard(1, 0n, 99n);
    const b = shard(2, 100n, 199n);
    const c = shard(3, 300n, 399n); // a gap before it: never paired with b
    const d = shard(4, 400n, MAX_HASH_KEY);
    const pairs = adjacentPairs([d, b, c, a]).map(([x, y]) => `${x.shardId.slice(-1)}+${y.shardId.slice(-1)}`);
    assert.deepEqual(pairs, ['1+2', '3+4']);
    assert.deepEqual(adjacentPairs([a]), []);
  });

  it('open shards are those without an ending sequence number', () => {
    assert.deepEqual(openShards([shard(0, 0n, 9n, true), shard(1, 0n, 4n), shard(2, 5n, 9n)]).map((s) => s.shardId.slice(-1)), ['1', '2']);
  });

  it('keyspace share: half the keyspace is 0.5, one of four even shards 0.25', () => {
    assert.equal(keyspaceShare(shard(0, 0n, HALF - 1n)), 0.5);
    assert.equal(keyspaceShare(shard(0, 0n, MAX_HASH_KEY / 4n)), 0.25);
    assert.equal(keyspaceShare(shard(0, 0n, MAX_HASH_KEY)), 1);
  });

  it('shard-count choices stay in the range UpdateShardCount accepts, skip the current count and keep both ends', () => {
    assert.deepEqual(shardCountRange(1), { min: 1, max: 2 });
    assert.deepEqual(shardCountChoices(1), [2]);
    assert.deepEqual(shardCountChoices(4), [2, 3, 5, 6, 7, 8]);
    const many = shardCountChoices(100);
    assert.equal(many[0], 50);
    assert.equal(many.at(-1), 200);
    assert.ok(many.length <= 16, `about a dozen choices, got ${many.length}`);
    assert.ok(!many.includes(100));
    for (const n of many) assert.equal(validateTargetShardCount(n, 100), undefined, `${n} is offered but refused`);
  });

  it('the range is capped at the per-stream shard limit, so the picker never offers what the validator refuses', () => {
    assert.deepEqual(shardCountRange(6000), { min: 3000, max: 10_000 });
    for (const n of shardCountChoices(6000)) assert.equal(validateTargetShardCount(n, 6000), undefined, `${n} is offered but refused`);
  });
});
