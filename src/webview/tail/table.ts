/**
 * The records table: virtualised with a fixed row height, so only the rows in view (plus an
 * overscan) exist in the DOM, recycled as the user scrolls. A change only marks the table dirty;
 * it is painted in the next animation frame, so a burst of batches costs one paint. It follows new
 * rows while scrolled to the bottom, and keeps the same records in view while older ones are
 * dropped above them. Mouse and keyboard go to the selection model (./selection.ts).
 */
import type { TailRowView } from '../../shared/tailProtocol';
import { decodeRowView } from '../../shared/tailRows';
import { el } from '../common/dom';
import { formatSize, formatTime, shortSequence, shortShard } from './format';
import { isNavigationKey, type RowSelection } from './selection';
import type { ShownRows } from './shownRows';

const ROW_HEIGHT = 22;
const SEQUENCE_CHARS = 20;
const OVERSCAN = 8;
const COLUMNS = ['Time', 'Shard', 'Partition key', 'Sequence', 'Size', 'Preview'];

export interface RecordTableEvents {
  /** The user (or a test hook) changed the selection. */
  selectionChanged(): void;
  /** The focused row changed: its detail should follow. */
  focused(id: number): void;
  /** Ctrl/Cmd+C in the table. */
  copy(): void;
  /** One paint took this long (for the frame statistics). */
  rendered?(ms: number): void;
}

interface PoolRow {
  readonly element: HTMLDivElement;
  readonly cells: HTMLSpanElement[];
  id: number;
  selected: boolean;
  focused: boolean;
}

