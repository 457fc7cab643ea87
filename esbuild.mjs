// Builds the extension host bundle, the lazily loaded AWS bundle, the CLI and the webview bundle.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports errors in the tsc-like format VS Code's $esbuild-watch problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => { if (watch) console.log('[watch] build started'); });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * Code that activation does not need lives in bundles of its own, loaded on first use: the AWS SDK
 * (~1 MB) when something first talks to Kinesis, the tail viewer when a tail opens, the requirement
 * files, Architect panel and `@kinesis` brain when one of them is first used. A dynamic
 * import of one of these modules becomes a require of its bundle; every kilobyte left in
 * dist/extension.js is parsed at activation.
 */
const lazyBundles = [
  { module: 'src/core/kinesis/awsGateway.ts', outfile: 'aws.js' },
  { module: 'src/features/tail/register.ts', outfile: 'tail.js' },
  { module: 'src/features/architect/register.ts', outfile: 'architect.js' },
  { module: 'src/features/lmTools/tools.ts', outfile: 'lmTools.js' },
  { module: 'src/features/doctor/doctor.ts', outfile: 'doctor.js' },
  // The CLI's MCP server (the MCP SDK, zod, the tool registry): `put`, `tail` and the rest start without it.
  { module: 'src/cli/mcp.ts', outfile: 'cli-mcp.js' },
];
const lazyBundlesOutOfLine = {
  name: 'lazy-bundles-out-of-line',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      const bundle = lazyBundles.find(({ module }) => path.resolve(module.replace(/\.ts$/, '')) === target);
      return bundle ? { path: `./${bundle.outfile}`, external: true } : undefined;
    });
  },
};

const node = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const builds = [
  {
    ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [problemMatcher, lazyBundlesOutOfLine],
    // Emit require() for the out-of-line bundles: the extension host loads CommonJS, not ESM.
    supported: { 'dynamic-import': false },
  },
  ...lazyBundles.map(({ module, outfile }) => ({
    ...node, entryPoints: [module], outfile: `dist/${outfile}`, plugins: [problemMatcher, lazyBundlesOutOfLine], supported: { 'dynamic-import': false },
  })),
  {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production,
    entryPoints: ['src/webview/panel/main.ts'], outfile: 'dist/webview.js', logLevel: 'warning', plugins: [problemMatcher],
    loader: { '.css': 'text' },
  },
  {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production,
    entryPoints: ['src/webview/tail/main.ts'], outfile: 'dist/tailView.js', logLevel: 'warning', plugins: [problemMatcher],
  },
  {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production,
    entryPoints: ['src/webview/doctor/main.ts'], outfile: 'dist/doctorView.js', logLevel: 'warning', plugins: [problemMatcher],
  },
];
if (existsSync('src/cli/main.ts')) {
  // The AWS SDK comes from dist/aws.js, shared with the extension, when a command first calls Kinesis.
  builds.push({
    ...node, external: [], entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' },
    plugins: [problemMatcher, lazyBundlesOutOfLine], supported: { 'dynamic-import': false },
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
