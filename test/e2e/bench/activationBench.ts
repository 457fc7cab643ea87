/**
 * extensionTestsPath module for `npm run bench`: activates Kinesis Studio in the real extension host
 * and records how long it took. Not a test: it writes numbers, the bench prints them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';
import { resultsDir } from '../support/env';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<KinesisStudioApi>('kinesis-studio.kinesis-studio');
  if (!extension) {
    throw new Error('kinesis-studio.kinesis-studio is not installed in the bench host');
  }
  // The host's own cost first, on an extension that does nothing; it also takes any first-activation
  // warm-up of the host, so the difference below is what Kinesis Studio adds.
  const empty = vscode.extensions.getExtension('kinesis-bench.empty-extension');
  if (!empty) {
    throw new Error('kinesis-bench.empty-extension (bench/fixtures/empty-extension) is not installed in the bench host');
  }
  const emptyStarted = performance.now();
  await empty.activate();
  const emptyActivateCallMs = performance.now() - emptyStarted;
  const started = performance.now();
  const api = await extension.activate();
  const activateCallMs = performance.now() - started;
  const ownDist = path.join(extension.extensionPath, 'dist') + path.sep;
  const loadedBundles = Object.keys(require.cache).filter((file) => file.startsWith(ownDist)).map((file) => path.basename(file));
  const awsLoaded = loadedBundles.includes('aws.js');
  const lazyBundlesLoaded = loadedBundles.filter((file) => file !== 'extension.js');
  const dir = resultsDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bench-activation.json'), JSON.stringify({ activationMs: api.activationMs, activateCallMs, emptyActivateCallMs, awsLoaded, lazyBundlesLoaded }));
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ passed: 1, failed: 0, pending: 0, failures: [], durationMs: activateCallMs }));
}
