/**
 * Starts the two Kinesis emulators on free 127.0.0.1 ports for integration tests and benchmarks.
 * kinesis-local covers every operation (functional tests); kinesalite is ~20x faster on the data
 * plane but lacks EFO, UpdateShardCount, encryption, mode, tagging by ARN (benchmarks).
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import type { ConnectionTarget } from '../../src/core/kinesis/gateway';
import { nullLogger, type ILogger } from '../../src/core/logging';
import { startEmulator } from '../../src/core/local/localEmulator';

/** A running emulator as the tests see it. */
export interface TestEmulator {
  readonly endpoint: string;
  /** A local-emulator target (dummy credentials, region us-east-1) pointing at {@link endpoint}. */
  readonly target: ConnectionTarget;
  readonly pid: number;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

/**
 * Resolves an installed package from the compiled file's location or, when the tests are compiled
 * to a folder outside the repository (e.g. /tmp/out), from the working directory.
 */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`, { paths: [__dirname, process.cwd()] }));
}

/** kinesis-local from the repository's devDependencies, via the product's own launcher. */
export async function startKinesisLocal(options: { logger?: ILogger; extraEnv?: Record<string, string> } = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    packageDir: packageDir('kinesis-local'),
    region: REGION,
    logger: options.logger ?? nullLogger,
    extraEnv: options.extraEnv,
  });
  return {
    endpoint: emulator.endpoint,
    target: { region: REGION, endpoint: emulator.endpoint, localEmulator: true },
    pid: emulator.pid,
    stop: () => emulator.stop(),
  };
}

/**
 * kinesalite embedded in a child Node process: `listen(0, '127.0.0.1')` binds loopback only (its CLI
 * binds every interface), and a separate process survives its known crash on a bad ListShards.
 * The child exits when the IPC channel closes, so a crashed test run leaves nothing behind.
 */
export async function startKinesalite(options: { shardLimit?: number } = {}): Promise<TestEmulator> {
  const script = `
    const kinesalite = require(process.argv[1]);
    const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: ${options.shardLimit ?? 10_000} });
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    process.on('disconnect', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script, packageDir('kinesalite')], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, AWS_REGION: REGION, AWS_ACCOUNT_ID: '000000000000' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('kinesalite did not start within 15 s')), 15_000);
    child.once('message', (m: { port: number }) => {
      clearTimeout(timer);
      resolve(m.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kinesalite exited during startup (code ${code})`));
    });
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    target: { region: REGION, endpoint, localEmulator: true },
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
