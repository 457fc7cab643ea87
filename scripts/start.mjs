#!/usr/bin/env node
// `npm start`: a working Kinesis Studio in a real VS Code in the browser, against a local Kinesis.
// Installs what is missing, builds and packages the extension, starts kinesis-local with demo
// streams, installs the VSIX into code-server and serves it on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const workDir = path.join(repoRoot, '.e2e', 'start');
const say = (message) => console.log(`[start] ${message}`);

function mustRun(command, args, title) {
  say(title);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] ${title} failed (exit ${result.status}).`);
    process.exit(1);
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function choosePort(preferred) {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (!existsSync(path.join(repoRoot, 'node_modules', '.package-lock.json'))) {
  mustRun('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm dependencies');
}
mustRun(process.execPath, ['test/e2e/harness/setup.mjs'], 'installing code-server, Node 24 and Chromium (cached after the first run)');
mustRun('npm', ['run', 'package'], 'building and packaging the extension');
mustRun('npx', ['tsc', '-p', 'tsconfig.test.json'], 'compiling the emulator launcher');

const { NODE24_BIN, CODE_SERVER_ENTRY } = await import('../test/e2e/harness/paths.mjs');
const { startEmulator } = require(path.join(repoRoot, 'out/src/core/local/localEmulator.js'));
const { createAwsGateway } = require(path.join(repoRoot, 'out/src/core/kinesis/awsGateway.js'));
const quietLogger = { trace() {}, debug() {}, info() {}, warn: (m) => say(m), error: (m) => say(String(m)) };

const region = 'us-east-1';
say('starting kinesis-local');
const emulator = await startEmulator({ packageDir: path.join(repoRoot, 'node_modules', 'kinesis-local'), nodePath: process.execPath, region, logger: quietLogger });
const gateway = createAwsGateway({ logger: quietLogger });
const target = { region, endpoint: emulator.endpoint, localEmulator: true };
const demoStreams = [
  { name: 'clickstream-events', mode: 'PROVISIONED', shardCount: 2, tags: { team: 'web', env: 'demo' } },
  { name: 'iot-sensor-readings', mode: 'PROVISIONED', shardCount: 4, tags: { team: 'iot' } },
  { name: 'order-events', mode: 'ON_DEMAND' },
];
for (const stream of demoStreams) {
  await gateway.createStream(target, stream);
}
await gateway.putRecords(target, 'clickstream-events', Array.from({ length: 20 }, (_, i) => ({
  partitionKey: `user-${i % 7}`, data: Buffer.from(JSON.stringify({ page: `/products/${i}`, userId: `user-${i % 7}` })) })));
gateway.dispose();
say(`kinesis-local on ${emulator.endpoint} with streams: ${demoStreams.map((s) => s.name).join(', ')}`);

for (const dir of ['user-data/User', 'extensions', 'xdg-config', 'xdg-data', 'tmp', 'workspace']) {
  mkdirSync(path.join(workDir, dir), { recursive: true });
}
writeFileSync(path.join(workDir, 'user-data/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'git.openRepositoryInParentFolders': 'never',
  'kinesis.region': region,
}, null, 2));
const emptyAwsConfig = path.join(workDir, 'aws-config');
writeFileSync(emptyAwsConfig, '# npm start talks only to the local emulator\n');
const codeServerEnv = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(workDir, 'xdg-config'),
  XDG_DATA_HOME: path.join(workDir, 'xdg-data'),
  TMPDIR: path.join(workDir, 'tmp'),
  EXTENSIONS_GALLERY: '{}',
  // The extension resolves these exactly as it would a real setup: endpoint from the environment,
  // credentials from the default chain (environment variables here).
  AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: region,
  AWS_CONFIG_FILE: emptyAwsConfig,
  AWS_SHARED_CREDENTIALS_FILE: emptyAwsConfig,
};
const common = ['--user-data-dir', path.join(workDir, 'user-data'), '--extensions-dir', path.join(workDir, 'extensions'),
  '--config', path.join(workDir, 'code-server.yaml')];
const vsix = path.join(repoRoot, 'kinesis-studio.vsix');
say('installing the VSIX into code-server');
const install = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--install-extension', vsix, '--force', ...common], { env: codeServerEnv, encoding: 'utf8' });
if (install.status !== 0) {
  console.error(install.stdout, install.stderr);
  process.exit(1);
}
say(`installed: ${readdirSync(path.join(workDir, 'extensions')).filter((d) => d.startsWith('kinesis-studio')).join(', ')}`);

const port = await choosePort(Number(process.env.PORT || 8080));
const server = spawn(NODE24_BIN, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...common,
  path.join(workDir, 'workspace')], { env: codeServerEnv, stdio: ['ignore', 'ignore', 'inherit'], detached: true });

async function shutdown() {
  say('stopping');
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
  await emulator.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.on('exit', (code) => { say(`code-server exited (${code})`); void emulator.stop().then(() => process.exit(code ?? 1)); });

console.log(`\n  Kinesis Studio is running in VS Code at  http://127.0.0.1:${port}/  (local Kinesis at ${emulator.endpoint})\n  Press Ctrl+C to stop.\n`);
