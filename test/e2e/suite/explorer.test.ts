import * as assert from 'assert';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ExplorerNode, GroupNode, StreamNode } from '../../../src/core/explorer/explorerModel';
import { startKinesisLocal, type TestEmulator } from '../../support/emulators';
import { waitFor } from '../support/driver';
import { activateExtension, setKinesisSetting, withEnv } from '../support/extensionApi';

const REGION = 'eu-central-1';

suite('Explorer behaviour', function () {
  let api: KinesisStudioApi;
  let emulator: TestEmulator;

  async function streamNodes(): Promise<ExplorerNode[]> {
    // Right after a connection change the roots are rebuilt; on a loaded machine that can take a moment.
    const region = await waitFor(async () => ((await api.explorer.provider.getChildren()) as ExplorerNode[])
      .find((r) => r.kind === 'region' && r.region === REGION), 10_000, `${REGION} in the explorer`);
    return (await api.explorer.provider.getChildren(region)) as ExplorerNode[];
  }

  const credentials = { AWS_ACCESS_KEY_ID: 'AKIAEXPLORERTEST', AWS_SECRET_ACCESS_KEY: 'explorer-secret', AWS_PROFILE: undefined };

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    // State changes take 2 s here, so the explorer sees CREATING and UPDATING on its own.
    emulator = await startKinesisLocal({ extraEnv: { CREATE_STREAM_DURATION: '2s', UPDATE_SHARD_COUNT_DURATION: '2s' } });
    await setKinesisSetting('region', REGION);
    await setKinesisSetting('endpoint', emulator.endpoint);
    await waitFor(() => api.connections.current.endpoint === emulator.endpoint && api.connections.current.region === REGION, 10_000, 'connection applied');
  });

  suiteTeardown(async () => {
    await setKinesisSetting('endpoint', undefined);
    await setKinesisSetting('region', undefined);
    await vscode.commands.executeCommand('kinesis.clearFilter');
    await emulator.stop();
  });

  test('a CREATING stream refreshes by itself until ACTIVE', async function () {
    this.timeout(60_000);
    await withEnv(credentials, async () => {
      const target = api.connections.targetFor(REGION);
      await api.gateway.createStream(target, { name: 'slow-stream', mode: 'PROVISIONED', shardCount: 1 });
      await vscode.commands.executeCommand('kinesis.refreshExplorer');
      const node = (await streamNodes()).find((n): n is StreamNode => n.kind === 'stream' && n.stream.name === 'slow-stream');
      assert.ok(node, 'the new stream is listed');
      await waitFor(() => api.explorer.model.details(node), 10_000, 'first details');
      assert.strictEqual(api.explorer.model.details(node)?.status, 'CREATING');
      const item = api.explorer.provider.getTreeItem(node);
      assert.match(String(item.description), /CREATING/);
      // No refresh from here on: the model polls transitional streams.
      await waitFor(() => api.explorer.model.details(node)?.status === 'ACTIVE', 20_000, 'ACTIVE without a manual refresh');
      assert.match(String(api.explorer.provider.getTreeItem(node).description), /^provisioned · 1 shard · 24 h$/);
    });
  });

  test('the filter narrows the streams and says when nothing matches', async () => {
    await withEnv(credentials, async () => {
      await api.gateway.createStream(api.connections.targetFor(REGION), { name: 'other-stream', mode: 'PROVISIONED', shardCount: 1 });
      await vscode.commands.executeCommand('kinesis.refreshExplorer');
      await vscode.commands.executeCommand('kinesis.filterStreams', 'SLOW');
      assert.deepStrictEqual((await streamNodes()).map((n) => (n.kind === 'stream' ? n.stream.name : n.kind)), ['slow-stream']);
      assert.match(api.explorer.treeView.message ?? '', /SLOW/);
      await vscode.commands.executeCommand('kinesis.filterStreams', 'no-such');
      const nodes = await streamNodes();
      assert.strictEqual(nodes.length, 1);
      assert.ok(nodes[0].kind === 'message' && /No streams match/.test(nodes[0].text));
      await vscode.commands.executeCommand('kinesis.clearFilter');
      assert.strictEqual((await streamNodes()).filter((n) => n.kind === 'stream').length, 2);
    });
  });

  test('several regions are listed side by side, each with its own streams', async () => {
    await withEnv(credentials, async () => {
      await api.gateway.createStream(api.connections.targetFor('ap-southeast-2'), { name: 'sydney-stream', mode: 'PROVISIONED', shardCount: 1 });
      await setKinesisSetting('regions', ['ap-southeast-2']);
      try {
        await waitFor(() => api.connections.current.regions.length === 2, 10_000, 'second region applied');
        const roots = (await api.explorer.provider.getChildren()) as ExplorerNode[];
        assert.deepStrictEqual(roots.map((r) => (r.kind === 'region' ? r.region : r.kind)), [REGION, 'ap-southeast-2']);
        const sydney = (await api.explorer.provider.getChildren(roots[1])) as ExplorerNode[];
        assert.deepStrictEqual(sydney.map((n) => (n.kind === 'stream' ? n.stream.name : n.kind)), ['sydney-stream']);
        assert.ok(!(await streamNodes()).some((n) => n.kind === 'stream' && n.stream.name === 'sydney-stream'));
      } finally {
        await setKinesisSetting('regions', undefined);
      }
    });
  });

  test('Copy ARN puts the stream ARN on the clipboard', async () => {
    await withEnv(credentials, async () => {
      const node = (await streamNodes()).find((n): n is StreamNode => n.kind === 'stream' && n.stream.name === 'other-stream');
      const arn = await vscode.commands.executeCommand<string>('kinesis.copyArn', node);
      assert.match(arn ?? '', /^arn:aws:kinesis:[a-z0-9-]+:\d{12}:stream\/other-stream$/);
      assert.strictEqual(await vscode.env.clipboard.readText(), arn);
    });
  });

  test('a stream created, then tagged, through commands shows up without a manual refresh', async function () {
    this.timeout(60_000);
    await setKinesisSetting('readOnly', false);
    try {
      await withEnv(credentials, async () => {
        // List the region first: without the commands' stream events this cached listing would stay stale.
        assert.ok(!(await streamNodes()).some((n) => n.kind === 'stream' && n.stream.name === 'announced-stream'));
        const created = await vscode.commands.executeCommand('kinesis.createStream', { name: 'announced-stream', mode: 'PROVISIONED', shardCount: 1 });
        assert.ok(created, `createStream failed: ${api.errors.lastMessage}`);
        const node = await waitFor(async () => (await streamNodes()).find((n): n is StreamNode => n.kind === 'stream' && n.stream.name === 'announced-stream'),
          10_000, 'the new stream listed without kinesis.refreshExplorer');
        const tags = ((await api.explorer.provider.getChildren(node)) as GroupNode[]).find((g) => g.group === 'tags')!;
        const before = (await api.explorer.provider.getChildren(tags)) as ExplorerNode[];
        assert.ok(before.length === 1 && before[0].kind === 'message' && before[0].text === 'No tags');
        await vscode.commands.executeCommand('kinesis.addTags', { stream: 'announced-stream', tags: { owner: 'explorer-test' } });
        const tagsNow = async () => {
          const stream = (await streamNodes()).find((n): n is StreamNode => n.kind === 'stream' && n.stream.name === 'announced-stream');
          const group = stream && ((await api.explorer.provider.getChildren(stream)) as GroupNode[]).find((g) => g.group === 'tags');
          return group ? (await api.explorer.provider.getChildren(group)) as ExplorerNode[] : [];
        };
        await waitFor(async () => (await tagsNow()).some((t) => t.kind === 'tag' && t.key === 'owner' && t.value === 'explorer-test'), 10_000, 'the new tag shown');
      });
    } finally {
      await setKinesisSetting('readOnly', undefined);
    }
  });

  test('an unreachable endpoint shows an error item with a retry, not a blank tree', async () => {
    // Credentials first, then the endpoint: the connection change that follows must see them, or the
    // explorer (rightly) shows "no credentials" instead of the region.
    try {
      await withEnv(credentials, async () => {
        await setKinesisSetting('endpoint', 'http://127.0.0.1:9');
        await waitFor(() => api.connections.current.endpoint === 'http://127.0.0.1:9', 10_000, 'endpoint applied');
        const nodes = await streamNodes();
        assert.strictEqual(nodes.length, 1);
        const [message] = nodes;
        assert.ok(message.kind === 'message' && message.severity === 'error', 'an error item is shown');
        const item = api.explorer.provider.getTreeItem(message);
        assert.strictEqual(item.command?.command, 'kinesis.retryNode');
        assert.doesNotMatch(String(item.description), /\n\s+at /, 'no stack trace');
      });
    } finally {
      await setKinesisSetting('endpoint', emulator.endpoint);
    }
  });
});
