/** Tools over whole streams: list, describe, create, delete, capacity, retention, encryption, monitoring, tags. */
import { z } from 'zod';
import type { StreamDetails } from '../kinesis/gateway';
import { validateTargetShardCount } from '../kinesis/validation';
import {
  kmsKeyField, metricsField, regionField, retentionHoursField, shardCountField, streamField, streamModeField, tagKeysField, tagsField,
} from './fields';
import { defineTool, ToolInputError, type ToolCall, type ToolTarget } from './types';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
export const tagList = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([k, v]) => `\`${k}=${v}\``).join(', ');
const plainTags = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ');

/** Waits until the stream is ACTIVE again after a change, so the answer shows the new state. */
export function settled(call: ToolCall, t: ToolTarget, stream: string): Promise<StreamDetails> {
  return call.ctx.gateway.waitForActive(t.target, stream, undefined, { signal: call.ctx.signal });
}

export function describeStreamText(d: StreamDetails, tags: Readonly<Record<string, string>>, where: string): string {
  return [
    `Stream ${d.name} in ${where}:`,
    `- status ${d.status}, mode ${d.mode}, ${d.openShardCount} open shard(s)`,
    `- retention ${d.retentionHours} h, encryption ${d.encryption}${d.keyId ? ` (${d.keyId})` : ''}`,
    `- enhanced fan-out consumers: ${d.consumerCount}`,
    `- enhanced monitoring: ${d.enhancedMonitoring.length ? d.enhancedMonitoring.join(', ') : 'none'}`,
    `- maximum record size: ${d.maxRecordSizeKiB ?? 1024} KiB`,
    `- tags: ${Object.keys(tags).length ? plainTags(tags) : 'none'}`,
    `- ARN ${d.arn}`,
  ].join('\n');
}

const streamInput = z.object({ stream: streamField, region: regionField });

export const listStreams = defineTool({
  name: 'kinesis_listStreams',
  title: 'List streams',
  description: 'Lists the Kinesis data streams in a region with their status and capacity mode.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:ListStreams'],
  input: z.object({ region: regionField }),
  progress: (i, at) => `Listing Kinesis streams in ${at(i.region).region}`,
  async run(i, call) {
    const t = call.at(i.region);
    const streams = await call.ctx.gateway.listStreams(t.target, { signal: call.ctx.signal });
    if (!streams.length) return { text: `There are no streams in ${t.where}.` };
    return { text: `${streams.length} stream(s) in ${t.where}:\n${streams.map((s) => `- ${s.name}${s.status ? ` (${s.status}${s.mode ? `, ${s.mode}` : ''})` : ''}`).join('\n')}` };
  },
});

