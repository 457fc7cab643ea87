import * as vscode from 'vscode';
import { estimateCapacity } from '../../core/analysis/capacity';
import { estimateMonthlyCost, getPriceTable } from '../../core/analysis/cost';
import { formatNumber, formatUsd } from '../../core/analysis/format';
import { resolveRegion } from '../../core/chat/regions';
import type { KinesisGateway, StreamMode } from '../../core/kinesis/gateway';
import { validateRecordData } from '../../core/kinesis/recordData';
import {
  validatePartitionKey, validateRetentionHours, validateShardCount, validateStreamName, validateTags,
} from '../../core/kinesis/validation';
import { parseRecordSize } from '../../core/requirements/valueParsers';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamOperations } from '../streams/streamOperations';
import { errorMessage } from '../../core/errorMessage';

/** What every tool needs; the tools reach Kinesis only through StreamOperations and the gateway. */
export interface ToolDeps {
  readonly operations: StreamOperations;
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly guard: MutationGuard;
  readonly settings: KinesisSettings;
}

/** Raised for input the model must correct; the message is written for the model to read and retry. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

const text = (value: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);

/** The region a tool call is for: its `region` input (a code or a city such as "Sydney") or the current one. */
function regionOf(deps: ToolDeps, input: { region?: unknown }): string {
  if (input.region !== undefined && input.region !== null && input.region !== '') {
    if (typeof input.region !== 'string') throw new ToolInputError('region must be a string such as "ap-southeast-2" or "Sydney".');
    const resolved = resolveRegion(input.region);
    if (!resolved.region) throw new ToolInputError(resolved.problem ?? `Unknown region "${input.region}".`);
    return resolved.region;
  }
  const current = deps.connections.current.region;
  if (!current) throw new ToolInputError('No region was given and none is selected. Pass region, for example "ap-southeast-2" or "Sydney".');
  return current;
}

/** "ap-southeast-2 on Local Kinesis (http://127.0.0.1:4567)" or "... with AWS profile dev". */
function whereText(deps: ToolDeps, region: string): string {
  const c = deps.connections.current;
  return c.kind === 'local' ? `${region} on Local Kinesis (${c.endpoint ?? 'local endpoint'})` : `${region} with AWS profile "${c.profile ?? 'default'}"${c.endpoint ? ` at ${c.endpoint}` : ''}`;
}

function requireString(value: unknown, name: string, validate?: (v: string) => string | undefined): string {
  if (typeof value !== 'string' || value === '') throw new ToolInputError(`${name} is required and must be a non-empty string.`);
  const problem = validate?.(value);
  if (problem) throw new ToolInputError(`${name}: ${problem}`);
  return value;
}

function requireTags(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ToolInputError('tags must be an object of key/value strings, for example {"dept": "fin"}.');
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ToolInputError(`The value of tag "${k}" must be a string.`);
    tags[k] = v;
  }
  if (!Object.keys(tags).length) throw new ToolInputError('tags must contain at least one key.');
  const problem = validateTags(tags);
  if (problem) throw new ToolInputError(problem);
  return tags;
}

/** Validates first (so a bad call is never confirmed), then checks read-only mode. */
function prepareMutation<T>(deps: ToolDeps, input: T, validate: (input: T) => void, describe: () => { title: string; effect: string; progress: string }): vscode.PreparedToolInvocation {
  try {
    validate(input);
  } catch (error) {
    // invoke() reports the problem to the model; there is nothing to confirm.
    return { invocationMessage: `Checking the request: ${errorMessage(error)}` };
  }
  if (deps.guard.refusal) return { invocationMessage: 'Refused: Kinesis Studio is not allowed to change anything right now.' };
  const { title, effect, progress } = describe();
  return { invocationMessage: progress, confirmationMessages: { title, message: new vscode.MarkdownString(effect) } };
}

/** Throws the guard's refusal, worded for the model, before anything is changed. */
function assertAllowed(deps: ToolDeps, action: string): void {
  deps.guard.assertMutationAllowed(action);
}

// ---- read-only tools ------------------------------------------------------------------------------

