/**
 * The host state of a user without Copilot or any other language model: this suite runs in its own
 * code-server run (host profile 'no-model'), where the test model is not installed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension } from '../support/extensionApi';
import { hostProfile } from '../support/env';

suite('Host without a language model [host:no-model]', () => {
  test('the run really has no language model, and the extension still activates', async () => {
    assert.strictEqual(hostProfile(), 'no-model');
    // Kinesis Studio's own stand-in (vendor kinesis-studio, src/features/chat/engineModel.ts) is not a language model.
    const models = (await vscode.lm.selectChatModels()).filter((m) => m.vendor !== 'kinesis-studio');
    assert.deepStrictEqual(models.map((m) => `${m.vendor}/${m.id}`), [], 'a language model is installed in the no-model run');
    const api = await activateExtension();
    assert.ok(api.gateway, 'the extension API has no gateway');
  });
});
