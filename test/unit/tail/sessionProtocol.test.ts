import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeRowView, encodedRowId, encodeRowViews, parseFromTailView, type TailRowView } from '../../../src/shared/tailProtocol';

describe('tail viewer protocol', () => {
  it('rows survive encoding, newlines in values included, one line per row', () => {
    const rows: TailRowView[] = [
      { id: 7, time: 1764064800000, shardId: 'shardId-000000000001', partitionKey: 'k\n1', sequenceNumber: '495', size: 3, kind: 'text', preview: 'a\nb "q"' },
      { id: 8, shardId: 's', partitionKey: 'u', sequenceNumber: '496', subSequenceNumber: 2, size: 0, kind: 'binary', gzip: true, kplFallback: 'MD5 mismatch', preview: '' },
    ];
    const encoded = encodeRowViews(rows);
    const lines = encoded.split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(lines.map(encodedRowId), [7, 8]);
    // Absent and undefined are the same to the page.
    assert.deepEqual(lines.map((line) => JSON.parse(JSON.stringify(decodeRowView(line))) as TailRowView), rows);
    assert.equal(encodeRowViews([]), '');
  });

  it('accepts only well-formed messages from the page', () => {
    assert.deepEqual(parseFromTailView({ type: 'setFilter', mode: 'jsonPath', text: '$.a' }), { type: 'setFilter', mode: 'jsonPath', text: '$.a' });
    assert.deepEqual(parseFromTailView({ type: 'export', ids: [1, 2] }), { type: 'export', ids: [1, 2] });
    for (const bad of [null, 'ready', { type: 'setFilter', mode: 'sql', text: 'x' }, { type: 'copy', id: -1 }, { type: 'export', ids: [1.5] },
      { type: 'stats', maxFrameGapMs: 'slow' }, { type: 'eval', code: '1' }]) {
      assert.equal(parseFromTailView(bad), undefined, JSON.stringify(bad));
    }
  });
});
