import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TailHistogram } from '../../../src/shared/tailProtocol';
import { binAt, binRange, hasBins, histogramSummary, rangeBins } from '../../../src/webview/tail/histogramModel';

const T0 = new Date(2026, 11, 2, 10, 0, 0).getTime();
/** 10 bins of one second each from T0. */
const histogram: TailHistogram = { from: T0, to: T0 + 10_000, counts: [1, 0, 5, 2, 0, 0, 0, 0, 0, 3], untimed: 0 };

describe('histogram brush arithmetic', () => {
  it('maps a position to its bin, clamped', () => {
    assert.equal(binAt(histogram, 0), 0);
    assert.equal(binAt(histogram, 0.25), 2);
    assert.equal(binAt(histogram, 0.999), 9);
    assert.equal(binAt(histogram, 1.5), 9);
    assert.equal(binAt(histogram, -1), 0);
  });

  it('turns bins into a time range and back (either order; the last bin ends at `to`)', () => {
    assert.deepEqual(binRange(histogram, 3, 2), { from: T0 + 2000, to: T0 + 4000 });
    assert.deepEqual(binRange(histogram, 9, 9), { from: T0 + 9000, to: T0 + 10_000 });
    assert.deepEqual(rangeBins(histogram, binRange(histogram, 2, 3)), [2, 3]);
    assert.deepEqual(rangeBins(histogram, { from: T0 - 5000, to: T0 + 500 }), [0, 0], 'clamped to the bins');
    assert.equal(rangeBins(histogram, { from: T0 + 20_000, to: T0 + 30_000 }), undefined, 'a range past the bins covers none');
    // Real arrival times make widths that are not whole numbers: one bin must stay one bin.
    const odd: TailHistogram = { from: 1764705374539, to: 1764705399518, counts: new Array<number>(60).fill(1), untimed: 0 };
    for (let bin = 0; bin < 60; bin++) assert.deepEqual(rangeBins(odd, binRange(odd, bin, bin)), [bin, bin], `bin ${bin}`);
    const narrow: TailHistogram = { from: 1764705374539, to: 1764705374542, counts: new Array<number>(60).fill(1), untimed: 0 };
    for (let bin = 0; bin < 60; bin++) assert.deepEqual(rangeBins(narrow, binRange(narrow, bin, bin + 2)), [bin, Math.min(59, bin + 2)], `narrow bins ${bin}`);
  });

  it('says what it shows in words', () => {
    assert.ok(hasBins(histogram));
    const summary = histogramSummary(histogram, undefined, 11);
    assert.match(summary, /^11 arrivals from 10:00:00\.000 to 10:00:09\.999/);
    assert.match(summary, /busiest at 10:00:02\.000 \(5\)/);
    assert.match(summary, /no range/);
    assert.match(histogramSummary(histogram, { from: T0 + 2000, to: T0 + 4000 }, 7), /range 10:00:02\.000–10:00:04\.000: 7 shown/);
    assert.equal(histogramSummary({ from: 0, to: 0, counts: [0, 0], untimed: 0 }, undefined, 0), 'No arrivals yet.');
    assert.match(histogramSummary({ from: 0, to: 0, counts: [0], untimed: 3 }, undefined, 3), /3 records without an arrival time/);
  });
});
