import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_HASH_KEY,
  validateConsumerName,
  validateEndpointUrl,
  validateGetRecordsLimit,
  validateHashKey,
  validateKmsKeyId,
  validatePartitionKey,
  validatePutRecordsCount,
  validateRegionName,
  validateRetentionHours,
  validateSequenceNumber,
  validateShardCount,
  validateShardLevelMetrics,
  validateStreamArn,
  validateStreamName,
  validateTagKey,
  validateTags,
  validateTagValue,
  validateTargetShardCount,
} from '../../../src/core/kinesis/validation';

const ok = (v: string | undefined) => assert.equal(v, undefined);
const bad = (v: string | undefined, rule: RegExp) => {
  assert.ok(v !== undefined, 'expected a rule violation');
  assert.match(v, rule);
};

describe('validation', () => {
  it('stream names: [a-zA-Z0-9_.-]{1,128}', () => {
    for (const name of ['a', 'orders', 'my_stream.v2-prod', 'x'.repeat(128)]) ok(validateStreamName(name));
    for (const name of ['', 'x'.repeat(129), 'has space', 'slash/no', 'ümlaut']) bad(validateStreamName(name), /1–128 characters: letters, digits/);
  });

  it('region names: letters, dashes and a final number', () => {
    for (const region of ['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'eu-central-12', ' eu-west-1 ']) ok(validateRegionName(region));
    for (const region of ['', 'us-east', 'useast1', 'US-EAST-1', 'us_east_1', 'us-east-1a']) bad(validateRegionName(region), /is not a region name: a region looks like "us-east-1"/);
  });

  it('consumer names follow the same character rule', () => {
    ok(validateConsumerName('reader-1'));
    bad(validateConsumerName('bad/name'), /Consumer name/);
  });

  it('partition keys: 1–256 Unicode characters', () => {
    ok(validatePartitionKey('k'));
    ok(validatePartitionKey('é'.repeat(256)));
    ok(validatePartitionKey('😀'.repeat(256))); // 512 UTF-16 units, 256 code points
    bad(validatePartitionKey(''), /1–256 characters \(got 0\)/);
    bad(validatePartitionKey('x'.repeat(257)), /got 257/);
  });

  it('explicit hash keys: decimal 0..2^128-1', () => {
    ok(validateHashKey('0'));
    ok(validateHashKey(MAX_HASH_KEY.toString()));
    ok(validateHashKey('170141183460469231731687303715884105728'));
    for (const v of ['', '-1', '01', '1.5', 'abc', (MAX_HASH_KEY + 1n).toString(), '9'.repeat(40)]) bad(validateHashKey(v), /0 to 2\^128-1/);
  });

  it('sequence numbers are decimal', () => {
    ok(validateSequenceNumber('49590338271490256608559692538361571095921575989136588898'));
    bad(validateSequenceNumber('abc'), /decimal/);
  });

  it('shard counts and uniform-scaling targets', () => {
    ok(validateShardCount(1));
    ok(validateShardCount(10_000));
    for (const n of [0, -1, 1.5, NaN, 10_001]) bad(validateShardCount(n), /whole number from 1 to 10,000/);
    ok(validateTargetShardCount(8, 4));
    ok(validateTargetShardCount(2, 4));
    bad(validateTargetShardCount(9, 4), /between half and double .* 2–8/);
    bad(validateTargetShardCount(1, 4), /2–8/);
    bad(validateTargetShardCount(4, 4), /already has 4/);
    ok(validateTargetShardCount(2, 3)); // ceil(3/2)
  });

  it('retention: 24–8760 whole hours', () => {
    ok(validateRetentionHours(24));
    ok(validateRetentionHours(8760));
    for (const h of [23, 8761, 24.5]) bad(validateRetentionHours(h), /24 \(1 day\) to 8760/);
  });

  it('tags: key 1–128, value 0–256, allowed characters, no aws: prefix, at most 50', () => {
    ok(validateTagKey('team'));
    ok(validateTagKey('cost-center/ünit @x=1+2%'));
    bad(validateTagKey(''), /1–128/);
    bad(validateTagKey('k'.repeat(129)), /1–128/);
    bad(validateTagKey('aws:created'), /reserved/);
    bad(validateTagKey('semi;colon'), /may contain only/);
    ok(validateTagValue(''));
    bad(validateTagValue('v'.repeat(257)), /at most 256/);
    bad(validateTagValue('<script>'), /may contain only/);
    ok(validateTags(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']))));
    bad(validateTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))), /at most 50 tags/);
    bad(validateTags({ ok: 'fine', 'bad*key': 'v' }), /Tag "bad\*key"/);
  });

  it('KMS key ids, ARNs and aliases', () => {
    for (const key of [
      'alias/aws/kinesis',
      'alias/my-key_1',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:us-east-1:111122223333:alias/my-key',
      'arn:aws-cn:kms:cn-north-1:111122223333:alias/x',
    ]) ok(validateKmsKeyId(key));
    for (const key of ['', 'my-key', 'alias/', 'arn:aws:kms:us-east-1:1:key/x', 'alias/has space']) bad(validateKmsKeyId(key), /KMS key must be/);
  });

  it('stream ARNs', () => {
    ok(validateStreamArn('arn:aws:kinesis:us-east-1:000000000000:stream/orders'));
    bad(validateStreamArn('orders'), /Stream ARN/);
  });

  it('shard-level metrics, GetRecords limit, PutRecords count', () => {
    ok(validateShardLevelMetrics(['IncomingBytes', 'ALL']));
    bad(validateShardLevelMetrics([]), /at least one/);
    bad(validateShardLevelMetrics(['Bytes']), /Unknown shard-level metric "Bytes"/);
    ok(validateGetRecordsLimit(10_000));
    bad(validateGetRecordsLimit(10_001), /1 to 10000/);
    ok(validatePutRecordsCount(500));
    bad(validatePutRecordsCount(0), /1–500/);
    bad(validatePutRecordsCount(501), /got 501/);
  });

  it('endpoint URLs', () => {
    ok(validateEndpointUrl('http://127.0.0.1:4567'));
    ok(validateEndpointUrl('https://kinesis.eu-west-1.amazonaws.com'));
    bad(validateEndpointUrl('127.0.0.1:4567'), /must start with http:\/\/ or https:\/\//);
    bad(validateEndpointUrl('localhost:4567'), /must start with http:\/\//);
    bad(validateEndpointUrl('ftp://host'), /got ftp:/);
    bad(validateEndpointUrl('http://exa mple.com'), /not a valid URL/);
    bad(validateEndpointUrl('http://a:b@host'), /user name or password/);
    bad(validateEndpointUrl('http://host/?x=1'), /query string/);
  });
});
