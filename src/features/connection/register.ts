import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import { ConnectionStatusBar } from './statusBar';
import { ConnectionSwitcher, type SwitchConnectionArgs } from './switchConnection';

export function registerConnectionFeature(deps: {
  settings: KinesisSettings;
  connections: ConnectionManager;
  errors: ErrorPresenter;
}): vscode.Disposable {
  const switcher = new ConnectionSwitcher(deps.settings, deps.connections);
  return vscode.Disposable.from(
    new ConnectionStatusBar(deps.connections),
    registerCommand(CommandIds.switchConnection, (args?: SwitchConnectionArgs) => switcher.switchConnection(args), deps.errors),
    registerCommand(CommandIds.selectRegion, (region?: string) => switcher.selectRegion(region), deps.errors),
    registerCommand(CommandIds.addRegion, (region?: string) => switcher.addRegion(region), deps.errors),
    registerCommand(CommandIds.ssoLogin, () => {
      // The CLI owns the SSO browser flow; we only start it with the profile in use.
      const profile = deps.connections.current.profile;
      const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('AWS SSO login') });
      terminal.show();
      terminal.sendText(profile ? `aws sso login --profile ${shellQuote(profile)}` : 'aws sso login');
    }, deps.errors),
  );
}

function shellQuote(value: string): string {
  return /^[\w.-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
