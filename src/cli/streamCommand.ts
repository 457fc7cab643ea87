/**
 * What `put` and `tail` share: flag parsing (node:util parseArgs, so `--flag value` and
 * `--flag=value` both work and unknown flags are refused), the connection flags resolved as the MCP
 * server resolves them (flags, else the environment and the profile's config), the gateway, and
 * Ctrl+C handling.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../core/errorMessage';
import type { Env } from '../core/kinesis/connection';
import type { ConnectionTarget, KinesisGateway } from '../core/kinesis/gateway';
import { validateEndpointUrl, validateRegionName, validateStreamName } from '../core/kinesis/validation';
import { nullLogger, type ILogger } from '../core/logging';
import { resolveMcpConnection } from './mcpArgs';

/** The exit code of a usage error (bad flag, bad value, missing input), as the other commands use. */
export const EXIT_USAGE = 2;
/** The exit code when the command ran but could not finish (unknown stream, unreachable endpoint, failed records). */
export const EXIT_FAILED = 1;

/** Where a streaming command writes its messages; stdout is written by the command itself. */
export interface StreamCommandIo {
  err(text: string): void;
}

/** Collaborators of `put` and `tail`; the CLI entry passes the real ones. */
export interface StreamCommandDeps {
  readonly createGateway?: () => Promise<KinesisGateway>;
  readonly env?: Env;
  /** Aborted on Ctrl+C (SIGINT). */
  readonly signal?: AbortSignal;
}

export const CONNECTION_HELP = `  --region R       AWS region (default: the profile's, else AWS_REGION / AWS_DEFAULT_REGION)
  --endpoint URL   Kinesis endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL, the profile's)
  --profile P      AWS profile for the credential chain (default: AWS_PROFILE, else "default")`;

export const CONNECTION_OPTIONS = {
  region: { type: 'string' },
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Flag values by name: a string, a boolean, or a list for `multiple` flags. */
export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** Parsed flags and the one positional argument (the stream), or a usage problem. */
export function parseStreamCommandArgs(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { stream: string; values: FlagValues } | string {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs says which flag and what is wrong; its advice about "--" does not apply to a stream name.
    return errorMessage(error).replace(/\. To specify a positional argument.*$/s, '.');
  }
  const [stream, ...extra] = parsed.positionals;
  if (stream === undefined) return 'Missing <stream>.';
  if (extra.length) return `Unexpected argument "${extra[0]}".`;
  const problem = validateStreamName(stream);
  if (problem) return problem;
  return { stream, values: parsed.values };
}

/** Checks the connection flags before any call. */
export function validateConnectionFlags(values: { region?: string; endpoint?: string }): string | undefined {
  return (values.region !== undefined ? validateRegionName(values.region) : undefined) ?? (values.endpoint !== undefined ? validateEndpointUrl(values.endpoint) : undefined);
}

/** A stderr logger for warnings about the AWS config files: stdout carries the records. */
export function stderrWarnings(io: StreamCommandIo): ILogger {
  return { ...nullLogger, warn: (message) => io.err(`warning: ${message}`) };
}

/** The target of the connection flags, or why there is none. */
export async function resolveTarget(values: { region?: string; endpoint?: string; profile?: string }, env: Env, io: StreamCommandIo): Promise<{ target: ConnectionTarget; where: string } | string> {
  const connection = await resolveMcpConnection(
    { region: values.region, endpoint: values.endpoint, profile: values.profile, local: false, allowWrites: false, prices: 'seed' },
    env,
    stderrWarnings(io),
  );
  if (!connection.region) return 'No region: pass --region, set AWS_REGION, or give the profile a region.';
  return { target: connection.target(connection.region), where: connection.where(connection.region) };
}

export async function defaultGateway(): Promise<KinesisGateway> {
  const { createAwsGateway } = await import('../core/kinesis/awsGateway');
  return createAwsGateway({ logger: nullLogger });
}

/**
 * Ctrl+C for a long-running command: the first SIGINT aborts the signal so the command stops
 * cleanly and reports; a second one quits at once (exit 130).
 */
export function interruptOnSigint(io: StreamCommandIo): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    io.err('Stopping… (press Ctrl+C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** "lines 3–7, line 9 and 4 more ranges" for the summary. */
export function describeLineRanges(ranges: readonly { readonly fromLine: number; readonly toLine: number }[]): string {
  const shown = ranges.slice(0, 5).map((r) => (r.fromLine === r.toLine ? `line ${r.fromLine}` : `lines ${r.fromLine}–${r.toLine}`));
  return shown.join(', ') + (ranges.length > 5 ? ` and ${ranges.length - 5} more ranges` : '');
}

export const count = (n: number) => n.toLocaleString('en-US');
