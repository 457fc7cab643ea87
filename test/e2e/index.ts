/**
 * extensionTestsPath module of the tier-3 (extension host) tests.
 *
 * VS Code loads the compiled out/test/e2e/index.js inside the real extension host and calls run().
 * Resolving means exit code 0, rejecting exit code 1 (reported to the driver via codeAutomationExit).
 * As a second channel that does not depend on the browser, the runner writes mocha.log and results.json
 * into the results directory the driver passes in KINESIS_E2E_RESULTS_DIR. All writes are synchronous:
 * the extension host is torn down right after run() settles.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';
import { E2E_ENV, hostProfile, profileGrep, resultsDir } from './support/env';

export interface E2EResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  durationMs: number;
}

/** Every compiled *.test.js below `dir`, sorted, so the run order is stable. */
function findTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function errorText(err: unknown): string {
  if (err instanceof Error) return (err.stack ?? `${err.name}: ${err.message}`).split('\n').slice(0, 8).join('\n');
  return String(err);
}

export function run(): Promise<void> {
  const outDir = resultsDir();
  fs.mkdirSync(outDir, { recursive: true });
  const logFile = path.join(outDir, 'mocha.log');
  const resultsFile = path.join(outDir, 'results.json');
  fs.writeFileSync(logFile, '');
  fs.rmSync(resultsFile, { force: true });

  // Assigning console.log does nothing in the extension host (getter-only property of its console
  // forwarder); mocha's reporters print through Base.consoleLog, so tee that into the log file.
  const base = Mocha.reporters.Base;
  const originalConsoleLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    fs.appendFileSync(logFile, util.format(...args) + '\n');
    originalConsoleLog(...args);
  };

  const grep = profileGrep(hostProfile(), process.env[E2E_ENV.grep] || undefined);
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, reporter: 'spec', color: false, grep });
  const files = findTestFiles(path.join(__dirname, 'suite'));
  for (const file of files) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const failures: E2EResults['failures'] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        base.consoleLog = originalConsoleLog;
        const results: E2EResults = {
          passed: runner.stats?.passes ?? 0,
          failed,
          pending: runner.stats?.pending ?? 0,
          failures,
          durationMs: Date.now() - started,
        };
        fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
        if (failed > 0) reject(new Error(`${failed} test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files under ${path.join(__dirname, 'suite')}`));
        else resolve();
      });
    } catch (err) {
      // e.g. a test file that throws while loading
      base.consoleLog = originalConsoleLog;
      const results: E2EResults = { passed: 0, failed: 1, pending: 0, failures: [{ title: 'loading test files', error: errorText(err) }], durationMs: 0 };
      fs.appendFileSync(logFile, `failed to load the tests: ${errorText(err)}\n`);
      fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      reject(err);
      return;
    }
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: errorText(err) }));
  });
}
