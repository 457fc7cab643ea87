import * as vscode from 'vscode';
import { getPriceTable } from '../../core/analysis/cost';
import { DEFAULT_MAX_RECORD_BYTES, RAISED_MAX_RECORD_BYTES } from '../../core/analysis/limits';
import { formatUsd } from '../../core/analysis/format';
import type { ConnectionTarget, KinesisGateway, PutRecordResult, ShardInfo, StreamDetails, StreamMode } from '../../core/kinesis/gateway';
import { encodeRecordData, RECORD_ENCODINGS, validateRecordData, type RecordEncoding } from '../../core/kinesis/recordData';
import {
  MAX_RETENTION_HOURS, MAX_TAGS_PER_STREAM, MIN_RETENTION_HOURS, SHARD_LEVEL_METRICS, validateConsumerName, validateHashKey,
  validateKmsKeyId, validatePartitionKey, validateRetentionHours, validateShardCount, validateStreamName, validateTags,
  validateTargetShardCount,
} from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import { askPick, askText, BACK, confirmModal, runWizard } from '../../platform/wizard';
import type { ConnectionManager } from '../../services/connectionManager';
import type { ExplorerModel } from '../explorer/explorerModel';
import { invocationTarget, isProgrammatic, requireRegion, resolveStream, type StreamRef } from './streamArgs';
import { errorMessage } from '../../core/errorMessage';

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

export interface PutRecordArgs extends StreamRef {
  readonly partitionKey: string;
  /** Text, JSON text, base64, or a file path, as `encoding` says. */
  readonly data: string;
  readonly encoding?: RecordEncoding;
  readonly explicitHashKey?: string;
}

export interface PutRecordOutcome extends PutRecordResult {
  readonly stream: string;
  readonly region: string;
}

const HASH_KEY_MAX = (1n << 128n) - 1n;

/**
 * Every stream operation, interactive (multi-step input with back/next and inline validation) or
 * programmatic (an argument object, as tests and the chat tools pass). Mutations check the guard
 * first, validate everything before any call, show progress, and refresh the explorer.
 */
export class StreamOperations {
  constructor(
    private readonly gateway: KinesisGateway,
    private readonly connections: ConnectionManager,
    private readonly explorer: ExplorerModel,
    private readonly guard: MutationGuard,
  ) {}

  // ---- create / delete --------------------------------------------------------------------------

