/**
 * `@kinesis` with the scripted test model (test/e2e/fixtures/test-lm): the model reads the message
 * through the kinesis_proposeRequirementFacts tool call, the engine checks every number against the
 * user's words. A grounded proposal is written; an ungrounded one (a number not in the user's words)
 * is refused and asked about, and never reaches the file.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readArchitectState } from '../../../src/core/architect/state';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ArchitectResultMetadata } from '../../../src/features/chat/participant';
import { screenshot, waitFor } from '../support/driver';
import { activateExtension } from '../support/extensionApi';

interface TestLm {
  script: ({ text: string } | { toolCall: { callId: string; name: string; input: object } })[];
  requests: { tools: string[] }[];
}

const MODEL = { vendor: 'kinesis-test', id: 'scripted' };
const PROPOSE = 'kinesis_proposeRequirementFacts';
/** A phrasing the guard rejects (no four headings), so the engine's reply is shown and can be checked. */
const NO_PHRASING = { text: 'no phrasing' };

suite('Chat: grounded and ungrounded model proposals', function () {
  let api: KinesisStudioApi;
  let lm: TestLm;
  let folder: vscode.Uri;
  let saved: Uint8Array | undefined;
  const requirementUri = () => vscode.Uri.joinPath(folder, 'kinesis_requirement.md');
  const readText = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(requirementUri()));
  const exists = async (uri: vscode.Uri): Promise<boolean> => vscode.workspace.fs.stat(uri).then(() => true, () => false);

  async function chat(query: string): Promise<ArchitectResultMetadata> {
    const result = (await vscode.commands.executeCommand('workbench.action.chat.open', { query, modelSelector: MODEL, blockOnResponse: true })) as { metadata?: ArchitectResultMetadata } | undefined;
    const metadata = result?.metadata ?? (api.chat?.lastResult?.metadata as ArchitectResultMetadata | undefined);
    assert.ok(metadata, `no ChatResult metadata: ${JSON.stringify(result)}`);
    return metadata;
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    const testLm = vscode.extensions.getExtension<TestLm>('kinesis-test.test-lm');
    assert.ok(testLm, 'the test language model is not loaded');
    lm = await testLm.activate();
    await waitFor(async () => (await vscode.lm.selectChatModels(MODEL)).length > 0, 15_000, 'the kinesis-test model');
    folder = vscode.workspace.workspaceFolders![0].uri;
    saved = (await exists(requirementUri())) ? await vscode.workspace.fs.readFile(requirementUri()) : undefined;
    if (saved) await vscode.workspace.fs.delete(requirementUri());
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (await exists(requirementUri())) await vscode.workspace.fs.delete(requirementUri());
    if (saved) await vscode.workspace.fs.writeFile(requirementUri(), saved);
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.chat.newChat');
    lm.script = [];
  });

  test('a grounded proposal is applied; a number not in the user\'s words is refused and asked about', async function () {
    this.timeout(120_000);
    // 1. grounded: 36 million an hour is 10,000/s, a derivation the engine makes itself
    lm.script = [{ toolCall: { callId: 'facts-1', name: PROPOSE, input: { requirements: [{
      description: 'Audit trail',
      peakRecordsPerSecond: { value: 10000, quote: '36 million records an hour' },
      recordSizeBytes: { value: 1000, quote: '1 KB each' },
    }] } } }, NO_PHRASING];
    let m = await chat('@kinesis The audit trail gets 36 million records an hour at peak, 1 KB each.');
    assert.ok(m.grounding, `the model's proposals were not checked: ${JSON.stringify(m)}`);
    assert.ok(m.grounding.accepted.some((a) => a.startsWith('peakRecordsPerSecond=')), JSON.stringify(m.grounding));
    assert.deepStrictEqual(m.grounding.refused, []);
    let [row] = parseRequirementDocument(await readText()).requirements;
    assert.strictEqual(row.throughput.peakRecordsPerSecond, 10000, await readText());
    assert.strictEqual(row.recordSizeBytes, 1000);

    // 2. ungrounded: the model makes up an average the user never said
    lm.script = [{ toolCall: { callId: 'facts-2', name: PROPOSE, input: { requirements: [{
      description: 'Audit trail',
      averageRecordsPerSecond: { value: 4000, quote: 'keep them 7 days' },
    }] } } }, NO_PHRASING];
    m = await chat('@kinesis We keep them 7 days.');
    assert.ok(m.grounding?.refused.some((r) => r.startsWith('averageRecordsPerSecond=4000')), JSON.stringify(m.grounding));
    const text = await readText();
    const rows = parseRequirementDocument(text).requirements;
    assert.deepStrictEqual(rows.map((r) => [r.fields.description?.text, r.retentionHours]), [['Audit trail', 168]], 'the follow-up did not update the one row');
    [row] = rows;
    assert.strictEqual(row.throughput.averageRecordsPerSecond, undefined, 'the ungrounded average was written');
    assert.ok(!/4,000|4K\b/.test(text), `the made-up number reached the file:\n${text}`);
    assert.ok(lm.requests.some((r) => r.tools.includes(PROPOSE)), 'the model was never offered the proposal tool');
    assert.strictEqual(m.repliedBy, 'engine');
    // The refusal is asked about first in the reply's Questions, and the interview continues in the file.
    assert.match(m.questions ?? '', /^1\. The language model read 4,000 as the average records per second/, m.questions);
    assert.ok((readArchitectState(text).state?.turns ?? 0) >= 2, 'the turns were not recorded in the file');
    await screenshot('chat-grounding-refused');
  });
});
