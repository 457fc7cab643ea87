/**
 * The arrival-time histogram above the table: one bar per bin (counted by the host), a brush that
 * limits the table to a time range. Mouse: drag across bars (or click one). Keyboard: the chart is
 * one tab stop; arrow keys move a cursor bin, Shift+arrows extend the range from where it started,
 * Enter or Space picks the cursor's bin, Escape clears the range. The summary line under it says
 * what it shows in words, and is the chart's accessible description.
 *
 * Hand-written (divs, no chart library): 60 bars and a brush are ~150 lines, while a charting
 * library (uPlot, d3-brush + d3-scale + d3-selection) would be tens of KiB in a bundle that loads
 * with every viewer, and would bring its own colours where ours come from the theme variables.
 */
import type { TailHistogram, TailTimeRange } from '../../shared/tailProtocol';
import { el } from '../common/dom';
import * as l10n from '@vscode/l10n';
import { formatInteger } from '../common/format';
import { formatTime } from './format';
import { binAt, binRange, hasBins, histogramSummary, rangeBins } from './histogramModel';

/** Keyboard range changes are sent once the keys rest this long (holding Shift+arrow sends one). */
const KEY_COMMIT_MS = 150;

export class HistogramView {
  readonly element: HTMLElement;
  readonly #chart = el('div', {
    id: 'histogram', class: 'histogram',
    attrs: {
      tabindex: '0', role: 'group', 'aria-roledescription': l10n.t('histogram'),
      'aria-label': l10n.t('Arrival times. Arrow keys move, Shift+arrows pick a time range, Enter picks one bar, Escape clears the range.'),
      'aria-describedby': 'histogram-summary',
    },
  });
  readonly #bars: HTMLElement[] = [];
  readonly #brush = el('div', { class: 'brush', attrs: { 'aria-hidden': 'true' } });
  readonly #summary = el('div', { id: 'histogram-summary', class: 'histogram-summary' });
  readonly #clear = el('button', { id: 'clear-range', class: 'button secondary small', attrs: { type: 'button', 'aria-label': l10n.t('Clear the time range') } }, l10n.t('Clear range'));
  readonly #onRange: (range: TailTimeRange | undefined) => void;
  #histogram: TailHistogram = { from: 0, to: 0, counts: [], untimed: 0 };
  #range: TailTimeRange | undefined;
  /** Bins under the mouse drag or the keyboard range not yet answered by the host. */
  #pending: [number, number] | undefined;
  #cursor = -1;
  #keyAnchor: number | undefined;
  #dragFrom: number | undefined;
  #keyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(onRange: (range: TailTimeRange | undefined) => void) {
    this.#onRange = onRange;
    this.#chart.append(this.#brush);
    this.element = el('div', { class: 'histogram-box' }, this.#chart, el('div', { class: 'histogram-footer' }, this.#summary, this.#clear));
    this.#clear.addEventListener('click', () => this.#commit(undefined));
    this.#chart.addEventListener('pointerdown', (e) => this.#onPointerDown(e));
    this.#chart.addEventListener('pointermove', (e) => this.#onPointerMove(e));
    this.#chart.addEventListener('pointerup', (e) => this.#onPointerUp(e));
    this.#chart.addEventListener('keydown', (e) => this.#onKeyDown(e));
    this.#chart.addEventListener('blur', () => { this.#cursor = -1; this.#paint(); });
  }

  /** The host's latest bins, the range in force and how many rows it leaves. */
  update(histogram: TailHistogram, range: TailTimeRange | undefined, shown: number): void {
    this.#histogram = histogram;
    if (!this.#keyTimer && this.#dragFrom === undefined) this.#pending = undefined;
    this.#range = range;
    this.#summary.textContent = histogramSummary(histogram, range, shown);
    this.#clear.hidden = range === undefined;
    this.#paint();
  }

  #paint(): void {
    const counts = this.#histogram.counts;
    while (this.#bars.length < counts.length) {
      const bar = el('div', { class: 'bar', dataset: { bin: this.#bars.length } }, el('div', { class: 'fill' }));
      this.#bars.push(bar);
      this.#chart.insertBefore(bar, this.#brush);
    }
    const max = Math.max(1, ...counts);
    const brushed = this.#pending ?? (this.#range ? rangeBins(this.#histogram, this.#range) : undefined);
    for (let i = 0; i < this.#bars.length; i++) {
      const bar = this.#bars[i];
      const count = counts[i] ?? 0;
      // A bar of a few records next to one of thousands must still show (screenshots: 6 next to 500 was a hairline).
      (bar.firstChild as HTMLElement).style.height = `${count === 0 ? 0 : Math.max(15, (count / max) * 100)}%`;
      bar.classList.toggle('in-range', !!brushed && i >= brushed[0] && i <= brushed[1]);
      bar.classList.toggle('cursor', i === this.#cursor);
      if (hasBins(this.#histogram)) {
        const { from, to } = binRange(this.#histogram, i, i);
        bar.title = `${formatTime(from)}–${formatTime(to)}: ${formatInteger(count)}`;
      }
    }
    this.#brush.hidden = !brushed;
    if (brushed) {
      const bins = Math.max(1, counts.length);
      this.#brush.style.left = `${(brushed[0] / bins) * 100}%`;
      this.#brush.style.width = `${((brushed[1] - brushed[0] + 1) / bins) * 100}%`;
    }
  }

  #binOf(e: PointerEvent): number {
    const rect = this.#chart.getBoundingClientRect();
    return binAt(this.#histogram, rect.width > 0 ? (e.clientX - rect.left) / rect.width : 0);
  }

  #onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || !hasBins(this.#histogram)) return;
    this.#chart.setPointerCapture?.(e.pointerId);
    this.#dragFrom = this.#binOf(e);
    this.#pending = [this.#dragFrom, this.#dragFrom];
    this.#paint();
  }

  #onPointerMove(e: PointerEvent): void {
    if (this.#dragFrom === undefined) return;
    const bin = this.#binOf(e);
    this.#pending = [Math.min(this.#dragFrom, bin), Math.max(this.#dragFrom, bin)];
    this.#paint();
  }

  #onPointerUp(e: PointerEvent): void {
    if (this.#dragFrom === undefined) return;
    const bin = this.#binOf(e);
    const from = this.#dragFrom;
    this.#dragFrom = undefined;
    this.#commit(binRange(this.#histogram, from, bin));
  }

  #onKeyDown(e: KeyboardEvent): void {
    const bins = this.#histogram.counts.length;
    if (!hasBins(this.#histogram)) return;
    if (e.key === 'Escape') {
      if (this.#range || this.#pending) {
        e.preventDefault();
        this.#keyAnchor = undefined;
        this.#commit(undefined);
      }
      return;
    }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (this.#cursor < 0) this.#cursor = 0;
      this.#keyAnchor = undefined;
      this.#commit(binRange(this.#histogram, this.#cursor, this.#cursor));
      return;
    }
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    const step = moves[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const start = this.#cursor < 0 ? (step > 0 ? -1 : bins) : this.#cursor;
    const next = Math.min(bins - 1, Math.max(0, start + step));
    if (e.shiftKey) {
      const current = this.#range ? rangeBins(this.#histogram, this.#range) : undefined;
      this.#keyAnchor ??= this.#cursor >= 0 ? this.#cursor : current?.[0] ?? next;
      this.#cursor = next;
      this.#pending = [Math.min(this.#keyAnchor, next), Math.max(this.#keyAnchor, next)];
      if (this.#keyTimer) clearTimeout(this.#keyTimer);
      const [lo, hi] = this.#pending;
      this.#keyTimer = setTimeout(() => {
        this.#keyTimer = undefined;
        this.#commit(binRange(this.#histogram, lo, hi));
      }, KEY_COMMIT_MS);
    } else {
      this.#keyAnchor = undefined;
      this.#cursor = next;
    }
    this.#paint();
  }

  #commit(range: TailTimeRange | undefined): void {
    this.#pending = range && rangeBins(this.#histogram, range);
    this.#paint();
    this.#onRange(range);
  }
}
