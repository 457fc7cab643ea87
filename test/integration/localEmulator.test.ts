/**
 * Local mode's process management: finding an install, installing with npm (a fake npm, so no
 * network), starting kinesis-local on loopback only, and stopping it.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nullLogger } from '../../src/core/logging';
import { LocalEmulatorError, installEmulator, resolveInstall, startEmulator } from '../../src/core/local/localEmulator';

const kinesisLocalDir = dirname(require.resolve('kinesis-local/package.json', { paths: [__dirname, process.cwd()] }));
const posix = process.platform !== 'win32';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<LocalEmulatorError> {
  const err = await promise.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(err instanceof LocalEmulatorError, String(err));
  assert.equal(err.code, code, err.message);
  return err;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('local emulator management', { timeout: 60_000 }, () => {
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ks-local-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('resolves an install from the setting (package folder or npm prefix) or the storage folder', async () => {
    assert.equal(await resolveInstall({ configuredPath: kinesisLocalDir, storageDir: scratch }), kinesisLocalDir);
    const prefix = dirname(dirname(kinesisLocalDir));
    assert.equal(await resolveInstall({ configuredPath: prefix, storageDir: scratch }), kinesisLocalDir);
    assert.equal(await resolveInstall({ storageDir: scratch }), undefined);
    // A setting that points nowhere is not silently replaced by another install.
    const storage = join(scratch, 'resolve-storage');
    const stored = join(storage, 'kinesis-local', 'node_modules', 'kinesis-local');
    mkdirSync(stored, { recursive: true });
    writeFileSync(join(stored, 'main.js'), '');
    writeFileSync(join(stored, 'server.json'), '{}');
    assert.equal(await resolveInstall({ storageDir: storage }), stored);
    assert.equal(await resolveInstall({ configuredPath: join(scratch, 'missing'), storageDir: storage }), undefined);
  });

  it('says so when npm is missing', async () => {
    const err = await rejectsWith(installEmulator({ storageDir: scratch, npmCommand: join(scratch, 'no-such-npm') }), 'NpmNotFound');
    assert.match(err.message, /npm was not found on PATH/);
  });

  it('says so when npm cannot reach the registry', { skip: !posix && 'needs a POSIX shell script as fake npm' }, async () => {
    const fakeNpm = join(scratch, 'npm-offline');
    writeFileSync(fakeNpm, '#!/bin/sh\necho "npm error code ENOTFOUND" >&2\necho "npm error request to https://registry.npmjs.org/kinesis-local failed" >&2\nexit 1\n');
    chmodSync(fakeNpm, 0o755);
    const err = await rejectsWith(installEmulator({ storageDir: scratch, npmCommand: fakeNpm }), 'RegistryUnreachable');
    assert.match(err.message, /npm could not reach the registry/);
  });

  it('installs into <storage>/kinesis-local with the pinned version', { skip: !posix && 'needs a POSIX shell script as fake npm' }, async () => {
    const fakeNpm = join(scratch, 'npm-ok');
    const argsFile = join(scratch, 'npm-args.txt');
    // Records its arguments and lays out the package like npm would.
    writeFileSync(fakeNpm, `#!/bin/sh\necho "$@" > "${argsFile}"\nmkdir -p "$3/node_modules/kinesis-local"\ntouch "$3/node_modules/kinesis-local/main.js" "$3/node_modules/kinesis-local/server.json"\n`);
    chmodSync(fakeNpm, 0o755);
    const storage = join(scratch, 'storage');
    mkdirSync(storage);
    const progress: string[] = [];
    const dir = await installEmulator({ storageDir: storage, npmCommand: fakeNpm, onProgress: (m) => progress.push(m) });
    assert.equal(dir, join(storage, 'kinesis-local', 'node_modules', 'kinesis-local'));
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(argsFile, 'utf8').trim(), `install --prefix ${join(storage, 'kinesis-local')} kinesis-local@0.6.2 --no-audit --no-fund --no-update-notifier --loglevel error`);
    assert.ok(progress.length >= 2);
    assert.equal(await resolveInstall({ storageDir: storage }), dir);
  });

  it('reports a crash at startup with the last output lines', async () => {
    const fake = join(scratch, 'crashing');
    mkdirSync(fake);
    writeFileSync(join(fake, 'server.json'), '{}');
    writeFileSync(join(fake, 'main.js'), 'console.error("boom: certificate not found"); process.exit(3);');
    const err = await rejectsWith(startEmulator({ packageDir: fake, logger: nullLogger }), 'StartFailed');
    assert.match(err.message, /boom: certificate not found/);
  });

  it('times out with the last output lines when the port never answers', async () => {
    const fake = join(scratch, 'silent');
    mkdirSync(fake);
    writeFileSync(join(fake, 'server.json'), '{}');
    writeFileSync(join(fake, 'main.js'), 'console.log("warming up"); setInterval(() => {}, 1000);');
    const err = await rejectsWith(startEmulator({ packageDir: fake, logger: nullLogger, startTimeoutMs: 700 }), 'StartTimeout');
    assert.match(err.message, /warming up/);
  });

  it('starts kinesis-local on loopback only and stops it', async () => {
    const emulator = await startEmulator({ packageDir: kinesisLocalDir, logger: nullLogger });
    let exitCalls = 0;
    emulator.onExit(() => exitCalls++);
    try {
      assert.match(emulator.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(await canConnect('127.0.0.1', emulator.port));
      // kinesis-mock listens on a wildcard address; our prelude pins it to 127.0.0.1. Read the bound
      // address from the kernel's socket table rather than probing another interface.
      assert.deepEqual(listeningAddresses(emulator.port), ['127.0.0.1']);
    } finally {
      await emulator.stop();
    }
    assert.equal(emulator.exited, true);
    assert.equal(exitCalls, 1);
    assert.equal(await canConnect('127.0.0.1', emulator.port), false);
    await emulator.stop(); // idempotent
  });
});

/** IPv4/IPv6 addresses with a socket in LISTEN state on `port`, from /proc/net/tcp{,6} (Linux). */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [hexAddress, hexPort] = local.split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      addresses.push(hexAddress.length === 8
        ? hexAddress.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.')
        : hexAddress === '00000000000000000000000000000000' ? '::' : `ipv6:${hexAddress}`);
    }
  }
  return addresses;
}
