import * as assert from 'assert';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';
import { ARCHITECTURE_SECTIONS, DiagnosticCodes, newRequirementFileTemplate } from '../../../src/core/requirements';
import type { GenerateArchitectureResult, NewRequirementFileResult } from '../../../src/features/requirements/requirementCommands';
import { driverAction, hasDriver, screenshot, sleep, waitFor } from '../support/driver';
import { activateExtension, setKinesisSetting } from '../support/extensionApi';

const SOURCE = 'Kinesis Studio';

/** Our diagnostics for `uri`, as published to the Problems panel. */
function kinesisDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function find(uri: vscode.Uri, code: string, line?: number): vscode.Diagnostic | undefined {
  return kinesisDiagnostics(uri).find((d) => d.code === code && (line === undefined || d.range.start.line === line));
}

function assertRange(diagnostic: vscode.Diagnostic | undefined, startLine: number, startCharacter: number, endLine: number, endCharacter: number): void {
  assert.ok(diagnostic, 'diagnostic not found');
  assert.deepStrictEqual(
    [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
    [startLine, startCharacter, endLine, endCharacter],
    `${String(diagnostic.code)} range`,
  );
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

async function lensTitles(uri: vscode.Uri): Promise<{ line: number; title: string }[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  // Other features (the panel's "open" lens) add lenses of their own to the same file.
  return lenses
    .filter((l) => l.command && /shards|Throughput unknown/.test(l.command.title))
    .map((l) => ({ line: l.range.start.line, title: l.command!.title }));
}

async function applyQuickFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no quick fix ${title} among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'the quick fix edit was not applied');
}

/**
 * TextMate scopes at a position, read from "Developer: Inspect Editor Tokens and Scopes" (VS Code has
 * no API for scopes, and the web workbench lacks the colorizer tests' `_workbench.captureSyntaxTokens`).
 */
