/**
 * What one tail viewer shows, host side (the pull model): the session keeps the ring and the text
 * filter; this keeps, on top of it, the rows that also pass the viewer's shard chips and its time
 * range (the histogram brush), answers the page's requests for the rows in view, and bins arrival
 * times for the histogram. The page holds only the few dozen rows it paints.
 *
 * Rows are addressed by *ordinal*: the position of a shown row counted from the first row ever shown
 * in this generation. Ordinals never change while the generation lasts (rows dropped from the ring
 * only raise `firstOrdinal`), so the page can scroll, select ranges and ask for windows by ordinal
 * while rows arrive. Any change of what is shown (filter, shards, range) starts a new generation.
 * vscode-free.
 */
import type { TailRow } from './rows';
import type { RowBatch } from './session';

/** What the view reads from: a TailSession. */
export interface TailViewSource {
  /** The smallest row id the ring still keeps. */
  readonly oldestId: number;
  /** Matching rows not taken yet (`reset`: the filter changed, start over). */
  takeBatch(max: number): RowBatch;
  row(id: number): TailRow | undefined;
}

/** A half-open arrival-time range in ms since the epoch: `from <= t < to`. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** An inclusive range of ordinals, as the page selects them. */
export type OrdinalRange = readonly [first: number, last: number];

export interface Histogram {
  /** Start of the first bin and end of the last (ms since the epoch); equal when there is no row with a time. */
  readonly from: number;
  readonly to: number;
  /** Rows per bin (rows passing the filter and the shard chips; the time range is not applied). */
  readonly counts: readonly number[];
  /** Rows with no arrival time (never in a bin). */
  readonly untimed: number;
}

export interface ViewWindow {
  /** Ordinal of rows[0]. */
  readonly start: number;
  readonly rows: readonly TailRow[];
}

/** Bins shown by the histogram. */
export const HISTOGRAM_BINS = 60;

/**
 * Bins `times` (ms) into `bins` equal bins over [from, to); times outside are not counted. The last
 * bin takes `to - 1` (callers pass `to = max + 1`).
 */
export function binTimes(times: readonly number[], from: number, to: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (to - from) / bins;
  if (!(width > 0)) return counts;
  for (const t of times) {
    if (t < from || t >= to) continue;
    counts[Math.min(bins - 1, Math.floor((t - from) / width))]++;
  }
  return counts;
}

/** The time range the bins `firstBin..lastBin` (inclusive, either order) of a histogram cover. */
export function binRange(histogram: Pick<Histogram, 'from' | 'to' | 'counts'>, firstBin: number, lastBin: number): TimeRange {
  const width = (histogram.to - histogram.from) / histogram.counts.length;
  const lo = Math.max(0, Math.min(firstBin, lastBin));
  const hi = Math.min(histogram.counts.length - 1, Math.max(firstBin, lastBin));
  return { from: histogram.from + lo * width, to: hi === histogram.counts.length - 1 ? histogram.to : histogram.from + (hi + 1) * width };
}