export class RecordTable {
  readonly element = el('div', { id: 'grid', class: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Records', 'aria-multiselectable': 'true', 'aria-rowcount': '0' } });
  readonly #viewport = el('div', { id: 'viewport', class: 'viewport' });
  readonly #spacer = el('div', { class: 'spacer' });
  readonly #empty = el('div', { id: 'empty', class: 'empty' }, 'Waiting for records…');
  readonly #pool: PoolRow[] = [];
  readonly #rows: ShownRows;
  readonly #selection: RowSelection;
  readonly #events: RecordTableEvents;
  #stickToBottom = true;
  #renderScheduled = false;

  constructor(rows: ShownRows, selection: RowSelection, events: RecordTableEvents) {
    this.#rows = rows;
    this.#selection = selection;
    this.#events = events;
    const header = el('div', { class: 'thead', attrs: { role: 'row' } },
      ...COLUMNS.map((label, i) => el('span', { class: `cell c${i}`, attrs: { role: 'columnheader' } }, label)));
    this.#viewport.appendChild(this.#spacer);
    this.element.append(header, this.#viewport, this.#empty);
    this.#viewport.addEventListener('scroll', () => {
      const v = this.#viewport;
      this.#stickToBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT * 1.5;
      this.scheduleRender();
    }, { passive: true });
    this.#viewport.addEventListener('mousedown', (e) => this.#onMouseDown(e));
    this.element.addEventListener('keydown', (e) => this.#onKeyDown(e));
    new ResizeObserver(() => this.scheduleRender()).observe(this.#viewport);
  }

  /** Row elements in the DOM (only the rows in view). */
  get domRows(): number {
    return this.#pool.length;
  }

  setEmptyText(text: string): void {
    this.#empty.textContent = text;
  }

  /**
   * Applies a batch: `reset` replaces the rows, then `encoded` rows are appended and rows below
   * `oldestId` dropped. Returns the number of rows added.
   */
  update(reset: boolean, encoded: string, count: number, oldestId: number): number {
    const firstVisible = Math.floor(this.#viewport.scrollTop / ROW_HEIGHT);
    if (reset) {
      this.#rows.clear();
      this.#viewport.scrollTop = 0;
      this.#stickToBottom = true;
    }
    const added = this.#rows.append(encoded, count);
    // Rows the host's ring dropped go here too.
    const removedAbove = this.#rows.dropBelow(oldestId);
    if (removedAbove > 0) this.#selection.dropBelow(oldestId);
    if (!this.#stickToBottom && removedAbove > 0) {
      // Keep the same records in view while older ones disappear above them.
      this.#viewport.scrollTop = Math.max(0, (firstVisible - removedAbove) * ROW_HEIGHT);
    }
    this.scheduleRender();
    return added;
  }

  /** Replaces the selection (Ctrl+A, or the host's test hook) and shows its first row. */
  select(ids: readonly number[] | 'all'): void {
    const focus = this.#selection.select(ids);
    if (focus !== undefined) this.#focus(focus, true);
    this.#selectionChanged();
  }

  scheduleRender(): void {
    if (this.#renderScheduled) return;
    this.#renderScheduled = true;
    requestAnimationFrame(() => {
      this.#renderScheduled = false;
      const started = performance.now();
      this.#render();
      this.#events.rendered?.(performance.now() - started);
    });
  }

  #render(): void {
    const v = this.#viewport;
    const count = this.#rows.length;
    this.#spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.element.setAttribute('aria-rowcount', String(count));
    this.#empty.hidden = count > 0;
    if (this.#stickToBottom) v.scrollTop = v.scrollHeight;
    const visible = Math.ceil(v.clientHeight / ROW_HEIGHT) + OVERSCAN * 2;
    while (this.#pool.length < visible) this.#pool.push(this.#createPoolRow());
    const first = Math.max(0, Math.floor(v.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const focusId = this.#selection.focusId;
    for (let i = 0; i < this.#pool.length; i++) {
      const slot = this.#pool[i];
      const id = this.#rows.idAt(first + i);
      if (id === undefined || i >= visible) {
        if (slot.id !== -1) this.#hide(slot);
        continue;
      }
      if (slot.id !== id) {
        slot.id = id;
        slot.element.hidden = false;
        slot.element.dataset.id = String(id);
        slot.element.setAttribute('aria-rowindex', String(first + i + 1));
        fillCells(slot, decodeRowView(this.#rows.lineAt(first + i)));
      }
      slot.element.style.transform = `translateY(${(first + i) * ROW_HEIGHT}px)`;
      const selected = this.#selection.has(id);
      if (selected !== slot.selected) {
        slot.selected = selected;
        slot.element.classList.toggle('selected', selected);
        slot.element.setAttribute('aria-selected', String(selected));
      }
      const focused = id === focusId;
      if (focused !== slot.focused) {
        slot.focused = focused;
        slot.element.classList.toggle('focused', focused);
      }
    }
    if (focusId !== undefined) this.element.setAttribute('aria-activedescendant', `row-${focusId}`);
  }

  #hide(slot: PoolRow): void {
    slot.element.hidden = true;
    slot.id = -1;
    // A hidden row must not keep a record's text (find-in-page, screen readers, tests).
    for (const cell of slot.cells) cell.textContent = '';
    slot.element.removeAttribute('id');
    if (slot.selected || slot.focused) {
      slot.selected = slot.focused = false;
      slot.element.classList.remove('selected', 'focused');
    }
  }

  #createPoolRow(): PoolRow {
    const cells = COLUMNS.map((_, i) => el('span', { class: `cell c${i}`, attrs: { role: 'gridcell' } }));
    const element = el('div', { class: 'row', attrs: { role: 'row', 'aria-selected': 'false' } }, ...cells);
    element.hidden = true;
    this.#spacer.appendChild(element);
    return { element, cells, id: -1, selected: false, focused: false };
  }

  #onMouseDown(e: MouseEvent): void {
    const rowElement = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (!rowElement || e.button !== 0) return;
    const id = Number(rowElement.dataset.id);
    if (!Number.isInteger(id)) return;
    e.preventDefault();
    this.element.focus();
    this.#selection.click(id, { extend: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    this.#focus(id, false);
    this.#selectionChanged();
  }

  #onKeyDown(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      this.select('all');
      return;
    }
    if (mod && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      this.#events.copy();
      return;
    }
    if (!isNavigationKey(e.key)) return;
    const pageRows = Math.max(1, Math.floor(this.#viewport.clientHeight / ROW_HEIGHT) - 1);
    const id = this.#selection.move(e.key, pageRows, e.shiftKey);
    if (id === undefined) return;
    e.preventDefault();
    this.#focus(id, true);
    this.#selectionChanged();
  }

  /** The selection model already focused `id`: scroll it into view if asked, and tell the page. */
  #focus(id: number, reveal: boolean): void {
    if (reveal) {
      const index = this.#rows.indexOf(id);
      const v = this.#viewport;
      const top = index * ROW_HEIGHT;
      if (top < v.scrollTop) v.scrollTop = top;
      else if (top + ROW_HEIGHT > v.scrollTop + v.clientHeight) v.scrollTop = top + ROW_HEIGHT - v.clientHeight;
      this.#stickToBottom = index === this.#rows.length - 1;
    }
    this.#events.focused(id);
  }

  #selectionChanged(): void {
    this.scheduleRender();
    this.#events.selectionChanged();
  }
}

function fillCells(slot: PoolRow, row: TailRowView): void {
  const [time, shard, key, sequence, size, preview] = slot.cells;
  slot.element.id = `row-${row.id}`;
  time.textContent = formatTime(row.time);
  shard.textContent = shortShard(row.shardId);
  shard.title = row.shardId;
  key.textContent = row.partitionKey;
  key.title = row.partitionKey;
  const fullSequence = row.subSequenceNumber === undefined ? row.sequenceNumber : `${row.sequenceNumber}:${row.subSequenceNumber}`;
  sequence.textContent = shortSequence(fullSequence, SEQUENCE_CHARS);
  sequence.title = fullSequence;
  size.textContent = formatSize(row.size);
  const tags = [row.subSequenceNumber !== undefined ? 'KPL' : '', row.gzip ? 'gzip' : '', row.kind === 'binary' ? 'bin' : '', row.kplFallback ? 'KPL?' : ''].filter(Boolean);
  preview.textContent = '';
  for (const tag of tags) preview.appendChild(el('span', { class: `tag ${tag === 'KPL?' ? 'warn' : ''}` }, tag));
  preview.appendChild(document.createTextNode(row.preview));
  preview.title = row.kplFallback ? `KPL aggregated record shown raw: ${row.kplFallback}` : '';
}
