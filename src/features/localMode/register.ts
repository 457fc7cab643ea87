import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { LocalModeService, StartLocalArgs } from './localModeService';

export function registerLocalMode(deps: { localMode: LocalModeService; errors: ErrorPresenter }): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(CommandIds.startLocal, async (args?: StartLocalArgs) => {
      const endpoint = await deps.localMode.start(args);
      void vscode.window.showInformationMessage(vscode.l10n.t('Local Kinesis is running at {0}. The explorer now shows its streams.', endpoint));
      return endpoint;
    }, deps.errors),
    registerCommand(CommandIds.stopLocal, () => deps.localMode.stop(), deps.errors),
  );
}
