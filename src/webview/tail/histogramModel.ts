/**
 * The arrival-time histogram's arithmetic, apart from its drawing (./histogram.ts): which bins a
 * brush covers, the time range of bins, and the summary a screen reader reads. DOM-free
 * (unit-tested in plain Node). The bins themselves are counted on the host (src/core/tail/view.ts).
 */
import type { TailHistogram, TailTimeRange } from '../../shared/tailProtocol';
import { formatInteger } from '../common/format';
import * as l10n from '@vscode/l10n';
import { formatTime } from './format';

/** True when the histogram has rows with an arrival time. */
export function hasBins(histogram: TailHistogram): boolean {
  return histogram.to > histogram.from && histogram.counts.length > 0;
}

/** The bin under a horizontal position, `fraction` of the width from the left (clamped). */
export function binAt(histogram: TailHistogram, fraction: number): number {
  const bins = histogram.counts.length;
  return Math.min(bins - 1, Math.max(0, Math.floor(fraction * bins)));
}

/** The time range bins `a..b` (inclusive, either order) cover; the last bin ends at `to`. */
export function binRange(histogram: TailHistogram, a: number, b: number): TailTimeRange {
  const bins = histogram.counts.length;
  const width = (histogram.to - histogram.from) / bins;
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(bins - 1, Math.max(a, b));
  return { from: histogram.from + lo * width, to: hi === bins - 1 ? histogram.to : histogram.from + (hi + 1) * width };
}

/** The bins whose centres a time range holds (at least one, clamped to the histogram), or undefined when it misses them all. */
export function rangeBins(histogram: TailHistogram, range: TailTimeRange): [number, number] | undefined {
  if (!hasBins(histogram) || range.to <= histogram.from || range.from >= histogram.to) return undefined;
  const bins = histogram.counts.length;
  const width = (histogram.to - histogram.from) / bins;
  // A bin is in the range when its centre is: ranges made by binRange start and end on bin edges,
  // which arrival times of ~1.7e12 ms make a little off (by up to a few % of a narrow bin), and a
  // test on the edges themselves would then mark a neighbour or miss the bin.
  const lo = Math.max(0, Math.ceil((range.from - histogram.from) / width - 0.5));
  const hi = Math.min(bins - 1, Math.ceil((range.to - histogram.from) / width - 0.5) - 1);
  return [lo, Math.max(lo, hi)];
}

/** What the histogram shows, in words (its accessible description, and the line under it). */
export function histogramSummary(histogram: TailHistogram, range: TailTimeRange | undefined, shown: number): string {
  if (!hasBins(histogram)) return histogram.untimed > 0 ? l10n.t('{0} records without an arrival time.', formatInteger(histogram.untimed)) : l10n.t('No arrivals yet.');
  const total = histogram.counts.reduce((sum, n) => sum + n, 0);
  let busiest = 0;
  for (let i = 1; i < histogram.counts.length; i++) if (histogram.counts[i] > histogram.counts[busiest]) busiest = i;
  const busiestStart = binRange(histogram, busiest, busiest).from;
  const parts = [
    l10n.t('{0} arrivals from {1} to {2}', formatInteger(total), formatTime(histogram.from), formatTime(histogram.to - 1)),
    l10n.t('busiest at {0} ({1})', formatTime(busiestStart), formatInteger(histogram.counts[busiest])),
  ];
  parts.push(range ? l10n.t('range {0}–{1}: {2} shown', formatTime(range.from), formatTime(range.to), formatInteger(shown)) : l10n.t('no range: drag, or Shift+arrow keys, to pick one'));
  return `${parts.join(' · ')}.`;
}
