import * as vscode from 'vscode';
import { describeNewStream } from '../../core/analysis/baseCost';
import type { StreamDetails, StreamMode } from '../../core/kinesis/gateway';
import { parseTags } from '../../core/kinesis/tags';
import {
  MAX_RETENTION_HOURS, MIN_RETENTION_HOURS, validateRetentionHours, validateShardCount, validateStreamName, validateTags,
  validateWholeNumberText,
} from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askPick, askText, confirmModal, runWizard, storeStep } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { isProgrammatic, type StreamRef } from './streamArgs';

export interface CreateStreamArgs {
  readonly region?: string;
  readonly name: string;
  readonly mode?: StreamMode;
  readonly shardCount?: number;
  readonly tags?: Readonly<Record<string, string>>;
  readonly retentionHours?: number;
}

export interface DeleteStreamArgs extends StreamRef {
  /** Must repeat the stream name: a programmatic delete is as deliberate as a typed one. */
  readonly confirmName: string;
  readonly enforceConsumerDeletion?: boolean;
}

type CreateInput = Required<Omit<CreateStreamArgs, 'region' | 'shardCount'>> & { shardCount?: number };

/** Create Stream and Delete Stream. */
export class LifecycleWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  async createStream(arg?: CreateStreamArgs): Promise<StreamDetails | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('create a stream'));
    const region = this.ctx.region(arg?.region);
    const input = isProgrammatic(arg) && arg
      ? { name: arg.name, mode: arg.mode ?? 'PROVISIONED', shardCount: arg.shardCount ?? (arg.mode === 'ON_DEMAND' ? undefined : 1), tags: arg.tags ?? {}, retentionHours: arg.retentionHours ?? 24 }
      : await this.#askCreate(region);
    if (!input) {
      return undefined;
    }
    const problem = validateStreamName(input.name)
      ?? (input.mode === 'PROVISIONED' ? validateShardCount(input.shardCount ?? NaN) : undefined)
      ?? validateRetentionHours(input.retentionHours)
      ?? validateTags(input.tags);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.ctx.target(region);
    const details = await this.ctx.progress(vscode.l10n.t('Creating stream "{0}" in {1}…', input.name, region), async (signal) => {
      await this.ctx.gateway.createStream(target, { name: input.name, mode: input.mode, shardCount: input.shardCount, tags: input.tags, retentionHours: input.retentionHours }, { signal });
      return this.ctx.gateway.waitForActive(target, input.name, 120_000, { signal });
    });
    this.ctx.announce({ kind: 'created', region, stream: input.name });
    void vscode.window.showInformationMessage(vscode.l10n.t('Stream "{0}" is {1} in {2}.', input.name, details.status, region));
    return details;
  }

  async #askCreate(region: string): Promise<CreateInput | undefined> {
    const existing = new Set((await this.ctx.gateway.listStreams(this.ctx.target(region))).map((s) => s.name));
    const state = { name: '', mode: 'PROVISIONED' as StreamMode, shardCount: 1, tags: {} as Record<string, string>, retentionHours: 24, tagText: '' };
    const ok = await runWizard(vscode.l10n.t('Create Stream in {0}', region), state, [
      async (s, p) => storeStep(await askText(p, {
        prompt: vscode.l10n.t('Stream name: letters, digits, _ . - (1–128 characters), unique in the region'), value: s.name,
        validate: (v) => validateStreamName(v) ?? (existing.has(v) ? vscode.l10n.t('A stream named "{0}" already exists in {1}.', v, region) : undefined),
      }), (v) => { s.name = v; }),
      async (s, p) => storeStep(await askPick(p, [
        { label: vscode.l10n.t('Provisioned'), description: vscode.l10n.t('you choose the shard count; cheapest for steady traffic'), mode: 'PROVISIONED' as StreamMode },
        { label: vscode.l10n.t('On-demand'), description: vscode.l10n.t('scales automatically; for spiky or unknown traffic'), mode: 'ON_DEMAND' as StreamMode },
      ], { placeholder: vscode.l10n.t('Capacity mode') }), (v) => { s.mode = v.mode; }),
      async (s, p) => s.mode === 'ON_DEMAND' ? 'next' : storeStep(await askText(p, {
        prompt: vscode.l10n.t('Number of shards (each takes 1,000 records/s or 1 MiB/s of writes)'), value: String(s.shardCount),
        validate: (v) => validateWholeNumberText(v) ?? validateShardCount(Number(v)),
      }), (v) => { s.shardCount = Number(v); }),
      async (s, p) => storeStep(await askText(p, {
        prompt: vscode.l10n.t('Retention in hours ({0}–{1}); more than 24 h costs extra', MIN_RETENTION_HOURS, MAX_RETENTION_HOURS), value: String(s.retentionHours),
        validate: (v) => validateWholeNumberText(v) ?? validateRetentionHours(Number(v)),
      }), (v) => { s.retentionHours = Number(v); }),
      async (s, p) => storeStep(await askText(p, {
        prompt: vscode.l10n.t('Tags (optional): key=value, separated by commas'), value: s.tagText, placeholder: vscode.l10n.t('team=analytics, env=dev'),
        validate: (v) => parseTags(v).problem,
      }), (v) => { s.tagText = v; s.tags = parseTags(v).tags; }),
      async (s) => {
        await confirmModal(vscode.l10n.t('Create stream "{0}" in {1}?', s.name, region), describeNewStream(s, this.ctx.priceTable), vscode.l10n.t('Create Stream'));
        return 'next';
      },
    ]);
    if (!ok) {
      return undefined;
    }
    return { name: state.name, mode: state.mode, shardCount: state.mode === 'ON_DEMAND' ? undefined : state.shardCount, tags: state.tags, retentionHours: state.retentionHours };
  }

  async deleteStream(arg?: unknown): Promise<boolean> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('delete a stream'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Delete Stream'));
    let enforceConsumerDeletion: boolean | undefined;
    if (isProgrammatic(arg)) {
      const args = arg as Partial<DeleteStreamArgs>;
      if (args.confirmName !== stream) {
        throw new UserFacingError(vscode.l10n.t('To delete "{0}", pass confirmName: "{0}". Deleting a stream destroys its data and cannot be undone.', stream));
      }
      enforceConsumerDeletion = args.enforceConsumerDeletion ?? false;
    } else {
      enforceConsumerDeletion = await this.#askDelete(region, stream);
      if (enforceConsumerDeletion === undefined) {
        return false;
      }
    }
    await this.ctx.progress(vscode.l10n.t('Deleting stream "{0}"…', stream), (signal) => this.ctx.gateway.deleteStream(this.ctx.target(region), stream, enforceConsumerDeletion, { signal }));
    this.ctx.announce({ kind: 'deleted', region, stream });
    void vscode.window.showInformationMessage(vscode.l10n.t('Stream "{0}" is being deleted from {1}.', stream, region));
    return true;
  }

  /** Whether to deregister the stream's consumers with it; undefined when the user cancelled. */
  async #askDelete(region: string, stream: string): Promise<boolean | undefined> {
    const details = await this.ctx.gateway.describeStream(this.ctx.target(region), stream);
    const state = { consumers: false };
    const ok = await runWizard(vscode.l10n.t('Delete Stream "{0}"', stream), state, [
      async (_s, p) => storeStep(await askText(p, {
        prompt: vscode.l10n.t('Type the stream name to delete it. Its records are destroyed and cannot be recovered.'), placeholder: stream,
        validate: (v) => v === stream ? undefined : vscode.l10n.t('Type "{0}" exactly to confirm.', stream),
      }), () => undefined),
      async (s, p) => details.consumerCount === 0 ? 'next' : storeStep(await askPick(p, [
        { label: vscode.l10n.t('Also deregister its consumers'), description: vscode.l10n.t('{0} enhanced fan-out consumer(s)', details.consumerCount), value: true },
        { label: vscode.l10n.t('Keep consumers: cancel if any exist'), description: vscode.l10n.t('AWS refuses to delete a stream with consumers'), value: false },
      ], { placeholder: vscode.l10n.t('"{0}" has {1} registered consumer(s)', stream, details.consumerCount) }), (v) => { s.consumers = v.value; }),
    ]);
    return ok ? state.consumers : undefined;
  }
}
