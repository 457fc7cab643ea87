/**
 * The records viewer's page: a filter, pause/resume, shard chips (counters and lag; a click hides
 * or shows a shard's rows), the arrival-time histogram with its brush (./histogram.ts), column
 * toggles, the records table (./table.ts, with ./selection.ts), a detail pane (./detailPane.ts),
 * export, copy, "Open as JSON document" and "Put record…".
 *
 * The pull model: the host keeps every row; the page says which window it has in view and gets
 * those rows in the host's next `view` message. With test hooks on (`data-test-hooks`, set by the
 * host only in test mode) the page also measures its frames (./frameStats.ts) and reports them, and
 * lets the host select rows.
 *
 * Keyboard: everything is a tab stop in reading order (toolbar, histogram, shard chips, columns,
 * table, detail tabs); the table and the histogram take arrow keys inside.
 */
// First: loads the host's l10n bundle before the other modules below evaluate their strings.
import { fillPlaceholders } from '../common/l10n';
import * as l10n from '@vscode/l10n';
import type {
  FromTailView,
  TailFilterMode,
  TailShardView,
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
import { HistogramView } from './histogram';
import { COLUMNS, RecordTable, type ColumnKey } from './table';

const STATS_INTERVAL_MS = 500;
/** The selection (and focus) goes to the host once the keys rest this long. */
const SELECTION_DELAY_MS = 50;

/** Every message type the host may send; the test hooks only when they are on. */
const USER_MESSAGE_TYPES = { init: true, view: true, filterResult: true, detail: true, notice: true, highlight: true } as const;
const ALL_MESSAGE_TYPES: Record<ToTailViewType, true> = { ...USER_MESSAGE_TYPES, select: true, resetStats: true };

const MODE_TITLES: Record<TailFilterMode, string> = {
  text: l10n.t('Plain text: case-insensitive, in the partition key and the data'),
  regex: l10n.t('Regular expression: /pattern/flags (flags i, m, s, u)'),
  jsonPath: l10n.t('JSON path: $.device.id == "d1", $.cpu > 50, $.tags[0], $.name =~ /^dev/'),
};
const MODE_LABELS: Record<TailFilterMode, string> = {
  text: l10n.t('Filter mode: plain text'), regex: l10n.t('Filter mode: regular expression'), jsonPath: l10n.t('Filter mode: JSON path'),
};
const MODE_PLACEHOLDERS: Record<TailFilterMode, string> = {
  text: l10n.t('Filter: text in the key or the data'),
  regex: l10n.t('Filter: /pattern/flags'),
  jsonPath: l10n.t('Filter: $.device.id == "d1"  ·  $.cpu > 50  ·  $.tags[0]'),
};

/** What the page keeps across reloads (setState): UI choices only, never records. */
interface PageState {
  readonly hiddenColumns?: readonly ColumnKey[];
}

function stateText(s: TailStatusView): string {
  if (s.state === 'paused') return l10n.t('Paused');
  if (s.state === 'stopped') return s.stopReason === 'allShardsDrained' ? l10n.t('Finished: every shard read') : s.stopReason === 'error' ? l10n.t('Stopped by an error') : l10n.t('Stopped');
  return s.state === 'running' ? l10n.t('Reading') : l10n.t('Starting');
}

function shardText(shard: TailShardView): string {
  return `${shortShard(shard.shardId)} · ${formatInteger(shard.rows)} · ${formatLag(shard.millisBehindLatest)}${shard.state === 'reading' ? '' : ` · ${shard.state}`}`;
}

class TailViewerApp {
  readonly #vscode: VsCodeApi;
  readonly #poster: MessagePoster<FromTailView>;
  readonly #table: RecordTable;
  readonly #histogram: HistogramView;
  readonly #detail = new DetailPane();
  /** Only with test hooks on. */
  readonly #stats: FrameStats | undefined;
  #status: TailStatusView | undefined;
  #hiddenShards = new Set<string>();
  #filterTimer: ReturnType<typeof setTimeout> | undefined;
  #selectionTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #filterModeValue: TailFilterMode = 'text';

  readonly #title = el('div', { class: 'title', id: 'title' });
  readonly #pauseButton = el('button', { id: 'pause', class: 'button', attrs: { type: 'button', title: l10n.t('Stop reading (nothing is skipped: Resume reads on from here)') } }, l10n.t('Pause'));
  readonly #modeButtons = (['text', 'regex', 'jsonPath'] as const).map((mode) => el('button', {
    id: `mode-${mode}`,
    class: 'mode',
    attrs: { type: 'button', 'aria-pressed': String(mode === 'text'), 'data-mode': mode, title: MODE_TITLES[mode], 'aria-label': MODE_LABELS[mode] },
  }, mode === 'text' ? l10n.t('Text') : mode === 'regex' ? '.*' : '$.'));
  readonly #filterInput = el('input', { id: 'filter', attrs: { type: 'text', placeholder: l10n.t('Filter: text, /regex/i or $.device.id == "d1"'), 'aria-label': l10n.t('Filter records'), spellcheck: 'false' } });
  readonly #exportButton = el('button', { id: 'export', class: 'button secondary', attrs: { type: 'button' } }, l10n.t('Export selection (NDJSON)…'));
  readonly #copyButton = el('button', { id: 'copy', class: 'button secondary', attrs: { type: 'button' } }, l10n.t('Copy record'));
  readonly #jsonButton = el('button', { id: 'open-json', class: 'button secondary', attrs: { type: 'button' } }, l10n.t('Open as JSON'));
  readonly #putButton = el('button', { id: 'put-record', class: 'button secondary', attrs: { type: 'button', title: l10n.t("Put a record into this stream, with the focused record's key and encoding filled in") } }, l10n.t('Put record…'));
  readonly #filterError = el('div', { id: 'filter-error', class: 'filter-error', attrs: { role: 'alert' } });
  readonly #notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #shownCount = el('span', { id: 'shown-count' }, '0');
  readonly #receivedCount = el('span', { id: 'received-count' }, '0');
  readonly #droppedCount = el('span', { id: 'dropped-count' }, '0');
  readonly #selectedCount = el('span', { id: 'selected-count' }, '0');
  readonly #stateText = el('span', { id: 'state', class: 'state' }, l10n.t('Starting'));
  readonly #shards = el('div', { id: 'shards', class: 'shards', attrs: { role: 'group', 'aria-label': l10n.t('Shards: press a shard to hide or show its records') } });
  readonly #shardChips = new Map<string, HTMLButtonElement>();
  readonly #columnBoxes = new Map<ColumnKey, HTMLInputElement>();

  constructor(vscode: VsCodeApi, root: HTMLElement, source: string, init: TailViewerInit | undefined, testHooks: boolean) {
    this.#vscode = vscode;
    this.#poster = createPosterForVsCode<FromTailView>(vscode, source);
    this.#stats = testHooks ? new FrameStats({ now: () => performance.now(), requestFrame: (callback) => requestAnimationFrame(callback) }) : undefined;
    this.#table = new RecordTable({
      selectionChanged: () => this.#selectionChanged(),
      copy: () => this.#act('copy'),
      needWindow: ({ generation, start, count }) => this.#poster.postMessage('viewport', { generation, start, count }),
      rendered: (ms) => this.#stats?.noteRender(ms),
    });
    this.#histogram = new HistogramView((range) => this.#poster.postMessage('setRange', { range }));
    if (init) this.#applyInit(init);
    // One sentence for translators, with the live counters put where its placeholders are.
    const counts = el('div', { class: 'counts', id: 'counts' },
      ...fillPlaceholders(l10n.t('{0} · {1} shown · {2} received · {3} dropped · {4} selected'),
        [this.#stateText, this.#shownCount, this.#receivedCount, this.#droppedCount, this.#selectedCount]));
    root.append(
      this.#title,
      el('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Viewer actions') } }, this.#pauseButton,
        el('div', { class: 'modes', id: 'filter-mode', attrs: { role: 'group', 'aria-label': l10n.t('Filter mode') } }, ...this.#modeButtons),
        this.#filterInput, this.#exportButton, this.#copyButton, this.#jsonButton, this.#putButton),
      this.#filterError,
      this.#histogram.element,
      el('div', { class: 'status-bar' }, counts, this.#shards, this.#columnsMenu()),
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
    this.#exportButton.addEventListener('click', () => this.#act('export'));
    this.#copyButton.addEventListener('click', () => this.#act('copy'));
    this.#jsonButton.addEventListener('click', () => this.#act('openJson'));
    this.#putButton.addEventListener('click', () => this.#act('putRecord'));
    listenToHost<ToTailView>(source, testHooks ? ALL_MESSAGE_TYPES : USER_MESSAGE_TYPES, (message) => this.#onMessage(message),
      this.#stats && ((ms) => this.#stats?.noteMessage(ms)));
    if (this.#stats) {
      setInterval(() => this.#reportStats(), STATS_INTERVAL_MS);
      this.#observeLongTasks();
    }
    this.#updateJsonButton();
  }

  start(): void {
    this.#poster.postMessage('ready', {});
  }

  #columnsMenu(): HTMLElement {
    const saved = (this.#vscode.getState() as PageState | undefined)?.hiddenColumns ?? [];
    const boxes = COLUMNS.map((column) => {
      const box = el('input', { id: `column-${column.key}`, attrs: { type: 'checkbox' }, props: { checked: !saved.includes(column.key) } });
      this.#columnBoxes.set(column.key, box);
      if (saved.includes(column.key)) this.#table.setColumnHidden(column.key, true);
      box.addEventListener('change', () => {
        this.#table.setColumnHidden(column.key, !box.checked);
        this.#vscode.setState({ hiddenColumns: [...this.#table.hiddenColumns] } satisfies PageState);
      });
      return el('label', { class: 'column-toggle' }, box, column.label);
    });
    return el('details', { id: 'columns', class: 'columns' },
      el('summary', { attrs: { 'aria-label': l10n.t('Columns: choose which columns the table shows') } }, l10n.t('Columns')),
      el('fieldset', { class: 'columns-list' }, el('legend', { class: 'visually-hidden' }, l10n.t('Columns shown')), ...boxes));
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
      case 'view': {
        const generationChanged = message.generation !== this.#table.generation;
        if (this.#table.update(message)) this.#stats?.noteRowsArrived();
        if (generationChanged) this.#selectionChanged();
        this.#status = message.status;
        this.#hiddenShards = new Set(message.hiddenShards);
        this.#histogram.update(message.histogram, message.range, message.total);
        this.#renderStatus();
        break;
      }
      case 'highlight':
        if (message.generation === this.#table.generation) {
          this.#table.highlight(message.ordinal, message.id);
          this.#showNotice('info', l10n.t('The record you put has arrived: it is marked in the table.'));
        }
        break;
      case 'filterResult':
        this.#filterError.textContent = message.error ?? '';
        this.#filterInput.setAttribute('aria-invalid', message.error ? 'true' : 'false');
        break;
      case 'detail':
        if (message.generation === this.#table.generation && message.ordinal === this.#table.selection.focus) this.#detail.show(message.detail);
        break;
      case 'notice':
        this.#showNotice(message.level, message.message);
        break;
      case 'select':
        if (message.generation === this.#table.generation) this.#table.select(message.ranges);
        break;
      case 'resetStats':
        this.#stats?.reset();
        break;
    }
  }

  #showNotice(level: 'info' | 'warning' | 'error', text: string): void {
    this.#notice.textContent = text;
    this.#notice.className = `notice ${level}`;
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    // Confirmations fade; warnings and errors stay until the next notice.
    if (level === 'info') this.#noticeTimer = setTimeout(() => { this.#notice.textContent = ''; }, 5_000);
  }

  #renderStatus(): void {
    const s = this.#status;
    if (!s) return;
    this.#shownCount.textContent = formatInteger(this.#table.total);
    this.#receivedCount.textContent = formatInteger(s.received);
    this.#droppedCount.textContent = formatInteger(s.dropped);
    this.#droppedCount.title = l10n.t('At most {0} records are kept (setting kinesis.tail.maxRecords).', formatInteger(s.maxRecords));
    this.#stateText.textContent = stateText(s);
    this.#stateText.className = `state ${s.state}`;
    this.#stateText.title = s.lastError ?? '';
    this.#pauseButton.textContent = s.state === 'paused' ? l10n.t('Resume') : l10n.t('Pause');
    this.#pauseButton.disabled = s.state === 'stopped';
    this.#pauseButton.setAttribute('aria-pressed', s.state === 'paused' ? 'true' : 'false');
    this.#table.setEmptyText(s.received === 0 ? (s.state === 'stopped' ? l10n.t('No records.') : l10n.t('Waiting for records…')) : l10n.t('No record matches the filter, the shards or the time range.'));
    this.#renderShards(s.shards);
    this.#updateJsonButton();
    if (s.lastError && s.state === 'stopped') {
      this.#notice.textContent = s.lastError;
      this.#notice.className = 'notice error';
    }
  }

  /** One chip per shard, kept (not rebuilt) so that keyboard focus stays on the chip being pressed. */
  #renderShards(shards: readonly TailShardView[]): void {
    for (const shard of shards) {
      let chip = this.#shardChips.get(shard.shardId);
      if (!chip) {
        const shardId = shard.shardId;
        chip = el('button', { class: 'shard', attrs: { type: 'button', 'data-shard': shardId } });
        chip.addEventListener('click', () => {
          const hidden = new Set(this.#hiddenShards);
          if (hidden.has(shardId)) hidden.delete(shardId);
          else hidden.add(shardId);
          this.#hiddenShards = hidden;
          this.#poster.postMessage('setShards', { hidden: [...hidden] });
        });
        this.#shardChips.set(shardId, chip);
        this.#shards.append(chip);
      }
      const shown = !this.#hiddenShards.has(shard.shardId);
      chip.className = `shard ${shard.state}${shown ? '' : ' off'}`;
      chip.textContent = shardText(shard);
      chip.setAttribute('aria-pressed', String(shown));
      const rows = formatInteger(shard.rows);
      const lag = formatLag(shard.millisBehindLatest);
      chip.setAttribute('aria-label', shown
        ? l10n.t('{0}: {1} rows, {2}, {3}; its records are shown', shard.shardId, rows, lag, shard.state)
        : l10n.t('{0}: {1} rows, {2}, {3}; its records are hidden', shard.shardId, rows, lag, shard.state));
      chip.title = shown
        ? l10n.t('{0}: {1} Kinesis records, {2} rows, {3}. Press to hide its records.', shard.shardId, formatInteger(shard.records), rows, shard.state)
        : l10n.t('{0}: {1} Kinesis records, {2} rows, {3}. Press to show its records.', shard.shardId, formatInteger(shard.records), rows, shard.state);
    }
  }

  #updateJsonButton(): void {
    const selected = this.#table.selection.size;
    this.#jsonButton.textContent = selected > 0 ? l10n.t('Open {0} selected as JSON', formatInteger(selected)) : l10n.t('Open {0} shown as JSON', formatInteger(this.#table.total));
    this.#jsonButton.title = l10n.t('Open the records as an untitled JSON document (an array of records as Export writes them)');
  }

  #selectionChanged(): void {
    this.#selectedCount.textContent = formatInteger(this.#table.selection.size);
    this.#updateJsonButton();
    if (this.#selectionTimer) clearTimeout(this.#selectionTimer);
    this.#selectionTimer = setTimeout(() => this.#sendSelection(), SELECTION_DELAY_MS);
  }

  #sendSelection(): void {
    if (this.#selectionTimer) clearTimeout(this.#selectionTimer);
    this.#selectionTimer = undefined;
    const { selection, generation } = this.#table;
    if (selection.focus === undefined) this.#detail.show(undefined);
    this.#poster.postMessage('selection', { generation: Math.max(0, generation), ranges: selection.ranges.map(([a, b]): [number, number] => [a, b]), focus: selection.focus });
  }

  /** An action on the selection: the host acts on the selection it has, so send any pending change first. */
  #act(type: 'export' | 'copy' | 'openJson' | 'putRecord'): void {
    if (this.#selectionTimer) this.#sendSelection();
    this.#poster.postMessage(type, {});
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
    const report = this.#stats?.takeReport(this.#table.total, this.#table.domRows);
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
