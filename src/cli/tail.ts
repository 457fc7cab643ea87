/**
 * `kinesis-studio tail <stream> [--from LATEST|TRIM_HORIZON|<ISO time>|<sequence>] [--shard ID…] [--max N] [--filter EXPR] [--raw] [--consumer NAME]`
 *
 * Reads a stream with the tail's shard reader (core/tail/reader.ts: follows resharding, children
 * after their parents are drained; enhanced fan-out with --consumer) and prints one NDJSON line per
 * record on stdout, KPL aggregates split into their user records. Everything else (progress,
 * errors, the summary) goes to stderr, so stdout stays valid NDJSON: a line is written whole or not
 * at all, also on Ctrl+C.
 */
import { exportedRecord } from '../core/tail/ndjson';
import { errorMessage } from '../core/errorMessage';
import type { Env } from '../core/kinesis/connection';
import { registerConsumerUntilActive, waitForConsumerActive } from '../core/kinesis/consumers';
import type { ConnectionTarget, KinesisGateway, ReceivedRecord } from '../core/kinesis/gateway';
import { validateConsumerName } from '../core/kinesis/validation';
import { compileFilter, type FilterSpec, type RowPredicate } from '../core/tail/filter';
import { createStreamTail, validateTailOptions } from '../core/tail/reader';
import { rowFullText, rowsOfRecord, type TailRow } from '../core/tail/rows';
import type { StartPosition, TailEvent, TailOptions } from '../core/tail/types';
import { toBase64 } from '../core/decode';
import {
  CONNECTION_HELP, CONNECTION_OPTIONS, count, defaultGateway, EXIT_FAILED, EXIT_USAGE, parseStreamCommandArgs, resolveTarget, validateConnectionFlags,
  type FlagValues, type StreamCommandDeps, type StreamCommandIo,
} from './streamCommand';

export const TAIL_USAGE = `Usage: kinesis-studio tail <stream> [--from LATEST|TRIM_HORIZON|<ISO time>|<sequence>] [--shard ID]… [--max N] [--filter EXPR]
                           [--raw] [--consumer NAME] [--region R] [--endpoint URL] [--profile P]

  Prints the records of <stream> as NDJSON on stdout, one line per record, until Ctrl+C or --max.
  Follows resharding: after a shard is read to its end, its children are read from their start,
  so every partition key's records come in order.

  --from START     LATEST (default: records put from now on), TRIM_HORIZON (the oldest kept),
                   an ISO time such as 2026-01-31T12:00:00Z, or a sequence number (needs one --shard)
  --shard ID       read only this shard (repeat, or give a comma-separated list); default every shard
  --max N          stop after N records have been printed
  --filter EXPR    print only matching records: $.path == value (JSON path, e.g. $.user.id == "u1",
                   $.cpu > 50), /regex/flags, or plain text (case-insensitive; matches the
                   partition key, the sequence number and the decoded data)
  --raw            print the records undecoded: KPL aggregates stay one record, data is base64
  --consumer NAME  read with enhanced fan-out (SubscribeToShard) as the registered consumer NAME;
                   if the stream has no such consumer it is registered, and deregistered on exit
${CONNECTION_HELP}

  Each line (decoded):
    {"shardId":…,"sequenceNumber":…,["subSequenceNumber":n,]"partitionKey":…,["explicitHashKey":…,]
     "approximateArrivalTimestamp":"ISO"|null,["gzip":true,]"dataEncoding":"json"|"text"|"base64","data":…}
    json: data is the record's JSON text itself, byte for byte (JSON that spans lines or has
    whitespace around it is printed as text); text: a string of the record's UTF-8 text;
    base64: the bytes of binary data.
    subSequenceNumber is the user record's index in its KPL aggregate; gzip records are inflated.
  With --raw:
    {"shardId":…,"sequenceNumber":…,"partitionKey":…,"approximateArrivalTimestamp":"ISO"|null,
     "dataEncoding":"base64","data":"<the stored bytes>"}

  On exit stderr says how many records were read from each shard and the last sequence number,
  to continue with --from <sequence> --shard <id>.

Exit codes: 0 stopped by Ctrl+C, --max or the end of every shard; 1 the tail failed (e.g. no such
stream, unreachable endpoint); 2 usage error.`;

const TAIL_OPTIONS = {
  ...CONNECTION_OPTIONS,
  from: { type: 'string' },
  shard: { type: 'string', multiple: true },
  max: { type: 'string' },
  filter: { type: 'string' },
  raw: { type: 'boolean' },
  consumer: { type: 'string' },
} as const;

