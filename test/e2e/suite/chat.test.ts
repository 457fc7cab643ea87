import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ArchitectResultMetadata } from '../../../src/features/chat/participant';
import { driverAction, hasDriver, screenshot, sleep, waitFor } from '../support/driver';
import { activateExtension, REPO_ROOT, setKinesisSetting } from '../support/extensionApi';

/** What the test-only model (test/e2e/fixtures/test-lm) exposes: a script queue and a request log. */
interface TestLm {
  script: ({ text: string } | { toolCall: { callId: string; name: string; input: object } } | { error: 'NoPermissions' | 'Blocked' | 'NotFound' })[];
  requests: { messages: { role: number; parts: { text?: string; toolResult?: string; content?: string[]; toolCall?: string }[] }[]; tools: string[] }[];
}

const MODEL = { vendor: 'kinesis-test', id: 'scripted' };
const CONFIRM = '.interactive-input-part .chat-confirmation-widget-container';
const SYDNEY = 'ap-southeast-2';

type ChatOutcome = { metadata?: ArchitectResultMetadata; type?: string; toolId?: string } | undefined;

suite('Chat: @kinesis participant and language-model tools', function () {
  let api: KinesisStudioApi;
  let lm: TestLm;
  let sydney: ConnectionTarget;
  let folder: vscode.Uri;
  let savedRequirementFile: Uint8Array | undefined;
  const requirementUri = () => vscode.Uri.joinPath(folder, 'kinesis_requirement.md');
  const architectureUri = () => vscode.Uri.joinPath(folder, 'kinesis_streaming_architecture.md');

  const chat = async (query: string): Promise<ChatOutcome> =>
    (await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: MODEL, blockOnResponse: true })) as ChatOutcome;
  const meta = (r: ChatOutcome): ArchitectResultMetadata => {
    assert.ok(r?.metadata, `no ChatResult metadata: ${JSON.stringify(r)}`);
    return r.metadata;
  };
  const readText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const exists = async (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);
  const remove = async (uri: vscode.Uri) => { if (await exists(uri)) await vscode.workspace.fs.delete(uri); };
  const streamNames = async () => (await api.gateway.listStreams(sydney)).map((s) => s.name);
  /** The last tool result the model was sent. */
  const lastToolResult = () => lm.requests.flatMap((r) => r.messages.flatMap((m) => m.parts)).filter((p) => p.toolResult).at(-1);

  /** Sends a prompt whose scripted tool call needs confirmation, approves it, and waits for the reply. */
  async function approved(toolCall: { callId: string; name: string; input: object }, prompt: string): Promise<ArchitectResultMetadata> {
    lm.script = [{ toolCall }];
    const opened = await chat(prompt);
    assert.strictEqual(opened?.type, 'confirmation', `expected a confirmation for ${toolCall.name}: ${JSON.stringify(opened)}`);
    assert.strictEqual(opened.toolId, toolCall.name);
    await vscode.commands.executeCommand('workbench.action.chat.acceptTool');
    const result = await api.chat!.running!;
    return meta(result as ChatOutcome);
  }

  async function readRecords(stream: string): Promise<{ partitionKey: string; data: string }[]> {
    const records: { partitionKey: string; data: string }[] = [];
    for (const shard of await api.gateway.listShards(sydney, stream)) {
      const iterator = await api.gateway.getShardIterator(sydney, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
      const page = await api.gateway.getRecords(sydney, iterator, 100);
      records.push(...page.records.map((r) => ({ partitionKey: r.partitionKey, data: Buffer.from(r.data).toString('utf8') })));
    }
    return records;
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await activateExtension();
    const testLm = vscode.extensions.getExtension<TestLm>('kinesis-test.test-lm');
    assert.ok(testLm, 'the test language model (test/e2e/fixtures/test-lm) is not loaded');
    lm = await testLm.activate();
    await waitFor(async () => (await vscode.lm.selectChatModels(MODEL)).length > 0, 15_000, 'the kinesis-test model');
    folder = vscode.workspace.workspaceFolders![0].uri;
    // Other suites use the fixture's requirement file: keep it and put it back afterwards.
    savedRequirementFile = (await exists(requirementUri())) ? await vscode.workspace.fs.readFile(requirementUri()) : undefined;
    await remove(requirementUri());
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
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await remove(architectureUri());
    await remove(requirementUri());
    if (savedRequirementFile) await vscode.workspace.fs.writeFile(requirementUri(), savedRequirementFile);
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await vscode.commands.executeCommand('workbench.action.chat.resetTrustedTools');
    await vscode.commands.executeCommand('notifications.clearAll');
    lm.script = [];
  });

  test('a multi-turn interview fills kinesis_requirement.md; /design refuses until confirmed, then writes the architecture', async function () {
    this.timeout(180_000);
    await remove(requirementUri());
    await remove(architectureUri());

    // 1. the seed's example sentence; the model tries to invent a number: its phrasing is discarded
    lm.script = [{ text: 'no facts to report' }, { text: '### What I learned\nYou need 37 shards.\n### Updated in requirement file\nx\n### Next steps\ny\n### Questions\n1. z' }];
    let m = meta(await chat('@kinesis We are building real-time analytics for an e-commerce site. clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours'));
    assert.strictEqual(m.fileUpdated, true);
    assert.strictEqual(m.repliedBy, 'engine', 'a reply with a number the engine did not produce must be discarded');
    let doc = parseRequirementDocument(await readText(requirementUri()));
    assert.strictEqual(doc.requirements.length, 1);
    const [row] = doc.requirements;
    assert.deepStrictEqual(
      [row.description, row.fields.throughput?.text, row.fields.recordSize?.text, row.fields.latency?.text, row.fields.retention?.text],
      ['Clickstream', '10K/5K RPS', '2KB', '<100ms', '24 hours']);
    assert.deepStrictEqual([row.throughput.peakRecordsPerSecond, row.throughput.averageRecordsPerSecond, row.recordSizeBytes, row.latencyMs, row.retentionHours], [10000, 5000, 2000, 100, 24]);
    assert.match(doc.overview.find((i) => i.label === 'Domain')!.value, /e-commerce/);

    // 2. producers, consumers, partition key: the participant then asks about other producers/consumers
    m = meta(await chat('@kinesis Producers are the web app and mobile app. Consumers are a Lambda fraud checker and a dashboard. Partition key is session_id'));
    assert.strictEqual(m.stage, 'otherSources');
    assert.strictEqual(m.kinesisState?.askedOtherSources, true);

    // 3. /design before confirmation is refused, with reasons, and writes nothing
    m = meta(await chat('@kinesis /design'));
    assert.strictEqual(m.architectureWritten, false);
    assert.ok(m.refusedBecause?.some((r) => /confirmed/.test(r)), JSON.stringify(m.refusedBecause));
    assert.ok(!(await exists(architectureUri())), 'the architecture file was written before confirmation');

    // 4. no other sources → the shard/consumer decision is proposed, not written; the model phrases this reply
    lm.script = [{ text: 'no facts to report' }, { text: '### What I learned\nNo other sources.\n\n### Updated in requirement file\nThe checklist.\n\n### Next steps\nI propose a design for you to review.\n\n### Questions\n1. Shall I write it down?\n2. Anything else?' }];
    m = meta(await chat('@kinesis No other producers or consumers.'));
    assert.strictEqual(m.stage, 'proposal');
    assert.strictEqual(m.repliedBy, 'model');
    assert.ok(m.kinesisState?.pendingProposal, 'no pending proposal');
    doc = parseRequirementDocument(await readText(requirementUri()));
    assert.strictEqual(doc.dataFlow.find((i) => /Stream Configuration/.test(i.label))!.value, '', 'the shard count was written before the user agreed');

    // 5. agreement writes the decisions
    m = meta(await chat('@kinesis Yes, write these decisions down.'));
    doc = parseRequirementDocument(await readText(requirementUri()));
    assert.match(doc.dataFlow.find((i) => /Stream Configuration/.test(i.label))!.value, /Clickstream: 20 shards, provisioned, 24 h retention/);
    assert.deepStrictEqual(doc.dataFlow.find((i) => i.label === 'Producers')!.value, 'web app, mobile app');
    assert.deepStrictEqual(doc.dataFlow.find((i) => i.label === 'Consumers')!.value, 'Lambda fraud checker, dashboard');
    assert.match(doc.designConsiderations.find((i) => /Partition/.test(i.label))!.value, /session_id/);
    assert.match(doc.designConsiderations.find((i) => /Consumer Patterns/.test(i.label))!.value, /Enhanced fan-out/);
    assert.ok(doc.checklist.every((c) => c.checked), `checklist not complete: ${doc.checklist.filter((c) => !c.checked).map((c) => c.text).join('; ')}`);

    // 6. still unconfirmed: refused
    m = meta(await chat('@kinesis /design'));
    assert.strictEqual(m.architectureWritten, false);

    // 7. confirmation, then /design writes the architecture from the engine's numbers
    m = meta(await chat('@kinesis I confirm all requirements are captured.'));
    assert.strictEqual(m.kinesisState?.confirmed, true);
    doc = parseRequirementDocument(await readText(requirementUri()));
    assert.strictEqual(doc.requirements[0].status, 'complete');
    m = meta(await chat('@kinesis /design'));
    assert.strictEqual(m.architectureWritten, true, JSON.stringify(m.refusedBecause));
    const architecture = await readText(architectureUri());
    assert.match(architecture, /^# Kinesis Streaming Architecture/);
    assert.match(architecture, /Clickstream/);
    assert.match(architecture, /\b20\b/);
  });

  test('without a usable model (consent refused) @kinesis still extracts, updates the file and answers from the engine', async function () {
    this.timeout(60_000);
    await remove(requirementUri());
    lm.script = [{ error: 'NoPermissions' }];
    const m = meta(await chat('@kinesis IoT sensors: 2,000 devices send 1 reading every 10 seconds, 500B, under 1 s, keep 7 days'));
    assert.strictEqual(m.repliedBy, 'engine');
    assert.match(m.modelProblem ?? '', /consent/);
    const doc = parseRequirementDocument(await readText(requirementUri()));
    assert.strictEqual(doc.requirements.length, 1);
    const [row] = doc.requirements;
    assert.deepStrictEqual([row.description, row.fields.throughput?.text, row.recordSizeBytes, row.latencyMs, row.retentionHours], ['IoT sensors', '200 RPS', 500, 1000, 168]);
    assert.match(doc.overview.find((i) => i.label === 'Scale')!.value, /2,000 devices × 1 reading per 10 s = 200 records\/s/);
  });

  test('the seed\'s four sample prompts run as tool calls against local Kinesis', async function () {
    this.timeout(180_000);
    await api.gateway.createStream(sydney, { name: 'sydney-existing', mode: 'PROVISIONED', shardCount: 1 });
    await api.gateway.waitForActive(sydney, 'sydney-existing', 60_000);

    // 1. list the streams in Sydney (read-only: no confirmation)
    lm.script = [{ toolCall: { callId: 'list-1', name: 'kinesis_listStreams', input: { region: 'Sydney' } } }];
    const listed = meta(await chat('@kinesis Using kinesis list all the streams I have in Sydney region.'));
    assert.deepStrictEqual(listed.toolCalls, ['kinesis_listStreams']);
    const listResult = lastToolResult();
    assert.ok(listResult?.content?.join('').includes('sydney-existing'), JSON.stringify(listResult));
    assert.match(listResult?.content?.join('') ?? '', /ap-southeast-2/);

    // 2. create a provisioned stream with 2 shards named sayem + day + month + year
    const now = new Date();
    const name = `sayem${now.getDate()}${now.getMonth() + 1}${now.getFullYear()}`;
    await approved({ callId: 'create-1', name: 'kinesis_createStream', input: { name, region: 'Sydney', mode: 'PROVISIONED', shardCount: 2 } },
      '@kinesis Create a new stream in provisioned mode with 2 shards. The stream name is sayem+currentday+Month+Year. Region is Sydney.');
    const created = await api.gateway.describeStream(sydney, name);
    assert.deepStrictEqual([created.mode, created.openShardCount, created.status], ['PROVISIONED', 2, 'ACTIVE']);

    // 3. put "CPU:10%, Storage: 80%" with partition key Device123, and read it back
    await approved({ callId: 'put-1', name: 'kinesis_putRecord', input: { stream: name, region: 'Sydney', partitionKey: 'Device123', data: 'CPU:10%, Storage: 80%' } },
      `@kinesis Insert a record in ${name} stream. Use partition key as Device123 and data as "CPU:10%, Storage: 80%"`);
    assert.deepStrictEqual(await readRecords(name), [{ partitionKey: 'Device123', data: 'CPU:10%, Storage: 80%' }]);

    // 4. add the tag dept=fin
    await approved({ callId: 'tag-1', name: 'kinesis_addTags', input: { stream: name, region: 'Sydney', tags: { dept: 'fin' } } },
      `@kinesis add a tag in ${name} stream. the tag name is dept and value is fin`);
    assert.deepStrictEqual(await api.gateway.listTags(sydney, name), { dept: 'fin' });
  });

  test('read-only mode: a mutating tool is refused and nothing changes', async function () {
    this.timeout(60_000);
    await setKinesisSetting('readOnly', true);
    try {
      await waitFor(() => api.mutationGuard.refusal !== undefined, 5000, 'read-only mode');
      lm.script = [{ toolCall: { callId: 'ro-1', name: 'kinesis_createStream', input: { name: 'ro-refused', region: 'Sydney', shardCount: 1 } } }];
      const result = await chat('@kinesis create a stream named ro-refused in Sydney');
      assert.notStrictEqual(result?.type, 'confirmation', 'a refused change must not ask for confirmation');
      assert.match(lastToolResult()?.content?.join('') ?? '', /read-only/);
      assert.ok(!(await streamNames()).includes('ro-refused'));
    } finally {
      await setKinesisSetting('readOnly', false);
    }
  });

  test('declining a confirmation (Skip, clicked in the chat view) changes nothing; accepting does exactly the change', async function () {
    this.timeout(120_000);
    if (!hasDriver()) this.skip();
    const before = await streamNames();
    lm.script = [{ toolCall: { callId: 'skip-1', name: 'kinesis_createStream', input: { name: 'declined-stream', region: 'Sydney', shardCount: 1 } } }];
    const opened = await chat('@kinesis create a stream named declined-stream in Sydney');
    assert.strictEqual(opened?.type, 'confirmation');
    const shown = await driverAction({ action: 'text', selector: CONFIRM });
    assert.match(shown.text, /declined-stream/);
    assert.match(shown.text, /1 shard/);
    await driverAction({ action: 'click', selector: `${CONFIRM} .chat-confirmation-widget-buttons a.monaco-button.secondary:has-text("Skip")` });
    await api.chat!.running;
    await sleep(500);
    assert.deepStrictEqual((await streamNames()).sort(), before.sort(), 'a skipped tool changed the streams');

    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    await approved({ callId: 'accept-1', name: 'kinesis_createStream', input: { name: 'accepted-stream', region: 'Sydney', shardCount: 3, tags: { env: 'test' } } },
      '@kinesis create a stream named accepted-stream with 3 shards tagged env=test in Sydney');
    const after = await api.gateway.describeStream(sydney, 'accepted-stream');
    assert.deepStrictEqual([after.mode, after.openShardCount, after.retentionHours], ['PROVISIONED', 3, 24]);
    assert.deepStrictEqual(await api.gateway.listTags(sydney, 'accepted-stream'), { env: 'test' });
    assert.deepStrictEqual((await streamNames()).sort(), [...before, 'accepted-stream'].sort());
  });

  test('screenshot of the chat view with a four-part reply', async function () {
    this.timeout(60_000);
    if (!hasDriver()) this.skip();
    const m = meta(await chat('@kinesis /shards'));
    assert.strictEqual(m.command, 'shards');
    await sleep(800);
    const reply = await driverAction({ action: 'evaluate', expression: `[...document.querySelectorAll('.interactive-response')].map(e => e.innerText).at(-1) ?? ''` });
    const text = String(reply.value);
    for (const heading of ['What I learned', 'Updated in requirement file', 'Next steps', 'Questions']) assert.ok(text.includes(heading), `reply lacks "${heading}": ${text.slice(0, 400)}`);
    assert.match(text, /shards?/);
    // Give the reply room and show it from its first heading.
    await vscode.commands.executeCommand('workbench.action.maximizeAuxiliaryBar').then(undefined, () => undefined);
    await sleep(800);
    await driverAction({ action: 'evaluate', expression: `[...document.querySelectorAll('.interactive-response')].at(-1)?.scrollIntoView({ block: 'start' })` });
    await sleep(500);
    const shot = await screenshot('chat-kinesis-reply');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedAuxiliaryBar').then(undefined, () => undefined);
    assert.ok(shot.bytes > 10_000);
  });
});
