/**
 * The records table: virtualised with a fixed row height, and pulled: the page holds only the rows
 * of one window (about what is in view), the host the rest. After each paint the table says which
 * window it needs (`needWindow`); the host answers with those rows in its next view message. Rows
 * are addressed by ordinal (see src/core/tail/view.ts). A change only marks the table dirty; it is
 * painted in the next animation frame, so a burst of messages costs one paint. It follows new rows
 * while scrolled to the bottom, and keeps the same records in view while older ones are dropped
 * above them. Mouse and keyboard go to the selection model (./selection.ts).
 */
import { MAX_WINDOW_ROWS, type TailRowView } from '../../shared/tailProtocol';
import { decodeRowView, encodedRowId } from '../../shared/tailRows';
import { el } from '../common/dom';
import * as l10n from '@vscode/l10n';
import { formatSize, formatTime, shortSequence, shortShard } from './format';
import { isNavigationKey, RowSelection } from './selection';

const ROW_HEIGHT = 22;
const SEQUENCE_CHARS = 20;
const OVERSCAN = 8;

/** The table's columns: label and grid track. */
export const COLUMNS = [
  { key: 'time', label: l10n.t('Time'), track: '13ch' },
  { key: 'shard', label: l10n.t('Shard'), track: '5ch' },
  { key: 'key', label: l10n.t('Partition key'), track: 'minmax(10ch, 22ch)' },
  { key: 'sequence', label: l10n.t('Sequence'), track: '22ch' },
  { key: 'size', label: l10n.t('Size'), track: '9ch' },
  { key: 'preview', label: l10n.t('Preview'), track: 'minmax(0, 1fr)' },
] as const;
export type ColumnKey = typeof COLUMNS[number]['key'];

/** The window the table needs: from an ordinal, or the newest rows while it follows them. */
export interface WindowRequest {
  readonly generation: number;
  readonly start: number | 'end';
  readonly count: number;
}

export interface RecordTableEvents {
  /** The user (or a test hook) changed the selection or the focus. */
  selectionChanged(): void;
  /** Ctrl/Cmd+C in the table. */
  copy(): void;
  /** The rows in view changed: ask the host for this window. */
  needWindow(request: WindowRequest): void;
  /** One paint took this long (for the frame statistics). */
  rendered?(ms: number): void;
}

interface PoolRow {
  readonly element: HTMLDivElement;
  readonly cells: HTMLSpanElement[];
  /** The ordinal shown, or -1. */
  ordinal: number;
  /** The row id shown, or -1 while its row has not arrived. */
  id: number;
  selected: boolean;
  focused: boolean;
  highlighted: boolean;
}

