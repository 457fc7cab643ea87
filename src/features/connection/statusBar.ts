import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { Disposable } from '../../platform/lifecycle';
import type { ActiveConnection, ConnectionManager } from '../../services/connectionManager';

/** Shows "profile · region" and opens the connection switcher when clicked. */
export class ConnectionStatusBar extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('kinesis.connection', vscode.StatusBarAlignment.Left, 10));

  constructor(connections: ConnectionManager) {
    super();
    this.item.name = 'Kinesis Connection';
    this.item.command = CommandIds.switchConnection;
    this._register(connections.onDidChange((c) => this.#render(c)));
    this.#render(connections.current);
    this.item.show();
  }

  #render(c: ActiveConnection): void {
    const icon = c.kind === 'local' ? '$(vm)' : '$(cloud)';
    this.item.text = `${icon} Kinesis: ${c.label} · ${c.region ?? 'no region'}`;
    const where = c.endpoint ? `\n\nEndpoint: ${c.endpoint}` : '';
    this.item.tooltip = `Kinesis Studio connection: ${c.kind === 'local' ? 'embedded local emulator' : `AWS profile "${c.label}"`}` +
      `, region ${c.region ?? '(none set)'}${where}\n\nClick to switch profile or region.`;
  }
}
