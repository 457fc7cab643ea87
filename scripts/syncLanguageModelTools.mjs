// Writes package.json's contributes.languageModelTools (and their package.nls.json strings) from the one tool registry (src/core/tools).
// A unit test (test/unit/tools/registry.test.ts) fails when they differ; run this to fix it.
// Usage: node scripts/syncLanguageModelTools.mjs
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const built = await esbuild.build({ entryPoints: ['src/core/tools/registry.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
const module = { exports: {} };
new Function('module', 'exports', 'require', built.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
manifest.contributes.languageModelTools = module.exports.languageModelToolContributions();
writeFileSync('package.json', JSON.stringify(manifest, null, 2) + '\n');
// The tools' display strings live in package.nls.json like every other manifest string.
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
for (const key of Object.keys(nls)) if (key.startsWith('lmTool.')) delete nls[key];
Object.assign(nls, module.exports.languageModelToolNlsEntries());
writeFileSync('package.nls.json', JSON.stringify(nls, null, 2) + '\n');
console.log(`package.json: ${manifest.contributes.languageModelTools.length} language-model tools`);
