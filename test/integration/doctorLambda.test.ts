/**
 * The doctor's Lambda side through @aws-sdk/client-lambda, against a loopback Lambda wire server
 * (test/support/lambdaWire.ts: synthetic mappings served in Lambda's real REST-JSON protocol, since
 * no Lambda emulator runs here) and a real stream in kinesis-local. The SDK finds the server through
 * AWS_ENDPOINT_URL_LAMBDA, as a user's would find a custom endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnoseStream } from '../../src/core/doctor/diagnose';
import { createAwsLambdaMappingSource } from '../../src/core/doctor/lambdaAws';
import { createAwsGateway } from '../../src/core/kinesis/awsGateway';
import type { KinesisGateway } from '../../src/core/kinesis/gateway';
import { nullLogger } from '../../src/core/logging';
import { startKinesisLocal, type TestEmulator } from '../support/emulators';
import { startLambdaWireServer, type LambdaWireServer, type WireEventSourceMapping } from '../support/lambdaWire';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders-consumer';
const STREAM = 'doctor-lambda';

describe('doctor Lambda mappings (synthetic mappings from a loopback Lambda wire server)', { timeout: 120_000 }, () => {
  let emulator: TestEmulator;
  let gateway: KinesisGateway;
  let lambda: LambdaWireServer;
  let streamArn: string;
  let consumerArn: string;
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;

  const wellConfigured = (arn: string): WireEventSourceMapping => ({
    UUID: '11111111-aaaa-4bbb-8ccc-000000000001', EventSourceArn: arn, FunctionArn: FUNCTION_ARN, State: 'Enabled', LastProcessingResult: 'OK',
    BatchSize: 100, ParallelizationFactor: 1, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, MaximumRecordAgeInSeconds: 3600,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq' } }, FunctionResponseTypes: ['ReportBatchItemFailures'],
    StartingPosition: 'LATEST', LastModified: 1_767_225_600,
  });
  const risky = (arn: string): WireEventSourceMapping => ({
    UUID: '22222222-aaaa-4bbb-8ccc-000000000002', EventSourceArn: arn, FunctionArn: FUNCTION_ARN, State: 'Enabled', LastProcessingResult: 'OK',
    BatchSize: 100, ParallelizationFactor: 1, BisectBatchOnFunctionError: true, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1,
    DestinationConfig: {}, FunctionResponseTypes: ['ReportBatchItemFailures'], StartingPosition: 'TRIM_HORIZON', LastModified: 1_767_225_600,
  });

  before(async () => {
    emulator = await startKinesisLocal();
    gateway = createAwsGateway({ logger: nullLogger });
    await gateway.createStream(emulator.target, { name: STREAM, mode: 'PROVISIONED', shardCount: 1 });
    await gateway.waitForActive(emulator.target, STREAM, 60_000);
    streamArn = (await gateway.describeStream(emulator.target, STREAM)).arn ?? '';
    assert.match(streamArn, /^arn:aws:kinesis:/);
    const otherStream = streamArn.replace(STREAM, 'someone-else');
    // A function reading through an enhanced fan-out consumer: its mapping's source is the consumer's ARN.
    consumerArn = (await gateway.registerConsumer(emulator.target, streamArn, 'lambda-efo')).arn;
    lambda = await startLambdaWireServer([
      wellConfigured(streamArn),
      risky(streamArn),
      { ...risky(otherStream), UUID: '33333333-aaaa-4bbb-8ccc-000000000003' },
      { ...wellConfigured(consumerArn), UUID: '55555555-aaaa-4bbb-8ccc-000000000005', FunctionResponseTypes: [] },
    ]);
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
  });

  after(async () => {
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = previousEndpoint;
    gateway?.dispose();
    await lambda?.stop();
    await emulator?.stop();
  });

  it('lists the stream\'s mappings through the SDK, page by page, and reads every linted field', async () => {
    const source = createAwsLambdaMappingSource({ region: 'us-east-1', localEmulator: true }, 1);
    try {
      const mappings = await source.listMappings(streamArn);
      assert.deepEqual(mappings.map((m) => m.uuid), ['11111111-aaaa-4bbb-8ccc-000000000001', '22222222-aaaa-4bbb-8ccc-000000000002']);
      assert.deepEqual(mappings[1], {
        uuid: '22222222-aaaa-4bbb-8ccc-000000000002', eventSourceArn: streamArn, functionArn: FUNCTION_ARN, state: 'Enabled', lastProcessingResult: 'OK',
        batchSize: 100, parallelizationFactor: 1, bisectBatchOnFunctionError: true, maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1,
        onFailureDestination: undefined, functionResponseTypes: ['ReportBatchItemFailures'],
      });
      const listCalls = lambda.requests.filter((r) => r.startsWith('GET /2015-03-31/event-source-mappings?'));
      assert.equal(listCalls.length, 2, 'two pages of one');
      assert.ok(listCalls.every((r) => new URL(r.slice(4), 'http://x').searchParams.get('EventSourceArn') === streamArn));
    } finally {
      source.dispose();
    }
  });

  it('flags the mapping without an on-failure destination and with infinite retries, with its diff; not the well-configured one', async () => {
    const source = createAwsLambdaMappingSource({ region: 'us-east-1', localEmulator: true });
    const phases: string[] = [];
    try {
      const report = await diagnoseStream({ gateway, lambda: source }, { target: emulator.target, stream: STREAM, start: { type: 'TRIM_HORIZON' }, onProgress: (p) => phases.push(p.phase) });
      assert.ok(phases.includes('lambda'));
      const lambdaFindings = report.findings.filter((f) => f.code.startsWith('lambda-'));
      assert.deepEqual(lambdaFindings.map((f) => [f.code, f.subject.consumer]).sort(), [
        ['lambda-infinite-retries', '22222222-aaaa-4bbb-8ccc-000000000002'],
        ['lambda-no-batch-item-failures', '55555555-aaaa-4bbb-8ccc-000000000005'],
        ['lambda-no-on-failure-destination', '22222222-aaaa-4bbb-8ccc-000000000002'],
      ]);
      assert.ok(lambda.requests.some((r) => r.includes(`EventSourceArn=${encodeURIComponent(consumerArn)}`)), 'the consumer\'s mappings were listed');
      const retries = lambdaFindings.find((f) => f.code === 'lambda-infinite-retries');
      assert.deepEqual(retries?.fix, { kind: 'updateEventSourceMapping', uuid: '22222222-aaaa-4bbb-8ccc-000000000002', changes: [{ field: 'MaximumRetryAttempts', from: -1, to: 3 }] });
      const destination = lambdaFindings.find((f) => f.code === 'lambda-no-on-failure-destination');
      assert.deepEqual(destination?.fix, {
        kind: 'updateEventSourceMapping', uuid: '22222222-aaaa-4bbb-8ccc-000000000002',
        changes: [{ field: 'DestinationConfig.OnFailure.Destination', from: null, to: 'arn:aws:sqs:us-east-1:000000000000:orders-consumer-kinesis-failures' }],
      });
    } finally {
      source.dispose();
    }
  });

  it('says which check failed when Lambda refuses the call', async () => {
    const denying = await startLambdaWireServer([], { denyAll: true });
    process.env.AWS_ENDPOINT_URL_LAMBDA = denying.endpoint;
    const source = createAwsLambdaMappingSource({ region: 'us-east-1', localEmulator: true });
    try {
      await assert.rejects(
        diagnoseStream({ gateway, lambda: source }, { target: emulator.target, stream: STREAM, start: { type: 'TRIM_HORIZON' } }),
        new RegExp(`^Error: Listing the Lambda event source mappings of ${streamArn.replace(/[/.]/g, '\\$&')} failed: .*not authorized to perform: lambda:ListEventSourceMappings`),
      );
    } finally {
      source.dispose();
      process.env.AWS_ENDPOINT_URL_LAMBDA = lambda.endpoint;
      await denying.stop();
    }
  });
});