  async createStream(arg?: CreateStreamArgs): Promise<StreamDetails | undefined> {
    this.guard.assertMutationAllowed('create a stream');
    const region = this.#region(arg?.region);
    let input: Required<Omit<CreateStreamArgs, 'region' | 'shardCount'>> & { shardCount?: number };
    if (isProgrammatic(arg) && arg) {
      input = { name: arg.name, mode: arg.mode ?? 'PROVISIONED', shardCount: arg.shardCount ?? (arg.mode === 'ON_DEMAND' ? undefined : 1), tags: arg.tags ?? {}, retentionHours: arg.retentionHours ?? 24 };
    } else {
      const existing = new Set((await this.gateway.listStreams(this.#target(region))).map((s) => s.name));
      const state = { name: '', mode: 'PROVISIONED' as StreamMode, shardCount: 1, tags: {} as Record<string, string>, retentionHours: 24, tagText: '' };
      const ok = await runWizard(`Create Stream in ${region}`, state, [
        async (s, p) => this.#step(await askText(p, {
          prompt: 'Stream name: letters, digits, _ . - (1–128 characters), unique in the region', value: s.name,
          validate: (v) => validateStreamName(v) ?? (existing.has(v) ? `A stream named "${v}" already exists in ${region}.` : undefined),
        }), (v) => { s.name = v; }),
        async (s, p) => this.#step(await askPick(p, [
          { label: 'Provisioned', description: 'you choose the shard count; cheapest for steady traffic', mode: 'PROVISIONED' as StreamMode },
          { label: 'On-demand', description: 'scales automatically; for spiky or unknown traffic', mode: 'ON_DEMAND' as StreamMode },
        ], { placeholder: 'Capacity mode' }), (v) => { s.mode = v.mode; }),
        async (s, p) => s.mode === 'ON_DEMAND' ? 'next' : this.#step(await askText(p, {
          prompt: 'Number of shards (each takes 1,000 records/s or 1 MiB/s of writes)', value: String(s.shardCount),
          validate: (v) => validateWholeNumber(v) ?? validateShardCount(Number(v)),
        }), (v) => { s.shardCount = Number(v); }),
        async (s, p) => this.#step(await askText(p, {
          prompt: `Retention in hours (${MIN_RETENTION_HOURS}–${MAX_RETENTION_HOURS}); more than 24 h costs extra`, value: String(s.retentionHours),
          validate: (v) => validateWholeNumber(v) ?? validateRetentionHours(Number(v)),
        }), (v) => { s.retentionHours = Number(v); }),
        async (s, p) => this.#step(await askText(p, {
          prompt: 'Tags (optional): key=value, separated by commas', value: s.tagText, placeholder: 'team=analytics, env=dev',
          validate: (v) => parseTags(v).problem,
        }), (v) => { s.tagText = v; s.tags = parseTags(v).tags; }),
        async (s) => {
          const cost = estimateBaseMonthlyCost(s.mode, s.shardCount, s.retentionHours);
          await confirmModal(`Create stream "${s.name}" in ${region}?`,
            `${s.mode === 'ON_DEMAND' ? 'On-demand' : `Provisioned, ${s.shardCount} shard${s.shardCount === 1 ? '' : 's'}`}, retention ${s.retentionHours} h` +
            `${Object.keys(s.tags).length ? `, tags ${Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}.\n\n` +
            `Estimated cost before traffic: ${cost}. Data in and out is billed on top (see the Architect panel for a full estimate).`, 'Create Stream');
          return 'next';
        },
      ]);
      if (!ok) {
        return undefined;
      }
      input = { name: state.name, mode: state.mode, shardCount: state.mode === 'ON_DEMAND' ? undefined : state.shardCount, tags: state.tags, retentionHours: state.retentionHours };
    }
    const problem = validateStreamName(input.name)
      ?? (input.mode === 'PROVISIONED' ? validateShardCount(input.shardCount ?? NaN) : undefined)
      ?? validateRetentionHours(input.retentionHours)
      ?? validateTags(input.tags);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.#target(region);
    const details = await this.#progress(`Creating stream "${input.name}" in ${region}…`, async (signal) => {
      await this.gateway.createStream(target, { name: input.name, mode: input.mode, shardCount: input.shardCount, tags: input.tags, retentionHours: input.retentionHours }, { signal });
      return this.gateway.waitForActive(target, input.name, 120_000, { signal });
    });
    this.explorer.refresh(this.explorer.roots().find((r) => r.region === region));
    void vscode.window.showInformationMessage(`Stream "${input.name}" is ${details.status} in ${region}.`);
    return details;
  }

  async deleteStream(arg?: unknown): Promise<boolean> {
    this.guard.assertMutationAllowed('delete a stream');
    const { region, stream } = await this.#streamFrom(arg, 'Delete Stream');
    let enforceConsumerDeletion = false;
    if (isProgrammatic(arg)) {
      const args = arg as Partial<DeleteStreamArgs>;
      if (args.confirmName !== stream) {
        throw new UserFacingError(`To delete "${stream}", pass confirmName: "${stream}". Deleting a stream destroys its data and cannot be undone.`);
      }
      enforceConsumerDeletion = args.enforceConsumerDeletion ?? false;
    } else {
      const details = await this.gateway.describeStream(this.#target(region), stream);
      const state = { consumers: false };
      const ok = await runWizard(`Delete Stream "${stream}"`, state, [
        async (_s, p) => this.#step(await askText(p, {
          prompt: `Type the stream name to delete it. Its records are destroyed and cannot be recovered.`, placeholder: stream,
          validate: (v) => v === stream ? undefined : `Type "${stream}" exactly to confirm.`,
        }), () => undefined),
        async (s, p) => details.consumerCount === 0 ? 'next' : this.#step(await askPick(p, [
          { label: 'Also deregister its consumers', description: `${details.consumerCount} enhanced fan-out consumer(s)`, value: true },
          { label: 'Keep consumers: cancel if any exist', description: 'AWS refuses to delete a stream with consumers', value: false },
        ], { placeholder: `"${stream}" has ${details.consumerCount} registered consumer(s)` }), (v) => { s.consumers = v.value; }),
      ]);
      if (!ok) {
        return false;
      }
      enforceConsumerDeletion = state.consumers;
    }
    await this.#progress(`Deleting stream "${stream}"…`, (signal) => this.gateway.deleteStream(this.#target(region), stream, enforceConsumerDeletion, { signal }));
    this.explorer.refresh(this.explorer.roots().find((r) => r.region === region));
    void vscode.window.showInformationMessage(`Stream "${stream}" is being deleted from ${region}.`);
    return true;
  }

  // ---- records ----------------------------------------------------------------------------------

  async putRecord(arg?: unknown): Promise<PutRecordOutcome | undefined> {
    this.guard.assertMutationAllowed('put a record');
    const { region, stream } = await this.#streamFrom(arg, 'Put Record');
    let input: { partitionKey: string; data: string; encoding: RecordEncoding; explicitHashKey?: string };
    if (isProgrammatic(arg)) {
      const args = arg as Partial<PutRecordArgs>;
      input = { partitionKey: args.partitionKey ?? '', data: args.data ?? '', encoding: args.encoding ?? 'text', explicitHashKey: args.explicitHashKey || undefined };
    } else {
      const state = { partitionKey: '', encoding: 'text' as RecordEncoding, data: '', explicitHashKey: '' };
      const ok = await runWizard(`Put Record into "${stream}"`, state, [
        async (s, p) => this.#step(await askText(p, { prompt: 'Partition key (1–256 characters): records with the same key go to the same shard, in order', value: s.partitionKey, validate: validatePartitionKey }), (v) => { s.partitionKey = v; }),
        async (s, p) => this.#step(await askPick(p, RECORD_ENCODINGS.map((e) => ({ label: e, description: ENCODING_HELP[e] })), { placeholder: 'How should the data be encoded? (never guessed)' }), (v) => { s.encoding = v.label as RecordEncoding; }),
        async (s, p) => {
          if (s.encoding === 'file') {
            const [file] = await vscode.window.showOpenDialog({ title: 'File whose bytes become the record', canSelectMany: false }) ?? [];
            if (!file) {
              return BACK;
            }
            s.data = file.fsPath;
            return 'next';
          }
          return this.#step(await askText(p, { prompt: `Data (${s.encoding})`, value: s.data, validate: (v) => validateRecordData(v, s.encoding) }), (v) => { s.data = v; });
        },
        async (s, p) => this.#step(await askText(p, { prompt: 'Explicit hash key (optional, decimal 0 – 2^128-1): overrides the partition key\'s shard', value: s.explicitHashKey, validate: (v) => v ? validateHashKey(v) : undefined }), (v) => { s.explicitHashKey = v; }),
      ]);
      if (!ok) {
        return undefined;
      }
      input = { partitionKey: state.partitionKey, data: state.data, encoding: state.encoding, explicitHashKey: state.explicitHashKey || undefined };
    }
    const problem = validatePartitionKey(input.partitionKey) ?? (input.explicitHashKey ? validateHashKey(input.explicitHashKey) : undefined);
    if (problem) {
      throw new UserFacingError(problem);
    }
    let data: Uint8Array;
    try {
      data = await encodeRecordData(input.data, input.encoding, async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)), RAISED_MAX_RECORD_BYTES);
    } catch (error) {
      throw new UserFacingError(errorMessage(error));
    }
    if (data.byteLength > DEFAULT_MAX_RECORD_BYTES) {
      // Only a stream whose maximum record size was raised takes more than 1 MiB: check before sending.
      const details = await this.gateway.describeStream(this.#target(region), stream);
      const limit = (details.maxRecordSizeKiB ?? DEFAULT_MAX_RECORD_BYTES / 1024) * 1024;
      if (data.byteLength > limit) {
        throw new UserFacingError(`The record is ${data.byteLength.toLocaleString('en-US')} bytes, but "${stream}" takes at most ${limit.toLocaleString('en-US')} bytes (its maximum record size). Raise the stream's maximum (UpdateMaxRecordSize, up to 10 MiB) or send less.`);
      }
    }
    const result = await this.#progress(`Putting a record into "${stream}"…`, (signal) => this.gateway.putRecord(this.#target(region), { stream, partitionKey: input.partitionKey, data, explicitHashKey: input.explicitHashKey }, { signal }));
    void vscode.window.showInformationMessage(`Record stored in ${result.shardId}, sequence number ${result.sequenceNumber}.`);
    return { ...result, stream, region };
  }

  // ---- tags -------------------------------------------------------------------------------------

  async addTags(arg?: unknown): Promise<Record<string, string> | undefined> {
    this.guard.assertMutationAllowed('tag a stream');
    const { region, stream } = await this.#streamFrom(arg, 'Add Tags');
    const target = this.#target(region);
    let tags: Record<string, string>;
    if (isProgrammatic(arg)) {
      tags = { ...((arg as { tags?: Record<string, string> }).tags ?? {}) };
    } else {
      const text = await askText({ title: `Add Tags to "${stream}"`, step: 1, totalSteps: 1 }, {
        prompt: 'Tags as key=value, separated by commas (keys 1–128 characters, values 0–256)', placeholder: 'dept=fin, env=prod',
        validate: (v) => v.trim() ? parseTags(v).problem : 'Enter at least one key=value pair.',
      });
      if (text === BACK) {
        return undefined;
      }
      tags = parseTags(text).tags;
    }
    if (Object.keys(tags).length === 0) {
      throw new UserFacingError('Give at least one tag (key=value).');
    }
    const existing = await this.gateway.listTags(target, stream);
    const merged = { ...existing, ...tags };
    const problem = validateTags(tags) ?? (Object.keys(merged).length > MAX_TAGS_PER_STREAM
      ? `A stream can have at most ${MAX_TAGS_PER_STREAM} tags; "${stream}" would have ${Object.keys(merged).length}.` : undefined);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.#progress(`Tagging "${stream}"…`, (signal) => this.gateway.addTags(target, stream, tags, { signal }));
    await this.#refreshStream(region, stream);
    return merged;
  }

  async removeTags(arg?: unknown): Promise<string[] | undefined> {
    this.guard.assertMutationAllowed('remove tags');
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.#streamFrom(arg, 'Remove Tags');
    const target = this.#target(region);
    let keys: string[];
    if (isProgrammatic(arg)) {
      keys = [...((arg as { keys?: string[] }).keys ?? [])];
    } else if (invocation.tagKey) {
      keys = [invocation.tagKey];
    } else {
      const existing = await this.gateway.listTags(target, stream);
      if (Object.keys(existing).length === 0) {
        throw new UserFacingError(`"${stream}" has no tags.`);
      }
      const picked = await vscode.window.showQuickPick(Object.entries(existing).map(([key, value]) => ({ label: key, description: value })),
        { title: `Remove Tags from "${stream}"`, canPickMany: true, placeHolder: 'Choose the tags to remove' });
      if (!picked?.length) {
        return undefined;
      }
      keys = picked.map((p) => p.label);
    }
    if (keys.length === 0) {
      throw new UserFacingError('Name at least one tag key to remove.');
    }
    await this.#progress(`Removing tags from "${stream}"…`, (signal) => this.gateway.removeTags(target, stream, keys, { signal }));
    await this.#refreshStream(region, stream);
    return keys;
  }

  async listTags(arg?: unknown): Promise<Record<string, string>> {
    const { region, stream } = await this.#streamFrom(arg, 'List Tags');
    const tags = await this.gateway.listTags(this.#target(region), stream);
    if (!isProgrammatic(arg)) {
      const entries = Object.entries(tags);
      void vscode.window.showQuickPick(entries.length ? entries.map(([key, value]) => ({ label: key, description: value })) : [{ label: 'No tags', description: '' }],
        { title: `Tags of "${stream}" (${entries.length})`, placeHolder: 'Tags (read-only view)' });
    }
    return tags;
  }

  // ---- resharding -------------------------------------------------------------------------------

  async updateShardCount(arg?: unknown): Promise<StreamDetails | undefined> {
    this.guard.assertMutationAllowed('reshard a stream');
    const { region, stream } = await this.#streamFrom(arg, 'Update Shard Count');
    const target = this.#target(region);
    const details = await this.gateway.describeStream(target, stream);
    if (details.mode === 'ON_DEMAND') {
      throw new UserFacingError(`"${stream}" is on-demand: Kinesis scales its shards itself. Switch it to provisioned to set a shard count.`);
    }
    const current = details.openShardCount;
    let targetCount: number;
    if (isProgrammatic(arg)) {
      targetCount = Number((arg as { targetShardCount?: number }).targetShardCount);
    } else {
      const min = Math.max(1, Math.ceil(current / 2));
      const max = current * 2;
      const options = [...new Set([min, ...range(min, max).filter((n) => n !== current && (max - min <= 12 || n === current * 2 || n === min || n % Math.ceil((max - min) / 12) === 0)), max])]
        .filter((n) => n !== current);
      const picked = await vscode.window.showQuickPick(options.map((n) => ({ label: String(n), description: n > current ? `scale up ×${(n / current).toFixed(2)}` : `scale down ×${(n / current).toFixed(2)}` })), {
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
    return this.#progress(`Updating "${stream}" to ${targetCount} shards…`, async (signal) => {
      await this.gateway.updateShardCount(target, stream, targetCount, { signal });
      const after = await this.gateway.waitForActive(target, stream, 300_000, { signal });
      await this.#refreshStream(region, stream);
      return after;
    });
  }

  async splitShard(arg?: unknown): Promise<void> {
    this.guard.assertMutationAllowed('split a shard');
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.#streamFrom(arg, 'Split Shard');
    const target = this.#target(region);
    const open = (await this.gateway.listShards(target, stream)).filter((s) => s.endingSequenceNumber === undefined);
    let shard = open.find((s) => s.shardId === invocation.shardId);
    let newStartingHashKey = isProgrammatic(arg) ? (arg as { newStartingHashKey?: string }).newStartingHashKey : undefined;
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
    if (!isProgrammatic(arg)) {
      const chosen = shard;
      const where = await vscode.window.showQuickPick([
        { label: 'At the midpoint', description: 'two shards of equal hash-key ranges', mid: true },
        { label: 'At a hash key…', description: 'for a hot key range', mid: false },
      ], { title: `Split ${chosen.shardId}`, placeHolder: 'Where should the new shard start?' });
      if (!where) {
        return;
      }
      if (!where.mid) {
        const key = await askText({ title: `Split ${chosen.shardId}`, step: 1, totalSteps: 1 }, {
          prompt: `New starting hash key, greater than ${chosen.startingHashKey} and at most ${chosen.endingHashKey}`,
          validate: (v) => validateSplitKey(v, chosen),
        });
        if (key === BACK) {
          return;
        }
        newStartingHashKey = key;
      }
    }
    newStartingHashKey ??= midpointHashKey(shard);
    const problem = validateSplitKey(newStartingHashKey, shard);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const shardId = shard.shardId;
    await this.#progress(`Splitting ${shardId}…`, async (signal) => {
      await this.gateway.splitShard(target, stream, shardId, newStartingHashKey!, { signal });
      await this.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    await this.#refreshStream(region, stream);
  }

  async mergeShards(arg?: unknown): Promise<void> {
    this.guard.assertMutationAllowed('merge shards');
    const { region, stream } = await this.#streamFrom(arg, 'Merge Shards');
    const target = this.#target(region);
    const pairs = adjacentPairs((await this.gateway.listShards(target, stream)).filter((s) => s.endingSequenceNumber === undefined));
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
    await this.#progress(`Merging ${first.shardId} and ${second.shardId}…`, async (signal) => {
      await this.gateway.mergeShards(target, stream, first.shardId, second.shardId, { signal });
      await this.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    await this.#refreshStream(region, stream);
  }

  // ---- stream settings --------------------------------------------------------------------------

  async setRetention(arg?: unknown): Promise<number | undefined> {
    this.guard.assertMutationAllowed('change retention');
    const { region, stream } = await this.#streamFrom(arg, 'Set Retention');
    const target = this.#target(region);
    let hours: number;
    if (isProgrammatic(arg)) {
      hours = Number((arg as { hours?: number }).hours);
    } else {
      const current = (await this.gateway.describeStream(target, stream)).retentionHours;
      const text = await askText({ title: `Retention of "${stream}" (now ${current} h)`, step: 1, totalSteps: 1 }, {
        prompt: `Hours to keep records, ${MIN_RETENTION_HOURS}–${MAX_RETENTION_HOURS}. Beyond 24 h is billed as extended retention.`, value: String(current),
        validate: (v) => validateWholeNumber(v) ?? validateRetentionHours(Number(v)),
      });
      if (text === BACK) {
        return undefined;
      }
      hours = Number(text);
    }
    const problem = validateRetentionHours(hours);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.#progress(`Setting retention of "${stream}" to ${hours} h…`, (signal) => this.gateway.setRetention(target, stream, hours, { signal }));
    await this.#refreshStream(region, stream);
    return hours;
  }

  async startEncryption(arg?: unknown): Promise<void> {
    this.guard.assertMutationAllowed('start encryption');
    const { region, stream } = await this.#streamFrom(arg, 'Start Encryption');
    let keyId = isProgrammatic(arg) ? (arg as { keyId?: string }).keyId ?? '' : '';
    if (!isProgrammatic(arg)) {
      const text = await askText({ title: `Encrypt "${stream}" at rest`, step: 1, totalSteps: 1 }, {
        prompt: 'KMS key: key id, key ARN, alias (alias/...) or alias ARN. alias/aws/kinesis is the AWS-managed key.', value: 'alias/aws/kinesis', validate: validateKmsKeyId,
      });
      if (text === BACK) {
        return;
      }
      keyId = text;
    }
    const problem = validateKmsKeyId(keyId);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.#target(region);
    await this.#progress(`Starting encryption of "${stream}"…`, async (signal) => {
      await this.gateway.startEncryption(target, stream, keyId, { signal });
      await this.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    await this.#refreshStream(region, stream);
  }

  async stopEncryption(arg?: unknown): Promise<void> {
    this.guard.assertMutationAllowed('stop encryption');
    const { region, stream } = await this.#streamFrom(arg, 'Stop Encryption');
    const target = this.#target(region);
    const details = await this.gateway.describeStream(target, stream);
    if (details.encryption !== 'KMS' || !details.keyId) {
      throw new UserFacingError(`"${stream}" is not encrypted, so there is nothing to stop.`);
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(`Stop encrypting "${stream}"?`, 'New records will be stored unencrypted; records already stored stay encrypted.', 'Stop Encryption');
    }
    const keyId = details.keyId;
    await this.#progress(`Stopping encryption of "${stream}"…`, async (signal) => {
      await this.gateway.stopEncryption(target, stream, keyId, { signal });
      await this.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    await this.#refreshStream(region, stream);
  }

  async switchStreamMode(arg?: unknown): Promise<StreamMode | undefined> {
    this.guard.assertMutationAllowed('switch capacity mode');
    const { region, stream } = await this.#streamFrom(arg, 'Switch Capacity Mode');
    const target = this.#target(region);
    const details = await this.gateway.describeStream(target, stream);
    const mode: StreamMode = isProgrammatic(arg) ? ((arg as { mode?: StreamMode }).mode ?? flip(details.mode)) : flip(details.mode);
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      throw new UserFacingError(`Mode must be PROVISIONED or ON_DEMAND, not "${String(mode)}".`);
    }
    if (mode === details.mode) {
      throw new UserFacingError(`"${stream}" is already ${mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}.`);
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(`Switch "${stream}" to ${mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}?`,
        `${mode === 'ON_DEMAND' ? 'Kinesis will scale shards for you and bill per GB.' : `The stream keeps its ${details.openShardCount} shards and is billed per shard-hour.`} A stream can switch modes twice per 24 hours.`,
        'Switch Mode');
    }
    await this.#progress(`Switching "${stream}" to ${mode}…`, async (signal) => {
      await this.gateway.updateStreamMode(target, details.arn, mode, { signal });
      await this.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    await this.#refreshStream(region, stream);
    return mode;
  }

  // ---- consumers and monitoring -----------------------------------------------------------------

  async registerConsumer(arg?: unknown): Promise<string | undefined> {
    this.guard.assertMutationAllowed('register a consumer');
    const { region, stream } = await this.#streamFrom(arg, 'Register Consumer');
    let name = isProgrammatic(arg) ? (arg as { consumerName?: string }).consumerName ?? '' : '';
    if (!isProgrammatic(arg)) {
      const text = await askText({ title: `Register an enhanced fan-out consumer on "${stream}"`, step: 1, totalSteps: 1 }, {
        prompt: 'Consumer name. Each consumer gets its own 2 MiB/s per shard, billed per consumer-shard-hour.', validate: validateConsumerName,
      });
      if (text === BACK) {
        return undefined;
      }
      name = text;
    }
    const problem = validateConsumerName(name);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.#target(region);
    const arn = (await this.gateway.describeStream(target, stream)).arn;
    await this.#progress(`Registering consumer "${name}"…`, (signal) => this.gateway.registerConsumer(target, arn, name, { signal }));
    await this.#refreshStream(region, stream);
    return name;
  }

  async deregisterConsumer(arg?: unknown): Promise<string | undefined> {
    this.guard.assertMutationAllowed('deregister a consumer');
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.#streamFrom(arg, 'Deregister Consumer');
    const target = this.#target(region);
    const arn = (await this.gateway.describeStream(target, stream)).arn;
    let name = invocation.consumerName;
    if (!name && !isProgrammatic(arg)) {
      const consumers = await this.gateway.listConsumers(target, arn);
      if (consumers.length === 0) {
        throw new UserFacingError(`"${stream}" has no registered consumers.`);
      }
      name = (await vscode.window.showQuickPick(consumers.map((c) => ({ label: c.name, description: c.status })), { title: `Deregister a consumer of "${stream}"` }))?.label;
      if (!name) {
        return undefined;
      }
    }
    if (!name) {
      throw new UserFacingError('Name the consumer to deregister (consumerName).');
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(`Deregister consumer "${name}"?`, 'Applications reading through it stop receiving records.', 'Deregister');
    }
    const consumerName = name;
    await this.#progress(`Deregistering consumer "${consumerName}"…`, (signal) => this.gateway.deregisterConsumer(target, arn, consumerName, { signal }));
    await this.#refreshStream(region, stream);
    return consumerName;
  }

  async setEnhancedMonitoring(arg?: unknown): Promise<readonly string[] | undefined> {
    this.guard.assertMutationAllowed('change enhanced monitoring');
    const { region, stream } = await this.#streamFrom(arg, 'Enhanced Monitoring');
    const target = this.#target(region);
    const current = new Set((await this.gateway.describeStream(target, stream)).enhancedMonitoring);
    let wanted: Set<string>;
    if (isProgrammatic(arg)) {
      const { metrics = [], enabled = true } = arg as { metrics?: string[]; enabled?: boolean };
      wanted = new Set(enabled ? [...current, ...metrics] : [...current].filter((m) => !metrics.includes(m)));
    } else {
      const picked = await vscode.window.showQuickPick(SHARD_LEVEL_METRICS.filter((m) => m !== 'ALL').map((m) => ({ label: m, picked: current.has(m) })),
        { title: `Shard-level metrics of "${stream}"`, canPickMany: true, placeHolder: 'Checked metrics are enabled (billed as CloudWatch custom metrics)' });
      if (!picked) {
        return undefined;
      }
      wanted = new Set(picked.map((p) => p.label));
    }
    const unknown = [...wanted].filter((m) => !SHARD_LEVEL_METRICS.includes(m as typeof SHARD_LEVEL_METRICS[number]));
    if (unknown.length) {
      throw new UserFacingError(`Unknown metric(s) ${unknown.join(', ')}. Use: ${SHARD_LEVEL_METRICS.join(', ')}.`);
    }
    const enable = [...wanted].filter((m) => !current.has(m));
    const disable = [...current].filter((m) => !wanted.has(m));
    await this.#progress(`Updating enhanced monitoring of "${stream}"…`, async (signal) => {
      if (enable.length) {
        await this.gateway.setEnhancedMonitoring(target, stream, enable, true, { signal });
      }
      if (disable.length) {
        await this.gateway.setEnhancedMonitoring(target, stream, disable, false, { signal });
      }
    });
    await this.#refreshStream(region, stream);
    return [...wanted];
  }

  async copyArn(arg?: unknown): Promise<string> {
    const { region, stream } = await this.#streamFrom(arg, 'Copy ARN');
    const arn = (await this.gateway.describeStream(this.#target(region), stream)).arn;
    await vscode.env.clipboard.writeText(arn);
    void vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
    return arn;
  }

  // ---- helpers ----------------------------------------------------------------------------------

  #region(region?: string): string {
    return requireRegion(this.connections, region);
  }

  #target(region: string): ConnectionTarget {
    return this.connections.targetFor(region);
  }

  #streamFrom(arg: unknown, title: string): Promise<{ region: string; stream: string }> {
    return resolveStream(this.gateway, this.connections, arg, title);
  }

  #step<T>(value: T | typeof BACK, store: (value: T) => void): 'next' | typeof BACK {
    if (value === BACK) {
      return BACK;
    }
    store(value);
    return 'next';
  }

  #progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return task(abort.signal);
    }));
  }

  async #refreshStream(region: string, stream: string): Promise<void> {
    const node = await this.explorer.findStream(region, stream).catch(() => undefined);
    this.explorer.refresh(node ?? this.explorer.roots().find((r) => r.region === region));
  }
}

