/**
 * One records viewer: a webview panel showing one TailSession. Closing the panel stops the tail.
 *
 * The pull model: the host keeps the rows (the session's ring and filter, and a TailView for the
 * shard chips, the time range and the windows); the page holds only the rows it paints. At most
 * every {@link FLUSH_INTERVAL_MS}, when anything changed, the host posts one `view`: the count, the
 * window the page last asked for, the histogram and the counters. However fast rows arrive, the page
 * gets ~10 small messages a second.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { RecordEncoding } from '../../core/kinesis/recordData';
import type { ILogger } from '../../core/logging';
import { exportedRecord } from '../../core/tail/ndjson';
import type { TailRow } from '../../core/tail/rows';
import type { RecordDetail, SessionStatus, TailSession } from '../../core/tail/session';
import { TailView, type OrdinalRange } from '../../core/tail/view';
import { CommandIds } from '../../platform/commandIds';
import { WebviewHost, webviewPanelOptions, type WebviewHostInfo } from '../../platform/webviewHost';
import { webviewL10nData } from '../../platform/webviewL10n';
import {
  parseFromTailView,
  TAIL_VIEWER_VIEW_TYPE,
  type FromTailView,
  type TailDetailView,
  type TailFrameStats,
  type TailRowView,
  type TailStatusView,
  type TailViewerInit,
  type ToTailView,
} from '../../shared/tailProtocol';
import { encodeRowViews } from '../../shared/tailRows';

export const FLUSH_INTERVAL_MS = 100;
/** "Open as JSON document" opens at most this many records (an editor slows down past it; Export has no limit). */
export const MAX_JSON_DOCUMENT_RECORDS = 10_000;

/** What a put from the viewer returns (the put command's outcome). */
export interface ViewerPutOutcome {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** The test (and diagnostics) view of an open viewer; also what kinesis.tailStream returns. */
export interface TailViewerHandle extends WebviewHostInfo {
  readonly stream: string;
  readonly region: string;
  readonly session: TailSession;
  /** What the page shows (ordinals, windows, histogram). */
  readonly view: TailView;
  readonly disposed: boolean;
  /** View messages, and rows in their windows, posted to the page so far. */
  readonly viewsPosted: number;
  readonly rowsPosted: number;
  /** Test mode only: the page's last frame-gap report (largest time between two animation frames while rows arrived). */
  readonly frameStats: TailFrameStats | undefined;
  /** Row ids the page has selected (as it last reported). */
  readonly selection: readonly number[];
  /** The row id the page has focused (as it last reported). */
  readonly focusedId: number | undefined;
  /** The last document "Open as JSON document" opened. */
  readonly lastJsonDocument: vscode.TextDocument | undefined;
  /** The row id of the last record put from this viewer, once it arrived. */
  readonly highlightedId: number | undefined;
  /** The next export started from the page writes here instead of asking with a save dialog. */
  setExportTarget(uri: vscode.Uri | undefined): void;
  /** Writes the rows (by id) as NDJSON to `target` (or asks where). Returns the file, or undefined if cancelled. */
  exportRows(ids: readonly number[], target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Puts one record on the clipboard (as "Copy record" does). */
  copyRecord(id: number): Promise<string | undefined>;
  /** Opens the selected rows (or, with none selected, every shown row) as an untitled JSON document. */
  openAsJson(): Promise<vscode.TextDocument | undefined>;
  /** "Put record…": the put wizard, prefilled with the focused record's key and encoding. */
  putRecord(): Promise<ViewerPutOutcome | undefined>;
  /** Test mode only: asks the page to select rows as a user would (then it reports the selection back). */
  select(ids: readonly number[] | 'all'): void;
  /** Test mode only: forgets the page's frame statistics so a measurement starts fresh. */
  resetFrameStats(): void;
  readonly onDidExport: vscode.Event<{ uri: vscode.Uri; rows: number }>;
  dispose(): void;
}

export interface TailViewerOptions {
  readonly extensionUri: vscode.Uri;
  readonly logger: ILogger;
  readonly init: TailViewerInit;
  /**
   * The extension runs in test mode: the page measures its frames and reports them, and accepts
   * the test hooks (select, resetStats). Off for users.
   */
  readonly testHooks: boolean;
  /** Why puts are refused now (read-only mode, restricted workspace), or undefined. */
  readonly mutationRefusal: () => string | undefined;
}

/** Options for the viewer's panel. */
export function tailViewerPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // Rebuilding the page (its histogram, columns, scroll position) every time the tab is hidden would lose state.
  return webviewPanelOptions(extensionUri, { retainContextWhenHidden: true });
}

export class TailViewer extends WebviewHost<FromTailView, ToTailView> implements TailViewerHandle {
  readonly session: TailSession;
  readonly view: TailView;
  readonly stream: string;
  readonly region: string;
  readonly #options: TailViewerOptions;
  #dirty = true;
  #viewsPosted = 0;
  #rowsPosted = 0;
  #frameStats: TailFrameStats | undefined;
  /** The page's window: from an ordinal of `generation`, or the newest rows. */
  #viewport: { generation: number; start: number | 'end'; count: number } = { generation: 0, start: 'end', count: 0 };
  #selection: { generation: number; ranges: readonly OrdinalRange[]; focus?: number } = { generation: -1, ranges: [] };
  #exportTarget: vscode.Uri | undefined;
  #lastJsonDocument: vscode.TextDocument | undefined;
  /** A record put from this viewer that has not arrived yet. */
  #awaitedPut: ViewerPutOutcome | undefined;
  #highlightedId: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #onDidExport = this._register(new vscode.EventEmitter<{ uri: vscode.Uri; rows: number }>());
  readonly onDidExport = this.#onDidExport.event;

