import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KinesisError, redactSecrets, toKinesisError, validationError } from '../../../src/core/kinesis/errors';
import { SERVER_ERROR_CODES, THROTTLING_ERROR_CODES } from '../../../src/core/kinesis/retry';

/** Builds an error shaped like the SDK's ServiceException. */
function serviceError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode }, $fault: httpStatusCode >= 500 ? 'server' : 'client' });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:4567`), { code, $metadata: {} });
}

const aws = { region: 'eu-west-1', profile: 'dev' };
const local = { region: 'us-east-1', endpoint: 'http://127.0.0.1:4567', localEmulator: true };

describe('toKinesisError', () => {
  it('returns KinesisErrors unchanged', () => {
    const e = validationError('PutRecord', 'Partition key must be 1–256 characters (got 0).');
    assert.equal(toKinesisError(e, 'Other'), e);
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.message, 'PutRecord: Partition key must be 1–256 characters (got 0).');
  });

  it('ResourceInUse: wait for ACTIVE or pick another name', () => {
    const e = toKinesisError(serviceError('ResourceInUseException', 'Stream orders under account 1 already exists.'), 'CreateStream', aws);
    assert.equal(e.code, 'ResourceInUseException');
    assert.match(e.message, /already exists/);
    assert.match(e.message, /ACTIVE/);
    assert.deepEqual(e.remedies, ['retry']);
  });

  it('ResourceNotFound: check name, region, profile', () => {
    const e = toKinesisError(serviceError('ResourceNotFoundException', 'Stream x not found'), 'DescribeStreamSummary', aws);
    assert.match(e.message, /eu-west-1, profile "dev"/);
    assert.match(e.message, /Check the name, the region and the profile/);
    assert.ok(e.remedies.includes('setRegion') && e.remedies.includes('switchProfile'));
  });

  it('LimitExceeded on UpdateShardCount explains the 10-per-24h rule', () => {
    const e = toKinesisError(serviceError('LimitExceededException', 'Rate exceeded'), 'UpdateShardCount', aws);
    assert.match(e.message, /10 scalings per stream in a rolling 24 hours/);
    const other = toKinesisError(serviceError('LimitExceededException', 'too many'), 'CreateStream', aws);
    assert.doesNotMatch(other.message, /10 scalings/);
    assert.match(other.message, /limit increase/);
    assert.match(toKinesisError(serviceError('LimitExceededException', ''), 'UpdateStreamMode').message, /twice in 24 hours/);
  });

  it('InvalidArgument and AccessDenied', () => {
    const inv = toKinesisError(serviceError('InvalidArgumentException', 'Shards are not adjacent'), 'MergeShards', aws);
    assert.match(inv.message, /Shards are not adjacent.*Correct it/);
    const denied = toKinesisError(serviceError('AccessDeniedException', 'User: arn:aws:iam::1:user/x is not authorized'), 'ListStreams', aws);
    assert.match(denied.message, /kinesis:ListStreams permission/);
    assert.deepEqual(denied.remedies, ['switchProfile']);
  });

  it('expired tokens and SSO sessions point at aws sso login --profile', () => {
    for (const err of [
      serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
      serviceError('ExpiredToken', 'expired'),
      Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' }),
      Object.assign(new Error('Token is expired. To refresh this SSO session run \'aws sso login\' with the corresponding profile.'), { name: 'TokenProviderError' }),
    ]) {
      const e = toKinesisError(err, 'ListStreams', aws);
      assert.equal(e.code, 'CredentialsExpired', err.message);
      assert.match(e.message, /`aws sso login --profile dev`/);
      assert.equal(e.remedies[0], 'ssoLogin');
    }
  });

  it('missing credentials ask to choose a profile or configure', () => {
    const e = toKinesisError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'ListStreams', { region: 'us-east-1' });
    assert.equal(e.code, 'CredentialsMissing');
    assert.match(e.message, /Choose a profile, or run `aws configure`/);
    assert.deepEqual(e.remedies, ['switchProfile', 'ssoLogin']);
  });

  it('throttling is retryable', () => {
    const e = toKinesisError(serviceError('ProvisionedThroughputExceededException', 'Rate exceeded for shard shardId-000000000000'), 'PutRecord', aws);
    assert.equal(e.retryable, true);
    assert.match(e.message, /1,000 records or 1 MiB per second/);
  });

  it('maps every code of the shared throttling and server sets to a retryable error with advice', () => {
    for (const code of THROTTLING_ERROR_CODES) {
      const e = toKinesisError(serviceError(code, 'slow down'), 'PutRecords', aws);
      assert.deepEqual([e.code, e.retryable, e.remedies], [code, true, ['retry']], code);
      assert.match(e.message, /was throttled/, code);
    }
    for (const code of SERVER_ERROR_CODES) {
      const e = toKinesisError(serviceError(code, 'oops', 500), 'PutRecords', aws);
      assert.deepEqual([e.code, e.retryable], [code, true], code);
      assert.match(e.message, /internal error/, code);
    }
    const limit = toKinesisError(serviceError('LimitExceededException', 'too many'), 'CreateStream', aws);
    assert.equal(limit.retryable, false, 'a limit is not throttling for the error mapping');
  });

  it('unsupported operations on an emulator', () => {
    assert.equal(toKinesisError(serviceError('UnknownOperationException', 'UnknownError'), 'UpdateShardCount', local).code, 'UnsupportedByEmulator');
    const e = toKinesisError(serviceError('UnknownError', 'UnknownError', 400), 'TagResource', local);
    assert.equal(e.code, 'UnsupportedByEmulator');
    assert.match(e.message, /not supported by this local emulator/);
  });

  it('connection refused on localhost suggests starting Local Kinesis', () => {
    const e = toKinesisError(networkError('ECONNREFUSED'), 'ListStreams', local);
    assert.equal(e.code, 'EndpointUnreachable');
    assert.deepEqual(e.remedies, ['startLocal', 'openSettings', 'retry']);
    const remote = toKinesisError(networkError('ECONNREFUSED'), 'ListStreams', { region: 'us-east-1', endpoint: 'https://vpce.example.com' });
    assert.ok(!remote.remedies.includes('startLocal'));
    assert.equal(toKinesisError(networkError('ENOTFOUND'), 'ListStreams', aws).code, 'EndpointUnreachable');
    assert.equal(toKinesisError(networkError('ECONNRESET'), 'ListStreams', aws).code, 'NetworkError');
  });

  it('missing region, 5xx, aborts, unknown errors', () => {
    assert.equal(toKinesisError(new Error('Region is missing'), 'ListStreams').code, 'RegionMissing');
    const internal = toKinesisError(serviceError('InternalFailure', 'oops', 500), 'PutRecords', aws);
    assert.equal(internal.retryable, true);
    assert.equal(toKinesisError(serviceError('Weird', 'x', 503), 'ListStreams', aws).retryable, true);
    assert.equal(toKinesisError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'ListStreams').code, 'Aborted');
    const unknown = toKinesisError(serviceError('SomethingNew', 'details here'), 'ListStreams', aws);
    assert.equal(unknown.code, 'SomethingNew');
    assert.match(unknown.message, /ListStreams failed in eu-west-1, profile "dev": SomethingNew \(details here\)/);
    assert.ok(unknown instanceof KinesisError && unknown instanceof Error);
  });

  it('never includes secret values or stack traces', () => {
    const leaky = serviceError('UnrecognizedClientException', 'Key AKIAIOSFODNN7EXAMPLE with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected\n    at foo (bar.js:1:1)');
    for (const e of [toKinesisError(leaky, 'ListStreams', aws), toKinesisError(serviceError('Other', leaky.message), 'ListStreams', aws)]) {
      assert.doesNotMatch(e.message, /AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
      assert.doesNotMatch(e.message, /\n\s+at /);
    }
  });

  it('redactSecrets masks key ids, secrets and assignments but keeps ordinary text', () => {
    assert.equal(redactSecrets('id ASIAABCDEFGHIJKLMNOP'), 'id <redacted-key-id>');
    assert.equal(redactSecrets('aws_session_token = abc.def'), 'aws_session_token = <redacted>');
    assert.equal(redactSecrets('secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.'), 'secret <redacted>.');
    assert.equal(redactSecrets('stream orders-2024 in us-east-1'), 'stream orders-2024 in us-east-1');
  });
});
