import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { encodeRowViews } from '../../../src/shared/tailRows';
import { isNavigationKey, RowSelection } from '../../../src/webview/tail/selection';
import { lowerBound, ShownRows } from '../../../src/webview/tail/shownRows';

function rows(...ids: number[]): ShownRows {
  const shown = new ShownRows();
  shown.append(encodeRowViews(ids.map((id) => ({ id, shardId: 's', partitionKey: `k${id}`, sequenceNumber: String(id), size: 1, kind: 'text' as const, preview: '' }))), ids.length);
  return shown;
}

describe('shown rows', () => {
  it('keeps ids in order, finds them, and drops the evicted ones from the front', () => {
    const shown = rows(3, 5, 8, 13);
    assert.deepEqual(shown.ids, [3, 5, 8, 13]);
    assert.equal(shown.indexOf(8), 2);
    assert.equal(shown.indexOf(4), -1);
    assert.equal(shown.indexOf(undefined), -1);
    assert.equal(shown.dropBelow(3), 0);
    assert.equal(shown.dropBelow(6), 2);
    assert.deepEqual(shown.ids, [8, 13]);
    assert.match(shown.lineAt(0), /^\[8,/);
    assert.equal(shown.dropBelow(100), 2);
    assert.equal(shown.length, 0);
    assert.equal(shown.dropBelow(200), 0);
  });

  it('an empty batch adds nothing (an empty string is not a row)', () => {
    const shown = rows();
    assert.equal(shown.append('', 0), 0);
    assert.equal(shown.length, 0);
  });

  it('lowerBound finds the first id at or above', () => {
    assert.equal(lowerBound([], 1), 0);
    assert.equal(lowerBound([1, 3, 5], 0), 0);
    assert.equal(lowerBound([1, 3, 5], 3), 1);
    assert.equal(lowerBound([1, 3, 5], 4), 2);
    assert.equal(lowerBound([1, 3, 5], 9), 3);
  });
});

describe('row selection', () => {
  const plain = { extend: false, toggle: false };

  it('click selects one row; Ctrl+click toggles; Shift+click extends from the anchor', () => {
    const selection = new RowSelection(rows(10, 11, 12, 13, 14));
    selection.click(11, plain);
    assert.deepEqual(selection.selectedIds(), [11]);
    assert.equal(selection.focusId, 11);
    selection.click(13, { extend: true, toggle: false });
    assert.deepEqual(selection.selectedIds(), [11, 12, 13]);
    // The anchor stays where the range started: extending again re-draws the range from 11.
    selection.click(10, { extend: true, toggle: false });
    assert.deepEqual(selection.selectedIds(), [10, 11]);
    selection.click(14, { extend: false, toggle: true });
    assert.deepEqual(selection.selectedIds(), [10, 11, 14]);
    selection.click(11, { extend: false, toggle: true });
    assert.deepEqual(selection.selectedIds(), [10, 14]);
    // Ctrl+Shift+click adds the range to what is selected.
    selection.click(12, { extend: true, toggle: true });
    assert.deepEqual(selection.selectedIds(), [10, 11, 12, 14]);
    assert.equal(selection.focusId, 12);
  });

  it('Shift+click without an anchor selects just that row', () => {
    const selection = new RowSelection(rows(1, 2, 3));
    selection.click(2, { extend: true, toggle: false });
    assert.deepEqual(selection.selectedIds(), [2]);
  });

  it('arrow keys move focus and selection; Home, End and Page keys clamp', () => {
    const selection = new RowSelection(rows(1, 2, 3, 4, 5, 6));
    // Nothing focused: down starts at the first row, up at the last.
    assert.equal(selection.move('ArrowDown', 2, false), 1);
    assert.equal(new RowSelection(rows(1, 2, 3)).move('ArrowUp', 2, false), 3);
    assert.equal(selection.move('PageDown', 2, false), 3);
    assert.equal(selection.move('End', 2, false), 6);
    assert.equal(selection.move('ArrowDown', 2, false), 6);
    assert.equal(selection.move('PageUp', 2, false), 4);
    assert.equal(selection.move('Home', 2, false), 1);
    assert.equal(selection.move('ArrowUp', 2, false), 1);
    assert.deepEqual(selection.selectedIds(), [1]);
    assert.equal(selection.move('ArrowDown', 2, true), 2);
    assert.equal(selection.move('ArrowDown', 2, true), 3);
    assert.deepEqual(selection.selectedIds(), [1, 2, 3]);
    assert.equal(selection.move('ArrowUp', 2, true), 2);
    assert.deepEqual(selection.selectedIds(), [1, 2]);
    assert.equal(new RowSelection(rows()).move('ArrowDown', 2, false), undefined);
  });

  it('select all (Ctrl+A) and a host selection replace the selection and focus the first', () => {
    const selection = new RowSelection(rows(4, 5, 6));
    selection.click(6, plain);
    assert.equal(selection.select('all'), 4);
    assert.deepEqual(selection.selectedIds(), [4, 5, 6]);
    assert.equal(selection.focusId, 4);
    assert.equal(selection.select([6, 5]), 6);
    assert.deepEqual(selection.selectedIds(), [5, 6]);
    assert.equal(selection.copyTarget, 6);
    assert.equal(selection.select([]), undefined);
    assert.equal(selection.size, 0);
  });

  it('evicted rows leave the selection', () => {
    const shown = rows(1, 2, 3, 4);
    const selection = new RowSelection(shown);
    selection.select('all');
    shown.dropBelow(3);
    selection.dropBelow(3);
    assert.deepEqual(selection.selectedIds(), [3, 4]);
  });

  it('copy acts on the focused row, else the first selected', () => {
    const selection = new RowSelection(rows(1, 2));
    assert.equal(selection.copyTarget, undefined);
    selection.click(2, plain);
    assert.equal(selection.copyTarget, 2);
  });

  it('knows its navigation keys', () => {
    assert.ok(isNavigationKey('PageDown'));
    assert.ok(!isNavigationKey('Enter'));
    assert.ok(!isNavigationKey('toString'));
  });
});
