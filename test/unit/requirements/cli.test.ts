import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    assert.match(stdout, /auto-scaled \(10 shards at average\) \$299\.09\/month/);
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
    assert.equal(json.schemaVersion, 2);
    assert.equal(json.priceTable, 'seed');
    assert.equal(json.hoursPerMonth, 744);
    assert.deepEqual(json.summary, { errors: 0, warnings: 6, information: 11, hints: 0 });
    assert.equal(json.requirements.length, 3);
    assert.equal(json.requirements[0].capacity.shards, 20);
    assert.equal(json.requirements[0].cost.autoScaled.shards, 10);
    assert.equal(json.requirements[0].cost.autoScaled.monthlyUsd, 299.08799999999997);
    assert.equal(json.requirements[0].cost.fixedAtPeak.shards, 20);
    assert.ok(Math.abs(json.requirements[0].cost.fixedAtPeak.monthlyUsd - 410.688) < 1e-9);
    assert.equal(json.requirements[0].modeChoice.recommended, 'fixedAtPeak');
    assert.deepEqual(json.diagnostics[0].range, { start: { line: 11, character: 58 }, end: { line: 11, character: 64 } });
    const aws = JSON.parse(run('analyze', fixture('seed-template.md'), '--json', '--prices=aws').stdout);
    assert.equal(aws.hoursPerMonth, 730);
    assert.ok(Math.abs(aws.requirements[0].cost.autoScaled.monthlyUsd - 293.46) < 1e-9);
    const messy = run('analyze', fixture('messy.md'), '--json', '--cost-threshold', '100000');
    assert.equal(messy.code, 1);
    assert.equal(JSON.parse(messy.stdout).diagnostics.filter((d: { code: string }) => d.code === 'kinesis.cost.aboveThreshold').length, 0);
  });
});

describe('CLI: kinesis-studio design', () => {
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ks-design-'));
    copyFileSync(path.join(repoRoot(), fixture('complete.md')), path.join(dir, 'kinesis_requirement.md'));
    return dir;
  };

  it('writes kinesis_streaming_architecture.md beside a requirement file that passes the gate', () => {
    const dir = scratch();
    const { code, stdout } = run('design', path.join(dir, 'kinesis_requirement.md'));
    assert.equal(code, 0, stdout);
    const written = readFileSync(path.join(dir, 'kinesis_streaming_architecture.md'), 'utf8');
    assert.match(written, /^# Kinesis Streaming Architecture/);
    assert.match(written, /## Stream Designs/);
    assert.match(stdout, /Wrote .*kinesis_streaming_architecture\.md/);
    assert.match(run('design', path.join(dir, 'kinesis_requirement.md')).stdout, /already up to date/);
  });

  it('exits 1 with the gate reasons and writes nothing when the file is not ready', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ks-design-'));
    const out = path.join(dir, 'arch.md');
    const { code, stderr } = run('design', fixture('messy.md'), '--out', out);
    assert.equal(code, 1);
    assert.match(stderr, /Not ready to write the architecture/);
    assert.match(stderr, /Validation Checklist items are not ticked/);
    assert.equal(existsSync(out), false);
  });

  it('keeps a section edited by hand, and replaces it only with --overwrite-edited', () => {
    const dir = scratch();
    const requirement = path.join(dir, 'kinesis_requirement.md');
    const out = path.join(dir, 'kinesis_streaming_architecture.md');
    assert.equal(run('design', requirement).code, 0);
    const edited = readFileSync(out, 'utf8').replace('## Design Philosophy & Approach\n', '## Design Philosophy & Approach\n\nOUR OWN WORDS.\n');
    writeFileSync(out, edited);
    const kept = run('design', requirement, '--prices', 'aws');
    assert.equal(kept.code, 0);
    assert.match(kept.stdout, /Kept the sections edited by hand: Design Philosophy & Approach/);
    assert.match(readFileSync(out, 'utf8'), /OUR OWN WORDS\./);
    // The sections not edited by hand follow the new prices (the aws table bills 730 h a month).
    assert.match(readFileSync(out, 'utf8'), /730 h/);
    const replaced = run('design', requirement, '--overwrite-edited');
    assert.equal(replaced.code, 0);
    assert.doesNotMatch(readFileSync(out, 'utf8'), /OUR OWN WORDS\./);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(run('design').code, 2);
    assert.equal(run('design', fixture('complete.md'), '--prices', 'cheap').code, 2);
    assert.equal(run('design', 'no-such-file.md').code, 2);
  });
});
