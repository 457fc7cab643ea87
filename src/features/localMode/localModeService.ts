import * as vscode from 'vscode';
import { installEmulator, resolveInstall, startEmulator, type RunningEmulator } from '../../core/local/localEmulator';
import type { ILogger } from '../../core/logging';
import { ContextKeys, setContext } from '../../platform/contextKeys';
import { UserFacingError } from '../../platform/errors';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';

/** Programmatic options of "Kinesis: Start Local Kinesis". */
export interface StartLocalArgs {
  /** Install kinesis-local without asking when it is missing (tests, scripted setups). */
  readonly installWithoutAsking?: boolean;
}

const LOCAL_REGION_FALLBACK = 'us-east-1';

/**
 * Runs the embedded kinesis-local emulator and points the explorer at it, so someone without an AWS
 * account can try every feature. The emulator is installed on first use into global storage.
 */
export class LocalModeService implements vscode.Disposable {
  #running: RunningEmulator | undefined;
  #starting: Promise<string> | undefined;

  constructor(
    private readonly settings: KinesisSettings,
    private readonly connections: ConnectionManager,
    private readonly storageDir: string,
    private readonly logger: ILogger,
  ) {}

  get endpoint(): string | undefined {
    return this.#running?.endpoint;
  }

  /** Starts the emulator (installing it first if needed) and returns its endpoint. */
  start(args: StartLocalArgs = {}): Promise<string> {
    if (this.#running) {
      return Promise.resolve(this.#running.endpoint);
    }
    this.#starting ??= this.#start(args).finally(() => { this.#starting = undefined; });
    return this.#starting;
  }

  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) {
      return;
    }
    this.#running = undefined;
    await running.stop();
    this.logger.info('local Kinesis stopped');
    void setContext(ContextKeys.localRunning, false);
    if (this.connections.current.kind === 'local') {
      await this.connections.useAws();
    }
  }

  dispose(): void {
    void this.stop();
  }

  async #start(args: StartLocalArgs): Promise<string> {
    const packageDir = await this.#ensureInstalled(args);
    const region = this.settings.values.region || LOCAL_REGION_FALLBACK;
    const running = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting local Kinesis…'), cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return startEmulator({ packageDir, nodePath: process.execPath, region, logger: this.logger, signal: abort.signal });
      },
    );
    this.#running = running;
    running.onExit((code) => {
      if (this.#running === running) {
        this.#running = undefined;
        this.logger.warn(`local Kinesis exited unexpectedly (code ${code})`);
        void setContext(ContextKeys.localRunning, false);
        void this.connections.useAws();
        void vscode.window.showWarningMessage(vscode.l10n.t('Local Kinesis stopped unexpectedly. See the "Kinesis Studio" log for its last output.'));
      }
    });
    this.logger.info(`local Kinesis listening on ${running.endpoint} (pid ${running.pid}, region ${region})`);
    void setContext(ContextKeys.localRunning, true);
    await this.connections.useLocal(running.endpoint, region);
    return running.endpoint;
  }

  async #ensureInstalled(args: StartLocalArgs): Promise<string> {
    const configuredPath = this.settings.values.localEmulatorPath || undefined;
    const installed = await resolveInstall({ configuredPath, storageDir: this.storageDir });
    if (installed) {
      return installed;
    }
    if (configuredPath) {
      throw new UserFacingError(vscode.l10n.t('The "kinesis.localEmulatorPath" setting points to {0}, which holds no kinesis-local install (main.js and server.json). Point it at the kinesis-local package folder, or clear it to let Kinesis Studio install one.', configuredPath));
    }
    if (!args.installWithoutAsking) {
      const install = vscode.l10n.t('Install');
      // A notification rather than a modal: it does not block the window while the user decides.
      const answer = await vscode.window.showInformationMessage(
        vscode.l10n.t("Local Kinesis needs the kinesis-local emulator (about 16 MB), installed once with npm into Kinesis Studio's storage. Install it now?"),
        install);
      if (answer !== install) {
        throw new vscode.CancellationError();
      }
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Installing kinesis-local with npm'), cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return installEmulator({ storageDir: this.storageDir, onProgress: (message) => progress.report({ message }), signal: abort.signal });
      },
    );
  }
}
