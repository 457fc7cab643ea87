import * as vscode from 'vscode';
import type { ShardInfo, StreamDetails } from '../../core/kinesis/gateway';
import { adjacentPairs, midpointHashKey, openShards, shardCountChoices, validateSplitKey } from '../../core/kinesis/shards';
import { shardCountRange, validateTargetShardCount } from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askSingleText, confirmModal } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { invocationTarget, isProgrammatic } from './streamArgs';

/** Resharding a provisioned stream: Update Shard Count, Split Shard, Merge Shards. */
export class ShardWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  async updateShardCount(arg?: unknown): Promise<StreamDetails | undefined> {
    this.ctx.assertMutationAllowed('reshard a stream');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Update Shard Count');
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    if (details.mode === 'ON_DEMAND') {
      throw new UserFacingError(`"${stream}" is on-demand: Kinesis scales its shards itself. Switch it to provisioned to set a shard count.`);
    }
    const current = details.openShardCount;
    let targetCount: number;
    if (isProgrammatic(arg)) {
      targetCount = Number((arg as { targetShardCount?: number }).targetShardCount);
    } else {
      const { min, max } = shardCountRange(current);
      const picked = await vscode.window.showQuickPick(shardCountChoices(current).map((n) => ({ label: String(n), description: `${n > current ? 'scale up' : 'scale down'} ×${(n / current).toFixed(2)}` })), {
        title: `Update Shard Count of "${stream}" (now ${current})`,
        placeHolder: `UpdateShardCount allows ${min}–${max} (½× to 2× the current count), at most 10 times per rolling 24 hours`,
      });
      if (!picked) {
        return undefined;
      }
      targetCount = Number(picked.label);
      await confirmModal(`Change "${stream}" from ${current} to ${targetCount} shards?`,
        'Resharding takes a while; the stream stays readable and writable, and consumers follow the new shards. This uses one of the 10 scalings allowed per rolling 24 hours.', 'Update Shard Count');
    }
    const problem = validateTargetShardCount(targetCount, current);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const after = await this.ctx.progress(`Updating "${stream}" to ${targetCount} shards…`, async (signal) => {
      await this.ctx.gateway.updateShardCount(target, stream, targetCount, { signal });
      return this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    this.ctx.updated(region, stream);
    return after;
  }

  async splitShard(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed('split a shard');
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.ctx.streamFrom(arg, 'Split Shard');
    const target = this.ctx.target(region);
    const open = openShards(await this.ctx.gateway.listShards(target, stream));
    let shard = open.find((s) => s.shardId === invocation.shardId);
    if (!shard && !isProgrammatic(arg)) {
      const picked = await vscode.window.showQuickPick(open.map((s) => ({ label: s.shardId, description: `${s.startingHashKey} – ${s.endingHashKey}`, shard: s })),
        { title: `Split a shard of "${stream}"`, placeHolder: 'Choose the open shard to split' });
      shard = picked?.shard;
    }
    if (!shard) {
      if (isProgrammatic(arg) || invocation.shardId) {
        throw new UserFacingError(`"${invocation.shardId ?? '(none)'}" is not an open shard of "${stream}". Open shards: ${open.map((s) => s.shardId).join(', ')}.`);
      }
      return;
    }
    const newStartingHashKey = isProgrammatic(arg)
      ? (arg as { newStartingHashKey?: string }).newStartingHashKey ?? midpointHashKey(shard)
      : await this.#askSplitKey(shard);
    if (newStartingHashKey === undefined) {
      return;
    }
    const problem = validateSplitKey(newStartingHashKey, shard);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const shardId = shard.shardId;
    await this.ctx.progress(`Splitting ${shardId}…`, async (signal) => {
      await this.ctx.gateway.splitShard(target, stream, shardId, newStartingHashKey, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    this.ctx.updated(region, stream);
  }

  /** The midpoint or a typed hash key; undefined when the user cancelled. */
  async #askSplitKey(shard: ShardInfo): Promise<string | undefined> {
    const where = await vscode.window.showQuickPick([
      { label: 'At the midpoint', description: 'two shards of equal hash-key ranges', mid: true },
      { label: 'At a hash key…', description: 'for a hot key range', mid: false },
    ], { title: `Split ${shard.shardId}`, placeHolder: 'Where should the new shard start?' });
    if (!where) {
      return undefined;
    }
    if (where.mid) {
      return midpointHashKey(shard);
    }
    return askSingleText(`Split ${shard.shardId}`, {
      prompt: `New starting hash key, greater than ${shard.startingHashKey} and at most ${shard.endingHashKey}`,
      validate: (v) => validateSplitKey(v, shard),
    });
  }

  async mergeShards(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed('merge shards');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Merge Shards');
    const target = this.ctx.target(region);
    const pairs = adjacentPairs(openShards(await this.ctx.gateway.listShards(target, stream)));
    let pair: [ShardInfo, ShardInfo] | undefined;
    if (isProgrammatic(arg)) {
      const { shardId, adjacentShardId } = arg as { shardId?: string; adjacentShardId?: string };
      pair = pairs.find(([a, b]) => (a.shardId === shardId && b.shardId === adjacentShardId) || (b.shardId === shardId && a.shardId === adjacentShardId));
      if (!pair) {
        throw new UserFacingError(`${shardId} and ${adjacentShardId} are not adjacent open shards of "${stream}": only shards whose hash-key ranges touch can merge.` +
          (pairs.length ? ` Adjacent pairs: ${pairs.map(([a, b]) => `${a.shardId}+${b.shardId}`).join(', ')}.` : ''));
      }
    } else {
      if (pairs.length === 0) {
        throw new UserFacingError(`"${stream}" has no adjacent open shards to merge (it needs at least two open shards whose hash-key ranges touch).`);
      }
      const picked = await vscode.window.showQuickPick(pairs.map((p) => ({ label: `${p[0].shardId} + ${p[1].shardId}`, description: `${p[0].startingHashKey} – ${p[1].endingHashKey}`, pair: p })),
        { title: `Merge shards of "${stream}"`, placeHolder: 'Only adjacent pairs (touching hash-key ranges) can merge' });
      if (!picked) {
        return;
      }
      pair = picked.pair;
      await confirmModal(`Merge ${pair[0].shardId} and ${pair[1].shardId}?`, 'Both shards close and one child shard takes their combined hash-key range.', 'Merge Shards');
    }
    const [first, second] = pair;
    await this.ctx.progress(`Merging ${first.shardId} and ${second.shardId}…`, async (signal) => {
      await this.ctx.gateway.mergeShards(target, stream, first.shardId, second.shardId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    this.ctx.updated(region, stream);
  }
}
