/** Tools over shards and enhanced fan-out consumers. */
import { z } from 'zod';
import type { ShardInfo } from '../kinesis/gateway';
import { adjacentPairs, keyspaceShare, midpointHashKey, openShards, validateSplitKey } from '../kinesis/shards';
import { consumerNameField, hashKeyField, regionField, shardIdField, streamField } from './fields';
import { settled } from './streamTools';
import { defineTool, ToolInputError, type ToolCall, type ToolTarget } from './types';

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

async function openShard(call: ToolCall, t: ToolTarget, stream: string, shardId: string): Promise<{ shard: ShardInfo; open: ShardInfo[] }> {
  const all = await call.ctx.gateway.listShards(t.target, stream, { signal: call.ctx.signal });
  const open = openShards(all);
  const shard = all.find((s) => s.shardId === shardId);
  if (!shard) throw new ToolInputError(`${stream} has no shard ${shardId}. Its open shards: ${open.map((s) => s.shardId).join(', ') || 'none'}.`);
  if (shard.endingSequenceNumber !== undefined) throw new ToolInputError(`${shardId} is closed (it was split or merged). Use one of the open shards: ${open.map((s) => s.shardId).join(', ')}.`);
  return { shard, open };
}

export const listShards = defineTool({
  name: 'kinesis_listShards',
  title: 'List shards',
  description: 'Lists a stream\'s shards: open or closed, hash-key range, share of the keyspace, parents. Use it before splitting or merging.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:ListShards'],
  input: z.object({ stream: streamField, region: regionField }),
  progress: (i) => `Listing the shards of ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const shards = await call.ctx.gateway.listShards(t.target, i.stream, { signal: call.ctx.signal });
    const lines = shards.map((s) => {
      const parents = [s.parentShardId, s.adjacentParentShardId].filter(Boolean).join(' + ');
      return `- ${s.shardId}: ${s.endingSequenceNumber === undefined ? 'open' : 'closed'}, hash keys ${s.startingHashKey}–${s.endingHashKey} (${(keyspaceShare(s) * 100).toFixed(2)}% of the keyspace)${parents ? `, parent ${parents}` : ''}`;
    });
    return { text: `${i.stream} in ${t.where} has ${openShards(shards).length} open of ${shards.length} shard(s):\n${lines.join('\n')}` };
  },
});

export const splitShard = defineTool({
  name: 'kinesis_splitShard',
  title: 'Split shard',
  description: 'Splits one open shard into two at a hash key (default: the middle of its range), adding one shard of capacity. Waits until the stream is ACTIVE.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:SplitShard', 'kinesis:ListShards', 'kinesis:DescribeStreamSummary'],
  input: z.object({
    stream: streamField,
    shardId: shardIdField.describe('The open shard to split, e.g. "shardId-000000000000".'),
    newStartingHashKey: hashKeyField.optional().describe('Where the second child starts: a decimal hash key inside the shard\'s range (default: its midpoint).'),
    region: regionField,
  }),
  progress: (i) => `Splitting ${i.shardId} of ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Split the shard?',
    message: `Split shard **${i.shardId}** of stream **${i.stream}** in ${at(i.region).where} into two child shards at ${i.newStartingHashKey ? `hash key ${i.newStartingHashKey}` : 'the middle of its hash-key range'}. The parent closes, the stream gains **one open shard**, and the hourly shard cost rises by one shard.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    const { shard } = await openShard(call, t, i.stream, i.shardId);
    const key = i.newStartingHashKey ?? midpointHashKey(shard);
    const problem = validateSplitKey(key, shard);
    if (problem) throw new ToolInputError(`newStartingHashKey: ${problem}`);
    await call.ctx.gateway.splitShard(t.target, i.stream, i.shardId, key, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `Split ${i.shardId} of ${i.stream} at hash key ${key}; the stream now has ${after.openShardCount} open shard(s).`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

export const mergeShards = defineTool({
  name: 'kinesis_mergeShards',
  title: 'Merge shards',
  description: 'Merges two open shards whose hash-key ranges touch into one, removing one shard of capacity. Waits until the stream is ACTIVE.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:MergeShards', 'kinesis:ListShards', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, shardId: shardIdField, adjacentShardId: shardIdField.describe('The open shard whose hash-key range touches shardId\'s.'), region: regionField }),
  progress: (i) => `Merging ${i.shardId} and ${i.adjacentShardId} of ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Merge the shards?',
    message: `Merge shards **${i.shardId}** and **${i.adjacentShardId}** of stream **${i.stream}** in ${at(i.region).where} into one. Both close, the stream loses **one open shard** of write and read capacity.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    if (i.shardId === i.adjacentShardId) throw new ToolInputError('shardId and adjacentShardId must be two different shards.');
    const { open } = await openShard(call, t, i.stream, i.shardId);
    await openShard(call, t, i.stream, i.adjacentShardId);
    const pairs = adjacentPairs(open);
    if (!pairs.some(([a, b]) => (a.shardId === i.shardId && b.shardId === i.adjacentShardId) || (b.shardId === i.shardId && a.shardId === i.adjacentShardId))) {
      throw new ToolInputError(`${i.shardId} and ${i.adjacentShardId} are not adjacent (their hash-key ranges do not touch). Adjacent open pairs: ${pairs.map(([a, b]) => `${a.shardId}+${b.shardId}`).join(', ') || 'none'}.`);
    }
    await call.ctx.gateway.mergeShards(t.target, i.stream, i.shardId, i.adjacentShardId, { signal: call.ctx.signal });
    const after = await settled(call, t, i.stream);
    return { text: `Merged ${i.shardId} and ${i.adjacentShardId} of ${i.stream}; the stream now has ${after.openShardCount} open shard(s).`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

// ---- enhanced fan-out consumers ------------------------------------------------------------------

async function streamArn(call: ToolCall, t: ToolTarget, stream: string): Promise<string> {
  return (await call.ctx.gateway.describeStream(t.target, stream, { signal: call.ctx.signal })).arn;
}

const consumerInput = z.object({ stream: streamField, consumerName: consumerNameField, region: regionField });

export const listConsumers = defineTool({
  name: 'kinesis_listConsumers',
  title: 'List consumers',
  description: 'Lists the enhanced fan-out consumers registered on a stream.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:ListStreamConsumers', 'kinesis:DescribeStreamSummary'],
  input: z.object({ stream: streamField, region: regionField }),
  progress: (i) => `Listing the consumers of ${i.stream}`,
  async run(i, call) {
    const t = call.at(i.region);
    const consumers = await call.ctx.gateway.listConsumers(t.target, await streamArn(call, t, i.stream), { signal: call.ctx.signal });
    if (!consumers.length) return { text: `${i.stream} has no enhanced fan-out consumers.` };
    return { text: `${consumers.length} consumer(s) on ${i.stream}:\n${consumers.map((c) => `- ${c.name} (${c.status}) ${c.arn}`).join('\n')}` };
  },
});

export const describeConsumer = defineTool({
  name: 'kinesis_describeConsumer',
  title: 'Describe consumer',
  description: 'Shows one enhanced fan-out consumer: status, ARN and when it was registered.',
  kind: 'read',
  annotations: READ,
  iamActions: ['kinesis:ListStreamConsumers', 'kinesis:DescribeStreamSummary'],
  input: consumerInput,
  progress: (i) => `Describing consumer ${i.consumerName}`,
  async run(i, call) {
    const t = call.at(i.region);
    const consumers = await call.ctx.gateway.listConsumers(t.target, await streamArn(call, t, i.stream), { signal: call.ctx.signal });
    const c = consumers.find((x) => x.name === i.consumerName);
    if (!c) throw new ToolInputError(`${i.stream} has no consumer "${i.consumerName}". Its consumers: ${consumers.map((x) => x.name).join(', ') || 'none'}.`);
    return { text: `Consumer ${c.name} on ${i.stream}: status ${c.status}, ARN ${c.arn}${c.createdAt ? `, registered ${c.createdAt.toISOString()}` : ''}.` };
  },
});

export const registerConsumer = defineTool({
  name: 'kinesis_registerConsumer',
  title: 'Register consumer',
  description: 'Registers an enhanced fan-out consumer on a stream: a dedicated 2 MB/s per shard read pipe (billed per consumer-shard-hour and per GB read).',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  iamActions: ['kinesis:RegisterStreamConsumer', 'kinesis:DescribeStreamSummary'],
  input: consumerInput,
  progress: (i) => `Registering consumer ${i.consumerName} on ${i.stream}`,
  confirm: (i, at) => ({
    title: 'Register an enhanced fan-out consumer?',
    message: `Register consumer **${i.consumerName}** on stream **${i.stream}** in ${at(i.region).where}. Enhanced fan-out is billed per consumer-shard-hour and per GB delivered.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    const c = await call.ctx.gateway.registerConsumer(t.target, await streamArn(call, t, i.stream), i.consumerName, { signal: call.ctx.signal });
    return { text: `Registered consumer ${c.name} on ${i.stream}: status ${c.status}, ARN ${c.arn}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});

export const deregisterConsumer = defineTool({
  name: 'kinesis_deregisterConsumer',
  title: 'Deregister consumer',
  description: 'Deregisters an enhanced fan-out consumer; its subscriptions end.',
  kind: 'write',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  iamActions: ['kinesis:DeregisterStreamConsumer', 'kinesis:DescribeStreamSummary'],
  input: consumerInput,
  progress: (i) => `Deregistering consumer ${i.consumerName}`,
  confirm: (i, at) => ({
    title: 'Deregister the consumer?',
    message: `Deregister consumer **${i.consumerName}** from stream **${i.stream}** in ${at(i.region).where}. Any application reading through it **stops receiving records**.`,
  }),
  async run(i, call) {
    const t = call.at(i.region);
    await call.ctx.gateway.deregisterConsumer(t.target, await streamArn(call, t, i.stream), i.consumerName, { signal: call.ctx.signal });
    return { text: `Deregistered consumer ${i.consumerName} from ${i.stream}.`, changes: [{ kind: 'updated', region: t.region, stream: i.stream }] };
  },
});
