/**
 * Sets of record indexes kept as merged, sorted ranges, so "which records were sent" stays small
 * and exact for millions of records: outcomes arrive roughly in order and neighbours merge.
 */

/** Records `from`..`to` (0-based indexes, inclusive), which start on line `fromLine` and the last of which starts on `toLine`. */
export interface RecordRange {
  readonly from: number;
  readonly to: number;
  readonly fromLine: number;
  readonly toLine: number;
}

interface MutableRange {
  from: number;
  to: number;
  fromLine: number;
  toLine: number;
}

/** A set of record indexes with the line of each range's ends. */
export class RecordRangeSet {
  readonly #ranges: MutableRange[] = [];
  #count = 0;

  /** Number of records in the set. */
  get count(): number {
    return this.#count;
  }

  /** Adds one record; adding a record twice has no effect. */
  add(index: number, line: number): void {
    const ranges = this.#ranges;
    const last = ranges[ranges.length - 1];
    // Fast path: in-order arrival extends the last range.
    if (last && index === last.to + 1) {
      last.to = index;
      last.toLine = line;
      this.#count++;
      return;
    }
    if (!last || index > last.to + 1) {
      ranges.push({ from: index, to: index, fromLine: line, toLine: line });
      this.#count++;
      return;
    }
    // First range starting after `index`.
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ranges[mid].from > index) high = mid;
      else low = mid + 1;
    }
    const before = low > 0 ? ranges[low - 1] : undefined;
    const after = low < ranges.length ? ranges[low] : undefined;
    if (before && index <= before.to) return;
    this.#count++;
    const joinsBefore = before !== undefined && before.to + 1 === index;
    const joinsAfter = after !== undefined && after.from - 1 === index;
    if (joinsBefore && joinsAfter) {
      before.to = after.to;
      before.toLine = after.toLine;
      ranges.splice(low, 1);
    } else if (joinsBefore) {
      before.to = index;
      before.toLine = line;
    } else if (joinsAfter) {
      after.from = index;
      after.fromLine = line;
    } else {
      ranges.splice(low, 0, { from: index, to: index, fromLine: line, toLine: line });
    }
  }

  has(index: number): boolean {
    let low = 0;
    let high = this.#ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const range = this.#ranges[mid];
      if (index < range.from) high = mid - 1;
      else if (index > range.to) low = mid + 1;
      else return true;
    }
    return false;
  }

  /** A snapshot of the ranges, in index order. */
  ranges(): RecordRange[] {
    return this.#ranges.map((r) => ({ ...r }));
  }
}