const ENCODING_HELP: Record<RecordEncoding, string> = {
  text: 'UTF-8 text, sent as typed (default)',
  json: 'JSON, validated before sending',
  base64: 'binary data written as base64',
  file: 'the bytes of a file',
};

/** Parses "k=v, k2=v2"; an empty string is no tags. */
export function parseTags(text: string): { tags: Record<string, string>; problem?: string } {
  const tags: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      return { tags, problem: `"${part}" is not key=value.` };
    }
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { tags, problem: Object.keys(tags).length ? validateTags(tags) : undefined };
}

function validateWholeNumber(value: string): string | undefined {
  return /^\d+$/.test(value.trim()) ? undefined : 'Enter a whole number.';
}

export function midpointHashKey(shard: ShardInfo): string {
  const start = BigInt(shard.startingHashKey);
  const end = BigInt(shard.endingHashKey);
  return (start + (end - start + 1n) / 2n).toString();
}

function validateSplitKey(value: string, shard: ShardInfo): string | undefined {
  const problem = validateHashKey(value);
  if (problem) {
    return problem;
  }
  const key = BigInt(value);
  return key > BigInt(shard.startingHashKey) && key <= BigInt(shard.endingHashKey) && key <= HASH_KEY_MAX
    ? undefined
    : `The new starting hash key must be greater than ${shard.startingHashKey} and at most ${shard.endingHashKey} (inside ${shard.shardId}).`;
}

