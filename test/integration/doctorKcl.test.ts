/**
 * The doctor's KCL side through @aws-sdk/client-dynamodb against dynalite (a real DynamoDB API on
 * loopback), with lease tables written in KCL's own item schema, and a real stream in kinesis-local
 * whose records run past the checkpoints. A "worker" loop renews the leases it owns (increments
 * leaseCounter, as KCL does) while the doctor reads the table twice.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnoseStream, type DiagnoseRequest } from '../../src/core/doctor/diagnose';
import type { Finding } from '../../src/core/doctor/findings';
import { createAwsKclLeaseSource } from '../../src/core/doctor/kclAws';
import { createAwsGateway, localEmulatorCredentials } from '../../src/core/kinesis/awsGateway';
import type { KinesisGateway, ShardInfo } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { createLeaseTable as createTable, startDynalite, type DynaliteServer, type LeaseItem } from '../support/dynalite';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';

const STREAM = 'doctor-kcl';
const INTERVAL_MS = 400;

const summary = (findings: readonly Finding[]) => findings.filter((f) => f.code.startsWith('kcl-')).map((f) => `${f.code}:${f.subject.shardId ?? ''}`).sort();

describe('doctor KCL lease tables (dynalite + kinesis-local)', { timeout: 180_000 }, () => {
  let emulator: TestEmulator;
  let dynalite: DynaliteServer;
  let gateway: KinesisGateway;
  let dynamo: DynamoDBClient;
  let shards: ShardInfo[];
  /** Sequence numbers put on each shard, oldest first. */
  const sequences = new Map<string, string[]>();
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

  const createLeaseTable = (table: string, leases: readonly LeaseItem[]) => createTable(dynamo, table, leases);

  /** Renews the given leases every 50 ms as a live KCL worker does, until the returned stop is called. */
  function renewWhileDiagnosing(table: string, leaseKeys: readonly string[]): () => Promise<void> {
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const key of leaseKeys) {
          await dynamo.send(new UpdateItemCommand({ TableName: table, Key: { leaseKey: { S: key } }, UpdateExpression: 'ADD leaseCounter :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return async () => { running = false; await loop; };
  }

  async function diagnose(kcl: { table?: string; application?: string }, renewed: readonly string[], window: Pick<DiagnoseRequest, 'start' | 'windowMs'> = { start: { type: 'TRIM_HORIZON' } }) {
    const source = createAwsKclLeaseSource({ region: 'us-east-1', localEmulator: true }, 2);
    const stop = renewWhileDiagnosing(kcl.table ?? kcl.application ?? '', renewed);
    try {
      return await diagnoseStream({ gateway, kcl: source }, { target: emulator.target, stream: STREAM, ...window, kcl: { ...kcl, readIntervalMs: INTERVAL_MS } });
    } finally {
      await stop();
      source.dispose();
    }
  }

  before(async () => {
    [emulator, dynalite] = await Promise.all([startKinesisLocal(), startDynalite()]);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    gateway = createAwsGateway({ logger: nullLogger });
    dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynalite.endpoint, credentials: { ...localEmulatorCredentials } });
    await gateway.createStream(emulator.target, { name: STREAM, mode: 'PROVISIONED', shardCount: 2 });
    await gateway.waitForActive(emulator.target, STREAM, 60_000);
    shards = [...(await gateway.listShards(emulator.target, STREAM))];
    const data = new TextEncoder().encode('{"n":1}');
    for (let i = 0; i < 40; i++) {
      const result = await gateway.putRecord(emulator.target, { stream: STREAM, partitionKey: `key-${i}`, data });
      sequences.set(result.shardId, [...(sequences.get(result.shardId) ?? []), result.sequenceNumber]);
    }
    assert.equal(sequences.size, 2, 'records on both shards');
  });

  after(async () => {
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = previousEndpoint;
    dynamo?.destroy();
    gateway?.dispose();
    await Promise.all([dynalite?.stop(), emulator?.stop()]);
  });

  it('flags a frozen checkpoint on the shard with records beyond it, not on the caught-up shard', async () => {
    const [s0, s1] = shards.map((s) => s.shardId);
    const behind = sequences.get(s0) ?? [];
    const caughtUp = sequences.get(s1) ?? [];
    assert.ok(behind.length > 1);
    await createLeaseTable('orders-app', [
      { leaseKey: s0, leaseOwner: 'worker-1', leaseCounter: 7, checkpoint: behind[0] },
      { leaseKey: s1, leaseOwner: 'worker-1', leaseCounter: 9, checkpoint: caughtUp[caughtUp.length - 1] },
    ]);
    const report = await diagnose({ application: 'orders-app' }, [s0, s1]);
    assert.deepEqual(summary(report.findings), [`kcl-frozen-checkpoint:${s0}`]);
    const frozen = report.findings.find((f) => f.code === 'kcl-frozen-checkpoint');
    assert.equal(frozen?.subject.consumer, 'orders-app');
    const facts = new Map(frozen?.evidence.facts);
    assert.equal(facts.get('Checkpoint'), behind[0]);
    assert.equal(facts.get('Newer record on the shard'), behind[behind.length - 1]);
    assert.equal(facts.get('Lease table'), 'orders-app');

    // A quiet window (nothing sampled): the doctor asks the shard for a record after the checkpoint.
    const quiet = await diagnose({ application: 'orders-app' }, [s0, s1], { start: { type: 'AT_TIMESTAMP', timestamp: new Date() }, windowMs: 500 });
    assert.equal(quiet.sampledRecords, 0);
    assert.deepEqual(summary(quiet.findings), [`kcl-frozen-checkpoint:${s0}`]);
    assert.equal(new Map(quiet.findings.find((f) => f.code === 'kcl-frozen-checkpoint')?.evidence.facts).get('Newer record on the shard'), behind[1]);
  });

  it('reads KCL\'s schema end to end: an unrenewed lease, owner thrash, a parent not at SHARD_END, TRIM_HORIZON, a missing lease', async () => {
    const [s0, s1] = shards.map((s) => s.shardId);
    const child = 'shardId-000000000009';
    await createLeaseTable('trouble-app-leases', [
      // Nobody renews it: its owner is gone.
      { leaseKey: s0, leaseOwner: 'worker-gone', leaseCounter: 3, checkpoint: 'TRIM_HORIZON' },
      // Renewed, but stolen back and forth since its last checkpoint.
      { leaseKey: s1, leaseOwner: 'worker-2', leaseCounter: 50, checkpoint: (sequences.get(s1) ?? []).at(-1) ?? '', ownerSwitchesSinceCheckpoint: 6 },
      // A child of s1 (as after a split) that already checkpoints while s1 is not at SHARD_END.
      { leaseKey: child, leaseOwner: 'worker-2', leaseCounter: 4, checkpoint: '1', parentShardId: [s1] },
      // Another stream's lease in a multi-stream table: ignored.
      { leaseKey: `000000000000:payments:1700000000:${s0}`, leaseOwner: 'worker-3', leaseCounter: 1, checkpoint: 'LATEST' },
    ]);
    const report = await diagnose({ table: 'trouble-app-leases', application: 'trouble-app' }, [s1, child]);
    assert.deepEqual(summary(report.findings), [
      `kcl-checkpoint-trim-horizon:${s0}`,
      `kcl-lease-not-renewed:${s0}`,
      `kcl-owner-thrash:${s1}`,
      `kcl-parent-not-ended:${s1}`,
    ].sort());
    assert.equal(report.findings.find((f) => f.code === 'kcl-parent-not-ended')?.severity, 'error');
    assert.ok(report.findings.filter((f) => f.code.startsWith('kcl-')).every((f) => f.subject.consumer === 'trouble-app'));

    await createLeaseTable('half-app', [{ leaseKey: s1, leaseOwner: 'worker-1', leaseCounter: 1, checkpoint: (sequences.get(s1) ?? []).at(-1) ?? '' }]);
    assert.deepEqual(summary((await diagnose({ application: 'half-app' }, [s1])).findings), [`kcl-missing-lease:${s0}`]);
  });

  it('says which table is missing', async () => {
    await assert.rejects(diagnose({ application: 'no-such-app' }, []), /The KCL lease table "no-such-app" does not exist in us-east-1/);
  });
});
