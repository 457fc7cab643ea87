import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { repoRoot } from '../l10n/repo';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;
const MAX_IMAGE_BYTES = 200 * 1024;
/** A VSIX is a zip: each entry costs a local header and a central-directory record (30 + 46 bytes plus its name twice). */
const ZIP_ENTRY_OVERHEAD = 76;
/** vsce adds [Content_Types].xml and extension.vsixmanifest, a few KiB; this is generous. */
const VSIX_METADATA_BYTES = 16 * 1024;

/** The bytes a file takes in the VSIX: deflated at zip's default level, as vsce writes it. */
function zippedSize(file: string): number {
  return deflateRawSync(readFileSync(path.join(root, file))).length + ZIP_ENTRY_OVERHEAD + 2 * Buffer.byteLength(file);
}
const root = repoRoot();

/** The files `vsce package` would put in the VSIX: vsce's own reading of .vscodeignore. */
function packagedFiles(): string[] {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `vsce ls failed: ${result.stderr}`);
  return result.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}

describe('README images and the VSIX size', () => {
  it('the VSIX holds at most 2 MiB of files, its l10n strings, and no docs/images', () => {
    // Measure what `npm run package` ships, the minified build, then put the development build back.
    const build = (args: string[]) => spawnSync(process.execPath, ['esbuild.mjs', ...args], { cwd: root, encoding: 'utf8' });
    let files: string[];
    let bytes: number;
    try {
      assert.equal(build(['--production']).status, 0, 'production build failed');
      files = packagedFiles();
      bytes = VSIX_METADATA_BYTES + files.reduce((sum, f) => sum + zippedSize(f), 0);
    } finally {
      assert.equal(build([]).status, 0, 'development build failed');
    }
    for (const needed of ['package.nls.json', 'l10n/bundle.l10n.json', 'media/walkthrough/connect.svg']) {
      assert.ok(files.includes(needed), `${needed} is not packaged: fix .vscodeignore`);
    }
    assert.ok(files.includes('package.json') && files.some((f) => f.startsWith('dist/')), `unexpected file list: ${files.slice(0, 10).join(', ')}`);
    assert.deepEqual(files.filter((f) => f.startsWith('docs/') || f.startsWith('test-results/')), []);
    assert.ok(bytes <= MAX_VSIX_BYTES, `the VSIX would be ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
  });

  it('every README image exists under docs/images and is at most 200 KB', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\((docs\/images\/[^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, `the README shows ${images.length} screenshots`);
    for (const image of images) assert.ok(existsSync(path.join(root, image)), `${image} is missing`);
    for (const file of readdirSync(path.join(root, 'docs', 'images'))) {
      const bytes = statSync(path.join(root, 'docs', 'images', file)).size;
      assert.ok(bytes <= MAX_IMAGE_BYTES, `docs/images/${file} is ${(bytes / 1024).toFixed(0)} KB`);
    }
  });
});
