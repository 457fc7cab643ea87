import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** The repository root: the first folder above the compiled test holding Kinesis Studio's package.json. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kinesis-studio') return dir;
  }
  throw new Error(`Kinesis Studio's package.json not found above ${__dirname}`);
}

const root = repoRoot();
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
/** What `npx kinesis-studio` runs: the esbuild bundle named in package.json's `bin`. */
const bundle = path.join(root, manifest.bin['kinesis-studio']);

/**
 * Runs the bundle the way CI would, from a folder outside the repository and without NODE_PATH, so a
 * dependency left out of the bundle would fail here.
 */
function runBundle(...args: string[]) {
  const env = { ...process.env };
  delete env.NODE_PATH;
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: path.parse(root).root, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI bundle (dist/cli.js)', () => {
  it('exists: npm test builds before testing', () => {
    assert.ok(existsSync(bundle), `${bundle} is missing: run "node esbuild.mjs" first`);
    assert.match(readFileSync(bundle, 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node/, 'npx needs the shebang');
  });

  it('exits 1 and prints the documented JSON for a file with errors', () => {
    const fixture = path.join(root, 'test', 'e2e', 'fixtures', 'workspace', 'kinesis_requirement.md');
    const { code, stdout, stderr } = runBundle('analyze', fixture, '--json');
    assert.equal(code, 1, `stderr: ${stderr}`);
    const json = JSON.parse(stdout);
    assert.equal(json.schemaVersion, 2);
    assert.equal(json.priceTable, 'seed');
    assert.ok(json.summary.errors >= 1);
    const tooBig = json.diagnostics.find((d: { code: string }) => d.code === 'kinesis.recordSize.aboveMaximum');
    assert.deepEqual(tooBig?.range, { start: { line: 13, character: 42 }, end: { line: 13, character: 48 } });
    assert.equal(tooBig.severity, 'error');
    assert.equal(json.requirements.length, 3);
  });

  it('exits 0 on a file without errors and honours --prices aws', () => {
    const fixture = path.join(root, 'test', 'e2e', 'fixtures', 'workspace', 'requirements-orders.md');
    const { code, stdout } = runBundle('analyze', fixture, '--json', '--prices', 'aws');
    assert.equal(code, 0);
    const json = JSON.parse(stdout);
    assert.equal(json.priceTable, 'aws');
    assert.equal(json.hoursPerMonth, 730);
    assert.equal(json.summary.errors, 0);
  });
});
