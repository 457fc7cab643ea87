/**
 * Reshard preflight: what to know before UpdateShardCount, a split or a merge (lagging consumers,
 * KCL applications, the remaining UpdateShardCount budget), and afterwards the parents draining into
 * their children. vscode-free; the shard wizard shows the preflight in its confirmation.
 *
 * The budget is an approximation: Kinesis allows 10 UpdateShardCount calls per rolling 24 hours but
 * does not say how many were made. ListShards still lists closed parents for the retention period
 * (at least 24 h), and each reshard adds one generation to the shard lineage, so the longest
 * parent → child chain among the listed shards counts the reshards within the retention. That may
 * count older ones (retention above 24 h) and splits or merges made one by one, so the remaining
 * budget it gives is a lower bound: never more optimistic than the truth.
 */
import type { ConnectionTarget, KinesisGateway, ShardInfo } from '../kinesis/gateway';

export const UPDATE_SHARD_COUNT_PER_24H = 10;
/** A consumer this far behind (ms) has unread records on the parents it must finish first. */
export const LAGGING_CONSUMER_MS = 60_000;

export type ReshardOperation =
  | { readonly kind: 'updateShardCount'; readonly targetShardCount: number }
  | { readonly kind: 'splitShard'; readonly shardId: string }
  | { readonly kind: 'mergeShards'; readonly shardId: string; readonly adjacentShardId: string };

export interface PreflightInput {
  readonly stream: string;
  readonly shards: readonly ShardInfo[];
  readonly operation: ReshardOperation;
  /** Registered enhanced fan-out consumers. */
  readonly consumerNames?: readonly string[];
  /** Highest lag per consumer (e.g. from CloudWatch MillisBehindLatest), when known. */
  readonly consumerLags?: readonly { readonly consumer: string; readonly millisBehindLatest: number }[];
  /** KCL applications reading the stream (from a known lease table), when known. */
  readonly kclApplications?: readonly string[];
}

export interface Preflight {
  /** Reshard generations among the listed shards: UpdateShardCount calls (upper bound) in the retention. */
  readonly reshardsInRetention: number;
  /** Lower bound of the UpdateShardCount calls left in the rolling 24 hours. */
  readonly updateShardCountRemaining: number;
  readonly laggingConsumers: readonly string[];
  /** The shards the operation closes: they drain into children. */
  readonly parentsToDrain: readonly string[];
  /** Lines for the confirmation, in order; warnings first. */
  readonly lines: readonly string[];
  /** Set when the operation cannot succeed now (no budget left). */
  readonly blocker?: string;
}

/** Length of the longest parent chain among the listed shards (0 when none was ever resharded). */
export function reshardGenerations(shards: readonly ShardInfo[]): number {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const depth = new Map<string, number>();
  const depthOf = (shard: ShardInfo): number => {
    const known = depth.get(shard.shardId);
    if (known !== undefined) return known;
    depth.set(shard.shardId, 0); // guards against a malformed cycle
    const parents = [shard.parentShardId, shard.adjacentParentShardId].map((id) => (id ? byId.get(id) : undefined)).filter((p): p is ShardInfo => p !== undefined);
    const d = parents.length ? 1 + Math.max(...parents.map(depthOf)) : 0;
    depth.set(shard.shardId, d);
    return d;
  };
  return shards.reduce((max, s) => Math.max(max, depthOf(s)), 0);
}

export function reshardPreflight(input: PreflightInput): Preflight {
  const open = input.shards.filter((s) => s.endingSequenceNumber === undefined);
  const reshards = reshardGenerations(input.shards);
  const remaining = Math.max(0, UPDATE_SHARD_COUNT_PER_24H - reshards);
  const lagging = (input.consumerLags ?? []).filter((c) => c.millisBehindLatest >= LAGGING_CONSUMER_MS);
  const op = input.operation;
  const parents = op.kind === 'updateShardCount' ? open.map((s) => s.shardId)
    : op.kind === 'splitShard' ? [op.shardId] : [op.shardId, op.adjacentShardId];
  const lines: string[] = [];
  let blocker: string | undefined;
  if (op.kind === 'updateShardCount') {
    if (remaining === 0) blocker = `The shard history shows ${reshards} reshards within the retention: UpdateShardCount allows ${UPDATE_SHARD_COUNT_PER_24H} per rolling 24 hours and may be refused (LimitExceededException). Wait, or split and merge single shards instead.`;
    lines.push(`UpdateShardCount budget: at least ${remaining} of ${UPDATE_SHARD_COUNT_PER_24H} left in the rolling 24 hours (estimated from ${reshards} reshard generation(s) in the shard history).`);
  } else {
    lines.push(`Shard history: ${reshards} reshard generation(s) within the retention.`);
  }
  for (const c of lagging) {
    lines.unshift(`Consumer ${c.consumer} is ${Math.round(c.millisBehindLatest / 1000)} s behind: it must finish the parent shards before it reads their children, so its lag grows during the reshard.`);
  }
  const consumers = input.consumerNames ?? [];
  if (consumers.length) lines.push(`Enhanced fan-out consumers (${consumers.length}): ${consumers.join(', ')} must follow the children (KCL and Lambda do; custom readers must read parents to SHARD_END first).`);
  if (input.kclApplications?.length) lines.push(`KCL applications: ${input.kclApplications.join(', ')} create leases for the children after their parents end.`);
  else lines.push('KCL applications: unknown (name a lease table to check them).');
  lines.push(`${parents.length} parent shard(s) close and drain into their children: ${parents.join(', ')}.`);
  return { reshardsInRetention: reshards, updateShardCountRemaining: remaining, laggingConsumers: lagging.map((c) => c.consumer), parentsToDrain: parents, lines, blocker };
}

export interface DrainStatus {
  readonly parentsClosed: number;
  readonly parents: number;
  readonly children: readonly string[];
  readonly done: boolean;
}

/** How far the parents are closed and their children open, from a fresh ListShards. */
export function drainStatus(parentIds: readonly string[], shards: readonly ShardInfo[]): DrainStatus {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const parentsClosed = parentIds.filter((id) => byId.get(id)?.endingSequenceNumber !== undefined).length;
  const children = shards
    .filter((s) => (s.parentShardId && parentIds.includes(s.parentShardId)) || (s.adjacentParentShardId && parentIds.includes(s.adjacentParentShardId)))
    .filter((s) => s.endingSequenceNumber === undefined)
    .map((s) => s.shardId);
  return { parentsClosed, parents: parentIds.length, children, done: parentsClosed === parentIds.length && children.length > 0 };
}

export interface TrackDrainOptions {
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (status: DrainStatus) => void;
}

/** Polls ListShards until every parent is closed and their children are open; resolves to the last status. */
export async function trackDrain(gateway: KinesisGateway, target: ConnectionTarget, stream: string, parentIds: readonly string[], options: TrackDrainOptions = {}): Promise<DrainStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  for (;;) {
    const status = drainStatus(parentIds, await gateway.listShards(target, stream, { signal: options.signal }));
    options.onProgress?.(status);
    if (status.done || Date.now() >= deadline || options.signal?.aborted) return status;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs ?? 5_000);
      options.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
}