  constructor(webviewPanel: vscode.WebviewPanel, session: TailSession, options: TailViewerOptions) {
    super({
      webviewPanel,
      extensionUri: options.extensionUri,
      logger: options.logger,
      // Viewers are not restored, so the id only has to tell this page from the others.
      source: `tail:${randomUUID()}`,
      description: `the tail viewer of ${options.init.stream}`,
      parse: (raw) => parseFromTailView(raw, options.testHooks),
    });
    this.session = session;
    this.view = new TailView(session);
    this.#options = options;
    this.stream = options.init.stream;
    this.region = options.init.region;
    webviewPanel.title = vscode.l10n.t('Tail: {0}', options.init.stream);
    this.setHtml({
      script: 'tailView.js',
      style: 'tail.css',
      title: vscode.l10n.t('Tail: {0}', this.stream),
      // The page's own strings come from the same bundle as the host's (src/webview/common/l10n.ts).
      data: { init: JSON.stringify(options.init), ...webviewL10nData(), ...(options.testHooks ? { 'test-hooks': 'true' } : {}) },
    });
    this.#timer = setInterval(() => this.#flush(), FLUSH_INTERVAL_MS);
  }

  get disposed(): boolean { return this.isDisposed; }
  get viewsPosted(): number { return this.#viewsPosted; }
  get rowsPosted(): number { return this.#rowsPosted; }
  get frameStats(): TailFrameStats | undefined { return this.#frameStats; }
  get lastJsonDocument(): vscode.TextDocument | undefined { return this.#lastJsonDocument; }
  get highlightedId(): number | undefined { return this.#highlightedId; }

  get selection(): readonly number[] {
    const { generation, ranges } = this.#selection;
    return generation === this.view.generation ? this.view.idsIn(ranges) : [];
  }

  get focusedId(): number | undefined {
    const { generation, focus } = this.#selection;
    return generation === this.view.generation && focus !== undefined ? this.view.idAt(focus) : undefined;
  }

  /** The session calls this on every change; the next flush posts the view. */
  markDirty(): void {
    this.#dirty = true;
  }

  setExportTarget(uri: vscode.Uri | undefined): void {
    this.#exportTarget = uri;
  }

  select(ids: readonly number[] | 'all'): void {
    this.#requireTestHooks('select');
    this.#pull();
    const ranges = ids === 'all' ? 'all' : ids.flatMap((id) => {
      const ordinal = this.view.ordinalOf(id);
      return ordinal === undefined ? [] : [[ordinal, ordinal] as const];
    });
    this.post({ type: 'select', generation: this.view.generation, ranges });
  }

  resetFrameStats(): void {
    this.#requireTestHooks('resetFrameStats');
    this.#frameStats = undefined;
    this.post({ type: 'resetStats' });
  }

  #requireTestHooks(what: string): void {
    if (!this.#options.testHooks) throw new Error(`TailViewer.${what} is a test hook: it works only when the extension runs in test mode.`);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    void this.session.stop().catch((error: unknown) => this.logger.warn(`stopping the tail of ${this.stream} failed: ${errorMessage(error)}`));
    super.dispose();
  }

  async exportRows(ids: readonly number[], target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const rows = this.session.rows(ids);
    if (rows.length === 0) {
      this.notice('warning', vscode.l10n.t('Select the records to export first (click, Shift+click, Ctrl+click or Ctrl+A).'));
      return undefined;
    }
    let uri = target ?? this.#exportTarget;
    this.#exportTarget = undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${this.stream}-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
      uri = await vscode.window.showSaveDialog({
        title: rows.length === 1 ? vscode.l10n.t('Export 1 record as NDJSON') : vscode.l10n.t('Export {0} records as NDJSON', rows.length),
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { 'NDJSON': ['ndjson', 'jsonl'], [vscode.l10n.t('All files')]: ['*'] },
      });
      if (!uri) return undefined;
    }
    const text = this.session.toNdjson(rows.map((r) => r.id));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    this.logger.info(`exported ${rows.length} record(s) of ${this.stream} to ${uri.toString()}`);
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    this.notice('info', rows.length === 1 ? vscode.l10n.t('Exported 1 record to {0}.', where) : vscode.l10n.t('Exported {0} records to {1}.', rows.length, where));
    this.#onDidExport.fire({ uri, rows: rows.length });
    return uri;
  }

  async copyRecord(id: number): Promise<string | undefined> {
    const text = this.session.copyText(id);
    if (text === undefined) {
      this.notice('warning', vscode.l10n.t('That record is no longer kept (newer records replaced it).'));
      return undefined;
    }
    await vscode.env.clipboard.writeText(text);
    this.notice('info', vscode.l10n.t('Copied the record to the clipboard.'));
    return text;
  }

  async openAsJson(): Promise<vscode.TextDocument | undefined> {
    this.#pull();
    const selected = this.selection;
    const ids = selected.length > 0 ? selected : this.view.shownIds();
    const rows = this.session.rows(ids.slice(-MAX_JSON_DOCUMENT_RECORDS));
    if (rows.length === 0) {
      this.notice('warning', vscode.l10n.t('No records to open: none is shown.'));
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(rows.map(exportedRecord), null, 2)}\n` });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    this.#lastJsonDocument = document;
    const isSelection = selected.length > 0;
    this.logger.info(`opened ${rows.length} ${isSelection ? 'selected' : 'shown'} record(s) of ${this.stream} as a JSON document`);
    const count = rows.length.toLocaleString('en-US');
    if (ids.length > rows.length) {
      const of = ids.length.toLocaleString('en-US');
      this.notice('warning', isSelection
        ? vscode.l10n.t('Opened the newest {0} of {1} selected records as JSON; export them as NDJSON to get them all.', count, of)
        : vscode.l10n.t('Opened the newest {0} of {1} shown records as JSON; export them as NDJSON to get them all.', count, of));
    } else if (rows.length === 1) {
      this.notice('info', isSelection ? vscode.l10n.t('Opened 1 selected record as a JSON document.') : vscode.l10n.t('Opened 1 shown record as a JSON document.'));
    } else {
      this.notice('info', isSelection
        ? vscode.l10n.t('Opened {0} selected records as a JSON document.', count)
        : vscode.l10n.t('Opened {0} shown records as a JSON document.', count));
    }
    return document;
  }

  async putRecord(): Promise<ViewerPutOutcome | undefined> {
    // Checked here too, so that the page says why before any input box opens; the put command checks again.
    const refusal = this.#options.mutationRefusal();
    if (refusal) {
      this.notice('warning', vscode.l10n.t('Cannot put a record: {0}', refusal));
      return undefined;
    }
    const focused = this.focusedId ?? this.selection[0];
    const row = focused === undefined ? undefined : this.session.row(focused);
    const prefill = row ? { partitionKey: row.partitionKey, encoding: encodingOf(row) } : {};
    const outcome = await vscode.commands.executeCommand<ViewerPutOutcome | undefined>(CommandIds.putRecord, { stream: this.stream, region: this.region, prompt: true, ...prefill });
    if (!outcome) return undefined;
    this.#awaitedPut = { shardId: outcome.shardId, sequenceNumber: outcome.sequenceNumber };
    this.#flush();
    return outcome;
  }

  /** Takes the session's new rows into the view, and looks for a record put from here. */
  #pull(): void {
    const generation = this.view.generation;
    if (this.view.pull().length > 0 || generation !== this.view.generation) this.#dirty = true;
    const awaited = this.#awaitedPut;
    if (!awaited) return;
    const row = this.view.findRow(awaited.shardId, awaited.sequenceNumber);
    if (!row) return;
    this.#awaitedPut = undefined;
    this.#highlightedId = row.id;
    const ordinal = this.view.ordinalOf(row.id);
    if (ordinal === undefined) {
      this.notice('info', vscode.l10n.t('The record you put arrived, but the shard chips or the time range hide it.'));
      return;
    }
    this.post({ type: 'highlight', generation: this.view.generation, ordinal, id: row.id });
  }

  #flush(): void {
    if (!this.ready || this.isDisposed) return;
    // Rows added or dropped, a new generation, new counters or a new window: each sets #dirty.
    const first = this.view.firstOrdinal;
    this.#pull();
    if (this.#dirty || first !== this.view.firstOrdinal) this.#postView();
  }

  #postView(): void {
    this.#dirty = false;
    const view = this.view;
    const { generation, start, count } = this.#viewport;
    // A window asked for in an older generation: the newest rows of this one, until the page asks again.
    const window = view.window(generation === view.generation ? start : 'end', count);
    this.#viewsPosted++;
    this.#rowsPosted += window.rows.length;
    this.post({
      type: 'view', generation: view.generation, total: view.total, firstOrdinal: view.firstOrdinal,
      windowStart: window.start, rows: encodeRowViews(window.rows.map(rowView)), count: window.rows.length,
      histogram: view.histogram(), range: view.range, hiddenShards: [...view.hiddenShards],
      status: statusView(this.session.status(), this.session.maxRecords),
    });
  }

  protected override onReady(): void {
    this.post({ type: 'init', init: { ...this.#options.init, filter: this.session.filter } });
    // A page that was (re)loaded shows the newest rows until it says what it has in view.
    this.#viewport = { generation: this.view.generation, start: 'end', count: 0 };
    this.#dirty = true;
    this.#flush();
  }

  protected override async onMessage(message: Exclude<FromTailView, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'setFilter': {
        const error = this.session.setFilter({ mode: message.mode, text: message.text });
        this.post({ type: 'filterResult', mode: message.mode, text: message.text, error });
        this.#flush();
        return;
      }
      case 'pause':
        this.session.pause();
        return;
      case 'resume':
        this.session.resume();
        return;
      case 'viewport':
        this.#viewport = { generation: message.generation, start: message.start, count: message.count };
        // Scrolling is answered at once, not at the next tick.
        this.#dirty = true;
        this.#flush();
        return;
      case 'selection': {
        const previous = this.#selection;
        this.#selection = { generation: message.generation, ranges: message.ranges, focus: message.focus };
        const focusMoved = message.focus !== previous.focus || message.generation !== previous.generation;
        if (focusMoved && message.focus !== undefined && message.generation === this.view.generation) this.#postDetail(message.generation, message.focus);
        return;
      }
      case 'setShards':
        this.view.setHiddenShards(message.hidden);
        this.#dirty = true;
        this.#flush();
        return;
      case 'setRange':
        this.view.setRange(message.range);
        this.#dirty = true;
        this.#flush();
        return;
      case 'export':
        await this.exportRows(this.selection);
        return;
      case 'copy': {
        const id = this.focusedId ?? this.selection[0];
        if (id === undefined) this.notice('warning', vscode.l10n.t('Select the record to copy first.'));
        else await this.copyRecord(id);
        return;
      }
      case 'openJson':
        await this.openAsJson();
        return;
      case 'putRecord':
        await this.putRecord();
        return;
      case 'stats':
        this.#frameStats = (({ type: _type, source: _source, ...stats }) => stats)(message);
        return;
    }
  }

  #postDetail(generation: number, ordinal: number): void {
    const id = this.view.idAt(ordinal);
    const detail = id === undefined ? undefined : this.session.detail(id);
    this.post({ type: 'detail', generation, ordinal, detail: detail ? detailView(detail) : undefined });
  }
}

/** How the put wizard should encode a record like this one: JSON and text as they are, anything else as base64. */
function encodingOf(row: TailRow): RecordEncoding {
  if (row.summary.gzip) return 'base64';
  return row.summary.kind === 'json' ? 'json' : row.summary.kind === 'text' ? 'text' : 'base64';
}

export function rowView(row: TailRow): TailRowView {
  return {
    id: row.id,
    time: row.arrival,
    shardId: row.shardId,
    partitionKey: row.partitionKey,
    sequenceNumber: row.sequenceNumber,
    subSequenceNumber: row.subSequenceNumber,
    size: row.data.length,
    kind: row.summary.kind,
    gzip: row.summary.gzip || undefined,
    kplFallback: row.kplFallbackReason,
    preview: row.summary.preview,
  };
}

function statusView({ filter: _filter, shards, ...counts }: SessionStatus, maxRecords: number): TailStatusView {
  // The page keeps its own filter text, and has no use for parent links or arrival times.
  return { ...counts, maxRecords, shards: shards.map(({ parentShardIds: _parents, lastArrival: _arrival, ...shard }) => shard) };
}

function detailView(detail: RecordDetail): TailDetailView {
  const r = detail.record;
  const facts: [string, string][] = [
    [vscode.l10n.t('Shard'), r.shardId],
    [vscode.l10n.t('Sequence number'), r.sequenceNumber],
  ];
  if (r.subSequenceNumber !== undefined) {
    facts.push([vscode.l10n.t('KPL user record'), detail.aggregate
      ? vscode.l10n.t('#{0} of {1} (aggregate {2} bytes)', r.subSequenceNumber, detail.aggregate.userRecords, detail.aggregate.byteLength)
      : `#${r.subSequenceNumber}`]);
  }
  facts.push([vscode.l10n.t('Partition key'), r.partitionKey]);
  if (r.explicitHashKey !== undefined) facts.push([vscode.l10n.t('Explicit hash key'), r.explicitHashKey]);
  facts.push([vscode.l10n.t('Arrived'), r.approximateArrivalTimestamp ?? vscode.l10n.t('unknown')]);
  facts.push([vscode.l10n.t('Size'), vscode.l10n.t('{0} bytes', detail.byteLength)]);
  if (detail.kplFallbackReason) facts.push(['KPL', vscode.l10n.t('shown raw: {0}', detail.kplFallbackReason)]);
  return { id: detail.id, facts, views: detail.views };
}

export { TAIL_VIEWER_VIEW_TYPE };