/** The output of the tail: a Node writable such as process.stdout. */
export interface LineSink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
}

export interface TailDeps extends StreamCommandDeps {
  /** Default process.stdout. */
  readonly stdout?: LineSink;
}

interface TailArgs {
  readonly stream: string;
  readonly start: StartPosition;
  readonly shardIds?: readonly string[];
  readonly max?: number;
  readonly filter: FilterSpec;
  readonly raw: boolean;
  readonly consumer?: string;
  readonly connection: { region?: string; endpoint?: string; profile?: string };
}

/** `$…` is a JSON path, `/…/flags` a regular expression, anything else plain text. */
export function filterSpecOf(expression: string): FilterSpec {
  const text = expression.trim();
  if (text.startsWith('$')) return { mode: 'jsonPath', text };
  if (/^\/.*\/[a-z]*$/s.test(text)) return { mode: 'regex', text };
  return { mode: 'text', text };
}

function parseStart(from: string | undefined, shardIds: readonly string[] | undefined): StartPosition | string {
  if (from === undefined || from === 'LATEST') return { type: 'LATEST' };
  if (from === 'TRIM_HORIZON') return { type: 'TRIM_HORIZON' };
  if (/^\d+$/.test(from)) {
    if (shardIds?.length !== 1) return '--from <sequence number> needs exactly one --shard: a sequence number belongs to one shard.';
    return { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: from, shardId: shardIds[0] };
  }
  // Only full ISO dates and times: Date.parse alone also takes "1" or "March".
  const time = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(from) ? Date.parse(from) : NaN;
  if (Number.isNaN(time)) return `--from must be LATEST, TRIM_HORIZON, an ISO time such as 2026-01-31T12:00:00Z, or a sequence number (got "${from}").`;
  return { type: 'AT_TIMESTAMP', timestamp: new Date(time) };
}

