/**
 * Applies a finding's fix through the existing stream operations (Split Shard, Merge Shards,
 * Enhanced Monitoring), after a modal confirmation that states the exact effect. Refused, before
 * anything is asked, while mutations are not allowed (read-only mode, restricted workspace). Fix
 * kinds that are guidance (salting a key, smoothing bursts, advice) or that no operation of ours
 * applies yet (UpdateEventSourceMapping) are previewed and copied, never applied.
 */
import * as vscode from 'vscode';
import type { Fix } from '../../core/doctor/findings';
import { errorMessage } from '../../core/errorMessage';
import { confirmModal } from '../../platform/wizard';
import type { DoctorFixOutcome } from '../../shared/doctorProtocol';

/** The operations a fix may call: the extension's StreamOperations (programmatic arguments). */
export interface FixOperations {
  splitShard(arg: { region: string; stream: string; shardId: string; newStartingHashKey: string }): Promise<void>;
  mergeShards(arg: { region: string; stream: string; shardId: string; adjacentShardId: string }): Promise<void>;
  setEnhancedMonitoring(arg: { region: string; stream: string; metrics: string[]; enabled: boolean }): Promise<readonly string[] | undefined>;
}

export interface FixContext {
  readonly region: string;
  readonly stream: string;
  readonly operations: FixOperations;
  /** Why mutations are refused now, or undefined. */
  readonly refusal: () => string | undefined;
}

/** True for the kinds the report can apply (the others are guidance to copy). */
export function isApplicableFix(fix: Fix | undefined): boolean {
  return fix?.kind === 'splitShard' || fix?.kind === 'mergeShards' || fix?.kind === 'setShardMetrics';
}

/** The confirmation of an applicable fix: [message, detail, button]. */
function confirmation(fix: Fix, stream: string): [string, string, string] | undefined {
  switch (fix.kind) {
    case 'splitShard':
      return [
        vscode.l10n.t('Split {0} of "{1}" at hash key {2}?', fix.shardId, stream, fix.newStartingHashKey),
        vscode.l10n.t('The shard closes and two child shards take its range: {0}. The stream gains one open shard (and its hourly cost); this is one of the 10 reshards allowed per rolling 24 hours.',
          fix.preview.map((c) => `${c.startingHashKey}–${c.endingHashKey} (${(c.share * 100).toFixed(1)}%)`).join(', ')),
        vscode.l10n.t('Split Shard'),
      ];
    case 'mergeShards':
      return [
        vscode.l10n.t('Merge {0} and {1} of "{2}"?', fix.shardId, fix.adjacentShardId, stream),
        vscode.l10n.t('Both shards close and one child shard takes their combined hash-key range; the stream has one open shard fewer.'),
        vscode.l10n.t('Merge Shards'),
      ];
    case 'setShardMetrics':
      return [
        vscode.l10n.t('Change the shard-level metrics of "{0}"?', stream),
        [
          fix.enable.length ? vscode.l10n.t('Enable: {0}.', fix.enable.join(', ')) : '',
          fix.disable.length ? vscode.l10n.t('Disable: {0}.', fix.disable.join(', ')) : '',
          vscode.l10n.t('Billed by CloudWatch as custom metrics: about ${0} a month.', fix.monthlyUsd.toFixed(2)),
        ].filter(Boolean).join(' '),
        vscode.l10n.t('Change Metrics'),
      ];
    default:
      return undefined;
  }
}

/**
 * Confirms and applies `fix`; never throws (the outcome says what happened). `confirmed` skips the
 * modal for a caller that has asked already (tests, other extensions), never the read-only check.
 */
export async function applyFix(index: number, fix: Fix | undefined, ctx: FixContext, confirmed = false): Promise<DoctorFixOutcome> {
  const outcome = (status: DoctorFixOutcome['status'], message: string): DoctorFixOutcome => ({ finding: index, status, message });
  const refusal = ctx.refusal();
  if (refusal) return outcome('refused', vscode.l10n.t('The fix was not applied: {0}', refusal));
  if (!fix || !isApplicableFix(fix)) return outcome('refused', vscode.l10n.t('This fix is guidance to follow in your producer or consumer; copy it from the preview.'));
  const [message, detail, button] = confirmation(fix, ctx.stream)!;
  const { region, stream, operations } = ctx;
  try {
    if (!confirmed) await confirmModal(message, detail, button);
    switch (fix.kind) {
      case 'splitShard':
        await operations.splitShard({ region, stream, shardId: fix.shardId, newStartingHashKey: fix.newStartingHashKey });
        return outcome('applied', vscode.l10n.t('Split {0} at {1}. Run the diagnosis again once producers have written to the new shards.', fix.shardId, fix.newStartingHashKey));
      case 'mergeShards':
        await operations.mergeShards({ region, stream, shardId: fix.shardId, adjacentShardId: fix.adjacentShardId });
        return outcome('applied', vscode.l10n.t('Merged {0} and {1}.', fix.shardId, fix.adjacentShardId));
      case 'setShardMetrics':
        if (fix.enable.length) await operations.setEnhancedMonitoring({ region, stream, metrics: [...fix.enable], enabled: true });
        if (fix.disable.length) await operations.setEnhancedMonitoring({ region, stream, metrics: [...fix.disable], enabled: false });
        return outcome('applied', vscode.l10n.t('Shard-level metrics of "{0}" updated.', stream));
      default:
        return outcome('refused', vscode.l10n.t('This fix cannot be applied from the report.'));
    }
  } catch (error) {
    if (error instanceof vscode.CancellationError) return outcome('cancelled', vscode.l10n.t('Nothing was changed.'));
    return outcome('failed', vscode.l10n.t('The fix failed: {0}. Nothing else was changed.', errorMessage(error)));
  }
}
