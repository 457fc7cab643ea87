import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordRangeSet } from '../../../src/core/bulkPut/recordRanges';

describe('RecordRangeSet', () => {
  it('merges neighbours in any order and keeps the lines of each end', () => {
    const set = new RecordRangeSet();
    for (const i of [5, 0, 1, 3, 2, 9, 4, 8, 3]) set.add(i, i * 10 + 1);
    assert.equal(set.count, 8);
    assert.deepEqual(set.ranges(), [
      { from: 0, to: 5, fromLine: 1, toLine: 51 },
      { from: 8, to: 9, fromLine: 81, toLine: 91 },
    ]);
    assert.ok(set.has(4) && set.has(8) && !set.has(6) && !set.has(10));
  });

  it('matches a naive set on a shuffled sequence', () => {
    const set = new RecordRangeSet();
    const naive = new Set<number>();
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const i = seed % 700;
      set.add(i, i + 1);
      naive.add(i);
    }
    assert.equal(set.count, naive.size);
    const expanded = set.ranges().flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k));
    assert.deepEqual(expanded, [...naive].sort((a, b) => a - b));
    const ranges = set.ranges();
    for (let k = 1; k < ranges.length; k++) assert.ok(ranges[k].from > ranges[k - 1].to + 1, 'ranges are merged');
  });
});