function parseTailArgs(argv: readonly string[]): TailArgs | string {
  const parsed = parseStreamCommandArgs(argv, TAIL_OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const values = parsed.values as FlagValues & Partial<Record<'from' | 'max' | 'filter' | 'consumer' | 'region' | 'endpoint' | 'profile', string>> & { shard?: string[] };
  const connectionProblem = validateConnectionFlags(values);
  if (connectionProblem) return connectionProblem;
  const shardIds = values.shard?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (values.shard && !shardIds?.length) return '--shard needs a shard ID such as shardId-000000000000.';
  const start = parseStart(values.from, shardIds);
  if (typeof start === 'string') return start;
  let max: number | undefined;
  if (values.max !== undefined) {
    max = Number(values.max);
    if (!/^\d+$/.test(values.max) || !Number.isSafeInteger(max) || max < 1) return `--max must be a whole number ≥ 1 (got "${values.max}").`;
  }
  if (values.consumer !== undefined) {
    const problem = validateConsumerName(values.consumer);
    if (problem) return `--consumer: ${problem}`;
  }
  const filter = filterSpecOf(values.filter ?? '');
  const compiled = compileFilter(filter);
  if (!compiled.ok) return `--filter: ${compiled.error}`;
  return {
    stream: parsed.stream, start, shardIds, max, filter, raw: values.raw === true, consumer: values.consumer,
    connection: { region: values.region, endpoint: values.endpoint, profile: values.profile },
  };
}

/**
 * One decoded line. Like the viewer's NDJSON export (core/tail/ndjson.ts) but JSON data is the
 * record's own text rather than a re-serialisation of it, so the bytes survive the round trip.
 */
export function decodedLine(row: TailRow): string {
  const record = exportedRecord(row);
  if (record.dataEncoding !== 'json') return JSON.stringify(record);
  const text = rowFullText(row) ?? JSON.stringify(record.data);
  const { data: _data, ...head } = record;
  // A raw newline can only be whitespace between JSON tokens, but it would split the NDJSON line;
  // whitespace around the value would not survive reading it back: both are printed as text.
  if (/[\r\n]/.test(text) || text !== text.trim()) return JSON.stringify({ ...head, dataEncoding: 'text', data: text });
  return `${JSON.stringify(head).slice(0, -1)},"data":${text}}`;
}

/** One raw line: the Kinesis record as stored. */
export function rawLine(shardId: string, record: ReceivedRecord): string {
  return JSON.stringify({
    shardId,
    sequenceNumber: record.sequenceNumber,
    partitionKey: record.partitionKey,
    approximateArrivalTimestamp: record.approximateArrivalTimestamp ? record.approximateArrivalTimestamp.toISOString() : null,
    dataEncoding: 'base64',
    data: toBase64(record.data),
  });
}

/** The consumer's ARN, registering it (and waiting until it is ACTIVE) when the stream has none of that name. */
async function consumerArnFor(gateway: KinesisGateway, target: ConnectionTarget, stream: string, name: string, io: StreamCommandIo, signal?: AbortSignal): Promise<{ arn: string; streamArn: string; registered: boolean }> {
  const details = await gateway.describeStream(target, stream, { signal });
  const existing = (await gateway.listConsumers(target, details.arn, { signal })).find((c) => c.name === name);
  if (existing) {
    const consumer = await waitForConsumerActive(gateway, target, details.arn, existing, { signal });
    return { arn: consumer.arn, streamArn: details.arn, registered: false };
  }
  io.err(`tail: registering consumer "${name}" on "${stream}" (it is deregistered when the tail ends)`);
  const consumer = await registerConsumerUntilActive(gateway, target, details.arn, name, { signal, onDeregistered: (error) => reportDeregistered(name, error, io) });
  return { arn: consumer.arn, streamArn: details.arn, registered: true };
}

async function deregister(gateway: KinesisGateway, target: ConnectionTarget, streamArn: string, name: string, io: StreamCommandIo): Promise<void> {
  await gateway.deregisterConsumer(target, streamArn, name).then(
    () => reportDeregistered(name, undefined, io),
    (error: unknown) => reportDeregistered(name, error, io),
  );
}

function reportDeregistered(name: string, error: unknown, io: StreamCommandIo): void {
  io.err(error === undefined
    ? `tail: deregistered consumer "${name}"`
    : `tail: could not deregister consumer "${name}": ${errorMessage(error)}. Deregister it yourself: it is billed while registered.`);
}

/** Failed attempts to list the shards, before anything was read, after which the tail gives up. */
const STARTUP_ATTEMPTS = 4;
/** At most one "retrying" warning on stderr in this time. */
const WARNING_INTERVAL_MS = 5_000;

interface ShardTally {
  records: number;
  printed: number;
  lastSequence?: string;
}

/** Runs `tail` (argv after the command name) and resolves to its exit code. */
export async function runTail(argv: readonly string[], io: StreamCommandIo & { out(text: string): void }, deps: TailDeps = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(TAIL_USAGE);
    return 0;
  }
  const args = parseTailArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\nRun "kinesis-studio tail --help" for the options.`);
    return EXIT_USAGE;
  }
  const env: Env = deps.env ?? process.env;
  const resolved = await resolveTarget(args.connection, env, io);
  if (typeof resolved === 'string') {
    io.err(resolved);
    return EXIT_USAGE;
  }
  const options: TailOptions = { target: resolved.target, stream: args.stream, start: args.start, shardIds: args.shardIds };
  const problem = validateTailOptions(options);
  if (problem) {
    io.err(`${problem}\nRun "kinesis-studio tail --help" for the options.`);
    return EXIT_USAGE;
  }
  const compiled = compileFilter(args.filter);
  const predicate: RowPredicate | undefined = compiled.ok ? compiled.predicate : undefined;
  const stdout = deps.stdout ?? process.stdout;
  const gateway = await (deps.createGateway ?? defaultGateway)();
  const signal = deps.signal;

  let consumer: Awaited<ReturnType<typeof consumerArnFor>> | undefined;
  try {
    if (args.consumer !== undefined) consumer = await consumerArnFor(gateway, resolved.target, args.stream, args.consumer, io, signal);
  } catch (error) {
    gateway.dispose();
    if (signal?.aborted) {
      io.err('Interrupted before reading: tail: 0 record(s) printed.');
      return 0;
    }
    io.err(`Cannot tail "${args.stream}" as consumer "${args.consumer}": ${errorMessage(error)}`);
    return EXIT_FAILED;
  }

  const shards = new Map<string, ShardTally>();
  let printed = 0;
  let rows = 0;
  let fatal: string | undefined;
  let why: 'interrupted' | 'max' | 'drained' | 'output closed' | 'failed' | undefined;
  // The reader retries transient errors for ever; before it has read anything they mean the
  // endpoint or the credentials are wrong, so the CLI gives up instead of hanging in silence.
  let reading = false;
  let startupFailures = 0;
  let lastWarningAt = -Infinity;
  let stopping = false;
  let blocked = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  const tally = (shardId: string) => {
    let shard = shards.get(shardId);
    if (!shard) shards.set(shardId, (shard = { records: 0, printed: 0 }));
    return shard;
  };
  const stop = (reason: NonNullable<typeof why>) => {
    why ??= reason;
    if (stopping) return;
    stopping = true;
    void tail.stop();
  };
  const print = (shard: ShardTally, line: string) => {
    if (stopping && why !== 'drained') return;
    // A line is one write: it is in the pipe whole or not at all.
    if (!stdout.write(`${line}\n`) && !blocked) {
      // The reader waits while the consumer of stdout catches up.
      blocked = true;
      tail.pause();
      stdout.once('drain', () => {
        blocked = false;
        tail.resume();
      });
    }
    shard.printed++;
    if (++printed === args.max) stop('max');
  };
  const onRecords = (shardId: string, records: readonly ReceivedRecord[]) => {
    const shard = tally(shardId);
    for (const record of records) {
      if (stopping && why !== 'drained') return;
      shard.records++;
      shard.lastSequence = record.sequenceNumber;
      const recordRows = rowsOfRecord(shardId, record, () => rows++);
      if (args.raw) {
        if (!predicate || recordRows.some(predicate)) print(shard, rawLine(shardId, record));
        continue;
      }
      for (const row of recordRows) {
        if (stopping) return;
        if (!predicate || predicate(row)) print(shard, decodedLine(row));
      }
    }
  };
  const tail = createStreamTail(gateway, { ...options, consumerArn: consumer?.arn }, (event: TailEvent) => {
    switch (event.kind) {
      case 'shardStarted':
        reading = true;
        tally(event.shardId);
        break;
      case 'records': onRecords(event.shardId, event.records); break;
      case 'error':
        if (event.fatal) fatal = errorMessage(event.error);
        else if (!reading && ++startupFailures >= STARTUP_ATTEMPTS) {
          fatal = `${errorMessage(event.error)} (${STARTUP_ATTEMPTS} attempts)`;
          stop('failed');
        } else if (reading && Date.now() - lastWarningAt > WARNING_INTERVAL_MS) {
          lastWarningAt = Date.now();
          io.err(`tail: ${event.shardId ? `${event.shardId}: ` : ''}${errorMessage(event.error)} (retrying)`);
        }
        break;
      case 'stopped':
        if (event.reason === 'allShardsDrained') why ??= 'drained';
        resolveStopped();
        break;
      default: break;
    }
  });
  stdout.on('error', (error) => {
    // The reader of our output went away (e.g. `| head`): stop quietly.
    if (error.code !== 'EPIPE') io.err(`tail: cannot write to stdout: ${error.message}`);
    stop('output closed');
  });
  const onAbort = () => stop('interrupted');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  io.err(`tail: "${args.stream}" (${resolved.where}) from ${describeStart(args.start)}${args.shardIds ? `, shards ${args.shardIds.join(', ')}` : ''}${consumer ? `, enhanced fan-out as "${args.consumer}"` : ''}`);
  tail.start();
  await stopped;
  signal?.removeEventListener('abort', onAbort);
  if (consumer?.registered) await deregister(gateway, resolved.target, consumer.streamArn, args.consumer!, io);
  gateway.dispose();
  const received = [...shards.values()].reduce((sum, s) => sum + s.records, 0);
  io.err(`${why === 'interrupted' ? 'Interrupted: ' : ''}tail: ${count(printed)} record(s) printed from ${count(received)} Kinesis record(s) (${count(rows)} user records) in ${shards.size} shard(s)${why === 'max' ? '; --max reached' : why === 'drained' ? '; every shard was read to its end' : ''}.`);
  for (const [shardId, shard] of shards) {
    io.err(`  ${shardId}: ${count(shard.records)} read, ${count(shard.printed)} printed${shard.lastSequence ? `, last sequence ${shard.lastSequence}` : ''}`);
  }
  if (fatal !== undefined && why !== 'interrupted') {
    io.err(`Cannot tail "${args.stream}": ${fatal}`);
    return EXIT_FAILED;
  }
  return 0;
}

function describeStart(start: StartPosition): string {
  switch (start.type) {
    case 'AT_TIMESTAMP': return start.timestamp.toISOString();
    case 'AT_SEQUENCE_NUMBER': return `sequence ${start.sequenceNumber}`;
    default: return start.type;
  }
}
