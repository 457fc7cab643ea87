import * as vscode from 'vscode';
import { reshardPreflight, trackDrain, type ReshardOperation } from '../../core/doctor/preflight';
import type { ConnectionTarget, ShardInfo, StreamDetails } from '../../core/kinesis/gateway';
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
    this.ctx.assertMutationAllowed(vscode.l10n.t('reshard a stream'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Update Shard Count'));
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    if (details.mode === 'ON_DEMAND') {
      throw new UserFacingError(vscode.l10n.t('"{0}" is on-demand: Kinesis scales its shards itself. Switch it to provisioned to set a shard count.', stream));
    }
    const current = details.openShardCount;
    let targetCount: number;
    if (isProgrammatic(arg)) {
      targetCount = Number((arg as { targetShardCount?: number }).targetShardCount);
    } else {
      const { min, max } = shardCountRange(current);
      const picked = await vscode.window.showQuickPick(shardCountChoices(current).map((n) => {
        const factor = (n / current).toFixed(2);
        return { label: String(n), description: n > current ? vscode.l10n.t('scale up ×{0}', factor) : vscode.l10n.t('scale down ×{0}', factor) };
      }), {
        title: vscode.l10n.t('Update Shard Count of "{0}" (now {1})', stream, current),
        placeHolder: vscode.l10n.t('UpdateShardCount allows {0}–{1} (½× to 2× the current count), at most 10 times per rolling 24 hours', min, max),
      });
      if (!picked) {
        return undefined;
      }
      targetCount = Number(picked.label);
      const preflight = await this.#preflight(target, stream, details, { kind: 'updateShardCount', targetShardCount: targetCount });
      await confirmModal(vscode.l10n.t('Change "{0}" from {1} to {2} shards?', stream, current, targetCount),
        `${vscode.l10n.t('Resharding takes a while; the stream stays readable and writable, and consumers follow the new shards. This uses one of the 10 scalings allowed per rolling 24 hours.')}\n\n${preflight}`,
        vscode.l10n.t('Update Shard Count'));
    }
    const parents = openShards(await this.ctx.gateway.listShards(target, stream)).map((s) => s.shardId);
    const problem = validateTargetShardCount(targetCount, current);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const after = await this.ctx.progress(vscode.l10n.t('Updating "{0}" to {1} shards…', stream, targetCount), async (signal) => {
      await this.ctx.gateway.updateShardCount(target, stream, targetCount, { signal });
      const active = await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
      await this.#trackDrain(target, stream, parents, signal, !isProgrammatic(arg));
      return active;
    });
    this.ctx.updated(region, stream);
    return after;
  }

  async splitShard(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('split a shard'));
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Split Shard'));
    const target = this.ctx.target(region);
    const open = openShards(await this.ctx.gateway.listShards(target, stream));
    let shard = open.find((s) => s.shardId === invocation.shardId);
    if (!shard && !isProgrammatic(arg)) {
      const picked = await vscode.window.showQuickPick(open.map((s) => ({ label: s.shardId, description: `${s.startingHashKey} – ${s.endingHashKey}`, shard: s })),
        { title: vscode.l10n.t('Split a shard of "{0}"', stream), placeHolder: vscode.l10n.t('Choose the open shard to split') });
      shard = picked?.shard;
    }
    if (!shard) {
      if (isProgrammatic(arg) || invocation.shardId) {
        throw new UserFacingError(vscode.l10n.t('"{0}" is not an open shard of "{1}". Open shards: {2}.', invocation.shardId ?? vscode.l10n.t('(none)'), stream, open.map((s) => s.shardId).join(', ')));
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
    if (!isProgrammatic(arg)) {
      const preflight = await this.#preflight(target, stream, undefined, { kind: 'splitShard', shardId });
      await confirmModal(vscode.l10n.t('Split {0} at {1}?', shardId, newStartingHashKey),
        `${vscode.l10n.t('The shard closes and two child shards take its hash-key range.')}\n\n${preflight}`, vscode.l10n.t('Split Shard'));
    }
    await this.ctx.progress(vscode.l10n.t('Splitting {0}…', shardId), async (signal) => {
      await this.ctx.gateway.splitShard(target, stream, shardId, newStartingHashKey, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
      await this.#trackDrain(target, stream, [shardId], signal, !isProgrammatic(arg));
    });
    this.ctx.updated(region, stream);
  }

  /** The midpoint or a typed hash key; undefined when the user cancelled. */
  async #askSplitKey(shard: ShardInfo): Promise<string | undefined> {
    const where = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('At the midpoint'), description: vscode.l10n.t('two shards of equal hash-key ranges'), mid: true },
      { label: vscode.l10n.t('At a hash key…'), description: vscode.l10n.t('for a hot key range'), mid: false },
    ], { title: vscode.l10n.t('Split {0}', shard.shardId), placeHolder: vscode.l10n.t('Where should the new shard start?') });
    if (!where) {
      return undefined;
    }
    if (where.mid) {
      return midpointHashKey(shard);
    }
    return askSingleText(vscode.l10n.t('Split {0}', shard.shardId), {
      prompt: vscode.l10n.t('New starting hash key, greater than {0} and at most {1}', shard.startingHashKey, shard.endingHashKey),
      validate: (v) => validateSplitKey(v, shard),
    });
  }

  async mergeShards(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('merge shards'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Merge Shards'));
    const target = this.ctx.target(region);
    const pairs = adjacentPairs(openShards(await this.ctx.gateway.listShards(target, stream)));
    let pair: [ShardInfo, ShardInfo] | undefined;
    if (isProgrammatic(arg)) {
      const { shardId, adjacentShardId } = arg as { shardId?: string; adjacentShardId?: string };
      pair = pairs.find(([a, b]) => (a.shardId === shardId && b.shardId === adjacentShardId) || (b.shardId === shardId && a.shardId === adjacentShardId));
      if (!pair) {
        const notAdjacent = vscode.l10n.t('{0} and {1} are not adjacent open shards of "{2}": only shards whose hash-key ranges touch can merge.', String(shardId), String(adjacentShardId), stream);
        throw new UserFacingError(pairs.length
          ? `${notAdjacent} ${vscode.l10n.t('Adjacent pairs: {0}.', pairs.map(([a, b]) => `${a.shardId}+${b.shardId}`).join(', '))}`
          : notAdjacent);
      }
    } else {
      if (pairs.length === 0) {
        throw new UserFacingError(vscode.l10n.t('"{0}" has no adjacent open shards to merge (it needs at least two open shards whose hash-key ranges touch).', stream));
      }
      const picked = await vscode.window.showQuickPick(pairs.map((p) => ({ label: `${p[0].shardId} + ${p[1].shardId}`, description: `${p[0].startingHashKey} – ${p[1].endingHashKey}`, pair: p })),
        { title: vscode.l10n.t('Merge shards of "{0}"', stream), placeHolder: vscode.l10n.t('Only adjacent pairs (touching hash-key ranges) can merge') });
      if (!picked) {
        return;
      }
      pair = picked.pair;
      const preflight = await this.#preflight(target, stream, undefined, { kind: 'mergeShards', shardId: pair[0].shardId, adjacentShardId: pair[1].shardId });
      await confirmModal(vscode.l10n.t('Merge {0} and {1}?', pair[0].shardId, pair[1].shardId),
        `${vscode.l10n.t('Both shards close and one child shard takes their combined hash-key range.')}\n\n${preflight}`, vscode.l10n.t('Merge Shards'));
    }
    const [first, second] = pair;
    await this.ctx.progress(vscode.l10n.t('Merging {0} and {1}…', first.shardId, second.shardId), async (signal) => {
      await this.ctx.gateway.mergeShards(target, stream, first.shardId, second.shardId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
      await this.#trackDrain(target, stream, [first.shardId, second.shardId], signal, !isProgrammatic(arg));
    });
    this.ctx.updated(region, stream);
  }

  /**
   * The Stream Doctor's reshard preflight for the confirmation: the UpdateShardCount budget left (from
   * the shard history), the registered consumers and the parents that will drain. Consumer lag and KCL
   * applications need CloudWatch and a lease table, which the wizard does not read (the CLI does).
   */
  async #preflight(target: ConnectionTarget, stream: string, known: StreamDetails | undefined, operation: ReshardOperation): Promise<string> {
    const details = known ?? await this.ctx.gateway.describeStream(target, stream);
    const [shards, consumers] = await Promise.all([
      this.ctx.gateway.listShards(target, stream),
      details.arn ? this.ctx.gateway.listConsumers(target, details.arn) : Promise.resolve([]),
    ]);
    const preflight = reshardPreflight({ stream, shards, operation, consumerNames: consumers.map((c) => c.name) });
    return [vscode.l10n.t('Stream Doctor preflight:'), ...(preflight.blocker ? [preflight.blocker] : []), ...preflight.lines.map((line) => `• ${line}`)].join('\n');
  }

  /** Follows the parents into their children; tells an interactive user where things stand. */
  async #trackDrain(target: ConnectionTarget, stream: string, parents: readonly string[], signal: AbortSignal, tell: boolean): Promise<void> {
    const status = await trackDrain(this.ctx.gateway, target, stream, parents, { signal, intervalMs: 2_000, timeoutMs: 120_000 });
    if (!tell) return;
    const message = status.done
      ? vscode.l10n.t('{0}: {1} parent shard(s) closed; their children {2} are open. Consumers move on once they reach the end of each parent.', stream, status.parentsClosed, status.children.join(', '))
      : vscode.l10n.t('{0}: {1} of {2} parent shard(s) closed so far; the children are still being created.', stream, status.parentsClosed, status.parents);
    void vscode.window.showInformationMessage(message);
  }
}
