import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { LineIndex, type Range } from '../../../src/core/text';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ArchitectPanelInfo } from '../../../src/features/panel/architectPanel';
import { driverAction, screenshot, setTheme, sleep, THEMES, waitFor, webviewFrames } from '../support/driver';
import { activateExtension, REPO_ROOT } from '../support/extensionApi';

const frames = webviewFrames;

/** The text with one range replaced: what the whole file must be after an edit of exactly that range. */
function replaceRange(text: string, range: Range, newText: string): string {
  const index = new LineIndex(text);
  return text.slice(0, index.offsetAt(range.start)) + newText + text.slice(index.offsetAt(range.end));
}

async function webviewText(selector: string): Promise<string> {
  return (await driverAction({ action: 'text', selector, frames })).text;
}

async function webviewValue(selector: string): Promise<string> {
  return (await driverAction({ action: 'value', selector, frames })).value;
}

async function webviewHtml(selector: string): Promise<string> {
  return (await driverAction({ action: 'html', selector, frames, max: 1_000_000 })).html;
}

async function webviewCount(selector: string): Promise<number> {
  return (await driverAction({ action: 'count', selector, frames })).count;
}

suite('Architect panel', function () {
  let api: KinesisStudioApi;
  let folder: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => (api.architectPanel?.panels.length ?? 0) === 0, 10_000, 'panels closed');
  });

  /** Opens the file in the first column and its panel beside it; resolves once the webview shows it. */
  let copies = 0;

  /** A fresh copy of a fixture, so no test sees another's edits. */
  function fixtureCopy(name: string): vscode.Uri {
    const uri = vscode.Uri.joinPath(folder, name.replace(/\.md$/, `-${++copies}.md`));
    fs.copyFileSync(vscode.Uri.joinPath(folder, name).fsPath, uri.fsPath);
    return uri;
  }

  /** Opens a copy of the fixture in the first column and its panel beside it; resolves once the webview shows it. */
  async function openPanel(name: string, withEditor = true): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; panel: ArchitectPanelInfo }> {
    const uri = fixtureCopy(name);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (withEditor) await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri });
    const panel = await waitFor(() => {
      const p = api.architectPanel?.panelFor(uri);
      return p?.ready && p.postedVersion === doc.version ? p : undefined;
    }, 30_000, `panel of ${name} ready`);
    await driverAction({ action: 'waitFor', selector: '#capacity-table', frames, timeout: 20_000 });
    return { uri, doc, panel };
  }

  test('one panel per file; it shows shards, both price tables, warnings and the gate', async function () {
    this.timeout(90_000);
    const { uri, panel } = await openPanel('panel-requirements.md');
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri });
    assert.strictEqual(api.architectPanel?.panels.length, 1, 'a second open reuses the panel');
    assert.strictEqual(panel.webviewPanel.viewType, 'kinesis.architectPanel');

    const capacity = await webviewText('#capacity-table');
    assert.match(capacity, /IoTSensorReadings/);
    // The calculation sits in a collapsed <details>: read the markup rather than the rendered text.
    assert.match(await webviewHtml('#capacity-table'), /By records: ⌈50,000 ÷ 1,000⌉ = 50 shards/, 'the calculation is shown');
    assert.match(await webviewText('#capacity-table thead'), /Seed prices[\s\S]*AWS us-east-1[\s\S]*Provisioned[\s\S]*On-demand/);
    assert.match(await webviewText('#summary'), /62 shards required/);

    const warnings = await webviewText('#warning-list');
    assert.match(warnings, /Hot-shard risk: "region"/);
    assert.match(warnings, /Line 13/);
    assert.strictEqual(await webviewCount('vscode-button#generate[disabled]'), 1, 'generation is gated by the open checklist items');
    assert.match(await webviewText('#gate-reasons'), /not ticked/);
    assert.strictEqual(await webviewCount('#cost-chart'), 1);

    // A warning links to its line.
    await driverAction({ action: 'click', selector: '#warning-0', frames });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
      && vscode.window.activeTextEditor.selection.active.line === 12, 10_000, 'the warning revealed line 13');
  });

  test('editing a cell in the panel changes exactly that cell, and undo restores it', async function () {
    this.timeout(90_000);
    const { doc, panel } = await openPanel('panel-requirements.md');
    const before = doc.getText();
    const cell = parseRequirementDocument(before).requirements[1].fields.description!;
    assert.strictEqual(cell.text, 'Process IoT sensor readings');
    assert.strictEqual(await webviewValue('#cell-1-1 input'), 'Process IoT sensor readings');

    await driverAction({ action: 'fill', selector: '#cell-1-1 input', value: 'Process shelf sensor readings <b>v2</b>', frames });
    await driverAction({ action: 'press', selector: '#cell-1-1 input', key: 'Enter', frames });
    await waitFor(() => doc.getText() !== before, 15_000, 'the panel edit to reach the file');
    assert.strictEqual(doc.getText(), replaceRange(before, cell.range, 'Process shelf sensor readings <b>v2</b>'),
      'only the edited cell changed');
    assert.strictEqual(panel.appliedEdits, 1);

    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 10_000, 'undo to restore the file');
    // The panel follows the undo too.
    await waitFor(async () => (await webviewValue('#cell-1-1 input')) === 'Process IoT sensor readings', 10_000, 'panel shows the undone value');
  });

  test('editing the file updates the panel (open in an editor, and closed on disk)', async function () {
    this.timeout(90_000);
    const { doc } = await openPanel('panel-requirements.md');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc)!;
    const cell = parseRequirementDocument(doc.getText()).requirements[0].fields.throughput!;
    await editor.edit((b) => b.replace(new vscode.Range(cell.range.start.line, cell.range.start.character, cell.range.end.line, cell.range.end.character), '9K/7K RPS'));
    await waitFor(async () => (await webviewValue('#cell-0-2 input')) === '9K/7K RPS', 10_000, 'the panel to show the typed throughput');
    await waitFor(async () => /By records: ⌈9,000 ÷ 1,000⌉ = 9 shards/.test(await webviewHtml('#capacity-table')), 10_000, 'the shard calculation to follow');
    // Several quick edits: the panel ends on the newest version (throttled, never stale).
    for (const text of ['10K/7K RPS', '11K/7K RPS', '12K/7K RPS']) {
      const current = parseRequirementDocument(doc.getText()).requirements[0].fields.throughput!.range;
      await editor.edit((b) => b.replace(new vscode.Range(current.start.line, current.start.character, current.end.line, current.end.character), text));
    }
    await waitFor(async () => (await webviewValue('#cell-0-2 input')) === '12K/7K RPS', 10_000, 'the panel to show the last edit');
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // A file nobody has open in an editor: change it on disk.
    const closed = fixtureCopy('panel-closed.md');
    await vscode.commands.executeCommand('kinesis.openArchitectPanel', { uri: closed });
    await waitFor(() => api.architectPanel?.panelFor(closed)?.ready, 30_000, 'closed-file panel ready');
    await driverAction({ action: 'waitFor', selector: '#cell-0-1 input', frames, timeout: 20_000 });
    const onDisk = fs.readFileSync(closed.fsPath, 'utf8');
    fs.writeFileSync(closed.fsPath, onDisk.replace('Ingest user clickstream events', 'Ingest checkout events'));
    await waitFor(async () => (await webviewValue('#cell-0-1 input')) === 'Ingest checkout events', 15_000, 'the panel to follow the file on disk');
  });

  test('ticking a checklist item in the panel changes exactly that checkbox', async function () {
    this.timeout(90_000);
    const { doc } = await openPanel('panel-requirements.md');
    const before = doc.getText();
    const item = parseRequirementDocument(before).checklist[2];
    assert.strictEqual(item.checked, false);
    await driverAction({ action: 'click', selector: '#check-2', frames });
    await waitFor(() => doc.getText() !== before, 15_000, 'the tick to reach the file');
    assert.strictEqual(doc.getText(), replaceRange(before, item.boxRange, 'x'));
    await waitFor(async () => /5 of 7 done/.test(await webviewText('#checklist')), 10_000, 'the panel to count the tick (4 were done)');
  });

  test('the partition-key simulator shows per-shard bars for a pattern', async function () {
    this.timeout(90_000);
    await openPanel('panel-requirements.md');
    // The default pattern over 100,000 keys runs as soon as the panel opens.
    await waitFor(async () => /100,000 keys \(5,000 distinct\)/.test(await webviewText('#sim-stats')), 20_000, 'the default simulation');

    await driverAction({ action: 'fill', selector: '#sim-shards input', value: '8', frames });
    await driverAction({ action: 'fill', selector: '#sim-pattern input', value: 'user#{rand 0-9}', frames });
    await waitFor(async () => /over 8 shards/.test(await webviewText('#sim-stats')) && /10 distinct/.test(await webviewText('#sim-stats')), 20_000, 'the pattern simulation');
    const stats = await webviewText('#sim-stats');
    assert.match(stats, /max\/mean \d/);
    assert.strictEqual(await webviewCount('#sim-table tbody tr'), 8, 'one bar (and table row) per shard');
    assert.strictEqual(await webviewCount('#sim-table tbody tr.hottest'), 1);
    assert.strictEqual(await webviewCount('#shard-chart'), 1);

    await driverAction({ action: 'fill', selector: '#sim-pattern input', value: 'device-{1..', frames });
    await waitFor(async () => /Unclosed "\{"/.test(await webviewText('#sim-stats')), 10_000, 'a pattern error to be explained');
  });

  test('a panel restored after a reload shows its file again (serializer)', async function () {
    this.timeout(60_000);
    const uri = fixtureCopy('panel-requirements.md');
    // What VS Code does on reload: a fresh panel of our view type plus the state the page saved.
    const restored = vscode.window.createWebviewPanel('kinesis.architectPanel', 'Architect', vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(vscode.Uri.file(REPO_ROOT), 'dist'), vscode.Uri.joinPath(vscode.Uri.file(REPO_ROOT), 'media')] });
    await api.architectPanel!.deserializeWebviewPanel(restored, { source: uri.toString(), ui: { priceTable: 'aws' } });
    const panel = await waitFor(() => api.architectPanel?.panelFor(uri)?.ready ? api.architectPanel.panelFor(uri) : undefined, 30_000, 'restored panel ready');
    assert.strictEqual(panel.webviewPanel, restored, 'the revived panel is the one VS Code handed over');
    await driverAction({ action: 'waitFor', selector: '#capacity-table', frames, timeout: 20_000 });
    assert.match(await webviewText('#capacity-table'), /shards/i);
    // Garbage state (e.g. from an older version) must not leave an empty page behind.
    const stale = vscode.window.createWebviewPanel('kinesis.architectPanel', 'Architect', vscode.ViewColumn.Active, { enableScripts: true });
    let disposed = false;
    stale.onDidDispose(() => { disposed = true; });
    await api.architectPanel!.deserializeWebviewPanel(stale, { nonsense: true });
    assert.ok(disposed, 'a panel with unusable state is closed');
  });

  test('XSS corpus: markup in requirements, stream names, keys and checklist runs no script', async function () {
    this.timeout(90_000);
    const { panel } = await openPanel('panel-xss.md');
    await sleep(500);
    // Payloads set body[data-xss] or document.title if they ever run.
    assert.strictEqual(await webviewCount('body[data-xss]'), 0, 'a payload ran');
    // (Selectors pierce shadow roots, so match the payloads' own attributes, not the components' icons.)
    assert.strictEqual(await webviewCount('img, iframe, b, [onerror], [onload], [onclick], [onmouseover], #app script'), 0, 'markup from the file became elements');
    // VS Code injects its own helper script into <head>; the body has only the panel bundle.
    assert.strictEqual(await webviewCount('body script'), 1, 'only the panel bundle is a script in the page');
    assert.strictEqual(await webviewCount('body script[type="module"][src*="webview.js"]'), 1);
    assert.strictEqual(await webviewText('title'), 'Architect panel');
    // The text is shown literally instead.
    assert.match(await webviewValue('#cell-0-1 input'), /^<img src=x onerror="document\.body\.dataset\.xss='img';document\.title='XSS'"> ingest$/);
    assert.match(await webviewValue('#cell-0-8 input'), /^<\/script><img src=x onerror=/);
    assert.match(await webviewValue('#cell-0-7 input'), /^javascript:document/);
    assert.match(await webviewText('#checklist'), /<img src=x onerror="document\.body\.dataset\.xss='check'">/);
    assert.match(await webviewText('#checklist'), /<\/script><script>/);
    // Hovering and clicking around gives inline handlers every chance to fire.
    await driverAction({ action: 'hover', selector: '#cell-1-1', frames });
    await driverAction({ action: 'click', selector: '#capacity-table details summary', frames });
    await sleep(300);
    assert.strictEqual(await webviewCount('body[data-xss]'), 0, 'a payload ran after interaction');
    assert.strictEqual(panel.rejectedMessages, 0, 'the page sent nothing unexpected');
  });

  test('screenshots in dark and light themes', async function () {
    this.timeout(120_000);
    const previous = vscode.workspace.getConfiguration('workbench').get<string>('colorTheme');
    try {
      // Give the panel the whole window.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
      await openPanel('panel-requirements.md', false);
      await waitFor(async () => /max\/mean/.test(await webviewText('#sim-stats')), 20_000, 'simulation done');
      await setTheme(THEMES.dark, 1500);
      const dark = await screenshot('architect-panel-dark');
      await driverAction({ action: 'hover', selector: '#checklist-title', frames });
      await screenshot('architect-panel-dark-costs');
      await driverAction({ action: 'hover', selector: '#shard-chart', frames });
      await screenshot('architect-panel-dark-charts');
      await setTheme(THEMES.light, 1500);
      await screenshot('architect-panel-light-charts');
      await driverAction({ action: 'hover', selector: '#requirements-title', frames });
      const light = await screenshot('architect-panel-light');
      assert.ok(dark.bytes > 10_000 && light.bytes > 10_000);
      assert.ok((dark.meanLuma ?? 0) < (light.meanLuma ?? 255), `dark ${dark.meanLuma} should be darker than light ${light.meanLuma}`);
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', previous, vscode.ConfigurationTarget.Global);
    }
  });
});
