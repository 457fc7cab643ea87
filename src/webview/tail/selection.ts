/**
 * The records table's selection, as a list box has it: click selects one row, Ctrl/Cmd+click
 * toggles one, Shift+click and Shift+arrows extend from the anchor, arrows, Page Up/Down, Home and
 * End move the focus (and the selection with it), Ctrl+A selects every shown row.
 *
 * The page holds only the rows in view (the host keeps the rest), so the selection is kept as
 * ranges of ordinals (positions in the host's shown rows, see src/core/tail/view.ts), never as a
 * set of ids: selecting 100,000 rows is one range. DOM-free (unit-tested in plain Node).
 */
import type { TailOrdinalRange } from '../../shared/tailProtocol';

export const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;
export type NavigationKey = typeof NAVIGATION_KEYS[number];

export function isNavigationKey(key: string): key is NavigationKey {
  return (NAVIGATION_KEYS as readonly string[]).includes(key);
}

/** The ordinals the table shows: from `first` up to (not including) `end`. */
export interface OrdinalSpace {
  readonly first: number;
  readonly end: number;
}

type Range = [number, number];

/** Sorted, merged, inclusive ranges. */
function normalize(ranges: readonly Range[]): Range[] {
  const sorted = ranges.map(([a, b]): Range => [Math.min(a, b), Math.max(a, b)]).sort((x, y) => x[0] - y[0]);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export class RowSelection {
  readonly #space: OrdinalSpace;
  #ranges: Range[] = [];
  #anchor: number | undefined;
  #focus: number | undefined;

  constructor(space: OrdinalSpace) {
    this.#space = space;
  }

  /** The row the keyboard acts on (shown as focused; its detail is shown). */
  get focus(): number | undefined {
    return this.#focus;
  }

  /** Selected rows still shown. */
  get size(): number {
    const { first, end } = this.#space;
    let size = 0;
    for (const [a, b] of this.#ranges) size += Math.max(0, Math.min(b, end - 1) - Math.max(a, first) + 1);
    return size;
  }

  get ranges(): readonly TailOrdinalRange[] {
    return this.#ranges;
  }

  has(ordinal: number): boolean {
    let lo = 0;
    let hi = this.#ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const [a, b] = this.#ranges[mid];
      if (ordinal < a) hi = mid;
      else if (ordinal > b) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Forgets everything (what is shown changed as a whole). */
  clear(): void {
    this.#ranges = [];
    this.#anchor = undefined;
    this.#focus = undefined;
  }

  /** A click on a row: `extend` (Shift) selects from the anchor, `toggle` (Ctrl/Cmd) adds or removes one row. */
  click(ordinal: number, { extend, toggle }: { readonly extend: boolean; readonly toggle: boolean }): void {
    if (extend && this.#anchor !== undefined) {
      const range: Range = [this.#anchor, ordinal];
      this.#ranges = toggle ? normalize([...this.#ranges, range]) : normalize([range]);
    } else if (toggle) {
      this.#ranges = this.has(ordinal) ? this.#without(ordinal) : normalize([...this.#ranges, [ordinal, ordinal]]);
      this.#anchor = ordinal;
    } else {
      this.#selectOnly(ordinal);
    }
    this.#focus = ordinal;
  }

  /** Replaces the selection (Ctrl+A, or a test selecting as a user would) and focuses its first row; returns it. */
  select(ranges: readonly TailOrdinalRange[] | 'all'): number | undefined {
    const { first, end } = this.#space;
    this.#ranges = ranges === 'all' ? (end > first ? [[first, end - 1]] : []) : normalize(ranges.map(([a, b]) => [a, b]));
    const focus = this.#ranges[0]?.[0];
    if (focus !== undefined) {
      this.#anchor = focus;
      this.#focus = focus;
    }
    return focus;
  }

  /** Deselects everything but keeps the focus (Escape). */
  deselect(): void {
    this.#ranges = [];
  }

  /**
   * Moves the focus by a key (`pageRows` rows for Page Up/Down), selecting the row it lands on, or
   * with `extend` the range from the anchor. Returns the focused ordinal; undefined when no row is shown.
   */
  move(key: NavigationKey, pageRows: number, extend: boolean): number | undefined {
    const { first, end } = this.#space;
    if (end <= first) return undefined;
    const steps: Record<NavigationKey, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows, Home: -Infinity, End: Infinity };
    const step = steps[key];
    const current = this.#focus !== undefined && this.#focus >= first && this.#focus < end ? this.#focus : undefined;
    // Without a focused row, moving down starts above the first row and moving up below the last.
    const start = current ?? (step > 0 ? first - 1 : end);
    const ordinal = Math.min(end - 1, Math.max(first, start + step));
    if (extend) {
      this.#anchor ??= current ?? ordinal;
      this.#ranges = normalize([[this.#anchor, ordinal]]);
    } else {
      this.#selectOnly(ordinal);
    }
    this.#focus = ordinal;
    return ordinal;
  }

  /** Forgets selected rows below `first` (no longer kept). */
  dropBelow(first: number): void {
    this.#ranges = this.#ranges.filter(([, b]) => b >= first).map(([a, b]): Range => [Math.max(a, first), b]);
    if (this.#focus !== undefined && this.#focus < first) this.#focus = undefined;
    if (this.#anchor !== undefined && this.#anchor < first) this.#anchor = undefined;
  }

  #selectOnly(ordinal: number): void {
    this.#ranges = [[ordinal, ordinal]];
    this.#anchor = ordinal;
  }

  #without(ordinal: number): Range[] {
    return this.#ranges.flatMap(([a, b]): Range[] => {
      if (ordinal < a || ordinal > b) return [[a, b]];
      return [[a, ordinal - 1], [ordinal + 1, b]].filter(([x, y]) => x <= y) as Range[];
    });
  }
}
