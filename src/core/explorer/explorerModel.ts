/**
 * The explorer's listings (Region -> Stream -> Shards / Consumers / Tags) without any view: it caches
 * children per node, describes streams in the background, polls streams in transitional states and
 * says when something changed. The tree provider in features/explorer only maps these plain nodes to
 * tree items, so this runs (and is tested) in plain Node.
 */
import { Emitter, type DisposableLike, type Event } from '../events';
import { describeError, type KinesisError, type Remedy } from '../kinesis/errors';
import type { ConnectionTarget, ConsumerInfo, KinesisGateway, ShardInfo, StreamDetails, StreamListEntry, StreamStatus } from '../kinesis/gateway';
import { keyspaceShare } from '../kinesis/shards';
import type { StreamChange } from '../kinesis/streamChange';
import type { ILogger } from '../logging';

export interface RegionNode {
  readonly kind: 'region';
  readonly region: string;
}

export interface StreamNode {
  readonly kind: 'stream';
  readonly parent: RegionNode;
  readonly region: string;
  readonly stream: StreamListEntry;
}

export type GroupKind = 'shards' | 'consumers' | 'tags';

export interface GroupNode {
  readonly kind: 'group';
  readonly group: GroupKind;
  readonly parent: StreamNode;
}

export interface ShardNode {
  readonly kind: 'shard';
  readonly parent: GroupNode;
  readonly shard: ShardInfo;
  readonly open: boolean;
  /** Share of the 128-bit hash keyspace this shard covers, 0–1. */
  readonly keyspaceShare: number;
  /** Shards created from this one by a split or merge. */
  readonly childShardIds: readonly string[];
}

export interface ConsumerNode {
  readonly kind: 'consumer';
  readonly parent: GroupNode;
  readonly consumer: ConsumerInfo;
}

export interface TagNode {
  readonly kind: 'tag';
  readonly parent: GroupNode;
  readonly key: string;
  readonly value: string;
}

/** A child that explains an empty or failed listing, so the tree never goes blank. */
export interface MessageNode {
  readonly kind: 'message';
  readonly parent: RegionNode | StreamNode | GroupNode;
  readonly severity: 'error' | 'info';
  readonly text: string;
  readonly detail?: string;
  readonly remedies?: readonly Remedy[];
}

export type ExplorerNode = RegionNode | StreamNode | GroupNode | ShardNode | ConsumerNode | TagNode | MessageNode;
/** A node that has children: what {@link ExplorerModel.children} takes. */
export type ParentNode = RegionNode | StreamNode | GroupNode;

/** The listing calls the model makes; the Kinesis gateway is one. */
export type ExplorerGateway = Pick<KinesisGateway, 'listStreams' | 'describeStream' | 'listShards' | 'listConsumers' | 'listTags'>;

/** What the model reads from the connection service. */
export interface ExplorerConnections {
  readonly current: {
    /** The regions listed side by side, as roots. */
    readonly regions: readonly string[];
    /** A configuration problem that stops every call; shown instead of listing. */
    readonly problem?: KinesisError;
  };
  targetFor(region: string): ConnectionTarget;
  /** Another account, endpoint or region list: everything is listed again. */
  readonly onDidChange: Event<unknown>;
}

export interface ExplorerModelOptions {
  readonly gateway: ExplorerGateway;
  readonly connections: ExplorerConnections;
  /** Changes made by Kinesis Studio's own commands: the listings they touch are refreshed. */
  readonly streamChanges?: Event<StreamChange>;
  readonly logger: ILogger;
  /** How long to wait before describing a stream in a transitional state again. */
  readonly pollIntervalMs?: number;
}