async function inspectScopes(editor: vscode.TextEditor, position: vscode.Position): Promise<string> {
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  const text = await waitFor(async () => {
    const { text } = await driverAction({ action: 'text', selector: '.token-inspect-widget' });
    return /text\.html\.markdown/.test(text) ? text : undefined;
  }, 10_000, 'the token inspector');
  await driverAction({ action: 'keyboard', key: 'Escape' });
  await waitFor(async () => (await driverAction({ action: 'count', selector: '.token-inspect-widget' })).count === 0, 5_000, 'the token inspector to close');
  return text;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

suite('Requirement files', function () {
  let api: KinesisStudioApi;
  let root: vscode.Uri;
  let requirementUri: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders![0].uri;
    requirementUri = vscode.Uri.joinPath(root, 'kinesis_requirement.md');
    await vscode.window.showTextDocument(requirementUri, { preview: false });
  });

  suiteTeardown(async () => {
    await setKinesisSetting('requirementFiles', undefined);
    await setKinesisSetting('priceTable', undefined);
    await setKinesisSetting('monthlyCostThreshold', undefined);
    // Leave no dirty editor behind for the suites that run after this one.
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('diagnostics appear with stable codes and exact ranges', async () => {
    await waitFor(() => kinesisDiagnostics(requirementUri).length >= 8, 10_000, 'requirement diagnostics');
    const codes = new Set(kinesisDiagnostics(requirementUri).map((d) => d.code));
    for (const code of [
      DiagnosticCodes.throughputMissing, DiagnosticCodes.hotShardRisk, DiagnosticCodes.recordSizeAboveMaximum,
      DiagnosticCodes.costAboveThreshold, DiagnosticCodes.shardsBelowRequirement, DiagnosticCodes.checklistUnchecked,
    ]) {
      assert.ok(codes.has(code), `missing ${code}; got ${[...codes].join(', ')}`);
    }
    // Requirement 2 (line 12) has an empty throughput cell: the whole row is flagged.
    assertRange(find(requirementUri, DiagnosticCodes.throughputMissing, 12), 12, 0, 12, 90);
    // Its partition key "region" is low-cardinality.
    assertRange(find(requirementUri, DiagnosticCodes.hotShardRisk, 12), 12, 78, 12, 84);
    // Requirement 3's "12 MiB" record size is above the 10 MiB maximum: an error on that cell.
    const tooBig = find(requirementUri, DiagnosticCodes.recordSizeAboveMaximum);
    assertRange(tooBig, 13, 42, 13, 48);
    assert.strictEqual(tooBig!.severity, vscode.DiagnosticSeverity.Error);
    // "4 shards" in the Stream Configuration bullet: only the number is flagged.
    assertRange(find(requirementUri, DiagnosticCodes.shardsBelowRequirement), 17, 28, 17, 29);
  });

  test('the hover on a requirement row shows the calculation', async () => {
    const text = await hoverText(requirementUri, new vscode.Position(11, 20));
    assert.match(text, /Requirement 1 — Ingest user clickstream events/);
    assert.match(text, /Required: max\(10, 20\) = 20 shards/);
    // Fixed at 20 peak shards: $223.20 + $187.49 PUT + 20 × 744 h × $0.023 = $342.24 retention = $752.93; the
    // auto-scaled (10 average shards) table keeps the seed-rule $470.21.
    assert.match(text, /\*\*Total\*\* \| \| \*\*\$752\.93\*\*/);
    assert.match(text, /\*\*Total\*\* \| \| \*\*\$470\.21\*\*/);
    assert.match(text, /recommended: provisioned, fixed at peak/);
    assert.doesNotMatch(text, /=>/, 'a working step printed source code');
  });

  test('a CodeLens above each requirement row reads "≈ N shards · $X/month fixed at peak"', async () => {
    const lenses = await lensTitles(requirementUri);
    assert.deepStrictEqual(lenses.map((l) => l.line), [11, 12, 13]);
    // The dollars are for the shards shown: 20 shards fixed at peak (see the hover test for the sum).
    assert.strictEqual(lenses[0].title, '≈ 20 shards · $752.93/month fixed at peak');
    assert.strictEqual(lenses[1].title, 'Throughput unknown');
    assert.match(lenses[2].title, /^≈ 1,259 shards · \$14,428\.42\/month fixed at peak$/);
  });

  test('screenshot: the requirement file with diagnostics and CodeLens', async function () {
    if (!hasDriver()) this.skip();
    await vscode.window.showTextDocument(requirementUri, { preview: false, selection: new vscode.Range(12, 78, 12, 78) });
    await waitFor(async () => (await driverAction({ action: 'count', selector: '.monaco-editor .codelens-decoration' })).count >= 3, 10_000, 'CodeLens rendered');
    await waitFor(async () => (await driverAction({ action: 'count', selector: '.monaco-editor .squiggly-error' })).count > 0, 10_000, 'error squiggles rendered');
    // The chat view would take a third of the width.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await sleep(500);
    const shot = await screenshot('requirements-editor');
    assert.ok(shot.bytes > 10_000, 'the screenshot is empty');

    await vscode.window.showTextDocument(requirementUri, { preview: false, selection: new vscode.Range(11, 20, 11, 20) });
    await vscode.commands.executeCommand('editor.action.showHover');
    await waitFor(async () => /Required: max/.test((await driverAction({ action: 'text', selector: '.monaco-hover' })).text), 10_000, 'the hover rendered');
    await screenshot('requirements-hover');
    await driverAction({ action: 'keyboard', key: 'Escape' });
  });

  test('settings changes revalidate: cost threshold and price table', async () => {
    await setKinesisSetting('monthlyCostThreshold', 1_000_000);
    await waitFor(() => !find(requirementUri, DiagnosticCodes.costAboveThreshold), 10_000, 'cost warning gone after raising the threshold');
    await setKinesisSetting('priceTable', 'aws');
    await waitFor(async () => (await lensTitles(requirementUri))[0]?.title !== '≈ 20 shards · $752.93/month fixed at peak', 10_000, 'CodeLens priced with the AWS table');
    await setKinesisSetting('monthlyCostThreshold', undefined);
    await setKinesisSetting('priceTable', undefined);
    await waitFor(() => find(requirementUri, DiagnosticCodes.costAboveThreshold), 10_000, 'cost warning back with the default threshold');
  });

  test('quick fixes apply and the diagnostics follow', async () => {
    const hot = find(requirementUri, DiagnosticCodes.hotShardRisk, 12);
    assert.ok(hot);
    await applyQuickFix(requirementUri, hot, /random suffix/);
    const document = await vscode.workspace.openTextDocument(requirementUri);
    assert.match(document.lineAt(12).text, /\| region \+ "#" \+ random\(0,9\) \|/);
    await waitFor(() => !find(requirementUri, DiagnosticCodes.hotShardRisk, 12), 10_000, 'hot-shard warning gone');

    const missing = await waitFor(() => find(requirementUri, DiagnosticCodes.throughputMissing, 12), 10_000, 'throughput warning on the edited row');
    assert.match(missing.message, /has no throughput/);
    await applyQuickFix(requirementUri, missing, /Fill throughput/);
    assert.match(document.lineAt(12).text, /\| 2 \| Store order events by region \| TBD\/TBD RPS \|/);
    // The placeholder is still flagged, with a message saying it is a placeholder.
    const placeholder = await waitFor(() => kinesisDiagnostics(requirementUri).find((d) => d.code === DiagnosticCodes.throughputMissing && /placeholder/.test(d.message)), 10_000, 'placeholder warning');
    assert.strictEqual(placeholder.range.start.line, 12);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a quick fix switches a consumer to enhanced fan-out in the file, and the CodeLens cost follows', async () => {
    const document = await vscode.workspace.openTextDocument(requirementUri);
    // Tighten requirement 1 to 100 ms: polling consumers cannot deliver that.
    const latencyAt = document.lineAt(11).text.indexOf('<1s');
    const tighten = new vscode.WorkspaceEdit();
    tighten.replace(requirementUri, new vscode.Range(11, latencyAt, 11, latencyAt + 3), '<100ms');
    assert.ok(await vscode.workspace.applyEdit(tighten));
    const latency = await waitFor(() => find(requirementUri, DiagnosticCodes.latencySharedThroughput, 11), 10_000, 'the latency warning');
    assert.strictEqual((await lensTitles(requirementUri))[0].title, '≈ 20 shards · $752.93/month fixed at peak');
    await applyQuickFix(requirementUri, latency, /Switch Lambda functions to enhanced fan-out/);
    assert.strictEqual(document.lineAt(18).text, '- **Consumers**: Lambda functions (enhanced fan-out), Kinesis Data Analytics');
    await waitFor(() => !find(requirementUri, DiagnosticCodes.latencySharedThroughput, 11), 10_000, 'latency warning gone');
    // $752.93 + 1 consumer × 20 shards × 744 h × $0.013 = $193.44 + 26,784 GB × $0.0015 = $40.176 → $986.544.
    await waitFor(async () => (await lensTitles(requirementUri))[0]?.title === '≈ 20 shards · $986.54/month fixed at peak', 10_000, 'the CodeLens priced with enhanced fan-out');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(async () => (await lensTitles(requirementUri))[0]?.title === '≈ 20 shards · $752.93/month fixed at peak', 10_000, 'the CodeLens back after revert');
  });

  test('New Requirement File opens an existing file and creates the template in a new folder', async () => {
    const existing = await vscode.commands.executeCommand<NewRequirementFileResult>('kinesis.newRequirementFile');
    assert.ok(existing, `the command failed: ${api.errors.lastMessage}`);
    assert.strictEqual(existing.created, false);
    assert.strictEqual(existing.uri.toString(), requirementUri.toString());
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), requirementUri.toString());

    const folder = vscode.Uri.joinPath(root, 'new-service');
    await vscode.workspace.fs.createDirectory(folder);
    const created = await vscode.commands.executeCommand<NewRequirementFileResult>('kinesis.newRequirementFile', { folder });
    assert.ok(created?.created, `the file was not created: ${api.errors.lastMessage}`);
    assert.strictEqual(await readText(created.uri), newRequirementFileTemplate());
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), created.uri.toString());
    // The template's example rows are analysed at once.
    await waitFor(() => kinesisDiagnostics(created.uri).length > 0, 10_000, 'diagnostics on the new file');
  });

  suite('Generate Architecture', () => {
    let ordersUri: vscode.Uri;
    let architectureUri: vscode.Uri;

    suiteSetup(async () => {
      // requirements-orders.md is a requirement file only through the setting.
      await setKinesisSetting('requirementFiles', ['requirements-*.md']);
      ordersUri = vscode.Uri.joinPath(root, 'requirements-orders.md');
      architectureUri = vscode.Uri.joinPath(root, 'kinesis_streaming_architecture.md');
      await vscode.window.showTextDocument(ordersUri, { preview: false });
      await waitFor(() => kinesisDiagnostics(ordersUri).length === 2, 10_000, 'diagnostics on a file matched by kinesis.requirementFiles');
    });

    test('the Open Architect Panel lens follows kinesis.requirementFiles changed after activation', async () => {
      const panelLens = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ordersUri))
        .some((lens) => lens.command?.command === 'kinesis.openArchitectPanel');
      await waitFor(panelLens, 10_000, 'the panel lens on a file matched only through the setting');
    });

    test('refuses with the reason while the Validation Checklist is incomplete', async () => {
      api.errors.lastMessage = undefined;
      const result = await vscode.commands.executeCommand('kinesis.generateArchitecture', { uri: ordersUri, confirm: true });
      assert.strictEqual(result, undefined);
      assert.match(api.errors.lastMessage ?? '', /2 Validation Checklist items are not ticked: "Producer and consumer patterns identified", "Hot shard risks evaluated"/);
      assert.ok(!(await exists(architectureUri)), 'the architecture file was written despite the refusal');
    });

    test('after ticking the checklist, writes the architecture only once confirmed', async () => {
      const document = await vscode.workspace.openTextDocument(ordersUri);
      const tick = new vscode.WorkspaceEdit();
      for (let line = 0; line < document.lineCount; line++) {
        const box = document.lineAt(line).text.indexOf('- [ ]');
        if (box >= 0) tick.replace(ordersUri, new vscode.Range(line, box + 3, line, box + 4), 'x');
      }
      assert.ok(await vscode.workspace.applyEdit(tick));
      await document.save();
      await waitFor(() => kinesisDiagnostics(ordersUri).length === 0, 10_000, 'checklist diagnostics gone');

      // Without `confirm` the command asks first. Extension tests refuse modal dialogs, which proves
      // the question was asked and that nothing is written without an answer.
      api.errors.lastMessage = undefined;
      const unconfirmed = await vscode.commands.executeCommand<GenerateArchitectureResult>('kinesis.generateArchitecture', { uri: ordersUri });
      assert.notStrictEqual(unconfirmed?.outcome, 'written');
      assert.match(api.errors.lastMessage ?? '', /dialog.*Generate kinesis_streaming_architecture\.md from requirements-orders\.md\?/s);
      assert.ok(!(await exists(architectureUri)), 'written without confirmation');

      const written = await vscode.commands.executeCommand<GenerateArchitectureResult>('kinesis.generateArchitecture', { uri: ordersUri, confirm: true });
      assert.strictEqual(written?.outcome, 'written', `generation failed: ${api.errors.lastMessage}`);
      assert.strictEqual(written.uri.toString(), architectureUri.toString());
      const text = await readText(architectureUri);
      for (const { title } of ARCHITECTURE_SECTIONS) assert.ok(text.includes(`\n## ${title}\n`), `missing section "${title}"`);
      assert.match(text, /OrderEvents/);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), architectureUri.toString());
    });

    test('regenerating keeps a hand-edited section unless overwriting is requested', async () => {
      const note = 'Hand-written: we keep two spare shards for Black Friday.';
      const document = await vscode.workspace.openTextDocument(architectureUri);
      const heading = document.getText().split('\n').findIndex((l) => l === '## Trade-offs and Optimizations');
      assert.ok(heading > 0);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(architectureUri, new vscode.Position(heading + 1, 0), `${note}\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await document.save();

      const kept = await vscode.commands.executeCommand<GenerateArchitectureResult>('kinesis.generateArchitecture', { uri: ordersUri, confirm: true });
      assert.strictEqual(kept?.outcome, 'written', `regeneration failed: ${api.errors.lastMessage}`);
      assert.deepStrictEqual(kept.keptSections, ['Trade-offs and Optimizations']);
      assert.ok((await readText(architectureUri)).includes(note), 'the hand-edited section was overwritten');

      const overwritten = await vscode.commands.executeCommand<GenerateArchitectureResult>('kinesis.generateArchitecture', { uri: ordersUri, confirm: true, overwriteEditedSections: true });
      assert.strictEqual(overwritten?.outcome, 'written');
      assert.deepStrictEqual(overwritten.overwrittenSections, ['Trade-offs and Optimizations']);
      const text = await readText(architectureUri);
      assert.ok(!text.includes(note), 'the section was kept although overwriting was requested');
      for (const { title } of ARCHITECTURE_SECTIONS) assert.ok(text.includes(`\n## ${title}\n`), `missing section "${title}" after regeneration`);
    });

    test('the grammar highlights values in markdown but not inside fenced code', async function () {
      if (!hasDriver()) this.skip();
      const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'requirements-grammar.md'), { preview: false });
      const prose = editor.document.lineAt(2).text;
      for (const [value, kind] of [['10K/5K RPS', 'throughput'], ['2KB', 'size'], ['<100ms', 'latency'], ['24 hours', 'retention']]) {
        const scopes = await inspectScopes(editor, new vscode.Position(2, prose.indexOf(value) + 1));
        assert.match(scopes, new RegExp(`constant\\.numeric\\.${kind}\\.kinesis-requirements`), `${value}: ${scopes}`);
      }
      // The fence repeats the same values as code: no Kinesis scope there.
      const fenced = await inspectScopes(editor, new vscode.Position(5, editor.document.lineAt(5).text.indexOf('RPS')));
      assert.match(fenced, /markup\.fenced_code\.block\.markdown/);
      assert.doesNotMatch(fenced, /kinesis-requirements/);
    });
  });
});
