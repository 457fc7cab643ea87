import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Emitter } from '../../../src/core/events';
import {
  ExplorerModel, type ExplorerConnections, type ExplorerNode, type GroupNode, type StreamNode,
} from '../../../src/core/explorer/explorerModel';
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { ConnectionTarget, ShardInfo } from '../../../src/core/kinesis/gateway';
import { MAX_HASH_KEY } from '../../../src/core/kinesis/validation';
import type { StreamChange } from '../../../src/core/kinesis/streamChange';
import { nullLogger } from '../../../src/core/logging';
import { FakeKinesisGateway } from '../../support/fakeKinesisGateway';

const OLD_NAMES: Record<string, string> = {
  ListStreams: 'listStreams', DescribeStream: 'describeStream', ListShards: 'listShards', ListConsumers: 'listConsumers', ListTags: 'listTags',
};

/** The gateway's call log as `listStreams <region>` / `<operation> <stream>` lines. */
const log = (gateway: FakeKinesisGateway): string[] =>
  gateway.calls.map((c) => `${OLD_NAMES[c.op] ?? c.op} ${c.op === 'ListStreams' ? c.region : c.op === 'ListConsumers' ? c.streamArn?.split('/').pop() : c.stream}`);

class FakeConnections implements ExplorerConnections {
  readonly #onDidChange = new Emitter<unknown>();
  readonly onDidChange = this.#onDidChange.event;
  current: ExplorerConnections['current'];

  constructor(regions: string[]) {
    this.current = { regions };
  }

  targetFor(region: string): ConnectionTarget {
    return { region, endpoint: 'http://127.0.0.1:1', localEmulator: true };
  }

  change(current: ExplorerConnections['current']): void {
    this.current = current;
    this.#onDidChange.fire(current);
  }
}

