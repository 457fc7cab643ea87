#!/usr/bin/env node
// Tier-3 driver: runs the extension's mocha suites inside a REAL VS Code extension host
// (code-server 4.139.1 = VS Code 1.139.1), with the workbench opened headless in Debian Chromium
// through playwright-core. Fully offline.
//
//   1. starts code-server on 127.0.0.1:<free port> in its own process group, with isolated dirs in WORK,
//   2. opens the workbench with a `payload` (extensionDevelopmentPath = repo, extensionTestsPath =
//      out/test/e2e/index.js) and a fresh copy of test/e2e/fixtures/workspace as the folder,
//   3. serves the action channel (tests ask for screenshots, clicks, ... via files, see
//      test/e2e/support/driver.ts), streams the mocha output, and
//   4. decides pass/fail from the workbench exit code AND results.json written by the in-host runner.
//
// CLI:  node test/e2e/harness/driver.mjs           (exit 0 = all passed; last line `E2E: N passed, N failed, N skipped`)
// API:  import { runE2E } from './driver.mjs'; const { passed, failed, skipped, exitCode } = await runE2E({ ... });
//
// Environment (CLI and API defaults):
//   KINESIS_E2E_ENV_JSON       extra env vars for code-server / the extension host, JSON object
//   KINESIS_E2E_SETTINGS_JSON  extra VS Code user settings, JSON object
//   KINESIS_E2E_GREP           mocha grep
//   KINESIS_E2E_FORCE_FAIL=1   negative control: the smoke suite's control test fails
//   KINESIS_E2E_WORK_DIR       scratch dir (default <repo>/.e2e/work; keep it short: unix sockets < 108 chars)
//   KINESIS_E2E_TIMEOUT_S      hard timeout of the whole run (default 900)
//   KINESIS_E2E_INSTALL_VSIX   a .vsix to install into the (fresh) extensions dir before the run
//   KINESIS_E2E_EXTRA_EXTENSIONS  more unpacked extension folders to install into the fresh extensions dir
//                              (path-delimiter separated); test/e2e/fixtures/test-lm (the scripted test language
//                              model) is always added when present
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import console from 'node:console';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_BIN, CODE_SERVER_ENTRY, NODE24_BIN, REPO_ROOT } from './paths.mjs';
import { setupE2E } from './setup.mjs';

/** Names of the variables the in-host runner and tests read (test/e2e/support/env.ts). */
const ENV = {
  resultsDir: 'KINESIS_E2E_RESULTS_DIR',
  screenshotsDir: 'KINESIS_E2E_SCREENSHOTS_DIR',
  grep: 'KINESIS_E2E_GREP',
  forceFail: 'KINESIS_E2E_FORCE_FAIL',
  hostProfile: 'KINESIS_E2E_HOST_PROFILE',
};

/** Exit codes of the CLI (and `exitCode` of runE2E); interrupted runs give 128 + signal number (SIGINT 130, SIGTERM 143). */
export const EXIT = { passed: 0, testsFailed: 1, timeout: 2, serverDied: 3, harnessError: 4 };

/** User settings: a quiet, offline workbench. Overridable per run. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'security.workspace.trust.enabled': false,
};

function parseJsonObject(text, what) {
  if (!text) return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e.message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Width, height and mean luminance (0-255) of an 8-bit RGB(A), non-interlaced PNG (what Playwright writes). */
function pngStats(buf) {
  try {
    let offset = 8;
    let width = 0, height = 0, colorType = 0;
    const idat = [];
    while (offset < buf.length) {
      const len = buf.readUInt32BE(offset);
      const type = buf.toString('ascii', offset + 4, offset + 8);
      const data = buf.subarray(offset + 8, offset + 8 + len);
      if (type === 'IHDR') {
        width = data.readUInt32BE(0);
        height = data.readUInt32BE(4);
        colorType = data[9];
        if (data[8] !== 8 || data[12] !== 0) return { width, height };
      } else if (type === 'IDAT') idat.push(data);
      else if (type === 'IEND') break;
      offset += 12 + len;
    }
    const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
    if (!bpp) return { width, height };
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = width * bpp;
    let prev = Buffer.alloc(stride);
    let sum = 0;
    for (let y = 0; y < height; y++) {
      const start = y * (stride + 1);
      const filter = raw[start];
      const line = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? line[x - bpp] : 0, b = prev[x], c = x >= bpp ? prev[x - bpp] : 0;
        let p = 0;
        if (filter === 1) p = a;
        else if (filter === 2) p = b;
        else if (filter === 3) p = (a + b) >> 1;
        else if (filter === 4) {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        line[x] = (line[x] + p) & 255;
      }
      for (let x = 0; x < stride; x += bpp) sum += 0.2126 * line[x] + 0.7152 * line[x + 1] + 0.0722 * line[x + 2];
      prev = line;
    }
    return { width, height, meanLuma: Math.round((sum / (width * height)) * 10) / 10 };
  } catch {
    return {};
  }
}