/** Index of the first value ≥ `value` in ascending `values[head..]`. */
function lowerBound(values: readonly number[], head: number, value: number): number {
  let lo = head;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops the first `head` entries once they are most of the array (amortised O(1) per row). */
function compact(values: number[], head: number): [number[], number] {
  if (head < 4096 || head * 2 < values.length) return [values, head];
  return [values.slice(head), 0];
}

export class TailView {
  readonly #source: TailViewSource;
  /** Ids and arrival times (NaN: none) of the rows that pass the filter, from `#baseHead` on. */
  #baseIds: number[] = [];
  #baseTimes: number[] = [];
  #baseShards: string[] = [];
  #baseHead = 0;
  /** Ids of the rows shown (base rows passing shards and range), from `#shownHead` on. */
  #shownIds: number[] = [];
  #shownHead = 0;
  /** Ordinal of `#shownIds[#shownHead]`. */
  #firstOrdinal = 0;
  #generation = 0;
  #hiddenShards: ReadonlySet<string> = new Set();
  #range: TimeRange | undefined;

  constructor(source: TailViewSource) {
    this.#source = source;
  }

  /** Bumped whenever what is shown changes as a whole (ordinals of the old generation mean nothing). */
  get generation(): number { return this.#generation; }
  /** Ordinal of the first shown row still kept. */
  get firstOrdinal(): number { return this.#firstOrdinal; }
  /** Shown rows still kept. */
  get total(): number { return this.#shownIds.length - this.#shownHead; }
  /** One past the last shown row's ordinal. */
  get endOrdinal(): number { return this.#firstOrdinal + this.total; }
  /** Rows passing the text filter (before the shard chips and the time range). */
  get matching(): number { return this.#baseIds.length - this.#baseHead; }
  get hiddenShards(): ReadonlySet<string> { return this.#hiddenShards; }
  get range(): TimeRange | undefined { return this.#range; }

  /**
   * Takes what the session has new: appends it, forgets rows the ring dropped. Returns the rows
   * added to the base (those passing the filter), for callers that watch for a row.
   */
  pull(): readonly TailRow[] {
    const batch = this.#source.takeBatch(Number.MAX_SAFE_INTEGER);
    if (batch.reset) this.#rebuild(true);
    for (const row of batch.rows) {
      const time = row.arrival ?? NaN;
      this.#baseIds.push(row.id);
      this.#baseTimes.push(time);
      this.#baseShards.push(row.shardId);
      if (this.#passes(row.shardId, time)) this.#shownIds.push(row.id);
    }
    this.#dropEvicted();
    return batch.rows;
  }

  /** Hides the rows of these shards (a new generation). */
  setHiddenShards(shardIds: Iterable<string>): void {
    this.#hiddenShards = new Set(shardIds);
    this.#rebuild(false);
  }

  /** Shows only rows that arrived in `range` (undefined: all) (a new generation). */
  setRange(range: TimeRange | undefined): void {
    this.#range = range && range.to > range.from ? { from: range.from, to: range.to } : undefined;
    this.#rebuild(false);
  }

  /** Up to `count` shown rows from ordinal `start` (clamped to what is kept); `'end'`: the last `count`. */
  window(start: number | 'end', count: number): ViewWindow {
    const end = this.endOrdinal;
    const wanted = Math.max(0, Math.floor(count));
    const first = start === 'end' ? Math.max(this.#firstOrdinal, end - wanted) : Math.min(end, Math.max(this.#firstOrdinal, Math.floor(start)));
    const last = Math.min(end, first + wanted);
    const rows: TailRow[] = [];
    for (let ordinal = first; ordinal < last; ordinal++) {
      const row = this.#source.row(this.#shownIds[this.#shownHead + ordinal - this.#firstOrdinal]);
      if (row) rows.push(row);
    }
    return { start: first, rows };
  }

  /** The id of the shown row at an ordinal, if still kept. */
  idAt(ordinal: number): number | undefined {
    const index = this.#shownHead + ordinal - this.#firstOrdinal;
    return Number.isInteger(ordinal) && index >= this.#shownHead && index < this.#shownIds.length ? this.#shownIds[index] : undefined;
  }

  /** The ordinal of a shown row, or undefined when it is not shown (or no longer kept). */
  ordinalOf(id: number): number | undefined {
    const index = lowerBound(this.#shownIds, this.#shownHead, id);
    return this.#shownIds[index] === id ? this.#firstOrdinal + index - this.#shownHead : undefined;
  }

  /** Ids of the kept shown rows in these ordinal ranges, ascending, each once. */
  idsIn(ranges: readonly OrdinalRange[]): number[] {
    const seen = new Set<number>();
    for (const [a, b] of ranges) {
      const lo = Math.max(this.#firstOrdinal, Math.min(a, b));
      const hi = Math.min(this.endOrdinal - 1, Math.max(a, b));
      for (let ordinal = lo; ordinal <= hi; ordinal++) seen.add(this.#shownIds[this.#shownHead + ordinal - this.#firstOrdinal]);
    }
    return [...seen].sort((x, y) => x - y);
  }

  /** Ids of every kept shown row, in order. */
  shownIds(): number[] {
    return this.#shownIds.slice(this.#shownHead);
  }

  /** The newest base row (passing the filter) of this shard with this sequence number, if kept. */
  findRow(shardId: string, sequenceNumber: string): TailRow | undefined {
    for (let i = this.#baseIds.length - 1; i >= this.#baseHead; i--) {
      if (this.#baseShards[i] !== shardId) continue;
      const row = this.#source.row(this.#baseIds[i]);
      if (row?.sequenceNumber === sequenceNumber) return row;
    }
    return undefined;
  }

  /**
   * Arrival times of the rows passing the filter and the shard chips, in `bins` bins from the first
   * arrival to the last. The time range is not applied: the histogram shows what there is to brush.
   */
  histogram(bins = HISTOGRAM_BINS): Histogram {
    const hidden = this.#hiddenShards;
    const times: number[] = [];
    let untimed = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = this.#baseHead; i < this.#baseTimes.length; i++) {
      if (hidden.size > 0 && hidden.has(this.#baseShards[i])) continue;
      const t = this.#baseTimes[i];
      if (Number.isNaN(t)) {
        untimed++;
        continue;
      }
      times.push(t);
      if (t < min) min = t;
      if (t > max) max = t;
    }
    if (times.length === 0) return { from: 0, to: 0, counts: new Array<number>(bins).fill(0), untimed };
    return { from: min, to: max + 1, counts: binTimes(times, min, max + 1, bins), untimed };
  }

  #passes(shardId: string, time: number): boolean {
    if (this.#hiddenShards.size > 0 && this.#hiddenShards.has(shardId)) return false;
    const range = this.#range;
    return !range || (time >= range.from && time < range.to);
  }

  /** Starts a generation: the shown rows again from the base (or from nothing when the filter changed). */
  #rebuild(clearBase: boolean): void {
    this.#generation++;
    if (clearBase) {
      this.#baseIds = [];
      this.#baseTimes = [];
      this.#baseShards = [];
      this.#baseHead = 0;
    }
    this.#dropEvicted();
    const shown: number[] = [];
    for (let i = this.#baseHead; i < this.#baseIds.length; i++) {
      if (this.#passes(this.#baseShards[i], this.#baseTimes[i])) shown.push(this.#baseIds[i]);
    }
    this.#shownIds = shown;
    this.#shownHead = 0;
    this.#firstOrdinal = 0;
  }

  #dropEvicted(): void {
    const oldest = this.#source.oldestId;
    const baseHead = lowerBound(this.#baseIds, this.#baseHead, oldest);
    if (baseHead !== this.#baseHead) {
      this.#baseHead = baseHead;
      let head: number;
      [this.#baseIds, head] = compact(this.#baseIds, baseHead);
      if (head !== baseHead) {
        this.#baseTimes = this.#baseTimes.slice(baseHead);
        this.#baseShards = this.#baseShards.slice(baseHead);
      }
      this.#baseHead = head;
    }
    const shownHead = lowerBound(this.#shownIds, this.#shownHead, oldest);
    this.#firstOrdinal += shownHead - this.#shownHead;
    [this.#shownIds, this.#shownHead] = compact(this.#shownIds, shownHead);
  }
}
