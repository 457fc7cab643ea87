import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { aggregate } from '../../../src/core/decode';
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { ReceivedRecord } from '../../../src/core/kinesis/gateway';
import { TailSession } from '../../../src/core/tail/session';
import type { StreamTail, TailEvent, TailListener } from '../../../src/core/tail/types';

const utf8 = (text: string) => new TextEncoder().encode(text);
const SHARD0 = 'shardId-000000000000';
const SHARD1 = 'shardId-000000000001';
const ARRIVAL = new Date('2026-11-25T10:00:00.000Z');

/** A scripted reader: the test emits the events a real reader would. */
class FakeTail implements StreamTail {
  paused = false;
  running = false;
  readonly calls: string[] = [];
  constructor(readonly emit: TailListener) {}
  start(): void { this.running = true; this.calls.push('start'); }
  pause(): void { this.paused = true; this.calls.push('pause'); }
  resume(): void { this.paused = false; this.calls.push('resume'); }
  async stop(): Promise<void> { this.running = false; this.calls.push('stop'); }
}

function setup(maxRecords = 1000) {
  let tail: FakeTail | undefined;
  let changes = 0;
  const session = new TailSession({ maxRecords, createTail: (listener) => (tail = new FakeTail(listener)), onChange: () => changes++ });
  session.start();
  const emit = (event: TailEvent) => tail!.emit(event);
  return { session, tail: tail!, emit, changes: () => changes };
}

let sequence = 1000;
function record(partitionKey: string, data: Uint8Array | string): ReceivedRecord {
  return { partitionKey, sequenceNumber: String(sequence++), data: typeof data === 'string' ? utf8(data) : data, approximateArrivalTimestamp: ARRIVAL };
}

function keysOf(session: TailSession): string[] {
  return session.matchingRows().map((r) => r.partitionKey);
}