function frameDescription(frame) {
  const url = frame.url().replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  return `${frame.name() || '-'}@${url}${frame.parentFrame() ? '' : ' (main)'}`;
}

/** Resolves where an action's selector is looked up: page, a frameLocator chain, or any frame ('auto'). */
async function locate(page, req) {
  if (typeof req.selector !== 'string' || !req.selector) throw new Error(`action ${req.action} needs a selector`);
  if (Array.isArray(req.frames) && req.frames.length) {
    let frameLocator = page.frameLocator(req.frames[0]);
    for (const selector of req.frames.slice(1)) frameLocator = frameLocator.frameLocator(selector);
    return { locator: frameLocator.locator(req.selector), where: `frames(${req.frames.join(' > ')})` };
  }
  if (req.frame === 'auto') {
    const deadline = Date.now() + (req.timeout ?? 10_000);
    for (;;) {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        try {
          if (await frame.locator(req.selector).count()) {
            return { locator: frame.locator(req.selector), where: `frame ${frameDescription(frame)}` };
          }
        } catch {
          // frame detached while we looked: try the others
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`no frame has ${req.selector}; frames: ${page.frames().map(frameDescription).join(' ; ')}`);
      }
      await sleep(200);
    }
  }
  return { locator: page.locator(req.selector), where: 'page' };
}