interface ListStreamsInput { region?: string }

export class ListStreamsTool implements vscode.LanguageModelTool<ListStreamsInput> {
  static readonly toolId = 'kinesis_listStreams';
  constructor(private readonly deps: ToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ListStreamsInput>): vscode.PreparedToolInvocation {
    let region = '';
    try {
      region = regionOf(this.deps, options.input ?? {});
    } catch {
      // reported by invoke
    }
    return { invocationMessage: `Listing Kinesis streams${region ? ` in ${region}` : ''}` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<ListStreamsInput>, _token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const region = regionOf(this.deps, options.input ?? {});
    const streams = await this.deps.gateway.listStreams(this.deps.connections.targetFor(region));
    if (!streams.length) return text(`There are no streams in ${whereText(this.deps, region)}.`);
    return text(`${streams.length} stream(s) in ${whereText(this.deps, region)}:\n${streams.map((s) => `- ${s.name}${s.status ? ` (${s.status}${s.mode ? `, ${s.mode}` : ''})` : ''}`).join('\n')}`);
  }
}

interface DescribeStreamInput { stream: string; region?: string }

export class DescribeStreamTool implements vscode.LanguageModelTool<DescribeStreamInput> {
  static readonly toolId = 'kinesis_describeStream';
  constructor(private readonly deps: ToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<DescribeStreamInput>): vscode.PreparedToolInvocation {
    return { invocationMessage: `Describing stream ${String(options.input?.stream ?? '')}` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<DescribeStreamInput>): Promise<vscode.LanguageModelToolResult> {
    const input = options.input ?? ({} as DescribeStreamInput);
    const stream = requireString(input.stream, 'stream', validateStreamName);
    const region = regionOf(this.deps, input);
    const target = this.deps.connections.targetFor(region);
    const d = await this.deps.gateway.describeStream(target, stream);
    const tags = await this.deps.gateway.listTags(target, stream);
    return text([
      `Stream ${d.name} in ${whereText(this.deps, region)}:`,
      `- status ${d.status}, mode ${d.mode}, ${d.openShardCount} open shard(s)`,
      `- retention ${d.retentionHours} h, encryption ${d.encryption}${d.keyId ? ` (${d.keyId})` : ''}`,
      `- enhanced fan-out consumers: ${d.consumerCount}`,
      `- tags: ${Object.keys(tags).length ? Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') : 'none'}`,
      `- ARN ${d.arn}`,
    ].join('\n'));
  }
}

interface EstimateInput {
  peakRecordsPerSecond: number;
  averageRecordsPerSecond?: number;
  recordSize?: string;
  recordSizeBytes?: number;
  retentionHours?: number;
  enhancedFanOutConsumers?: number;
}

/** Pure: the requirements engine's shard sizing and monthly cost, with the working. */
export class EstimateTool implements vscode.LanguageModelTool<EstimateInput> {
  static readonly toolId = 'kinesis_estimateShardsAndCost';
  constructor(private readonly deps: ToolDeps) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: 'Estimating shards and monthly cost with the requirements engine' };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<EstimateInput>): Promise<vscode.LanguageModelToolResult> {
    const input = options.input ?? ({} as EstimateInput);
    const peak = input.peakRecordsPerSecond;
    if (typeof peak !== 'number' || !(peak >= 0)) throw new ToolInputError('peakRecordsPerSecond is required: a number of records per second at peak, as the user stated it. Ask the user if unknown; never guess.');
    const sizeBytes = input.recordSizeBytes ?? (input.recordSize ? parseRecordSize(input.recordSize) : undefined);
    if (input.recordSize && sizeBytes === undefined) throw new ToolInputError(`recordSize "${input.recordSize}" has no unit I can read; write it like "2KB", "500B" or "1 MB".`);
    const profile = { peakRecordsPerSecond: peak, averageRecordsPerSecond: input.averageRecordsPerSecond, recordSizeBytes: sizeBytes };
    const capacity = estimateCapacity(profile);
    const cost = estimateMonthlyCost({ ...profile, retentionHours: input.retentionHours, enhancedFanOutConsumers: input.enhancedFanOutConsumers }, getPriceTable(this.deps.settings.values.priceTable));
    const lines = [
      capacity.shards !== undefined ? `Shards needed at peak: ${capacity.shards}` : `Shards needed at peak: at least ${capacity.shardsByRecords ?? 1} (record size unknown)`,
      ...capacity.steps.map((s) => `- ${s}`),
      `Recommended capacity mode: ${capacity.recommendedMode === 'onDemand' ? 'on-demand' : 'provisioned'}. ${capacity.modeReason}`,
      `Monthly cost on average throughput (${cost.priceTable} price table, ${formatNumber(cost.hoursPerMonth)} h): provisioned ${cost.provisioned.total !== undefined ? formatUsd(cost.provisioned.total) : 'unknown'}, on-demand ${cost.onDemand.total !== undefined ? formatUsd(cost.onDemand.total) : 'unknown'}${cost.complete ? '' : ' (lower bound)'}`,
      ...cost.provisioned.lineItems.map((i) => `- ${i.label}: ${i.working}`),
      ...cost.notes.map((n) => `Note: ${n}`),
      'Quote these numbers as they are; do not recompute them.',
    ];
    return text(lines.join('\n'));
  }
}

