/**
 * The records viewer's page: a virtualised table (fixed row height; only the rows in view exist in the
 * DOM, recycled as the user scrolls), a filter, pause/resume, per-shard counters and lag, a detail
 * pane with one tab per decoded view, multi-select, export and copy.
 *
 * Rows arrive in batches from the host; each batch only marks the table dirty and the table is painted
 * in the next animation frame, so a burst of rows costs one paint. While rows stream in, the page
 * measures the gaps between animation frames and reports the largest to the host.
 */
import { decodeRowView, encodedRowId } from '../../shared/tailProtocol';
import type {
  FromTailView,
  TailDetailView,
  TailFilterMode,
  TailRowView,
  TailStatusView,
  TailViewerInit,
  ToTailView,
} from '../../shared/tailProtocol';

interface VsCodeApi {
  postMessage(message: FromTailView): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 22;
const SEQUENCE_CHARS = 20;
const OVERSCAN = 8;
/** Frame gaps are measured while rows arrived within this window. */
const STREAMING_WINDOW_MS = 1_000;
const STATS_INTERVAL_MS = 500;

const VIEW_LABELS: Record<TailDetailView['views'][number]['kind'], string> = {
  json: 'JSON', text: 'Text', base64: 'Base64', hex: 'Hex', gzip: 'gzip', kpl: 'KPL',
};

const MODE_TITLES: Record<TailFilterMode, string> = {
  text: 'Plain text: case-insensitive, in the partition key and the data',
  regex: 'Regular expression: /pattern/flags (flags i, m, s, u)',
  jsonPath: 'JSON path: $.device.id == "d1", $.cpu > 50, $.tags[0], $.name =~ /^dev/',
};
const MODE_PLACEHOLDERS: Record<TailFilterMode, string> = {
  text: 'Filter: text in the key or the data',
  regex: 'Filter: /pattern/flags',
  jsonPath: 'Filter: $.device.id == "d1"  ·  $.cpu > 50  ·  $.tags[0]',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; id?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.id) element.id = props.id;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) element.appendChild(child);
  return element;
}

