import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOCTOR_USAGE, runDoctor } from '../../../src/cli/doctor';

/** Collects what the CLI prints; any gateway or metrics source creation fails the test: bad input must stop first. */
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, {
    env: { AWS_REGION: 'us-east-1' },
    createGateway: () => Promise.reject(new Error('no gateway may be created for bad input')),
    createMetricsSource: () => Promise.reject(new Error('no CloudWatch client may be created for bad input')),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kinesis-studio doctor: CloudWatch and read-contention flags', () => {
  it('documents the flags', () => {
    assert.match(DOCTOR_USAGE, /--cloudwatch-endpoint URL/);
    assert.match(DOCTOR_USAGE, /--polling-readers N/);
  });

  it('rejects a bad CloudWatch endpoint and a bad reader count before any call (exit 2)', async () => {
    const endpoint = await run(['doctor-stream', '--cloudwatch-endpoint', 'ftp://nowhere']);
    assert.equal(endpoint.code, 2);
    assert.match(endpoint.err, /--cloudwatch-endpoint:/);
    const readers = await run(['doctor-stream', '--polling-readers', 'many']);
    assert.equal(readers.code, 2);
    assert.match(readers.err, /--polling-readers must be a whole number/);
  });
});