/** Performs one action-channel request on the page; the returned fields are merged into the answer. */
async function performAction(page, req, { screenshotsDir, id }) {
  const timeout = req.timeout ?? 10_000;
  const on = async (fn) => {
    const { locator, where } = await locate(page, req);
    return { where, ...(await fn(locator.first(), locator)) };
  };
  switch (req.action) {
    case 'screenshot': {
      const file = path.resolve(screenshotsDir, req.path || `screenshot-${id}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const buf = await page.screenshot({ path: file, fullPage: !!req.fullPage });
      return { path: file, bytes: buf.length, sha1: crypto.createHash('sha1').update(buf).digest('hex'), ...pngStats(buf) };
    }
    case 'click': return on(async (l) => void (await l.click({ timeout })));
    case 'hover': return on(async (l) => void (await l.hover({ timeout })));
    case 'fill': return on(async (l) => void (await l.fill(String(req.value ?? ''), { timeout })));
    case 'press': return on(async (l) => void (await l.press(String(req.key), { timeout })));
    case 'waitFor': return on(async (l) => void (await l.waitFor({ state: req.state || 'visible', timeout })));
    case 'text': return on(async (l) => ({ text: await l.innerText({ timeout }) }));
    case 'value': return on(async (l) => ({ value: await l.inputValue({ timeout }) }));
    case 'count': return on(async (_first, all) => ({ count: await all.count() }));
    case 'html': return on(async (l) => {
      const max = req.max ?? 6000;
      const html = await l.evaluate((el) => el.outerHTML, undefined, { timeout });
      return { html: html.length > max ? `${html.slice(0, max)}…` : html };
    });
    case 'type': await page.keyboard.type(String(req.text ?? ''), { delay: req.delay ?? 0 }); return {};
    case 'keyboard': await page.keyboard.press(String(req.key)); return {};
    case 'evaluate': return { value: await page.evaluate(String(req.expression)) };
    case 'frames': return { frames: page.frames().map(frameDescription) };
    default: throw new Error(`unknown action '${req.action}'`);
  }
}

/**
 * Host states users really have, each its own run of code-server. A suite opts into a non-default
 * profile by putting `[host:<name>]` in its title; the default run skips every tagged suite.
 */
export const HOST_PROFILES = {
  default: { testModel: true },
  'no-model': { testModel: false },
};

/**
 * Runs the e2e suites once.
 * @param {object} [options]
 * @param {string} [options.workDir]       scratch dir, default $KINESIS_E2E_WORK_DIR or <repo>/.e2e/work
 * @param {string} [options.extensionDevelopmentPath]  default: the repo root
 * @param {string} [options.extensionTestsPath]        default: <repo>/out/test/e2e/index.js
 * @param {string} [options.workspaceFixture]          copied fresh into WORK/workspace and opened; default test/e2e/fixtures/workspace
 * @param {string} [options.screenshotsDir]            default <repo>/test-results/screenshots
 * @param {Record<string,string>} [options.env]        extra env for code-server (merged over $KINESIS_E2E_ENV_JSON)
 * @param {Record<string,unknown>} [options.settings]  extra user settings (merged over $KINESIS_E2E_SETTINGS_JSON)
 * @param {string} [options.grep]                      mocha grep (default $KINESIS_E2E_GREP)
 * @param {boolean} [options.forceFail]                negative control (default $KINESIS_E2E_FORCE_FAIL === '1')
 * @param {string} [options.installVsix]               .vsix installed into the fresh extensions dir first
 * @param {string[]} [options.extraExtensions]         unpacked extension folders installed into the fresh extensions dir
 *                                                     (default $KINESIS_E2E_EXTRA_EXTENSIONS, plus test/e2e/fixtures/test-lm when present)
 * @param {number} [options.timeoutSeconds]            hard timeout, default $KINESIS_E2E_TIMEOUT_S or 900
 * @param {string} [options.hostProfile]               host state of this run (see HOST_PROFILES): 'default' runs every
 *                                                     suite without a [host:…] tag, with the test model; 'no-model'
 *                                                     runs only suites tagged [host:no-model], with no language model
 * @param {boolean} [options.setup]                    run the (idempotent, cached) setup first; default true
 * @param {(line: string) => void} [options.log]       progress lines; default console.log
 * @param {{ write(s: string): unknown }} [options.output]  mocha spec output; default process.stdout
 * @returns {Promise<{ passed: number, failed: number, skipped: number, exitCode: number, reason: string, workDir: string }>}
 */
export async function runE2E(options = {}) {
  const t0 = Date.now();
  const log = options.log ?? ((line) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`));
  const output = options.output ?? process.stdout;
  const env = process.env;

  const work = path.resolve(options.workDir ?? env.KINESIS_E2E_WORK_DIR ?? path.join(REPO_ROOT, '.e2e', 'work'));
  const extensionDevelopmentPath = path.resolve(options.extensionDevelopmentPath ?? REPO_ROOT);
  const extensionTestsPath = path.resolve(options.extensionTestsPath ?? path.join(REPO_ROOT, 'out', 'test', 'e2e', 'index.js'));
  const workspaceFixture = path.resolve(options.workspaceFixture ?? path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace'));
  const screenshotsDir = path.resolve(options.screenshotsDir ?? path.join(REPO_ROOT, 'test-results', 'screenshots'));
  const timeoutSeconds = Number(options.timeoutSeconds ?? env.KINESIS_E2E_TIMEOUT_S ?? 900);
  const grep = options.grep ?? env.KINESIS_E2E_GREP ?? '';
  const forceFail = options.forceFail ?? env[ENV.forceFail] === '1';
  const installVsix = options.installVsix ?? env.KINESIS_E2E_INSTALL_VSIX ?? '';
  const hostProfile = options.hostProfile ?? env[ENV.hostProfile] ?? 'default';
  if (!HOST_PROFILES[hostProfile]) throw new Error(`unknown host profile '${hostProfile}' (known: ${Object.keys(HOST_PROFILES).join(', ')})`);
  // The test-only language model (test/e2e/fixtures/test-lm) is installed for the run only, never in the VSIX.
  // (The web workbench keeps one extensionDevelopmentPath: repeating the payload key loads only the last.)
  const testLm = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'test-lm');
  const extraExtensions = [...new Set([
    ...(options.extraExtensions ?? (env.KINESIS_E2E_EXTRA_EXTENSIONS ?? '').split(path.delimiter).filter(Boolean)),
    ...(HOST_PROFILES[hostProfile].testModel && fs.existsSync(path.join(testLm, 'package.json')) ? [testLm] : []),
  ].map((p) => path.resolve(p)))];
  const dirs = {
    results: path.join(work, 'results'),
    userData: path.join(work, 'user-data'),
    extensions: path.join(work, 'extensions'),
    xdgConfig: path.join(work, 'xdg-config'),
    xdgData: path.join(work, 'xdg-data'),
    tmp: path.join(work, 'tmp'),
    workspace: path.join(work, 'workspace'),
  };
  const actionsDir = path.join(dirs.results, 'actions');
  const resultsFile = path.join(dirs.results, 'results.json');
  const mochaLog = path.join(dirs.results, 'mocha.log');

  // never report a previous run's results
  fs.rmSync(resultsFile, { force: true });
  fs.rmSync(mochaLog, { force: true });

  let server;
  let browser;
  let serverExited = false;
  let stopping = false;
  const killServer = (signal) => {
    if (server && !serverExited) {
      try {
        process.kill(-server.pid, signal); // its own process group: code-server and everything it started
      } catch {
        // already gone
      }
    }
  };
  // Never leave code-server behind: kill its process group on exit and on termination signals. If no one
  // else handles the signal (Playwright does, once the browser runs), re-raise it for the default behaviour.
  const killOnExit = () => killServer('SIGKILL');
  let interruptedBy;
  const onSignal = (signal) => {
    interruptedBy ??= signal;
    killServer('SIGKILL');
    if (process.listenerCount(signal) === 1) {
      removeSignalHandlers();
      process.kill(process.pid, signal);
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const removeSignalHandlers = () => signals.forEach((signal) => process.off(signal, onSignal));
  process.on('exit', killOnExit);
  signals.forEach((signal) => process.on(signal, onSignal));

  let outcome;
  let mochaLogOffset = 0;
  const pumpMochaLog = () => {
    try {
      const buf = fs.readFileSync(mochaLog);
      if (buf.length > mochaLogOffset) {
        output.write(buf.subarray(mochaLogOffset).toString('utf8'));
        mochaLogOffset = buf.length;
      }
    } catch {
      // not written yet
    }
  };

  try {
    outcome = await runSession();
  } catch (e) {
    outcome = { exitCode: EXIT.harnessError, reason: `driver error: ${e?.stack ?? e}` };
  } finally {
    stopping = true;
    if (browser) await browser.close().catch(() => {});
    if (server && !serverExited) {
      killServer('SIGTERM');
      const exited = new Promise((resolve) => server.once('exit', resolve));
      if (await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]) === false) {
        killServer('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }
    }
    process.off('exit', killOnExit);
    removeSignalHandlers();
  }
  if (interruptedBy) outcome = { exitCode: 128 + (os.constants.signals[interruptedBy] ?? 2), reason: `interrupted by ${interruptedBy}` };
  return verdict(outcome);

  /** Starts code-server and the browser, runs the tests; resolves to { exitCode, reason }. */
  async function runSession() {
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`bad timeout '${timeoutSeconds}'`);
    const extraEnv = { ...parseJsonObject(env.KINESIS_E2E_ENV_JSON, 'KINESIS_E2E_ENV_JSON'), ...(options.env ?? {}) };
    const extraSettings = { ...parseJsonObject(env.KINESIS_E2E_SETTINGS_JSON, 'KINESIS_E2E_SETTINGS_JSON'), ...(options.settings ?? {}) };
    if (options.setup ?? true) setupE2E({ log: (line) => log(`setup: ${line}`) });
    for (const [file, hint] of [[NODE24_BIN, 'run node test/e2e/harness/setup.mjs'], [CODE_SERVER_ENTRY, 'run node test/e2e/harness/setup.mjs'],
      [CHROMIUM_BIN, 'apt-get install chromium'], [extensionTestsPath, 'compile the tests: npx tsc -p tsconfig.test.json'],
      [workspaceFixture, 'the fixture workspace is missing']]) {
      if (!fs.existsSync(file)) throw new Error(`${file} not found (${hint})`);
    }
    if (path.join(dirs.tmp, 'vscode-git-0123456789.sock').length + 40 > 107) {
      log(`warning: work dir ${work} is long; unix socket paths must stay < 108 chars (set KINESIS_E2E_WORK_DIR)`);
    }

    // ---- fresh, isolated state for this run
    for (const dir of Object.values(dirs)) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
    }
    fs.mkdirSync(actionsDir, { recursive: true });
    fs.mkdirSync(screenshotsDir, { recursive: true });
    fs.cpSync(workspaceFixture, dirs.workspace, { recursive: true });
    for (const dir of extraExtensions) {
      // An unpacked extension copied into the extensions dir is picked up when the default profile is initialised.
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      fs.cpSync(dir, path.join(dirs.extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
      log(`installed ${manifest.publisher}.${manifest.name} from ${path.relative(REPO_ROOT, dir) || dir}`);
    }
    fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'),
      JSON.stringify({ ...BASE_SETTINGS, ...extraSettings }, null, 2));

    const serverEnv = {
      ...env,
      ...extraEnv,
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      // VS Code puts IPC/git sockets and tsserver dirs in os.tmpdir(): keep them in WORK (short paths!)
      TMPDIR: dirs.tmp,
      // no extension gallery (unreachable here): no update or recommendation queries
      EXTENSIONS_GALLERY: extraEnv.EXTENSIONS_GALLERY ?? '{}',
      [ENV.resultsDir]: dirs.results,
      [ENV.screenshotsDir]: screenshotsDir,
      [ENV.grep]: grep,
      [ENV.forceFail]: forceFail ? '1' : '',
      [ENV.hostProfile]: hostProfile,
    };
    const commonArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
      '--config', path.join(work, 'code-server.yaml')];

    if (installVsix) {
      log(`installing ${installVsix}`);
      const r = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--install-extension', path.resolve(installVsix), ...commonArgs],
        { encoding: 'utf8', env: serverEnv });
      if (r.status !== 0) throw new Error(`--install-extension failed (${r.status}): ${(r.stdout + r.stderr).trim()}`);
    }

    // ---- code-server, in its own process group so that exactly it and its children can be ended
    const port = await freePort();
    const authority = `127.0.0.1:${port}`;
    const base = `http://${authority}`;
    const serverLog = fs.openSync(path.join(work, 'code-server.log'), 'w');
    server = spawn(NODE24_BIN, [CODE_SERVER_ENTRY,
      '--auth', 'none', '--bind-addr', authority,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
      // REQUIRED: the built web workbench ignores the URL `payload` (extensionDevelopmentPath,
      // extensionTestsPath) unless the server sets developmentOptions.enableSmokeTestDriver.
      '--vscode-option', 'enable-smoke-test-driver',
      ...commonArgs,
    ], { detached: true, stdio: ['ignore', serverLog, serverLog], env: serverEnv });
    fs.closeSync(serverLog);
    fs.writeFileSync(path.join(work, 'code-server.pid'), String(server.pid));
    const serverExit = new Promise((resolve) => server.once('exit', (code, signal) => {
      serverExited = true;
      resolve(code ?? signal);
    }));

    const deadline = t0 + timeoutSeconds * 1000;
    const timedOut = new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      timer.unref();
    });
    const guard = (promise) => Promise.race([
      promise.then((value) => ({ value })),
      serverExit.then((code) => ({ stop: { exitCode: EXIT.serverDied, reason: `code-server exited early (${code}), see ${work}/code-server.log` } })),
      timedOut.then(() => ({ stop: { exitCode: EXIT.timeout, reason: `timeout after ${timeoutSeconds}s` } })),
    ]);

    const healthy = (async () => {
      while (!serverExited && (await httpStatus(`${base}/healthz`)) !== 200) await sleep(200);
    })();
    let step = await guard(healthy);
    if (step.stop) return step.stop;
    log(`code-server up on ${base} (pid ${server.pid})`);

    // ---- headless Chromium with the workbench
    browser = await chromium.launch({
      executablePath: CHROMIUM_BIN,
      headless: true,
      env: { ...env, XDG_CONFIG_HOME: dirs.xdgConfig }, // else crashpad writes ~/.config/chromium
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const page = await context.newPage();
    const consoleLog = fs.createWriteStream(path.join(work, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

    let reportExit;
    const workbenchExit = new Promise((resolve) => { reportExit = resolve; });
    // The web workbench calls window.codeAutomationExit(code, logs) when the extension-host test run ends.
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      try {
        fs.writeFileSync(path.join(work, 'workbench-logs.json'), JSON.stringify(logs ?? null, null, 1));
      } catch {
        // best effort
      }
      reportExit(Number(code));
    });

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const url = `${base}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    log(`opening the workbench (tests: ${path.relative(REPO_ROOT, extensionTestsPath)}${grep ? `, grep '${grep}'` : ''})`);
    // A loaded machine (parallel runs) can need more than Playwright's default 30 s to load the workbench.
    await page.goto(url, { timeout: 120_000 });

    // ---- action channel: serve requests until the run ends; stream mocha's output meanwhile
    const handled = new Set();
    const serveActions = (async () => {
      while (!stopping) {
        pumpMochaLog();
        const pending = fs.readdirSync(actionsDir).filter((f) => /^[\w-]+\.json$/.test(f) && !f.endsWith('.result.json') && !handled.has(f)).sort();
        for (const file of pending) {
          handled.add(file);
          const id = file.slice(0, -'.json'.length);
          const started = Date.now();
          let req;
          let answer;
          try {
            req = JSON.parse(fs.readFileSync(path.join(actionsDir, file), 'utf8'));
            answer = { ok: true, ...(await performAction(page, req, { screenshotsDir, id })) };
          } catch (e) {
            answer = { ok: false, error: String(e?.message ?? e).split('\n').slice(0, 6).join(' | ') };
          }
          answer.ms = Date.now() - started;
          const subject = req?.selector ?? req?.path ?? req?.key ?? '';
          log(`action ${req?.action ?? '?'} ${subject} -> ${answer.ok ? 'ok' : `FAILED: ${answer.error}`} (${answer.ms} ms)`);
          const tmp = path.join(actionsDir, `${id}.result.tmp`);
          fs.writeFileSync(tmp, JSON.stringify(answer));
          fs.renameSync(tmp, path.join(actionsDir, `${id}.result.json`));
        }
        await sleep(50);
      }
    })();

    step = await guard(workbenchExit);
    stopping = true;
    await serveActions.catch(() => {});
    pumpMochaLog();
    if (step.stop) {
      if (step.stop.exitCode === EXIT.timeout) {
        try {
          await page.screenshot({ path: path.join(screenshotsDir, 'e2e-timeout.png'), timeout: 5000 });
          log(`screenshot at timeout: ${path.join(screenshotsDir, 'e2e-timeout.png')}`);
        } catch {
          // best effort
        }
      }
      return step.stop;
    }
    const code = step.value;
    log(`workbench reported test exit code ${code}`);
    return { exitCode: code === 0 ? EXIT.passed : EXIT.testsFailed, reason: `workbench exit code ${code}` };
  }

  /** Pass only if the workbench exit code was 0 AND results.json says failed === 0 AND passed > 0. */
  function verdict(outcome) {
    pumpMochaLog();
    let results;
    try {
      results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    } catch {
      results = undefined;
    }
    let { exitCode, reason } = outcome;
    const passed = results?.passed ?? 0;
    let failed = results?.failed ?? 0;
    const noTestsMatched = exitCode === EXIT.passed && results !== undefined && passed === 0 && failed === 0;
    const skipped = results?.pending ?? 0;
    if (exitCode === EXIT.passed) {
      if (!results) [exitCode, reason] = [EXIT.testsFailed, `no ${resultsFile} written by the in-host runner`];
      else if (failed > 0) [exitCode, reason] = [EXIT.testsFailed, `${failed} failed although the workbench reported 0`];
      else if (passed === 0) [exitCode, reason] = [EXIT.testsFailed, 'no test passed (none found, or all skipped or filtered out)'];
    }
    if (exitCode !== EXIT.passed) {
      log(`FAILED: ${reason} (logs in ${work})`);
      for (const f of results?.failures ?? []) log(`  ✗ ${f.title}: ${String(f.error).split('\n')[0]}`);
      if (exitCode === EXIT.serverDied || exitCode === EXIT.harnessError) {
        try {
          const tail = fs.readFileSync(path.join(work, 'code-server.log'), 'utf8').trimEnd().split('\n').slice(-15);
          log(`last lines of code-server.log:\n${tail.join('\n')}`);
        } catch {
          // no server log (failed before starting it)
        }
      }
      if (failed === 0) failed = 1; // a harness failure counts as one failed test in the summary
    }
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    output.write(`E2E: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    return { passed, failed, skipped, exitCode, reason, noTestsMatched, workDir: work };
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runE2E().then(
    (r) => process.exit(r.exitCode),
    (e) => {
      console.error(e);
      process.exit(EXIT.harnessError);
    },
  );
}
