import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseFromTailView, type TailRowView } from '../../../src/shared/tailProtocol';
import { decodeRowView, encodedRowId, encodeRowViews } from '../../../src/shared/tailRows';
import { acceptMessage } from '../../../src/shared/webviewMessages';

const SOURCE = 'tail:6f1c2d9e';
const STATS = { maxFrameGapMs: 16.7, frames: 60, rowsShown: 10, domRows: 40, maxMessageMs: 1.2, maxRenderMs: 3.4 };

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
    assert.deepEqual(parseFromTailView({ type: 'setFilter', source: SOURCE, mode: 'jsonPath', text: '$.a' }), { type: 'setFilter', source: SOURCE, mode: 'jsonPath', text: '$.a' });
    for (const type of ['ready', 'pause', 'resume', 'export', 'copy', 'openJson', 'putRecord']) assert.deepEqual(parseFromTailView({ type, source: SOURCE }), { type, source: SOURCE });
    const viewport = { type: 'viewport', source: SOURCE, generation: 2, start: 40, count: 60 };
    assert.deepEqual(parseFromTailView(viewport), viewport);
    assert.ok(parseFromTailView({ ...viewport, start: 'end' }));
    const selection = { type: 'selection', source: SOURCE, generation: 2, ranges: [[3, 4], [9, 9]], focus: 9 };
    assert.deepEqual(parseFromTailView(selection), selection, 'the selection is a user message now: export and put act on it');
    assert.ok(parseFromTailView({ type: 'setShards', source: SOURCE, hidden: ['shardId-000000000001'] }));
    assert.ok(parseFromTailView({ type: 'setRange', source: SOURCE, range: { from: 1, to: 2 } }));
    assert.ok(parseFromTailView({ type: 'setRange', source: SOURCE }), 'no range clears it');
    for (const bad of [null, 'ready', [], { type: 'setFilter', source: SOURCE, mode: 'sql', text: 'x' }, { type: 'copy', source: SOURCE, id: 1 },
      { ...viewport, count: 501 }, { ...viewport, start: -1 }, { ...viewport, start: 'top' }, { ...viewport, generation: 1.5 },
      { ...selection, ranges: [[1]] }, { ...selection, ranges: [[1, -2]] }, { ...selection, focus: '3' },
      { type: 'setShards', source: SOURCE, hidden: [''] }, { type: 'setRange', source: SOURCE, range: { from: 'x', to: 2 } },
      { type: 'setFilter', source: SOURCE, mode: 'text', text: 'x'.repeat(10_001) }, { type: 'eval', source: SOURCE, code: '1' },
      { type: 'pause', source: SOURCE, extra: true }]) {
      assert.equal(parseFromTailView(bad), undefined, JSON.stringify(bad));
      assert.equal(parseFromTailView(bad, true), undefined, `${JSON.stringify(bad)} (test mode)`);
    }
  });

  it('a message without a source, or with an empty one, is malformed', () => {
    for (const bad of [{ type: 'ready' }, { type: 'pause', source: '' }, { type: 'copy', source: 7 }, { type: 'resume', source: 'x'.repeat(201) }]) {
      assert.equal(parseFromTailView(bad, true), undefined, JSON.stringify(bad));
    }
  });

  it('test-hook messages are refused unless the extension runs in test mode', () => {
    const stats = { type: 'stats', source: SOURCE, ...STATS };
    assert.equal(parseFromTailView(stats), undefined);
    assert.deepEqual(parseFromTailView(stats, true), stats);
    assert.equal(parseFromTailView({ ...stats, maxFrameGapMs: 'slow' }, true), undefined);
    assert.equal(parseFromTailView({ ...stats, frames: -1 }, true), undefined);
    assert.equal(parseFromTailView({ ...stats, maxRenderMs: Number.POSITIVE_INFINITY }, true), undefined);
  });

  it('a long-task attribution is cut to 200 characters, not refused', () => {
    const parsed = parseFromTailView({ type: 'stats', source: SOURCE, ...STATS, maxLongTaskMs: 80, longTaskSource: 'self '.repeat(100) }, true);
    assert.ok(parsed?.type === 'stats');
    assert.equal(parsed.longTaskSource?.length, 200);
  });

  it('the host gate refuses a well-formed message for another viewer, and says why', () => {
    const parse = (raw: unknown) => parseFromTailView(raw);
    assert.deepEqual(acceptMessage({ type: 'pause', source: SOURCE }, SOURCE, parse), { ok: true, message: { type: 'pause', source: SOURCE } });
    assert.deepEqual(acceptMessage({ type: 'pause', source: 'tail:other' }, SOURCE, parse), { ok: false, reason: 'otherSource', source: 'tail:other' });
    assert.deepEqual(acceptMessage({ type: 'pause' }, SOURCE, parse), { ok: false, reason: 'invalid' });
  });
});