export class RecordTable {
  readonly element = el('div', { id: 'grid', class: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': l10n.t('Records'), 'aria-multiselectable': 'true', 'aria-rowcount': '0' } });
  readonly selection: RowSelection;
  readonly #viewport = el('div', { id: 'viewport', class: 'viewport' });
  readonly #spacer = el('div', { class: 'spacer' });
  readonly #empty = el('div', { id: 'empty', class: 'empty' }, l10n.t('Waiting for records…'));
  readonly #header: HTMLElement;
  readonly #pool: PoolRow[] = [];
  readonly #events: RecordTableEvents;
  #generation = -1;
  #first = 0;
  #total = 0;
  /** The rows of the window the host last sent: encoded lines from ordinal `#windowStart`. */
  #windowStart = 0;
  #window: string[] = [];
  #hidden = new Set<ColumnKey>();
  #highlightId: number | undefined;
  #stickToBottom = true;
  #renderScheduled = false;
  #lastRequest: WindowRequest | undefined;
  /** The ordinals shown, as the selection reads them (kept in step with #first and #total). */
  readonly #space = { first: 0, end: 0 };

  constructor(events: RecordTableEvents) {
    this.#events = events;
    this.selection = new RowSelection(this.#space);
    this.#header = el('div', { class: 'thead', attrs: { role: 'row' } },
      ...COLUMNS.map((column, i) => el('span', { class: `cell c${i}`, attrs: { role: 'columnheader', 'data-column': column.key } }, column.label)));
    this.#viewport.appendChild(this.#spacer);
    this.element.append(this.#header, this.#viewport, this.#empty);
    this.#viewport.addEventListener('scroll', () => {
      const v = this.#viewport;
      this.#stickToBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT * 1.5;
      this.scheduleRender();
    }, { passive: true });
    this.#viewport.addEventListener('mousedown', (e) => this.#onMouseDown(e));
    this.element.addEventListener('keydown', (e) => this.#onKeyDown(e));
    new ResizeObserver(() => this.scheduleRender()).observe(this.#viewport);
    this.#applyColumns();
  }

  /** Row elements in the DOM (only the rows in view). */
  get domRows(): number {
    return this.#pool.length;
  }

  /** Rows shown (kept by the host and passing everything). */
  get total(): number {
    return this.#total;
  }

  get generation(): number {
    return this.#generation;
  }

  get hiddenColumns(): ReadonlySet<ColumnKey> {
    return this.#hidden;
  }

  setEmptyText(text: string): void {
    this.#empty.textContent = text;
  }

  /** Shows or hides a column. */
  setColumnHidden(key: ColumnKey, hidden: boolean): void {
    if (hidden) this.#hidden.add(key);
    else this.#hidden.delete(key);
    this.#applyColumns();
  }

  /**
   * Applies the host's view: a new generation starts over (the selection with it); else rows
   * dropped above keep the same records in view. Returns true when rows were added.
   */
  update(view: { generation: number; total: number; firstOrdinal: number; windowStart: number; rows: string; count: number }): boolean {
    const grew = view.generation === this.#generation ? view.firstOrdinal + view.total > this.#first + this.#total : view.total > 0;
    if (view.generation !== this.#generation) {
      this.#generation = view.generation;
      this.selection.clear();
      this.#viewport.scrollTop = 0;
      this.#stickToBottom = true;
      this.#lastRequest = undefined;
    } else if (view.firstOrdinal > this.#first) {
      this.selection.dropBelow(view.firstOrdinal);
      if (!this.#stickToBottom) this.#viewport.scrollTop = Math.max(0, this.#viewport.scrollTop - (view.firstOrdinal - this.#first) * ROW_HEIGHT);
    }
    this.#first = view.firstOrdinal;
    this.#total = view.total;
    this.#space.first = view.firstOrdinal;
    this.#space.end = view.firstOrdinal + view.total;
    this.#windowStart = view.windowStart;
    this.#window = view.count > 0 ? view.rows.split('\n') : [];
    this.scheduleRender();
    return grew;
  }

  /** Replaces the selection (Ctrl+A, or the host's test hook) and shows its first row. */
  select(ranges: Parameters<RowSelection['select']>[0]): void {
    const focus = this.selection.select(ranges);
    if (focus !== undefined) this.#reveal(focus);
    this.#selectionChanged();
  }

  /** Marks the row with this id (a record put from this viewer) and scrolls to its ordinal. */
  highlight(ordinal: number, id: number): void {
    this.#highlightId = id;
    this.#reveal(ordinal);
    this.scheduleRender();
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

  #applyColumns(): void {
    const shown = COLUMNS.filter((c) => !this.#hidden.has(c.key));
    this.element.style.setProperty('--tail-columns', shown.map((c) => c.track).join(' '));
    COLUMNS.forEach((column, i) => this.element.classList.toggle(`hide-c${i}`, this.#hidden.has(column.key)));
  }

  #render(): void {
    const v = this.#viewport;
    const count = this.#total;
    this.#spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.element.setAttribute('aria-rowcount', String(count));
    this.#empty.hidden = count > 0;
    if (this.#stickToBottom) v.scrollTop = v.scrollHeight;
    const visible = Math.min(MAX_WINDOW_ROWS, Math.ceil(v.clientHeight / ROW_HEIGHT) + OVERSCAN * 2);
    while (this.#pool.length < visible) this.#pool.push(this.#createPoolRow());
    const firstIndex = Math.max(0, Math.min(Math.floor(v.scrollTop / ROW_HEIGHT) - OVERSCAN, count - visible));
    const focus = this.selection.focus;
    let focusedId: number | undefined;
    for (let i = 0; i < this.#pool.length; i++) {
      const slot = this.#pool[i];
      const index = firstIndex + i;
      if (index >= count || i >= visible) {
        if (slot.ordinal !== -1) this.#hide(slot);
        continue;
      }
      const ordinal = this.#first + index;
      const line = this.#window[ordinal - this.#windowStart] as string | undefined;
      const id = line === undefined ? -1 : encodedRowId(line);
      if (slot.ordinal !== ordinal || slot.id !== id) {
        slot.ordinal = ordinal;
        slot.id = id;
        slot.element.hidden = false;
        slot.element.setAttribute('aria-rowindex', String(index + 1));
        if (line === undefined) clearCells(slot);
        else fillCells(slot, decodeRowView(line));
      }
      slot.element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      const selected = this.selection.has(ordinal);
      if (selected !== slot.selected) {
        slot.selected = selected;
        slot.element.classList.toggle('selected', selected);
        slot.element.setAttribute('aria-selected', String(selected));
      }
      const focused = ordinal === focus;
      if (focused && id >= 0) focusedId = id;
      if (focused !== slot.focused) {
        slot.focused = focused;
        slot.element.classList.toggle('focused', focused);
      }
      const highlighted = id >= 0 && id === this.#highlightId;
      if (highlighted !== slot.highlighted) {
        slot.highlighted = highlighted;
        slot.element.classList.toggle('highlight', highlighted);
      }
    }
    if (focusedId !== undefined) this.element.setAttribute('aria-activedescendant', `row-${focusedId}`);
    else this.element.removeAttribute('aria-activedescendant');
    this.#requestWindow(this.#stickToBottom ? 'end' : this.#first + firstIndex, visible);
  }

  #requestWindow(start: number | 'end', count: number): void {
    // Before the host's first view there is nothing to ask for (and no generation to name).
    if (this.#generation < 0) return;
    const request = { generation: this.#generation, start, count };
    const last = this.#lastRequest;
    if (last && last.generation === request.generation && last.start === request.start && last.count === request.count) return;
    this.#lastRequest = request;
    this.#events.needWindow(request);
  }

  #hide(slot: PoolRow): void {
    slot.element.hidden = true;
    slot.ordinal = -1;
    slot.id = -1;
    // A hidden row must not keep a record's text (find-in-page, screen readers, tests).
    clearCells(slot);
    if (slot.selected || slot.focused || slot.highlighted) {
      slot.selected = slot.focused = slot.highlighted = false;
      slot.element.classList.remove('selected', 'focused', 'highlight');
      slot.element.setAttribute('aria-selected', 'false');
    }
  }

  #createPoolRow(): PoolRow {
    const cells = COLUMNS.map((_, i) => el('span', { class: `cell c${i}`, attrs: { role: 'gridcell' } }));
    const element = el('div', { class: 'row', attrs: { role: 'row', 'aria-selected': 'false' } }, ...cells);
    element.hidden = true;
    this.#spacer.appendChild(element);
    return { element, cells, ordinal: -1, id: -1, selected: false, focused: false, highlighted: false };
  }

  #onMouseDown(e: MouseEvent): void {
    const rowElement = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (!rowElement || e.button !== 0) return;
    const slot = this.#pool.find((s) => s.element === rowElement);
    if (!slot || slot.ordinal < 0) return;
    e.preventDefault();
    this.element.focus();
    this.selection.click(slot.ordinal, { extend: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    this.#stickToBottom = slot.ordinal === this.#first + this.#total - 1 && this.#stickToBottom;
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
    if (e.key === 'Escape' && this.selection.size > 0) {
      e.preventDefault();
      this.selection.deselect();
      this.#selectionChanged();
      return;
    }
    if (!isNavigationKey(e.key)) return;
    const pageRows = Math.max(1, Math.floor(this.#viewport.clientHeight / ROW_HEIGHT) - 1);
    const ordinal = this.selection.move(e.key, pageRows, e.shiftKey);
    if (ordinal === undefined) return;
    e.preventDefault();
    this.#reveal(ordinal);
    this.#selectionChanged();
  }

  /** Scrolls an ordinal into view; the table follows new rows again only when it is the newest. */
  #reveal(ordinal: number): void {
    const index = ordinal - this.#first;
    const v = this.#viewport;
    const top = index * ROW_HEIGHT;
    if (top < v.scrollTop) v.scrollTop = top;
    else if (top + ROW_HEIGHT > v.scrollTop + v.clientHeight) v.scrollTop = top + ROW_HEIGHT - v.clientHeight;
    this.#stickToBottom = index === this.#total - 1;
    this.scheduleRender();
  }

  #selectionChanged(): void {
    this.scheduleRender();
    this.#events.selectionChanged();
  }
}

function clearCells(slot: PoolRow): void {
  for (const cell of slot.cells) {
    cell.textContent = '';
    cell.title = '';
  }
  slot.element.removeAttribute('id');
}

function fillCells(slot: PoolRow, row: TailRowView): void {
  const [time, shard, key, sequence, size, preview] = slot.cells;
  slot.element.id = `row-${row.id}`;
  slot.element.dataset.id = String(row.id);
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
  preview.title = row.kplFallback ? l10n.t('KPL aggregated record shown raw: {0}', row.kplFallback) : '';
}
