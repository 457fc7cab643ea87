/**
 * The one tool registry: package.json's languageModelTools are generated from it, the LM tools and
 * the MCP server list the same operations, and every rule that needs no AWS call stops a bad call
 * before the gateway sees it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { KINESIS_TOOL_NAMES } from '../../../src/core/tools/names';
import { KINESIS_TOOLS, languageModelToolContributions, languageModelToolNlsEntries, prepareTool, runTool, toolJsonSchema } from '../../../src/core/tools/registry';
import { ToolInputError, ToolRefusedError, type ToolContext } from '../../../src/core/tools/types';
import { FAKE_TARGET, FakeKinesisGateway } from '../../support/fakeKinesisGateway';

const ROOT = [path.resolve(__dirname, '../../../..'), process.cwd()].find((p) => {
  try { return JSON.parse(readFileSync(path.join(p, 'package.json'), 'utf8')).name === 'kinesis-studio'; } catch { return false; }
})!;
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function context(gateway: FakeKinesisGateway, writeRefusal?: string): ToolContext {
  return {
    gateway, target: (region) => ({ ...FAKE_TARGET, region }), defaultRegion: 'us-east-1', describeWhere: (r) => r, priceTable: 'seed', writeRefusal: () => writeRefusal,
  };
}

describe('tool registry', () => {
  it('package.json languageModelTools are exactly what the registry generates (run scripts/syncLanguageModelTools.mjs)', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolContributions());
  });

  it('package.nls.json holds every tool\'s display strings as the registry words them', () => {
    const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(languageModelToolNlsEntries())) assert.strictEqual(nls[key], text, key);
  });

  it('the LM tools (registered by name at activation) and the MCP tools list the same operations, from the one registry', () => {
    const registry = KINESIS_TOOLS.map((t) => t.name);
    assert.deepEqual([...KINESIS_TOOL_NAMES], registry, 'names.ts (what the extension registers) differs from the registry');
    assert.deepEqual(manifest.contributes.languageModelTools.map((t: { name: string }) => t.name), registry);
    assert.equal(new Set(registry).size, registry.length, 'a tool name is used twice');
    // The MCP server lists KINESIS_TOOLS with toolJsonSchema: the same schema as the LM contribution.
    for (const [i, tool] of KINESIS_TOOLS.entries()) assert.deepEqual(toolJsonSchema(tool), manifest.contributes.languageModelTools[i].inputSchema, tool.name);
  });

  it('covers every operation the issue lists', () => {
    const names = new Set<string>(KINESIS_TOOLS.map((t) => t.name));
    for (const op of ['listStreams', 'describeStream', 'createStream', 'deleteStream', 'updateShardCount', 'updateStreamMode', 'listShards', 'splitShard', 'mergeShards',
      'putRecord', 'putRecords', 'getRecords', 'registerConsumer', 'deregisterConsumer', 'describeConsumer', 'listConsumers', 'enableEnhancedMonitoring',
      'disableEnhancedMonitoring', 'startEncryption', 'stopEncryption', 'addTags', 'removeTags', 'listTags', 'increaseRetention', 'decreaseRetention',
      'estimateShardsAndCost', 'analyzeRequirementFile', 'architectTurn']) assert.ok(names.has(`kinesis_${op}`), op);
  });

  it('every write has a confirmation and is not read-only; every read is read-only and not destructive', () => {
    for (const tool of KINESIS_TOOLS) {
      assert.equal(tool.annotations.readOnlyHint, tool.kind === 'read', tool.name);
      if (tool.kind === 'write') assert.equal(typeof tool.confirm, 'function', tool.name);
      else assert.equal(tool.annotations.destructiveHint, false, tool.name);
    }
  });

  it('the confirmation states the exact effect; a refused write or bad input asks nothing', () => {
    const split = KINESIS_TOOLS.find((t) => t.name === 'kinesis_splitShard')!;
    const prepared = prepareTool(split, { stream: 'orders', shardId: 'shardId-000000000001', region: 'Sydney' }, context(new FakeKinesisGateway()));
    assert.match(prepared.confirmation!.message, /Split shard \*\*shardId-000000000001\*\* of stream \*\*orders\*\* in ap-southeast-2/);
    assert.match(prepared.confirmation!.message, /one open shard/);
    const refused = prepareTool(split, { stream: 'orders', shardId: 'shardId-000000000001' }, context(new FakeKinesisGateway(), 'read-only mode.'));
    assert.equal(refused.confirmation, undefined);
    assert.equal(refused.problem, 'read-only mode.');
    const bad = prepareTool(split, { stream: 'orders' }, context(new FakeKinesisGateway()));
    assert.equal(bad.confirmation, undefined);
    assert.match(bad.problem!, /shardId is required/);
  });

  it('a refused write and a record over 10 MiB never reach the gateway', async () => {
    const gateway = new FakeKinesisGateway();
    const put = KINESIS_TOOLS.find((t) => t.name === 'kinesis_putRecord')!;
    await assert.rejects(runTool(put, { stream: 's', partitionKey: 'k', data: 'x' }, context(gateway, 'started read-only; restart with --allow-writes.')), (e) => e instanceof ToolRefusedError && /--allow-writes/.test(e.message));
    await assert.rejects(runTool(put, { stream: 's', partitionKey: 'k', data: 'x'.repeat(10 * 1024 * 1024 + 1) }, context(gateway)), (e) => e instanceof ToolInputError && /limit is 10,485,760 bytes/.test(e.message));
    await assert.rejects(runTool(put, { stream: 's', partitionKey: 'k', data: '' }, context(gateway)), (e) => e instanceof ToolInputError && /at least 1 byte/.test(e.message));
    const create = KINESIS_TOOLS.find((t) => t.name === 'kinesis_createStream')!;
    await assert.rejects(runTool(create, { name: 's', shardcount: 2 }, context(gateway)), (e) => e instanceof ToolInputError && /unknown field\(s\) "shardcount"/.test(e.message));
    assert.deepEqual(gateway.calls, []);
  });
});
