/**
 * `kinesis-studio mcp` as an MCP client sees it: the SDK's own Client over stdio, spawning the built
 * dist/cli.js, against kinesis-local on 127.0.0.1. A counting proxy (no faults) sits between the
 * server and the emulator, so "nothing was sent" is a request count, not a guess. Every tool runs
 * once and the emulator's state is read back with the gateway after each change.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { KINESIS_TOOL_NAMES } from '../../src/core/tools/names';
import { newRequirementFileTemplate } from '../../src/core/requirements/template';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';

const CLI = [path.resolve(__dirname, '../../../dist/cli.js'), path.resolve('dist/cli.js')].find((p) => existsSync(p));
const SYDNEY = 'ap-southeast-2';

type ToolResult = { text: string; isError: boolean };

describe('kinesis-studio mcp over stdio against kinesis-local', { timeout: 600_000 }, () => {
  let emulator: TestEmulator;
  let proxy: FaultProxy;
  let gateway: KinesisGateway;
  let sydney: ConnectionTarget;
  let workspace: string;
  let writer: Client;
  let reader: Client;

  async function connect(extra: string[]): Promise<Client> {
    assert.ok(CLI, 'dist/cli.js is missing: run node esbuild.mjs first');
    const client = new Client({ name: 'kinesis-studio-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--local', '--endpoint', proxy.endpoint, '--region', SYDNEY, ...extra],
      stderr: 'ignore',
    }));
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const result = await client.callTool({ name, arguments: args }) as { content: { type: string; text?: string }[]; isError?: boolean };
    return { text: result.content.map((c) => c.text ?? '').join(''), isError: result.isError === true };
  }

  /** Calls a tool that must succeed and returns its text. */
  async function ok(name: string, args: Record<string, unknown>): Promise<string> {
    const result = await call(writer, name, args);
    assert.equal(result.isError, false, `${name} failed: ${result.text}`);
    return result.text;
  }

  /** A call that must be refused before anything reaches Kinesis. */
  async function refusedWithoutRequests(client: Client, name: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
    proxy.resetCounters();
    const result = await call(client, name, args);
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} was not refused: ${result.text}`);
    assert.match(result.text, message);
    assert.equal(proxy.counters.requests, 0, `${name} sent ${JSON.stringify(proxy.counters.requestsByOperation)} despite the bad input`);
  }

  const streamNames = async () => (await gateway.listStreams(sydney)).map((s) => s.name).sort();

  before(async () => {
    emulator = await startKinesisLocal();
    proxy = await startFaultProxy({ upstream: emulator.endpoint });
    gateway = createAwsGateway({ logger: nullLogger, pollDelaysMs: { initial: 50, max: 200 } });
    sydney = { ...emulator.target, region: SYDNEY };
    workspace = mkdtempSync(path.join(tmpdir(), 'kinesis-mcp-'));
    writer = await connect(['--allow-writes', '--workspace', workspace]);
    reader = await connect([]);
  });

  after(async () => {
    await writer?.close();
    await reader?.close();
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('lists every registry tool once, each with all three annotations', async () => {
    const { tools } = await reader.listTools();
    assert.deepEqual(tools.map((t) => t.name), [...KINESIS_TOOL_NAMES]);
    for (const tool of tools) {
      const a = tool.annotations ?? {};
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint'] as const) assert.equal(typeof a[hint], 'boolean', `${tool.name} lacks ${hint}`);
      assert.equal(tool.inputSchema.type, 'object');
    }
    const byName = new Map(tools.map((t) => [t.name, t.annotations!]));
    assert.equal(byName.get('kinesis_listStreams')!.readOnlyHint, true);
    assert.equal(byName.get('kinesis_deleteStream')!.destructiveHint, true);
    assert.equal(byName.get('kinesis_createStream')!.readOnlyHint, false);
  });

  it('read-only by default: a write tool refuses, says how to allow it, and sends nothing', async () => {
    await refusedWithoutRequests(reader, 'kinesis_createStream', { name: 'ro-refused', shardCount: 1 }, /--allow-writes/);
    assert.ok(!(await streamNames()).includes('ro-refused'));
    // Reads still work on the read-only server.
    const listed = await call(reader, 'kinesis_listStreams', {});
    assert.equal(listed.isError, false, listed.text);
  });

  it('the seed\'s four sample prompts as tool calls, checking the emulator after each', async () => {
    await gateway.createStream(sydney, { name: 'sydney-existing', mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(sydney, 'sydney-existing', 60_000);

    // 1. "list all the streams I have in Sydney region"
    const listed = await ok('kinesis_listStreams', { region: 'ap-southeast-2' });
    assert.match(listed, /sydney-existing/);
    assert.match(listed, /ap-southeast-2/);

    // 2. "create a new stream in provisioned mode with 2 shards named sayem+day+month+year"
    const now = new Date();
    const name = `sayem${now.getDate()}${now.getMonth() + 1}${now.getFullYear()}`;
    await ok('kinesis_createStream', { name, region: 'Sydney', mode: 'PROVISIONED', shardCount: 2 });
    const created = await gateway.describeStream(sydney, name);
    assert.deepEqual([created.mode, created.openShardCount, created.status], ['PROVISIONED', 2, 'ACTIVE']);

    // 3. put "CPU:10%, Storage: 80%" with partition key Device123, read back byte-identical
    const data = 'CPU:10%, Storage: 80%';
    await ok('kinesis_putRecord', { stream: name, partitionKey: 'Device123', data });
    const stored: { partitionKey: string; data: Buffer }[] = [];
    for (const shard of await gateway.listShards(sydney, name)) {
      const iterator = await gateway.getShardIterator(sydney, { stream: name, shardId: shard.shardId, type: 'TRIM_HORIZON' });
      stored.push(...(await gateway.getRecords(sydney, iterator, 100)).records.map((r) => ({ partitionKey: r.partitionKey, data: Buffer.from(r.data) })));
    }
    assert.deepEqual(stored, [{ partitionKey: 'Device123', data: Buffer.from(data, 'utf8') }]);
    const read = await ok('kinesis_getRecords', { stream: name, iteratorType: 'TRIM_HORIZON', includeBase64: true });
    const records = JSON.parse(read.slice(read.indexOf('\n') + 1)) as { partitionKey: string; text: string; dataBase64: string; kind: string }[];
    assert.equal(records.length, 1);
    assert.equal(records[0].partitionKey, 'Device123');
    assert.equal(records[0].kind, 'text');
    assert.equal(records[0].text, data);
    assert.deepEqual(Buffer.from(records[0].dataBase64, 'base64'), Buffer.from(data, 'utf8'), 'the record read back is not byte-identical');

    // 4. "add a tag dept=fin"
    await ok('kinesis_addTags', { stream: name, tags: { dept: 'fin' } });
    assert.deepEqual(await gateway.listTags(sydney, name), { dept: 'fin' });
  });

  it('bad input is refused with a message a model can act on, and nothing is sent', async () => {
    await gateway.createStream(sydney, { name: 'bad-input', mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(sydney, 'bad-input', 60_000);
    const before = await streamNames();
    await refusedWithoutRequests(writer, 'kinesis_createStream', { name: 'has space', shardCount: 1 }, /Stream name must be 1–128 characters/);
    await refusedWithoutRequests(writer, 'kinesis_createStream', { name: 'zero-shards', shardCount: 0 }, /shardCount: Shard count must be a whole number from 1 to 10,000/);
    await refusedWithoutRequests(writer, 'kinesis_createStream', { name: 'too-many', shardCount: 10_001 }, /1 to 10,000/);
    await refusedWithoutRequests(writer, 'kinesis_createStream', { name: 'od-shards', mode: 'ON_DEMAND', shardCount: 2 }, /ON_DEMAND stream has no shardCount/);
    await refusedWithoutRequests(writer, 'kinesis_createStream', { name: 'wrong-region', region: 'Atlantis' }, /not a region I know/);
    await refusedWithoutRequests(writer, 'kinesis_createStream', { shardCount: 1 }, /name is required/);
    await refusedWithoutRequests(writer, 'kinesis_increaseRetention', { stream: 'bad-input', retentionHours: 8761 }, /24 \(1 day\) to 8760/);
    await refusedWithoutRequests(writer, 'kinesis_decreaseRetention', { stream: 'bad-input', retentionHours: 23 }, /Retention must be a whole number of hours/);
    await refusedWithoutRequests(writer, 'kinesis_putRecord', { stream: 'bad-input', partitionKey: '', data: 'x' }, /Partition key must be 1–256 characters \(got 0\)/);
    await refusedWithoutRequests(writer, 'kinesis_putRecord', { stream: 'bad-input', partitionKey: 'k'.repeat(257), data: 'x' }, /got 257/);
    await refusedWithoutRequests(writer, 'kinesis_putRecord', { stream: 'bad-input', partitionKey: 'k', data: 'not json', encoding: 'json' }, /not valid JSON/);
    await refusedWithoutRequests(writer, 'kinesis_addTags', { stream: 'bad-input', tags: { 'aws:owner': 'x' } }, /reserved for AWS/);
    await refusedWithoutRequests(writer, 'kinesis_splitShard', { stream: 'bad-input', shardId: 'shardId-000000000000', newStartingHashKey: '-1' }, /Hash key must be a decimal integer/);
    await refusedWithoutRequests(writer, 'kinesis_getRecords', { stream: 'bad-input', iteratorType: 'AT_SEQUENCE_NUMBER', shardId: 'shardId-000000000000' }, /needs sequenceNumber/);
    assert.deepEqual(await streamNames(), before, 'a refused call changed the streams');

    // A record above the default 1 MiB is checked against this stream's maximum before anything is put.
    proxy.resetCounters();
    const big = await call(writer, 'kinesis_putRecord', { stream: 'bad-input', partitionKey: 'k', data: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(big.isError, true, big.text);
    assert.match(big.text, /at most 1,048,576 bytes \(its maximum record size\)/);
    assert.equal(proxy.counters.requestsByOperation.PutRecord ?? 0, 0, 'the oversized record was sent');

    // A rule that needs the stream's state is checked before the change: half to double the open shards.
    proxy.resetCounters();
    const reshard = await call(writer, 'kinesis_updateShardCount', { stream: 'bad-input', targetShardCount: 3 });
    assert.equal(reshard.isError, true, reshard.text);
    assert.match(reshard.text, /between half and double the current 1 shards: 1–2/);
    assert.equal(proxy.counters.requestsByOperation.UpdateShardCount ?? 0, 0);
    assert.equal((await gateway.describeStream(sydney, 'bad-input')).openShardCount, 1);
  });

  it('every other tool once, with the emulator state read back after each change', async () => {
    const s = 'every-tool';
    await ok('kinesis_createStream', { name: s, shardCount: 2, retentionHours: 48, tags: { env: 'test' } });
    assert.match(await ok('kinesis_describeStream', { stream: s }), /retention 48 h/);

    const shards = (await gateway.listShards(sydney, s)).map((x) => x.shardId);
    assert.match(await ok('kinesis_listShards', { stream: s }), new RegExp(`${shards[0]}: open`));

    await ok('kinesis_splitShard', { stream: s, shardId: shards[0] });
    assert.equal((await gateway.describeStream(sydney, s)).openShardCount, 3);

    const open = (await gateway.listShards(sydney, s)).filter((x) => x.endingSequenceNumber === undefined)
      .sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
    await ok('kinesis_mergeShards', { stream: s, shardId: open[0].shardId, adjacentShardId: open[1].shardId });
    assert.equal((await gateway.describeStream(sydney, s)).openShardCount, 2);

    await ok('kinesis_updateShardCount', { stream: s, targetShardCount: 4 });
    assert.equal((await gateway.describeStream(sydney, s)).openShardCount, 4);

    const put = await ok('kinesis_putRecords', { stream: s, records: [{ partitionKey: 'a', data: '{"n":1}', encoding: 'json' }, { partitionKey: 'b', data: 'aGVsbG8=', encoding: 'base64' }] });
    assert.match(put, /^2 of 2 records stored/);
    const read = await ok('kinesis_getRecords', { stream: s, limit: 10 });
    const records = JSON.parse(read.slice(read.indexOf('\n') + 1)) as { partitionKey: string; kind: string; text?: string }[];
    assert.deepEqual(records.map((r) => [r.partitionKey, r.kind, r.text]).sort(), [['a', 'json', '{"n":1}'], ['b', 'text', 'hello']]);

    const arn = (await gateway.describeStream(sydney, s)).arn;
    await ok('kinesis_registerConsumer', { stream: s, consumerName: 'reader-1' });
    assert.deepEqual((await gateway.listConsumers(sydney, arn)).map((c) => c.name), ['reader-1']);
    assert.match(await ok('kinesis_listConsumers', { stream: s }), /reader-1/);
    assert.match(await ok('kinesis_describeConsumer', { stream: s, consumerName: 'reader-1' }), /Consumer reader-1 on every-tool: status/);
    await ok('kinesis_deregisterConsumer', { stream: s, consumerName: 'reader-1' });
    for (let i = 0; i < 50 && (await gateway.listConsumers(sydney, arn)).length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await gateway.listConsumers(sydney, arn), []);

    await ok('kinesis_enableEnhancedMonitoring', { stream: s, metrics: ['IncomingBytes', 'IncomingRecords'] });
    assert.deepEqual([...(await gateway.describeStream(sydney, s)).enhancedMonitoring].sort(), ['IncomingBytes', 'IncomingRecords']);
    await ok('kinesis_disableEnhancedMonitoring', { stream: s, metrics: ['IncomingBytes'] });
    assert.deepEqual([...(await gateway.describeStream(sydney, s)).enhancedMonitoring], ['IncomingRecords']);

    await ok('kinesis_startEncryption', { stream: s });
    assert.equal((await gateway.describeStream(sydney, s)).encryption, 'KMS');
    await ok('kinesis_stopEncryption', { stream: s });
    assert.equal((await gateway.describeStream(sydney, s)).encryption, 'NONE');

    await ok('kinesis_addTags', { stream: s, tags: { team: 'data' } });
    assert.match(await ok('kinesis_listTags', { stream: s }), /env=test, team=data|team=data, env=test/);
    await ok('kinesis_removeTags', { stream: s, keys: ['env'] });
    assert.deepEqual(await gateway.listTags(sydney, s), { team: 'data' });

    await ok('kinesis_increaseRetention', { stream: s, retentionHours: 72 });
    assert.equal((await gateway.describeStream(sydney, s)).retentionHours, 72);
    await ok('kinesis_decreaseRetention', { stream: s, retentionHours: 24 });
    assert.equal((await gateway.describeStream(sydney, s)).retentionHours, 24);

    await ok('kinesis_updateStreamMode', { stream: s, mode: 'ON_DEMAND' });
    assert.equal((await gateway.describeStream(sydney, s)).mode, 'ON_DEMAND');

    const estimate = await ok('kinesis_estimateShardsAndCost', { peakRecordsPerSecond: 5000, recordSize: '2KB' });
    assert.match(estimate, /Shards needed at peak: 10/);

    writeFileSync(path.join(workspace, 'kinesis_requirement.md'), newRequirementFileTemplate());
    const analysis = await ok('kinesis_analyzeRequirementFile', {});
    assert.match(analysis, /^Analysis of kinesis_requirement\.md/);
    assert.match(analysis, /Not ready for the architecture document/);
    const outside = await call(writer, 'kinesis_analyzeRequirementFile', { path: '../etc/passwd' });
    assert.equal(outside.isError, true);
    assert.match(outside.text, /leaves the workspace/);

    await ok('kinesis_deleteStream', { stream: s });
    for (let i = 0; i < 50 && (await streamNames()).includes(s); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!(await streamNames()).includes(s));
  });

  it('one architect turn: the four-part reply and the requirement file\'s new text, from the engine', async () => {
    const turn = await ok('kinesis_architectTurn', { message: 'clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours', fileText: newRequirementFileTemplate() });
    for (const heading of ['What I learned', 'Updated in requirement file', 'Next steps', 'Questions']) assert.match(turn, new RegExp(`### ${heading}`));
    const newText = turn.slice(turn.indexOf('````markdown\n') + 12, turn.lastIndexOf('\n````'));
    assert.match(newText, /10K\/5K RPS \| 2KB \| <100ms \| 24 hours/);
  });

  it('serves the architect prompt and, with --workspace, the two documents as resources', async () => {
    const { prompts } = await writer.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name), ['kinesis_architect']);
    const prompt = await writer.getPrompt({ name: 'kinesis_architect' });
    const text = prompt.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('');
    assert.match(text, /kinesis_requirement\.md/);
    assert.match(text, /kinesis_streaming_architecture\.md/);
    assert.match(text, /### What I learned/);

    const { resources } = await writer.listResources();
    assert.deepEqual(resources.map((r) => path.basename(new URL(r.uri).pathname)), ['kinesis_requirement.md', 'kinesis_streaming_architecture.md']);
    writeFileSync(path.join(workspace, 'kinesis_requirement.md'), '# Kinesis Streaming Architecture Session\n');
    const read = await writer.readResource({ uri: resources[0].uri });
    assert.deepEqual(read.contents.map((c) => ('text' in c ? c.text : undefined)), ['# Kinesis Streaming Architecture Session\n']);
    await assert.rejects(writer.readResource({ uri: resources[1].uri }), /may not exist yet/);
    // Without --workspace there are no resources at all.
    assert.equal(reader.getServerCapabilities()?.resources, undefined);
  });
});
