/**
 * Local mode: installs and runs the kinesis-local emulator (the npm build of kinesis-mock) as a child
 * process on 127.0.0.1. No vscode, no AWS SDK: the host passes paths, a logger and a cancel signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ILogger } from '../logging';
import { errorDetail } from '../errorMessage';

/** The kinesis-local version local mode installs and was tested against. */
export const KINESIS_LOCAL_VERSION = '0.6.2';

export type LocalEmulatorErrorCode =
  | 'InvalidPath'
  | 'NpmNotFound'
  | 'RegistryUnreachable'
  | 'InstallFailed'
  | 'StartFailed'
  | 'StartTimeout'
  | 'Aborted';

/** A local-mode failure with a message that says what to do. */
export class LocalEmulatorError extends Error {
  override readonly name = 'LocalEmulatorError';
  constructor(readonly code: LocalEmulatorErrorCode, message: string) {
    super(message);
  }
}

/** A disposable registration. */
export interface Subscription {
  dispose(): void;
}

/** A running emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: speak HTTP/1.1 to it. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Region the emulator puts into ARNs. */
  readonly region: string;
  /** True once the process has exited (stopped or crashed). */
  readonly exited: boolean;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** Called once when the process exits for any reason, including {@link stop}. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): Subscription;
  /** The last lines the emulator printed (for diagnostics; may mention stream names, never record data). */
  recentOutput(): string[];
}

function isPackageDir(dir: string): boolean {
  return existsSync(join(dir, 'main.js')) && existsSync(join(dir, 'server.json'));
}

/** Where {@link installEmulator} puts the package under the extension's storage folder. */
export function installPrefix(storageDir: string): string {
  return join(storageDir, 'kinesis-local');
}

/**
 * Finds an installed kinesis-local package directory (the folder holding main.js and server.json).
 * `configuredPath` (the kinesis.localEmulatorPath setting) may name the package folder itself or an
 * npm prefix holding node_modules/kinesis-local; when it is set, it wins: a setting that points
 * nowhere yields undefined rather than silently using another install, so the caller can say so.
 * Without it, looks in `<storageDir>/kinesis-local`.
 * @returns the package folder, or undefined when there is none.
 */
export async function resolveInstall(options: { configuredPath?: string; storageDir: string }): Promise<string | undefined> {
  const configured = options.configuredPath?.trim();
  const candidates = configured
    ? [configured, join(configured, 'node_modules', 'kinesis-local')]
    : [join(installPrefix(options.storageDir), 'node_modules', 'kinesis-local')];
  return candidates.find(isPackageDir);
}

const NETWORK_FAILURE = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|HOSTUNREACH|NETUNREACH)|network|proxy|getaddrinfo|self.signed|certificate|registry/i;

/**
 * Installs kinesis-local with npm into `<storageDir>/kinesis-local` and returns the package folder.
 * @throws LocalEmulatorError NpmNotFound | RegistryUnreachable | InstallFailed | Aborted
 */
export async function installEmulator(options: {
  storageDir: string;
  npmCommand?: string;
  version?: string;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}): Promise<string> {
  const npm = options.npmCommand ?? 'npm';
  const version = options.version ?? KINESIS_LOCAL_VERSION;
  const prefix = installPrefix(options.storageDir);
  const args = ['install', '--prefix', prefix, `kinesis-local@${version}`, '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel', 'error'];
  options.onProgress?.(`Installing kinesis-local ${version} with npm…`);
  const output: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(npm, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        // npm is a .cmd script on Windows, which Node only runs through a shell.
        shell: process.platform === 'win32',
        signal: options.signal,
      });
    } catch (err) {
      reject(spawnFailure(err, npm));
      return;
    }
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) output.push(line.trim());
      if (output.length > 200) output.splice(0, output.length - 200);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', (err) => reject(spawnFailure(err, npm)));
    child.on('close', (code) => resolve(code));
  });
  const tail = output.slice(-5).join('\n');
  if (exitCode !== 0) {
    if (NETWORK_FAILURE.test(output.join('\n'))) {
      throw new LocalEmulatorError(
        'RegistryUnreachable',
        `npm could not reach the registry to download kinesis-local. Check your network and proxy (npm config get registry), ` +
          `or install it yourself and set kinesis.localEmulatorPath.\n${tail}`,
      );
    }
    throw new LocalEmulatorError('InstallFailed', `npm install kinesis-local@${version} failed (exit code ${exitCode}).\n${tail}`);
  }
  const dir = await resolveInstall({ storageDir: options.storageDir });
  if (!dir) throw new LocalEmulatorError('InstallFailed', `npm finished, but ${prefix} has no kinesis-local package.\n${tail}`);
  options.onProgress?.('kinesis-local installed.');
  return dir;
}

function spawnFailure(err: unknown, npm: string): LocalEmulatorError {
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return new LocalEmulatorError('Aborted', 'Installing kinesis-local was cancelled.');
  if (e?.code === 'ENOENT') {
    return new LocalEmulatorError(
      'NpmNotFound',
      `npm was not found on PATH (looked for "${npm}"). Install Node.js (it includes npm), or install kinesis-local yourself and set kinesis.localEmulatorPath.`,
    );
  }
  return new LocalEmulatorError('InstallFailed', `Could not run npm: ${e?.message ?? String(err)}`);
}

/** Finds free TCP ports on 127.0.0.1 by binding to port 0; all are held open together so they differ. */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

/**
 * kinesis-mock has no host setting: it calls `server.listen(port)` on a wildcard address, i.e. every
 * interface. This prelude runs in the emulator process before main.js and turns host-less listen
 * calls into loopback ones, so the emulator is unreachable from the network. It also exits the
 * emulator when our stdin pipe closes, i.e. when the extension host dies without calling stop().
 */
