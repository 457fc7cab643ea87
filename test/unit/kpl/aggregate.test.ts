import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { equalHashRanges } from '../../../src/core/analysis/hotShards';
import { createSeededRandom } from '../../../src/core/analysis/keyPatterns';
import { ShardMap, type ShardDescription } from '../../../src/core/analysis/shardMap';
import { deaggregate, type UserRecord } from '../../../src/core/decode/kpl';
import { KplAggregator, varintLength, type OutputRecord } from '../../../src/core/kpl/aggregate';

const MiB = 1_048_576;
const shards = (n: number): ShardDescription[] => equalHashRanges(n).map((r) => ({ ...r, shardId: r.shardId! }));
const fourShards = new ShardMap(shards(4));
const text = (value: string) => Buffer.from(value, 'utf8');
/** Kinesis counts a record as data + partition key. */
const kinesisSize = (r: OutputRecord<unknown>) => r.data.length + Buffer.byteLength(r.partitionKey, 'utf8');

function userRecordsOf(out: OutputRecord<unknown>): UserRecord[] {
  if (!out.aggregated) return [{ partitionKey: out.partitionKey, ...(out.explicitHashKey ? { explicitHashKey: out.explicitHashKey } : {}), data: out.data }];
  const result = deaggregate(out.data);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.records;
}

/** Every user record of every output goes to the output's shard, and so does the output itself. */
function assertOneShardEach(outputs: readonly OutputRecord<unknown>[], map: ShardMap): void {
  for (const out of outputs) {
    assert.equal(map.route(out.partitionKey, out.explicitHashKey)?.shardId, out.shardId, 'the Kinesis record lands in its shard');
    for (const user of userRecordsOf(out)) assert.equal(map.route(user.partitionKey, user.explicitHashKey)?.shardId, out.shardId, 'each user record belongs there');
  }
}

