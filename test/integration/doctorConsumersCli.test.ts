/**
 * `kinesis-studio doctor --lambda --kcl-app` through the built CLI (dist/cli.js), as a user runs it:
 * the stream in kinesis-local, the lease table in dynalite (a real DynamoDB API) and the mappings
 * from a loopback Lambda wire server with synthetic responses (no Lambda emulator runs here). The
 * CLI finds both through AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL_DYNAMODB.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createAwsGateway, localEmulatorCredentials } from '../../src/core/kinesis/awsGateway';
import type { KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { CLI_PATH as cli, runCli as runBuiltCli } from '../support/cliProcess';
import { createLeaseTable, startDynalite, type DynaliteServer } from '../support/dynalite';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startLambdaWireServer, type LambdaWireServer } from '../support/lambdaWire';

const STREAM = 'doctor-consumers';

describe('doctor CLI --lambda --kcl-app (kinesis-local, dynalite, loopback Lambda wire server)', { timeout: 180_000 }, () => {
  let emulator: TestEmulator;
  let dynalite: DynaliteServer;
  let lambda: LambdaWireServer;
  let gateway: KinesisGateway;
  let shardId: string;
  let firstSequence: string;

  const runCli = (args: string[]) => runBuiltCli(args, { env: { AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint, AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint } });

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: run "node esbuild.mjs" first`);
    [emulator, dynalite] = await Promise.all([startKinesisLocal(), startDynalite()]);
    gateway = createAwsGateway({ logger: nullLogger });
    await gateway.createStream(emulator.target, { name: STREAM, mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(emulator.target, STREAM, 60_000);
    const data = new TextEncoder().encode('{"n":1}');
    for (let i = 0; i < 5; i++) {
      const put = await gateway.putRecord(emulator.target, { stream: STREAM, partitionKey: `k-${i}`, data });
      shardId = put.shardId;
      firstSequence ??= put.sequenceNumber;
    }
    const streamArn = (await gateway.describeStream(emulator.target, STREAM)).arn ?? '';
    lambda = await startLambdaWireServer([{
      UUID: '44444444-aaaa-4bbb-8ccc-000000000004', EventSourceArn: streamArn, FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cli-fn',
      State: 'Enabled', LastProcessingResult: 'PROBLEM: Function call failed', BatchSize: 100, ParallelizationFactor: 1,
      BisectBatchOnFunctionError: false, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1, FunctionResponseTypes: [],
    }]);
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynalite.endpoint, credentials: { ...localEmulatorCredentials } });
    try {
      await createLeaseTable(dynamo, 'cli-app', [{ leaseKey: shardId, leaseOwner: 'worker-1', leaseCounter: 12, checkpoint: firstSequence }]);
    } finally {
      dynamo.destroy();
    }
  });

  after(async () => {
    gateway?.dispose();
    await Promise.all([lambda?.stop(), dynalite?.stop(), emulator?.stop()]);
  });

  it('reports the poisoned mapping with its UpdateEventSourceMapping diff and the frozen KCL lease, exit 0', async () => {
    const common = ['doctor', STREAM, '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--from', 'TRIM_HORIZON', '--lambda', '--kcl-app', 'cli-app', '--kcl-interval', '300ms'];
    const json = await runCli([...common, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    const byCode = new Map(report.findings.map((f: { code: string }) => [f.code, f]));
    const poison = byCode.get('lambda-poison-record') as { severity: string; fix: { kind: string; uuid: string; changes: { field: string; from: unknown; to: unknown }[] } };
    assert.equal(poison.severity, 'error');
    assert.deepEqual(poison.fix, {
      kind: 'updateEventSourceMapping', uuid: '44444444-aaaa-4bbb-8ccc-000000000004',
      changes: [
        { field: 'MaximumRetryAttempts', from: -1, to: 3 },
        { field: 'BisectBatchOnFunctionError', from: false, to: true },
        { field: 'DestinationConfig.OnFailure.Destination', from: null, to: 'arn:aws:sqs:us-east-1:000000000000:cli-fn-kinesis-failures' },
      ],
    });
    assert.ok(byCode.has('lambda-no-batch-item-failures'));
    // Nobody renews the lease in this test, and its checkpoint is the first of five records.
    for (const code of ['kcl-frozen-checkpoint', 'kcl-lease-not-renewed']) {
      assert.deepEqual((byCode.get(code) as { subject: unknown } | undefined)?.subject, { stream: STREAM, consumer: 'cli-app', shardId }, code);
    }
    assert.equal(report.findings[0].severity, 'error', 'sorted by severity');

    const text = await runCli(common);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /ERROR lambda-poison-record \(44444444-aaaa-4bbb-8ccc-000000000004\)/);
    assert.match(text.stdout, /Fix: UpdateEventSourceMapping 44444444-aaaa-4bbb-8ccc-000000000004: MaximumRetryAttempts: -1 → 3, BisectBatchOnFunctionError: false → true/);
    assert.match(text.stdout, /WARNING kcl-frozen-checkpoint/);
  });

  it('refuses bad KCL flags before any call (exit 2), and exits 1 naming a missing lease table', async () => {
    const badName = await runCli(['doctor', STREAM, '--region', 'us-east-1', '--kcl-table', 'no spaces']);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /--kcl-table: "no spaces" is not a DynamoDB table name/);
    const intervalAlone = await runCli(['doctor', STREAM, '--region', 'us-east-1', '--kcl-interval', '5s']);
    assert.equal(intervalAlone.code, 2);
    assert.match(intervalAlone.stderr, /--kcl-interval needs --kcl-table or --kcl-app/);
    const missing = await runCli(['doctor', STREAM, '--endpoint', emulator.endpoint, '--region', 'us-east-1', '--kcl-table', 'absent-table', '--kcl-interval', '10ms']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /The KCL lease table "absent-table" does not exist in us-east-1/);
  });
});
