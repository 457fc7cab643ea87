/**
 * One records viewer: a webview panel showing one TailSession. Closing the panel stops the tail.
 *
 * The page is never flooded: rows the session has not shown yet go out in batches of at most
 * {@link MAX_ROWS_PER_BATCH}, at most every {@link FLUSH_INTERVAL_MS}, together with the counters.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errorMessage';
import type { ILogger } from '../../core/logging';
import type { TailRow } from '../../core/tail/rows';
import type { RecordDetail, SessionStatus, TailSession } from '../../core/tail/session';
import { WebviewHost, webviewPanelOptions, type WebviewHostInfo } from '../../platform/webviewHost';
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
export const MAX_ROWS_PER_BATCH = 1_000;

/** The test (and diagnostics) view of an open viewer; also what kinesis.tailStream returns. */
export interface TailViewerHandle extends WebviewHostInfo {
  readonly stream: string;
  readonly region: string;
  readonly session: TailSession;
  readonly disposed: boolean;
  /** Row batches and rows posted to the page so far. */
  readonly batchesPosted: number;
  readonly rowsPosted: number;
  /** Test mode only: the page's last frame-gap report (largest time between two animation frames while rows arrived). */
  readonly frameStats: TailFrameStats | undefined;
  /** Test mode only: row ids the page has selected (as it last reported). */
  readonly selection: readonly number[];
  /** The next export started from the page writes here instead of asking with a save dialog. */
  setExportTarget(uri: vscode.Uri | undefined): void;
  /** Writes the rows (by id) as NDJSON to `target` (or asks where). Returns the file, or undefined if cancelled. */
  exportRows(ids: readonly number[], target?: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Puts one record on the clipboard (as "Copy record" does). */
  copyRecord(id: number): Promise<string | undefined>;
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
   * The extension runs in test mode: the page measures its frames and reports them and its
   * selection, and accepts the test hooks (select, resetStats). Off for users.
   */
  readonly testHooks: boolean;
}

/** Options for the viewer's panel. */
export function tailViewerPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // A viewer may hold 100,000 rows: rebuilding them every time the tab is hidden would be slow.
  return webviewPanelOptions(extensionUri, { retainContextWhenHidden: true });
}

export class TailViewer extends WebviewHost<FromTailView, ToTailView> implements TailViewerHandle {
  readonly session: TailSession;
  readonly stream: string;
  readonly region: string;
  readonly #options: TailViewerOptions;
  #statusDirty = true;
  #batchesPosted = 0;
  #rowsPosted = 0;
  #frameStats: TailFrameStats | undefined;
  #selection: readonly number[] = [];
  #exportTarget: vscode.Uri | undefined;
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
    this.#options = options;
    this.stream = options.init.stream;
    this.region = options.init.region;
    webviewPanel.title = `Tail: ${options.init.stream}`;
    this.setHtml({
      script: 'tailView.js',
      style: 'tail.css',
      title: `Tail: ${this.stream}`,
      data: { init: JSON.stringify(options.init), ...(options.testHooks ? { 'test-hooks': 'true' } : {}) },
    });
    this.#timer = setInterval(() => this.#flush(), FLUSH_INTERVAL_MS);
  }

  get disposed(): boolean { return this.isDisposed; }
  get batchesPosted(): number { return this.#batchesPosted; }
  get rowsPosted(): number { return this.#rowsPosted; }
  get frameStats(): TailFrameStats | undefined { return this.#frameStats; }
  get selection(): readonly number[] { return this.#selection; }

  /** The session calls this on every change; the next flush posts the counters. */
  markDirty(): void {
    this.#statusDirty = true;
  }

  setExportTarget(uri: vscode.Uri | undefined): void {
    this.#exportTarget = uri;
  }

  select(ids: readonly number[] | 'all'): void {
    this.#requireTestHooks('select');
    this.post({ type: 'select', ids });
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
      this.notice('warning', 'Select the records to export first (click, Shift+click, Ctrl+click or Ctrl+A).');
      return undefined;
    }
    let uri = target ?? this.#exportTarget;
    this.#exportTarget = undefined;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `${this.stream}-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
      uri = await vscode.window.showSaveDialog({
        title: `Export ${rows.length} record${rows.length === 1 ? '' : 's'} as NDJSON`,
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { 'NDJSON': ['ndjson', 'jsonl'], 'All files': ['*'] },
      });
      if (!uri) return undefined;
    }
    const text = this.session.toNdjson(rows.map((r) => r.id));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    this.logger.info(`exported ${rows.length} record(s) of ${this.stream} to ${uri.toString()}`);
    this.notice('info', `Exported ${rows.length} record${rows.length === 1 ? '' : 's'} to ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}.`);
    this.#onDidExport.fire({ uri, rows: rows.length });
    return uri;
  }

  async copyRecord(id: number): Promise<string | undefined> {
    const text = this.session.copyText(id);
    if (text === undefined) {
      this.notice('warning', 'That record is no longer kept (newer records replaced it).');
      return undefined;
    }
    await vscode.env.clipboard.writeText(text);
    this.notice('info', 'Copied the record to the clipboard.');
    return text;
  }

  #flush(): void {
    if (!this.ready || this.isDisposed) return;
    if (!this.session.hasPending && !this.#statusDirty) return;
    const batch = this.session.takeBatch(MAX_ROWS_PER_BATCH);
    this.#statusDirty = false;
    this.#batchesPosted++;
    this.#rowsPosted += batch.rows.length;
    this.post({
      type: 'rows', reset: batch.reset, rows: encodeRowViews(batch.rows.map(rowView)), count: batch.rows.length,
      status: statusView(this.session.status(), this.session.maxRecords),
    });
  }

  protected override onReady(): void {
    this.post({ type: 'init', init: { ...this.#options.init, filter: this.session.filter } });
    // A page that was (re)loaded has no rows: send every matching row again.
    this.session.setFilter(this.session.filter);
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
      case 'showDetail': {
        const detail = this.session.detail(message.id);
        this.post({ type: 'detail', requestedId: message.id, detail: detail ? detailView(detail) : undefined });
        return;
      }
      case 'export':
        await this.exportRows(message.ids);
        return;
      case 'copy':
        await this.copyRecord(message.id);
        return;
      case 'selection':
        this.#selection = message.ids;
        return;
      case 'stats':
        this.#frameStats = (({ type: _type, source: _source, ...stats }) => stats)(message);
        return;
    }
  }
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
    ['Shard', r.shardId],
    ['Sequence number', r.sequenceNumber],
  ];
  if (r.subSequenceNumber !== undefined) facts.push(['KPL user record', `#${r.subSequenceNumber}${detail.aggregate ? ` of ${detail.aggregate.userRecords} (aggregate ${detail.aggregate.byteLength} bytes)` : ''}`]);
  facts.push(['Partition key', r.partitionKey]);
  if (r.explicitHashKey !== undefined) facts.push(['Explicit hash key', r.explicitHashKey]);
  facts.push(['Arrived', r.approximateArrivalTimestamp ?? 'unknown']);
  facts.push(['Size', `${detail.byteLength} bytes`]);
  if (detail.kplFallbackReason) facts.push(['KPL', `shown raw: ${detail.kplFallbackReason}`]);
  return { id: detail.id, facts, views: detail.views };
}

export { TAIL_VIEWER_VIEW_TYPE };
