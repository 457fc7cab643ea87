/**
 * Runs the built CLI (dist/cli.js) in a child Node process as a user would, with dummy credentials in
 * the environment (the CLI uses the ordinary credential chain) plus whatever the test adds, e.g.
 * AWS_ENDPOINT_URL_LAMBDA for a loopback server.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** dist/cli.js of the repository the tests run in (test/run.mjs runs them from its root). */
export const builtCli = path.resolve(process.cwd(), 'dist', 'cli.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runBuiltCli(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'doctor-test', AWS_SECRET_ACCESS_KEY: 'doctor-test', AWS_PROFILE: '', ...extraEnv };
    const child = spawn(process.execPath, [builtCli, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
