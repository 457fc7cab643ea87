/**
 * The records viewer's page: a filter, pause/resume, per-shard counters and lag, the records table
 * (./table.ts, with ./selection.ts), a detail pane (./detailPane.ts), export and copy.
 *
 * Rows arrive in batches from the host and are kept encoded (./shownRows.ts). With test hooks on
 * (`data-test-hooks`, set by the host only in test mode) the page also measures its frames
 * (./frameStats.ts) and reports them and its selection, and lets the host select rows.
 */
import type {
  FromTailView,
  TailFilterMode,
  TailStatusView,
  TailViewerInit,
  ToTailView,
  ToTailViewType,
} from '../../shared/tailProtocol';
import { el, readBodyJson } from '../common/dom';
import { formatInteger } from '../common/format';
import { listenToHost } from '../common/hostListener';
import { createPosterForVsCode, type MessagePoster } from '../common/messaging';
import { vscodeApi, type VsCodeApi } from '../common/vscodeApi';
import { DetailPane } from './detailPane';
import { formatLag, shortShard } from './format';
import { FrameStats } from './frameStats';
import { RowSelection } from './selection';
import { ShownRows } from './shownRows';
import { RecordTable } from './table';

const STATS_INTERVAL_MS = 500;

/** Every message type the host may send; the test hooks only when they are on. */
const USER_MESSAGE_TYPES = { init: true, rows: true, filterResult: true, detail: true, notice: true } as const;
const ALL_MESSAGE_TYPES: Record<ToTailViewType, true> = { ...USER_MESSAGE_TYPES, select: true, resetStats: true };

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

function stateText(s: TailStatusView): string {
  if (s.state === 'paused') return 'Paused';
  if (s.state === 'stopped') return s.stopReason === 'allShardsDrained' ? 'Finished: every shard read' : s.stopReason === 'error' ? 'Stopped by an error' : 'Stopped';
  return s.state === 'running' ? 'Reading' : 'Starting';
}

class TailViewerApp {
  readonly #poster: MessagePoster<FromTailView>;
  readonly #rows = new ShownRows();
  readonly #selection = new RowSelection(this.#rows);
  readonly #table: RecordTable;
  readonly #detail = new DetailPane();
  /** Only with test hooks on. */
  readonly #stats: FrameStats | undefined;
  #status: TailStatusView | undefined;
  #detailTimer: ReturnType<typeof setTimeout> | undefined;
  #filterTimer: ReturnType<typeof setTimeout> | undefined;
  #selectionTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #filterModeValue: TailFilterMode = 'text';

