import * as vscode from 'vscode';
import type { StreamStatus } from '../../core/kinesis/gateway';
import type { ExplorerModel, ExplorerNode } from './explorerModel';
import { CommandIds } from '../../platform/commandIds';

const statusIcons: Record<StreamStatus, vscode.ThemeIcon> = {
  ACTIVE: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  CREATING: new vscode.ThemeIcon('loading~spin'),
  UPDATING: new vscode.ThemeIcon('sync~spin'),
  DELETING: new vscode.ThemeIcon('trash', new vscode.ThemeColor('list.warningForeground')),
  UNKNOWN: new vscode.ThemeIcon('pulse'),
};

/** Maps explorer nodes to tree items; all state lives in {@link ExplorerModel}. */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode> {
  readonly onDidChangeTreeData: vscode.Event<ExplorerNode | undefined>;

  constructor(private readonly model: ExplorerModel) {
    this.onDidChangeTreeData = model.onDidChange;
  }

  getChildren(node?: ExplorerNode): vscode.ProviderResult<ExplorerNode[]> {
    if (!node) {
      return this.model.roots();
    }
    return node.kind === 'region' ? this.model.children(node) : [];
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'region' ? undefined : node.parent;
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        return item;
      }
      case 'stream': {
        const { stream } = node;
        const item = new vscode.TreeItem(stream.name, vscode.TreeItemCollapsibleState.None);
        item.id = `stream:${node.region}:${stream.name}`;
        item.iconPath = statusIcons[stream.status ?? 'UNKNOWN'];
        item.description = [stream.status && stream.status !== 'ACTIVE' ? stream.status : undefined,
          stream.mode === 'ON_DEMAND' ? 'on-demand' : stream.mode === 'PROVISIONED' ? 'provisioned' : undefined]
          .filter(Boolean).join(' · ') || undefined;
        item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(stream.name)}**\n\n` +
          (stream.arn ? `ARN: \`${stream.arn}\`\n\n` : '') + `Region: ${node.region}`);
        item.contextValue = 'stream';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `message:${node.parent.region}:${node.severity}`;
        item.description = node.detail;
        item.tooltip = node.detail ?? node.text;
        item.iconPath = node.severity === 'error'
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : new vscode.ThemeIcon('info');
        if (node.severity === 'error') {
          item.contextValue = 'error';
          item.command = { command: CommandIds.retryNode, title: 'Retry', arguments: [node] };
        }
        return item;
      }
    }
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
