import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { exportedRecord, toNdjson } from '../../../src/core/tail/ndjson';
import { rowsOfRecord, SEARCH_TEXT_CHARS, type TailRow } from '../../../src/core/tail/rows';

let id = 0;
function row(data: Uint8Array, partitionKey = 'k'): TailRow {
  return rowsOfRecord('shardId-000000000003', { partitionKey, sequenceNumber: '7', data }, () => id++)[0];
}
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('NDJSON export', () => {
  it('exports text longer than what rows keep for filtering in full', () => {
    const long = 'x'.repeat(SEARCH_TEXT_CHARS + 10);
    const r = row(utf8(long));
    assert.equal(r.summary.text?.length, SEARCH_TEXT_CHARS, 'the row keeps a prefix');
    const exported = exportedRecord(r);
    assert.equal(exported.dataEncoding, 'text');
    assert.equal(exported.data, long);
  });

  it('exports gzip whose content is binary as the stored bytes, without the gzip flag', () => {
    const stored = gzipSync(new Uint8Array([0, 1, 2, 3]));
    const exported = exportedRecord(row(stored));
    assert.equal(exported.dataEncoding, 'base64');
    assert.equal(exported.gzip, undefined);
    assert.deepEqual(Buffer.from(exported.data as string, 'base64'), Buffer.from(stored));
  });

  it('keeps a JSON scalar or invalid JSON as text', () => {
    assert.deepEqual([exportedRecord(row(utf8('42'))).dataEncoding, exportedRecord(row(utf8('{"a":'))).dataEncoding], ['text', 'text']);
  });

  it('writes one line per row and a final newline; nothing for no rows', () => {
    const text = toNdjson([row(utf8('{"a":1}'), 'p1'), row(utf8('b'), 'p2')]);
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[2], '');
    assert.deepEqual(lines.slice(0, 2).map((l) => (JSON.parse(l) as { partitionKey: string }).partitionKey), ['p1', 'p2']);
    assert.equal(toNdjson([]), '');
  });
});