// ---- mutating tools (each asks for confirmation with the exact effect) -----------------------------

interface CreateStreamInput { name: string; region?: string; mode?: StreamMode; shardCount?: number; retentionHours?: number; tags?: Record<string, string> }

export class CreateStreamTool implements vscode.LanguageModelTool<CreateStreamInput> {
  static readonly toolId = 'kinesis_createStream';
  constructor(private readonly deps: ToolDeps) {}

  #checked(input: CreateStreamInput | undefined): { region: string; name: string; mode: StreamMode; shardCount?: number; retentionHours: number; tags: Record<string, string> } {
    const i = input ?? ({} as CreateStreamInput);
    const name = requireString(i.name, 'name', validateStreamName);
    const mode = i.mode ?? 'PROVISIONED';
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') throw new ToolInputError('mode must be "PROVISIONED" or "ON_DEMAND".');
    let shardCount: number | undefined;
    if (mode === 'PROVISIONED') {
      shardCount = i.shardCount ?? 1;
      const problem = Number.isInteger(shardCount) ? validateShardCount(shardCount) : 'shardCount must be a whole number.';
      if (problem) throw new ToolInputError(`shardCount: ${problem}`);
    } else if (i.shardCount !== undefined) {
      throw new ToolInputError('An ON_DEMAND stream has no shardCount; leave it out or use mode "PROVISIONED".');
    }
    const retentionHours = i.retentionHours ?? 24;
    const retentionProblem = Number.isInteger(retentionHours) ? validateRetentionHours(retentionHours) : 'retentionHours must be a whole number.';
    if (retentionProblem) throw new ToolInputError(`retentionHours: ${retentionProblem}`);
    const tags = i.tags === undefined ? {} : requireTags(i.tags);
    return { region: regionOf(this.deps, i), name, mode, shardCount, retentionHours, tags };
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<CreateStreamInput>): vscode.PreparedToolInvocation {
    return prepareMutation(this.deps, options.input, (i) => this.#checked(i), () => {
      const c = this.#checked(options.input);
      const tagText = Object.keys(c.tags).length ? `, tags ${Object.entries(c.tags).map(([k, v]) => `\`${k}=${v}\``).join(', ')}` : '';
      return {
        title: 'Create Kinesis stream?',
        effect: `Create stream **${c.name}** in ${whereText(this.deps, c.region)}: ${c.mode === 'ON_DEMAND' ? 'on-demand capacity' : `provisioned, **${c.shardCount} shard${c.shardCount === 1 ? '' : 's'}**`}, retention ${c.retentionHours} h${tagText}. Shards are billed per hour from creation.`,
        progress: `Creating stream ${c.name} in ${c.region}`,
      };
    });
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<CreateStreamInput>): Promise<vscode.LanguageModelToolResult> {
    assertAllowed(this.deps, 'create a stream');
    const c = this.#checked(options.input);
    const details = await this.deps.operations.createStream({ region: c.region, name: c.name, mode: c.mode, shardCount: c.shardCount, retentionHours: c.retentionHours, tags: c.tags });
    if (!details) return text(`Stream ${c.name} was not created.`);
    return text(`Created stream ${details.name} in ${whereText(this.deps, c.region)}: status ${details.status}, mode ${details.mode}, ${details.openShardCount} open shard(s), retention ${details.retentionHours} h.`);
  }
}

interface PutRecordInput { stream: string; partitionKey: string; data: string; encoding?: 'text' | 'json' | 'base64'; region?: string }

export class PutRecordTool implements vscode.LanguageModelTool<PutRecordInput> {
  static readonly toolId = 'kinesis_putRecord';
  constructor(private readonly deps: ToolDeps) {}

  #checked(input: PutRecordInput | undefined) {
    const i = input ?? ({} as PutRecordInput);
    const stream = requireString(i.stream, 'stream', validateStreamName);
    const partitionKey = requireString(i.partitionKey, 'partitionKey', validatePartitionKey);
    if (typeof i.data !== 'string') throw new ToolInputError('data is required: the record content as a string.');
    const encoding = i.encoding ?? 'text';
    // Reading local files on a model's say-so is not offered: only inline data.
    if (encoding !== 'text' && encoding !== 'json' && encoding !== 'base64') throw new ToolInputError('encoding must be "text" (default), "json" or "base64".');
    const problem = validateRecordData(i.data, encoding);
    if (problem) throw new ToolInputError(`data: ${problem}`);
    return { region: regionOf(this.deps, i), stream, partitionKey, data: i.data, encoding };
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<PutRecordInput>): vscode.PreparedToolInvocation {
    return prepareMutation(this.deps, options.input, (i) => this.#checked(i), () => {
      const c = this.#checked(options.input);
      return {
        title: 'Put a record?',
        effect: `Write one record to stream **${c.stream}** in ${whereText(this.deps, c.region)} with partition key \`${c.partitionKey}\` and ${c.encoding} data:\n\n\`\`\`\n${c.data.length > 500 ? `${c.data.slice(0, 500)}…` : c.data}\n\`\`\``,
        progress: `Putting a record into ${c.stream}`,
      };
    });
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<PutRecordInput>): Promise<vscode.LanguageModelToolResult> {
    assertAllowed(this.deps, 'put a record');
    const c = this.#checked(options.input);
    const result = await this.deps.operations.putRecord({ region: c.region, stream: c.stream, partitionKey: c.partitionKey, data: c.data, encoding: c.encoding });
    if (!result) return text('The record was not written.');
    return text(`Record written to ${c.stream}: shard ${result.shardId}, sequence number ${result.sequenceNumber}.`);
  }
}

