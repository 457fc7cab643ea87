#!/usr/bin/env node
// `npm run bench`: speed and size goals, measured in one run and printed as a table.
// Never part of `npm test`. Each bench/*.bench.mjs exports `default async ({ repoRoot }) => rows`,
// a row being { name, value, unit, goal }. Usage: node bench/run.mjs [name | part of names]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];

function mustRun(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

const kib = (bytes) => Math.round(bytes / 102.4) / 10;

async function sizeRows() {
  mustRun('npm', ['run', 'package']);
  const size = (file) => statSync(path.join(repoRoot, file)).size;
  return [
    { name: 'extension bundle (dist/extension.js, minified)', value: kib(size('dist/extension.js')), unit: 'KiB', goal: 'small: parsed at activation' },
    { name: 'AWS bundle (dist/aws.js, loaded on first call)', value: kib(size('dist/aws.js')), unit: 'KiB', goal: 'not loaded at activation' },
    { name: 'VSIX size', value: kib(size('kinesis-studio.vsix')), unit: 'KiB', goal: '< 2048 KiB' },
  ];
}

const rows = [];
const benches = [{ name: 'sizes', run: sizeRows }];
mustRun('npx', ['tsc', '-p', 'tsconfig.test.json']);
for (const file of readdirSync(path.join(repoRoot, 'bench')).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  benches.push({ name: file.replace('.bench.mjs', ''), run: async () => (await import(pathToFileURL(path.join(repoRoot, 'bench', file)).href)).default({ repoRoot }) });
}
// An exact name runs that bench alone (`tail` must not also start `tailView`'s code-server run).
const selected = benches.some((b) => b.name === filter) ? benches.filter((b) => b.name === filter) : benches.filter((b) => !filter || b.name.includes(filter));
for (const bench of selected) {
  console.log(`\n--- ${bench.name}`);
  try {
    rows.push(...(await bench.run()).map((row) => ({ bench: bench.name, ...row })));
  } catch (error) {
    rows.push({ bench: bench.name, name: 'FAILED', value: String(error?.message ?? error), unit: '', goal: '' });
  }
}

const table = [['bench', 'measure', 'value', 'unit', 'goal'], ...rows.map((r) => [r.bench, r.name, String(r.value), r.unit ?? '', r.goal ?? ''])];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
console.log('\n' + table.map((r, i) => r.map((c, j) => c.padEnd(widths[j])).join(' | ') + (i === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('-|-') : '')).join('\n'));
mkdirSync(path.join(repoRoot, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(repoRoot, 'bench', 'results', 'latest.json'), JSON.stringify(rows, null, 2));
