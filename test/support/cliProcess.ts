/**
 * The built CLI (dist/cli.js) as a child process, the way a user or a script runs it: arguments,
 * optional stdin, and the exit code with everything written to stdout and stderr.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kinesis-studio') return dir;
  }
  throw new Error(`Kinesis Studio's package.json not found above ${__dirname}`);
}

export const CLI_PATH = path.join(repoRoot(), 'dist', 'cli.js');

/** Dummy credentials through the environment: the CLI uses the ordinary credential chain. */
export const CLI_ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'cli-test', AWS_SECRET_ACCESS_KEY: 'cli-test', AWS_PROFILE: '', AWS_REGION: 'us-east-1' };

export interface CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when the process has exited and its pipes are closed. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export interface CliOptions {
  readonly input?: string | Buffer;
  readonly cwd?: string;
  /** Added to CLI_ENV, e.g. AWS_ENDPOINT_URL_LAMBDA for a loopback server. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `node dist/cli.js …args`; `input` is written to stdin (then closed) when given. */
export function startCli(args: readonly string[], options: CliOptions = {}): CliRun {
  const child = spawn(process.execPath, [CLI_PATH, ...args], { env: { ...CLI_ENV, ...options.env }, cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  if (options.input !== undefined) child.stdin.end(options.input);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], options: CliOptions = {}) {
  return startCli(args, options).done;
}

/** Polls `condition` every 50 ms until it holds, or fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
