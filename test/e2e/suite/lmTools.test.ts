import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import { KINESIS_TOOL_NAMES } from '../../../src/core/tools/names';
import type { KinesisStudioApi } from '../../../src/extension';
import { mcpServerArgs } from '../../../src/features/mcp/register';
import { driverAction, hasDriver, waitFor } from '../support/driver';
import { activateExtension, REPO_ROOT, setKinesisSetting } from '../support/extensionApi';

/** What the test-only model (test/e2e/fixtures/test-lm) exposes: a script queue and a request log. */
interface TestLm {
  script: ({ text: string } | { toolCall: { callId: string; name: string; input: object } })[];
  requests: { tools: string[] }[];
}

const MODEL = { vendor: 'kinesis-test', id: 'scripted' };
const CONFIRM = '.interactive-input-part .chat-confirmation-widget-container';
const SYDNEY = 'ap-southeast-2';

suite('LM tools from the registry, through the chat confirmation', function () {
  let api: KinesisStudioApi;
  let lm: TestLm;
  let sydney: ConnectionTarget;

  const chat = async (query: string) =>
    (await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: MODEL, blockOnResponse: true })) as { type?: string; toolId?: string } | undefined;
  const openShards = async (stream: string) => (await api.gateway.listShards(sydney, stream)).filter((s) => s.endingSequenceNumber === undefined);

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    const testLm = vscode.extensions.getExtension<TestLm>('kinesis-test.test-lm');
    assert.ok(testLm, 'the test language model (test/e2e/fixtures/test-lm) is not loaded');
    lm = await testLm.activate();
    await setKinesisSetting('readOnly', false);
    await setKinesisSetting('localEmulatorPath', path.join(REPO_ROOT, 'node_modules', 'kinesis-local'));
    await vscode.commands.executeCommand('kinesis.startLocal');
    assert.strictEqual(api.connections.current.kind, 'local', `local mode did not start: ${api.errors.lastMessage}`);
    sydney = api.connections.targetFor(SYDNEY);
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    await setKinesisSetting('readOnly', undefined);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.resetTrustedTools');
    await vscode.commands.executeCommand('notifications.clearAll');
    lm.script = [];
  });

  test('every registry tool is registered as a language-model tool', () => {
    const registered = new Set(vscode.lm.tools.map((t) => t.name));
    for (const name of KINESIS_TOOL_NAMES) assert.ok(registered.has(name), `${name} is not registered`);
  });

  test('the MCP server definition follows the active connection and read-only mode, with names only', async function () {
    const local = api.connections.current;
    const args = mcpServerArgs('/x/dist/cli.js', local, api.mutationGuard.refusal === undefined, 'seed');
    assert.deepStrictEqual(args.slice(0, 3), ['/x/dist/cli.js', 'mcp', '--local']);
    assert.strictEqual(args[args.indexOf('--endpoint') + 1], local.endpoint);
    assert.ok(args.includes('--allow-writes'), 'writes are allowed in the extension but not passed on');
    assert.ok(!args.some((a) => /secret|AKIA|kinesis-studio-local/i.test(a)), `credentials in the args: ${args.join(' ')}`);
    await setKinesisSetting('readOnly', true);
    try {
      await waitFor(() => api.mutationGuard.refusal !== undefined, 5000, 'read-only mode');
      assert.ok(!mcpServerArgs('/x/dist/cli.js', local, api.mutationGuard.refusal === undefined, 'seed').includes('--allow-writes'), 'read-only mode must start the server read-only');
    } finally {
      await setKinesisSetting('readOnly', false);
      await waitFor(() => api.mutationGuard.refusal === undefined, 5000, 'read-only mode off');
    }
    const profile = mcpServerArgs('/x/dist/cli.js', { kind: 'aws', label: 'dev', profile: 'dev', region: SYDNEY, regions: [SYDNEY], sources: { profile: 'setting', region: 'setting', endpoint: 'aws' } }, false, 'aws');
    assert.deepStrictEqual(profile.slice(2, 6), ['--profile', 'dev', '--region', SYDNEY]);
  });

  test('split shard asks for confirmation stating the exact effect, then splits the shard in local Kinesis', async function () {
    this.timeout(180_000);
    const stream = 'lm-split';
    await api.gateway.createStream(sydney, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    await api.gateway.waitForActive(sydney, stream, 60_000);
    const [parent] = await openShards(stream);

    lm.script = [{ toolCall: { callId: 'split-1', name: 'kinesis_splitShard', input: { stream, shardId: parent.shardId, region: 'Sydney' } } }];
    // "split" is not among the participant's operation words: /streams routes to the tools explicitly.
    const opened = await chat(`@kinesis /streams split shard ${parent.shardId} of ${stream} in Sydney`);
    assert.strictEqual(opened?.type, 'confirmation', `expected a confirmation: ${JSON.stringify(opened)}`);
    assert.strictEqual(opened.toolId, 'kinesis_splitShard');
    if (hasDriver()) {
      const shown = await driverAction({ action: 'text', selector: CONFIRM });
      assert.match(shown.text, new RegExp(`Split shard ${parent.shardId} of stream ${stream} in ap-southeast-2`));
      assert.match(shown.text, /one open shard/);
    }
    assert.strictEqual((await openShards(stream)).length, 1, 'the shard was split before the confirmation');
    // The model was offered the whole registry, not the old eight tools.
    assert.ok(lm.requests.at(-1)!.tools.includes('kinesis_splitShard'), JSON.stringify(lm.requests.at(-1)!.tools));

    await vscode.commands.executeCommand('workbench.action.chat.acceptTool');
    await api.chat!.running;
    const open = await openShards(stream);
    assert.strictEqual(open.length, 2, 'the split did not happen');
    assert.ok(open.every((s) => s.parentShardId === parent.shardId), JSON.stringify(open));
  });
});
