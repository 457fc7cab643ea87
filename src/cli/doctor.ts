/**
 * `kinesis-studio doctor <stream> [--region R] [--endpoint URL] [--profile P] [--from TRIM_HORIZON|<ISO time>] [--duration 5m] [--json]
 *   [--lambda] [--kcl-table T | --kcl-app A] [--kcl-interval 15s] [--cloudwatch] [--cloudwatch-endpoint URL] [--polling-readers N]`
 *
 * Samples a live stream and prints the Stream Doctor's findings (src/core/doctor). Exit codes: 0 when
 * the diagnosis ran, whatever it found (findings are advice, not failures); 1 when it could not run
 * (no such stream, no credentials, unreachable endpoint); 2 on usage errors.
 */
import { formatBytes, formatNumber } from '../core/analysis/format';
import type { DoctorMetricsSource } from '../core/doctor/cloudwatch';
import { diagnoseStream, type DoctorReport } from '../core/doctor/diagnose';
import type { Finding, Fix } from '../core/doctor/findings';
import { validateLeaseTableName, type KclLeaseSource, type KclRequest } from '../core/doctor/kcl';
import type { LambdaMappingSource } from '../core/doctor/lambda';
import type { SampleStart } from '../core/doctor/sampler';
import { errorMessage } from '../core/errorMessage';
import type { ConnectionTarget, KinesisGateway } from '../core/kinesis/gateway';
import { validateEndpointUrl, validateStreamName } from '../core/kinesis/validation';
import { nullLogger } from '../core/logging';
import { resolveTarget, validateConnectionFlags } from './streamCommand';

export const DOCTOR_JSON_SCHEMA_VERSION = 1;

export const DOCTOR_USAGE = `Usage: kinesis-studio doctor <stream> [--region R] [--endpoint URL] [--profile P] [--from TRIM_HORIZON|<ISO time>] [--duration 5m] [--json]
                              [--lambda] [--kcl-table NAME | --kcl-app NAME] [--kcl-interval 15s]
                              [--cloudwatch] [--cloudwatch-endpoint URL] [--polling-readers N] [--consumer NAME | --temporary-consumer NAME]

  --region R       AWS region (default: the profile's region, else AWS_REGION / AWS_DEFAULT_REGION)
  --endpoint URL   Kinesis endpoint, e.g. a local emulator (default: AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL, the profile's)
  --profile P      AWS profile for the credential chain (default: AWS_PROFILE, else "default")
  --from START     where sampling starts: TRIM_HORIZON or an ISO time (default: --duration before now)
  --duration D     window length, e.g. 90s, 5m, 1h (default 5m); a TRIM_HORIZON start reads up to now
  --json           print the report as JSON (findings with code, severity, subject, evidence and fix)
  --cloudwatch     also read CloudWatch (GetMetricData): read contention, iterator age, consumer lag,
                   idle consumers, shard-level evidence; needs cloudwatch:GetMetricData
  --cloudwatch-endpoint URL  custom CloudWatch endpoint (implies --cloudwatch)
  --polling-readers N  polling applications that read the stream (for the 5 GetRecords/s/shard check)
  --consumer NAME  sample through this enhanced fan-out consumer (ACTIVE) instead of GetRecords
  --temporary-consumer NAME  register NAME for the sample and deregister it afterwards (billed per
                   consumer-shard-hour while it exists); sampling then takes no GetRecords calls
  --lambda         lint the Lambda event source mappings reading the stream or its consumers
  --kcl-table T    check the KCL lease table T (DynamoDB)
  --kcl-app A      check KCL application A's lease table (KCL names it after the application)
  --kcl-interval D pause between the two lease-table reads (default 15s)

Lambda and DynamoDB use their regional endpoints (or AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL_DYNAMODB),
not --endpoint.

Exit codes: 0 diagnosed (whatever was found), 1 the diagnosis could not run, 2 usage error.`;

export interface DoctorIo {
  out(text: string): void;
  err(text: string): void;
}

/** Collaborators; tests pass a gateway, the bundle creates the SDK one. */
export interface DoctorDeps {
  readonly createGateway?: () => Promise<KinesisGateway>;
  readonly createLambdaSource?: (target: ConnectionTarget) => Promise<LambdaMappingSource & { dispose(): void }>;
  readonly createKclSource?: (target: ConnectionTarget) => Promise<KclLeaseSource & { dispose(): void }>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly createMetricsSource?: (endpoint: string | undefined) => Promise<DoctorMetricsSource>;
}

interface DoctorArgs {
  readonly stream: string;
  /** The flags; resolved with the environment and the profile's config like put and tail. */
  readonly connection: { readonly region?: string; readonly endpoint?: string; readonly profile?: string };
  readonly start?: SampleStart;
  readonly windowMs: number;
  readonly json: boolean;
  readonly lambda: boolean;
  readonly kcl?: KclRequest;
  readonly cloudwatch: boolean;
  readonly cloudwatchEndpoint?: string;
  readonly pollingReaders?: number;
  readonly sampleConsumer?: { readonly name: string; readonly temporary: boolean };
}