const LOOPBACK_PRELUDE = `
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  else if (args[0] && typeof args[0] === 'object' && !args[0].host && !args[0].path) args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
require(process.argv[1]);
`;

const INSTANT_OPERATIONS = [
  'CREATE_STREAM', 'DELETE_STREAM', 'REGISTER_STREAM_CONSUMER', 'DEREGISTER_STREAM_CONSUMER', 'START_STREAM_ENCRYPTION',
  'STOP_STREAM_ENCRYPTION', 'MERGE_SHARDS', 'SPLIT_SHARD', 'UPDATE_SHARD_COUNT', 'UPDATE_STREAM_MODE',
];

// Only what the emulator needs; in particular no AWS credentials from the host environment.
const PASSED_THROUGH_ENV = ['PATH', 'Path', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'LANG'];

/** Options of {@link startEmulator}. */
export interface StartEmulatorOptions {
  /** The kinesis-local package folder (see {@link resolveInstall}). */
  readonly packageDir: string;
  /** Node binary. Inside desktop VS Code process.execPath is Electron, run as Node via ELECTRON_RUN_AS_NODE. */
  readonly nodePath?: string;
  /** Region the emulator writes into ARNs. Default us-east-1. */
  readonly region?: string;
  /** Account id in ARNs. Default 000000000000. */
  readonly accountId?: string;
  readonly logger: ILogger;
  readonly signal?: AbortSignal;
  /** How long to wait for the port to answer. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** Extra emulator settings, e.g. { SHARD_LIMIT: '2000' }. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/**
 * Starts kinesis-local on a free loopback port with instant state transitions and waits until it
 * answers HTTP.
 * @throws LocalEmulatorError StartFailed | StartTimeout | Aborted, with the emulator's last output.
 */
export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const { packageDir, logger } = options;
  if (!isPackageDir(packageDir)) {
    throw new LocalEmulatorError('InvalidPath', `${packageDir} is not a kinesis-local package (main.js and server.json are missing).`);
  }
  if (options.signal?.aborted) throw new LocalEmulatorError('Aborted', 'Starting Local Kinesis was cancelled.');
  const region = options.region ?? 'us-east-1';
  const [plainPort, tlsPort] = await findFreePorts(2);
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    ELECTRON_RUN_AS_NODE: '1',
    KINESIS_MOCK_CERT_PATH: join(packageDir, 'server.json'),
    KINESIS_MOCK_PLAIN_PORT: String(plainPort),
    KINESIS_MOCK_TLS_PORT: String(tlsPort),
    AWS_REGION: region,
    AWS_ACCOUNT_ID: options.accountId ?? '000000000000',
    LOG_LEVEL: 'WARN',
    // The default of 50 shards per emulator is quickly reached by a few test or demo streams.
    SHARD_LIMIT: '1000',
    ...Object.fromEntries(INSTANT_OPERATIONS.map((op) => [`${op}_DURATION`, '0ms'])),
    ...options.extraEnv,
  });

  const child = spawn(options.nodePath ?? process.execPath, ['-e', LOOPBACK_PRELUDE, join(packageDir, 'main.js')], {
    cwd: packageDir,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) output.push(line.trimEnd());
    if (output.length > 100) output.splice(0, output.length - 100);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exitListeners = new Set<(code: number | null, signal: NodeJS.Signals | null) => void>();
  let exited = false;
  let spawnError: Error | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        exited = true;
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      exited = true;
      logger.info(`Local Kinesis (pid ${child.pid}) exited${code !== null ? ` with code ${code}` : ''}${signal ? ` on ${signal}` : ''}`);
      for (const listener of exitListeners) {
        try {
          listener(code, signal);
        } catch (err) {
          logger.error(errorDetail(err));
        }
      }
      exitListeners.clear();
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, 3_000);
    await exitedPromise;
    clearTimeout(killTimer);
  };

  const endpoint = `http://127.0.0.1:${plainPort}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const started = Date.now();
  try {
    for (;;) {
      if (spawnError && child.pid === undefined) {
        throw new LocalEmulatorError('StartFailed', `Could not run ${options.nodePath ?? process.execPath}: ${spawnError.message}`);
      }
      if (exited) {
        throw new LocalEmulatorError('StartFailed', `kinesis-local exited during startup.${formatTail(output)}`);
      }
      if (options.signal?.aborted) throw new LocalEmulatorError('Aborted', 'Starting Local Kinesis was cancelled.');
      if (await answersHttp(plainPort)) break;
      if (Date.now() - started > timeoutMs) {
        throw new LocalEmulatorError('StartTimeout', `kinesis-local did not answer on port ${plainPort} within ${Math.round(timeoutMs / 1000)} s.${formatTail(output)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  logger.info(`Local Kinesis (kinesis-local, pid ${child.pid}) listening on ${endpoint} after ${Date.now() - started} ms`);

  return {
    endpoint,
    port: plainPort,
    pid: child.pid ?? -1,
    region,
    get exited() {
      return exited;
    },
    stop,
    onExit(listener) {
      if (exited) {
        queueMicrotask(() => listener(child.exitCode, child.signalCode));
        return { dispose: () => undefined };
      }
      exitListeners.add(listener);
      return { dispose: () => exitListeners.delete(listener) };
    },
    recentOutput: () => [...output],
  };
}

function formatTail(output: readonly string[]): string {
  return output.length ? `\nLast output:\n${output.slice(-10).join('\n')}` : '';
}

/** True when something on 127.0.0.1:port answers an HTTP request (any status). */
function answersHttp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: '/', timeout: 1_000, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
