import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import { validateStreamName } from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import type { ConnectionManager } from '../../services/connectionManager';
import type { ExplorerNode } from '../../core/explorer/explorerModel';

/** Identifies a stream: what every stream command accepts programmatically. */
export interface StreamRef {
  /** Defaults to the current region. */
  readonly region?: string;
  readonly stream: string;
}

/** The stream (and shard or consumer) a command was invoked on, from a tree node or arguments. */
export interface InvocationTarget {
  readonly region?: string;
  readonly stream?: string;
  readonly shardId?: string;
  readonly consumerName?: string;
  readonly tagKey?: string;
}

/**
 * Commands are run from the palette (no argument), a tree context menu (a node) or code and tests
 * (a plain object). This folds the first two into the third.
 */
export function invocationTarget(arg: unknown): InvocationTarget {
  if (!arg || typeof arg !== 'object') {
    return {};
  }
  const node = arg as Partial<ExplorerNode> & Record<string, unknown>;
  switch (node.kind) {
    case 'stream':
      return { region: node.region as string, stream: (node as Extract<ExplorerNode, { kind: 'stream' }>).stream.name };
    case 'group':
    case 'shard':
    case 'consumer':
    case 'tag': {
      const n = node as Extract<ExplorerNode, { kind: 'group' | 'shard' | 'consumer' | 'tag' }>;
      const streamNode = n.kind === 'group' ? n.parent : n.parent.parent;
      return {
        region: streamNode.region,
        stream: streamNode.stream.name,
        shardId: n.kind === 'shard' ? n.shard.shardId : undefined,
        consumerName: n.kind === 'consumer' ? n.consumer.name : undefined,
        tagKey: n.kind === 'tag' ? n.key : undefined,
      };
    }
    default:
      return arg as InvocationTarget;
  }
}

/** True when the argument is a plain object of command arguments (not a tree node, not nothing). */
export function isProgrammatic(arg: unknown): boolean {
  return !!arg && typeof arg === 'object' && !('kind' in arg);
}

/** The given region, else the current one; refuses with what to do when there is none. */
export function requireRegion(connections: ConnectionManager, region?: string): string {
  const chosen = region ?? connections.current.region;
  if (!chosen) {
    throw new UserFacingError(vscode.l10n.t('No region is selected. Run "Kinesis: Select Region" or start Local Kinesis first.'));
  }
  return chosen;
}

/**
 * The stream a command works on: from a tree node or arguments (validated), or, from the palette,
 * a quick pick of the region's streams. Escape throws CancellationError.
 */
export async function resolveStream(
  gateway: KinesisGateway,
  connections: ConnectionManager,
  arg: unknown,
  title: string,
): Promise<{ region: string; stream: string }> {
  const invocation = invocationTarget(arg);
  const region = requireRegion(connections, invocation.region);
  if (invocation.stream) {
    const problem = validateStreamName(invocation.stream);
    if (problem) {
      throw new UserFacingError(problem);
    }
    return { region, stream: invocation.stream };
  }
  if (isProgrammatic(arg)) {
    throw new UserFacingError(vscode.l10n.t('Name the stream (stream: "<name>").'));
  }
  const streams = await gateway.listStreams(connections.targetFor(region));
  if (streams.length === 0) {
    throw new UserFacingError(vscode.l10n.t('There are no streams in {0}. Create one with "Kinesis: Create Stream".', region));
  }
  const picked = await vscode.window.showQuickPick(streams.map((s) => ({ label: s.name })), { title: vscode.l10n.t('{0}: choose a stream in {1}', title, region) });
  if (!picked) {
    throw new vscode.CancellationError();
  }
  return { region, stream: picked.label };
}
