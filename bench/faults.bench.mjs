// Put from file through the fault proxy (connection resets before and after forwarding, HTTP 500s,
// per-entry throttles) at 100,000 records: test/integration/putFromFile.test.ts's first test run with
// PUT_FROM_FILE_RECORDS=100000 (npm test runs it at 20,000). The test itself asserts that no record
// is lost; here its summary line becomes rows: lost (0), duplicates (counted, never loss) and faults.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const RECORDS = 100_000;

export default async function ({ repoRoot }) {
  const run = spawnSync(process.execPath, ['--test', '--test-name-pattern=stores every record', path.join(repoRoot, 'out/test/integration/putFromFile.test.js')], {
    cwd: repoRoot, env: { ...process.env, PUT_FROM_FILE_RECORDS: String(RECORDS) }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) throw new Error(`the fault-proxy test failed (exit ${run.status}): ${output.split('\n').filter((l) => /not ok|error|Error/.test(l)).slice(0, 5).join(' | ')}`);
  const summary = /put from file: (\d+) records, (\d+) stored, (\d+) duplicates; (\d+) answered requests, (\d+) entry retries; faults: (\d+) resets before forwarding, (\d+) after, (\d+) HTTP 500s, (\d+) throttled entries; (\d+) ms/.exec(output);
  if (!summary) throw new Error('no summary line in the test output');
  const [, records, stored, duplicates, requests, retries, resetsBefore, resetsAfter, http500s, throttled, ms] = summary.slice(0).map(Number);
  console.log(summary[0]);
  return [
    { name: `fault proxy: ${records.toLocaleString('en-US')} records put from file`, value: (records / (ms / 1000)).toFixed(0), unit: 'records/s', goal: '' },
    { name: 'fault proxy: records lost (the test asserts every one is stored)', value: 0, unit: '', goal: '0' },
    { name: 'fault proxy: duplicates (stored twice after a fault hid the first answer)', value: duplicates, unit: '', goal: 'counted' },
    { name: 'fault proxy: records stored in all', value: stored, unit: '', goal: '' },
    { name: 'fault proxy: requests answered / entry retries', value: `${requests} / ${retries}`, unit: '', goal: '' },
    { name: 'fault proxy: faults (resets before / after forwarding, HTTP 500s, throttled entries)', value: `${resetsBefore} / ${resetsAfter} / ${http500s} / ${throttled}`, unit: '', goal: '' },
  ];
}
