import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/core/explorer/explorerModel';
import type { DoctorReportHandle } from '../../../src/features/doctor/reportPanel';
import { PENDING_WALKTHROUGH_COMMANDS, walkthroughButtons } from '../../support/walkthrough';
import { driverAction, screenshot, setTheme, sleep, THEMES, waitFor, webviewFrames } from '../support/driver';
import { activateExtension, EXTENSION_ID, REPO_ROOT, setKinesisSetting, withEnv } from '../support/extensionApi';
import { startKinesisLocal } from '../../support/emulators';

const STATUS_BAR_ITEM = '[id="kinesis-studio.kinesis-studio.kinesis.connection"]';
const WALKTHROUGH = `${EXTENSION_ID}#kinesis.gettingStarted`;
const STREAM = 'walkthrough-orders';
const EMPTY_AWS_CONFIG = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'aws', 'empty-config');

interface Step { readonly id: string; readonly title: string; readonly description: string }

/** The walkthrough as users read it: package.json's %keys% resolved through package.nls.json. */
function walkthroughSteps(): Step[] {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const english = (value: string) => nls[/^%(.+)%$/.exec(value)?.[1] ?? ''] ?? value;
  const [walkthrough] = manifest.contributes.walkthroughs;
  return walkthrough.steps.map((s: Step) => ({ id: s.id, title: english(s.title), description: english(s.description) }));
}

/** Text of the status bar item once it matches `expected`, and, after hovering it, of its tooltip. */
async function statusBarWithTooltip(expected: RegExp): Promise<{ text: string; tooltip: string }> {
  const text = await waitFor(async () => {
    const r = await driverAction({ action: 'text', selector: STATUS_BAR_ITEM });
    return expected.test(r.text) ? r.text : undefined;
  }, 10_000, `the status bar to match ${expected}`);
  await driverAction({ action: 'hover', selector: STATUS_BAR_ITEM });
  const hover = await waitFor(async () => {
    const r = await driverAction({ action: 'text', selector: '.workbench-hover, .monaco-hover' }).catch(() => undefined);
    return r && /Kinesis Studio connection/.test(r.text) ? r.text : undefined;
  }, 10_000, 'the status bar tooltip');
  return { text, tooltip: hover };
}

async function moveMouseAway(): Promise<void> {
  await driverAction({ action: 'hover', selector: '.part.editor' });
  await driverAction({ action: 'keyboard', key: 'Escape' });
}