export const describeStream = defineTool({
  name: 'kinesis_describeStream',
  title: 'Describe stream',
  description: 'Shows one stream\'s status, capacity mode, open shards, retention, encryption, consumers, enhanced monitoring, tags and ARN.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:DescribeStreamSummary', 'kinesis:ListTagsForStream'],
  input: streamInput,
  progress: (i) => `Describing stream ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const d = await call.ctx.gateway.describeStream(t.target, i.stream, { signal: call.ctx.signal });
    const tags = await call.ctx.gateway.listTags(t.target, i.stream, { signal: call.ctx.signal });
    return { text: describeStreamText(d, tags, t.where) };
  },
});

export const createStream = defineTool({
  name: 'kinesis_createStream',
  title: 'Create stream',
  description: 'Creates a Kinesis data stream (provisioned with a shard count, or on-demand), with optional retention and tags, and waits until it is ACTIVE.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:CreateStream', 'kinesis:AddTagsToStream', 'kinesis:IncreaseStreamRetentionPeriod', 'kinesis:DescribeStreamSummary'],
  input: z.object({
    name: streamField.describe('Name of the new stream: 1–128 letters, digits, _ . or -.'),
    region: regionField,
    mode: streamModeField.optional().describe('"PROVISIONED" (default) or "ON_DEMAND".'),
    shardCount: shardCountField.optional().describe('Shards for a PROVISIONED stream, 1 to 10,000 (default 1). Leave out for ON_DEMAND.'),
    retentionHours: retentionHoursField.optional().describe('Retention in hours, 24 (default) to 8,760.'),
    tags: tagsField.optional(),
  }).superRefine((i, ctx) => {
    if (i.mode === 'ON_DEMAND' && i.shardCount !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['shardCount'], message: 'An ON_DEMAND stream has no shardCount; leave it out or use mode "PROVISIONED".' });
    }
  }),
  progress: (i, at) => `Creating stream ${i.name} in ${at(i.region).region}`,
  confirm(i, at) {
    const mode = i.mode ?? 'PROVISIONED';
    const shards = i.shardCount ?? 1;
    const tagText = i.tags && Object.keys(i.tags).length ? `, tags ${tagList(i.tags)}` : '';
    return {
      title: 'Create Kinesis stream?',
      message: `Create stream **${i.name}** in ${at(i.region).where}: ${mode === 'ON_DEMAND' ? 'on-demand capacity' : `provisioned, **${plural(shards, 'shard')}**`}, retention ${i.retentionHours ?? 24} h${tagText}. Shards are billed per hour from creation.`,
    };
  },
  async run(i, call) {
    const t = call.at(i.region);
    const mode = i.mode ?? 'PROVISIONED';
    await call.ctx.gateway.createStream(t.target, {
      name: i.name, mode, shardCount: mode === 'PROVISIONED' ? i.shardCount ?? 1 : undefined, tags: i.tags, retentionHours: i.retentionHours,
    }, { signal: call.ctx.signal });
    const d = await settled(call, t, i.name);
    return {
      text: `Created stream ${d.name} in ${t.where}: status ${d.status}, mode ${d.mode}, ${d.openShardCount} open shard(s), retention ${d.retentionHours} h.`,
      changes: [{ kind: 'created', region: t.region, stream: i.name }],
    };
  },
});

export const deleteStream = defineTool({
  name: 'kinesis_deleteStream',
  title: 'Delete stream',
  description: 'Deletes a stream and every record in it. With enforceConsumerDeletion, its enhanced fan-out consumers are deregistered too; otherwise a stream with consumers is refused.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  iamActions: ['kinesis:DeleteStream'],
  input: z.object({
    stream: streamField,
    region: regionField,
    enforceConsumerDeletion: z.boolean().optional().describe('Also deregister its enhanced fan-out consumers (default false).'),
  }),
  progress: (i) => `Deleting stream ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Delete Kinesis stream?',
    message: `Delete stream **${i.stream}** in ${at(i.region).where} and **every record in it**${i.enforceConsumerDeletion ? ', deregistering its enhanced fan-out consumers' : ''}. This cannot be undone.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    await call.ctx.gateway.deleteStream(t.target, i.stream, i.enforceConsumerDeletion ?? false, { signal: call.ctx.signal });
    return { text: `Deleting stream ${i.stream} in ${t.where}; it disappears from the list within seconds.`, changes: [{ kind: 'deleted', region: t.region, stream: i.stream }] };
  },
});

export const updateShardCount = defineTool({
  name: 'kinesis_updateShardCount',
  title: 'Update shard count',
  description: 'Reshards a PROVISIONED stream uniformly to a target number of open shards (half to double the current count per call), and waits until it is ACTIVE.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  iamActions: ['kinesis:UpdateShardCount', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, targetShardCount: shardCountField.describe('The open shard count wanted, 1 to 10,000; at most double and at least half the current count.'), region: regionField }),
  progress: (i) => `Updating ${i.stream} to ${i.targetShardCount} shards`,
  confirm: (i, at) => ({
    title: 'Reshard the stream?',
    message: `Change stream **${i.stream}** in ${at(i.region).where} to **${i.targetShardCount} open shards** (uniform scaling). This uses one of the 10 scalings allowed per rolling 24 hours and changes the hourly shard cost.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    const before = await call.ctx.gateway.describeStream(t.target, i.stream, { signal: call.ctx.signal });
    if (before.mode !== 'PROVISIONED') throw new ToolInputError(`${i.stream} is ${before.mode}: only a PROVISIONED stream has a shard count. Switch it with kinesis_updateStreamMode first.`);
    const problem = validateTargetShardCount(i.targetShardCount, before.openShardCount);
    if (problem) throw new ToolInputError(`targetShardCount: ${problem}`);
    await call.ctx.gateway.updateShardCount(t.target, i.stream, i.targetShardCount, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `${i.stream} now has ${after.openShardCount} open shard(s) (status ${after.status}).`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

export const updateStreamMode = defineTool({
  name: 'kinesis_updateStreamMode',
  title: 'Update stream mode',
  description: 'Switches a stream between PROVISIONED and ON_DEMAND capacity, and waits until it is ACTIVE. AWS allows two switches per rolling 24 hours.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  iamActions: ['kinesis:UpdateStreamMode', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, mode: streamModeField, region: regionField }),
  progress: (i) => `Switching ${i.stream} to ${i.mode}`,
  confirm: (i, at) => ({
    title: 'Switch capacity mode?',
    message: `Switch stream **${i.stream}** in ${at(i.region).where} to **${i.mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}** capacity. Billing changes with the mode; AWS allows two switches per rolling 24 hours.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    const before = await call.ctx.gateway.describeStream(t.target, i.stream, { signal: call.ctx.signal });
    if (before.mode === i.mode) throw new ToolInputError(`${i.stream} is already ${i.mode}; nothing to change.`);
    await call.ctx.gateway.updateStreamMode(t.target, before.arn, i.mode, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `${i.stream} is now ${after.mode} with ${after.openShardCount} open shard(s).`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

/** Increase and decrease are separate tools (as in the Kinesis API) so the annotations can differ. */
function retentionTool(direction: 'increase' | 'decrease') {
  const increase = direction === 'increase';
  return defineTool({
    name: increase ? 'kinesis_increaseRetention' : 'kinesis_decreaseRetention',
    title: increase ? 'Increase retention' : 'Decrease retention',
    description: increase
      ? 'Keeps records longer: raises a stream\'s retention period to more hours (up to 8,760). Retention beyond 24 h costs extra.'
      : 'Keeps records for less time: lowers a stream\'s retention period (down to 24 h). Records older than the new period become unreadable.',
    kind: 'write',
    annotations: { readOnlyHint: false, destructiveHint: !increase, idempotentHint: true },
    iamActions: [increase ? 'kinesis:IncreaseStreamRetentionPeriod' : 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:DescribeStreamSummary'],
    input: z.object({ stream: streamField, retentionHours: retentionHoursField, region: regionField }),
    progress: (i) => `Setting the retention of ${i.stream} to ${i.retentionHours} h`,
    confirm: (i, at) => ({
      title: increase ? 'Increase retention?' : 'Decrease retention?',
      message: `Set the retention of stream **${i.stream}** in ${at(i.region).where} to **${i.retentionHours} hours**.${increase ? ' Retention beyond 24 h is billed per shard-hour (and beyond 7 days per GB-month).' : ' Records older than that **can no longer be read**.'}`,
    }),
    async run(i, call) {
      const t = call.at(i.region);
      const before = await call.ctx.gateway.describeStream(t.target, i.stream, { signal: call.ctx.signal });
      if (increase ? i.retentionHours <= before.retentionHours : i.retentionHours >= before.retentionHours) {
        throw new ToolInputError(`${i.stream} keeps records for ${before.retentionHours} h now; ${i.retentionHours} h is not ${increase ? 'more' : 'less'}. Use kinesis_${increase ? 'decrease' : 'increase'}Retention${i.retentionHours === before.retentionHours ? ' only if you meant a different value' : ''}.`);
      }
      await call.ctx.gateway.setRetention(t.target, i.stream, i.retentionHours, { signal: call.ctx.signal });
      const after = await settled(call, t, i.stream);
      return { text: `${i.stream} now keeps records for ${after.retentionHours} h (was ${before.retentionHours} h).`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
    },
  });
}
export const increaseRetention = retentionTool('increase');
export const decreaseRetention = retentionTool('decrease');

const DEFAULT_KMS_KEY = 'alias/aws/kinesis';

export const startEncryption = defineTool({
  name: 'kinesis_startEncryption',
  title: 'Start encryption',
  description: 'Turns on server-side encryption of a stream with a KMS key (default the AWS managed key alias/aws/kinesis). Applies to records written afterwards.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  iamActions: ['kinesis:StartStreamEncryption', 'kms:GenerateDataKey (on the key)', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, keyId: kmsKeyField.optional().describe(`KMS key id, ARN or alias (default ${DEFAULT_KMS_KEY}).`), region: regionField }),
  progress: (i) => `Starting encryption of ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Encrypt the stream?',
    message: `Encrypt records written to stream **${i.stream}** in ${at(i.region).where} from now on with KMS key \`${i.keyId ?? DEFAULT_KMS_KEY}\`. Producers and consumers need permission to use the key; KMS calls are billed.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    await call.ctx.gateway.startEncryption(t.target, i.stream, i.keyId ?? DEFAULT_KMS_KEY, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `${i.stream} encryption is ${after.encryption}${after.keyId ? ` with ${after.keyId}` : ''}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

export const stopEncryption = defineTool({
  name: 'kinesis_stopEncryption',
  title: 'Stop encryption',
  description: 'Turns off server-side encryption of a stream; records written afterwards are stored unencrypted. The key defaults to the one the stream uses.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  iamActions: ['kinesis:StopStreamEncryption', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, keyId: kmsKeyField.optional().describe('The KMS key the stream uses (default: read from the stream).'), region: regionField }),
  progress: (i) => `Stopping encryption of ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Stop encrypting the stream?',
    message: `Stop encrypting stream **${i.stream}** in ${at(i.region).where}: records written from now on are **stored unencrypted**.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    const before = await call.ctx.gateway.describeStream(t.target, i.stream, { signal: call.ctx.signal });
    if (before.encryption === 'NONE') throw new ToolInputError(`${i.stream} is not encrypted; nothing to stop.`);
    const keyId = i.keyId ?? before.keyId ?? DEFAULT_KMS_KEY;
    await call.ctx.gateway.stopEncryption(t.target, i.stream, keyId, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `${i.stream} encryption is ${after.encryption}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

function monitoringTool(enable: boolean) {
  return defineTool({
    name: enable ? 'kinesis_enableEnhancedMonitoring' : 'kinesis_disableEnhancedMonitoring',
    title: enable ? 'Enable enhanced monitoring' : 'Disable enhanced monitoring',
    description: enable
      ? 'Turns on shard-level CloudWatch metrics for a stream (billed per metric per shard).'
      : 'Turns off shard-level CloudWatch metrics for a stream.',
    kind: 'write',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    iamActions: [enable ? 'kinesis:EnableEnhancedMonitoring' : 'kinesis:DisableEnhancedMonitoring', 'kinesis:DescribeStreamSummary'],
    input: z.object({ stream: streamField, metrics: metricsField.optional().describe('Shard-level metrics (default ["ALL"]).'), region: regionField }),
    progress: (i) => `${enable ? 'Enabling' : 'Disabling'} enhanced monitoring on ${i.stream}`,
    confirm: (i, at) => ({
      title: enable ? 'Enable shard-level metrics?' : 'Disable shard-level metrics?',
      message: `${enable ? 'Enable' : 'Disable'} shard-level metrics ${(i.metrics ?? ['ALL']).map((m) => `\`${m}\``).join(', ')} on stream **${i.stream}** in ${at(i.region).where}.${enable ? ' CloudWatch bills each metric per shard.' : ''}`,
    }),
    async run(i, call) {
      const t = call.at(i.region);
      await call.ctx.gateway.setEnhancedMonitoring(t.target, i.stream, i.metrics ?? ['ALL'], enable, { signal: call.ctx.signal });
      const after = await settled(call, t, i.stream);
      return { text: `Enhanced monitoring on ${i.stream}: ${after.enhancedMonitoring.length ? after.enhancedMonitoring.join(', ') : 'none'}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
    },
  });
}
export const enableEnhancedMonitoring = monitoringTool(true);
export const disableEnhancedMonitoring = monitoringTool(false);

export const listTags = defineTool({
  name: 'kinesis_listTags',
  title: 'List tags',
  description: 'Lists a stream\'s tags.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:ListTagsForStream'],
  input: streamInput,
  progress: (i) => `Listing the tags of ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const tags = await call.ctx.gateway.listTags(t.target, i.stream, { signal: call.ctx.signal });
    return { text: Object.keys(tags).length ? `Tags of ${i.stream}: ${plainTags(tags)}.` : `${i.stream} has no tags.` };
  },
});

export const addTags = defineTool({
  name: 'kinesis_addTags',
  title: 'Add tags',
  description: 'Adds tags to a stream, overwriting the value of a key it already has.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  iamActions: ['kinesis:AddTagsToStream', 'kinesis:ListTagsForStream'],
  input: z.object({ stream: streamField, tags: tagsField, region: regionField }),
  progress: (i) => `Tagging ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Tag the stream?',
    message: `Add or overwrite tag${Object.keys(i.tags).length === 1 ? '' : 's'} ${tagList(i.tags)} on stream **${i.stream}** in ${at(i.region).where}.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    await call.ctx.gateway.addTags(t.target, i.stream, i.tags, { signal: call.ctx.signal });
    const all = await call.ctx.gateway.listTags(t.target, i.stream, { signal: call.ctx.signal });
    return { text: `Tagged ${i.stream}. Its tags are now: ${plainTags(all)}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

export const removeTags = defineTool({
  name: 'kinesis_removeTags',
  title: 'Remove tags',
  description: 'Removes tags from a stream by key.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  iamActions: ['kinesis:RemoveTagsFromStream'],
  input: z.object({ stream: streamField, keys: tagKeysField, region: regionField }),
  progress: (i) => `Removing tags from ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Remove tags?',
    message: `Remove tag${i.keys.length === 1 ? '' : 's'} ${i.keys.map((k) => `\`${k}\``).join(', ')} from stream **${i.stream}** in ${at(i.region).where}.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    await call.ctx.gateway.removeTags(t.target, i.stream, i.keys, { signal: call.ctx.signal });
    return { text: `Removed ${i.keys.join(', ')} from ${i.stream}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});