/** Open shards whose hash-key ranges touch, in keyspace order: the only pairs MergeShards accepts. */
export function adjacentPairs(open: readonly ShardInfo[]): [ShardInfo, ShardInfo][] {
  const sorted = [...open].sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
  const pairs: [ShardInfo, ShardInfo][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (BigInt(sorted[i].endingHashKey) + 1n === BigInt(sorted[i + 1].startingHashKey)) {
      pairs.push([sorted[i], sorted[i + 1]]);
    }
  }
  return pairs;
}

function flip(mode: StreamMode): StreamMode {
  return mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND';
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** Shard-hours (or on-demand stream-hours) plus extended retention, before any traffic: the seed's price table. */
function estimateBaseMonthlyCost(mode: StreamMode, shards: number, retentionHours: number): string {
  const prices = getPriceTable('seed');
  const hours = prices.hoursPerMonth;
  if (mode === 'ON_DEMAND') {
    return `${formatUsd(prices.onDemand.streamHour * hours)}/month for the stream (${hours} h × $${prices.onDemand.streamHour}/stream-hour)`;
  }
  const base = shards * hours * prices.shardHour;
  const retention = retentionHours > 24 ? shards * hours * prices.extendedRetentionShardHour : 0;
  return `${formatUsd(base + retention)}/month (${shards} shard × ${hours} h × $${prices.shardHour}` +
    `${retention ? ` + extended retention ${formatUsd(retention)}` : ''})`;
}
