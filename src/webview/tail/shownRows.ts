/**
 * The rows the viewer shows, in arrival order (ids ascending): each kept still encoded
 * (shared/tailRows) and decoded only when painted, so 100,000 rows cost 100,000 strings.
 * DOM-free (unit-tested in plain Node).
 */
import { encodedRowId } from '../../shared/tailRows';

/** Index of the first id ≥ `id` in ascending `ids`. */
export function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ShownRows {
  #ids: number[] = [];
  #lines: string[] = [];

  get length(): number {
    return this.#ids.length;
  }

  get ids(): readonly number[] {
    return this.#ids;
  }

  idAt(index: number): number | undefined {
    return this.#ids[index];
  }

  lineAt(index: number): string {
    return this.#lines[index];
  }

  /** Index of a shown row, or -1. */
  indexOf(id: number | undefined): number {
    if (id === undefined) return -1;
    const i = lowerBound(this.#ids, id);
    return this.#ids[i] === id ? i : -1;
  }

  clear(): void {
    this.#ids = [];
    this.#lines = [];
  }

  /** Appends a batch (one encoded row per line); returns how many rows it held. */
  append(encoded: string, count: number): number {
    if (count === 0) return 0;
    let added = 0;
    for (const line of encoded.split('\n')) {
      this.#ids.push(encodedRowId(line));
      this.#lines.push(line);
      added++;
    }
    return added;
  }

  /** Drops every row below `oldestId` (the host's ring evicted them); returns how many went. */
  dropBelow(oldestId: number): number {
    if (this.#ids.length === 0 || this.#ids[0] >= oldestId) return 0;
    const removed = lowerBound(this.#ids, oldestId);
    this.#ids.splice(0, removed);
    this.#lines.splice(0, removed);
    return removed;
  }
}
