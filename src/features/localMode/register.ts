import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { LocalModeService, StartLocalArgs } from './localModeService';

export function registerLocalMode(deps: { localMode: LocalModeService; errors: ErrorPresenter }): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(CommandIds.startLocal, async (args?: StartLocalArgs) => {
      const endpoint = await deps.localMode.start(args);
      void vscode.window.showInformationMessage(`Local Kinesis is running at ${endpoint}. The explorer now shows its streams.`);
      return endpoint;
    }, deps.errors),
    registerCommand(CommandIds.stopLocal, () => deps.localMode.stop(), deps.errors),
  );
}