function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "shardId-000000000012" → "#12" (the full id is in the tooltip). */
function shortShard(shardId: string): string {
  const match = /^shardId-(\d+)$/.exec(shardId);
  return match ? `#${Number(match[1])}` : shardId;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatLag(ms: number | undefined): string {
  if (ms === undefined) return 'lag —';
  if (ms < 1000) return `lag ${ms} ms`;
  if (ms < 120_000) return `lag ${(ms / 1000).toFixed(1)} s`;
  return `lag ${Math.round(ms / 60_000)} min`;
}

/** Index of the first id ≥ `id` (ids are in order). */
function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface PoolRow {
  readonly element: HTMLDivElement;
  readonly cells: HTMLSpanElement[];
  id: number;
  selected: boolean;
  focused: boolean;
}

class TailViewerApp {
  readonly #vscode: VsCodeApi;
  /** Shown rows: their ids, and each row still encoded (decoded only when painted). */
  #ids: number[] = [];
  #lines: string[] = [];
  #status: TailStatusView | undefined;
  readonly #selected = new Set<number>();
  #anchorId: number | undefined;
  #focusId: number | undefined;
  #stickToBottom = true;
  #renderScheduled = false;
  #detail: TailDetailView | undefined;
  #detailKind: string | undefined;
  #detailTimer: ReturnType<typeof setTimeout> | undefined;
  #filterTimer: ReturnType<typeof setTimeout> | undefined;
  #selectionTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #pool: PoolRow[] = [];

  // Frame-gap measurement.
  #lastRowsAt = -Infinity;
  #lastFrameAt: number | undefined;
  #measuring = false;
  #maxFrameGap = 0;
  #frames = 0;
  #maxMessageMs = 0;
  #maxRenderMs = 0;
  #maxLongTaskMs = 0;
  #longTaskSource: string | undefined;
  #statsDirty = false;

  readonly #title = el('div', { class: 'title', id: 'title' });
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #pauseButton = el('button', { id: 'pause', class: 'button', text: 'Pause', attrs: { type: 'button', title: 'Stop reading (nothing is skipped: Resume reads on from here)' } });
  #filterModeValue: TailFilterMode = 'text';
  readonly #modeButtons = (['text', 'regex', 'jsonPath'] as const).map((mode) => el('button', {
    id: `mode-${mode}`,
    class: 'mode',
    text: mode === 'text' ? 'Text' : mode === 'regex' ? '.*' : '$.',
    attrs: { type: 'button', 'aria-pressed': String(mode === 'text'), 'data-mode': mode, title: MODE_TITLES[mode] },
  }));
  readonly #filterMode = el('div', { class: 'modes', id: 'filter-mode', attrs: { role: 'group', 'aria-label': 'Filter mode' } }, ...this.#modeButtons);
  readonly #filterInput = el('input', { id: 'filter', attrs: { type: 'text', placeholder: 'Filter: text, /regex/i or $.device.id == "d1"', 'aria-label': 'Filter records', spellcheck: 'false' } });
  readonly #exportButton = el('button', { id: 'export', class: 'button secondary', text: 'Export selection (NDJSON)…', attrs: { type: 'button' } });
  readonly #copyButton = el('button', { id: 'copy', class: 'button secondary', text: 'Copy record', attrs: { type: 'button' } });
  readonly #filterError = el('div', { id: 'filter-error', class: 'filter-error', attrs: { role: 'alert' } });
  readonly #notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #shownCount = el('span', { id: 'shown-count', text: '0' });
  readonly #receivedCount = el('span', { id: 'received-count', text: '0' });
  readonly #droppedCount = el('span', { id: 'dropped-count', text: '0' });
  readonly #selectedCount = el('span', { id: 'selected-count', text: '0' });
  readonly #stateText = el('span', { id: 'state', class: 'state', text: 'Starting' });
  readonly #shards = el('div', { id: 'shards', class: 'shards', attrs: { 'aria-label': 'Shards' } });
  readonly #grid = el('div', { id: 'grid', class: 'grid', attrs: { role: 'grid', tabindex: '0', 'aria-label': 'Records', 'aria-multiselectable': 'true', 'aria-rowcount': '0' } });
  readonly #viewport = el('div', { id: 'viewport', class: 'viewport' });
  readonly #spacer = el('div', { class: 'spacer' });
  readonly #empty = el('div', { id: 'empty', class: 'empty', text: 'Waiting for records…' });
  readonly #detailPane = el('section', { id: 'detail', class: 'detail', attrs: { 'aria-label': 'Record detail' } });

  constructor(vscode: VsCodeApi, root: HTMLElement, init: TailViewerInit | undefined) {
    this.#vscode = vscode;
    if (init) this.#applyInit(init);
    const header = el('div', { class: 'thead', attrs: { role: 'row' } },
      ...['Time', 'Shard', 'Partition key', 'Sequence', 'Size', 'Preview'].map((label, i) => el('span', { class: `cell c${i}`, text: label, attrs: { role: 'columnheader' } })));
    this.#viewport.appendChild(this.#spacer);
    this.#grid.append(header, this.#viewport, this.#empty);
    const counts = el('div', { class: 'counts', id: 'counts' },
      this.#stateText, document.createTextNode(' · '),
      this.#shownCount, document.createTextNode(' shown · '),
      this.#receivedCount, document.createTextNode(' received · '),
      this.#droppedCount, document.createTextNode(' dropped · '),
      this.#selectedCount, document.createTextNode(' selected'));
    root.append(
      this.#title,
      el('div', { class: 'toolbar' }, this.#pauseButton, this.#filterMode, this.#filterInput, this.#exportButton, this.#copyButton),
      this.#filterError,
      el('div', { class: 'status-bar' }, counts, this.#shards),
      this.#notice,
      el('div', { class: 'main' }, this.#grid, this.#detailPane),
    );
    this.#renderDetail();

    this.#pauseButton.addEventListener('click', () => this.#post({ type: this.#status?.state === 'paused' ? 'resume' : 'pause' }));
    this.#filterInput.addEventListener('input', () => this.#scheduleFilter());
    this.#filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.#scheduleFilter(0);
    });
    for (const button of this.#modeButtons) {
      button.addEventListener('click', () => {
        this.#setMode(button.dataset.mode as TailFilterMode);
        this.#scheduleFilter(0);
      });
    }
    this.#exportButton.addEventListener('click', () => this.#post({ type: 'export', ids: this.#selectedIds() }));
    this.#copyButton.addEventListener('click', () => this.#copy());
    this.#viewport.addEventListener('scroll', () => {
      const v = this.#viewport;
      this.#stickToBottom = v.scrollTop + v.clientHeight >= v.scrollHeight - ROW_HEIGHT * 1.5;
      this.#scheduleRender();
    }, { passive: true });
    this.#viewport.addEventListener('mousedown', (e) => this.#onRowMouseDown(e));
    this.#grid.addEventListener('keydown', (e) => this.#onKeyDown(e));
    new ResizeObserver(() => this.#scheduleRender()).observe(this.#viewport);
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      // Timed from before event.data: reading it is what deserialises a batch of rows.
      const started = performance.now();
      this.#onMessage(event.data);
      const took = performance.now() - started;
      if (took > this.#maxMessageMs) {
        this.#maxMessageMs = took;
        this.#statsDirty = true;
      }
    });
    setInterval(() => this.#reportStats(), STATS_INTERVAL_MS);
    this.#observeLongTasks();
  }

  start(): void {
    this.#post({ type: 'ready' });
  }

  #post(message: FromTailView): void {
    this.#vscode.postMessage(message);
  }

  #applyInit(init: TailViewerInit): void {
    this.#title.textContent = `${init.stream} · ${init.region} · ${init.description}`;
    this.#title.title = this.#title.textContent;
    this.#setMode(init.filter.mode);
    if (document.activeElement !== this.#filterInput) this.#filterInput.value = init.filter.text;
  }

  #onMessage(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    const message = data as ToTailView;
    switch (message.type) {
      case 'init':
        this.#applyInit(message.init);
        break;
      case 'rows':
        this.#onRows(message.reset, message.rows, message.count, message.status);
        break;
      case 'filterResult':
        this.#filterError.textContent = message.error ?? '';
        this.#filterInput.setAttribute('aria-invalid', message.error ? 'true' : 'false');
        break;
      case 'detail':
        if (message.requestedId === this.#focusId) {
          this.#detail = message.detail;
          this.#renderDetail();
        }
        break;
      case 'notice':
        this.#notice.textContent = message.message;
        this.#notice.className = `notice ${message.level}`;
        if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
        // Confirmations fade; warnings and errors stay until the next notice.
        if (message.level === 'info') this.#noticeTimer = setTimeout(() => { this.#notice.textContent = ''; }, 5_000);
        break;
      case 'select':
        this.#selectFromHost(message.ids);
        break;
      case 'resetStats':
        this.#maxFrameGap = 0;
        this.#frames = 0;
        this.#maxMessageMs = 0;
        this.#maxRenderMs = 0;
        this.#maxLongTaskMs = 0;
        this.#longTaskSource = undefined;
        this.#statsDirty = true;
        // Measures for one window even if no row arrives: the bench's idle baseline.
        this.#noteRowsArrived(false);
        break;
    }
  }

  #onRows(reset: boolean, encoded: string, count: number, status: TailStatusView): void {
    const firstVisible = Math.floor(this.#viewport.scrollTop / ROW_HEIGHT);
    let removedAbove = 0;
    if (reset) {
      this.#ids = [];
      this.#lines = [];
      this.#viewport.scrollTop = 0;
      this.#stickToBottom = true;
    }
    if (count > 0) {
      for (const line of encoded.split('\n')) {
        this.#ids.push(encodedRowId(line));
        this.#lines.push(line);
      }
      this.#noteRowsArrived();
    }
    // Rows the host's ring dropped go here too.
    if (this.#ids.length > 0 && this.#ids[0] < status.oldestId) {
      removedAbove = lowerBound(this.#ids, status.oldestId);
      this.#ids.splice(0, removedAbove);
      this.#lines.splice(0, removedAbove);
      for (const id of this.#selected) if (id < status.oldestId) this.#selected.delete(id);
    }
    if (!this.#stickToBottom && removedAbove > 0) {
      // Keep the same records in view while older ones disappear above them.
      this.#viewport.scrollTop = Math.max(0, (firstVisible - removedAbove) * ROW_HEIGHT);
    }
    this.#status = status;
    this.#renderStatus();
    this.#scheduleRender();
  }

  #renderStatus(): void {
    const s = this.#status;
    if (!s) return;
    this.#shownCount.textContent = integer.format(this.#ids.length);
    this.#receivedCount.textContent = integer.format(s.received);
    this.#droppedCount.textContent = integer.format(s.dropped);
    this.#droppedCount.title = `At most ${integer.format(s.maxRecords)} records are kept (setting kinesis.tail.maxRecords).`;
    const stateText = s.state === 'paused' ? 'Paused'
      : s.state === 'stopped' ? (s.stopReason === 'allShardsDrained' ? 'Finished: every shard read' : s.stopReason === 'error' ? 'Stopped by an error' : 'Stopped')
        : s.state === 'running' ? 'Reading' : 'Starting';
    this.#stateText.textContent = stateText;
    this.#stateText.className = `state ${s.state}`;
    this.#stateText.title = s.lastError ?? '';
    this.#pauseButton.textContent = s.state === 'paused' ? 'Resume' : 'Pause';
    this.#pauseButton.disabled = s.state === 'stopped';
    this.#pauseButton.setAttribute('aria-pressed', s.state === 'paused' ? 'true' : 'false');
    this.#empty.textContent = s.received === 0 ? (s.state === 'stopped' ? 'No records.' : 'Waiting for records…') : 'No record matches the filter.';
    // A few shards each: rebuilding the strip is cheaper than diffing it.
    this.#shards.replaceChildren(...s.shards.map((shard) => el('span', {
      class: `shard ${shard.state}`,
      attrs: { 'data-shard': shard.shardId, title: `${shard.shardId}: ${integer.format(shard.records)} Kinesis records, ${integer.format(shard.rows)} rows, ${shard.state}` },
      text: `${shortShard(shard.shardId)} · ${integer.format(shard.rows)} · ${formatLag(shard.millisBehindLatest)}${shard.state === 'reading' ? '' : ` · ${shard.state}`}`,
    })));
    if (s.lastError && s.state === 'stopped') {
      this.#notice.textContent = s.lastError;
      this.#notice.className = 'notice error';
    }
  }

  // ---- frame-gap measurement ----------------------------------------------------------------------

  #noteRowsArrived(rows = true): void {
    if (rows) this.#lastRowsAt = performance.now();
    else this.#lastRowsAt = Math.max(this.#lastRowsAt, performance.now());
    if (!this.#measuring) {
      this.#measuring = true;
      this.#lastFrameAt = undefined;
      requestAnimationFrame((t) => this.#measureFrame(t));
    }
  }

  #measureFrame(now: number): void {
    if (this.#lastFrameAt !== undefined) {
      const gap = now - this.#lastFrameAt;
      this.#frames++;
      if (gap > this.#maxFrameGap) this.#maxFrameGap = gap;
      this.#statsDirty = true;
    }
    this.#lastFrameAt = now;
    if (now - this.#lastRowsAt < STREAMING_WINDOW_MS) {
      requestAnimationFrame((t) => this.#measureFrame(t));
    } else {
      this.#measuring = false;
    }
  }

  /** Long tasks tell whether a frame gap was this page's work or another frame's on the same thread. */
  #observeLongTasks(): void {
    if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!this.#measuring || entry.duration <= this.#maxLongTaskMs) continue;
        this.#maxLongTaskMs = entry.duration;
        const attribution = (entry as PerformanceEntry & { attribution?: { containerType?: string; containerSrc?: string; name?: string }[] }).attribution?.[0];
        this.#longTaskSource = `${entry.name}${attribution ? ` (${attribution.containerType ?? ''} ${attribution.name ?? ''})` : ''}`;
        this.#statsDirty = true;
      }
    }).observe({ type: 'longtask', buffered: false });
  }

  #reportStats(): void {
    if (!this.#statsDirty) return;
    this.#statsDirty = false;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    this.#post({
      type: 'stats', maxFrameGapMs: round(this.#maxFrameGap), frames: this.#frames, rowsShown: this.#ids.length, domRows: this.#pool.length,
      maxMessageMs: round(this.#maxMessageMs), maxRenderMs: round(this.#maxRenderMs), maxLongTaskMs: round(this.#maxLongTaskMs), longTaskSource: this.#longTaskSource,
    });
  }

  // ---- table --------------------------------------------------------------------------------------

  #scheduleRender(): void {
    if (this.#renderScheduled) return;
    this.#renderScheduled = true;
    requestAnimationFrame(() => {
      this.#renderScheduled = false;
      const started = performance.now();
      this.#render();
      const took = performance.now() - started;
      if (took > this.#maxRenderMs) {
        this.#maxRenderMs = took;
        this.#statsDirty = true;
      }
    });
  }

  #render(): void {
    const v = this.#viewport;
    const count = this.#ids.length;
    this.#spacer.style.height = `${count * ROW_HEIGHT}px`;
    this.#grid.setAttribute('aria-rowcount', String(count));
    this.#empty.hidden = count > 0;
    if (this.#stickToBottom) v.scrollTop = v.scrollHeight;
    const visible = Math.ceil(v.clientHeight / ROW_HEIGHT) + OVERSCAN * 2;
    while (this.#pool.length < visible) this.#pool.push(this.#createPoolRow());
    const first = Math.max(0, Math.floor(v.scrollTop / ROW_HEIGHT) - OVERSCAN);
    for (let i = 0; i < this.#pool.length; i++) {
      const slot = this.#pool[i];
      const id = this.#ids[first + i];
      if (id === undefined || i >= visible) {
        if (slot.id !== -1) {
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
        continue;
      }
      if (slot.id !== id) {
        slot.id = id;
        slot.element.hidden = false;
        slot.element.dataset.id = String(id);
        slot.element.setAttribute('aria-rowindex', String(first + i + 1));
        this.#fillCells(slot, decodeRowView(this.#lines[first + i]));
      }
      slot.element.style.transform = `translateY(${(first + i) * ROW_HEIGHT}px)`;
      const selected = this.#selected.has(id);
      if (selected !== slot.selected) {
        slot.selected = selected;
        slot.element.classList.toggle('selected', selected);
        slot.element.setAttribute('aria-selected', String(selected));
      }
      const focused = id === this.#focusId;
      if (focused !== slot.focused) {
        slot.focused = focused;
        slot.element.classList.toggle('focused', focused);
      }
    }
    if (this.#focusId !== undefined) this.#grid.setAttribute('aria-activedescendant', `row-${this.#focusId}`);
  }

  #createPoolRow(): PoolRow {
    const cells = Array.from({ length: 6 }, (_, i) => el('span', { class: `cell c${i}`, attrs: { role: 'gridcell' } }));
    const element = el('div', { class: 'row', attrs: { role: 'row', 'aria-selected': 'false' } }, ...cells);
    element.hidden = true;
    this.#spacer.appendChild(element);
    return { element, cells, id: -1, selected: false, focused: false };
  }

  #fillCells(slot: PoolRow, row: TailRowView): void {
    const [time, shard, key, sequence, size, preview] = slot.cells;
    slot.element.id = `row-${row.id}`;
    time.textContent = formatTime(row.time);
    shard.textContent = shortShard(row.shardId);
    shard.title = row.shardId;
    key.textContent = row.partitionKey;
    key.title = row.partitionKey;
    const fullSequence = row.subSequenceNumber === undefined ? row.sequenceNumber : `${row.sequenceNumber}:${row.subSequenceNumber}`;
    // Sequence numbers of one shard share a long prefix: the end is what tells them apart.
    sequence.textContent = fullSequence.length > SEQUENCE_CHARS ? `…${fullSequence.slice(-SEQUENCE_CHARS)}` : fullSequence;
    sequence.title = fullSequence;
    size.textContent = formatSize(row.size);
    const tags = [row.subSequenceNumber !== undefined ? 'KPL' : '', row.gzip ? 'gzip' : '', row.kind === 'binary' ? 'bin' : '', row.kplFallback ? 'KPL?' : ''].filter(Boolean);
    preview.textContent = '';
    for (const tag of tags) preview.appendChild(el('span', { class: `tag ${tag === 'KPL?' ? 'warn' : ''}`, text: tag }));
    preview.appendChild(document.createTextNode(row.preview));
    preview.title = row.kplFallback ? `KPL aggregated record shown raw: ${row.kplFallback}` : '';
  }

  // ---- selection ----------------------------------------------------------------------------------

  #indexOf(id: number | undefined): number {
    if (id === undefined) return -1;
    const i = lowerBound(this.#ids, id);
    return this.#ids[i] === id ? i : -1;
  }

  #selectedIds(): number[] {
    return [...this.#selected].sort((a, b) => a - b);
  }

  #onRowMouseDown(e: MouseEvent): void {
    const rowElement = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (!rowElement || e.button !== 0) return;
    const id = Number(rowElement.dataset.id);
    if (!Number.isInteger(id)) return;
    e.preventDefault();
    this.#grid.focus();
    if (e.shiftKey && this.#anchorId !== undefined) {
      this.#selectRange(this.#anchorId, id, e.ctrlKey || e.metaKey);
    } else if (e.ctrlKey || e.metaKey) {
      if (this.#selected.has(id)) this.#selected.delete(id);
      else this.#selected.add(id);
      this.#anchorId = id;
    } else {
      this.#selected.clear();
      this.#selected.add(id);
      this.#anchorId = id;
    }
    this.#setFocus(id, false);
    this.#selectionChanged();
  }

  #selectRange(fromId: number, toId: number, add: boolean): void {
    const a = this.#indexOf(fromId);
    const b = this.#indexOf(toId);
    if (a < 0 || b < 0) return;
    if (!add) this.#selected.clear();
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) this.#selected.add(this.#ids[i]);
  }

  #selectFromHost(ids: readonly number[] | 'all'): void {
    this.#selected.clear();
    for (const id of ids === 'all' ? this.#ids : ids) this.#selected.add(id);
    const first = ids === 'all' ? this.#ids[0] : ids[0];
    if (first !== undefined) {
      this.#anchorId = first;
      this.#setFocus(first, true);
    }
    this.#selectionChanged();
  }

  #onKeyDown(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      this.#selectFromHost('all');
      return;
    }
    if (mod && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      this.#copy();
      return;
    }
    const pageRows = Math.max(1, Math.floor(this.#viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows, Home: -Infinity, End: Infinity };
    if (!(e.key in moves) || this.#ids.length === 0) return;
    e.preventDefault();
    const current = this.#indexOf(this.#focusId);
    const start = current < 0 ? (moves[e.key] > 0 ? -1 : this.#ids.length) : current;
    const target = Math.min(this.#ids.length - 1, Math.max(0, start + moves[e.key]));
    const id = this.#ids[target];
    if (e.shiftKey) {
      this.#anchorId ??= this.#focusId ?? id;
      this.#selectRange(this.#anchorId, id, false);
    } else {
      this.#selected.clear();
      this.#selected.add(id);
      this.#anchorId = id;
    }
    this.#setFocus(id, true);
    this.#selectionChanged();
  }

  #setFocus(id: number, reveal: boolean): void {
    this.#focusId = id;
    if (reveal) {
      const index = this.#indexOf(id);
      const v = this.#viewport;
      const top = index * ROW_HEIGHT;
      if (top < v.scrollTop) v.scrollTop = top;
      else if (top + ROW_HEIGHT > v.scrollTop + v.clientHeight) v.scrollTop = top + ROW_HEIGHT - v.clientHeight;
      this.#stickToBottom = index === this.#ids.length - 1;
    }
    if (this.#detailTimer) clearTimeout(this.#detailTimer);
    // Holding an arrow key must not ask for a detail per row.
    this.#detailTimer = setTimeout(() => this.#post({ type: 'showDetail', id }), 60);
  }

  #selectionChanged(): void {
    this.#selectedCount.textContent = integer.format(this.#selected.size);
    this.#scheduleRender();
    if (this.#selectionTimer) clearTimeout(this.#selectionTimer);
    this.#selectionTimer = setTimeout(() => this.#post({ type: 'selection', ids: this.#selectedIds() }), 50);
  }

  #copy(): void {
    const id = this.#focusId ?? this.#selectedIds()[0];
    if (id !== undefined) this.#post({ type: 'copy', id });
  }

  #setMode(mode: TailFilterMode): void {
    this.#filterModeValue = mode;
    for (const button of this.#modeButtons) button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
    this.#filterInput.placeholder = MODE_PLACEHOLDERS[mode];
  }

  #scheduleFilter(delay = 250): void {
    if (this.#filterTimer) clearTimeout(this.#filterTimer);
    this.#filterTimer = setTimeout(() => {
      const mode = this.#filterModeValue;
      const text = this.#filterInput.value;
      this.#vscode.setState({ filter: { mode, text } });
      this.#post({ type: 'setFilter', mode, text });
    }, delay);
  }

  // ---- detail -------------------------------------------------------------------------------------

  #renderDetail(): void {
    const pane = this.#detailPane;
    const detail = this.#detail;
    if (!detail) {
      pane.replaceChildren(el('p', { class: 'placeholder', text: 'Select a record to see it decoded.' }));
      return;
    }
    const facts = el('dl', { class: 'facts', id: 'detail-facts' });
    for (const [label, value] of detail.facts) facts.append(el('dt', { text: label }), el('dd', { text: value }));
    const views = detail.views;
    const kind = views.some((v) => v.kind === this.#detailKind) ? this.#detailKind : views[0]?.kind;
    const tabs = el('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } });
    const body = el('pre', { class: 'view-text', id: 'detail-text', attrs: { role: 'tabpanel', tabindex: '0' } });
    const note = el('p', { class: 'view-note', id: 'detail-note' });
    for (const view of views) {
      const tab = el('button', {
        class: `tab${view.kind === kind ? ' active' : ''}`,
        id: `tab-${view.kind}`,
        text: VIEW_LABELS[view.kind],
        attrs: { role: 'tab', type: 'button', 'aria-selected': String(view.kind === kind) },
      });
      tab.addEventListener('click', () => {
        this.#detailKind = view.kind;
        this.#renderDetail();
      });
      tabs.appendChild(tab);
    }
    const shown = views.find((v) => v.kind === kind);
    body.textContent = shown?.text ?? '';
    note.textContent = shown?.note ?? '';
    note.hidden = !shown?.note;
    pane.replaceChildren(facts, tabs, note, body);
  }
}

function readInit(): TailViewerInit | undefined {
  const raw = document.body.dataset.init;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as TailViewerInit;
  } catch {
    return undefined;
  }
}

const root = document.getElementById('app');
if (root) new TailViewerApp(acquireVsCodeApi(), root, readInit()).start();
