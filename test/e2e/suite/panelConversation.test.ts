/**
 * The Architect panel's conversation pane for a user with no language model at all (host profile
 * 'no-model': the test model is not installed). Everything is driven through the real page: the
 * message box, the Enter key, the replies; the requirement file on disk is what is checked.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readArchitectState } from '../../../src/core/architect/state';
import { chatRequirementTemplate } from '../../../src/core/chat/update';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ArchitectPanelInfo } from '../../../src/features/panel/architectPanel';
import { driverAction, screenshot, setTheme, THEMES, waitFor, webviewFrames } from '../support/driver';
import { activateExtension } from '../support/extensionApi';

const frames = webviewFrames;
const HIGH_CONTRAST = 'Default High Contrast';

const webviewText = async (selector: string) => (await driverAction({ action: 'text', selector, frames })).text;
const webviewCount = async (selector: string) => (await driverAction({ action: 'count', selector, frames })).count;

suite('Architect panel conversation [host:no-model]', function () {
  let api: KinesisStudioApi;
  let uri: vscode.Uri;
  let panel: ArchitectPanelInfo;
  const fileText = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const doc = async () => parseRequirementDocument(await fileText());
  const architectureUri = () => vscode.Uri.joinPath(uri, '..', 'kinesis_streaming_architecture.md');
  const exists = async (u: vscode.Uri): Promise<boolean> => vscode.workspace.fs.stat(u).then(() => true, () => false);

  suiteSetup(async function () {
    this.timeout(90_000);
    api = await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    uri = vscode.Uri.joinPath(folder, 'conversation', 'kinesis_requirement.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(chatRequirementTemplate()));
    if (await exists(architectureUri())) await vscode.workspace.fs.delete(architectureUri());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri });
    panel = await waitFor(() => api.architectPanel?.panelFor(uri)?.ready ? api.architectPanel.panelFor(uri) : undefined, 30_000, 'panel ready');
    await driverAction({ action: 'waitFor', selector: '#architect-message', frames, timeout: 20_000 });
  });

  /** Types a message into the page's message box, presses Enter, and waits for the reply. */
  async function send(message: string): Promise<string> {
    const before = panel.conversation.length;
    await driverAction({ action: 'fill', selector: '#architect-message textarea', value: message, frames });
    await driverAction({ action: 'press', selector: '#architect-message textarea', key: 'Enter', frames });
    await waitFor(() => panel.conversation.length >= before + 2, 20_000, `the reply to "${message}"`);
    const last = panel.conversation.at(-1)!;
    assert.strictEqual(last.role, 'architect', `the turn failed: ${JSON.stringify(last)}`);
    if (last.role === 'architect') {
      const questions = last.parts[3].text.split('\n').filter((l) => /^\d+\.\s/.test(l.trim())).length;
      assert.ok(questions >= 2 && questions <= 3, `${questions} questions in the reply to "${message}"`);
    }
    const replies = panel.conversation.filter((e) => e.role === 'architect').length;
    await waitFor(async () => (await webviewCount('#architect-log [data-role="architect"]')) === replies, 10_000, 'the reply on the page');
    const shown = await webviewText('#architect-log [data-role="architect"]:last-child');
    for (const heading of ['What I learned', 'Updated in requirement file', 'Next steps', 'Questions']) assert.ok(shown.includes(heading), `"${heading}" missing from the shown reply:\n${shown}`);
    return shown;
  }

  test('a 5-turn interview through the page writes the requirement file; /design waits for confirmation', async function () {
    this.timeout(180_000);
    assert.deepStrictEqual((await vscode.lm.selectChatModels()).filter((m) => m.vendor !== 'kinesis-studio'), [], 'a language model is installed');
    assert.match(await webviewText('#architect-status'), /No interview in this file yet/);

    let shown = await send('We run an online shop. Clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours');
    assert.strictEqual((await doc()).requirements.length, 1, await fileText());
    assert.strictEqual((await doc()).requirements[0].fields.throughput?.text, '10K/5K RPS');
    assert.match(shown, /A shard is the unit of capacity/, 'the shard concept was not explained before use');

    shown = await send('Producers are the web app and mobile app. Consumers are a Lambda fraud checker and a dashboard. Partition key is session_id');
    assert.match(await fileText(), /session_id/);
    assert.match(shown, /other streaming requirements, producers or consumers/);

    shown = await send('No other producers or consumers.');
    assert.match(shown, /not written down until you agree/);
    const configuration = async () => (await doc()).dataFlow.find((i) => /Stream Configuration/.test(i.label))?.value ?? '';
    assert.strictEqual(await configuration(), '', 'the proposal was written before the user agreed');

    shown = await send('Yes, write these decisions down.');
    assert.match(await configuration(), /20 shards/);
    assert.ok((await doc()).checklist.every((c) => c.checked), 'the checklist is not complete');

    shown = await send('/design');
    assert.match(shown, /has not been confirmed yet/, 'the panel did not say why it refused');
    assert.strictEqual(await exists(architectureUri()), false, 'the architecture was written before confirmation');

    shown = await send('I confirm all requirements are captured.');
    const state = readArchitectState(await fileText()).state;
    assert.strictEqual(state?.confirmed, true);
    assert.strictEqual(state?.stage, 'design');
    assert.strictEqual(state?.turns, 6, 'every message is one turn of the interview in the file');
    assert.match(await webviewText('#architect-status'), /6 turns .*requirements confirmed/);
    await screenshot('panel-conversation-no-model');

    await send('/design');
    await waitFor(() => exists(architectureUri()), 10_000, 'the architecture to be written');
  });

  test('the conversation in light, dark and high-contrast themes', async function () {
    this.timeout(90_000);
    const previous = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
    try {
      const shots: Record<string, number> = {};
      for (const [name, theme] of [['light', THEMES.light], ['dark', THEMES.dark], ['high-contrast', HIGH_CONTRAST]] as const) {
        await setTheme(theme, 1500);
        const shot = await screenshot(`panel-conversation-${name}`);
        assert.ok(shot.bytes > 10_000, `${name}: ${shot.bytes} bytes`);
        shots[name] = shot.meanLuma ?? 0;
      }
      assert.ok(shots.dark < shots.light && shots['high-contrast'] < shots.light, `mean luma ${JSON.stringify(shots)}`);
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });

  test('keyboard-only navigation through the panel table: Tab reaches a cell, typing and Enter write it', async function () {
    this.timeout(60_000);
    const focused = (selector: string) => webviewCount(`${selector}:focus`);
    // Start in the message box (where focus is after sending), then only the keyboard.
    await driverAction({ action: 'press', selector: '#architect-message textarea', key: 'Tab', frames });
    assert.strictEqual(await focused('#architect-send'), 1, 'Tab from the message box does not reach Send');
    const path: string[] = ['send'];
    let reached = false;
    for (let i = 0; i < 25 && !reached; i++) {
      await driverAction({ action: 'keyboard', key: 'Tab' });
      if (await focused('#architect-send')) path.push('send');
      if (await focused('#requirements-table button.link')) path.push('line');
      reached = (await focused('#cell-0-1 input')) === 1;
    }
    assert.ok(reached, `Tab never reached the first row's second cell (passed: ${path.join(', ')})`);
    assert.ok(path.includes('send') && path.includes('line'), `tab order: ${path.join(', ')}`);
    await driverAction({ action: 'keyboard', key: 'Control+A' });
    await driverAction({ action: 'type', text: 'Clickstream from the shop (keyboard)' });
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => (await fileText()).includes('Clickstream from the shop (keyboard)'), 10_000, 'the cell typed by keyboard to be written');
    await screenshot('panel-keyboard-focus');
  });

  test('@kinesis continues the interview the panel started (the state is in the file), and the panel shows it', async function () {
    this.timeout(60_000);
    const before = readArchitectState(await fileText()).state;
    assert.ok(before && before.confirmed, 'the panel interview did not leave its state in the file');
    // @kinesis works on the workspace root's kinesis_requirement.md: point it at this one by copying it there.
    const root = vscode.Uri.joinPath(uri, '..', '..', 'kinesis_requirement.md');
    await vscode.workspace.fs.copy(uri, root, { overwrite: true });
    const result = (await vscode.commands.executeCommand('workbench.action.chat.open', { query: '@kinesis /shards', blockOnResponse: true })) as { errorDetails?: unknown } | undefined;
    assert.ok(!result?.errorDetails, JSON.stringify(result?.errorDetails));
    const after = await waitFor(async () => {
      const state = readArchitectState(new TextDecoder().decode(await vscode.workspace.fs.readFile(root))).state;
      return state && state.turns === before.turns + 1 ? state : undefined;
    }, 20_000, 'the chat turn to continue the interview');
    assert.strictEqual(after.confirmed, true, 'chat lost the confirmation given in the panel');
    assert.strictEqual(after.stage, 'design');
    // And back: the panel of the root file shows the interview where chat left it (the only panel open).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => (api.architectPanel?.panels.length ?? 0) === 0, 10_000, 'panels closed');
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri: root });
    await waitFor(() => api.architectPanel?.panelFor(root)?.ready, 30_000, 'the root file\'s panel');
    await waitFor(async () => new RegExp(`${after.turns} turns .*requirements confirmed`).test(await webviewText('#architect-status')), 15_000, 'the turn count from chat in the panel');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => !api.architectPanel?.panelFor(root), 10_000, 'the root panel closed');
    await vscode.workspace.fs.delete(root);
  });
});
