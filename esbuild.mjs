// Builds the extension host bundle, the lazily loaded AWS bundle, the CLI and the webview bundle.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

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
 * The AWS SDK is ~1 MB of JavaScript. Keeping it in its own file means activation never parses it:
 * the extension bundle requires ./aws.js only when something first talks to Kinesis.
 */
const awsSdkOutOfLine = {
  name: 'aws-sdk-out-of-line',
  setup(build) {
    build.onResolve({ filter: /[\\/]awsGateway$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './aws.js', external: true } : undefined);
  },
};

const node = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'warning',
  plugins: [problemMatcher],
};

const builds = [
  {
    ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [problemMatcher, awsSdkOutOfLine],
    // Emit require() for the out-of-line bundle: the extension host loads CommonJS, not ESM.
    supported: { 'dynamic-import': false },
  },
  { ...node, entryPoints: ['src/core/kinesis/awsGateway.ts'], outfile: 'dist/aws.js' },
  {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production,
    entryPoints: ['src/webview/panel/main.ts'], outfile: 'dist/webview.js', logLevel: 'warning', plugins: [problemMatcher],
    loader: { '.css': 'text' },
  },
  {
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: production, sourcemap: !production,
    entryPoints: ['src/webview/tail/main.ts'], outfile: 'dist/tailView.js', logLevel: 'warning', plugins: [problemMatcher],
  },
];
if (existsSync('src/cli/main.ts')) {
  builds.push({ ...node, external: [], entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
