import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('kinesis-studio doctor: the connection is resolved like put and tail', () => {
  /** Runs doctor with `env`; the gateway factory records the target instead of calling AWS. */
  async function connect(argv: string[], env: Record<string, string>) {
    const err: string[] = [];
    let target: unknown;
    const code = await runDoctor(argv, { out: () => undefined, err: (t) => err.push(t) }, {
      env,
      createGateway: async () => {
        // The target reaches diagnoseStream; capture it from the first gateway call and stop there.
        const refuse = (t: unknown) => {
          target = t;
          return Promise.reject(new Error('stop here'));
        };
        return { describeStream: refuse, listShards: refuse, dispose: () => undefined } as never;
      },
    });
    return { code, err: err.join('\n'), target: target as { region?: string; endpoint?: string; profile?: string } | undefined };
  }

  it("takes the region from the profile's config when neither --region nor AWS_REGION is set", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doctor-profile-'));
    try {
      writeFileSync(path.join(dir, 'config'), '[profile ops]\nregion = eu-west-1\n');
      writeFileSync(path.join(dir, 'credentials'), '');
      const result = await connect(['orders', '--profile', 'ops'], { AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials') });
      assert.equal(result.target?.region, 'eu-west-1', result.err);
      assert.equal(result.target?.profile, 'ops');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says how to give a region, before any call, when none can be found', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doctor-profile-'));
    try {
      const result = await connect(['orders'], { AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') });
      assert.equal(result.code, 2);
      assert.match(result.err, /No region: pass --region, set AWS_REGION, or give the profile a region\./);
      assert.equal(result.target, undefined, 'no call was made');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed --region before any call', async () => {
    const result = await connect(['orders', '--region', 'not a region'], { AWS_REGION: 'us-east-1' });
    assert.equal(result.code, 2);
    assert.equal(result.target, undefined);
  });
});
