import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getL10nJson } from '@vscode/l10n-dev';
import { readJson, repoRoot } from './repo';

/** What `npm run l10n` scans: every TypeScript file under src/ (host code and webview pages alike). */
function sourceFiles(): { contents: string; extension: string }[] {
  const src = path.join(repoRoot(), 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ contents: readFileSync(path.join(src, file), 'utf8'), extension: '.ts' }));
}

describe('l10n: the committed English bundle matches the source', () => {
  it('exporting src/ with @vscode/l10n-dev yields exactly l10n/bundle.l10n.json (run `npm run l10n` after changing a string)', async () => {
    const exported = await getL10nJson(sourceFiles());
    const committed = readJson('l10n/bundle.l10n.json');
    const missing = Object.keys(exported).filter((key) => !(key in committed));
    const stale = Object.keys(committed).filter((key) => !(key in exported));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'l10n/bundle.l10n.json is out of date: run `npm run l10n`');
    assert.deepEqual(committed, exported);
  });

  it('the bundle holds the strings of the converted features', () => {
    const committed = readJson<Record<string, unknown>>('l10n/bundle.l10n.json');
    // One string per converted file: a file that stops calling l10n.t drops out of the bundle.
    for (const key of ['Kinesis Connection', 'Choose an AWS profile, the local emulator, or a region', 'AWS SSO login', 'Start Local Kinesis', 'Cannot {0}: {1}',
      // host: local mode, stream wizards, tail; page: the records viewer
      'Starting local Kinesis…', 'Create Stream in {0}', 'Tail: {0}', 'Clear range', '{0} · {1} shown · {2} received · {3} dropped · {4} selected',
      // page: the Architect panel (main, conversation, simulator, capacity)
      'Generate architecture', 'Architect conversation', 'Partition-key simulator', 'Shards and monthly cost']) {
      assert.ok(key in committed, `"${key}" is missing from l10n/bundle.l10n.json`);
    }
  });
});
