// Activation time of Kinesis Studio, measured inside the real extension host (code-server).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export default async function ({ repoRoot }) {
  const { runE2E } = await import(pathToFileURL(path.join(repoRoot, 'test/e2e/harness/driver.mjs')).href);
  const result = await runE2E({
    extensionTestsPath: path.join(repoRoot, 'out/test/e2e/bench/activationBench.js'),
    workDir: path.join(repoRoot, '.e2e', 'bench'),
    // No kinesis_requirement.md here, so the extension is not activated before the bench calls activate().
    workspaceFixture: path.join(repoRoot, 'bench', 'fixtures', 'empty-workspace'),
  });
  if (result.exitCode !== 0) {
    throw new Error(`the activation run failed: ${result.reason}`);
  }
  const measured = JSON.parse(readFileSync(path.join(result.workDir, 'results', 'bench-activation.json'), 'utf8'));
  return [
    { name: 'activate() body, in the extension host', value: measured.activationMs.toFixed(1), unit: 'ms', goal: '≤ 50 ms' },
    { name: 'extension.activate() as seen by a caller (includes loading dist/extension.js)', value: measured.activateCallMs.toFixed(1), unit: 'ms', goal: '≤ 50 ms' },
    { name: 'AWS SDK loaded during activation', value: String(measured.awsLoaded), unit: '', goal: 'false' },
  ];
}
