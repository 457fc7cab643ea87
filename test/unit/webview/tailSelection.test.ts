import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isNavigationKey, RowSelection, type OrdinalSpace } from '../../../src/webview/tail/selection';

/** The ordinals first..end-1, as the table would have them; mutable like the table's. */
function space(first: number, end: number): { first: number; end: number } & OrdinalSpace {
  return { first, end };
}

/** Every selected ordinal in [first, end), expanded from the ranges. */
function selected(selection: RowSelection): number[] {
  return selection.ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
}

describe('row selection (ordinal ranges)', () => {
  const plain = { extend: false, toggle: false };

  it('click selects one row; Ctrl+click toggles; Shift+click extends from the anchor', () => {
    const selection = new RowSelection(space(10, 15));
    selection.click(11, plain);
    assert.deepEqual(selected(selection), [11]);
    assert.equal(selection.focus, 11);
    selection.click(13, { extend: true, toggle: false });
    assert.deepEqual(selected(selection), [11, 12, 13]);
    // The anchor stays where the range started: extending again re-draws the range from 11.
    selection.click(10, { extend: true, toggle: false });
    assert.deepEqual(selected(selection), [10, 11]);
    selection.click(14, { extend: false, toggle: true });
    assert.deepEqual(selected(selection), [10, 11, 14]);
    selection.click(11, { extend: false, toggle: true });
    assert.deepEqual(selected(selection), [10, 14]);
    // Ctrl+Shift+click adds the range to what is selected.
    selection.click(12, { extend: true, toggle: true });
    assert.deepEqual(selected(selection), [10, 11, 12, 14]);
    assert.deepEqual(selection.ranges, [[10, 12], [14, 14]], 'kept as merged ranges');
    assert.equal(selection.focus, 12);
    assert.ok(selection.has(11) && !selection.has(13) && selection.has(14));
  });

  it('toggling a row out of the middle of a range splits it', () => {
    const selection = new RowSelection(space(0, 10));
    selection.select([[2, 6]]);
    selection.click(4, { extend: false, toggle: true });
    assert.deepEqual(selection.ranges, [[2, 3], [5, 6]]);
    assert.equal(selection.size, 4);
  });

  it('Shift+click without an anchor selects just that row', () => {
    const selection = new RowSelection(space(1, 4));
    selection.click(2, { extend: true, toggle: false });
    assert.deepEqual(selected(selection), [2]);
  });

  it('arrow keys move focus and selection; Home, End and Page keys clamp', () => {
    const selection = new RowSelection(space(1, 7));
    // Nothing focused: down starts at the first row, up at the last.
    assert.equal(selection.move('ArrowDown', 2, false), 1);
    assert.equal(new RowSelection(space(1, 4)).move('ArrowUp', 2, false), 3);
    assert.equal(selection.move('PageDown', 2, false), 3);
    assert.equal(selection.move('End', 2, false), 6);
    assert.equal(selection.move('ArrowDown', 2, false), 6);
    assert.equal(selection.move('PageUp', 2, false), 4);
    assert.equal(selection.move('Home', 2, false), 1);
    assert.equal(selection.move('ArrowUp', 2, false), 1);
    assert.deepEqual(selected(selection), [1]);
    assert.equal(selection.move('ArrowDown', 2, true), 2);
    assert.equal(selection.move('ArrowDown', 2, true), 3);
    assert.deepEqual(selected(selection), [1, 2, 3]);
    assert.equal(selection.move('ArrowUp', 2, true), 2);
    assert.deepEqual(selected(selection), [1, 2]);
    assert.equal(new RowSelection(space(5, 5)).move('ArrowDown', 2, false), undefined);
  });

  it('select all is one range, however many rows; a host selection replaces it and focuses the first', () => {
    const selection = new RowSelection(space(4, 100_004));
    selection.click(6, plain);
    assert.equal(selection.select('all'), 4);
    assert.deepEqual(selection.ranges, [[4, 100_003]]);
    assert.equal(selection.size, 100_000);
    assert.equal(selection.focus, 4);
    assert.equal(selection.select([[6, 6], [5, 5]]), 5);
    assert.deepEqual(selection.ranges, [[5, 6]]);
    assert.equal(selection.select([]), undefined);
    assert.equal(selection.size, 0);
    selection.click(9, plain);
    selection.deselect();
    assert.equal(selection.size, 0);
    assert.equal(selection.focus, 9, 'Escape deselects but keeps the focus');
  });

  it('rows dropped from the ring leave the selection, and the size counts only rows still shown', () => {
    const rows = space(1, 5);
    const selection = new RowSelection(rows);
    selection.select('all');
    rows.first = 3;
    assert.equal(selection.size, 2, 'size is clipped to what is shown');
    selection.dropBelow(3);
    assert.deepEqual(selection.ranges, [[3, 4]]);
    selection.click(3, plain);
    rows.first = 4;
    selection.dropBelow(4);
    assert.equal(selection.focus, undefined, 'a focus on a dropped row is forgotten');
  });

  it('knows its navigation keys', () => {
    assert.ok(isNavigationKey('PageDown'));
    assert.ok(!isNavigationKey('Enter'));
    assert.ok(!isNavigationKey('toString'));
  });
});
