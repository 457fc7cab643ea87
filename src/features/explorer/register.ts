import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { ContextKeys, setContext } from '../../platform/contextKeys';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { ConnectionManager } from '../../services/connectionManager';
import { ExplorerModel, type ExplorerNode } from './explorerModel';
import { ExplorerTreeProvider } from './explorerTreeProvider';

export const EXPLORER_VIEW_ID = 'kinesis.explorer';

/** What tests and other features reach through the extension's API. */
export interface ExplorerHandle {
  readonly model: ExplorerModel;
  readonly provider: ExplorerTreeProvider;
  readonly treeView: vscode.TreeView<ExplorerNode>;
}

export function registerExplorer(deps: {
  gateway: KinesisGateway;
  connections: ConnectionManager;
  errors: ErrorPresenter;
  logger: ILogger;
}): { disposable: vscode.Disposable; handle: ExplorerHandle } {
  const model = new ExplorerModel(deps.gateway, deps.connections, deps.logger);
  const provider = new ExplorerTreeProvider(model);
  const treeView = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const publishState = () => setContext(ContextKeys.connectionState,
    deps.connections.current.regions.length === 0 ? 'noRegion' : model.credentialsProblem ? 'noCredentials' : 'ready');
  void publishState();
  const disposable = vscode.Disposable.from(
    model,
    treeView,
    deps.connections.onDidChange(() => publishState()),
    model.onDidChange(() => publishState()),
    registerCommand(CommandIds.refreshExplorer, () => model.refresh(), deps.errors),
    registerCommand(CommandIds.retryNode, (node?: ExplorerNode) => model.refresh(node?.kind === 'message' ? node.parent : undefined), deps.errors),
  );
  return { disposable, handle: { model, provider, treeView } };
}