suite('Getting started: the walkthrough and the connection at a glance', function () {
  let api: KinesisStudioApi;
  const steps = walkthroughSteps();

  suiteSetup(async () => {
    api = await activateExtension();
    // The chat view would take a third of every screenshot.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await setKinesisSetting('readOnly', false);
    await setKinesisSetting('localEmulatorPath', path.join(REPO_ROOT, 'node_modules', 'kinesis-local'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kinesis.stopLocal');
    await setKinesisSetting('readOnly', undefined);
    await setKinesisSetting('localEmulatorPath', undefined);
  });

  test('every walkthrough button names a registered command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const buttons = steps.flatMap((s) => walkthroughButtons(s.description));
    assert.ok(buttons.length >= 6, `only ${buttons.length} buttons`);
    const missing = buttons.map((b) => b.command).filter((c) => !registered.has(c) && !PENDING_WALKTHROUGH_COMMANDS.includes(c));
    assert.deepStrictEqual(missing, []);
  });

  test('the walkthrough opens with its steps titled in English from package.nls.json, and its pictures follow the theme', async function () {
    this.timeout(90_000);
    // The step picture is shown beside the steps only when the editor is wide enough.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    const page = await waitFor(async () => {
      const r = await driverAction({ action: 'text', selector: '.gettingStartedContainer' }).catch(() => undefined);
      return r && steps.every((s) => r.text.includes(s.title)) ? r.text : undefined;
    }, 20_000, 'the walkthrough with all six step titles');
    assert.doesNotMatch(page, /%walkthrough\./, 'a %key% was shown instead of its string');
    const media = await driverAction({ action: 'count', selector: '.gettingStartedContainer .getting-started-media' });
    assert.ok(media.count > 0, 'the step has no picture');
    // Both themes are shot to look at: the step pictures take their colours from theme variables.
    await setTheme(THEMES.light);
    await screenshot('walkthrough-light');
    await setTheme(THEMES.dark);
    await screenshot('walkthrough-dark');
  });

  test('step 2: the walkthrough button starts Local Kinesis, and the status bar says so', async function () {
    this.timeout(90_000);
    const step = steps.find((s) => s.id === 'startLocal')!;
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    // Expand the step, then press its button the way a user does.
    await driverAction({ action: 'click', selector: `.gettingStartedContainer .getting-started-step:has-text("${step.title}")` });
    await driverAction({ action: 'click', selector: `.gettingStartedContainer .getting-started-step.expanded a:has-text("Start Local Kinesis"), .gettingStartedContainer .getting-started-step.expanded .monaco-button:has-text("Start Local Kinesis")` });
    await waitFor(() => api.connections.current.kind === 'local', 60_000, `local mode (last error: ${api.errors.lastMessage})`);
    const endpoint = api.connections.current.endpoint!;
    const { tooltip } = await statusBarWithTooltip(new RegExp(`Kinesis: Local · ${api.connections.current.region} · ${endpoint.replace(/^http:\/\//, '').replace(/\./g, '\\.')}`));
    assert.match(tooltip, /Local Kinesis: the emulator Kinesis Studio started on this machine/);
    assert.match(tooltip, /started by local mode/);
    await screenshot('walkthrough-local-started');
    await moveMouseAway();
  });

  test('steps 3 and 4: create a stream, put a record and tail it', async function () {
    this.timeout(120_000);
    assert.strictEqual(api.connections.current.kind, 'local', 'step 2 left local mode running');
    const created = await vscode.commands.executeCommand('kinesis.createStream', { name: STREAM, mode: 'PROVISIONED', shardCount: 1 });
    assert.ok(created, `createStream failed: ${api.errors.lastMessage}`);
    const put = await vscode.commands.executeCommand<{ shardId?: string }>('kinesis.putRecord',
      { stream: STREAM, partitionKey: 'walkthrough-key', data: '{"order":1,"total":19.5}', encoding: 'json' });
    assert.ok(put?.shardId, `putRecord failed: ${api.errors.lastMessage}`);
    // A few more, so the viewer's picture shows a stream with traffic.
    const target = api.connections.targetFor(api.connections.current.region!);
    const more = await api.gateway.putRecords(target, STREAM, ['user-7', 'user-3', 'user-9', 'user-1', 'user-3', 'user-7'].map((key, i) => ({
      partitionKey: key, data: new TextEncoder().encode(JSON.stringify({ order: i + 2, customer: key, total: 10 + i * 4.5 })),
    })));
    assert.strictEqual(more.failedCount, 0);

    await vscode.commands.executeCommand('workbench.view.extension.kinesis');
    await waitFor(() => api.explorer.treeView.visible, 15_000, 'explorer visible');
    const [region] = (await api.explorer.provider.getChildren()) as ExplorerNode[];
    const streams = (await api.explorer.provider.getChildren(region)) as ExplorerNode[];
    const node = streams.find((n) => n.kind === 'stream' && n.stream.name === STREAM);
    assert.ok(node, 'the new stream is not in the explorer');
    await waitFor(async () => {
      try { await api.explorer.treeView.reveal(node, { select: true, focus: false, expand: true }); return true; } catch { return false; }
    }, 15_000, 'reveal the stream');

    const viewer = await vscode.commands.executeCommand<{ ready: boolean }>('kinesis.tailStream', { stream: STREAM, start: 'TRIM_HORIZON' });
    assert.ok(viewer, `tailStream failed: ${api.errors.lastMessage}`);
    await waitFor(() => viewer.ready, 30_000, 'the records viewer is ready');
    await waitFor(async () => {
      const r = await driverAction({ action: 'text', selector: 'body', frames: webviewFrames }).catch(() => undefined);
      return r && r.text.includes('walkthrough-key') && r.text.includes('user-9');
    }, 30_000, 'the records in the viewer');
    await sleep(500);
    await screenshot('walkthrough-tail');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('step 5: a first requirement file opens in the Architect panel; @kinesis opens the chat', async function () {
    this.timeout(90_000);
    const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'walkthrough-service');
    await vscode.workspace.fs.createDirectory(folder);
    const created = await vscode.commands.executeCommand<{ uri: vscode.Uri; created: boolean }>('kinesis.newRequirementFile', { folder });
    assert.ok(created?.created, `newRequirementFile failed: ${api.errors.lastMessage}`);
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri: created.uri });
    await waitFor(() => api.architectPanel?.panelFor(created.uri)?.ready, 30_000, 'the Architect panel is ready');
    await driverAction({ action: 'waitFor', selector: '#capacity-table', frames: webviewFrames, timeout: 20_000 });
    await sleep(500);
    await screenshot('walkthrough-architect');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kinesis.openArchitectChat');
    const input = await waitFor(async () => {
      const r = await driverAction({ action: 'text', selector: '.interactive-input-part' }).catch(() => undefined);
      return r && /@kinesis/.test(r.text) ? r.text : undefined;
    }, 15_000, 'the chat input with @kinesis');
    assert.match(input, /@kinesis/);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  });

  test('step 6: Diagnose Stream opens the Stream Doctor report of the stream', async function () {
    this.timeout(90_000);
    const report = await vscode.commands.executeCommand<DoctorReportHandle>('kinesis.diagnoseStream', { stream: STREAM, from: 'TRIM_HORIZON' });
    assert.ok(report, `kinesis.diagnoseStream returned nothing: ${api.errors.lastMessage}`);
    await waitFor(() => report.ready, 30_000, 'the report page is ready');
    const header = await waitFor(async () => {
      const r = await driverAction({ action: 'text', selector: '#sample-summary', frames: webviewFrames }).catch(() => undefined);
      return r?.text;
    }, 20_000, 'the report header');
    assert.match(header, new RegExp(`${report.report.sampledRecords} record`));
    assert.ok(report.report.sampledRecords > 0, 'the records step 3 put were sampled');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the status bar shows an emulator endpoint taken from AWS_ENDPOINT_URL_KINESIS and says where each part came from', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('kinesis.stopLocal');
    // A real emulator behind the variable, so the explorer beside the status bar lists its stream.
    const emulator = await startKinesisLocal();
    const host = emulator.endpoint.replace(/^http:\/\//, '');
    const env = {
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint, AWS_ENDPOINT_URL: undefined, AWS_REGION: 'eu-west-2', AWS_DEFAULT_REGION: undefined,
      AWS_PROFILE: undefined, AWS_CONFIG_FILE: EMPTY_AWS_CONFIG, AWS_SHARED_CREDENTIALS_FILE: EMPTY_AWS_CONFIG,
      AWS_ACCESS_KEY_ID: 'AKIAE2EGLANCEKEY', AWS_SECRET_ACCESS_KEY: 'glance-secret-never-shown',
    };
    try {
      await api.gateway.createStream({ ...emulator.target, region: 'eu-west-2' }, { name: 'clickstream', mode: 'PROVISIONED', shardCount: 2 });
      await withEnv(env, async () => {
        await setKinesisSetting('region', undefined);
        await setKinesisSetting('endpoint', undefined);
        await api.connections.refresh();
        await vscode.commands.executeCommand('kinesis.refreshExplorer');
        await vscode.commands.executeCommand('workbench.view.extension.kinesis');
        const { text, tooltip } = await statusBarWithTooltip(/local endpoint/);
        assert.match(text, new RegExp(`Kinesis: default · eu-west-2 · local endpoint ${host.replace(/\./g, '\\.')}`));
        assert.match(tooltip, /Profile: default — the default profile/);
        assert.match(tooltip, /Region: eu-west-2 — from the AWS_REGION environment variable/);
        assert.match(tooltip, new RegExp(`Endpoint: ${emulator.endpoint.replace(/\./g, '\\.')} \\(an emulator on this machine\\) — from the AWS_ENDPOINT_URL_KINESIS environment variable`));
        assert.doesNotMatch(tooltip, /AKIAE2EGLANCEKEY|glance-secret-never-shown/, 'the tooltip shows credentials');
        await sleep(300);
        await screenshot('status-bar-endpoint');
        await moveMouseAway();

        // The setting wins over the environment, and a non-loopback endpoint is called custom.
        await setKinesisSetting('endpoint', 'https://vpce-0abc.kinesis.eu-west-2.vpce.amazonaws.com');
        await setKinesisSetting('profile', 'glance-profile');
        const custom = await statusBarWithTooltip(/Kinesis: glance-profile · eu-west-2 · custom endpoint vpce-0abc\.kinesis\.eu-west-2\.vpce\.amazonaws\.com/);
        assert.match(custom.tooltip, /Profile: glance-profile — from the "kinesis\.profile" setting/);
        assert.match(custom.tooltip, /a custom endpoint, not the AWS regional endpoint\) — from the "kinesis\.endpoint" setting/);
        await moveMouseAway();
      });
    } finally {
      await setKinesisSetting('endpoint', undefined);
      await setKinesisSetting('profile', undefined);
      await emulator.stop();
    }
    await api.connections.refresh();
    const plain = await driverAction({ action: 'text', selector: STATUS_BAR_ITEM });
    assert.doesNotMatch(plain.text, /endpoint/, `still shows an endpoint: ${plain.text}`);
  });
});
