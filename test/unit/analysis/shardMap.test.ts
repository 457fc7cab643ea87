import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { equalHashRanges } from '../../../src/core/analysis/hotShards';
import { ShardMap } from '../../../src/core/analysis/shardMap';
import { MAX_HASH_KEY } from '../../../src/core/kinesis/validation';

/** Reference: MD5 with node:crypto, compared with BigInt against the ranges by hand. */
function referenceShardId(key: string, ranges: { shardId?: string; startingHashKey: string; endingHashKey: string }[]): string | undefined {
  const hash = BigInt('0x' + createHash('md5').update(key, 'utf8').digest('hex'));
  return ranges.find((r) => hash >= BigInt(r.startingHashKey) && hash <= BigInt(r.endingHashKey))?.shardId;
}

const fourShards = equalHashRanges(4).map((r) => ({ ...r, shardId: r.shardId! }));

describe('ShardMap', () => {
  it('routes partition keys by MD5 as a 128-bit big-endian integer, like the reference', () => {
    const map = new ShardMap(fourShards);
    for (let i = 0; i < 500; i++) {
      const key = `key-${i}-é`;
      assert.equal(map.route(key)?.shardId, referenceShardId(key, fourShards), key);
    }
  });

  it('routes an explicit hash key by its value, inclusive at both ends of a range', () => {
    const map = new ShardMap(fourShards);
    const second = fourShards[1];
    assert.equal(map.route('ignored', second.startingHashKey)?.shardId, second.shardId);
    assert.equal(map.route('ignored', second.endingHashKey)?.shardId, second.shardId);
    assert.equal(map.route('ignored', (BigInt(second.endingHashKey) + 1n).toString())?.shardId, fourShards[2].shardId);
    assert.equal(map.route('ignored', '0')?.shardId, fourShards[0].shardId);
    assert.equal(map.route('ignored', MAX_HASH_KEY.toString())?.shardId, fourShards[3].shardId);
  });

  it('refuses explicit hash keys that are not decimal 128-bit integers', () => {
    const map = new ShardMap(fourShards);
    for (const bad of ['-1', '1e5', '0x10', '', '007', (MAX_HASH_KEY + 1n).toString()]) {
      assert.equal(map.route('k', bad), undefined, bad);
      assert.throws(() => map.hashKeyOf('k', bad), RangeError);
    }
  });

  it('leaves closed shards out and sorts the open ones by hash key', () => {
    const parent = { shardId: 'shardId-000000000000', startingHashKey: '0', endingHashKey: MAX_HASH_KEY.toString(), endingSequenceNumber: '49' };
    const half = (MAX_HASH_KEY / 2n).toString();
    const high = { shardId: 'shardId-000000000002', startingHashKey: (MAX_HASH_KEY / 2n + 1n).toString(), endingHashKey: MAX_HASH_KEY.toString() };
    const low = { shardId: 'shardId-000000000001', startingHashKey: '0', endingHashKey: half };
    const map = new ShardMap([parent, high, { ...low, endingSequenceNumber: null }]);
    assert.deepEqual(map.shards.map((s) => s.shardId), ['shardId-000000000001', 'shardId-000000000002']);
    assert.deepEqual(map.shards.map((s) => s.index), [0, 1]);
    assert.equal(map.route('k', half)?.shardId, 'shardId-000000000001');
  });

  it('answers undefined for a key in a gap', () => {
    const map = new ShardMap([fourShards[0], fourShards[2]]);
    assert.equal(map.route('k', fourShards[1].startingHashKey), undefined);
  });

  it('tells whether two maps have the same shards', () => {
    assert.ok(new ShardMap(fourShards).sameShardsAs(new ShardMap([...fourShards].reverse())));
    assert.ok(!new ShardMap(fourShards).sameShardsAs(new ShardMap(equalHashRanges(5).map((r) => ({ ...r, shardId: r.shardId! })))));
  });

  it('gives the same routes with an injected node:crypto hasher', () => {
    const pure = new ShardMap(fourShards);
    const native = new ShardMap(fourShards, { hasher: (k) => createHash('md5').update(k, 'utf8').digest() });
    for (let i = 0; i < 200; i++) assert.equal(native.route(`u${i}`)?.shardId, pure.route(`u${i}`)?.shardId);
  });
});
