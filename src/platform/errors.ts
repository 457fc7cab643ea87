import * as vscode from 'vscode';
import { errorDetail } from '../core/errorMessage';
import { describeError, isKinesisError, type Remedy } from '../core/kinesis/errors';
import type { ILogger } from '../core/logging';
import { CommandIds } from './commandIds';
import { MutationRefusedError } from './readOnly';

/** A problem the user caused or can fix; shown as-is, without "failed:" noise or a stack. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

// Labels are looked up when shown, not at module load, so they always come from the loaded l10n bundle.
const remedyButtons: Record<Remedy, { label: () => string; run: () => Thenable<unknown> }> = {
  switchProfile: { label: () => vscode.l10n.t('Switch Profile'), run: () => vscode.commands.executeCommand(CommandIds.switchConnection) },
  ssoLogin: { label: () => vscode.l10n.t('Run aws sso login'), run: () => vscode.commands.executeCommand(CommandIds.ssoLogin) },
  retry: { label: () => vscode.l10n.t('Refresh'), run: () => vscode.commands.executeCommand(CommandIds.refreshExplorer) },
  startLocal: { label: () => vscode.l10n.t('Start Local Kinesis'), run: () => vscode.commands.executeCommand(CommandIds.startLocal) },
  openSettings: { label: () => vscode.l10n.t('Open Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'kinesis.') },
  setRegion: { label: () => vscode.l10n.t('Select Region'), run: () => vscode.commands.executeCommand(CommandIds.selectRegion) },
};

/**
 * A refusal or a user-fixable problem, logged as a warning without a stack. Matched by name as well:
 * the lazily loaded bundles carry their own copies of these classes, so `instanceof` alone would miss
 * an error thrown there.
 */
function isExpectedError(error: unknown): boolean {
  if (error instanceof UserFacingError || error instanceof MutationRefusedError || isKinesisError(error)) return true;
  return error instanceof Error && (error.name === 'UserFacingError' || error.name === 'MutationRefusedError');
}

/** Turns any error into one notification that says what to do, and logs it once. */
export class ErrorPresenter {
  /** The last message shown; the test API reads it to prove a refusal was explained. */
  lastMessage: string | undefined;

  constructor(private readonly logger: ILogger) {}

  present(error: unknown, context: string): void {
    const { message, remedies } = describeError(error);
    this.lastMessage = message;
    if (isExpectedError(error)) {
      this.logger.warn(`${context}: ${message}`);
    } else {
      this.logger.error(`${context}: ${errorDetail(error)}`);
    }
    const buttons = remedies.map((r) => ({ label: remedyButtons[r].label(), run: remedyButtons[r].run }));
    void vscode.window.showErrorMessage(message, ...buttons.map((b) => b.label)).then((picked) => {
      buttons.find((b) => b.label === picked)?.run();
    });
  }
}

/**
 * Registers a command behind the one error boundary: failures are logged and shown with their
 * remedies, and cancellation is silent.
 */
export function registerCommand(
  id: string,
  handler: (...args: never[]) => unknown,
  errors: ErrorPresenter,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      if (error instanceof vscode.CancellationError) {
        return undefined;
      }
      errors.present(error, id);
      return undefined;
    }
  });
}
