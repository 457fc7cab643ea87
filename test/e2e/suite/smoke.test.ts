/**
 * Smoke tests of the tier-3 harness itself: they prove the tests run in a real VS Code 1.139
 * extension host, that the action channel reaches the driver's browser page, and that a failing
 * test turns the run red. They do not depend on the Kinesis Studio extension.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { driverAction, hasDriver, screenshot, setTheme, THEMES, waitFor } from '../support/driver';
import { E2E_ENV } from '../support/env';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

suite('Harness smoke', () => {
  test('runs inside a VS Code 1.139 extension host', () => {
    assert.ok(vscode.version.startsWith('1.139'), `unexpected VS Code version ${vscode.version}`);
    assert.ok(vscode.workspace.workspaceFolders?.length, 'no workspace folder is open');
  });

  test('the fixture workspace is open and writable', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const readme = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'README.md'));
    assert.match(Buffer.from(readme).toString('utf8'), /Kinesis Studio/);
    const scratch = vscode.Uri.joinPath(folder, 'scratch.txt');
    await vscode.workspace.fs.writeFile(scratch, Buffer.from('written by the smoke test'));
    await vscode.workspace.fs.delete(scratch);
  });

  test('the action channel takes a PNG screenshot of the workbench', async function () {
    if (!hasDriver()) this.skip();
    await driverAction({ action: 'waitFor', selector: '.monaco-workbench', timeout: 30_000 });
    const readme = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'README.md');
    await vscode.window.showTextDocument(readme);
    await waitFor(async () => (await driverAction({ action: 'count', selector: '.editor-instance .view-lines' })).count > 0,
      15_000, 'the README editor to render');
    const shot = await screenshot('smoke-workbench');
    assert.ok(shot.bytes > 10 * 1024, `screenshot is only ${shot.bytes} bytes`);
    const file = fs.readFileSync(shot.path);
    assert.strictEqual(file.length, shot.bytes);
    assert.ok(file.subarray(0, 8).equals(PNG_SIGNATURE), 'screenshot is not a PNG');
  });

  test('setTheme switches between dark and light (screenshots differ in brightness)', async function () {
    if (!hasDriver()) this.skip();
    const workbench = () => vscode.workspace.getConfiguration('workbench');
    const initial = workbench().inspect<string>('colorTheme')?.globalValue;
    try {
      await setTheme(THEMES.dark);
      const dark = await screenshot('smoke-theme-dark');
      await setTheme(THEMES.light);
      const light = await screenshot('smoke-theme-light');
      assert.notStrictEqual(dark.sha1, light.sha1, 'dark and light screenshots are identical');
      assert.ok(dark.meanLuma! < light.meanLuma!, `dark (${dark.meanLuma}) is not darker than light (${light.meanLuma})`);
    } finally {
      await workbench().update('colorTheme', initial, vscode.ConfigurationTarget.Global);
    }
  });

  test('negative control (fails only when KINESIS_E2E_FORCE_FAIL=1)', () => {
    if (process.env[E2E_ENV.forceFail] === '1') assert.fail('forced failure (KINESIS_E2E_FORCE_FAIL=1)');
  });
});
