// Activation time of Kinesis Studio, measured inside the real extension host (code-server).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = 5;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export default async function ({ repoRoot }) {
  // Users run the minified bundles: measure those, whatever the last `npm test` built.
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  const { runE2E } = await import(pathToFileURL(path.join(repoRoot, 'test/e2e/harness/driver.mjs')).href);
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh host each time: activation happens once per host.
    const result = await runE2E({
      extensionTestsPath: path.join(repoRoot, 'out/test/e2e/bench/activationBench.js'),
      workDir: path.join(repoRoot, '.e2e', 'bench'),
      // No kinesis_requirement.md here, so the extension is not activated before the bench calls activate().
      workspaceFixture: path.join(repoRoot, 'bench', 'fixtures', 'empty-workspace'),
      // The baseline: an extension that does nothing, activated in the same host.
      extraExtensions: [path.join(repoRoot, 'bench', 'fixtures', 'empty-extension')],
    });
    if (result.exitCode !== 0) {
      throw new Error(`activation run ${run + 1} failed: ${result.reason}`);
    }
    runs.push(JSON.parse(readFileSync(path.join(result.workDir, 'results', 'bench-activation.json'), 'utf8')));
  }
  const lazyLoaded = [...new Set(runs.flatMap((r) => r.lazyBundlesLoaded ?? []))];
  return [
    { name: `activate() body, in the extension host (median of ${RUNS})`, value: median(runs.map((r) => r.activationMs)).toFixed(1), unit: 'ms', goal: '≤ 50 ms' },
    { name: `extension.activate() as seen by a caller, incl. loading dist/extension.js (median of ${RUNS}; runs: ${runs.map((r) => r.activateCallMs.toFixed(0)).join(', ')})`, value: median(runs.map((r) => r.activateCallMs)).toFixed(1), unit: 'ms', goal: '≤ 60 ms' },
    { name: `an empty extension's activate() as seen by a caller, same hosts (median; runs: ${runs.map((r) => r.emptyActivateCallMs.toFixed(0)).join(', ')})`, value: median(runs.map((r) => r.emptyActivateCallMs)).toFixed(1), unit: 'ms', goal: 'baseline: the host\'s own cost' },
    { name: 'caller-observed activation minus the empty extension\'s, per run (median)', value: median(runs.map((r) => r.activateCallMs - r.emptyActivateCallMs)).toFixed(1), unit: 'ms', goal: 'what Kinesis Studio adds' },
    { name: 'AWS SDK loaded during activation', value: String(runs.some((r) => r.awsLoaded)), unit: '', goal: 'false' },
    { name: 'lazy bundles loaded during activation', value: lazyLoaded.join(' ') || 'none', unit: '', goal: 'none' },
  ];
}
