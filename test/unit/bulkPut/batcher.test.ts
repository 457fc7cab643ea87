import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_BATCH_BYTES, entrySize, RecordBatcher, type Batch } from '../../../src/core/bulkPut/batcher';
import { RecordRangeSet } from '../../../src/core/bulkPut/recordRanges';

function fill(batcher: RecordBatcher<number>, sizes: number[]): { batches: Batch<number>[]; last?: Batch<number> } {
  const batches: Batch<number>[] = [];
  sizes.forEach((size, i) => batches.push(...batcher.add(i, size)));
  return { batches, last: batcher.flush() };
}

describe('RecordBatcher', () => {
  it('closes a batch at exactly 500 records, as soon as the 500th arrives', () => {
    const batcher = new RecordBatcher<number>();
    let completed: readonly Batch<number>[] = [];
    for (let i = 0; i < 500; i++) {
      completed = batcher.add(i, 10);
      if (i < 499) assert.equal(completed.length, 0);
    }
    assert.equal(completed.length, 1);
    assert.equal(completed[0].entries.length, 500);
    assert.equal(completed[0].bytes, 5000);
    assert.equal(batcher.flush(), undefined);
  });

  it('splits 1,001 records into 500 + 500 + 1', () => {
    const { batches, last } = fill(new RecordBatcher<number>(), Array(1001).fill(1));
    assert.deepEqual([...batches.map((b) => b.entries.length), last?.entries.length], [500, 500, 1]);
  });

  it('fills up to exactly the byte limit, and starts a new batch one byte over', () => {
    const exact = fill(new RecordBatcher<number>({ maxBytes: 100 }), [40, 60, 1]);
    assert.deepEqual(exact.batches.map((b) => [b.entries, b.bytes]), [[[0, 1], 100]]);
    assert.deepEqual(exact.last?.entries, [2]);

    const over = fill(new RecordBatcher<number>({ maxBytes: 100 }), [40, 61]);
    assert.deepEqual(over.batches.map((b) => b.entries), [[0]]);
    assert.deepEqual(over.last?.entries, [1]);
  });

  it('returns two batches when an entry overflows the current batch and also fills one alone', () => {
    const batcher = new RecordBatcher<number>({ maxRecords: 1, maxBytes: 100 });
    assert.deepEqual(batcher.add(0, 10).map((b) => b.entries), [[0]]);
    assert.deepEqual(batcher.add(1, 10).map((b) => b.entries), [[1]]);
    const twoAtOnce = new RecordBatcher<number>({ maxRecords: 2, maxBytes: 100 });
    twoAtOnce.add(0, 90);
    assert.deepEqual(twoAtOnce.add(1, 100).map((b) => b.entries), [[0]]);
  });

  it('refuses an entry larger than a request and invalid limits', () => {
    assert.throws(() => new RecordBatcher<number>({ maxBytes: 10 }).add(0, 11), /cannot fit/);
    assert.throws(() => new RecordBatcher<number>({ maxRecords: 501 }), /1 to 500/);
    assert.throws(() => new RecordBatcher<number>({ maxRecords: 0 }), /1 to 500/);
    assert.throws(() => new RecordBatcher<number>({ maxBytes: 0 }), /positive/);
  });

  it('counts data plus the partition key in UTF-8 bytes; defaults to 5 MiB', () => {
    assert.equal(entrySize('é', Buffer.from('abc')), 5);
    assert.equal(DEFAULT_MAX_BATCH_BYTES, 5 * 1024 * 1024);
    assert.equal(new RecordBatcher().maxBytes, DEFAULT_MAX_BATCH_BYTES);
  });
});

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
