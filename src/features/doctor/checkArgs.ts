/**
 * The Stream Doctor command's argument rules that need no VS Code: durations and the optional
 * consumer-side checks (the CLI's --cloudwatch, --lambda, --kcl-app/--kcl-table, --kcl-interval and
 * --polling-readers). Pure, so they are unit tested; checks.ts turns a problem into the error shown.
 */
import { validateLeaseTableName, type KclRequest } from '../../core/doctor/kcl';

/** What the report checks besides the sample; every check is off unless asked for. */
export interface DoctorChecks {
  /** CloudWatch GetMetricData: read contention, iterator age, consumer lag, idle consumers, shard-level evidence. */
  readonly cloudwatch: boolean;
  /** Lambda ListEventSourceMappings: lint the mappings reading the stream or its consumers. */
  readonly lambda: boolean;
  /** A KCL application's lease table (DynamoDB Scan). */
  readonly kcl?: KclRequest;
  /** Polling applications reading the stream, for the 5 GetRecords/s per shard check. */
  readonly pollingReaders?: number;
}

/** The optional check arguments of kinesis.diagnoseStream (absent means "do not check"). */
export interface DoctorCheckArgs {
  readonly cloudwatch?: boolean;
  readonly lambda?: boolean;
  /** The KCL application name (KCL names its lease table after it). */
  readonly kclApp?: string;
  /** The KCL lease table, when it is not named after the application. */
  readonly kclTable?: string;
  /** Pause between the two lease-table reads: "15s", "1m" or milliseconds; default 15 s. */
  readonly kclInterval?: string | number;
  readonly pollingReaders?: number;
}

/** The longest pause between the two lease-table reads the report waits. */
export const MAX_KCL_INTERVAL_MS = 10 * 60_000;

/** "90s", "5m", "1h", "300" (seconds) → milliseconds; undefined when not a positive duration. */
export function parseDurationText(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return value > 0 ? value : undefined;
}

/** A typed polling reader count (a whole number, at most 9,999), or undefined when it is not one. */
export function parsePollingReaders(text: string): number | undefined {
  return /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function leaseNameProblem(field: string, name: unknown): string | undefined {
  if (typeof name !== 'string') return `${field} must be a DynamoDB table name.`;
  const problem = validateLeaseTableName(name);
  return problem ? `${field}: ${problem}` : undefined;
}

/** The checks of programmatic arguments, or the first problem with them (before any call). */
export function parseCheckArgs(args: DoctorCheckArgs): DoctorChecks | string {
  for (const flag of ['cloudwatch', 'lambda'] as const) {
    if (args[flag] !== undefined && typeof args[flag] !== 'boolean') return `${flag} must be true or false.`;
  }
  for (const field of ['kclApp', 'kclTable'] as const) {
    const problem = args[field] === undefined ? undefined : leaseNameProblem(field, args[field]);
    if (problem) return problem;
  }
  let readIntervalMs: number | undefined;
  if (args.kclInterval !== undefined) {
    if (args.kclApp === undefined && args.kclTable === undefined) return 'kclInterval needs kclApp or kclTable.';
    const ms = typeof args.kclInterval === 'number' ? args.kclInterval : parseDurationText(String(args.kclInterval));
    if (ms === undefined || !(ms > 0) || ms > MAX_KCL_INTERVAL_MS) {
      return `kclInterval must be a positive duration of at most 10 minutes, such as 15s or 1m, not "${String(args.kclInterval)}".`;
    }
    readIntervalMs = ms;
  }
  if (args.pollingReaders !== undefined && !(Number.isInteger(args.pollingReaders) && args.pollingReaders >= 0)) {
    return `pollingReaders must be a whole number of applications, such as 3, not "${String(args.pollingReaders)}".`;
  }
  const kcl = args.kclApp !== undefined || args.kclTable !== undefined ? { application: args.kclApp, table: args.kclTable, readIntervalMs } : undefined;
  return { cloudwatch: args.cloudwatch === true, lambda: args.lambda === true, kcl, pollingReaders: args.pollingReaders };
}
