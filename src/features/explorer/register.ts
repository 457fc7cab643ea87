import * as vscode from 'vscode';
import { ExplorerModel, type ExplorerNode } from '../../core/explorer/explorerModel';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { ContextKeys, setContext } from '../../platform/contextKeys';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamEvents } from '../../services/streamEvents';
import { ExplorerTreeProvider } from './explorerTreeProvider';
import { FindingMarks } from './findingMarks';

export const EXPLORER_VIEW_ID = 'kinesis.explorer';

/** What tests and other extensions reach through the extension's API. */
export interface ExplorerHandle {
  readonly model: ExplorerModel;
  readonly provider: ExplorerTreeProvider;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  /** The Stream Doctor's marks on streams and shards. */
  readonly marks: FindingMarks;
}

export function registerExplorer(deps: {
  gateway: KinesisGateway;
  connections: ConnectionManager;
  streamEvents: StreamEvents;
  errors: ErrorPresenter;
  logger: ILogger;
}): { disposable: vscode.Disposable; handle: ExplorerHandle } {
  const model = new ExplorerModel({ gateway: deps.gateway, connections: deps.connections, streamChanges: deps.streamEvents.onDidChange, logger: deps.logger });
  const provider = new ExplorerTreeProvider(model);
  const marks = new FindingMarks();
  const treeView = vscode.window.createTreeView(EXPLORER_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const publishState = () => setContext(ContextKeys.connectionState,
    deps.connections.current.regions.length === 0 ? 'noRegion' : model.credentialsProblem ? 'noCredentials' : 'ready');
  void publishState();
  const applyFilter = (text: string) => {
    model.setFilter(text);
    treeView.message = text ? vscode.l10n.t('Showing streams whose name contains "{0}"', text) : undefined;
    void setContext(ContextKeys.filterActive, text.length > 0);
  };
  const disposable = vscode.Disposable.from(
    model,
    treeView,
    marks,
    deps.connections.onDidChange(() => publishState()),
    model.onDidChange(() => publishState()),
    // Refresh means "streams may have changed outside Kinesis Studio": whoever caches them hears it too.
    registerCommand(CommandIds.refreshExplorer, () => deps.streamEvents.announce({ kind: 'all' }), deps.errors),
    registerCommand(CommandIds.retryNode, (node?: ExplorerNode) => model.refresh(node?.kind === 'message' ? node.parent : undefined), deps.errors),
    registerCommand(CommandIds.filterStreams, async (text?: string) => {
      const value = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter Streams'), prompt: vscode.l10n.t('Show streams whose name contains this text (empty shows all)'), value: model.filter,
      });
      if (value !== undefined) {
        applyFilter(value.trim());
      }
    }, deps.errors),
    registerCommand(CommandIds.clearFilter, () => applyFilter(''), deps.errors),
  );
  return { disposable, handle: { model, provider, treeView, marks } };
}