describe('KPL aggregation encoder', () => {
  it('writes an aggregate byte for byte as the published format prescribes (hand-built fixture)', () => {
    const aggregator = new KplAggregator<string>({ shardMap: fourShards });
    // "a": MD5 0cc175b9... < 2^126 -> shardId-000000000000. "b" has explicit hash key 1 -> shard 0 too
    // (its MD5, 92eb5ffe..., would be shard 2). "z" has the top hash key -> shard 3, a separate aggregate.
    assert.deepEqual(aggregator.add({ partitionKey: 'a', data: text('hi') }, 'first'), []);
    assert.deepEqual(aggregator.add({ partitionKey: 'z', explicitHashKey: ((1n << 128n) - 1n).toString(), data: text('!') }, 'other'), []);
    assert.deepEqual(aggregator.add({ partitionKey: 'b', explicitHashKey: '1', data: Uint8Array.of(0x01, 0x02) }, 'second'), []);
    assert.deepEqual(aggregator.add({ partitionKey: 'a', data: new Uint8Array(0) }, 'third'), []);
    const [aggregate, single, ...rest] = aggregator.flush();
    assert.equal(rest.length, 0);

    const protobuf = [
      0x0a, 0x01, 0x61, //                        partition_key_table[0] = "a"    (field 1, wire type 2: key 0x0A, length 1)
      0x0a, 0x01, 0x62, //                        partition_key_table[1] = "b"
      0x12, 0x01, 0x31, //                        explicit_hash_key_table[0] = "1" (field 2, wire type 2: key 0x12)
      0x1a, 0x06, //                              records[0], 6 bytes              (field 3, wire type 2: key 0x1A)
      /**/ 0x08, 0x00, //                         partition_key_index = 0          (field 1, varint: key 0x08)
      /**/ 0x1a, 0x02, 0x68, 0x69, //             data = "hi"                      (field 3, wire type 2: key 0x1A)
      0x1a, 0x08, //                              records[1], 8 bytes
      /**/ 0x08, 0x01, //                         partition_key_index = 1 ("b")
      /**/ 0x10, 0x00, //                         explicit_hash_key_index = 0 ("1") (field 2, varint: key 0x10)
      /**/ 0x1a, 0x02, 0x01, 0x02, //             data = 01 02
      0x1a, 0x04, //                              records[2], 4 bytes
      /**/ 0x08, 0x00, //                         partition_key_index = 0 ("a", deduplicated)
      /**/ 0x1a, 0x00, //                         data = empty (required, so written)
    ];
    const magic = [0xf3, 0x89, 0x9a, 0xc2];
    const digest = [...createHash('md5').update(Uint8Array.from(protobuf)).digest()];
    assert.deepEqual([...aggregate.data], [...magic, ...protobuf, ...digest]);
    assert.deepEqual([...aggregate.data.subarray(0, 4)], magic, 'magic F3 89 9A C2');
    assert.deepEqual([...aggregate.data.subarray(-16)], digest, 'MD5 of the protobuf');

    // The aggregate's own keys: the first user record's partition key and hash key (MD5("a") in decimal).
    assert.equal(aggregate.partitionKey, 'a');
    assert.equal(aggregate.explicitHashKey, BigInt('0x0cc175b9c0f1b6a831c399e269772661').toString());
    assert.equal(aggregate.shardId, 'shardId-000000000000');
    assert.equal(aggregate.aggregated, true);
    assert.deepEqual(aggregate.tags, ['first', 'second', 'third']);
    assert.deepEqual(deaggregate(aggregate.data), {
      ok: true,
      records: [
        { partitionKey: 'a', data: text('hi') },
        { partitionKey: 'b', explicitHashKey: '1', data: Uint8Array.of(1, 2) },
        { partitionKey: 'a', data: new Uint8Array(0) },
      ].map((r) => ({ ...r, data: new Uint8Array(r.data) })),
    });

    // A shard with one user record gets it as is: the envelope would only add bytes.
    assert.deepEqual(single, {
      shardId: 'shardId-000000000003',
      partitionKey: 'z',
      explicitHashKey: ((1n << 128n) - 1n).toString(),
      data: text('!'),
      aggregated: false,
      tags: ['other'],
      reason: 'flush',
    });
    assert.equal(aggregator.pendingRecords, 0);
    assert.equal(aggregator.pendingBytes, 0);
  });

  it('round-trips 3,000 random user records through the decoder, per shard in order, one shard per aggregate', () => {
    const random = createSeededRandom(7);
    const aggregator = new KplAggregator<number>({ shardMap: fourShards, maxAggregateBytes: 20_000 });
    const sent: UserRecord[] = [];
    const outputs: OutputRecord<number>[] = [];
    for (let i = 0; i < 3000; i++) {
      const key = `user-${Math.floor(random() * 50)}`;
      const data = new Uint8Array(Math.floor(random() * 300));
      for (let j = 0; j < data.length; j++) data[j] = Math.floor(random() * 256);
      const record: UserRecord = i % 7 === 0 ? { partitionKey: key, explicitHashKey: String(BigInt(i) * 10n ** 34n), data } : { partitionKey: key, data };
      sent.push(record);
      outputs.push(...aggregator.add(record, i));
    }
    outputs.push(...aggregator.flush());
    assertOneShardEach(outputs, fourShards);
    assert.ok(outputs.filter((o) => o.aggregated).length >= 20);

    // Every user record comes out once, tagged, with its bytes; within each shard in the order added.
    const seen = outputs.flatMap((o) => userRecordsOf(o).map((user, k) => ({ user, tag: o.tags[k], shardId: o.shardId })));
    assert.deepEqual(seen.map((s) => s.tag).sort((a, b) => a - b), sent.map((_, i) => i));
    for (const s of seen) assert.deepEqual(s.user, { ...sent[s.tag], data: new Uint8Array(sent[s.tag].data) });
    for (const shard of fourShards.shards) {
      const tags = seen.filter((s) => s.shardId === shard.shardId).map((s) => s.tag);
      assert.deepEqual(tags, [...tags].sort((a, b) => a - b), `${shard.shardId} keeps the order`);
    }
  });

  it('keeps every aggregate within the size limit (data + partition key), filling it up to the limit', () => {
    const aggregator = new KplAggregator({ shardMap: fourShards });
    const outputs: OutputRecord<undefined>[] = [];
    const record = { partitionKey: 'one-key', data: new Uint8Array(1000) };
    for (let i = 0; i < 2500; i++) outputs.push(...aggregator.add(record, undefined));
    outputs.push(...aggregator.flush());
    // Each 1000-byte record adds 1 + 2 + (2 + 1 + 2 + 1000) = 1,008 bytes to the protobuf.
    assert.equal(varintLength(1005), 2);
    assert.deepEqual(outputs.map((o) => o.reason), ['size', 'size', 'flush']);
    for (const out of outputs.slice(0, 2)) {
      assert.ok(kinesisSize(out) <= MiB, `${kinesisSize(out)} ≤ 1 MiB`);
      assert.ok(kinesisSize(out) > MiB - 1008, 'closed only when the next record did not fit');
    }
    assert.equal(outputs.reduce((n, o) => n + o.tags.length, 0), 2500);

    const small = new KplAggregator({ shardMap: fourShards, maxAggregateBytes: 500 });
    const smallOut = Array.from({ length: 100 }, () => small.add({ partitionKey: 'k', data: new Uint8Array(40) }, undefined)).flat();
    assert.ok(smallOut.length > 5 && smallOut.every((o) => kinesisSize(o) <= 500 && kinesisSize(o) > 500 - 44));
  });

  it('respects the stream record size: raised streams still get ≤ 1 MiB aggregates, a smaller limit wins', () => {
    const raised = new KplAggregator({ shardMap: fourShards, maxRecordBytes: 10 * MiB });
    const out = Array.from({ length: 1200 }, () => raised.add({ partitionKey: 'k', data: new Uint8Array(1000) }, undefined)).flat();
    assert.equal(out.length, 1);
    assert.ok(kinesisSize(out[0]) <= MiB);
    assert.throws(() => new KplAggregator({ shardMap: fourShards, maxAggregateBytes: 20 }), RangeError);
  });

  it('sends a user record too big to wrap as is, after the open aggregate of its shard, and refuses one too big for the stream', () => {
    const aggregator = new KplAggregator<string>({ shardMap: fourShards });
    aggregator.add({ partitionKey: 'k', data: text('a') }, 'a');
    aggregator.add({ partitionKey: 'k', data: text('b') }, 'b');
    const big = new Uint8Array(MiB - 10); // fits the stream (+ 1-byte key), not an envelope around it
    const out = aggregator.add({ partitionKey: 'k', data: big }, 'big');
    assert.deepEqual(out.map((o) => [o.aggregated, o.reason, o.tags]), [
      [true, 'size', ['a', 'b']],
      [false, 'oversized', ['big']],
    ]);
    assert.equal(out[1].data, big);
    assert.throws(() => aggregator.add({ partitionKey: 'k', data: new Uint8Array(MiB) }, 'too big'), /exceeds the stream's record size/);
    assert.throws(() => aggregator.add({ partitionKey: '', data: text('x') }, 'no key'), RangeError);
    assert.throws(() => aggregator.add({ partitionKey: 'k', explicitHashKey: '-1', data: text('x') }, 'bad hash key'), RangeError);
  });

  it('aligns to 25 KB PUT payload units: closes at a boundary only when the last unit is at least 90% full', () => {
    const unit = 25_000;
    const aligned = new KplAggregator({ shardMap: fourShards, alignment: true });
    const outputs: OutputRecord<undefined>[] = [];
    for (let i = 0; i < 2000; i++) outputs.push(...aligned.add({ partitionKey: 'k', data: new Uint8Array(100) }, undefined));
    const closed = outputs.filter((o) => o.reason === 'alignment');
    assert.ok(closed.length >= 5);
    for (const out of closed) {
      const size = kinesisSize(out);
      assert.ok(size <= unit && size >= 0.9 * unit, `one unit, at least 90% full (${size})`);
    }

    // 10,000-byte records: at 20 KB the last unit is 80% full, so the third record goes in and
    // crosses; the aggregate closes at the first crossing from a unit filled ≥ 90% or at the size limit.
    const coarse = new KplAggregator({ shardMap: fourShards, alignment: { unitBytes: unit, minUnitFill: 0.9 } });
    const coarseOut = Array.from({ length: 300 }, () => coarse.add({ partitionKey: 'k', data: new Uint8Array(10_000) }, undefined)).flat();
    for (const out of coarseOut) {
      const size = kinesisSize(out);
      const lastUnitFill = size - (Math.ceil(size / unit) - 1) * unit;
      if (out.reason === 'alignment') assert.ok(lastUnitFill >= 0.9 * unit, `${size}: last unit ${lastUnitFill}`);
      assert.ok(out.tags.length > 2, 'never closed from an 80%-full unit');
    }
    assert.throws(() => new KplAggregator({ shardMap: fourShards, alignment: { minUnitFill: 0 } }), RangeError);
  });

  it('bounds memory: the largest open aggregate closes when all together exceed maxPendingBytes', () => {
    const aggregator = new KplAggregator<number>({ shardMap: fourShards, maxPendingBytes: 5_000 });
    const outputs: OutputRecord<number>[] = [];
    for (let i = 0; i < 1000; i++) {
      outputs.push(...aggregator.add({ partitionKey: `k${i}`, data: new Uint8Array(100) }, i));
      assert.ok(aggregator.pendingBytes <= 5_000, `pending ${aggregator.pendingBytes}`);
    }
    assert.ok(outputs.some((o) => o.reason === 'memory'));
    const pending = aggregator.pendingBytes;
    const rest = aggregator.flush();
    assert.equal(pending, rest.reduce((n, o) => n + kinesisSize(o), 0), 'pendingBytes is what the open aggregates weigh');
    assert.equal([...outputs, ...rest].reduce((n, o) => n + o.tags.length, 0), 1000);
    assertOneShardEach([...outputs, ...rest], fourShards);
  });

  it('regroups pending records after a reshard so that no aggregate spans two new shards', () => {
    const aggregator = new KplAggregator<number>({ shardMap: fourShards });
    for (let i = 0; i < 400; i++) assert.deepEqual(aggregator.add({ partitionKey: `k${i}`, data: text(`r${i}`) }, i), []);
    // Split shard 0 at its middle; the parent closes.
    const [parent, ...others] = shards(4);
    const middle = (BigInt(parent.endingHashKey) / 2n).toString();
    const split = new ShardMap([
      { ...parent, endingSequenceNumber: '1' },
      ...others,
      { shardId: 'shardId-000000000004', startingHashKey: '0', endingHashKey: middle },
      { shardId: 'shardId-000000000005', startingHashKey: (BigInt(middle) + 1n).toString(), endingHashKey: parent.endingHashKey },
    ]);
    assert.deepEqual(aggregator.setShardMap(split), []);
    const outputs = aggregator.flush();
    assert.deepEqual(outputs.map((o) => o.shardId).sort(), split.shards.map((s) => s.shardId).sort());
    assertOneShardEach(outputs, split);
    assert.equal(outputs.reduce((n, o) => n + o.tags.length, 0), 400);
  });

  it('closes aggregates opened before a time (linger), by the injected clock', () => {
    let now = 1000;
    const aggregator = new KplAggregator({ shardMap: fourShards, clock: () => now });
    aggregator.add({ partitionKey: 'a', data: text('1') }, undefined); // shard 0, opened at 1000
    now = 1050;
    aggregator.add({ partitionKey: 'z', explicitHashKey: ((1n << 128n) - 1n).toString(), data: text('2') }, undefined); // shard 3
    const lingered = aggregator.flushOpenedBefore(1010);
    assert.deepEqual(lingered.map((o) => [o.shardId, o.reason]), [['shardId-000000000000', 'linger']]);
    assert.equal(aggregator.pendingRecords, 1);
    assert.deepEqual(aggregator.flushShard('shardId-000000000003').map((o) => o.partitionKey), ['z']);
  });
});
