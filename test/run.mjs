#!/usr/bin/env node
// `npm test`: builds, type-checks and lints, then runs the three tiers and ends with one line
// "N passed, N failed". Usage: node test/run.mjs [unit] [integration] [e2e]   (default: all)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requested = process.argv.slice(2);
const tiers = requested.length ? requested : ['unit', 'integration', 'e2e'];
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const t0 = Date.now();

function step(title) {
  console.log(`\n=== ${title} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function gate(title, command, args) {
  step(title);
  if (run(command, args) !== 0) {
    console.error(`\n${title} failed.`);
    console.log(`\n${totals.passed} passed, ${totals.failed + 1} failed`);
    process.exit(1);
  }
}

/**
 * The Node that runs the unit and integration tiers (and, through process.execPath, the CLI and the
 * emulators they spawn): Node 24 from the harness cache, whatever Node runs `npm test` itself.
 */
let testNode;
async function nodeForTests() {
  if (!testNode) {
    const { setupNode24 } = await import(pathToFileURL(path.join(repoRoot, 'test/e2e/harness/setup.mjs')).href);
    testNode = setupNode24();
  }
  return testNode;
}

/** Runs node's test runner over a folder of compiled tests and adds its counts to the totals. */
async function nodeTests(tier) {
  const dir = path.join(repoRoot, 'out', 'test', tier);
  step(`${tier} tests`);
  if (!existsSync(dir)) {
    console.log(`no ${tier} tests compiled`);
    return;
  }
  const tapFile = path.join(repoRoot, 'test-results', `${tier}.tap`);
  mkdirSync(path.dirname(tapFile), { recursive: true });
  rmSync(tapFile, { force: true });
  let node;
  try {
    node = await nodeForTests();
  } catch (error) {
    console.error(`Node 24 setup failed: ${error?.message ?? error}`);
    totals.failed += 1;
    failures.push(`${tier}: Node 24 setup failed`);
    return;
  }
  const status = run(node, ['--enable-source-maps', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, `${dir}/**/*.test.js`]);
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (status !== 0 && failed === 0) {
    // The runner failed outside any test (a crash in a hook or at load): count it, never hide it.
    totals.failed += 1;
    failures.push(`${tier}: test runner exited ${status}`);
  } else if (failed > 0) {
    failures.push(`${tier}: ${failed} failed`);
  }
  console.log(`${tier}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

/** Installs Node 24 + code-server (cached). Also gives the unit tier VS Code's TextMate engine for the grammar tests. */
let e2eSetupOk;
function e2eSetup() {
  if (e2eSetupOk === undefined) {
    step('extension-host setup (Node 24 + code-server, cached in .vscode-test)');
    e2eSetupOk = run(process.execPath, [path.join(repoRoot, 'test/e2e/harness/setup.mjs')]) === 0;
  }
  return e2eSetupOk;
}

async function e2eTests() {
  step('extension-host tests (code-server + headless Chromium)');
  if (!e2eSetup()) {
    totals.failed += 1;
    failures.push('e2e: setup failed');
    return;
  }
  const { runE2E, HOST_PROFILES } = await import(pathToFileURL(path.join(repoRoot, 'test/e2e/harness/driver.mjs')).href);
  // One run per host state users really have; a profile with no tagged suite is not started.
  const suiteDir = path.join(repoRoot, 'out', 'test', 'e2e', 'suite');
  const compiledSuites = existsSync(suiteDir)
    ? readdirSync(suiteDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.js'))
      .map((f) => readFileSync(path.join(suiteDir, f), 'utf8')).join('\n')
    : '';
  const only = process.env.KINESIS_E2E_HOST_PROFILE;
  const profiles = Object.keys(HOST_PROFILES)
    .filter((p) => (only ? p === only : p === 'default' || compiledSuites.includes(`[host:${p}]`)));
  const grep = process.env.KINESIS_E2E_GREP;
  let ranAny = false;
  for (const hostProfile of profiles) {
    step(`extension-host run, host profile '${hostProfile}'`);
    const result = await runE2E({ hostProfile });
    // With a grep, a profile whose suites all miss it has nothing to run; that is a failure only if every profile missed.
    if (grep && result.noTestsMatched) {
      console.log(`[e2e] host profile '${hostProfile}': no suite matches KINESIS_E2E_GREP, not counted`);
      continue;
    }
    ranAny = true;
    totals.passed += result.passed;
    totals.failed += result.failed;
    totals.skipped += result.skipped;
    if (result.exitCode !== 0 && result.failed === 0) {
      totals.failed += 1;
      failures.push(`e2e (${hostProfile}): run exited ${result.exitCode}`);
    } else if (result.failed > 0) {
      failures.push(`e2e (${hostProfile}): ${result.failed} failed`);
    }
  }
  if (grep && !ranAny) {
    totals.failed += 1;
    failures.push(`e2e: no test in any host profile matches KINESIS_E2E_GREP=${grep}`);
  }
}

gate('build', process.execPath, ['esbuild.mjs']);
gate('type-check', 'npx', ['tsc', '--noEmit', '-p', '.']);
gate('type-check webview', 'npx', ['tsc', '--noEmit', '-p', 'src/webview']);
gate('lint', 'npx', ['eslint', 'src', 'test']);
// tsc never deletes the output of a renamed or removed test, which would otherwise still run.
rmSync(path.join(repoRoot, 'out'), { recursive: true, force: true });
gate('compile tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']);

// Before the unit tier, so the grammar tests tokenize with VS Code's own engine instead of skipping;
// once it is installed the grammar test fails rather than skips when it cannot find the engine.
if (tiers.includes('e2e') && e2eSetup()) process.env.KINESIS_TEXTMATE_EXPECTED = '1';

for (const tier of tiers) {
  if (tier === 'e2e') {
    await e2eTests();
  } else {
    await nodeTests(tier);
  }
}

console.log(`\n${failures.length ? 'FAILED: ' + failures.join('; ') : 'all tiers green'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
