import type { ExplorerNode } from '../explorer/explorerModel';

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
