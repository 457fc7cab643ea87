/**
 * `@kinesis` for a user with no language model at all (host profile 'no-model': the test model is
 * not installed). VS Code refuses a chat request when no model exists, so the extension offers its
 * requirements engine as a stand-in model; the participant answers from the engine.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { screenshot, waitFor } from '../support/driver';
import { activateExtension } from '../support/extensionApi';

suite('Chat without a language model [host:no-model]', () => {
  let folder: vscode.Uri;
  const requirementUri = () => vscode.Uri.joinPath(folder, 'kinesis_requirement.md');
  const exists = (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

  suiteSetup(async () => {
    await activateExtension();
    folder = vscode.workspace.workspaceFolders![0].uri;
    if (await exists(requirementUri())) await vscode.workspace.fs.delete(requirementUri());
  });

  test('only the stand-in engine model is offered, and @kinesis writes the requirement file from a throughput message', async () => {
    await waitFor(async () => (await vscode.lm.selectChatModels()).length > 0, 20_000, 'the stand-in model to be offered');
    const models = await vscode.lm.selectChatModels();
    assert.deepStrictEqual([...new Set(models.map((m) => m.vendor))], ['kinesis-studio'], 'another model is installed in the no-model run');

    const result = (await vscode.commands.executeCommand('workbench.action.chat.open', {
      query: '@kinesis We run an online shop: clickstream events at 12k/s peak and 4k/s on average, 1 KB each, partition key is session_id.',
      blockOnResponse: true,
    })) as { errorDetails?: { message?: string } } | undefined;
    assert.ok(!result?.errorDetails, `chat answered with an error: ${JSON.stringify(result?.errorDetails)}`);

    await waitFor(async () => await exists(requirementUri()), 20_000, 'kinesis_requirement.md to be written');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(requirementUri()));
    assert.strictEqual(parseRequirementDocument(text).requirements.length, 1, `expected one requirement row:\n${text}`);
    assert.match(text, /12,000|12K/i, 'the 12K/s peak was not written');
    assert.match(text, /session_id/, 'the partition key was not written');
    await screenshot('chat-no-model');
  });
});
