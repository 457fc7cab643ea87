/**
 * The host side every webview page of ours shares (the Architect panel, the tail viewer): webview
 * options, the page's HTML shell, the ready handshake, validation of every message the page posts,
 * and the error notice. A subclass only answers its own messages.
 *
 * Shape: PR src/common/webview.ts (_waitForReady) and markdown's preview.ts (messages carry
 * `source`; others are ignored).
 */
import * as vscode from 'vscode';
import { errorDetail, errorMessage } from '../core/errorMessage';
import type { ILogger } from '../core/logging';
import { acceptMessage, type NoticeLevel, type NoticeMessage, type ReadyMessage, type WebviewMessage, type WithoutSource } from '../shared/webviewMessages';
import { Disposable } from './lifecycle';
import { webviewPageHtml, type WebviewPage } from './webviewHtml';

/**
 * Options for createWebviewPanel (and for a restored panel): scripts on, and only our bundles and
 * stylesheets loadable from disk.
 */
export function webviewPanelOptions(extensionUri: vscode.Uri, extra: vscode.WebviewPanelOptions = {}): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    ...extra,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface WebviewHostOptions<In extends WebviewMessage> {
  readonly webviewPanel: vscode.WebviewPanel;
  readonly extensionUri: vscode.Uri;
  readonly logger: ILogger;
  /** What the page's messages must carry as `source` (and what the host's carry). */
  readonly source: string;
  /** The page in words, for the log ("the Architect panel of requirements.md"). */
  readonly description: string;
  /** The protocol's validator: the message, or undefined when it is not well-formed. */
  readonly parse: (raw: unknown) => In | undefined;
}

/** The page-facing state every host exposes to tests and diagnostics. */
export interface WebviewHostInfo {
  readonly webviewPanel: vscode.WebviewPanel;
  /** True once the page said it is ready (and, for a page not kept when hidden, until it is hidden). */
  readonly ready: boolean;
  /** Messages that failed validation or came from another source. */
  readonly rejectedMessages: number;
  /** The last notice shown in the page. */
  readonly lastNotice: string | undefined;
}

export abstract class WebviewHost<In extends WebviewMessage, Out extends WebviewMessage> extends Disposable implements WebviewHostInfo {
  readonly webviewPanel: vscode.WebviewPanel;
  protected readonly source: string;
  protected readonly logger: ILogger;
  readonly #extensionUri: vscode.Uri;
  readonly #description: string;
  readonly #parse: (raw: unknown) => In | undefined;
  #ready = false;
  #rejected = 0;
  #lastNotice: string | undefined;
  readonly #onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.#onDidDispose.event;

  constructor(options: WebviewHostOptions<In>) {
    super();
    const { webviewPanel } = options;
    this.webviewPanel = webviewPanel;
    this.source = options.source;
    this.logger = options.logger;
    this.#extensionUri = options.extensionUri;
    this.#description = options.description;
    this.#parse = options.parse;
    // A restored panel comes with whatever options it was saved with: set ours again.
    webviewPanel.webview.options = webviewPanelOptions(options.extensionUri);
    webviewPanel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'kinesis.svg');
    this._register(webviewPanel.onDidDispose(() => this.dispose()));
    this._register(webviewPanel.webview.onDidReceiveMessage((raw: unknown) => this.#receive(raw)));
    this._register(webviewPanel.onDidChangeViewState(({ webviewPanel: panel }) => {
      // Without retainContextWhenHidden a hidden page is destroyed; it says 'ready' again when shown.
      if (!panel.visible && !panel.options.retainContextWhenHidden) this.#ready = false;
    }));
  }

  get ready(): boolean { return this.#ready; }
  get rejectedMessages(): number { return this.#rejected; }
  get lastNotice(): string | undefined { return this.#lastNotice; }

  override dispose(): void {
    if (this.isDisposed) return;
    this.#onDidDispose.fire();
    super.dispose();
    this.webviewPanel.dispose();
  }

  /** The page said it listens (first load, or reloaded after being hidden): post its state. */
  protected abstract onReady(): void | Promise<void>;

  /** A validated message from this host's page (never 'ready'). */
  protected abstract onMessage(message: Exclude<In, ReadyMessage>): void | Promise<void>;

  /** Posts to the page, stamped with this host's source. Dropped once disposed. */
  protected post(message: WithoutSource<Out | NoticeMessage>): void {
    if (this.isDisposed) return;
    void this.webviewPanel.webview.postMessage({ ...message, source: this.source });
  }

  /** Shows a line of text in the page's notice area. */
  protected notice(level: NoticeLevel, message: string): void {
    this.#lastNotice = message;
    this.post({ type: 'notice', level, message });
  }

  /** Sets the page's HTML (the shared shell); the page finds its source in `data-source`. */
  protected setHtml(page: Omit<WebviewPage, 'webview' | 'extensionUri'>): void {
    this.webviewPanel.webview.html = webviewPageHtml({
      ...page,
      webview: this.webviewPanel.webview,
      extensionUri: this.#extensionUri,
      data: { source: this.source, ...page.data },
    });
  }

  #receive(raw: unknown): void {
    const accepted = acceptMessage(raw, this.source, this.#parse);
    if (!accepted.ok) {
      this.#rejected++;
      this.logger.warn(accepted.reason === 'invalid'
        ? `ignored an invalid message from ${this.#description}`
        : `ignored a message for ${accepted.source} in ${this.#description}`);
      return;
    }
    void this.#handle(accepted.message).catch((error: unknown) => {
      this.logger.error(errorDetail(error));
      this.notice('error', errorMessage(error));
    });
  }

  async #handle(message: In): Promise<void> {
    if (message.type === 'ready') {
      this.#ready = true;
      await this.onReady();
      return;
    }
    await this.onMessage(message as Exclude<In, ReadyMessage>);
  }
}
