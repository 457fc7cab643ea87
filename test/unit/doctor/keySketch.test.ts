import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { md5PartitionKey } from '../../../src/core/analysis/md5';
import { DistinctKeys, TopKeys } from '../../../src/core/doctor/keySketch';

describe('doctor key sketch', () => {
  it('keeps at most its capacity of counters and still finds the heavy keys among many distinct ones', () => {
    const top = new TopKeys(64);
    for (let i = 0; i < 50_000; i++) {
      top.add(`user-${i}`, 10, 's0');
      if (i % 5 === 0) top.add('tenant-42', 10, 's1');
      if (i % 20 === 0) top.add('tenant-7', 10, 's2');
    }
    assert.equal(top.size, 64);
    const [first, second] = top.top(2);
    assert.equal(first.key, 'tenant-42');
    assert.ok(first.count - first.error <= 10_000 && first.count >= 10_000, `count ${first.count} error ${first.error}`);
    assert.equal(first.shardId, 's1');
    assert.equal(second.key, 'tenant-7');
    assert.equal(top.total, 50_000 + 10_000 + 2_500);
  });

  it('counts exactly while the keys fit', () => {
    const top = new TopKeys(8);
    for (const k of ['a', 'b', 'a', 'c', 'a', 'b']) top.add(k, 1, 's');
    assert.deepEqual(top.top(3).map((k) => [k.key, k.count, k.error]), [['a', 3, 0], ['b', 2, 0], ['c', 1, 0]]);
  });

  it('estimates distinct keys within a few percent', () => {
    for (const n of [100, 10_000, 200_000]) {
      const distinct = new DistinctKeys();
      for (let i = 0; i < n; i++) {
        distinct.add(md5PartitionKey(`key-${i}`));
        distinct.add(md5PartitionKey(`key-${i}`));
      }
      const estimate = distinct.estimate();
      assert.ok(Math.abs(estimate - n) / n < 0.05, `${n} keys estimated as ${estimate}`);
    }
  });
});
