/**
 * The report's consumer-side checks end to end, in the extension host: a kinesis-local stream, a
 * KCL lease table in dynalite (a real DynamoDB API, written in KCL's item schema), and Lambda event
 * source mappings served by the loopback Lambda wire server (no Lambda emulator exists here: it
 * speaks the REST-JSON protocol @aws-sdk/client-lambda uses, with synthetic mappings).
 *
 * This suite runs in the extension host process itself, so the AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_LAMBDA it sets are what the extension's SDK clients read; the wire server's
 * request log proves the extension's client, not the test's, made the calls.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { StreamNode } from '../../../src/core/explorer/explorerModel';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import { localEmulatorCredentials } from '../../../src/core/kinesis/awsGateway';
import type { KinesisStudioApi } from '../../../src/extension';
import type { DoctorReportHandle } from '../../../src/features/doctor/reportPanel';
import { createLeaseTable, startDynalite, type DynaliteServer } from '../../support/dynalite';
import { startLambdaWireServer, type LambdaWireServer } from '../../support/lambdaWire';
import { driverAction, screenshot, sleep, waitFor, webviewFrames as frames } from '../support/driver';
import { startLocalKinesis } from '../support/extensionApi';

const STREAM = 'doctor-e2e-checks';
const APP = 'orders-app';
const MAPPING_UUID = '22222222-aaaa-4bbb-8ccc-000000000002';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders-consumer';

async function pageText(selector: string): Promise<string> {
  return (await driverAction({ action: 'text', selector, frames })).text;
}

async function pageCount(selector: string): Promise<number> {
  return (await driverAction({ action: 'count', selector, frames })).count;
}

suite('Stream Doctor consumer-side checks (KCL in dynalite, Lambda wire server)', function () {
  let api: KinesisStudioApi;
  let target: ConnectionTarget;
  let dynalite: DynaliteServer;
  let lambda: LambdaWireServer;
  let dynamo: DynamoDBClient;
  let behindShard: string;
  let behindSequences: string[];
  let leaseKeys: string[];
  const saved = { dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB, lambda: process.env.AWS_ENDPOINT_URL_LAMBDA };

  function restore(name: 'AWS_ENDPOINT_URL_DYNAMODB' | 'AWS_ENDPOINT_URL_LAMBDA', value: string | undefined): void {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  /** Renews every lease every 50 ms, as a live KCL worker does, so only the checkpoint is frozen. */
  function renewWhileDiagnosing(leaseKeys: readonly string[]): () => Promise<void> {
    let running = true;
    const loop = (async () => {
      while (running) {
        for (const key of leaseKeys) {
          await dynamo.send(new UpdateItemCommand({ TableName: APP, Key: { leaseKey: { S: key } }, UpdateExpression: 'ADD leaseCounter :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
        }
        await sleep(50);
      }
    })();
    return async () => { running = false; await loop; };
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    [api, dynalite] = await Promise.all([startLocalKinesis(), startDynalite()]);
    target = api.connections.targetFor(api.connections.current.region!);
    await vscode.commands.executeCommand('kinesis.createStream', { name: STREAM, mode: 'PROVISIONED', shardCount: 2 });
    const streamArn = (await api.gateway.describeStream(target, STREAM)).arn;
    assert.ok(streamArn, 'the stream has an ARN');
    const sequences = new Map<string, string[]>();
    const data = Buffer.from('{"n":1}', 'utf8');
    for (let i = 0; i < 40; i++) {
      const put = await api.gateway.putRecord(target, { stream: STREAM, partitionKey: `key-${i}`, data });
      sequences.set(put.shardId, [...(sequences.get(put.shardId) ?? []), put.sequenceNumber]);
    }
    assert.strictEqual(sequences.size, 2, 'records on both shards');
    const [[s0, behind], [s1, caughtUp]] = [...sequences.entries()];
    behindShard = s0;
    behindSequences = behind;
    leaseKeys = [s0, s1];
    dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynalite.endpoint, credentials: { ...localEmulatorCredentials } });
    // s0's checkpoint stays at its first record while 19 more follow it; s1 is caught up.
    await createLeaseTable(dynamo, APP, [
      { leaseKey: s0, leaseOwner: 'worker-1', leaseCounter: 7, checkpoint: behind[0] },
      { leaseKey: s1, leaseOwner: 'worker-1', leaseCounter: 9, checkpoint: caughtUp[caughtUp.length - 1] },
    ]);
    // Infinite retries and no on-failure destination: a poison record would block the shard.
    lambda = await startLambdaWireServer([{
      UUID: MAPPING_UUID, EventSourceArn: streamArn, FunctionArn: FUNCTION_ARN, State: 'Enabled', LastProcessingResult: 'OK',
      BatchSize: 100, ParallelizationFactor: 1, BisectBatchOnFunctionError: true, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1,
      DestinationConfig: {}, FunctionResponseTypes: ['ReportBatchItemFailures'], StartingPosition: 'TRIM_HORIZON', LastModified: 1_767_225_600,
    }]);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynalite.endpoint;
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  });

  suiteTeardown(async () => {
    restore('AWS_ENDPOINT_URL_DYNAMODB', saved.dynamodb);
    restore('AWS_ENDPOINT_URL_LAMBDA', saved.lambda);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    dynamo?.destroy();
    await Promise.all([lambda?.stop(), dynalite?.stop()]);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('bad check arguments are refused before any call, naming the argument', async () => {
    api.errors.lastMessage = undefined;
    const before = lambda.requests.length;
    const refused = await vscode.commands.executeCommand('kinesis.diagnoseStream', { stream: STREAM, lambda: true, kclApp: 'a b' });
    assert.strictEqual(refused, undefined);
    assert.match(api.errors.lastMessage ?? '', /kclApp: "a b" is not a DynamoDB table name/);
    assert.strictEqual(lambda.requests.length, before, 'no Lambda call was made');
  });

  test('the report shows the frozen KCL checkpoint and the Lambda mapping findings with their UpdateEventSourceMapping diff', async function () {
    this.timeout(120_000);
    const stop = renewWhileDiagnosing(leaseKeys);
    let opened: DoctorReportHandle | undefined;
    try {
      opened = await vscode.commands.executeCommand<DoctorReportHandle>('kinesis.diagnoseStream', {
        stream: STREAM, from: 'TRIM_HORIZON', lambda: true, kclApp: APP, kclInterval: 1000,
      });
    } finally {
      await stop();
    }
    assert.ok(opened, `kinesis.diagnoseStream returned nothing: ${api.errors.lastMessage}`);
    const report = opened;
    // The extension's Lambda client (not this test's) called the wire server, through the env var.
    assert.ok(lambda.requests.some((r) => r.startsWith('GET /2015-03-31/event-source-mappings') && r.includes('EventSourceArn=')), lambda.requests.join('\n'));
    await waitFor(() => report.ready, 30_000, 'the report page is ready');
    await driverAction({ action: 'waitFor', selector: '#app[aria-busy="false"] #findings', frames, timeout: 20_000 });
    const codes = report.report.findings.map((f) => `${f.code}:${f.subject.shardId ?? f.subject.consumer ?? ''}`);
    assert.ok(!codes.some((c) => c.startsWith('no-data:')), `no check failed: ${codes.join(', ')}`);

    const frozen = '.finding[data-code="kcl-frozen-checkpoint"]';
    assert.strictEqual(await pageCount(frozen), 1, `one frozen checkpoint: ${codes.join(', ')}`);
    const frozenCard = await pageText(frozen);
    assert.match(frozenCard, new RegExp(behindShard));
    assert.match(frozenCard, new RegExp(behindSequences[0]), 'the checkpoint is in the evidence');
    assert.match(frozenCard, new RegExp(behindSequences[behindSequences.length - 1]), 'the newer record is in the evidence');
    assert.match(frozenCard, new RegExp(APP));

    const retries = '.finding[data-code="lambda-infinite-retries"]';
    const destination = '.finding[data-code="lambda-no-on-failure-destination"]';
    assert.strictEqual(await pageCount(retries), 1, codes.join(', '));
    assert.strictEqual(await pageCount(destination), 1, codes.join(', '));
    await driverAction({ action: 'click', selector: `${retries} .fix-button`, frames });
    await waitFor(async () => /UpdateEventSourceMapping/.test(await pageText(`${retries} .fix-preview`)), 10_000, 'the mapping diff');
    assert.match(await pageText(`${retries} .fix-preview`), new RegExp(`UpdateEventSourceMapping ${MAPPING_UUID}`));
    assert.match(await pageText(`${retries} .fix-preview tbody`), /MaximumRetryAttempts\s*-1\s*3/);
    assert.strictEqual(await pageText(`${retries} .fix-preview del`), '-1');
    assert.strictEqual(await pageText(`${retries} .fix-preview ins`), '3');
    await driverAction({ action: 'click', selector: `${destination} .fix-button`, frames });
    await waitFor(async () => /orders-consumer-kinesis-failures/.test(await pageText(`${destination} .fix-preview`)), 10_000, 'the destination diff');
    assert.match(await pageText(`${destination} .fix-preview tbody`), /DestinationConfig\.OnFailure\.Destination\s*null\s*"arn:aws:sqs:us-east-1:000000000000:orders-consumer-kinesis-failures"/);
    await screenshot('doctor-checks-report');
  });

  test('a check that fails (AccessDenied on Lambda) is a warning in the report naming the check, and the rest still runs', async function () {
    this.timeout(120_000);
    // One report at a time, so the page the driver reads is this one.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const denying = await startLambdaWireServer([], { denyAll: true });
    process.env.AWS_ENDPOINT_URL_LAMBDA = denying.endpoint;
    try {
      api.errors.lastMessage = undefined;
      const opened = await vscode.commands.executeCommand<DoctorReportHandle>('kinesis.diagnoseStream', { stream: STREAM, from: 'TRIM_HORIZON', lambda: true });
      assert.ok(opened, `the diagnosis did not crash: ${api.errors.lastMessage}`);
      assert.ok(denying.requests.length > 0, 'the extension called the denying server');
      assert.strictEqual(opened.report.sampledRecords, 40, 'the sample still ran');
      await waitFor(() => opened.ready, 30_000, 'the report page is ready');
      await driverAction({ action: 'waitFor', selector: '#app[aria-busy="false"] #findings', frames, timeout: 20_000 });
      const failed = await pageText('.finding[data-code="no-data"]');
      assert.match(failed, /The Lambda event source mapping check could not run/);
      assert.match(failed, /Listing the Lambda event source mappings of arn:aws:kinesis:[^ ]+ failed: .*not authorized to perform: lambda:ListEventSourceMappings/);
      assert.strictEqual(await pageCount('.finding[data-code^="lambda-"]'), 0, 'no Lambda finding drawn from missing data');
      await screenshot('doctor-checks-lambda-denied');
    } finally {
      process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
      await denying.stop();
    }
  });
  test('from the explorer, the "Also check" step picks Lambda and a KCL application, and remembers them for the next run', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kinesis.refreshExplorer');
    const streamNode = await waitFor(() => api.explorer.model.findStream(api.connections.current.region!, STREAM), 10_000, 'stream node') as StreamNode;
    const quickInput = async (): Promise<string> => (await driverAction({ action: 'html', selector: '.quick-input-widget' })).html;
    const row = (label: string): string => `.quick-input-widget .quick-input-list .monaco-list-row[aria-label*="${label}"]`;
    const before = lambda.requests.length;
    // Not awaited: the command waits in the quick picks the driver answers.
    const opened = vscode.commands.executeCommand<DoctorReportHandle | undefined>('kinesis.diagnoseStream', streamNode);
    await driverAction({ action: 'waitFor', selector: '.quick-input-widget .quick-input-list .monaco-list-row', timeout: 15_000 });
    assert.match(await quickInput(), /which records to sample/);
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /also check/.test(await quickInput()), 10_000, 'the "Also check" step');
    assert.strictEqual(await driverAction({ action: 'count', selector: '.quick-input-widget .quick-input-list .monaco-list-row' }).then((r) => r.count), 4, 'four checks');
    await driverAction({ action: 'click', selector: row('Lambda event source mappings') });
    await driverAction({ action: 'click', selector: row('A KCL application') });
    await screenshot('doctor-checks-also-check');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /KCL application name/.test(await quickInput()), 10_000, 'the KCL application box');
    // Validated before any call: a name DynamoDB refuses is not accepted.
    await driverAction({ action: 'type', text: 'a b' });
    await waitFor(async () => /not a DynamoDB table name/.test(await quickInput()), 10_000, 'the table name rule');
    await driverAction({ action: 'keyboard', key: 'Control+A' });
    await driverAction({ action: 'type', text: APP });
    const stop = renewWhileDiagnosing(leaseKeys);
    let report: DoctorReportHandle | undefined;
    try {
      await driverAction({ action: 'keyboard', key: 'Enter' });
      report = await opened;
    } finally {
      await stop();
    }
    assert.ok(report, `the palette flow opened no report: ${api.errors.lastMessage}`);
    assert.ok(lambda.requests.length > before, 'Lambda was checked');
    const codes = report.report.findings.map((f) => f.code);
    assert.ok(codes.includes('kcl-frozen-checkpoint') && codes.includes('lambda-infinite-retries'), codes.join(', '));

    // The next run starts with the same checks and name.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const again = vscode.commands.executeCommand('kinesis.diagnoseStream', streamNode);
    await driverAction({ action: 'waitFor', selector: '.quick-input-widget .quick-input-list .monaco-list-row', timeout: 15_000 });
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /also check/.test(await quickInput()), 10_000, 'the "Also check" step again');
    const checked = await driverAction({ action: 'count', selector: '.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]' });
    assert.strictEqual(checked.count, 2, await quickInput());
    assert.strictEqual(await driverAction({ action: 'count', selector: `${row('Lambda event source mappings')}[aria-checked="true"]` }).then((r) => r.count), 1);
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /KCL application name/.test(await quickInput()), 10_000, 'the KCL application box again');
    assert.strictEqual((await driverAction({ action: 'value', selector: '.quick-input-widget input' })).value, APP);
    await driverAction({ action: 'keyboard', key: 'Escape' });
    assert.strictEqual(await again, undefined, 'Escape leaves without diagnosing');
  });
});
