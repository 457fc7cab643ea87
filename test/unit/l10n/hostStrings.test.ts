import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './repo';
import { findRawUserStrings } from './rawStrings';

/**
 * Host files still being converted to `vscode.l10n.t` on other branches (#16). Each line is one file
 * whose raw strings are tolerated for now. When a conversion lands, its file scans clean and the
 * "no stale entries" test below fails until the line is deleted: the list only ever shrinks, to empty.
 */
const PENDING_CONVERSION: readonly string[] = [];

/**
 * The host code: everything under src/ that runs in the extension host. src/core and src/cli cannot
 * import vscode (their English is shown by the host through its own strings or is CLI output), and
 * the webview pages translate through @vscode/l10n (src/webview/common/l10n.ts loads the bundle).
 */
function hostFiles(): string[] {
  const src = path.join(repoRoot(), 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .map((file) => `src/${file.split(path.sep).join('/')}`)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !/^src\/(core|cli|webview)\//.test(file))
    .sort();
}

function scan(file: string): string[] {
  return findRawUserStrings(file, readFileSync(path.join(repoRoot(), file), 'utf8'))
    .map((s) => `${file}:${s.line} ${s.api}: ${s.text}`);
}

describe('l10n: host strings shown to users go through vscode.l10n.t', () => {
  it('no message, progress title, quick input, panel title, status bar text or shown error is a raw string', () => {
    const files = hostFiles();
    assert.ok(files.length > 40, `only ${files.length} host files found: the walk no longer matches src/`);
    const raw = files.filter((file) => !PENDING_CONVERSION.includes(file)).flatMap(scan);
    assert.deepEqual(raw, [], 'wrap these strings in vscode.l10n.t(...) with {0} placeholders, then run `npm run l10n`');
  });

  it('every pending file exists and still has raw strings (delete its line from PENDING_CONVERSION once converted)', () => {
    const files = new Set(hostFiles());
    const stale = PENDING_CONVERSION.filter((file) => !files.has(file) || scan(file).length === 0);
    assert.deepEqual(stale, []);
  });
});

describe('l10n: the raw-string scanner', () => {
  const fixture = `
    import * as vscode from 'vscode';
    export async function run(name: string, item: vscode.StatusBarItem, pick: vscode.QuickPick<vscode.QuickPickItem>) {
      void vscode.window.showInformationMessage('Stream created.');
      void vscode.window.showWarningMessage(vscode.l10n.t('Delete {0}?', name), { modal: true, detail: \`It holds \${name}\` }, 'Delete');
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Deleting ' + name }, async () => undefined);
      await vscode.window.showQuickPick([], { placeHolder: ok ? vscode.l10n.t('Pick') : 'Pick one' });
      await vscode.window.showInputBox({ prompt: vscode.l10n.t('Name'), placeHolder: \`e.g. \${name}\` });
      item.text = \`$(cloud) Kinesis: \${name}\`;
      item.tooltip = vscode.l10n.t('Connection');
      pick.title = \`\${name} (1/2)\`;
      pick.placeholder = '';
      item.text = \`$(vm) \${name}\`;
      throw new UserFacingError(\`No stream \${name}\`);
    }`;

  it('reports each raw string shown to users, with its line and API, and passes l10n.t calls and wordless literals', () => {
    const found = findRawUserStrings('fixture.ts', fixture).map((s) => `${s.line} ${s.api}: ${s.text}`);
    assert.deepEqual(found, [
      '4 showInformationMessage argument 1: \'Stream created.\'',
      '5 showWarningMessage detail: `It holds ${name}`',
      '5 showWarningMessage argument 3: \'Delete\'',
      '6 withProgress title: \'Deleting \' + name',
      '7 showQuickPick placeHolder: ok ? vscode.l10n.t(\'Pick\') : \'Pick one\'',
      '8 showInputBox placeHolder: `e.g. ${name}`',
      '9 .text =: `$(cloud) Kinesis: ${name}`',
      '14 new UserFacingError: `No stream ${name}`',
    ]);
  });

  it('finds the wrappers\' raw strings too: askText, askPick, runWizard, confirmModal, createWebviewPanel, page notices, operation progress', () => {
    const found = findRawUserStrings('wrappers.ts', `
      await runWizard('Create Stream', state, []);
      await askText(p, { prompt: 'Stream name', value: s.name });
      await askPick(p, items, { placeholder: vscode.l10n.t('Capacity mode') });
      await confirmModal(vscode.l10n.t('Delete?'), detail, 'Delete');
      vscode.window.createWebviewPanel('kinesis.tail', \`Tail: \${stream}\`, vscode.ViewColumn.Active);
      this.notice('info', 'Copied the record.');
      await this.ctx.progress(\`Deleting "\${stream}"…\`, task);
    `).map((s) => `${s.line} ${s.api}`);
    assert.deepEqual(found, [
      '2 runWizard argument 1', '3 askText prompt', '5 confirmModal argument 3', '6 createWebviewPanel argument 2', '7 notice argument 2', '8 progress argument 1',
    ]);
  });

  it('a fully converted source scans clean', () => {
    assert.deepEqual(findRawUserStrings('clean.ts', `
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot {0}: {1}', action, why), vscode.l10n.t('Retry'));
      item.text = vscode.l10n.t('$(cloud) Kinesis: {0}', label);
      item.tooltip = lines.join('\\n');
    `), []);
  });
});
