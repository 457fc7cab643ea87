import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers';

/** The compiled CLI sits beside the compiled tests in the same outDir. */
const CLI = path.resolve(__dirname, '../../../src/cli/main.js');

function run(...args: string[]) {
  const root = repoRoot();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: root,
    encoding: 'utf8',
    // An outDir outside the repository cannot find node_modules by walking up.
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (name: string) => path.join('test', 'fixtures', 'requirements', name);

describe('CLI: kinesis-studio analyze', () => {
  it('is compiled next to the tests', () => {
    assert.ok(existsSync(CLI), CLI);
  });

  it('exits 0 without errors and prints diagnostics and the working', () => {
    const { code, stdout } = run('analyze', fixture('seed-template.md'));
    assert.equal(code, 0);
    assert.match(stdout, /seed-template\.md:12:59: warning kinesis\.latency\.sharedThroughput: /);
    assert.match(stdout, /Required: max\(10, 20\) = 20 shards/);
    assert.match(stdout, /\$299\.09 provisioned/);
    assert.equal(run('analyze', fixture('complete.md')).code, 0);
  });

  it('exits 1 when an error-severity diagnostic exists', () => {
    const { code, stdout } = run('analyze', fixture('messy.md'));
    assert.equal(code, 1);
    assert.match(stdout, /error kinesis\.recordSize\.aboveMaximum/);
  });

  it('exits 2 on usage errors and unreadable files', () => {
    assert.equal(run().code, 2);
    assert.equal(run('lint', 'x.md').code, 2);
    assert.equal(run('analyze').code, 2);
    assert.equal(run('analyze', fixture('complete.md'), '--prices', 'eu').code, 2);
    assert.equal(run('analyze', fixture('complete.md'), '--bogus').code, 2);
    const missing = run('analyze', 'no/such/file.md');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read no\/such\/file\.md/);
    assert.equal(run('--help').code, 0);
  });

  it('prints the documented JSON with --json and honours --prices', () => {
    const seed = run('analyze', fixture('seed-template.md'), '--json');
    assert.equal(seed.code, 0);
    const json = JSON.parse(seed.stdout);
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.priceTable, 'seed');
    assert.equal(json.hoursPerMonth, 744);
    assert.deepEqual(json.summary, { errors: 0, warnings: 4, information: 9, hints: 0 });
    assert.equal(json.requirements.length, 3);
    assert.equal(json.requirements[0].capacity.shards, 20);
    assert.equal(json.requirements[0].cost.provisionedMonthlyUsd, 299.08799999999997);
    assert.deepEqual(json.diagnostics[0].range, { start: { line: 11, character: 58 }, end: { line: 11, character: 64 } });
    const aws = JSON.parse(run('analyze', fixture('seed-template.md'), '--json', '--prices=aws').stdout);
    assert.equal(aws.hoursPerMonth, 730);
    assert.ok(Math.abs(aws.requirements[0].cost.provisionedMonthlyUsd - 293.46) < 1e-9);
    const messy = run('analyze', fixture('messy.md'), '--json', '--cost-threshold', '100000');
    assert.equal(messy.code, 1);
    assert.equal(JSON.parse(messy.stdout).diagnostics.filter((d: { code: string }) => d.code === 'kinesis.cost.aboveThreshold').length, 0);
  });
});