  readonly #title = el('div', { class: 'title', id: 'title' });
  readonly #pauseButton = el('button', { id: 'pause', class: 'button', attrs: { type: 'button', title: 'Stop reading (nothing is skipped: Resume reads on from here)' } }, 'Pause');
  readonly #modeButtons = (['text', 'regex', 'jsonPath'] as const).map((mode) => el('button', {
    id: `mode-${mode}`,
    class: 'mode',
    attrs: { type: 'button', 'aria-pressed': String(mode === 'text'), 'data-mode': mode, title: MODE_TITLES[mode] },
  }, mode === 'text' ? 'Text' : mode === 'regex' ? '.*' : '$.'));
  readonly #filterInput = el('input', { id: 'filter', attrs: { type: 'text', placeholder: 'Filter: text, /regex/i or $.device.id == "d1"', 'aria-label': 'Filter records', spellcheck: 'false' } });
  readonly #exportButton = el('button', { id: 'export', class: 'button secondary', attrs: { type: 'button' } }, 'Export selection (NDJSON)…');
  readonly #copyButton = el('button', { id: 'copy', class: 'button secondary', attrs: { type: 'button' } }, 'Copy record');
  readonly #filterError = el('div', { id: 'filter-error', class: 'filter-error', attrs: { role: 'alert' } });
  readonly #notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #shownCount = el('span', { id: 'shown-count' }, '0');
  readonly #receivedCount = el('span', { id: 'received-count' }, '0');
  readonly #droppedCount = el('span', { id: 'dropped-count' }, '0');
  readonly #selectedCount = el('span', { id: 'selected-count' }, '0');
  readonly #stateText = el('span', { id: 'state', class: 'state' }, 'Starting');
  readonly #shards = el('div', { id: 'shards', class: 'shards', attrs: { 'aria-label': 'Shards' } });

  constructor(vscode: VsCodeApi, root: HTMLElement, source: string, init: TailViewerInit | undefined, testHooks: boolean) {
    this.#poster = createPosterForVsCode<FromTailView>(vscode, source);
    this.#stats = testHooks ? new FrameStats({ now: () => performance.now(), requestFrame: (callback) => requestAnimationFrame(callback) }) : undefined;
    this.#table = new RecordTable(this.#rows, this.#selection, {
      selectionChanged: () => this.#selectionChanged(),
      focused: (id) => this.#requestDetail(id),
      copy: () => this.#copy(),
      rendered: (ms) => this.#stats?.noteRender(ms),
    });
    if (init) this.#applyInit(init);
    const counts = el('div', { class: 'counts', id: 'counts' },
      this.#stateText, ' · ',
      this.#shownCount, ' shown · ',
      this.#receivedCount, ' received · ',
      this.#droppedCount, ' dropped · ',
      this.#selectedCount, ' selected');
    root.append(
      this.#title,
      el('div', { class: 'toolbar' }, this.#pauseButton,
        el('div', { class: 'modes', id: 'filter-mode', attrs: { role: 'group', 'aria-label': 'Filter mode' } }, ...this.#modeButtons),
        this.#filterInput, this.#exportButton, this.#copyButton),
      this.#filterError,
      el('div', { class: 'status-bar' }, counts, this.#shards),
      this.#notice,
      el('div', { class: 'main' }, this.#table.element, this.#detail.element),
    );

    this.#pauseButton.addEventListener('click', () => this.#poster.postMessage(this.#status?.state === 'paused' ? 'resume' : 'pause', {}));
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
    this.#exportButton.addEventListener('click', () => this.#poster.postMessage('export', { ids: this.#selection.selectedIds() }));
    this.#copyButton.addEventListener('click', () => this.#copy());
    listenToHost<ToTailView>(source, testHooks ? ALL_MESSAGE_TYPES : USER_MESSAGE_TYPES, (message) => this.#onMessage(message),
      this.#stats && ((ms) => this.#stats?.noteMessage(ms)));
    if (this.#stats) {
      setInterval(() => this.#reportStats(), STATS_INTERVAL_MS);
      this.#observeLongTasks();
    }
  }

  start(): void {
    this.#poster.postMessage('ready', {});
  }

  #applyInit(init: TailViewerInit): void {
    this.#title.textContent = `${init.stream} · ${init.region} · ${init.description}`;
    this.#title.title = this.#title.textContent;
    this.#setMode(init.filter.mode);
    if (document.activeElement !== this.#filterInput) this.#filterInput.value = init.filter.text;
  }

  #onMessage(message: ToTailView): void {
    switch (message.type) {
      case 'init':
        this.#applyInit(message.init);
        break;
      case 'rows':
        if (this.#table.update(message.reset, message.rows, message.count, message.status.oldestId) > 0) this.#stats?.noteRowsArrived();
        this.#status = message.status;
        this.#renderStatus();
        break;
      case 'filterResult':
        this.#filterError.textContent = message.error ?? '';
        this.#filterInput.setAttribute('aria-invalid', message.error ? 'true' : 'false');
        break;
      case 'detail':
        if (message.requestedId === this.#selection.focusId) this.#detail.show(message.detail);
        break;
      case 'notice':
        this.#notice.textContent = message.message;
        this.#notice.className = `notice ${message.level}`;
        if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
        // Confirmations fade; warnings and errors stay until the next notice.
        if (message.level === 'info') this.#noticeTimer = setTimeout(() => { this.#notice.textContent = ''; }, 5_000);
        break;
      case 'select':
        this.#table.select(message.ids);
        break;
      case 'resetStats':
        this.#stats?.reset();
        break;
    }
  }

  #renderStatus(): void {
    const s = this.#status;
    if (!s) return;
    this.#shownCount.textContent = formatInteger(this.#rows.length);
    this.#receivedCount.textContent = formatInteger(s.received);
    this.#droppedCount.textContent = formatInteger(s.dropped);
    this.#droppedCount.title = `At most ${formatInteger(s.maxRecords)} records are kept (setting kinesis.tail.maxRecords).`;
    this.#stateText.textContent = stateText(s);
    this.#stateText.className = `state ${s.state}`;
    this.#stateText.title = s.lastError ?? '';
    this.#pauseButton.textContent = s.state === 'paused' ? 'Resume' : 'Pause';
    this.#pauseButton.disabled = s.state === 'stopped';
    this.#pauseButton.setAttribute('aria-pressed', s.state === 'paused' ? 'true' : 'false');
    this.#table.setEmptyText(s.received === 0 ? (s.state === 'stopped' ? 'No records.' : 'Waiting for records…') : 'No record matches the filter.');
    // A few shards each: rebuilding the strip is cheaper than diffing it.
    this.#shards.replaceChildren(...s.shards.map((shard) => el('span', {
      class: `shard ${shard.state}`,
      attrs: { 'data-shard': shard.shardId, title: `${shard.shardId}: ${formatInteger(shard.records)} Kinesis records, ${formatInteger(shard.rows)} rows, ${shard.state}` },
    }, `${shortShard(shard.shardId)} · ${formatInteger(shard.rows)} · ${formatLag(shard.millisBehindLatest)}${shard.state === 'reading' ? '' : ` · ${shard.state}`}`)));
    if (s.lastError && s.state === 'stopped') {
      this.#notice.textContent = s.lastError;
      this.#notice.className = 'notice error';
    }
  }

  #requestDetail(id: number): void {
    if (this.#detailTimer) clearTimeout(this.#detailTimer);
    // Holding an arrow key must not ask for a detail per row.
    this.#detailTimer = setTimeout(() => this.#poster.postMessage('showDetail', { id }), 60);
  }

  #selectionChanged(): void {
    this.#selectedCount.textContent = formatInteger(this.#selection.size);
    if (!this.#stats) return;
    // Test hook: tell the host what is selected, so a test can act on what a user picked.
    if (this.#selectionTimer) clearTimeout(this.#selectionTimer);
    this.#selectionTimer = setTimeout(() => this.#poster.postMessage('selection', { ids: this.#selection.selectedIds() }), 50);
  }

  #copy(): void {
    const id = this.#selection.copyTarget;
    if (id !== undefined) this.#poster.postMessage('copy', { id });
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
      this.#poster.postMessage('setFilter', { mode, text });
    }, delay);
  }

  #reportStats(): void {
    const report = this.#stats?.takeReport(this.#rows.length, this.#table.domRows);
    if (report) this.#poster.postMessage('stats', report);
  }

  /** Long tasks tell whether a frame gap was this page's work or another frame's on the same thread. */
  #observeLongTasks(): void {
    if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const attribution = (entry as PerformanceEntry & { attribution?: { containerType?: string; containerSrc?: string; name?: string }[] }).attribution?.[0];
        this.#stats?.noteLongTask(entry.duration, `${entry.name}${attribution ? ` (${attribution.containerType ?? ''} ${attribution.name ?? ''})` : ''}`);
      }
    }).observe({ type: 'longtask', buffered: false });
  }
}

const root = document.getElementById('app');
if (root) new TailViewerApp(vscodeApi(), root, document.body.dataset.source ?? '', readBodyJson<TailViewerInit>('init'), document.body.dataset.testHooks === 'true').start();
