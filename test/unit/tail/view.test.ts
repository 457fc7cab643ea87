import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ReceivedRecord } from '../../../src/core/kinesis/gateway';
import { TailSession } from '../../../src/core/tail/session';
import type { StreamTail, TailListener } from '../../../src/core/tail/types';
import { binTimes, HISTOGRAM_BINS, TailView } from '../../../src/core/tail/view';

const utf8 = (text: string) => new TextEncoder().encode(text);
const SHARD0 = 'shardId-000000000000';
const SHARD1 = 'shardId-000000000001';
const T0 = Date.parse('2026-12-02T10:00:00.000Z');

class FakeTail implements StreamTail {
  paused = false;
  running = false;
  constructor(readonly emit: TailListener) {}
  start(): void { this.running = true; }
  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; }
  async stop(): Promise<void> { this.running = false; }
}

let sequence = 5000;
function record(partitionKey: string, at: number | undefined, data = `{"k":"${partitionKey}"}`): ReceivedRecord {
  return { partitionKey, sequenceNumber: String(sequence++), data: utf8(data), approximateArrivalTimestamp: at === undefined ? undefined : new Date(at) };
}

function setup(maxRecords = 1000) {
  let tail: FakeTail | undefined;
  const session = new TailSession({ maxRecords, createTail: (listener) => (tail = new FakeTail(listener)) });
  session.start();
  const view = new TailView(session);
  /** Puts `count` records into a shard, one second apart from `from`, keyed `${prefix}${i}`. */
  const put = (shardId: string, prefix: string, count: number, from = T0) => tail!.emit({
    kind: 'records', shardId, records: Array.from({ length: count }, (_, i) => record(`${prefix}${i}`, from + i * 1000)),
  });
  return { session, view, put, emit: (records: ReceivedRecord[], shardId = SHARD0) => tail!.emit({ kind: 'records', shardId, records }) };
}

const keys = (view: TailView, start: number | 'end', count: number) => view.window(start, count).rows.map((r) => r.partitionKey);

