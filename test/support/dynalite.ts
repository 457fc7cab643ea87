/**
 * dynalite (a real DynamoDB API on LevelDB, in memory) on a free 127.0.0.1 port, in a child Node
 * process so a crash in it cannot take the test run along. The child exits when the IPC channel
 * closes. Talk to it with @aws-sdk/client-dynamodb (AWS_ENDPOINT_URL_DYNAMODB or `endpoint`).
 */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export interface DynaliteServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<DynaliteServer> {
  const dir = dirname(require.resolve('dynalite/package.json', { paths: [__dirname, process.cwd()] }));
  const script = `
    const server = require(process.argv[1])({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
    process.on('disconnect', () => process.exit(0));
  `;
  const child = spawn(process.execPath, ['-e', script, dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dynalite did not start within 15 s')), 15_000);
    child.once('message', (m: { port: number }) => { clearTimeout(timer); resolve(m.port); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`dynalite exited during startup (code ${code})`)); });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