const TRANSITIONAL: readonly StreamStatus[] = ['CREATING', 'UPDATING', 'DELETING'];
/** Describes run a few at a time: enough to fill a screen quickly without tripping API rate limits. */
const DESCRIBE_CONCURRENCY = 4;
const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Caches listings per node and says (through {@link onDidChange}) which node changed; undefined means the roots. */
export class ExplorerModel implements DisposableLike {
  readonly #onDidChange: Emitter<ExplorerNode | undefined>;
  readonly onDidChange: Event<ExplorerNode | undefined>;
  readonly #gateway: ExplorerGateway;
  readonly #connections: ExplorerConnections;
  readonly #logger: ILogger;
  readonly #pollIntervalMs: number;
  readonly #subscriptions: DisposableLike[] = [];
  readonly #regionNodes = new Map<string, RegionNode>();
  readonly #children = new Map<ParentNode, Promise<ExplorerNode[]>>();
  readonly #details = new Map<StreamNode, StreamDetails>();
  readonly #groups = new Map<StreamNode, Record<GroupKind, GroupNode>>();
  readonly #polls = new Map<StreamNode, ReturnType<typeof setTimeout>>();
  #describeQueue: StreamNode[] = [];
  #describing = 0;
  #generation = 0;
  #credentialsProblem: string | undefined;
  #filter = '';
  #disposed = false;

