/**
 * The SDK-backed KinesisGateway against a real Kinesis API: kinesis-local on a free 127.0.0.1 port.
 * Every operation is followed by reading the state back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway, localEmulatorCredentials } from '../../src/core/kinesis/awsGateway';
import { KinesisError } from '../../src/core/kinesis/errors';
import type { ConnectionTarget, KinesisGateway, ShardInfo } from '../../src/core/kinesis/gateway';
import type { ILogger } from '../../src/core/logging';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';

/** Collects every log line so tests can assert on what was (and was not) logged. */
function collectingLogger(): ILogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string | Error) => lines.push(`${level} ${typeof m === 'string' ? m : m.stack ?? m.message}`);
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

async function expectKinesisError(promise: Promise<unknown>, code: string): Promise<KinesisError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof KinesisError, `expected a KinesisError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in the message');
    return err;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

async function inBatches<T>(items: readonly T[], parallel: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

const open = (shards: readonly ShardInfo[]) => shards.filter((s) => s.endingSequenceNumber === undefined);
const PAYLOAD_MARKER = 'payload-marker-7f3a';
const PARTITION_KEY_MARKER = 'pk-marker-91c2';

describe('AWS gateway against kinesis-local', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let target: ConnectionTarget;
  let gateway: KinesisGateway;
  const logger = collectingLogger();

  before(async () => {
    emulator = await startKinesisLocal();
    target = emulator.target;
    gateway = createAwsGateway({
      logger,
      pageSizes: { listStreams: 10, listShards: 2, listTags: 5 },
      pollDelaysMs: { initial: 50, max: 200 },
    });
  });

  after(async () => {
    gateway?.dispose();
    await emulator?.stop();
  });

  it('lists streams across several pages (ExclusiveStartStreamName paging)', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `paging-${String(i).padStart(2, '0')}`);
    await inBatches(names, 5, (name) => gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount: 1 }));
    const listed = await gateway.listStreams(target);
    const pagingNames = listed.map((s) => s.name).filter((n) => n.startsWith('paging-'));
    assert.deepEqual(pagingNames, names);
    assert.equal(new Set(listed.map((s) => s.name)).size, listed.length, 'no stream listed twice');
    assert.ok(logger.lines.some((l) => /ListStreams .* page 3 /.test(l)), 'at least three pages were requested');
    await inBatches(names, 5, (name) => gateway.deleteStream(target, name, false));
  });

  it('creates a provisioned stream with tags and retention, then reads it back', async () => {
    await gateway.createStream(target, { name: 'orders', mode: 'PROVISIONED', shardCount: 3, tags: { team: 'data', env: 'test' }, retentionHours: 48 });
    const details = await gateway.waitForActive(target, 'orders', 10_000);
    assert.equal(details.name, 'orders');
    assert.equal(details.status, 'ACTIVE');
    assert.equal(details.mode, 'PROVISIONED');
    assert.equal(details.openShardCount, 3);
    assert.equal(details.retentionHours, 48);
    assert.equal(details.encryption, 'NONE');
    assert.match(details.arn, /^arn:aws:kinesis:us-east-1:\d{12}:stream\/orders$/);
    assert.deepEqual(await gateway.listTags(target, 'orders'), { team: 'data', env: 'test' });
    const listed = (await gateway.listStreams(target)).find((s) => s.name === 'orders');
    assert.ok(listed);
  });

  it('creates an on-demand stream', async () => {
    await gateway.createStream(target, { name: 'clicks', mode: 'ON_DEMAND' });
    const details = await gateway.waitForActive(target, 'clicks', 10_000);
    assert.equal(details.mode, 'ON_DEMAND');
    assert.ok(details.openShardCount >= 1);
  });

  it('lists shards across pages', async () => {
    const shards = await gateway.listShards(target, 'orders');
    assert.equal(shards.length, 3);
    assert.equal(new Set(shards.map((s) => s.shardId)).size, 3);
    assert.equal(shards[0].startingHashKey, '0');
    assert.equal(shards[2].endingHashKey, ((1n << 128n) - 1n).toString());
    assert.ok(logger.lines.some((l) => /ListShards .*stream=orders page 2 /.test(l)), 'a second page was requested');
  });

  it('adds tags in batches of ten and removes them', async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, `v${i}`]));
    await gateway.addTags(target, 'orders', many);
    let tags = await gateway.listTags(target, 'orders');
    assert.equal(Object.keys(tags).length, 14);
    assert.equal(tags.k11, 'v11');
    await gateway.removeTags(target, 'orders', Object.keys(many));
    tags = await gateway.listTags(target, 'orders');
    assert.deepEqual(tags, { team: 'data', env: 'test' });
  });

  it('registers, lists and deregisters enhanced fan-out consumers', async () => {
    const { arn } = await gateway.describeStream(target, 'orders');
    const registered = await gateway.registerConsumer(target, arn, 'reader-a');
    assert.equal(registered.name, 'reader-a');
    assert.match(registered.arn, /consumer\/reader-a/);
    await gateway.registerConsumer(target, arn, 'reader-b');
    let consumers = await gateway.listConsumers(target, arn);
    assert.deepEqual(consumers.map((c) => c.name).sort(), ['reader-a', 'reader-b']);
    await gateway.deregisterConsumer(target, arn, 'reader-a');
    await gateway.deregisterConsumer(target, arn, 'reader-b');
    consumers = await gateway.listConsumers(target, arn);
    assert.deepEqual(consumers.filter((c) => c.status !== 'DELETING'), []);
  });

  it('updates the shard count', async () => {
    await gateway.updateShardCount(target, 'orders', 6);
    const details = await gateway.waitForActive(target, 'orders', 10_000);
    assert.equal(details.openShardCount, 6);
    assert.equal(open(await gateway.listShards(target, 'orders')).length, 6);
  });

  it('splits a shard at its midpoint and merges the two children back', async () => {
    await gateway.createStream(target, { name: 'reshard', mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(target, 'reshard', 10_000);
    const [parent] = await gateway.listShards(target, 'reshard');
    const mid = ((BigInt(parent.startingHashKey) + BigInt(parent.endingHashKey)) / 2n).toString();
    await gateway.splitShard(target, 'reshard', parent.shardId, mid);
    await gateway.waitForActive(target, 'reshard', 10_000);
    let shards = await gateway.listShards(target, 'reshard');
    const children = open(shards);
    assert.equal(children.length, 2);
    assert.ok(children.every((c) => c.parentShardId === parent.shardId));
    assert.ok(children.some((c) => c.startingHashKey === mid));
    assert.ok(shards.find((s) => s.shardId === parent.shardId)?.endingSequenceNumber, 'the parent is closed');

    const [left, right] = [...children].sort((a, b) => (BigInt(a.startingHashKey) < BigInt(b.startingHashKey) ? -1 : 1));
    await gateway.mergeShards(target, 'reshard', left.shardId, right.shardId);
    await gateway.waitForActive(target, 'reshard', 10_000);
    shards = await gateway.listShards(target, 'reshard');
    const merged = open(shards);
    assert.equal(merged.length, 1);
    assert.equal(merged[0].parentShardId, left.shardId);
    assert.equal(merged[0].adjacentParentShardId, right.shardId);
    assert.equal(merged[0].startingHashKey, '0');
  });

  it('increases and decreases retention', async () => {
    await gateway.setRetention(target, 'reshard', 8760);
    assert.equal((await gateway.waitForActive(target, 'reshard', 10_000)).retentionHours, 8760);
    await gateway.setRetention(target, 'reshard', 24);
    assert.equal((await gateway.waitForActive(target, 'reshard', 10_000)).retentionHours, 24);
  });

  it('starts and stops KMS encryption', async () => {
    await gateway.startEncryption(target, 'reshard', 'alias/aws/kinesis');
    let details = await gateway.waitForActive(target, 'reshard', 10_000);
    assert.equal(details.encryption, 'KMS');
    assert.equal(details.keyId, 'alias/aws/kinesis');
    await gateway.stopEncryption(target, 'reshard', 'alias/aws/kinesis');
    details = await gateway.waitForActive(target, 'reshard', 10_000);
    assert.equal(details.encryption, 'NONE');
  });

  it('switches the capacity mode', async () => {
    const { arn } = await gateway.describeStream(target, 'clicks');
    await gateway.updateStreamMode(target, arn, 'PROVISIONED');
    const details = await gateway.waitForActive(target, 'clicks', 10_000);
    assert.equal(details.mode, 'PROVISIONED');
  });

  it('enables and disables enhanced monitoring', async () => {
    await gateway.setEnhancedMonitoring(target, 'reshard', ['IncomingBytes', 'OutgoingRecords'], true);
    let details = await gateway.waitForActive(target, 'reshard', 10_000);
    assert.deepEqual([...details.enhancedMonitoring].sort(), ['IncomingBytes', 'OutgoingRecords']);
    await gateway.setEnhancedMonitoring(target, 'reshard', ['IncomingBytes'], false);
    details = await gateway.waitForActive(target, 'reshard', 10_000);
    assert.deepEqual([...details.enhancedMonitoring], ['OutgoingRecords']);
  });

  it('puts records and reads them back from every shard', async () => {
    const single = await gateway.putRecord(target, { stream: 'orders', partitionKey: PARTITION_KEY_MARKER, data: Buffer.from(`${PAYLOAD_MARKER}-single`) });
    assert.match(single.shardId, /^shardId-/);
    assert.match(single.sequenceNumber, /^\d+$/);
    const entries = Array.from({ length: 30 }, (_, i) => ({ partitionKey: `${PARTITION_KEY_MARKER}-${i}`, data: Buffer.from(`${PAYLOAD_MARKER}-${i}`) }));
    const result = await gateway.putRecords(target, 'orders', entries);
    assert.equal(result.failedCount, 0);
    assert.equal(result.entries.length, 30);
    assert.ok(result.entries.every((e) => e.ok));

    const received = new Map<string, string>();
    for (const shard of open(await gateway.listShards(target, 'orders'))) {
      let iterator: string | undefined = await gateway.getShardIterator(target, { stream: 'orders', shardId: shard.shardId, type: 'TRIM_HORIZON' });
      for (let i = 0; i < 5 && iterator; i++) {
        const page = await gateway.getRecords(target, iterator, 100);
        for (const r of page.records) received.set(r.partitionKey, Buffer.from(r.data).toString('utf8'));
        if (page.records.length === 0) break;
        iterator = page.nextIterator;
      }
    }
    assert.equal(received.get(PARTITION_KEY_MARKER), `${PAYLOAD_MARKER}-single`);
    for (let i = 0; i < 30; i++) assert.equal(received.get(`${PARTITION_KEY_MARKER}-${i}`), `${PAYLOAD_MARKER}-${i}`);

    // AT_SEQUENCE_NUMBER returns exactly the record PutRecord reported.
    const at = await gateway.getShardIterator(target, { stream: 'orders', shardId: single.shardId, type: 'AT_SEQUENCE_NUMBER', sequenceNumber: single.sequenceNumber });
    const first = (await gateway.getRecords(target, at, 1)).records[0];
    assert.equal(first.sequenceNumber, single.sequenceNumber);
    assert.equal(Buffer.from(first.data).toString('utf8'), `${PAYLOAD_MARKER}-single`);
  });

  it('maps AWS errors to messages that say what to do', async () => {
    const notFound = await expectKinesisError(gateway.describeStream(target, 'no-such-stream'), 'ResourceNotFoundException');
    assert.ok(notFound.remedies.includes('setRegion'));
    assert.match(notFound.message, /Check the name, the region/);

    const inUse = await expectKinesisError(gateway.createStream(target, { name: 'orders', mode: 'PROVISIONED', shardCount: 1 }), 'ResourceInUseException');
    assert.ok(inUse.remedies.includes('retry'));

    // Shards 0 and 2 of a fresh 3-shard stream are not adjacent: the service rejects the merge.
    await gateway.createStream(target, { name: 'nonadjacent', mode: 'PROVISIONED', shardCount: 3 });
    await gateway.waitForActive(target, 'nonadjacent', 10_000);
    const shards = await gateway.listShards(target, 'nonadjacent');
    const invalid = await expectKinesisError(gateway.mergeShards(target, 'nonadjacent', shards[0].shardId, shards[2].shardId), 'InvalidArgumentException');
    assert.match(invalid.message, /Correct it and try again/);
  });

  it('rejects bad input before any request is sent', async () => {
    const proxy: FaultProxy = await startFaultProxy({ upstream: emulator.endpoint });
    const viaProxy: ConnectionTarget = { ...target, endpoint: proxy.endpoint };
    try {
      const cases: [string, Promise<unknown>][] = [
        ['stream name', gateway.createStream(viaProxy, { name: 'bad name!', mode: 'PROVISIONED', shardCount: 1 })],
        ['shard count', gateway.createStream(viaProxy, { name: 'ok', mode: 'PROVISIONED', shardCount: 0 })],
        ['retention', gateway.createStream(viaProxy, { name: 'ok', mode: 'PROVISIONED', shardCount: 1, retentionHours: 5 })],
        ['too many tags', gateway.createStream(viaProxy, { name: 'ok', mode: 'ON_DEMAND', tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })],
        ['empty partition key', gateway.putRecord(viaProxy, { stream: 'orders', partitionKey: '', data: Buffer.from('x') })],
        ['long partition key', gateway.putRecords(viaProxy, 'orders', [{ partitionKey: 'x'.repeat(257), data: Buffer.from('x') }])],
        ['hash key', gateway.putRecord(viaProxy, { stream: 'orders', partitionKey: 'k', data: Buffer.from('x'), explicitHashKey: (1n << 128n).toString() })],
        ['501 records', gateway.putRecords(viaProxy, 'orders', Array.from({ length: 501 }, () => ({ partitionKey: 'k', data: Buffer.from('x') })))],
        ['kms key', gateway.startEncryption(viaProxy, 'orders', 'not a key')],
        ['retention range', gateway.setRetention(viaProxy, 'orders', 9000)],
        ['consumer name', gateway.registerConsumer(viaProxy, 'arn:aws:kinesis:us-east-1:000000000000:stream/orders', 'bad/name')],
        ['metric', gateway.setEnhancedMonitoring(viaProxy, 'orders', ['Bogus'], true)],
        ['tag key', gateway.addTags(viaProxy, 'orders', { 'aws:reserved': 'x' })],
      ];
      for (const [label, promise] of cases) {
        const err = await expectKinesisError(promise, 'ValidationError');
        assert.ok(err.message.length > 10, `${label}: the message names the rule`);
      }
      assert.equal(proxy.counters.requests, 0, 'nothing reached the emulator');
      // Sanity check: the same route does carry valid requests.
      await gateway.describeStream(viaProxy, 'orders');
      assert.equal(proxy.counters.requests, 1);
    } finally {
      await proxy.stop();
    }
  });

  it('reports an unreachable local endpoint with a start-local remedy', async () => {
    const quick = createAwsGateway({ logger, maxAttempts: 1 });
    try {
      const closed = await startFaultProxy({ upstream: emulator.endpoint });
      const endpoint = closed.endpoint;
      await closed.stop();
      const err = await expectKinesisError(quick.listStreams({ ...target, endpoint }), 'EndpointUnreachable');
      assert.ok(err.remedies.includes('startLocal'));
    } finally {
      quick.dispose();
    }
  });

  it('honours an AbortSignal, also while waiting', async () => {
    await expectKinesisError(gateway.listStreams(target, { signal: AbortSignal.abort() }), 'Aborted');
    // Right after CreateStream AWS may answer ResourceNotFound, so the waiter keeps polling a
    // missing stream for a few seconds: long enough to cancel it mid-wait.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expectKinesisError(gateway.waitForActive(target, 'not-created-yet', 10_000, { signal: controller.signal }), 'Aborted');
    assert.ok(Date.now() - started < 2_000, 'stopped promptly');
  });

  it('deletes a stream', async () => {
    await gateway.deleteStream(target, 'reshard', true);
    for (let i = 0; i < 50; i++) {
      const names = (await gateway.listStreams(target)).map((s) => s.name);
      if (!names.includes('reshard')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(!(await gateway.listStreams(target)).some((s) => s.name === 'reshard'));
    await expectKinesisError(gateway.describeStream(target, 'reshard'), 'ResourceNotFoundException');
  });

  it('never logs payloads, partition keys or credentials, but logs every call', () => {
    const log = logger.lines.join('\n');
    assert.ok(!log.includes(PAYLOAD_MARKER), 'no record payload in the log');
    assert.ok(!log.includes(PARTITION_KEY_MARKER), 'no partition key in the log');
    assert.ok(!log.includes(localEmulatorCredentials.secretAccessKey), 'no secret in the log');
    assert.ok(!log.includes(localEmulatorCredentials.accessKeyId), 'no access key id in the log');
    assert.match(log, /info CreateStream us-east-1 \(local\) stream=orders mode=PROVISIONED \d+ ms/);
    assert.match(log, /debug PutRecords us-east-1 \(local\) stream=orders 30 records \d+ bytes \d+ ms/);
    assert.match(log, /warn DescribeStreamSummary .* failed after \d+ ms: ResourceNotFoundException/);
  });
});
