import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ExplorerNode, RegionNode } from '../../../src/core/explorer/explorerModel';
import { startKinesisLocal } from '../../support/emulators';
import { driverAction, screenshot, waitFor } from '../support/driver';
import { activateExtension, REPO_ROOT, setKinesisSetting, withEnv } from '../support/extensionApi';

const STATUS_BAR_ITEM = '[id="kinesis-studio.kinesis-studio.kinesis.connection"]';

async function streamNamesIn(api: KinesisStudioApi, region: string): Promise<string[]> {
  const roots = (await api.explorer.provider.getChildren()) as ExplorerNode[];
  const root = roots.find((r): r is RegionNode => r.kind === 'region' && r.region === region);
  assert.ok(root, `region ${region} is not in the explorer (roots: ${roots.map((r) => r.kind === 'region' ? r.region : r.kind).join(', ')})`);
  const children = (await api.explorer.provider.getChildren(root)) as ExplorerNode[];
  return children.flatMap((c) => (c.kind === 'stream' ? [c.stream.name] : c.kind === 'message' ? [`<${c.text}: ${c.detail ?? ''}>`] : []));
}

suite('Foundation: activation, local mode, explorer', function () {
  let api: KinesisStudioApi;

  suiteSetup(async () => {
    api = await activateExtension();
  });

  test('every contributed command is registered', async () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, []);
  });

  test('local mode starts, the tree lists streams created in it, and it stops', async () => {
    await setKinesisSetting('localEmulatorPath', path.join(REPO_ROOT, 'node_modules', 'kinesis-local'));
    const endpoint = await vscode.commands.executeCommand<string>('kinesis.startLocal');
    assert.match(endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, `startLocal returned ${endpoint}; last error: ${api.errors.lastMessage}`);
    assert.strictEqual(api.connections.current.kind, 'local');
    const region = api.connections.current.region!;

    const target = api.connections.targetFor(region);
    for (const name of ['e2e-clicks', 'e2e-orders']) {
      await api.gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount: 1 });
    }
    await vscode.commands.executeCommand('kinesis.refreshExplorer');
    assert.deepStrictEqual(await streamNamesIn(api, region), ['e2e-clicks', 'e2e-orders']);

    await vscode.commands.executeCommand('workbench.view.extension.kinesis');
    await waitFor(() => api.explorer.treeView.visible, 15_000, 'explorer visible');
    const roots = (await api.explorer.provider.getChildren()) as ExplorerNode[];
    const streams = (await api.explorer.provider.getChildren(roots[0])) as ExplorerNode[];
    // Right after the view shows, reveal can throw "Data tree node not found" once: retry.
    await waitFor(async () => {
      try { await api.explorer.treeView.reveal(streams[1], { select: true, focus: false }); return true; } catch { return false; }
    }, 15_000, 'reveal the stream node');
    const tree = await driverAction({ action: 'text', selector: '.part.sidebar .monaco-list' });
    assert.match(tree.text, /e2e-orders/);
    const statusBar = await driverAction({ action: 'text', selector: STATUS_BAR_ITEM });
    assert.match(statusBar.text, /Kinesis: Local/);
    const shot = await screenshot('explorer-local');
    assert.ok(shot.bytes > 10_000, 'explorer screenshot is too small to show anything');

    await vscode.commands.executeCommand('kinesis.stopLocal');
    assert.strictEqual(api.connections.current.kind, 'aws');
    assert.strictEqual(api.localMode.endpoint, undefined);
    await assert.rejects(fetch(`${endpoint}/`, { signal: AbortSignal.timeout(3000) }), 'the emulator still answers after stopLocal');
  });

  test('first start asks, installs kinesis-local with npm into global storage, and runs it', async function () {
    this.timeout(180_000);
    await setKinesisSetting('localEmulatorPath', undefined);
    const starting = vscode.commands.executeCommand<string>('kinesis.startLocal');
    // Toasts stay hidden in the headless window; the notification centre shows the same item and buttons.
    await vscode.commands.executeCommand('notifications.showList');
    const toast = '.notifications-center .notification-list-item:has-text("kinesis-local")';
    const question = await waitFor(() => driverAction({ action: 'text', selector: toast }).catch(() => undefined), 20_000, 'the install question');
    assert.match(question.text, /16 MB/);
    await screenshot('local-install-question');
    await driverAction({ action: 'click', selector: `${toast} .monaco-button:has-text("Install")` });
    const endpoint = await starting;
    assert.match(endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, `startLocal returned ${endpoint}; last error: ${api.errors.lastMessage}`);
    const streams = await api.gateway.listStreams(api.connections.targetFor(api.connections.current.region!));
    assert.ok(Array.isArray(streams));
    await vscode.commands.executeCommand('kinesis.stopLocal');
    assert.strictEqual(api.connections.current.kind, 'aws');
  });

  test('a custom endpoint with environment credentials lists its streams', async () => {
    const emulator = await startKinesisLocal();
    try {
      await withEnv({ AWS_ACCESS_KEY_ID: 'AKIAE2ETESTKEY', AWS_SECRET_ACCESS_KEY: 'e2e-secret-never-logged', AWS_PROFILE: undefined }, async () => {
        // kinesis-local keeps streams per region, like AWS.
      await api.gateway.createStream({ ...emulator.target, region: 'eu-west-1' }, { name: 'endpoint-stream', mode: 'PROVISIONED', shardCount: 1 });
        await setKinesisSetting('region', 'eu-west-1');
        await setKinesisSetting('endpoint', emulator.endpoint);
        await waitFor(() => api.connections.current.endpoint === emulator.endpoint, 10_000, 'endpoint setting applied');
        assert.deepStrictEqual(await streamNamesIn(api, 'eu-west-1'), ['endpoint-stream']);
      });
    } finally {
      await setKinesisSetting('endpoint', undefined);
      await setKinesisSetting('region', undefined);
      await emulator.stop();
    }
  });

  test('no region shows the welcome view with its buttons', async () => {
    const noRegionEnv = { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'aws', 'empty-config') };
    await withEnv(noRegionEnv, async () => {
      await setKinesisSetting('region', undefined);
      await api.connections.refresh();
      assert.deepStrictEqual(api.connections.current.regions, []);
      await vscode.commands.executeCommand('workbench.view.extension.kinesis');
      const welcome = await waitFor(async () => {
        const r = await driverAction({ action: 'text', selector: '.welcome-view-content' }).catch(() => undefined);
        return r && /No AWS region is set/.test(r.text) ? r.text : undefined;
      }, 15_000, 'no-region welcome content');
      assert.match(welcome, /Select Region/);
      assert.match(welcome, /Start Local Kinesis/);
      await screenshot('explorer-no-region');
    });
    await api.connections.refresh();
  });

  test('missing credentials show the welcome view with sign-in and profile buttons', async () => {
    const emulator = await startKinesisLocal();
    const noCredentialsEnv = {
      AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'aws', 'empty-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'aws', 'empty-config'),
      // Never let the credential chain probe an instance-metadata address from a test.
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    try {
      await withEnv(noCredentialsEnv, async () => {
        await setKinesisSetting('profile', 'kinesis-e2e-no-such-profile');
        await setKinesisSetting('region', 'us-east-1');
        await setKinesisSetting('endpoint', emulator.endpoint);
        await waitFor(() => api.connections.current.endpoint === emulator.endpoint, 10_000, 'endpoint applied');
        await vscode.commands.executeCommand('kinesis.refreshExplorer');
        await vscode.commands.executeCommand('workbench.view.extension.kinesis');
        await api.explorer.provider.getChildren();
        const region = (await api.explorer.provider.getChildren()) as ExplorerNode[];
        if (region.length) {
          await api.explorer.provider.getChildren(region[0]);
        }
        await waitFor(() => api.explorer.model.credentialsProblem, 15_000, 'the credentials problem to be detected');
        const welcome = await waitFor(async () => {
          const r = await driverAction({ action: 'text', selector: '.welcome-view-content' }).catch(() => undefined);
          return r && /No usable AWS credentials/.test(r.text) ? r.text : undefined;
        }, 15_000, 'no-credentials welcome content');
        assert.match(welcome, /Run aws sso login/);
        assert.match(welcome, /Switch Profile/);
        assert.doesNotMatch(api.explorer.model.credentialsProblem ?? '', /at .*\.js:\d+/, 'no stack trace in the message');
        await screenshot('explorer-no-credentials');
      });
    } finally {
      await setKinesisSetting('profile', undefined);
      await setKinesisSetting('endpoint', undefined);
      await setKinesisSetting('region', undefined);
      await emulator.stop();
    }
  });
});