describe('TailSession', () => {
  it('starts, pauses and resumes the reader and reports its state', async () => {
    const { session, tail } = setup();
    assert.equal(session.state, 'running');
    session.pause();
    assert.equal(session.state, 'paused');
    assert.equal(tail.paused, true);
    session.resume();
    assert.equal(tail.paused, false);
    await session.stop();
    assert.deepEqual(tail.calls, ['start', 'pause', 'resume', 'stop']);
    assert.equal(session.status().stopReason, 'stopped');
  });

  it('makes one row per record, and one per KPL user record with its key and index', () => {
    const { session, emit } = setup();
    const kpl = aggregate([
      { partitionKey: 'user-a', data: utf8('{"n":1}') },
      { partitionKey: 'user-b', data: utf8('plain'), explicitHashKey: '42' },
    ]);
    emit({ kind: 'shardStarted', shardId: SHARD0, parentShardIds: [] });
    emit({ kind: 'records', shardId: SHARD0, records: [record('outer', kpl), record('k1', '{"cpu":1}')], millisBehindLatest: 0 });
    const rows = session.matchingRows();
    assert.deepEqual(rows.map((r) => [r.id, r.partitionKey, r.subSequenceNumber, r.summary.kind]), [
      [0, 'user-a', 0, 'json'],
      [1, 'user-b', 1, 'text'],
      [2, 'k1', undefined, 'json'],
    ]);
    assert.equal(rows[1].explicitHashKey, '42');
    assert.equal(rows[0].sequenceNumber, rows[1].sequenceNumber, 'user records share the Kinesis record sequence number');
    const status = session.status();
    assert.equal(status.kinesisRecords, 2);
    assert.equal(status.received, 3);
    assert.deepEqual(status.shards.map((s) => [s.shardId, s.records, s.rows, s.state]), [[SHARD0, 2, 3, 'reading']]);
  });

  it('falls back to one raw row when a KPL record does not deaggregate', () => {
    const { session, emit } = setup();
    const corrupt = aggregate([{ partitionKey: 'user-a', data: utf8('x') }]);
    corrupt[corrupt.length - 1] ^= 0xff; // breaks the MD5
    emit({ kind: 'records', shardId: SHARD0, records: [record('outer', corrupt)] });
    const [row] = session.matchingRows();
    assert.equal(session.matchingRows().length, 1);
    assert.equal(row.partitionKey, 'outer');
    assert.equal(row.subSequenceNumber, undefined);
    assert.match(row.kplFallbackReason ?? '', /MD5/);
    assert.equal(row.summary.kind, 'binary');
    const detail = session.detail(row.id)!;
    assert.ok(detail.views.some((v) => v.kind === 'kpl' && /MD5/.test(v.note ?? '')), 'the detail says why it is raw');
  });

  it('keeps the newest maxRecords rows, counts the dropped ones and tells the viewer which ids are gone', () => {
    const { session, emit } = setup(5);
    emit({ kind: 'records', shardId: SHARD0, records: ['a', 'b', 'c'].map((k) => record(k, k)) });
    const first = session.takeBatch(100);
    assert.deepEqual(first.rows.map((r) => r.partitionKey), ['a', 'b', 'c']);
    emit({ kind: 'records', shardId: SHARD0, records: ['d', 'e', 'f', 'g'].map((k) => record(k, k)) });
    assert.deepEqual(keysOf(session), ['c', 'd', 'e', 'f', 'g']);
    const status = session.status();
    assert.deepEqual([status.received, status.retained, status.dropped, status.oldestId, status.matching], [7, 5, 2, 2, 5]);
    assert.deepEqual(session.takeBatch(100).rows.map((r) => r.partitionKey), ['d', 'e', 'f', 'g']);
    assert.equal(session.row(1), undefined, 'an evicted row is gone');
    assert.equal(session.row(2)?.partitionKey, 'c');
    // A KPL record larger than the ring keeps its newest user records only.
    emit({ kind: 'records', shardId: SHARD0, records: [record('agg', aggregate(Array.from({ length: 8 }, (_, i) => ({ partitionKey: `u${i}`, data: utf8(String(i)) }))))] });
    assert.deepEqual(keysOf(session), ['u3', 'u4', 'u5', 'u6', 'u7']);
    assert.equal(session.status().dropped, 10);
    assert.deepEqual(session.takeBatch(100).rows.map((r) => r.partitionKey), ['u3', 'u4', 'u5', 'u6', 'u7'], 'rows evicted before they were sent are skipped');
  });

  it('hands rows out in batches no larger than asked', () => {
    const { session, emit } = setup();
    emit({ kind: 'records', shardId: SHARD0, records: Array.from({ length: 25 }, (_, i) => record(`k${i}`, String(i))) });
    assert.equal(session.takeBatch(10).rows.length, 10);
    assert.equal(session.takeBatch(10).rows.length, 10);
    assert.equal(session.hasPending, true);
    assert.equal(session.takeBatch(10).rows.length, 5);
    assert.equal(session.hasPending, false);
  });

  it('tracks per-shard lag, throttling and draining', () => {
    const { session, emit } = setup();
    emit({ kind: 'shardStarted', shardId: SHARD0, parentShardIds: [] });
    emit({ kind: 'shardStarted', shardId: SHARD1, parentShardIds: [SHARD0] });
    emit({ kind: 'records', shardId: SHARD0, records: [record('a', 'a')], millisBehindLatest: 5000 });
    emit({ kind: 'records', shardId: SHARD1, records: [], millisBehindLatest: 0 });
    emit({ kind: 'throttled', shardId: SHARD1, retryInMs: 400 });
    emit({ kind: 'records', shardId: SHARD0, records: [], millisBehindLatest: 1200 });
    emit({ kind: 'shardDrained', shardId: SHARD0, childShardIds: [SHARD1] });
    const shards = session.status().shards;
    assert.deepEqual(shards.map((s) => [s.shardId, s.records, s.millisBehindLatest, s.state]), [
      [SHARD0, 1, 1200, 'drained'],
      [SHARD1, 0, 0, 'throttled'],
    ]);
    assert.deepEqual(shards[1].parentShardIds, [SHARD0]);
    assert.equal(shards[0].lastArrival, ARRIVAL.getTime());
  });

  it('reports reader errors and the end of reading', () => {
    const { session, emit } = setup();
    emit({ kind: 'error', shardId: SHARD0, error: new KinesisError({ message: 'Rate exceeded for shard', code: 'ProvisionedThroughputExceededException', operation: 'GetRecords' }), fatal: false });
    assert.match(session.status().lastError ?? '', /shardId-000000000000: Rate exceeded/);
    emit({ kind: 'stopped', reason: 'allShardsDrained' });
    assert.equal(session.state, 'stopped');
    assert.equal(session.status().stopReason, 'allShardsDrained');
  });

  it('filters by text, regex and JSON path; an invalid filter keeps the previous one', () => {
    const { session, emit } = setup();
    emit({ kind: 'records', shardId: SHARD0, records: [
      record('Device1', '{"device":{"id":"x"},"cpu":70}'),
      record('Device2', '{"device":{"id":"y"},"cpu":20}'),
      record('Other', 'hello World'),
      record('Zipped', gzipSync(utf8('{"device":{"id":"x"},"cpu":99}'))),
    ] });
    session.takeBatch(100);
    assert.equal(session.setFilter({ mode: 'text', text: 'world' }), undefined);
    assert.deepEqual(keysOf(session), ['Other']);
    const batch = session.takeBatch(100);
    assert.equal(batch.reset, true, 'a new filter resets the viewer');
    assert.deepEqual(batch.rows.map((r) => r.partitionKey), ['Other']);

    assert.equal(session.setFilter({ mode: 'jsonPath', text: '$.device.id == "x"' }), undefined);
    assert.deepEqual(keysOf(session), ['Device1', 'Zipped'], 'gzip records are filtered by their inflated JSON');
    assert.equal(session.matching, 2);

    const error = session.setFilter({ mode: 'regex', text: '/(unclosed/' });
    assert.match(error ?? '', /^Invalid regular expression/);
    assert.deepEqual(session.filter, { mode: 'jsonPath', text: '$.device.id == "x"' }, 'the previous filter stays');
    assert.deepEqual(keysOf(session), ['Device1', 'Zipped']);
    assert.match(session.setFilter({ mode: 'jsonPath', text: '$.cpu >' }) ?? '', /^Invalid JSON path/);

    // New rows are filtered as they arrive.
    session.takeBatch(100);
    emit({ kind: 'records', shardId: SHARD1, records: [record('Late', '{"device":{"id":"x"}}'), record('Late2', '{"device":{"id":"z"}}')] });
    const late = session.takeBatch(100);
    assert.equal(late.reset, false);
    assert.deepEqual(late.rows.map((r) => r.partitionKey), ['Late']);

    assert.equal(session.setFilter({ mode: 'regex', text: '/^device\\d/i' }), undefined);
    assert.deepEqual(keysOf(session), ['Device1', 'Device2']);
    session.setFilter({ mode: 'text', text: '' });
    assert.equal(session.matching, 6);
  });

  it('exports NDJSON lines exactly: JSON parsed, text as text, binary as base64, KPL with its index', () => {
    const { session, emit } = setup();
    const binary = new Uint8Array([0, 1, 2, 250]);
    emit({ kind: 'records', shardId: SHARD0, records: [
      { partitionKey: 'j', sequenceNumber: '100', data: utf8('{"a": 1, "b": [true, null]}'), approximateArrivalTimestamp: ARRIVAL },
      { partitionKey: 't', sequenceNumber: '101', data: utf8('plain text\n') },
      { partitionKey: 'b', sequenceNumber: '102', data: binary, approximateArrivalTimestamp: ARRIVAL },
      { partitionKey: 'g', sequenceNumber: '103', data: gzipSync(utf8('{"z":true}')), approximateArrivalTimestamp: ARRIVAL },
      { partitionKey: 'outer', sequenceNumber: '104', data: aggregate([{ partitionKey: 'u0', data: utf8('x') }, { partitionKey: 'u1', data: utf8('{"k":2}'), explicitHashKey: '7' }]), approximateArrivalTimestamp: ARRIVAL },
    ] });
    const text = session.toNdjson([5, 0, 1, 2, 3, 4, 99]);
    assert.equal(text, [
      '{"shardId":"shardId-000000000000","sequenceNumber":"100","partitionKey":"j","approximateArrivalTimestamp":"2026-11-25T10:00:00.000Z","dataEncoding":"json","data":{"a":1,"b":[true,null]}}',
      '{"shardId":"shardId-000000000000","sequenceNumber":"101","partitionKey":"t","approximateArrivalTimestamp":null,"dataEncoding":"text","data":"plain text\\n"}',
      '{"shardId":"shardId-000000000000","sequenceNumber":"102","partitionKey":"b","approximateArrivalTimestamp":"2026-11-25T10:00:00.000Z","dataEncoding":"base64","data":"AAEC+g=="}',
      '{"shardId":"shardId-000000000000","sequenceNumber":"103","partitionKey":"g","approximateArrivalTimestamp":"2026-11-25T10:00:00.000Z","gzip":true,"dataEncoding":"json","data":{"z":true}}',
      '{"shardId":"shardId-000000000000","sequenceNumber":"104","subSequenceNumber":0,"partitionKey":"u0","approximateArrivalTimestamp":"2026-11-25T10:00:00.000Z","dataEncoding":"text","data":"x"}',
      '{"shardId":"shardId-000000000000","sequenceNumber":"104","subSequenceNumber":1,"partitionKey":"u1","explicitHashKey":"7","approximateArrivalTimestamp":"2026-11-25T10:00:00.000Z","dataEncoding":"json","data":{"k":2}}',
    ].join('\n') + '\n', 'rows in id order, unknown ids skipped, one object per line');
    assert.equal(session.toNdjson([]), '');
    assert.deepEqual(JSON.parse(session.copyText(0)!), JSON.parse(text.split('\n')[0]));
  });

  it('details a record in every view, the primary first', () => {
    const { session, emit } = setup();
    emit({ kind: 'records', shardId: SHARD0, records: [
      record('j', '{"a":1}'),
      record('g', gzipSync(utf8('hello'))),
      record('outer', aggregate([{ partitionKey: 'u0', data: utf8('{"k":1}') }, { partitionKey: 'u1', data: utf8('two') }])),
    ] });
    const json = session.detail(0)!;
    assert.deepEqual(json.views.map((v) => v.kind), ['json', 'text', 'base64', 'hex']);
    assert.equal(json.views[0].text, '{\n  "a": 1\n}');
    assert.equal(json.views.find((v) => v.kind === 'hex')!.text, '7b 22 61 22 3a 31 7d');
    const gzip = session.detail(1)!;
    assert.equal(gzip.views[0].kind, 'gzip');
    assert.equal(gzip.views[0].text, 'hello');
    const user = session.detail(3)!;
    assert.equal(user.views[0].kind, 'text');
    assert.equal(user.aggregate?.userRecords, 2);
    const kpl = user.views.find((v) => v.kind === 'kpl')!;
    assert.match(kpl.text, /#0 {2}u0 {2}\{"k":1\}/);
    assert.match(kpl.text, /▶ #1 {2}u1 {2}two/);
    assert.equal(session.detail(42), undefined);
  });
});