/** "90s", "5m", "1h", "300" (seconds) → milliseconds; undefined when not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return value > 0 ? value : undefined;
}

function parseDoctorArgs(rest: readonly string[]): DoctorArgs | string {
  let stream: string | undefined;
  let region: string | undefined;
  let endpoint: string | undefined;
  let profile: string | undefined;
  let start: SampleStart | undefined;
  let windowMs = 5 * 60_000;
  let json = false;
  let lambda = false;
  let kclTable: string | undefined;
  let kclApp: string | undefined;
  let kclIntervalMs: number | undefined;
  let cloudwatch = false;
  let cloudwatchEndpoint: string | undefined;
  let pollingReaders: number | undefined;
  let sampleConsumer: { name: string; temporary: boolean } | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inlineValue ?? rest[++i];
    if (flag === '--json') json = true;
    else if (flag === '--lambda') lambda = true;
    else if (flag === '--kcl-table' || flag === '--kcl-app') {
      const name = value() ?? '';
      const problem = validateLeaseTableName(name);
      if (problem) return `${flag}: ${problem}`;
      if (flag === '--kcl-table') kclTable = name;
      else kclApp = name;
    } else if (flag === '--kcl-interval') {
      const ms = parseDuration(value() ?? '');
      if (ms === undefined) return '--kcl-interval must be a positive duration such as 5s or 1m.';
      kclIntervalMs = ms;
    } else if (flag === '--cloudwatch') cloudwatch = true;
    else if (flag === '--cloudwatch-endpoint') {
      cloudwatchEndpoint = value();
      const problem = validateEndpointUrl(cloudwatchEndpoint ?? '');
      if (problem) return `--cloudwatch-endpoint: ${problem}`;
      cloudwatch = true;
    } else if (flag === '--polling-readers') {
      pollingReaders = Number(value());
      if (!Number.isInteger(pollingReaders) || pollingReaders < 0) return '--polling-readers must be a whole number of applications, such as 3.';
    } else if (flag === '--consumer' || flag === '--temporary-consumer') {
      const name = value() ?? '';
      if (!/^[a-zA-Z0-9_.-]{1,128}$/.test(name)) return `${flag} needs a consumer name of 1-128 letters, digits, _ . or -.`;
      if (sampleConsumer) return 'Give --consumer or --temporary-consumer, not both.';
      sampleConsumer = { name, temporary: flag === '--temporary-consumer' };
    } else if (flag === '--region') region = value();
    else if (flag === '--endpoint') endpoint = value();
    else if (flag === '--profile') profile = value();
    else if (flag === '--from') {
      const from = value();
      if (from === 'TRIM_HORIZON') start = { type: 'TRIM_HORIZON' };
      else {
        const time = Date.parse(from ?? '');
        if (!from || Number.isNaN(time)) return `--from must be TRIM_HORIZON or an ISO time such as 2026-01-31T12:00:00Z.`;
        start = { type: 'AT_TIMESTAMP', timestamp: new Date(time) };
      }
    } else if (flag === '--duration') {
      const ms = parseDuration(value() ?? '');
      if (ms === undefined) return '--duration must be a positive duration such as 90s, 5m or 1h.';
      windowMs = ms;
    } else if (flag.startsWith('-')) return `Unknown option "${flag}".`;
    else if (stream === undefined) stream = arg;
    else return `Unexpected argument "${arg}".`;
  }
  if (stream === undefined) return 'Missing <stream>.';
  const problem = validateStreamName(stream);
  if (problem) return problem;
  const connectionProblem = validateConnectionFlags({ region, endpoint });
  if (connectionProblem) return connectionProblem;
  if (kclIntervalMs !== undefined && !kclTable && !kclApp) return '--kcl-interval needs --kcl-table or --kcl-app.';
  const kcl = kclTable || kclApp ? { table: kclTable, application: kclApp, readIntervalMs: kclIntervalMs } : undefined;
  return { stream, connection: { region, endpoint, profile }, start, windowMs, json, lambda, kcl, cloudwatch, cloudwatchEndpoint, pollingReaders, sampleConsumer };
}

async function defaultGateway(): Promise<KinesisGateway> {
  const { createAwsGateway } = await import('../core/kinesis/awsGateway');
  return createAwsGateway({ logger: nullLogger });
}

async function defaultLambdaSource(target: ConnectionTarget) {
  const { createAwsLambdaMappingSource } = await import('../core/doctor/lambdaAws');
  return createAwsLambdaMappingSource(target);
}

async function defaultKclSource(target: ConnectionTarget) {
  const { createAwsKclLeaseSource } = await import('../core/doctor/kclAws');
  return createAwsKclLeaseSource(target);
}

async function defaultMetricsSource(endpoint: string | undefined): Promise<DoctorMetricsSource> {
  const { createCloudWatchMetricsSource } = await import('../core/doctor/cloudwatchAws');
  return createCloudWatchMetricsSource({ endpoint });
}

/** Runs `doctor` (argv after the command name) and resolves to its exit code. */
export async function runDoctor(argv: readonly string[], io: DoctorIo, deps: DoctorDeps = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  const env = deps.env ?? process.env;
  const args = parseDoctorArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  const resolved = await resolveTarget(args.connection, env, io);
  if (typeof resolved === 'string') {
    io.err(`${resolved}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  const target = resolved.target;
  const gateway = await (deps.createGateway ?? defaultGateway)();
  // Not the Kinesis --endpoint: Lambda and DynamoDB take theirs from the SDK (AWS_ENDPOINT_URL_*).
  const serviceTarget: ConnectionTarget = { region: target.region, profile: target.profile };
  const lambda = args.lambda ? await (deps.createLambdaSource ?? defaultLambdaSource)(serviceTarget) : undefined;
  const kcl = args.kcl ? await (deps.createKclSource ?? defaultKclSource)(serviceTarget) : undefined;
  const metrics = args.cloudwatch ? await (deps.createMetricsSource ?? defaultMetricsSource)(args.cloudwatchEndpoint) : undefined;
  try {
    const report = await diagnoseStream({ gateway, lambda, kcl, metrics }, { target, stream: args.stream, start: args.start, windowMs: args.windowMs, kcl: args.kcl, pollingReaders: args.pollingReaders, sampleConsumer: args.sampleConsumer });
    io.out(args.json ? JSON.stringify(doctorJson(report), null, 2) : doctorText(report));
    return 0;
  } catch (error) {
    io.err(`Cannot diagnose "${args.stream}": ${errorMessage(error)}`);
    return 1;
  } finally {
    gateway.dispose();
    lambda?.dispose();
    kcl?.dispose();
    metrics?.dispose();
  }
}

/** The --json document. */
export function doctorJson(report: DoctorReport) {
  return {
    schemaVersion: DOCTOR_JSON_SCHEMA_VERSION,
    stream: report.stream,
    region: report.region,
    mode: report.details.mode,
    openShards: report.details.openShardCount,
    window: { start: new Date(report.windowStartMs).toISOString(), end: new Date(report.windowEndMs).toISOString(), seconds: report.windowSeconds },
    sampled: {
      records: report.sampledRecords,
      bytes: report.sampledBytes,
      distinctKeys: report.distinctKeys,
      truncated: report.truncated,
      getRecordsCalls: report.getRecordsCalls,
      readThrottles: report.readThrottles,
    },
    shards: report.shardLoads.map(({ series: _series, ...load }) => load),
    findings: report.findings.map((f) => ({ code: f.code, severity: f.severity, title: f.title, subject: f.subject, explanation: f.explanation, evidence: f.evidence, fix: f.fix ?? null })),
  };
}

export function describeFix(fix: Fix): string {
  switch (fix.kind) {
    case 'saltKey': return `Salt the key: ${fix.example}. Trade-off: ${fix.tradeOff}`;
    case 'splitShard': return `Split ${fix.shardId} at ${fix.newStartingHashKey}: ${fix.preview.map((c) => `[${c.startingHashKey}–${c.endingHashKey}] ≈ ${formatNumber(c.expectedRecordsPerSecond)} records/s (${formatNumber(c.share * 100, 1)}%)`).join(', ')}`;
    case 'mergeShards': return `Merge ${fix.shardId} with ${fix.adjacentShardId}.`;
    case 'smoothBursts': return fix.advice.join(' ');
    case 'setShardMetrics': return `${fix.enable.length ? `Enable ${fix.enable.join(', ')}` : ''}${fix.enable.length && fix.disable.length ? '; ' : ''}${fix.disable.length ? `disable ${fix.disable.join(', ')}` : ''} (≈ $${fix.monthlyUsd.toFixed(2)}/month).`;
    case 'updateEventSourceMapping': return `UpdateEventSourceMapping ${fix.uuid}: ${fix.changes.map((c) => `${c.field}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`).join(', ')}`;
    case 'advice': return fix.steps.join(' ');
  }
}

function findingText(f: Finding): string[] {
  const where = [f.subject.shardId, f.subject.partitionKey !== undefined ? `key "${f.subject.partitionKey}"` : undefined, f.subject.consumer].filter(Boolean).join(', ');
  return [
    `${f.severity.toUpperCase()} ${f.code}${where ? ` (${where})` : ''}: ${f.title}`,
    `  ${f.explanation}`,
    ...f.evidence.facts.map(([label, value]) => `  - ${label}: ${value}`),
    ...(f.fix ? [`  Fix: ${describeFix(f.fix)}`] : []),
  ];
}

export function doctorText(report: DoctorReport): string {
  const lines = [
    `Stream Doctor: ${report.stream} (${report.region}, ${report.details.mode}, ${report.details.openShardCount} open shard(s))`,
    `Window ${new Date(report.windowStartMs).toISOString()} – ${new Date(report.windowEndMs).toISOString()}: ${formatNumber(report.sampledRecords)} record(s), ${formatBytes(report.sampledBytes)}, ≈ ${formatNumber(report.distinctKeys)} distinct key(s)${report.truncated ? ' (sample capped)' : ''}`,
    '',
  ];
  if (report.findings.length === 0) lines.push('No findings.');
  for (const f of report.findings) lines.push(...findingText(f), '');
  return lines.join('\n');
}
