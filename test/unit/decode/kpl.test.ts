import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSeededRandom } from '../../../src/core/analysis/keyPatterns';
import { aggregate, deaggregate, isAggregated, KPL_MAGIC, type UserRecord } from '../../../src/core/decode/kpl';

const MAGIC = [0xf3, 0x89, 0x9a, 0xc2];

/** MD5 from node:crypto, so the checks do not depend on the pure-TS MD5 the code under test uses. */
function nodeMd5(bytes: number[]): number[] {
  return [...createHash('md5').update(Uint8Array.from(bytes)).digest()];
}

/** Magic + protobuf + MD5(protobuf), from hand-written protobuf bytes. */
function frame(protobuf: number[]): Uint8Array {
  return Uint8Array.from([...MAGIC, ...protobuf, ...nodeMd5(protobuf)]);
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

function roundTrip(records: UserRecord[]): UserRecord[] {
  const result = deaggregate(aggregate(records));
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.records;
}

describe('KPL aggregation', () => {
  it('exports the magic bytes from the published format', () => {
    assert.deepEqual([...KPL_MAGIC], MAGIC);
  });

  it('writes a single record byte for byte as the format prescribes', () => {
    // AggregatedRecord:
    //   0A 01 61                 partition_key_table[0] = "a"   (field 1, wire type 2 -> key 0x0A)
    //   1A 06 <Record>           records[0], 6 bytes            (field 3, wire type 2 -> key 0x1A)
    // Record:
    //   08 00                    partition_key_index = 0        (field 1, wire type 0 -> key 0x08)
    //   1A 02 01 02              data = 01 02                   (field 3, wire type 2 -> key 0x1A)
    const protobuf = [0x0a, 0x01, 0x61, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x01, 0x02];
    const expected = frame(protobuf);
    assert.deepEqual(aggregate([{ partitionKey: 'a', data: bytes(1, 2) }]), expected);
    assert.deepEqual(deaggregate(expected), { ok: true, records: [{ partitionKey: 'a', data: bytes(1, 2) }] });
  });

  it('writes explicit hash keys, shared keys and multi-byte varint lengths by hand', () => {
    const data = new Uint8Array(300).fill(0x7a); // length 300 = 0b10_0101100 -> varint AC 02
    const records: UserRecord[] = [
      { partitionKey: 'k', explicitHashKey: '42', data },
      { partitionKey: 'k', data: bytes() },
    ];
    // Record 0: 08 00 | 10 00 | 1A AC 02 <300 bytes>  = 2 + 2 + 3 + 300 = 307 bytes -> varint B3 02
    // Record 1: 08 00 | 1A 00                         = 4 bytes
    const protobuf = [
      0x0a, 0x01, 0x6b, // partition_key_table[0] = "k" (deduplicated: written once)
      0x12, 0x02, 0x34, 0x32, // explicit_hash_key_table[0] = "42" (field 2 -> key 0x12)
      0x1a, 0xb3, 0x02, 0x08, 0x00, 0x10, 0x00, 0x1a, 0xac, 0x02, ...data,
      0x1a, 0x04, 0x08, 0x00, 0x1a, 0x00,
    ];
    assert.deepEqual(aggregate(records), frame(protobuf));
    assert.deepEqual(roundTrip(records), records);
  });

  it('round-trips 0, 1 and many records with binary, empty and unicode content', () => {
    assert.deepEqual(roundTrip([]), []);
    assert.deepEqual(roundTrip([{ partitionKey: 'only', data: text('{"a":1}') }]), [{ partitionKey: 'only', data: text('{"a":1}') }]);

    const random = createSeededRandom(7);
    const many: UserRecord[] = [];
    for (let i = 0; i < 500; i++) {
      const data = new Uint8Array(Math.floor(random() * 200));
      for (let b = 0; b < data.length; b++) data[b] = Math.floor(random() * 256);
      many.push({
        partitionKey: ['device-1', 'device-2', 'Ünïcødé 🔑', '日本語キー', ''][i % 5],
        ...(i % 3 === 0 ? { explicitHashKey: String(BigInt(i) * 10n ** 36n) } : {}),
        data,
      });
    }
    assert.deepEqual(roundTrip(many), many);
  });

  it('reads fields in any order and skips unknown fields and tags of every wire type', () => {
    const record = [
      0x1a, 0x01, 0x58, // data = "X" before the index
      0x22, 0x04, 0x0a, 0x02, 0x74, 0x31, // tags (field 4): Tag { key = "t1" }
      0x2d, 1, 2, 3, 4, // field 5, fixed32
      0x31, 1, 2, 3, 4, 5, 6, 7, 8, // field 6, fixed64
      0x38, 0xff, 0xff, 0x03, // field 7, varint
      0x08, 0x01, // partition_key_index = 1
      0x10, 0x00, // explicit_hash_key_index = 0
    ];
    const protobuf = [
      0x1a, record.length, ...record, // the record before the tables it refers to
      0x0a, 0x01, 0x70, // "p"
      0x0a, 0x01, 0x71, // "q"
      0x12, 0x01, 0x39, // "9"
      0x25, 9, 9, 9, 9, // field 4 of AggregatedRecord, fixed32: unknown
    ];
    assert.deepEqual(deaggregate(frame(protobuf)), { ok: true, records: [{ partitionKey: 'q', explicitHashKey: '9', data: text('X') }] });
  });

  it('rejects a corrupted MD5', () => {
    const aggregated = aggregate([{ partitionKey: 'a', data: text('hello') }]);
    const corrupt = aggregated.slice();
    corrupt[corrupt.length - 1] ^= 0x01;
    const result = deaggregate(corrupt);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /MD5/);

    // A flipped payload byte is caught by the same check.
    const payload = aggregated.slice();
    payload[8] ^= 0x40;
    assert.equal(deaggregate(payload).ok, false);
  });

  it('does not treat records without the magic as aggregated', () => {
    const aggregated = aggregate([{ partitionKey: 'a', data: text('hello') }]);
    assert.equal(isAggregated(aggregated), true);
    const wrong = aggregated.slice();
    wrong[3] = 0xc3;
    assert.equal(isAggregated(wrong), false);
    const result = deaggregate(wrong);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /magic/);
    assert.equal(isAggregated(text('test')), false);
    assert.equal(isAggregated(bytes(...MAGIC)), false, 'too short to hold the digest');
  });

  it('reports protobuf-level problems behind a valid MD5', () => {
    const reason = (protobuf: number[]) => {
      const result = deaggregate(frame(protobuf));
      assert.equal(result.ok, false, JSON.stringify(protobuf));
      return result.ok ? '' : result.reason;
    };
    assert.match(reason([0x1a, 0x02, 0x08, 0x00]), /no data/);
    assert.match(reason([0x1a, 0x02, 0x1a, 0x00]), /no partition_key_index/);
    assert.match(reason([0x1a, 0x04, 0x08, 0x00, 0x1a, 0x00]), /outside the table of 0/);
    assert.match(reason([0x0a, 0x00, 0x1a, 0x06, 0x08, 0x00, 0x10, 0x05, 0x1a, 0x00]), /explicit_hash_key_index 5/);
    assert.match(reason([0x0a, 0x05, 0x61]), /runs past the end/);
    assert.match(reason([0x0b]), /wire type 3/); // a group
    assert.match(reason([0x00]), /bad field key/); // field number 0
    assert.match(reason([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /wire type 0/); // 11-byte varint
    assert.match(reason([0x0a, 0x00, 0x1a, 0x02, 0x08, 0xff, 0x1a, 0x00]), /record 0/);
  });

  it('never throws on 2,000 random mutations, truncations and garbage', () => {
    const random = createSeededRandom(20240607);
    const base = aggregate([
      { partitionKey: 'alpha', explicitHashKey: '123', data: text('{"n":1}') },
      { partitionKey: 'beta', data: bytes(0, 1, 2, 255) },
      { partitionKey: 'alpha', data: bytes() },
    ]);
    const int = (n: number) => Math.floor(random() * n);
    let parsedAfterMutation = 0;
    for (let i = 0; i < 2000; i++) {
      let input: Uint8Array;
      const mode = i % 4;
      if (mode === 0) {
        // Flip bytes in the protobuf and re-sign it, so the parser (not the MD5 check) sees the damage.
        const protobuf = [...base.subarray(4, base.length - 16)];
        for (let f = 1 + int(4); f > 0; f--) protobuf[int(protobuf.length)] = int(256);
        input = frame(protobuf.slice(0, int(protobuf.length + 1)));
      } else if (mode === 1) {
        input = base.slice(0, int(base.length + 1)); // truncated
      } else if (mode === 2) {
        const mutated = base.slice();
        mutated[int(mutated.length)] = int(256);
        input = mutated;
      } else {
        input = frame(Array.from({ length: int(64) }, () => int(256))); // garbage behind a valid MD5
      }
      const result = deaggregate(input);
      assert.equal(typeof result.ok, 'boolean');
      if (result.ok) {
        parsedAfterMutation++;
        for (const record of result.records) {
          assert.equal(typeof record.partitionKey, 'string');
          assert.ok(record.data instanceof Uint8Array);
        }
      } else assert.ok(result.reason.length > 0);
    }
    assert.ok(parsedAfterMutation < 2000);
  });
});
