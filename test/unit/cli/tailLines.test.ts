/**
 * The lines `kinesis-studio tail` prints (src/cli/tail.ts): JSON data is the record's own text, byte
 * for byte, unless that text cannot sit in one NDJSON line as it is; and how --filter is read.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { findTopLevelMember } from '../../../src/core/bulkPut/jsonScan';
import { aggregate as encodeAggregatedRecord } from '../../../src/core/decode/kpl';
import { rowsOfRecord } from '../../../src/core/tail/rows';
import { decodedLine, filterSpecOf, rawLine } from '../../../src/cli/tail';

const record = (data: Uint8Array) => ({ sequenceNumber: '4959', partitionKey: 'p', data, approximateArrivalTimestamp: new Date('2026-01-31T12:00:00Z') });
const lineOf = (text: string | Uint8Array) => {
  let id = 0;
  const [row] = rowsOfRecord('shardId-000000000000', record(typeof text === 'string' ? Buffer.from(text, 'utf8') : text), () => id++);
  return decodedLine(row);
};

describe('tail CLI lines', () => {
  it('embeds JSON data verbatim: spacing, number formatting and escapes survive', () => {
    const text = '{"a": 1.50, "b":"\\u00e9",  "c":[1e2]}';
    const line = lineOf(text);
    const span = findTopLevelMember(line, 'data')!;
    assert.equal(line.slice(span[0], span[1]), text);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.dataEncoding, 'json');
    assert.deepEqual(Object.keys(parsed), ['shardId', 'sequenceNumber', 'partitionKey', 'approximateArrivalTimestamp', 'dataEncoding', 'data']);
  });

  it('prints JSON that spans lines or has whitespace around it as text, so the bytes still survive', () => {
    for (const text of ['{\n  "a": 1\n}', ' {"a":1} ']) {
      const line = lineOf(text);
      assert.ok(!line.includes('\n'));
      const parsed = JSON.parse(line) as { dataEncoding: string; data: string };
      assert.equal(parsed.dataEncoding, 'text');
      assert.equal(parsed.data, text);
    }
  });

  it('prints binary data as base64 and gzip data inflated with "gzip": true', () => {
    const binary = Uint8Array.from([0, 1, 2, 255]);
    const bin = JSON.parse(lineOf(binary)) as { dataEncoding: string; data: string };
    assert.equal(bin.dataEncoding, 'base64');
    assert.equal(bin.data, 'AAEC/w==');
    const gz = JSON.parse(lineOf(gzipSync('{"z":1}'))) as { gzip?: boolean; data: unknown };
    assert.equal(gz.gzip, true);
    assert.deepEqual(gz.data, { z: 1 });
  });

  it('splits a KPL aggregate into user records; --raw keeps the stored bytes', () => {
    const aggregate = encodeAggregatedRecord([{ partitionKey: 'u1', data: Buffer.from('one') }, { partitionKey: 'u2', data: Buffer.from('{"two":2}') }]);
    let id = 0;
    const rows = rowsOfRecord('shardId-000000000000', record(aggregate), () => id++);
    assert.deepEqual(rows.map((r) => JSON.parse(decodedLine(r)) as object), rows.map((_, i) => ({
      shardId: 'shardId-000000000000', sequenceNumber: '4959', subSequenceNumber: i, partitionKey: `u${i + 1}`,
      approximateArrivalTimestamp: '2026-01-31T12:00:00.000Z', dataEncoding: i === 0 ? 'text' : 'json', data: i === 0 ? 'one' : { two: 2 },
    })));
    const raw = JSON.parse(rawLine('shardId-000000000000', record(aggregate))) as { dataEncoding: string; data: string };
    assert.equal(raw.dataEncoding, 'base64');
    assert.deepEqual(Buffer.from(raw.data, 'base64'), Buffer.from(aggregate));
  });

  it('reads --filter as a JSON path ($…), a regular expression (/…/flags) or plain text', () => {
    assert.deepEqual(filterSpecOf('$.user.id == "u1"'), { mode: 'jsonPath', text: '$.user.id == "u1"' });
    assert.deepEqual(filterSpecOf('/^dev-\\d+/i'), { mode: 'regex', text: '/^dev-\\d+/i' });
    assert.deepEqual(filterSpecOf('checkout'), { mode: 'text', text: 'checkout' });
    assert.deepEqual(filterSpecOf('/not a regex'), { mode: 'text', text: '/not a regex' });
  });
});
