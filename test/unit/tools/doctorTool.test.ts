/**
 * kinesis_diagnoseStream: read-only, its window checked before any call. What it finds on a real
 * stream is tested through the MCP server against kinesis-local (test/integration/doctorMcp.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTool, runTool } from '../../../src/core/tools/registry';
import { ToolInputError, type ToolContext } from '../../../src/core/tools/types';
import { FAKE_TARGET, FakeKinesisGateway } from '../../support/fakeKinesisGateway';

function context(gateway: FakeKinesisGateway): ToolContext {
  return {
    gateway, target: (region) => ({ ...FAKE_TARGET, region }), defaultRegion: 'us-east-1', describeWhere: (r) => `${r} (test)`, priceTable: 'seed',
    // Writes are refused: the doctor still runs, because it only reads.
    writeRefusal: () => 'read-only mode',
  };
}

describe('kinesis_diagnoseStream', () => {
  const tool = findTool('kinesis_diagnoseStream')!;

  it('is a read tool with read-only annotations', () => {
    assert.equal(tool.kind, 'read');
    assert.deepEqual(tool.annotations, { readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    assert.ok(tool.iamActions.includes('kinesis:GetRecords'));
  });

  it('refuses a bad window before any call, saying what to pass', async () => {
    const gateway = new FakeKinesisGateway();
    await assert.rejects(runTool(tool, { stream: 'orders', from: 'yesterday' }, context(gateway)), (e: unknown) => e instanceof ToolInputError && /TRIM_HORIZON/.test(e.message));
    await assert.rejects(runTool(tool, { stream: 'orders', duration: '2d' }, context(gateway)), (e: unknown) => e instanceof ToolInputError && /at most 24h/.test(e.message));
    await assert.rejects(runTool(tool, { stream: 'orders', window: '5m' }, context(gateway)), (e: unknown) => e instanceof ToolInputError && /unknown field/.test(e.message));
    assert.equal(gateway.calls.length, 0, 'nothing reached the gateway');
  });
});