describe('TailView (the host side of the pull model)', () => {
  it('pulls the session\'s rows and answers windows by ordinal, or the newest rows', () => {
    const { view, put } = setup();
    put(SHARD0, 'a', 10);
    assert.equal(view.pull().length, 10);
    assert.equal(view.total, 10);
    assert.equal(view.firstOrdinal, 0);
    assert.deepEqual(keys(view, 3, 3), ['a3', 'a4', 'a5']);
    assert.deepEqual(keys(view, 'end', 2), ['a8', 'a9']);
    assert.equal(view.window('end', 2).start, 8);
    // Past the end or before the start, a window is clamped to what is kept.
    assert.deepEqual(keys(view, 9, 5), ['a9']);
    assert.equal(view.window(50, 5).rows.length, 0);
    assert.equal(view.pull().length, 0, 'nothing new');
  });

  it('ordinals stay put while the ring drops old rows: only firstOrdinal rises', () => {
    const { view, put } = setup(5);
    put(SHARD0, 'a', 3);
    view.pull();
    const idOfA2 = view.idAt(2);
    put(SHARD0, 'b', 4);
    view.pull();
    assert.equal(view.firstOrdinal, 2, 'two rows were dropped');
    assert.equal(view.total, 5);
    assert.equal(view.endOrdinal, 7);
    assert.equal(view.idAt(2), idOfA2, 'a2 keeps its ordinal');
    assert.equal(view.idAt(1), undefined, 'a dropped row has none');
    assert.deepEqual(keys(view, 0, 3), ['a2', 'b0', 'b1'], 'a window from a dropped ordinal starts at the first kept');
    assert.equal(view.generation, 0, 'dropping rows is no new generation');
  });

  it('shard chips and the time range narrow the rows shown, each a new generation; the histogram ignores the range', () => {
    const { view, put } = setup();
    put(SHARD0, 'a', 6);
    put(SHARD1, 'b', 4);
    view.pull();
    assert.equal(view.total, 10);
    const generation = view.generation;
    view.setHiddenShards([SHARD0]);
    assert.equal(view.generation, generation + 1);
    assert.deepEqual(keys(view, 0, 10), ['b0', 'b1', 'b2', 'b3']);
    assert.equal(view.histogram().counts.reduce((a, b) => a + b, 0), 4, 'hidden shards leave the histogram');

    view.setHiddenShards([]);
    view.setRange({ from: T0 + 2000, to: T0 + 4000 });
    assert.deepEqual(keys(view, 0, 10).sort(), ['a2', 'a3', 'b2', 'b3'], 'from inclusive, to exclusive');
    assert.equal(view.histogram().counts.reduce((a, b) => a + b, 0), 10, 'the histogram shows what there is to brush');
    // New rows pass the same tests as they arrive.
    put(SHARD1, 'c', 1, T0 + 3500);
    put(SHARD1, 'd', 1, T0 + 9000);
    view.pull();
    assert.deepEqual(keys(view, 'end', 1), ['c0']);
    assert.equal(view.matching, 12);
    view.setRange(undefined);
    assert.equal(view.total, 12);
    view.setRange({ from: 5, to: 5 });
    assert.equal(view.range, undefined, 'an empty range is no range');
  });

  it('a filter change from the session starts a new generation with the matching rows', () => {
    const { session, view, put } = setup();
    put(SHARD0, 'dev', 5);
    put(SHARD0, 'ops', 2);
    view.pull();
    const generation = view.generation;
    session.setFilter({ mode: 'text', text: 'ops' });
    view.pull();
    assert.equal(view.generation, generation + 1);
    assert.deepEqual(keys(view, 0, 10), ['ops0', 'ops1']);
    assert.equal(view.firstOrdinal, 0);
  });

  it('maps ordinal ranges and ids both ways, and finds a put record by shard and sequence number', () => {
    const { view, put, emit } = setup();
    put(SHARD0, 'a', 6);
    const mine = record('mine', T0 + 10_000);
    emit([mine], SHARD1);
    view.pull();
    const ids = view.shownIds();
    assert.deepEqual(view.idsIn([[4, 1], [2, 3], [6, 99]]), [ids[1], ids[2], ids[3], ids[4], ids[6]], 'either order, overlaps once, clamped');
    assert.equal(view.ordinalOf(ids[5]), 5);
    assert.equal(view.ordinalOf(123_456), undefined);
    const found = view.findRow(SHARD1, mine.sequenceNumber);
    assert.equal(found?.partitionKey, 'mine');
    assert.equal(view.findRow(SHARD0, mine.sequenceNumber), undefined, 'the shard must match too');
  });

  it('the histogram bins arrivals from the first to the last, and counts rows without a time apart', () => {
    const { view, put, emit } = setup();
    assert.deepEqual(view.histogram(4), { from: 0, to: 0, counts: [0, 0, 0, 0], untimed: 0 });
    put(SHARD0, 'a', 8); // T0 … T0+7s
    emit([record('untimed', undefined)]);
    view.pull();
    const histogram = view.histogram(4);
    assert.equal(histogram.from, T0);
    assert.equal(histogram.to, T0 + 7001);
    assert.deepEqual(histogram.counts, [2, 2, 2, 2]);
    assert.equal(histogram.untimed, 1);
    assert.equal(view.histogram().counts.length, HISTOGRAM_BINS);
  });

  it('keeps up with 200,000 rows through a ring of 100,000 (amortised head drops)', () => {
    const { view, emit } = setup(100_000);
    for (let batch = 0; batch < 40; batch++) {
      emit(Array.from({ length: 5000 }, (_, i) => record(`k${i}`, T0 + batch * 5000 + i)));
      view.pull();
    }
    assert.equal(view.total, 100_000);
    assert.equal(view.firstOrdinal, 100_000);
    assert.equal(view.window('end', 1).rows[0].partitionKey, 'k4999');
    assert.equal(view.histogram().counts.reduce((a, b) => a + b, 0), 100_000);
  });
});

describe('binTimes', () => {
  it('puts each time in its bin, the last bin taking the end, and skips times outside', () => {
    assert.deepEqual(binTimes([0, 1, 2, 3, 9, 9.99, 10, -1], 0, 10, 5), [2, 2, 0, 0, 2]);
    assert.deepEqual(binTimes([5, 5, 5], 5, 6, 3), [3, 0, 0]);
    assert.deepEqual(binTimes([1], 3, 3, 2), [0, 0], 'an empty domain has empty bins');
  });
});
