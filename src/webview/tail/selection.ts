/**
 * The records table's selection, as a list box has it: click selects one row, Ctrl/Cmd+click
 * toggles one, Shift+click and Shift+arrows extend from the anchor, arrows, Page Up/Down, Home and
 * End move the focus (and the selection with it). DOM-free: the table turns events into these calls
 * (unit-tested in plain Node).
 */
import type { ShownRows } from './shownRows';

export const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'] as const;
export type NavigationKey = typeof NAVIGATION_KEYS[number];

export function isNavigationKey(key: string): key is NavigationKey {
  return (NAVIGATION_KEYS as readonly string[]).includes(key);
}

export class RowSelection {
  readonly #rows: Pick<ShownRows, 'ids' | 'indexOf'>;
  readonly #selected = new Set<number>();
  #anchorId: number | undefined;
  #focusId: number | undefined;

  constructor(rows: Pick<ShownRows, 'ids' | 'indexOf'>) {
    this.#rows = rows;
  }

  /** The row the keyboard acts on (shown as focused; its detail is shown). */
  get focusId(): number | undefined {
    return this.#focusId;
  }

  get size(): number {
    return this.#selected.size;
  }

  has(id: number): boolean {
    return this.#selected.has(id);
  }

  /** Selected ids, ascending (arrival order). */
  selectedIds(): number[] {
    return [...this.#selected].sort((a, b) => a - b);
  }

  /** What Copy acts on: the focused row, else the first selected. */
  get copyTarget(): number | undefined {
    return this.#focusId ?? this.selectedIds()[0];
  }

  /** A click on a row: `extend` (Shift) selects from the anchor, `toggle` (Ctrl/Cmd) adds or removes one row. */
  click(id: number, { extend, toggle }: { readonly extend: boolean; readonly toggle: boolean }): void {
    if (extend && this.#anchorId !== undefined) {
      this.#selectRange(this.#anchorId, id, toggle);
    } else if (toggle) {
      if (this.#selected.has(id)) this.#selected.delete(id);
      else this.#selected.add(id);
      this.#anchorId = id;
    } else {
      this.#selectOnly(id);
    }
    this.#focusId = id;
  }

  /**
   * Replaces the selection (Ctrl+A, or a test selecting as a user would); focuses the first.
   * Returns the focused id, if any.
   */
  select(ids: readonly number[] | 'all'): number | undefined {
    const chosen = ids === 'all' ? this.#rows.ids : ids;
    this.#selected.clear();
    for (const id of chosen) this.#selected.add(id);
    const first = chosen[0];
    if (first !== undefined) {
      this.#anchorId = first;
      this.#focusId = first;
    }
    return first;
  }

  /**
   * Moves the focus by a key (`pageRows` rows for Page Up/Down), selecting the row it lands on, or
   * with `extend` the range from the anchor. Returns the focused id; undefined when no row is shown.
   */
  move(key: NavigationKey, pageRows: number, extend: boolean): number | undefined {
    const ids = this.#rows.ids;
    if (ids.length === 0) return undefined;
    const steps: Record<NavigationKey, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows, Home: -Infinity, End: Infinity };
    const step = steps[key];
    const current = this.#rows.indexOf(this.#focusId);
    // Without a focused row, moving down starts above the first row and moving up below the last.
    const start = current < 0 ? (step > 0 ? -1 : ids.length) : current;
    const id = ids[Math.min(ids.length - 1, Math.max(0, start + step))];
    if (extend) {
      this.#anchorId ??= this.#focusId ?? id;
      this.#selectRange(this.#anchorId, id, false);
    } else {
      this.#selectOnly(id);
    }
    this.#focusId = id;
    return id;
  }

  /** Forgets selected rows below `oldestId` (no longer kept). */
  dropBelow(oldestId: number): void {
    for (const id of this.#selected) if (id < oldestId) this.#selected.delete(id);
  }

  #selectOnly(id: number): void {
    this.#selected.clear();
    this.#selected.add(id);
    this.#anchorId = id;
  }

  #selectRange(fromId: number, toId: number, add: boolean): void {
    const a = this.#rows.indexOf(fromId);
    const b = this.#rows.indexOf(toId);
    if (a < 0 || b < 0) return;
    if (!add) this.#selected.clear();
    const ids = this.#rows.ids;
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) this.#selected.add(ids[i]);
  }
}
