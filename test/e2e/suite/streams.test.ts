import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ExplorerNode, GroupNode, StreamNode } from '../../../src/core/explorer/explorerModel';
import type { PutRecordsFromFileOutcome } from '../../../src/features/streams/putFromFile';
import type { PutRecordOutcome } from '../../../src/features/streams/streamOperations';
import { screenshot, waitFor } from '../support/driver';
import { setKinesisSetting, startLocalKinesis } from '../support/extensionApi';

const STREAM = 'ops-orders';

suite('Stream operations against local Kinesis', function () {
  let api: KinesisStudioApi;
  let region: string;
  let target: ConnectionTarget;

  async function readAll(stream: string): Promise<{ partitionKey: string; data: string }[]> {
    const records: { partitionKey: string; data: string }[] = [];
    for (const shard of await api.gateway.listShards(target, stream)) {
      let iterator: string | undefined = await api.gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
      for (let i = 0; iterator && i < 5; i++) {
        const page = await api.gateway.getRecords(target, iterator, 1000);
        records.push(...page.records.map((r) => ({ partitionKey: r.partitionKey, data: Buffer.from(r.data).toString('utf8') })));
        iterator = page.records.length ? page.nextIterator : undefined;
      }
    }
    return records;
  }

  async function childrenOf(node: ExplorerNode): Promise<ExplorerNode[]> {
    return (await api.explorer.provider.getChildren(node)) as ExplorerNode[];
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await startLocalKinesis();
    region = api.connections.current.region!;
    target = api.connections.targetFor(region);
  });

  suiteTeardown(async () => {
    await setKinesisSetting('readOnly', undefined);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('create stream with shards, tags and retention', async () => {
    const details = await vscode.commands.executeCommand('kinesis.createStream',
      { name: STREAM, mode: 'PROVISIONED', shardCount: 2, tags: { team: 'orders' }, retentionHours: 48 });
    assert.ok(details, `createStream returned nothing: ${api.errors.lastMessage}`);
    const described = await api.gateway.describeStream(target, STREAM);
    assert.strictEqual(described.openShardCount, 2);
    assert.strictEqual(described.retentionHours, 48);
    assert.deepStrictEqual(await api.gateway.listTags(target, STREAM), { team: 'orders' });
  });

  test('invalid input is refused before any call and names the rule', async () => {
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.createStream', { name: 'bad name!', mode: 'PROVISIONED', shardCount: 1 });
    assert.match(api.errors.lastMessage ?? '', /a-zA-Z0-9_\.-|letters|characters/i);
    assert.ok(!(await api.gateway.listStreams(target)).some((s) => s.name === 'bad name!'));
    api.errors.lastMessage = undefined;
    const refused = await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'k', data: '{not json', encoding: 'json' });
    assert.strictEqual(refused, undefined);
    assert.match(api.errors.lastMessage ?? '', /not valid JSON/);
    assert.deepStrictEqual(await readAll(STREAM), [], 'a refused record reached the stream');
  });

  test('put record in each encoding and read the exact bytes back', async () => {
    const text = await vscode.commands.executeCommand<PutRecordOutcome>('kinesis.putRecord', { stream: STREAM, partitionKey: 'Device123', data: 'CPU:10%, Storage: 80%' });
    assert.ok(text?.shardId.startsWith('shardId-'), `putRecord failed: ${api.errors.lastMessage}`);
    assert.ok(text.sequenceNumber.length > 0);
    // "test" looks like base64 but was sent as text: it must arrive as "test", never decoded.
    await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'k2', data: 'test' });
    await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'k3', data: '{"cpu": 10}', encoding: 'json' });
    await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'k4', data: Buffer.from('binary ✓').toString('base64'), encoding: 'base64' });
    const records = await readAll(STREAM);
    const byKey = Object.fromEntries(records.map((r) => [r.partitionKey, r.data]));
    assert.deepStrictEqual(byKey, { Device123: 'CPU:10%, Storage: 80%', k2: 'test', k3: '{"cpu": 10}', k4: 'binary ✓' });
  });

  test('a record over the stream\'s maximum record size is refused before sending, naming the limit', async () => {
    const before = (await readAll(STREAM)).length;
    api.errors.lastMessage = undefined;
    const refused = await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'big', data: 'x'.repeat(1024 * 1024 + 1) });
    assert.strictEqual(refused, undefined);
    assert.match(api.errors.lastMessage ?? '', /1,048,577 bytes, but "ops-orders" takes at most 1,048,576 bytes \(its maximum record size\)/);
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.putRecord', { stream: STREAM, partitionKey: 'huge', data: 'x'.repeat(10 * 1024 * 1024 + 1) });
    assert.match(api.errors.lastMessage ?? '', /the limit is 10,485,760 bytes \(10 MiB, the most any stream takes\)/);
    assert.strictEqual((await readAll(STREAM)).length, before, 'nothing was sent');
  });

  test('put records from a file: every record stored, bad ones written for re-sending', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('kinesis.createStream', { name: 'ops-bulk', mode: 'PROVISIONED', shardCount: 2 });
    const dir = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(dir, 'bulk.ndjson');
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ user: { id: `user-${i % 17}` }, seq: i }));
    lines[123] = '{"user": {"id": "broken"'; // invalid JSON: must be reported, not sent
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(lines.join('\n') + '\n'));
    const outcome = await vscode.commands.executeCommand<PutRecordsFromFileOutcome>('kinesis.putRecordsFromFile',
      { stream: 'ops-bulk', file, partitionKey: { kind: 'field', path: 'user.id' } });
    assert.ok(outcome, `putRecordsFromFile failed: ${api.errors.lastMessage}`);
    assert.strictEqual(outcome.recordsRead, 300);
    assert.strictEqual(outcome.sent, 299);
    assert.strictEqual(outcome.failedCount, 1);
    assert.strictEqual(outcome.failed[0].line, 124);
    assert.ok(outcome.failedRecordsFile, 'a failed-records file is written');
    const resend = (await vscode.workspace.fs.readFile(vscode.Uri.file(outcome.failedRecordsFile))).toString();
    assert.strictEqual(resend.trim().split('\n').length, 1);
    assert.match(resend, /broken/);
    const stored = await readAll('ops-bulk');
    assert.strictEqual(stored.length, 299);
    const seqs = new Set(stored.map((r) => (JSON.parse(r.data) as { seq: number }).seq));
    assert.strictEqual(seqs.size, 299);
    assert.ok(!seqs.has(123));
    assert.ok(stored.every((r) => /^user-\d+$/.test(r.partitionKey)), 'partition keys come from user.id');

    const abort = new AbortController();
    abort.abort();
    const cancelled = await vscode.commands.executeCommand<PutRecordsFromFileOutcome>('kinesis.putRecordsFromFile',
      { stream: 'ops-bulk', file, partitionKey: { kind: 'random' }, signal: abort.signal, failedRecordsFile: path.join(dir, 'cancelled.failed.ndjson') });
    assert.ok(cancelled?.cancelled, 'a cancelled run says so');
    assert.strictEqual((await readAll('ops-bulk')).length, 299 + cancelled.sent, 'exactly the reported records were stored');
  });

  test('tags: add, list, remove', async () => {
    await vscode.commands.executeCommand('kinesis.addTags', { stream: STREAM, tags: { dept: 'fin', env: 'dev' } });
    assert.deepStrictEqual(await vscode.commands.executeCommand('kinesis.listTags', { stream: STREAM }), { team: 'orders', dept: 'fin', env: 'dev' });
    await vscode.commands.executeCommand('kinesis.removeTags', { stream: STREAM, keys: ['env'] });
    assert.deepStrictEqual(await api.gateway.listTags(target, STREAM), { team: 'orders', dept: 'fin' });
  });

  test('reshard: update shard count, split at the midpoint, merge adjacent shards', async function () {
    this.timeout(120_000);
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.updateShardCount', { stream: STREAM, targetShardCount: 5 });
    assert.match(api.errors.lastMessage ?? '', /½|half|2×|between|at most|at least/i, 'a target above 2× must be refused with the rule');
    await vscode.commands.executeCommand('kinesis.updateShardCount', { stream: STREAM, targetShardCount: 4 });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).openShardCount, 4);

    const open = (await api.gateway.listShards(target, STREAM)).filter((s) => !s.endingSequenceNumber);
    await vscode.commands.executeCommand('kinesis.splitShard', { stream: STREAM, shardId: open[0].shardId });
    const afterSplit = (await api.gateway.listShards(target, STREAM)).filter((s) => !s.endingSequenceNumber);
    assert.strictEqual(afterSplit.length, 5);
    assert.ok(afterSplit.some((s) => s.parentShardId === open[0].shardId), 'the split children point at their parent');

    const sorted = [...afterSplit].sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
    await vscode.commands.executeCommand('kinesis.mergeShards', { stream: STREAM, shardId: sorted[0].shardId, adjacentShardId: sorted[1].shardId });
    assert.strictEqual((await api.gateway.listShards(target, STREAM)).filter((s) => !s.endingSequenceNumber).length, 4);
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.mergeShards', { stream: STREAM, shardId: sorted[0].shardId, adjacentShardId: sorted[4].shardId });
    assert.match(api.errors.lastMessage ?? '', /adjacent/);
  });

  test('retention, encryption, consumers, monitoring and mode', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('kinesis.setRetention', { stream: STREAM, hours: 168 });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).retentionHours, 168);
    await vscode.commands.executeCommand('kinesis.startEncryption', { stream: STREAM, keyId: 'alias/aws/kinesis' });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).encryption, 'KMS');
    await vscode.commands.executeCommand('kinesis.stopEncryption', { stream: STREAM });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).encryption, 'NONE');
    await vscode.commands.executeCommand('kinesis.registerConsumer', { stream: STREAM, consumerName: 'analytics-app' });
    const arn = (await api.gateway.describeStream(target, STREAM)).arn;
    assert.deepStrictEqual((await api.gateway.listConsumers(target, arn)).map((c) => c.name), ['analytics-app']);
    await vscode.commands.executeCommand('kinesis.setEnhancedMonitoring', { stream: STREAM, metrics: ['IncomingBytes', 'IteratorAgeMilliseconds'], enabled: true });
    assert.deepStrictEqual([...(await api.gateway.describeStream(target, STREAM)).enhancedMonitoring].sort(), ['IncomingBytes', 'IteratorAgeMilliseconds']);
    await vscode.commands.executeCommand('kinesis.switchStreamMode', { stream: STREAM, mode: 'ON_DEMAND' });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).mode, 'ON_DEMAND');
    await vscode.commands.executeCommand('kinesis.switchStreamMode', { stream: STREAM, mode: 'PROVISIONED' });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).mode, 'PROVISIONED');
  });

  test('the tree shows shards, consumers and tags, and a screenshot of it', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('kinesis.refreshExplorer');
    const streamNode = await waitFor(() => api.explorer.model.findStream(region, STREAM), 10_000, 'stream node') as StreamNode;
    const groups = (await childrenOf(streamNode)) as GroupNode[];
    assert.deepStrictEqual(groups.map((g) => g.group), ['shards', 'consumers', 'tags']);
    const shards = await childrenOf(groups[0]);
    assert.ok(shards.filter((s) => s.kind === 'shard' && s.open).length === 4, 'four open shards are listed');
    assert.ok(shards.some((s) => s.kind === 'shard' && !s.open && s.childShardIds.length > 0), 'closed parents link to their children');
    assert.deepStrictEqual((await childrenOf(groups[1])).map((c) => c.kind === 'consumer' ? c.consumer.name : c.kind), ['analytics-app']);
    assert.deepStrictEqual((await childrenOf(groups[2])).map((t) => t.kind === 'tag' ? `${t.key}=${t.value}` : t.kind), ['dept=fin', 'team=orders']);

    await vscode.commands.executeCommand('workbench.view.extension.kinesis');
    await waitFor(() => api.explorer.treeView.visible, 15_000, 'explorer visible');
    for (const node of [groups[0], groups[1], groups[2]]) {
      await waitFor(async () => {
        try { await api.explorer.treeView.reveal(node, { expand: true, focus: false, select: false }); return true; } catch { return false; }
      }, 15_000, `reveal ${node.group}`);
    }
    await waitFor(() => api.explorer.model.details(streamNode), 10_000, 'stream details');
    const shot = await screenshot('explorer-expanded');
    assert.ok(shot.bytes > 10_000);
  });

  test('read-only mode refuses a mutation and says why; nothing changes', async () => {
    await setKinesisSetting('readOnly', true);
    await waitFor(() => api.mutationGuard.refusal, 5000, 'read-only to apply');
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.createStream', { name: 'should-not-exist', mode: 'PROVISIONED', shardCount: 1 });
    assert.match(api.errors.lastMessage ?? '', /read-only/);
    await vscode.commands.executeCommand('kinesis.deleteStream', { stream: STREAM, confirmName: STREAM });
    const names = (await api.gateway.listStreams(target)).map((s) => s.name);
    assert.ok(!names.includes('should-not-exist'));
    assert.ok(names.includes(STREAM), 'read-only mode let a delete through');
    await setKinesisSetting('readOnly', false);
    await waitFor(() => !api.mutationGuard.refusal, 5000, 'read-only to clear');
  });

  test('delete requires the name, then removes the stream', async () => {
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.deleteStream', { stream: STREAM, confirmName: 'wrong' });
    assert.match(api.errors.lastMessage ?? '', /confirmName/);
    assert.ok((await api.gateway.listStreams(target)).some((s) => s.name === STREAM));
    const deleted = await vscode.commands.executeCommand('kinesis.deleteStream', { stream: STREAM, confirmName: STREAM, enforceConsumerDeletion: true });
    assert.strictEqual(deleted, true, `delete failed: ${api.errors.lastMessage}`);
    await waitFor(async () => !(await api.gateway.listStreams(target)).some((s) => s.name === STREAM), 15_000, 'stream gone');
  });
});