  constructor(options: ExplorerModelOptions) {
    this.#gateway = options.gateway;
    this.#connections = options.connections;
    this.#logger = options.logger;
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.#onDidChange = new Emitter((error) => this.#logger.error(`an explorer listener failed: ${describeError(error).message}`));
    this.onDidChange = this.#onDidChange.event;
    this.#subscriptions.push(options.connections.onDidChange(() => this.refresh()));
    if (options.streamChanges) {
      this.#subscriptions.push(options.streamChanges((change) => void this.applyStreamChange(change)));
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#subscriptions.splice(0).forEach((s) => s.dispose());
    this.#stopPolls();
    this.#onDidChange.dispose();
  }

  /** Set when listing failed for want of credentials; the view then shows its welcome content instead. */
  get credentialsProblem(): string | undefined {
    return this.#credentialsProblem;
  }

  get filter(): string {
    return this.#filter;
  }

  /** Shows only streams whose name contains `text` (case-insensitive); empty shows all. */
  setFilter(text: string): void {
    this.#filter = text.trim();
    for (const region of this.#regionNodes.values()) {
      this.#onDidChange.fire(region);
    }
  }

  /** Details of a stream once described (mode, shard count, retention, encryption…). */
  details(node: StreamNode): StreamDetails | undefined {
    return this.#details.get(node);
  }

  roots(): RegionNode[] {
    if (this.#credentialsProblem) {
      return [];
    }
    return this.#connections.current.regions.map((region) => {
      let node = this.#regionNodes.get(region);
      if (!node) {
        node = { kind: 'region', region };
        this.#regionNodes.set(region, node);
      }
      return node;
    });
  }

  async children(node: ParentNode): Promise<ExplorerNode[]> {
    let pending = this.#children.get(node);
    if (!pending) {
      pending = this.#load(node);
      this.#children.set(node, pending);
    }
    const children = await pending;
    if (node.kind === 'region' && this.#filter) {
      const needle = this.#filter.toLowerCase();
      const matching = children.filter((c) => c.kind !== 'stream' || c.stream.name.toLowerCase().includes(needle));
      return matching.length ? matching : [{ kind: 'message', parent: node, severity: 'info', text: `No streams match "${this.#filter}"` }];
    }
    return children;
  }

  /** Finds a stream node already listed, for reveal() and for commands given a name. */
  async findStream(region: string, name: string): Promise<StreamNode | undefined> {
    const root = this.roots().find((r) => r.region === region);
    if (!root) {
      return undefined;
    }
    const children = await this.children(root);
    return children.find((c): c is StreamNode => c.kind === 'stream' && c.stream.name === name);
  }

  /**
   * Refreshes what a change made through Kinesis Studio touched: the region's stream list for a
   * created or deleted stream, the stream itself (if listed) for an update, everything for 'all'.
   */
  async applyStreamChange(change: StreamChange): Promise<void> {
    if (change.kind === 'all') {
      this.refresh();
      return;
    }
    const root = this.#regionNodes.get(change.region);
    if (!root) {
      // The region is not shown (or not yet listed): it is listed fresh when it is.
      return;
    }
    if (change.kind === 'updated') {
      const node = await this.#listedStream(root, change.stream);
      this.refresh(node ?? root);
      return;
    }
    this.refresh(root);
  }

  /** The stream's node if the region's listing is cached (never starts a listing). */
  async #listedStream(root: RegionNode, name: string): Promise<StreamNode | undefined> {
    const listing = this.#children.get(root);
    const children = listing ? await listing : [];
    return children.find((c): c is StreamNode => c.kind === 'stream' && c.stream.name === name);
  }

  /** Forgets cached listings (all, or below one node) and tells the view. */
  refresh(node?: ExplorerNode): void {
    this.#generation++;
    this.#credentialsProblem = undefined;
    const target = node && node.kind !== 'region' && node.kind !== 'stream' && node.kind !== 'group' ? node.parent : node;
    if (!target) {
      this.#children.clear();
      this.#details.clear();
      this.#stopPolls();
    } else {
      this.#forget(target);
    }
    this.#onDidChange.fire(target);
  }

  #forget(node: ParentNode): void {
    const cached = this.#children.get(node);
    this.#children.delete(node);
    if (node.kind === 'stream') {
      this.#details.delete(node);
      clearTimeout(this.#polls.get(node));
      this.#polls.delete(node);
      for (const group of Object.values(this.#groups.get(node) ?? {})) {
        this.#children.delete(group);
      }
    }
    if (node.kind === 'region' && cached) {
      void cached.then((children) => children.forEach((c) => c.kind === 'stream' && this.#forget(c)));
    }
  }

  async #load(node: ParentNode): Promise<ExplorerNode[]> {
    const generation = this.#generation;
    const connection = this.#connections.current;
    try {
      const problem = connection.problem;
      if (problem) {
        throw problem;
      }
      switch (node.kind) {
        case 'region': return await this.#loadStreams(node);
        case 'stream': return this.#groupsOf(node);
        case 'group': return await this.#loadGroup(node);
      }
    } catch (error) {
      const { message, remedies } = describeError(error);
      this.#logger.warn(`listing below ${describeNode(node)} failed: ${message}`);
      if (generation === this.#generation) {
        // A failed listing is not cached: the next expand or Retry asks again.
        this.#children.delete(node);
      }
      const credentialsFailed = remedies.includes('ssoLogin') || remedies.includes('switchProfile');
      if (credentialsFailed && connection === this.#connections.current && this.#credentialsProblem !== message) {
        this.#credentialsProblem = message;
        this.#onDidChange.fire(undefined);
      }
      return [{ kind: 'message', parent: node, severity: 'error', text: `Could not list ${node.kind === 'group' ? node.group : 'streams'}`, detail: message, remedies }];
    }
  }

  async #loadStreams(node: RegionNode): Promise<ExplorerNode[]> {
    const streams = await this.#gateway.listStreams(this.#connections.targetFor(node.region));
    if (streams.length === 0) {
      return [{ kind: 'message', parent: node, severity: 'info', text: 'No streams in this region' }];
    }
    const nodes = [...streams]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((stream): StreamNode => ({ kind: 'stream', parent: node, region: node.region, stream }));
    // Names render at once; details (mode, shards, retention) arrive in the background.
    this.#describeQueue.push(...nodes);
    this.#pumpDescribes();
    return nodes;
  }

  #groupsOf(node: StreamNode): GroupNode[] {
    let groups = this.#groups.get(node);
    if (!groups) {
      groups = {
        shards: { kind: 'group', group: 'shards', parent: node },
        consumers: { kind: 'group', group: 'consumers', parent: node },
        tags: { kind: 'group', group: 'tags', parent: node },
      };
      this.#groups.set(node, groups);
    }
    return [groups.shards, groups.consumers, groups.tags];
  }

  async #loadGroup(node: GroupNode): Promise<ExplorerNode[]> {
    const streamNode = node.parent;
    const target = this.#connections.targetFor(streamNode.region);
    const name = streamNode.stream.name;
    switch (node.group) {
      case 'shards': {
        const shards = await this.#gateway.listShards(target, name);
        return shards.map((shard): ShardNode => ({
          kind: 'shard',
          parent: node,
          shard,
          open: shard.endingSequenceNumber === undefined,
          keyspaceShare: keyspaceShare(shard),
          childShardIds: shards.filter((s) => s.parentShardId === shard.shardId || s.adjacentParentShardId === shard.shardId).map((s) => s.shardId),
        }));
      }
      case 'consumers': {
        const arn = (this.#details.get(streamNode) ?? await this.#describe(streamNode)).arn;
        const consumers = await this.#gateway.listConsumers(target, arn);
        return consumers.length
          ? consumers.map((consumer): ConsumerNode => ({ kind: 'consumer', parent: node, consumer }))
          : [{ kind: 'message', parent: node, severity: 'info', text: 'No enhanced fan-out consumers' }];
      }
      case 'tags': {
        const tags = Object.entries(await this.#gateway.listTags(target, name)).sort(([a], [b]) => a.localeCompare(b));
        return tags.length
          ? tags.map(([key, value]): TagNode => ({ kind: 'tag', parent: node, key, value }))
          : [{ kind: 'message', parent: node, severity: 'info', text: 'No tags' }];
      }
    }
  }

  async #describe(node: StreamNode): Promise<StreamDetails> {
    const details = await this.#gateway.describeStream(this.#connections.targetFor(node.region), node.stream.name);
    const previous = this.#details.get(node);
    this.#details.set(node, details);
    if (previous?.status !== details.status || previous?.openShardCount !== details.openShardCount) {
      this.#onDidChange.fire(node);
    }
    this.#schedulePollIfTransitional(node, details);
    return details;
  }

  #pumpDescribes(): void {
    while (this.#describing < DESCRIBE_CONCURRENCY && this.#describeQueue.length) {
      const node = this.#describeQueue.shift()!;
      const generation = this.#generation;
      this.#describing++;
      void this.#describe(node)
        .catch((error) => {
          if (generation === this.#generation) {
            this.#logger.warn(`describing ${node.stream.name} failed: ${describeError(error).message}`);
          }
        })
        .finally(() => {
          this.#describing--;
          this.#pumpDescribes();
        });
    }
  }

  #schedulePollIfTransitional(node: StreamNode, details: StreamDetails): void {
    clearTimeout(this.#polls.get(node));
    this.#polls.delete(node);
    if (this.#disposed || !TRANSITIONAL.includes(details.status)) {
      return;
    }
    this.#polls.set(node, setTimeout(() => {
      this.#polls.delete(node);
      void this.#describe(node).then(
        (fresh) => {
          if (!TRANSITIONAL.includes(fresh.status)) {
            // Settled: shards or consumers may have changed with it.
            for (const group of this.#groupsOf(node)) {
              this.#children.delete(group);
            }
            this.#onDidChange.fire(node);
          }
        },
        (error) => {
          // A stream that finished DELETING is gone: list the region again.
          this.#logger.info(`${node.stream.name} is no longer describable (${describeError(error).message}); refreshing ${node.region}`);
          this.refresh(node.parent);
        },
      );
    }, this.#pollIntervalMs));
  }

  #stopPolls(): void {
    for (const timer of this.#polls.values()) {
      clearTimeout(timer);
    }
    this.#polls.clear();
    this.#describeQueue = [];
  }
}

function describeNode(node: ParentNode): string {
  switch (node.kind) {
    case 'region': return node.region;
    case 'stream': return `${node.region}/${node.stream.name}`;
    case 'group': return `${node.parent.region}/${node.parent.stream.name} ${node.group}`;
  }
}