interface AddTagsInput { stream: string; tags: Record<string, string>; region?: string }

export class AddTagsTool implements vscode.LanguageModelTool<AddTagsInput> {
  static readonly toolId = 'kinesis_addTags';
  constructor(private readonly deps: ToolDeps) {}

  #checked(input: AddTagsInput | undefined) {
    const i = input ?? ({} as AddTagsInput);
    return { region: regionOf(this.deps, i), stream: requireString(i.stream, 'stream', validateStreamName), tags: requireTags(i.tags) };
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<AddTagsInput>): vscode.PreparedToolInvocation {
    return prepareMutation(this.deps, options.input, (i) => this.#checked(i), () => {
      const c = this.#checked(options.input);
      return {
        title: 'Tag the stream?',
        effect: `Add or overwrite tag${Object.keys(c.tags).length === 1 ? '' : 's'} ${Object.entries(c.tags).map(([k, v]) => `\`${k}=${v}\``).join(', ')} on stream **${c.stream}** in ${whereText(this.deps, c.region)}.`,
        progress: `Tagging ${c.stream}`,
      };
    });
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<AddTagsInput>): Promise<vscode.LanguageModelToolResult> {
    assertAllowed(this.deps, 'tag a stream');
    const c = this.#checked(options.input);
    const all = await this.deps.operations.addTags({ region: c.region, stream: c.stream, tags: c.tags });
    return text(`Tagged ${c.stream}. Its tags are now: ${Object.entries(all ?? c.tags).map(([k, v]) => `${k}=${v}`).join(', ')}.`);
  }
}

interface RemoveTagsInput { stream: string; keys: string[]; region?: string }

export class RemoveTagsTool implements vscode.LanguageModelTool<RemoveTagsInput> {
  static readonly toolId = 'kinesis_removeTags';
  constructor(private readonly deps: ToolDeps) {}

  #checked(input: RemoveTagsInput | undefined) {
    const i = input ?? ({} as RemoveTagsInput);
    const keys = i.keys;
    if (!Array.isArray(keys) || !keys.length || keys.some((k) => typeof k !== 'string' || !k)) throw new ToolInputError('keys must be a non-empty array of tag keys, for example ["dept"].');
    return { region: regionOf(this.deps, i), stream: requireString(i.stream, 'stream', validateStreamName), keys };
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<RemoveTagsInput>): vscode.PreparedToolInvocation {
    return prepareMutation(this.deps, options.input, (i) => this.#checked(i), () => {
      const c = this.#checked(options.input);
      return { title: 'Remove tags?', effect: `Remove tag${c.keys.length === 1 ? '' : 's'} ${c.keys.map((k) => `\`${k}\``).join(', ')} from stream **${c.stream}** in ${whereText(this.deps, c.region)}.`, progress: `Removing tags from ${c.stream}` };
    });
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<RemoveTagsInput>): Promise<vscode.LanguageModelToolResult> {
    assertAllowed(this.deps, 'remove tags');
    const c = this.#checked(options.input);
    await this.deps.operations.removeTags({ region: c.region, stream: c.stream, keys: c.keys });
    return text(`Removed ${c.keys.join(', ')} from ${c.stream}.`);
  }
}

interface UpdateShardCountInput { stream: string; targetShardCount: number; region?: string }

export class UpdateShardCountTool implements vscode.LanguageModelTool<UpdateShardCountInput> {
  static readonly toolId = 'kinesis_updateShardCount';
  constructor(private readonly deps: ToolDeps) {}

  #checked(input: UpdateShardCountInput | undefined) {
    const i = input ?? ({} as UpdateShardCountInput);
    if (typeof i.targetShardCount !== 'number' || !Number.isInteger(i.targetShardCount) || i.targetShardCount < 1) throw new ToolInputError('targetShardCount must be a whole number of at least 1.');
    return { region: regionOf(this.deps, i), stream: requireString(i.stream, 'stream', validateStreamName), targetShardCount: i.targetShardCount };
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<UpdateShardCountInput>): vscode.PreparedToolInvocation {
    return prepareMutation(this.deps, options.input, (i) => this.#checked(i), () => {
      const c = this.#checked(options.input);
      return {
        title: 'Reshard the stream?',
        effect: `Change stream **${c.stream}** in ${whereText(this.deps, c.region)} to **${c.targetShardCount} open shards** (uniform scaling). This uses one of the 10 scalings allowed per rolling 24 hours and changes the hourly shard cost.`,
        progress: `Updating ${c.stream} to ${c.targetShardCount} shards`,
      };
    });
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<UpdateShardCountInput>): Promise<vscode.LanguageModelToolResult> {
    assertAllowed(this.deps, 'reshard a stream');
    const c = this.#checked(options.input);
    const after = await this.deps.operations.updateShardCount({ region: c.region, stream: c.stream, targetShardCount: c.targetShardCount });
    return text(after ? `${c.stream} now has ${after.openShardCount} open shard(s) (status ${after.status}).` : `${c.stream} was not resharded.`);
  }
}

/** Every tool name this extension contributes (package.json languageModelTools). */
export const KINESIS_TOOL_NAMES = [
  ListStreamsTool.toolId, DescribeStreamTool.toolId, CreateStreamTool.toolId, PutRecordTool.toolId,
  AddTagsTool.toolId, RemoveTagsTool.toolId, UpdateShardCountTool.toolId, EstimateTool.toolId,
] as const;