function shard(id: number, start: bigint, end: bigint, extra: Partial<ShardInfo> = {}): ShardInfo {
  return { shardId: `shardId-${String(id).padStart(12, '0')}`, startingHashKey: start.toString(), endingHashKey: end.toString(), startingSequenceNumber: '1', ...extra };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const names = (nodes: readonly ExplorerNode[]) => nodes.map((n) => (n.kind === 'stream' ? n.stream.name : n.kind === 'message' ? `(${n.text})` : n.kind));

describe('ExplorerModel', () => {
  const models: ExplorerModel[] = [];
  afterEach(() => models.splice(0).forEach((m) => m.dispose()));

  function setup(regions = ['eu-west-1'], options: { pollIntervalMs?: number; streamChanges?: Emitter<StreamChange> } = {}) {
    const gateway = new FakeKinesisGateway();
    const connections = new FakeConnections(regions);
    const changes: (ExplorerNode | undefined)[] = [];
    const model = new ExplorerModel({ gateway, connections, logger: nullLogger, pollIntervalMs: options.pollIntervalMs ?? 10, streamChanges: options.streamChanges?.event });
    models.push(model);
    model.onDidChange((node) => changes.push(node));
    return { gateway, connections, model, changes };
  }

  async function streamNode(model: ExplorerModel, region: string, name: string): Promise<StreamNode> {
    const node = await model.findStream(region, name);
    assert.ok(node, `${name} is listed`);
    return node;
  }

  it('roots are the connection\'s regions, the same node objects each time', () => {
    const { model } = setup(['eu-west-1', 'us-east-1']);
    const roots = model.roots();
    assert.deepEqual(roots.map((r) => r.region), ['eu-west-1', 'us-east-1']);
    assert.strictEqual(model.roots()[1], roots[1], 'reveal() and refresh(node) need stable nodes');
  });

  it('lists streams sorted by name, and says so when a region has none', async () => {
    const { gateway, model } = setup(['eu-west-1', 'us-east-1']);
    gateway.addStream('eu-west-1', 'zeta');
    gateway.addStream('eu-west-1', 'alpha');
    const [eu, us] = model.roots();
    assert.deepEqual(names(await model.children(eu)), ['alpha', 'zeta']);
    assert.deepEqual(names(await model.children(us)), ['(No streams in this region)']);
  });

  it('caches a listing until that node is refreshed', async () => {
    const { gateway, model } = setup();
    gateway.addStream('eu-west-1', 'orders');
    const [root] = model.roots();
    await model.children(root);
    await model.children(root);
    assert.equal(log(gateway).filter((c) => c.startsWith('listStreams')).length, 1);
    model.refresh(root);
    await model.children(root);
    assert.equal(log(gateway).filter((c) => c.startsWith('listStreams')).length, 2);
  });

  it('describes listed streams in the background, at most four at a time, and announces each', async () => {
    const { gateway, model, changes } = setup();
    gateway.describeLatencyMs = 5;
    for (let i = 0; i < 10; i++) gateway.addStream('eu-west-1', `s${i}`);
    const streams = (await model.children(model.roots()[0])) as StreamNode[];
    assert.equal(model.details(streams[0]), undefined, 'names show before details');
    await until(() => streams.every((s) => model.details(s)), 'every stream described');
    assert.equal(gateway.maxDescribing, 4);
    assert.equal(model.details(streams[3])?.openShardCount, 1);
    for (const s of streams) assert.ok(changes.includes(s), `${s.stream.name} was announced`);
  });

  it('a stream has three groups; shards carry their state, keyspace share and children', async () => {
    const { gateway, model } = setup();
    const half = (MAX_HASH_KEY + 1n) / 2n;
    gateway.addStream('eu-west-1', 'orders', {
      shards: [
        shard(0, 0n, MAX_HASH_KEY, { endingSequenceNumber: '9' }),
        shard(1, 0n, half - 1n, { parentShardId: 'shardId-000000000000' }),
        shard(2, half, MAX_HASH_KEY, { parentShardId: 'shardId-000000000000' }),
      ],
    });
    const stream = await streamNode(model, 'eu-west-1', 'orders');
    const groups = (await model.children(stream)) as GroupNode[];
    assert.deepEqual(groups.map((g) => g.group), ['shards', 'consumers', 'tags']);
    assert.strictEqual((await model.children(stream))[0], groups[0], 'group nodes are stable');
    const shards = await model.children(groups[0]);
    assert.deepEqual(shards.map((s) => s.kind === 'shard' && [s.shard.shardId.slice(-1), s.open, s.keyspaceShare, s.childShardIds.length]), [
      ['0', false, 1, 2],
      ['1', true, 0.5, 0],
      ['2', true, 0.5, 0],
    ]);
  });

  it('consumers are listed by the stream ARN; tags sorted by key; empty groups say so', async () => {
    const { gateway, model } = setup();
    gateway.addStream('eu-west-1', 'orders', {
      consumers: [{ name: 'app', arn: 'arn:consumer/app', status: 'ACTIVE' }],
      tags: { team: 'orders', env: 'dev' },
    });
    gateway.addStream('eu-west-1', 'bare');
    const [, consumers, tags] = (await model.children(await streamNode(model, 'eu-west-1', 'orders'))) as GroupNode[];
    assert.deepEqual((await model.children(consumers)).map((c) => c.kind === 'consumer' && c.consumer.name), ['app']);
    assert.deepEqual((await model.children(tags)).map((t) => t.kind === 'tag' && `${t.key}=${t.value}`), ['env=dev', 'team=orders']);
    const [, noConsumers, noTags] = (await model.children(await streamNode(model, 'eu-west-1', 'bare'))) as GroupNode[];
    assert.deepEqual(names(await model.children(noConsumers)), ['(No enhanced fan-out consumers)']);
    assert.deepEqual(names(await model.children(noTags)), ['(No tags)']);
  });

  it('a failed listing becomes an error child with the remedies, and is asked again next time', async () => {
    const { gateway, model } = setup();
    gateway.addStream('eu-west-1', 'orders');
    gateway.failNext = new KinesisError({ message: 'Endpoint unreachable', code: 'EndpointUnreachable', operation: 'ListStreams', remedies: ['retry'] });
    const [root] = model.roots();
    const [message] = await model.children(root);
    assert.ok(message.kind === 'message');
    assert.deepEqual([message.severity, message.text, message.detail, message.remedies], ['error', 'Could not list streams', 'Endpoint unreachable', ['retry']]);
    assert.strictEqual(message.parent, root, 'Retry refreshes the node that failed');
    assert.equal(model.credentialsProblem, undefined, 'an unreachable endpoint is not a credentials problem');
    assert.deepEqual(names(await model.children(root)), ['orders'], 'the failure was not cached');
  });

  it('missing credentials hide the roots (the view shows its welcome) until a refresh', async () => {
    const { gateway, model, changes } = setup();
    gateway.failNext = new KinesisError({ message: 'No credentials', code: 'CredentialsMissing', operation: 'ListStreams', remedies: ['switchProfile'] });
    await model.children(model.roots()[0]);
    assert.equal(model.credentialsProblem, 'No credentials');
    assert.ok(changes.includes(undefined), 'the whole tree was told to re-render');
    assert.deepEqual(model.roots(), []);
    model.refresh();
    assert.equal(model.credentialsProblem, undefined);
    assert.equal(model.roots().length, 1);
  });

  it('a connection problem is shown without calling Kinesis', async () => {
    const { gateway, connections, model } = setup();
    connections.current = { regions: ['eu-west-1'], problem: new KinesisError({ message: 'Endpoint is not a valid URL', code: 'InvalidEndpoint', operation: 'Connect', remedies: ['openSettings'] }) };
    const [message] = await model.children(model.roots()[0]);
    assert.ok(message.kind === 'message' && message.detail === 'Endpoint is not a valid URL');
    assert.deepEqual(log(gateway), []);
  });

  it('a connection change forgets every listing', async () => {
    const { gateway, connections, model, changes } = setup();
    gateway.addStream('eu-west-1', 'orders');
    gateway.addStream('us-east-1', 'clicks');
    await model.children(model.roots()[0]);
    connections.change({ regions: ['us-east-1'] });
    assert.equal(changes.at(-1), undefined);
    assert.deepEqual(names(await model.children(model.roots()[0])), ['clicks']);
  });

  it('the filter narrows streams case-insensitively and says when nothing matches', async () => {
    const { gateway, model, changes } = setup();
    gateway.addStream('eu-west-1', 'Orders-Prod');
    gateway.addStream('eu-west-1', 'clicks');
    const [root] = model.roots();
    model.setFilter('  ORDERS ');
    assert.equal(model.filter, 'ORDERS');
    assert.strictEqual(changes.at(-1), root, 'each region re-renders');
    assert.deepEqual(names(await model.children(root)), ['Orders-Prod']);
    model.setFilter('nothing');
    assert.deepEqual(names(await model.children(root)), ['(No streams match "nothing")']);
    model.setFilter('');
    assert.deepEqual(names(await model.children(root)), ['clicks', 'Orders-Prod']);
    assert.equal(log(gateway).filter((c) => c.startsWith('listStreams')).length, 1, 'filtering never re-lists');
  });

  it('refreshing a leaf refreshes the group it is in', async () => {
    const { gateway, model, changes } = setup();
    gateway.addStream('eu-west-1', 'orders', { tags: { a: '1' } });
    const [, , tags] = (await model.children(await streamNode(model, 'eu-west-1', 'orders'))) as GroupNode[];
    const [tag] = await model.children(tags);
    model.refresh(tag);
    assert.strictEqual(changes.at(-1), tags);
    await model.children(tags);
    assert.equal(log(gateway).filter((c) => c === 'listTags orders').length, 2);
  });

  it('a CREATING stream is described again until it settles, then its groups are listed afresh', async () => {
    const { gateway, model, changes } = setup();
    const stored = gateway.addStream('eu-west-1', 'slow', { status: 'CREATING' });
    const node = await streamNode(model, 'eu-west-1', 'slow');
    const [shards] = (await model.children(node)) as GroupNode[];
    await until(() => model.details(node)?.status === 'CREATING', 'first describe');
    await model.children(shards);
    await until(() => log(gateway).filter((c) => c === 'describeStream slow').length >= 2, 'a second describe without any refresh');
    stored.status = 'ACTIVE';
    await until(() => model.details(node)?.status === 'ACTIVE', 'ACTIVE by polling');
    await tick();
    assert.strictEqual(changes.at(-1), node);
    const describesWhenSettled = log(gateway).filter((c) => c === 'describeStream slow').length;
    await model.children(shards);
    assert.equal(log(gateway).filter((c) => c === 'listShards slow').length, 2, 'shards listed again after settling');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(log(gateway).filter((c) => c === 'describeStream slow').length, describesWhenSettled, 'no polling once ACTIVE');
  });

  it('a DELETING stream that disappears makes its region list again', async () => {
    const { gateway, model } = setup();
    gateway.addStream('eu-west-1', 'doomed', { status: 'DELETING' });
    gateway.addStream('eu-west-1', 'kept');
    const [root] = model.roots();
    await model.children(root);
    await until(() => log(gateway).includes('describeStream doomed'), 'first describe');
    gateway.removeStream('eu-west-1', 'doomed');
    await until(() => log(gateway).filter((c) => c === 'listStreams eu-west-1').length === 1 && log(gateway).filter((c) => c === 'describeStream doomed').length >= 2, 'the failing poll');
    assert.deepEqual(names(await model.children(root)), ['kept']);
    assert.equal(log(gateway).filter((c) => c === 'listStreams eu-west-1').length, 2);
  });

  it('dispose stops polling', async () => {
    const { gateway, model } = setup();
    gateway.addStream('eu-west-1', 'slow', { status: 'UPDATING' });
    await model.children(model.roots()[0]);
    await until(() => log(gateway).includes('describeStream slow'), 'first describe');
    model.dispose();
    const describes = log(gateway).length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(log(gateway).length, describes);
  });

  describe('stream changes announced by commands', () => {
    it('a created or deleted stream re-lists its region, and only that region', async () => {
      const streamChanges = new Emitter<StreamChange>();
      const { gateway, model } = setup(['eu-west-1', 'us-east-1'], { streamChanges });
      const [eu, us] = model.roots();
      await model.children(eu);
      await model.children(us);
      gateway.addStream('eu-west-1', 'new-stream');
      streamChanges.fire({ kind: 'created', region: 'eu-west-1', stream: 'new-stream' });
      assert.deepEqual(names(await model.children(eu)), ['new-stream']);
      await model.children(us);
      assert.deepEqual(log(gateway).filter((c) => c.startsWith('listStreams')), ['listStreams eu-west-1', 'listStreams us-east-1', 'listStreams eu-west-1']);
    });

    it('an updated stream refreshes that stream (its groups and details), not the region', async () => {
      const streamChanges = new Emitter<StreamChange>();
      const { gateway, model, changes } = setup(['eu-west-1'], { streamChanges });
      const stored = gateway.addStream('eu-west-1', 'orders', { tags: { a: '1' } });
      const node = await streamNode(model, 'eu-west-1', 'orders');
      const [, , tags] = (await model.children(node)) as GroupNode[];
      await model.children(tags);
      stored.tags = { a: '1', b: '2' };
      await model.applyStreamChange({ kind: 'updated', region: 'eu-west-1', stream: 'orders' });
      assert.strictEqual(changes.at(-1), node);
      assert.deepEqual((await model.children(tags)).map((t) => t.kind === 'tag' && t.key), ['a', 'b']);
      assert.equal(log(gateway).filter((c) => c.startsWith('listStreams')).length, 1, 'the region was not re-listed');
    });

    it('an update to a stream not listed (yet) refreshes its region; one in a region not shown calls nothing', async () => {
      const { gateway, model, changes } = setup(['eu-west-1']);
      const [root] = model.roots();
      await model.applyStreamChange({ kind: 'updated', region: 'eu-west-1', stream: 'orders' });
      assert.strictEqual(changes.at(-1), root);
      const callsBefore = log(gateway).length;
      const changesBefore = changes.length;
      await model.applyStreamChange({ kind: 'created', region: 'ap-south-1', stream: 'x' });
      assert.equal(log(gateway).length, callsBefore);
      assert.equal(changes.length, changesBefore);
    });

    it('"all" forgets every listing', async () => {
      const streamChanges = new Emitter<StreamChange>();
      const { gateway, model, changes } = setup(['eu-west-1'], { streamChanges });
      gateway.addStream('eu-west-1', 'orders');
      const [root] = model.roots();
      await model.children(root);
      streamChanges.fire({ kind: 'all' });
      assert.equal(changes.at(-1), undefined);
      await model.children(root);
      assert.equal(log(gateway).filter((c) => c.startsWith('listStreams')).length, 2);
    });
  });
});
