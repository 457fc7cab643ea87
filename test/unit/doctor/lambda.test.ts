import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/core/doctor/findings';
import { analyzeLambdaMappings, proposedFailureDestination, PROPOSED_RETRY_ATTEMPTS, type EventSourceMappingInfo } from '../../../src/core/doctor/lambda';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-consumer';

function mapping(overrides: Partial<EventSourceMappingInfo> = {}): EventSourceMappingInfo {
  return {
    uuid: 'a1b2c3d4-0000-0000-0000-000000000001',
    eventSourceArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders',
    functionArn: FUNCTION_ARN,
    state: 'Enabled',
    lastProcessingResult: 'OK',
    batchSize: 100,
    parallelizationFactor: 1,
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: 5,
    maximumRecordAgeInSeconds: 3600,
    onFailureDestination: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq',
    functionResponseTypes: ['ReportBatchItemFailures'],
    ...overrides,
  };
}

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code).sort();

describe('doctor Lambda mapping lint', () => {
  it('finds nothing wrong with a well-configured mapping', () => {
    assert.deepEqual(analyzeLambdaMappings([mapping()], { stream: 'orders', busiestShardRecordsPerSecond: 50 }), []);
  });

  it('flags infinite retries and no on-failure destination, each with its UpdateEventSourceMapping diff', () => {
    const m = mapping({ maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1, onFailureDestination: undefined });
    const findings = analyzeLambdaMappings([m], { stream: 'orders' });
    assert.deepEqual(codes(findings), ['lambda-infinite-retries', 'lambda-no-on-failure-destination']);
    const retries = findings.find((f) => f.code === 'lambda-infinite-retries');
    assert.deepEqual(retries?.fix, { kind: 'updateEventSourceMapping', uuid: m.uuid, changes: [{ field: 'MaximumRetryAttempts', from: -1, to: PROPOSED_RETRY_ATTEMPTS }] });
    assert.deepEqual(retries?.subject, { stream: 'orders', consumer: m.uuid });
    const destination = findings.find((f) => f.code === 'lambda-no-on-failure-destination');
    assert.deepEqual(destination?.fix, {
      kind: 'updateEventSourceMapping',
      uuid: m.uuid,
      changes: [{ field: 'DestinationConfig.OnFailure.Destination', from: null, to: 'arn:aws:sqs:eu-west-1:123456789012:orders-consumer-kinesis-failures' }],
    });
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(findings)));
  });

  it('treats a bounded record age as bounded retries even with unlimited attempts', () => {
    assert.deepEqual(codes(analyzeLambdaMappings([mapping({ maximumRetryAttempts: -1 })], { stream: 'orders' })), []);
    // Absent fields are the Kinesis defaults: -1 and -1.
    assert.ok(codes(analyzeLambdaMappings([mapping({ maximumRetryAttempts: undefined, maximumRecordAgeInSeconds: undefined })], { stream: 'orders' })).includes('lambda-infinite-retries'));
  });

  it('flags missing bisect (a warning without ReportBatchItemFailures, info with it) and missing ReportBatchItemFailures', () => {
    const noBisect = analyzeLambdaMappings([mapping({ bisectBatchOnFunctionError: false })], { stream: 'orders' });
    assert.deepEqual(noBisect.map((f) => [f.code, f.severity]), [['lambda-no-bisect', 'info']]);
    const neither = analyzeLambdaMappings([mapping({ bisectBatchOnFunctionError: false, functionResponseTypes: [] })], { stream: 'orders' });
    assert.deepEqual(neither.map((f) => [f.code, f.severity]), [['lambda-no-bisect', 'warning'], ['lambda-no-batch-item-failures', 'info']]);
    assert.deepEqual(neither[1].fix, { kind: 'updateEventSourceMapping', uuid: mapping().uuid, changes: [{ field: 'FunctionResponseTypes', from: [], to: ['ReportBatchItemFailures'] }] });
    assert.deepEqual(neither[0].fix?.kind === 'updateEventSourceMapping' && neither[0].fix.changes, [{ field: 'BisectBatchOnFunctionError', from: false, to: true }]);
  });

  it('recognises the poison-record signature only when the mapping is failing or a shard is stuck', () => {
    const risky = { maximumRetryAttempts: -1, maximumRecordAgeInSeconds: -1, bisectBatchOnFunctionError: false, onFailureDestination: undefined };
    const healthy = analyzeLambdaMappings([mapping(risky)], { stream: 'orders' });
    assert.ok(!codes(healthy).includes('lambda-poison-record'));
    const failing = analyzeLambdaMappings([mapping({ ...risky, lastProcessingResult: 'PROBLEM: Function call failed' })], { stream: 'orders' });
    const poison = failing.find((f) => f.code === 'lambda-poison-record');
    assert.equal(poison?.severity, 'error');
    assert.deepEqual(poison?.fix?.kind === 'updateEventSourceMapping' && poison.fix.changes.map((c) => c.field), ['MaximumRetryAttempts', 'BisectBatchOnFunctionError', 'DestinationConfig.OnFailure.Destination']);
    // Its fix covers the separate lint findings, so they are not repeated.
    assert.ok(!codes(failing).includes('lambda-infinite-retries') && !codes(failing).includes('lambda-no-on-failure-destination') && !codes(failing).includes('lambda-no-bisect'));
    const stuck = analyzeLambdaMappings([mapping(risky)], { stream: 'orders', growingIteratorAgeShards: ['shardId-000000000003'] });
    assert.deepEqual(stuck.find((f) => f.code === 'lambda-poison-record')?.subject, { stream: 'orders', consumer: mapping().uuid, shardId: 'shardId-000000000003' });
    // Bisecting breaks the signature: the bad record gets isolated.
    assert.ok(!codes(analyzeLambdaMappings([mapping({ ...risky, bisectBatchOnFunctionError: true, lastProcessingResult: 'PROBLEM: Function call failed' })], { stream: 'orders' })).includes('lambda-poison-record'));
  });

  it('sizes batches for twice the busiest shard rate, then raises parallelization', () => {
    const small = analyzeLambdaMappings([mapping({ batchSize: 10 })], { stream: 'orders', busiestShardRecordsPerSecond: 400 });
    assert.deepEqual(small.map((f) => f.code), ['lambda-batch-size']);
    assert.deepEqual(small[0].fix?.kind === 'updateEventSourceMapping' && small[0].fix.changes, [{ field: 'BatchSize', from: 10, to: 800 }]);
    const capped = analyzeLambdaMappings([mapping({ batchSize: 10_000, parallelizationFactor: 1 })], { stream: 'orders', busiestShardRecordsPerSecond: 30_000 });
    assert.deepEqual(capped[0].fix?.kind === 'updateEventSourceMapping' && capped[0].fix.changes, [{ field: 'ParallelizationFactor', from: 1, to: 6 }]);
    assert.deepEqual(analyzeLambdaMappings([mapping({ batchSize: 10 })], { stream: 'orders', busiestShardRecordsPerSecond: 9 }), []);
  });

  it('proposes a failure queue in the function\'s account and region', () => {
    assert.equal(proposedFailureDestination('arn:aws-cn:lambda:cn-north-1:111122223333:function:f:live'), 'arn:aws-cn:sqs:cn-north-1:111122223333:f-kinesis-failures');
    assert.match(proposedFailureDestination('not-an-arn'), /<region>/);
  });
});
