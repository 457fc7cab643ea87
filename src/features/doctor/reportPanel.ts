/**
 * One Stream Doctor report: a webview panel showing a DoctorReport. The page renders the findings;
 * it asks the host to apply a fix (confirmed with a modal, refused in read-only mode), copy
 * guidance, or run the diagnosis again.
 */
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../core/doctor/diagnose';
import type { ILogger } from '../../core/logging';
import { WebviewHost, webviewPanelOptions, type WebviewHostInfo } from '../../platform/webviewHost';
import { webviewL10nData } from '../../platform/webviewL10n';
import { parseFromDoctorView, type DoctorFixOutcome, type FromDoctorView, type ToDoctorView } from '../../shared/doctorProtocol';
import { applyFix, type FixOperations } from './fixes';
import { toReportView } from './reportView';

/** What tests (and the command's return value) see of an open report. */
export interface DoctorReportHandle extends WebviewHostInfo {
  readonly stream: string;
  readonly region: string;
  readonly report: DoctorReport;
  /** The outcome of the last fix the page asked for. */
  readonly lastFixOutcome: DoctorFixOutcome | undefined;
  /** Resolves with the next fix outcome. */
  nextFixOutcome(): Promise<DoctorFixOutcome>;
  /**
   * Applies finding `index`'s fix as the page's Apply button does; `confirmed` skips the modal (the
   * caller asked already), never the read-only refusal. The page shows the outcome.
   */
  applyFix(index: number, confirmed?: boolean): Promise<DoctorFixOutcome>;
  readonly disposed: boolean;
  dispose(): void;
}

export interface ReportPanelOptions {
  readonly extensionUri: vscode.Uri;
  readonly logger: ILogger;
  readonly operations: FixOperations;
  readonly refusal: () => string | undefined;
  /** Runs the diagnosis again with the same stream and window; resolves with the new report (undefined: cancelled). */
  readonly rerun: () => Promise<DoctorReport | undefined>;
}

export function reportPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  // A report is small; keeping it while hidden keeps the opened previews and scroll position.
  return webviewPanelOptions(extensionUri, { retainContextWhenHidden: true });
}

export class DoctorReportPanel extends WebviewHost<FromDoctorView, ToDoctorView> implements DoctorReportHandle {
  readonly stream: string;
  readonly region: string;
  #report: DoctorReport;
  #lastFixOutcome: DoctorFixOutcome | undefined;
  readonly #options: ReportPanelOptions;
  readonly #onDidFix = this._register(new vscode.EventEmitter<DoctorFixOutcome>());

  constructor(webviewPanel: vscode.WebviewPanel, report: DoctorReport, options: ReportPanelOptions) {
    super({
      webviewPanel,
      extensionUri: options.extensionUri,
      logger: options.logger,
      source: `doctor:${randomUUID()}`,
      description: `the Stream Doctor report of ${report.stream}`,
      parse: parseFromDoctorView,
    });
    this.#report = report;
    this.#options = options;
    this.stream = report.stream;
    this.region = report.region;
    webviewPanel.title = vscode.l10n.t('Doctor: {0}', report.stream);
    this.setHtml({ script: 'doctorView.js', style: 'doctor.css', title: webviewPanel.title, data: { ...webviewL10nData() }, busyUntilRendered: true });
  }

  get report(): DoctorReport { return this.#report; }
  get lastFixOutcome(): DoctorFixOutcome | undefined { return this.#lastFixOutcome; }
  get disposed(): boolean { return this.isDisposed; }

  nextFixOutcome(): Promise<DoctorFixOutcome> {
    return new Promise((resolve) => { const once = this.#onDidFix.event((o) => { once.dispose(); resolve(o); }); });
  }

  async applyFix(index: number, confirmed = false): Promise<DoctorFixOutcome> {
    const finding = this.#report.findings[index];
    const outcome = await applyFix(index, finding?.fix, {
      region: this.region, stream: this.stream, operations: this.#options.operations, refusal: this.#options.refusal,
    }, confirmed);
    this.#lastFixOutcome = outcome;
    this.logger.info(`doctor fix for ${finding?.code ?? '?'} on ${this.stream}: ${outcome.status}`);
    this.post({ type: 'fixOutcome', outcome });
    if (outcome.status === 'refused') void vscode.window.showWarningMessage(outcome.message);
    else if (outcome.status === 'failed') void vscode.window.showErrorMessage(outcome.message);
    this.#onDidFix.fire(outcome);
    return outcome;
  }

  /** Shows a new report of the same stream (Run again). */
  show(report: DoctorReport): void {
    this.#report = report;
    this.#postReport();
  }

  protected onReady(): void {
    this.#postReport();
  }

  protected async onMessage(message: Exclude<FromDoctorView, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'applyFix':
        await this.applyFix(message.finding);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied to the clipboard'), 3000);
        return;
      case 'rerun': {
        const report = await this.#options.rerun();
        if (report) this.show(report);
        return;
      }
    }
  }

  #postReport(): void {
    this.post({ type: 'report', report: toReportView(this.#report), readOnly: this.#options.refusal() });
  }
}
