/**
 * "Kinesis: Diagnose Stream…" once loaded: asks for the stream (palette) and the window, samples it
 * under a cancellable progress notification, opens the report, and marks the findings' streams and
 * shards in the explorer. Diagnosing reads only, so it works in read-only mode; applying a fix from
 * the report does not.
 */
import * as vscode from 'vscode';
import { diagnoseStream, type DiagnoseProgress, type DoctorReport } from '../../core/doctor/diagnose';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import { Disposable } from '../../platform/lifecycle';
import type { KinesisSettings } from '../../platform/settings';
import { DOCTOR_REPORT_VIEW_TYPE } from '../../shared/doctorProtocol';
import type { ConnectionManager } from '../../services/connectionManager';
import type { FindingMarks } from '../explorer/findingMarks';
import { isProgrammatic, resolveStream } from '../streams/streamArgs';
import type { FixOperations } from './fixes';
import { askChecks, checksFromArgs, describeChecks, type DoctorChecks } from './checks';
import { askWindow, windowFromArgs, type DiagnoseStreamArgs, type DiagnoseWindow } from './options';
import { DoctorReportPanel, reportPanelOptions, type DoctorReportHandle } from './reportPanel';
import { createDiagnoseSources } from './sources';

export interface DoctorDeps {
  readonly extensionUri: vscode.Uri;
  readonly settings: KinesisSettings;
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly operations: FixOperations;
  readonly guard: { readonly refusal: string | undefined };
  readonly marks: FindingMarks;
  readonly errors: ErrorPresenter;
  readonly logger: ILogger;
  /** Where the "Also check" step remembers its choices (the workspace state). */
  readonly workspaceState?: vscode.Memento;
}

/** Open reports and the last one made, for tests. */
export interface DoctorHandle {
  readonly reports: readonly DoctorReportHandle[];
  readonly lastReport: DoctorReport | undefined;
}

function progressText(p: DiagnoseProgress): string {
  switch (p.phase) {
    case 'describe': return vscode.l10n.t('Reading the stream and its shards…');
    case 'sample': return vscode.l10n.t('Sampling: {0} record(s), {1} of {2} shard(s) done', p.records.toLocaleString('en-US'), p.shardsDone, p.shardsTotal);
    case 'consumers': return vscode.l10n.t('Checking consumers…');
    case 'cloudwatch': return vscode.l10n.t('Reading CloudWatch metrics…');
    case 'lambda': return vscode.l10n.t('Checking Lambda event source mappings…');
    case 'kcl': return vscode.l10n.t('Reading the KCL lease table twice, a few seconds apart…');
    default: return vscode.l10n.t('Analysing…');
  }
}

class StreamDoctor extends Disposable implements DoctorHandle {
  readonly #reports = new Set<DoctorReportPanel>();
  readonly #deps: DoctorDeps;
  #lastReport: DoctorReport | undefined;

  constructor(deps: DoctorDeps) {
    super();
    this.#deps = deps;
    this._register({ dispose: () => { for (const r of [...this.#reports]) r.dispose(); } });
  }

  get reports(): readonly DoctorReportHandle[] { return [...this.#reports]; }
  get lastReport(): DoctorReport | undefined { return this.#lastReport; }

  async open(arg?: unknown): Promise<DoctorReportHandle | undefined> {
    const programmatic = isProgrammatic(arg);
    const window = programmatic ? windowFromArgs(arg as DiagnoseStreamArgs) : undefined;
    const argChecks = programmatic ? checksFromArgs(arg as DiagnoseStreamArgs) : undefined;
    const { region, stream } = await resolveStream(this.#deps.gateway, this.#deps.connections, arg, vscode.l10n.t('Diagnose Stream'));
    const chosen = window ?? await askWindow(stream);
    if (!chosen) return undefined;
    const checks = argChecks ?? await askChecks(stream, this.#deps.workspaceState);
    if (!checks) return undefined;
    const report = await this.#diagnose(region, stream, chosen, checks);
    if (!report) return undefined;
    const panel = vscode.window.createWebviewPanel(DOCTOR_REPORT_VIEW_TYPE, vscode.l10n.t('Doctor: {0}', stream), vscode.ViewColumn.Active, reportPanelOptions(this.#deps.extensionUri));
    const opened = new DoctorReportPanel(panel, report, {
      extensionUri: this.#deps.extensionUri,
      logger: this.#deps.logger,
      operations: this.#deps.operations,
      refusal: () => this.#deps.guard.refusal,
      rerun: () => this.#diagnose(region, stream, chosen.start ? chosen : windowFromArgs({ stream, duration: chosen.windowMs }), checks),
    });
    this.#reports.add(opened);
    opened.onDidDispose(() => this.#reports.delete(opened));
    return opened;
  }

  /** Samples and analyses under a cancellable notification; undefined when cancelled. */
  async #diagnose(region: string, stream: string, window: DiagnoseWindow, checks: DoctorChecks): Promise<DoctorReport | undefined> {
    const target = this.#deps.connections.targetFor(region);
    const logger = this.#deps.logger;
    const also = describeChecks(checks);
    logger.info(`diagnosing ${stream} in ${region}: ${window.description}${also.length ? `; also checking ${also.join(', ')}` : ''}`);
    const title = also.length
      ? vscode.l10n.t('Diagnosing "{0}" ({1}; also {2})', stream, window.description, also.join(', '))
      : vscode.l10n.t('Diagnosing "{0}" ({1})', stream, window.description);
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      let last = 0;
      const run = await createDiagnoseSources({ gateway: this.#deps.gateway, logger }, target, checks);
      try {
        const diagnosed = await diagnoseStream(run.sources, {
          target, stream, start: window.start, windowMs: window.windowMs, priceTable: this.#deps.settings.values.priceTable, signal: abort.signal,
          kcl: checks.kcl, pollingReaders: checks.pollingReaders,
          onProgress: (p) => {
            // The sampler reports after every GetRecords call: a few updates a second are enough.
            const now = Date.now();
            if (p.phase === 'sample' && now - last < 250) return;
            last = now;
            progress.report({ message: progressText(p) });
          },
        });
        return run.failures.length ? { ...diagnosed, findings: run.withFailures(diagnosed.findings, stream) } : diagnosed;
      } catch (error) {
        if (abort.signal.aborted) return undefined;
        throw error;
      } finally {
        cancel.dispose();
        run.dispose();
      }
    });
    if (!report) {
      logger.info(`diagnosis of ${stream} cancelled`);
      return undefined;
    }
    logger.info(`diagnosed ${stream}: ${report.sampledRecords} record(s) sampled, ${report.findings.length} finding(s): ${report.findings.map((f) => f.code).join(', ') || 'none'}`);
    this.#lastReport = report;
    this.#deps.marks.setReport(region, stream, report.findings);
    return report;
  }
}

export function registerDoctor(deps: DoctorDeps): { disposable: vscode.Disposable; handle: DoctorHandle } {
  const doctor = new StreamDoctor(deps);
  return {
    handle: doctor,
    disposable: vscode.Disposable.from(
      doctor,
      registerCommand(CommandIds.diagnoseStream, (arg?: unknown) => doctor.open(arg), deps.errors),
    ),
  };
}
