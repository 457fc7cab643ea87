import * as vscode from 'vscode';
import type { StreamDetails, StreamStatus } from '../../core/kinesis/gateway';
import { CommandIds } from '../../platform/commandIds';
import type { ExplorerModel, ExplorerNode, StreamNode } from '../../core/explorer/explorerModel';
import { findingMarkUri } from './findingMarks';

const statusIcons: Record<StreamStatus, vscode.ThemeIcon> = {
  ACTIVE: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  CREATING: new vscode.ThemeIcon('loading~spin'),
  UPDATING: new vscode.ThemeIcon('sync~spin'),
  DELETING: new vscode.ThemeIcon('trash', new vscode.ThemeColor('list.warningForeground')),
  UNKNOWN: new vscode.ThemeIcon('pulse'),
};

const groupLabels = {
  shards: () => vscode.l10n.t('Shards'),
  consumers: () => vscode.l10n.t('Consumers (enhanced fan-out)'),
  tags: () => vscode.l10n.t('Tags'),
} as const;
const groupIcons = { shards: 'layers', consumers: 'broadcast', tags: 'tag' } as const;

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
    return node.kind === 'region' || node.kind === 'stream' || node.kind === 'group' ? this.model.children(node) : [];
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
      case 'stream':
        return this.#streamItem(node);
      case 'group': {
        const item = new vscode.TreeItem(groupLabels[node.group](), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.parent.region}:${node.parent.stream.name}:${node.group}`;
        item.iconPath = new vscode.ThemeIcon(groupIcons[node.group]);
        const details = this.model.details(node.parent);
        if (details && node.group === 'shards') {
          item.description = vscode.l10n.t('{0} open', details.openShardCount);
        } else if (details && node.group === 'consumers') {
          item.description = String(details.consumerCount);
        }
        item.contextValue = `group-${node.group}`;
        return item;
      }
      case 'shard': {
        const { shard } = node;
        const item = new vscode.TreeItem(shard.shardId, vscode.TreeItemCollapsibleState.None);
        item.id = `shard:${node.parent.parent.region}:${node.parent.parent.stream.name}:${shard.shardId}`;
        item.iconPath = new vscode.ThemeIcon(node.open ? 'circle-filled' : 'circle-outline');
        const share = formatShare(node.keyspaceShare);
        item.description = node.open ? vscode.l10n.t('open · {0} of keyspace', share) : vscode.l10n.t('closed · {0} of keyspace', share);
        const lines = [
          node.open ? vscode.l10n.t('**{0}** (open)', shard.shardId) : vscode.l10n.t('**{0}** (closed)', shard.shardId),
          vscode.l10n.t('Hash keys: {0} – {1} ({2} of the keyspace)', shard.startingHashKey, shard.endingHashKey, share),
          shard.parentShardId ? vscode.l10n.t('Parent: {0}', shard.parentShardId) : undefined,
          shard.adjacentParentShardId ? vscode.l10n.t('Adjacent parent: {0}', shard.adjacentParentShardId) : undefined,
          node.childShardIds.length ? vscode.l10n.t('Children: {0}', node.childShardIds.join(', ')) : undefined,
          vscode.l10n.t('Starting sequence number: {0}', shard.startingSequenceNumber),
        ];
        item.tooltip = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
        item.contextValue = node.open ? 'shard-open' : 'shard-closed';
        // Only for the Stream Doctor's decorations (see ./findingMarks.ts); the label and icon are set.
        item.resourceUri = findingMarkUri(node.parent.parent.region, node.parent.parent.stream.name, shard.shardId);
        return item;
      }
      case 'consumer': {
        const item = new vscode.TreeItem(node.consumer.name, vscode.TreeItemCollapsibleState.None);
        item.id = `consumer:${node.consumer.arn}`;
        item.iconPath = new vscode.ThemeIcon(node.consumer.status === 'ACTIVE' ? 'radio-tower' : 'loading~spin');
        item.description = node.consumer.status;
        item.tooltip = [
          node.consumer.arn,
          vscode.l10n.t('Status: {0}', node.consumer.status),
          ...(node.consumer.createdAt ? [vscode.l10n.t('Registered: {0}', node.consumer.createdAt.toISOString())] : []),
        ].join('\n');
        item.contextValue = 'consumer';
        return item;
      }
      case 'tag': {
        const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
        item.id = `tag:${node.parent.parent.region}:${node.parent.parent.stream.name}:${node.key}`;
        item.description = node.value;
        item.iconPath = new vscode.ThemeIcon('symbol-key');
        item.contextValue = 'tag';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.detail ?? node.text;
        item.iconPath = node.severity === 'error'
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : new vscode.ThemeIcon('info');
        if (node.severity === 'error') {
          item.contextValue = 'error';
          item.command = { command: CommandIds.retryNode, title: vscode.l10n.t('Retry'), arguments: [node] };
        }
        return item;
      }
    }
  }

  #streamItem(node: StreamNode): vscode.TreeItem {
    const details = this.model.details(node);
    const status = details?.status ?? node.stream.status ?? 'UNKNOWN';
    const item = new vscode.TreeItem(node.stream.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `stream:${node.region}:${node.stream.name}`;
    item.iconPath = statusIcons[status];
    item.description = details ? describeStream(details) : (status !== 'UNKNOWN' && status !== 'ACTIVE' ? status : undefined);
    item.tooltip = streamTooltip(node, details);
    item.contextValue = 'stream';
    item.resourceUri = findingMarkUri(node.region, node.stream.name);
    return item;
  }
}

function describeStream(d: StreamDetails): string {
  const mode = d.mode === 'ON_DEMAND' ? vscode.l10n.t('on-demand') : vscode.l10n.t('provisioned');
  const shards = d.openShardCount === 1 ? vscode.l10n.t('1 shard') : vscode.l10n.t('{0} shards', d.openShardCount);
  const parts = [mode, shards, formatRetention(d.retentionHours)];
  return d.status === 'ACTIVE' ? parts.join(' · ') : `${d.status} · ${parts.join(' · ')}`;
}

function streamTooltip(node: StreamNode, d: StreamDetails | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(node.stream.name)}** — ${node.region}\n\n`);
  if (!d) {
    md.appendMarkdown(vscode.l10n.t('_Loading details…_'));
    return md;
  }
  const rows = [
    vscode.l10n.t('Status: {0}', d.status),
    vscode.l10n.t('ARN: {0}', `\`${d.arn}\``),
    d.mode === 'ON_DEMAND' ? vscode.l10n.t('Mode: On-demand') : vscode.l10n.t('Mode: Provisioned'),
    vscode.l10n.t('Open shards: {0}', d.openShardCount),
    vscode.l10n.t('Retention: {0}', formatRetention(d.retentionHours)),
    d.encryption === 'KMS'
      ? vscode.l10n.t('Encryption: KMS ({0})', escapeMarkdown(d.keyId ?? vscode.l10n.t('key')))
      : vscode.l10n.t('Encryption: None'),
    d.createdAt ? vscode.l10n.t('Created: {0}', d.createdAt.toISOString()) : vscode.l10n.t('Created: unknown'),
    vscode.l10n.t('Consumers: {0}', d.consumerCount),
    vscode.l10n.t('Max record size: {0} KiB', d.maxRecordSizeKiB ?? 1024),
  ];
  md.appendMarkdown(rows.join('  \n'));
  return md;
}

export function formatRetention(hours: number): string {
  if (hours % 24 === 0 && hours >= 48) {
    return vscode.l10n.t('{0} days', hours / 24);
  }
  return vscode.l10n.t('{0} h', hours);
}

function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent >= 10 || Number.isInteger(percent) ? percent.toFixed(0) : percent.toPrecision(2)}%`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
