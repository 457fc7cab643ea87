/**
 * The Stream Doctor's MCP tool (kinesis_diagnoseStream) as an MCP client sees it: the SDK's own
 * Client over stdio, spawning the built dist/cli.js on a read-only server (no --allow-writes),
 * against kinesis-local. A stream where one key carries most records gets a hot-key finding that
 * names the key and the shard Kinesis put it on, with salting proposed; bad input is refused
 * before anything reaches Kinesis (counted by a loopback proxy).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway, PutRecordsEntry } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';

const CLI = [path.resolve(__dirname, '../../../dist/cli.js'), path.resolve('dist/cli.js')].find((p) => existsSync(p));
const REGION = 'eu-west-1';
const STREAM = 'doctor-mcp-hot';

describe('kinesis_diagnoseStream over MCP against kinesis-local', { timeout: 300_000 }, () => {
  let emulator: TestEmulator;
  let proxy: FaultProxy;
  let gateway: KinesisGateway;
  let target: ConnectionTarget;
  let client: Client;
  let hotShard: string;

  async function call(args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
    const result = await client.callTool({ name: 'kinesis_diagnoseStream', arguments: args }) as { content: { text?: string }[]; isError?: boolean };
    return { text: result.content.map((c) => c.text ?? '').join(''), isError: result.isError === true };
  }

  before(async () => {
    assert.ok(CLI, 'dist/cli.js is missing: run node esbuild.mjs first');
    emulator = await startKinesisLocal();
    proxy = await startFaultProxy({ upstream: emulator.endpoint });
    gateway = createAwsGateway({ logger: nullLogger });
    target = { ...emulator.target, region: REGION };
    await gateway.createStream(target, { name: STREAM, mode: 'PROVISIONED', shardCount: 4 });
    await gateway.waitForActive(target, STREAM, 60_000);
    const data = new TextEncoder().encode('{"amount":12.5}');
    const entries: PutRecordsEntry[] = [];
    for (let i = 0; i < 900; i++) entries.push({ partitionKey: i % 3 === 0 ? `user-${i}` : 'tenant-42', data });
    const hotShards = new Set<string>();
    for (let i = 0; i < entries.length; i += 500) {
      const result = await gateway.putRecords(target, STREAM, entries.slice(i, i + 500));
      assert.equal(result.failedCount, 0);
      result.entries.forEach((e, j) => { if (e.ok && entries[i + j].partitionKey === 'tenant-42') hotShards.add(e.shardId); });
    }
    assert.equal(hotShards.size, 1);
    hotShard = [...hotShards][0];
    client = new Client({ name: 'kinesis-studio-doctor-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--local', '--endpoint', proxy.endpoint, '--region', REGION],
      stderr: 'ignore',
    }));
  });

  after(async () => {
    await client?.close();
    gateway?.dispose();
    await proxy?.stop();
    await emulator?.stop();
  });

  it('is listed as a read-only tool', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'kinesis_diagnoseStream');
    assert.ok(tool, tools.map((t) => t.name).join(', '));
    assert.equal(tool.annotations?.readOnlyHint, true);
    assert.deepEqual(Object.keys((tool.inputSchema.properties ?? {}) as object).sort(), ['duration', 'from', 'region', 'stream']);
  });

  it('on a server without --allow-writes, names the hot key and its shard and proposes salting', async () => {
    const result = await call({ stream: STREAM, from: 'TRIM_HORIZON' });
    assert.equal(result.isError, false, result.text);
    assert.match(result.text, /Sampled 900 record\(s\)/);
    assert.match(result.text, new RegExp(`\\[(warning|error)\\] hot-key \\(${hotShard}, key "tenant-42"\\)`));
    assert.match(result.text, /Fix: salt key "tenant-42"/);
    assert.match(result.text, /trade-off: .*order/i);
  });

  it('refuses a bad window before anything reaches Kinesis', async () => {
    proxy.resetCounters();
    const badFrom = await call({ stream: STREAM, from: 'yesterday' });
    assert.equal(badFrom.isError, true);
    assert.match(badFrom.text, /from must be "TRIM_HORIZON" or an ISO 8601 time/);
    const badDuration = await call({ stream: STREAM, duration: 'forever' });
    assert.equal(badDuration.isError, true);
    assert.match(badDuration.text, /duration must be like "90s", "5m" or "1h"/);
    assert.equal(proxy.counters.requests, 0, JSON.stringify(proxy.counters.requestsByOperation));
  });

  it('says what went wrong for a stream that does not exist', async () => {
    const result = await call({ stream: 'no-such-stream' });
    assert.equal(result.isError, true);
    assert.match(result.text, /ResourceNotFound|not found|does not exist/i);
  });
});
