/**
 * The tail's shard reader and record decoding against kinesis-local: records put across a split are
 * all read back in per-key order, KPL aggregated records built here to the published format
 * deaggregate, gzip and JSON decode, and SubscribeToShard (enhanced fan-out) delivers records.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decodeRecord, summarizeRecord } from '../../src/core/decode';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { ConnectionTarget, KinesisGateway, PutRecordsEntry, ReceivedRecord } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { createStreamTail } from '../../src/core/tail/reader';
import type { StreamTail, TailEvent, TailOptions } from '../../src/core/tail/types';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A tail whose events are collected, with a wait for a condition on them. */
function collectTail(gateway: KinesisGateway, options: TailOptions) {
  const events: TailEvent[] = [];
  const waiters: (() => void)[] = [];
  const tail: StreamTail = createStreamTail(gateway, options, (event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  const records = (): (ReceivedRecord & { shardId: string })[] =>
    events.flatMap((e) => (e.kind === 'records' ? e.records.map((r) => ({ ...r, shardId: e.shardId })) : []));
  async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const fatal = events.find((e) => e.kind === 'error' && e.fatal);
      if (fatal?.kind === 'error') assert.fail(`tail failed: ${fatal.error.code} ${fatal.error.message}`);
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; ${records().length} records, events: ${events.map((e) => e.kind).join(',').slice(-500)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
  return { tail, events, records, until };
}

/** PutRecords that retries only the failed entries before returning, so per-key order is kept. */
async function putAll(gateway: KinesisGateway, target: ConnectionTarget, stream: string, entries: PutRecordsEntry[]): Promise<string[]> {
  const shardIds = new Array<string>(entries.length);
  let pending = entries.map((entry, index) => ({ entry, index }));
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 10) assert.fail(`records kept failing: ${pending.length}`);
    let result;
    try {
      result = await gateway.putRecords(target, stream, pending.map((p) => p.entry));
    } catch (err) {
      // A stream being resharded may refuse a whole request for a moment.
      if ((err as { code?: string }).code !== 'ResourceInUseException' && !(err as { retryable?: boolean }).retryable) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const failed: typeof pending = [];
    result.entries.forEach((r, i) => {
      if (r.ok) shardIds[pending[i].index] = r.shardId;
      else failed.push(pending[i]);
    });
    pending = failed;
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return shardIds;
}

// ---- a KPL encoder written from the published format, independent of src/core/decode ----------

function varint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array | number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

const KPL_MAGIC = [0xf3, 0x89, 0x9a, 0xc2];

/** magic F3 89 9A C2 + AggregatedRecord protobuf + MD5(protobuf). */
function kplRecord(userRecords: { partitionKey: string; data: Uint8Array }[]): Uint8Array {
  const keys = [...new Set(userRecords.map((r) => r.partitionKey))];
  const message: number[] = [];
  for (const key of keys) message.push(...lengthDelimited(1, encoder.encode(key)));
  for (const record of userRecords) {
    const inner = [...varint((1 << 3) | 0), ...varint(keys.indexOf(record.partitionKey)), ...lengthDelimited(3, record.data)];
    message.push(...lengthDelimited(3, inner));
  }
  const protobuf = Uint8Array.from(message);
  return Uint8Array.from([...KPL_MAGIC, ...protobuf, ...createHash('md5').update(protobuf).digest()]);
}

/**
 * A fixture typed byte by byte: partition_key_table ["dev-1", "dev-2"], records {0, "a"} and {1, "{}"}.
 * Only the MD5 trailer is computed.
 */
function handBuiltFixture(): Uint8Array {
  const protobuf = Uint8Array.from([
    0x0a, 0x05, 0x64, 0x65, 0x76, 0x2d, 0x31, // field 1 (partition_key_table): "dev-1"
    0x0a, 0x05, 0x64, 0x65, 0x76, 0x2d, 0x32, // field 1: "dev-2"
    0x1a, 0x05, 0x08, 0x00, 0x1a, 0x01, 0x61, // field 3 (records): { partition_key_index 0, data "a" }
    0x1a, 0x06, 0x08, 0x01, 0x1a, 0x02, 0x7b, 0x7d, // field 3: { partition_key_index 1, data "{}" }
  ]);
  return Uint8Array.from([0xf3, 0x89, 0x9a, 0xc2, ...protobuf, ...createHash('md5').update(protobuf).digest()]);
}

describe('tail against kinesis-local', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let target: ConnectionTarget;
  let gateway: KinesisGateway;

  before(async () => {
    emulator = await startKinesisLocal();
    target = emulator.target;
    gateway = createAwsGateway({ logger: nullLogger, pollDelaysMs: { initial: 50, max: 200 } });
  });

  after(async () => {
    gateway?.dispose();
    await emulator?.stop();
  });

  it('reads every record put across a split, in per-key order, parents before children', async () => {
    const stream = 'reshard';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(target, stream, 10_000);
    const [parent] = await gateway.listShards(target, stream);

    const keys = Array.from({ length: 24 }, (_, i) => `device-${i}`);
    const rounds = 30;
    const splitAfterRound = 12;
    const shardsOfKey = new Map<string, Set<string>>();
    let splitNow!: () => void;
    const splitting = new Promise<void>((resolve) => (splitNow = resolve));
    // The writer keeps putting while the shard splits: one record per key per request, in rounds.
    const writer = (async () => {
      for (let round = 0; round < rounds; round++) {
        const entries = keys.map((key) => ({ partitionKey: key, data: encoder.encode(JSON.stringify({ key, round })) }));
        const shardIds = await putAll(gateway, target, stream, entries);
        shardIds.forEach((shardId, i) => shardsOfKey.set(keys[i], (shardsOfKey.get(keys[i]) ?? new Set()).add(shardId)));
        if (round === splitAfterRound) splitNow();
      }
    })();
    await splitting;
    await gateway.splitShard(target, stream, parent.shardId, (1n << 127n).toString());
    await writer;
    await gateway.waitForActive(target, stream, 10_000);

    const shards = await gateway.listShards(target, stream);
    const children = shards.filter((s) => s.parentShardId === parent.shardId).map((s) => s.shardId);
    assert.equal(children.length, 2, 'the split made two children');
    for (const child of children) {
      assert.ok([...shardsOfKey.values()].some((set) => set.has(child)), `some keys landed on ${child}`);
    }

    // A small limit makes the parent take several calls, so reading a child early would interleave.
    const { tail, events, records, until } = collectTail(gateway, { target, stream, start: { type: 'TRIM_HORIZON' }, getRecordsLimit: 50 });
    tail.start();
    await until(() => records().length >= keys.length * rounds, 60_000, 'every record');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // nothing more arrives (no duplicates)
    await tail.stop();

    const read = records();
    assert.equal(read.length, keys.length * rounds, 'every record read exactly once');
    assert.equal(new Set(read.map((r) => r.sequenceNumber)).size, read.length, 'no sequence number twice');
    for (const key of keys) {
      const ofKey = read.filter((r) => r.partitionKey === key);
      assert.deepEqual(ofKey.map((r) => JSON.parse(text(r.data)).round), Array.from({ length: rounds }, (_, i) => i), `${key}: every round, in order`);
      const sequences = ofKey.map((r) => BigInt(r.sequenceNumber));
      assert.ok(sequences.every((s, i) => i === 0 || s > sequences[i - 1]), `${key}: sequence numbers increase`);
    }
    assert.ok(read.some((r) => r.shardId === parent.shardId) && children.every((c) => read.some((r) => r.shardId === c)), 'records came from the parent and both children');

    const at = (kind: string, shardId: string) => events.findIndex((e) => e.kind === kind && 'shardId' in e && e.shardId === shardId);
    const drained = events[at('shardDrained', parent.shardId)];
    assert.ok(drained?.kind === 'shardDrained');
    assert.deepEqual([...drained.childShardIds].sort(), [...children].sort());
    for (const child of children) assert.ok(at('shardDrained', parent.shardId) < at('shardStarted', child), `${child} started after its parent drained`);
    assert.deepEqual(events.filter((e) => e.kind === 'stopped').map((e) => e.kind === 'stopped' && e.reason), ['stopped']);
  });

  it('deaggregates KPL records built to the published format, and shows a corrupt one raw', async () => {
    const stream = 'kpl';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(target, stream, 10_000);

    const users = Array.from({ length: 5 }, (_, i) => ({ partitionKey: `user-${i % 3}`, data: encoder.encode(JSON.stringify({ i, event: 'click' })) }));
    const aggregated = kplRecord(users);
    const fixture = handBuiltFixture();
    const corrupt = kplRecord(users.slice(0, 2));
    corrupt[corrupt.length - 1] ^= 0xff; // MD5 trailer no longer matches
    for (const [key, data] of [['user-0', aggregated], ['fixture', fixture], ['corrupt', corrupt]] as const) {
      await gateway.putRecord(target, { stream, partitionKey: key, data });
    }

    const { tail, records, until } = collectTail(gateway, { target, stream, start: { type: 'TRIM_HORIZON' } });
    tail.start();
    await until(() => records().length >= 3, 30_000, 'three records');
    await tail.stop();
    const [first, second, third] = records();

    const decoded = decodeRecord(first.data);
    assert.equal(decoded.primary.kind, 'kpl');
    assert.ok(decoded.primary.kind === 'kpl' && decoded.primary.ok);
    assert.deepEqual(decoded.primary.records.map((r) => r.partitionKey), users.map((u) => u.partitionKey));
    assert.deepEqual(decoded.primary.records.map((r) => r.decoded.primary.kind === 'json' && r.decoded.primary.value), users.map((_, i) => ({ i, event: 'click' })));
    const summary = summarizeRecord(first.data);
    assert.equal(summary.kind, 'kpl');
    assert.deepEqual(summary.userRecords?.map((r) => [r.partitionKey, r.summary.kind, r.summary.jsonValue]), users.map((u, i) => [u.partitionKey, 'json', { i, event: 'click' }]));

    const fromFixture = decodeRecord(second.data);
    assert.ok(fromFixture.primary.kind === 'kpl' && fromFixture.primary.ok, 'the hand-built fixture deaggregates');
    assert.deepEqual(fromFixture.primary.records.map((r) => [r.partitionKey, text(r.data)]), [['dev-1', 'a'], ['dev-2', '{}']]);
    assert.deepEqual(summarizeRecord(second.data).userRecords?.map((r) => [r.partitionKey, r.summary.preview]), [['dev-1', 'a'], ['dev-2', '{}']]);

    const raw = decodeRecord(third.data);
    assert.notEqual(raw.primary.kind, 'kpl', 'a corrupt aggregate is shown raw');
    const kplView = raw.views.find((v) => v.kind === 'kpl');
    assert.ok(kplView?.kind === 'kpl' && !kplView.ok && /MD5/.test(kplView.reason));
    const rawHex = raw.views.find((v) => v.kind === 'hex');
    assert.ok(rawHex?.kind === 'hex' && rawHex.text.startsWith('f3 89 9a c2'));
    const rawSummary = summarizeRecord(third.data);
    assert.equal(rawSummary.kind, 'binary');
    assert.match(rawSummary.fallbackReason ?? '', /MD5/);
  });

  it('decodes gzip and JSON records read by the tail', async () => {
    const stream = 'decode';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(target, stream, 10_000);
    const json = { id: 7, tags: ['a', 'b'], nested: { ok: true } };
    const zipped = { compressed: 'yes', n: 42 };
    await gateway.putRecord(target, { stream, partitionKey: 'j', data: encoder.encode(JSON.stringify(json)) });
    await gateway.putRecord(target, { stream, partitionKey: 'g', data: gzipSync(JSON.stringify(zipped)) });
    await gateway.putRecord(target, { stream, partitionKey: 't', data: encoder.encode('plain text, not JSON') });

    const { tail, records, until } = collectTail(gateway, { target, stream, start: { type: 'TRIM_HORIZON' } });
    tail.start();
    await until(() => records().length >= 3, 30_000, 'three records');
    await tail.stop();
    const byKey = new Map(records().map((r) => [r.partitionKey, r]));

    const fromJson = decodeRecord(byKey.get('j')!.data);
    assert.ok(fromJson.primary.kind === 'json');
    assert.deepEqual(fromJson.primary.value, json);
    assert.deepEqual(summarizeRecord(byKey.get('j')!.data).jsonValue, json);

    const gz = byKey.get('g')!.data;
    assert.deepEqual([...gz.subarray(0, 2)], [0x1f, 0x8b]);
    const fromGzip = decodeRecord(gz);
    assert.ok(fromGzip.primary.kind === 'gzip' && fromGzip.primary.ok);
    assert.ok(fromGzip.primary.inner.primary.kind === 'json');
    assert.deepEqual(fromGzip.primary.inner.primary.value, zipped);
    const gzSummary = summarizeRecord(gz);
    assert.equal(gzSummary.kind, 'gzip');
    assert.equal(gzSummary.inner, 'json');
    assert.deepEqual(gzSummary.jsonValue, zipped);

    const fromText = decodeRecord(byKey.get('t')!.data);
    assert.ok(fromText.primary.kind === 'text' && fromText.primary.text === 'plain text, not JSON');
  });

  it('reads through SubscribeToShard (enhanced fan-out) and resubscribes without gaps or duplicates', async () => {
    const stream = 'efo';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    const details = await gateway.waitForActive(target, stream, 10_000);
    const consumer = await gateway.registerConsumer(target, details.arn, 'tail-test');
    for (let i = 0; ; i++) {
      const listed = await gateway.listConsumers(target, details.arn);
      if (listed.find((c) => c.name === 'tail-test')?.status === 'ACTIVE') break;
      if (i > 50) assert.fail('the consumer never became ACTIVE');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    let getRecordsCalls = 0;
    const counting = new Proxy(gateway, {
      get(real, property: keyof KinesisGateway) {
        if (property === 'getRecords') getRecordsCalls++;
        const value = real[property];
        return typeof value === 'function' ? value.bind(real) : value;
      },
    });
    const { tail, events, records, until } = collectTail(counting, {
      target,
      stream,
      start: { type: 'TRIM_HORIZON' },
      consumerArn: consumer.arn,
      subscriptionLifetimeMs: 2_500,
    });
    tail.start();
    // The subscription is live once its first (empty) event reports the lag.
    await until(() => events.some((e) => e.kind === 'records'), 20_000, 'the first subscription event');
    for (let i = 0; i < 5; i++) await gateway.putRecord(target, { stream, partitionKey: `k${i}`, data: encoder.encode(`first-${i}`) });
    await until(() => records().length >= 5, 20_000, 'the first five records');
    await until(() => events.some((e) => e.kind === 'resubscribed'), 20_000, 'a resubscription');
    for (let i = 0; i < 5; i++) await gateway.putRecord(target, { stream, partitionKey: `k${i}`, data: encoder.encode(`second-${i}`) });
    await until(() => records().length >= 10, 20_000, 'the next five records');
    const resubscribed = events.filter((e) => e.kind === 'resubscribed').length;
    await until(() => events.filter((e) => e.kind === 'resubscribed').length > resubscribed, 20_000, 'another resubscription');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // nothing repeated after it
    await tail.stop();

    assert.deepEqual(records().map((r) => text(r.data)), [...Array.from({ length: 5 }, (_, i) => `first-${i}`), ...Array.from({ length: 5 }, (_, i) => `second-${i}`)]);
    assert.ok(events.filter((e) => e.kind === 'resubscribed').length >= 1);
    assert.equal(getRecordsCalls, 0, 'records came through the subscription, not GetRecords');
    assert.ok(!events.some((e) => e.kind === 'error'), events.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.error.message).join('; '));
  });

  it('gateway.subscribeToShard yields events and ends quietly on abort', async () => {
    const stream = 'efo-raw';
    await gateway.createStream(target, { name: stream, mode: 'PROVISIONED', shardCount: 1 });
    const details = await gateway.waitForActive(target, stream, 10_000);
    const consumer = await gateway.registerConsumer(target, details.arn, 'raw');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const put = await gateway.putRecord(target, { stream, partitionKey: 'p', data: encoder.encode('hello') });
    const controller = new AbortController();
    const events = await gateway.subscribeToShard(target, consumer.arn, put.shardId, { type: 'TRIM_HORIZON' }, { signal: controller.signal });
    const seen: string[] = [];
    const started = Date.now();
    for await (const event of events) {
      seen.push(...event.records.map((r) => `${r.partitionKey}:${text(r.data)}`));
      if (seen.length) {
        assert.equal(event.continuationSequenceNumber, put.sequenceNumber);
        controller.abort();
      }
    }
    assert.deepEqual(seen, ['p:hello']);
    assert.ok(Date.now() - started < 15_000);
    await assert.rejects(
      gateway.subscribeToShard(target, consumer.arn, put.shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: 'x1' }),
      (err: Error & { code?: string }) => err.code === 'ValidationError',
    );
  });
});
