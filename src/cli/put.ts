/**
 * `kinesis-studio put <stream> [--file F | stdin] [--key-field PATH | --key K | --random-key] [--encoding text|json|base64] [--aggregate] …`
 *
 * Puts records from a file or stdin through the one put pipeline (core/bulkPut/putFromSource.ts)
 * with per-shard pacing on, as Put Records from File does, and writes records Kinesis refused to
 * the same failed-records (resend) file: putting that file again re-sends them with their keys.
 * Progress goes to stderr; stdout is not used.
 *
 * Bad input never reaches Kinesis: flags, the key, the field path and every record are checked
 * before the first call, and any problem ends the run with nothing sent (unless --skip-invalid).
 * Stdin cannot be read twice, so it is first copied to a private temporary file (cli/stdinSpool.ts),
 * checked in full as a file is, and sent from that copy. --stream-stdin sends stdin as it arrives
 * instead (for producers that never end): its invalid records are skipped as they come and written
 * to the failed-records file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createStdinSpool, SpoolWriteError } from './stdinSpool';
import * as path from 'node:path';
import {
  createFailedRecordWriter, openDataFile, putRecordsFromSource, readRecords, sniffFormat,
  type ByteInput, type PartitionKeySource, type PutProgress, type PutRecordsFromSourceResult, type RecordFormat, type RecordSource, type RecordSourceOptions,
} from '../core/bulkPut';
import { errorMessage } from '../core/errorMessage';
import type { Env } from '../core/kinesis/connection';
import { validatePartitionKey } from '../core/kinesis/validation';
import { FILE_READ_CHUNK_BYTES, parseFieldPath } from '../core/bulkPut/recordSource';
import {
  CONNECTION_HELP, CONNECTION_OPTIONS, count, defaultGateway, describeLineRanges, EXIT_FAILED, EXIT_USAGE, parseStreamCommandArgs, resolveTarget,
  validateConnectionFlags, type FlagValues, type StreamCommandDeps, type StreamCommandIo,
} from './streamCommand';

export const PUT_USAGE = `Usage: kinesis-studio put <stream> [--file F] [--key-field PATH | --key K | --random-key] [--encoding text|json|base64] [--aggregate]
                          [--failed-file F] [--skip-invalid] [--stream-stdin] [--region R] [--endpoint URL] [--profile P]

  Puts records into <stream> from a file, or from stdin when --file is not given, paced per shard
  to the stream's write limits (1,000 records/s and 1 MiB/s a shard) and retrying throttled entries.

  --file F         read records from F (default: stdin). Stdin is first read to its end into a
                   private temporary file (removed when put ends) and checked in full like a file:
                   nothing is sent until all of it has been read and found valid.
  --encoding E     json: NDJSON or a JSON array, one record per value, sent byte for byte;
                   text: each line is a record (its UTF-8 bytes);
                   base64: each line is base64, the decoded bytes are the record (binary data).
                   Default: json when the input starts like JSON, else text.
  --key-field PATH partition key from a field of each JSON record, e.g. user.id or items[0].sku
  --key K          one partition key for every record (they all go to one shard)
  --random-key     a random partition key per record (the default)
  --aggregate      pack small records into KPL aggregated records (more records/s per shard;
                   consumers must de-aggregate, as KCL and kinesis-studio tail do)
  --failed-file F  where records that were not stored are written (default: <file>.failed.ndjson,
                   or <stream>.failed.ndjson in the current folder for stdin). Put that file again
                   to re-send them: its lines keep each record's key and bytes.
  --skip-invalid   send the valid records of the input with invalid ones (default: check the whole
                   input first and send nothing if any record is invalid)
  --stream-stdin   send stdin's records as they arrive, for producers that do not end
                   (producer | kinesis-studio put S --stream-stdin). Input is then checked record
                   by record, not before the first call: each invalid record is reported, skipped
                   and written to the failed-records file while the others are sent.
${CONNECTION_HELP}

  Progress is printed to stderr. Ctrl+C stops: requests in flight finish, nothing more is sent, and
  the summary says which lines were stored, not sent or not read.

Exit codes: 0 every record stored, 1 records failed or the put could not run (e.g. no such stream),
2 usage error or invalid input (nothing sent), 130 interrupted with Ctrl+C.`;

const PUT_OPTIONS = {
  ...CONNECTION_OPTIONS,
  file: { type: 'string' },
  'key-field': { type: 'string' },
  key: { type: 'string' },
  'random-key': { type: 'boolean' },
  encoding: { type: 'string' },
  aggregate: { type: 'boolean' },
  'failed-file': { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  'stream-stdin': { type: 'boolean' },
} as const;

type Encoding = 'text' | 'json' | 'base64';

interface PutArgs {
  readonly stream: string;
  readonly file?: string;
  readonly encoding?: Encoding;
  readonly partitionKey: PartitionKeySource;
  readonly aggregate: boolean;
  readonly failedFile?: string;
  readonly skipInvalid: boolean;
  /** Stdin is sent as it arrives, not spooled and checked first. */
  readonly streamStdin: boolean;
  readonly connection: { region?: string; endpoint?: string; profile?: string };
}

/** Collaborators of {@link runPut}; tests run the built CLI, the entry passes stdin and the signal. */
export interface PutDeps extends StreamCommandDeps {
  /** The input when no --file is given. Default: process.stdin. Destroyed on an interrupt while it is spooled. */
  readonly stdin?: ByteInput & { readonly isTTY?: boolean; destroy?(): void };
  /** Where stdin is spooled. Default: os.tmpdir(). */
  readonly spoolDirectory?: string;
  /** How often progress is printed. Default 1,000 ms. */
  readonly progressIntervalMs?: number;
}

/** Invalid records listed before giving up. */
const INVALID_SHOWN = 5;

function parsePutArgs(argv: readonly string[]): PutArgs | string {
  const parsed = parseStreamCommandArgs(argv, PUT_OPTIONS);
  if (typeof parsed === 'string') return parsed;
  const values = parsed.values as FlagValues & Partial<Record<'file' | 'key-field' | 'key' | 'encoding' | 'failed-file' | 'region' | 'endpoint' | 'profile', string>>;
  const connectionProblem = validateConnectionFlags(values);
  if (connectionProblem) return connectionProblem;
  const keyFlags = [values['key-field'] !== undefined, values.key !== undefined, values['random-key'] === true].filter(Boolean).length;
  if (keyFlags > 1) return 'Choose one of --key-field, --key and --random-key.';
  let partitionKey: PartitionKeySource = { kind: 'random' };
  if (values['key-field'] !== undefined) {
    if (!parseFieldPath(values['key-field'])) return `--key-field "${values['key-field']}" is not a field path: use names separated by dots, with [n] for array items, e.g. user.id or items[0].sku.`;
    partitionKey = { kind: 'field', path: values['key-field'] };
  } else if (values.key !== undefined) {
    const problem = validatePartitionKey(values.key);
    if (problem) return `--key: ${problem}`;
    partitionKey = { kind: 'fixed', value: values.key };
  }
  const encoding = values.encoding;
  if (encoding !== undefined && encoding !== 'text' && encoding !== 'json' && encoding !== 'base64') return '--encoding must be text, json or base64.';
  if (partitionKey.kind === 'field' && encoding !== undefined && encoding !== 'json') return `--key-field reads a field of JSON records: use --encoding json, or --key / --random-key for ${encoding} records.`;
  if (values.file === '') return '--file needs a file name.';
  if (values.file !== undefined && values['stream-stdin'] === true) return '--stream-stdin sends stdin as it arrives; it cannot be used with --file.';
  return {
    stream: parsed.stream,
    file: values.file,
    encoding,
    partitionKey,
    aggregate: values.aggregate === true,
    failedFile: values['failed-file'],
    skipInvalid: values['skip-invalid'] === true,
    streamStdin: values['stream-stdin'] === true,
    connection: { region: values.region, endpoint: values.endpoint, profile: values.profile },
  };
}

/** How the bytes are split into records for an encoding; json also looks at the start to tell NDJSON from an array. */
function recordFormat(encoding: Encoding, prefix: string, fileName: string | undefined): { format: RecordFormat; decode?: 'base64' } {
  if (encoding === 'base64') return { format: 'lines', decode: 'base64' };
  if (encoding === 'text') return { format: 'lines' };
  return { format: sniffFormat(prefix, fileName) === 'json-array' ? 'json-array' : 'ndjson' };
}

/** The input's first chunk (to choose the format), and the whole input again. */
async function peek(input: ByteInput): Promise<{ prefix: string; input: ByteInput }> {
  const iterator = (Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]()) as AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  const first = await iterator.next();
  const head = first.done ? undefined : first.value;
  const prefix = head === undefined ? '' : typeof head === 'string' ? head.slice(0, 4096) : Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 4096)).toString('utf8');
  async function* replay(): AsyncGenerator<Uint8Array | string> {
    if (head === undefined) return;
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { prefix, input: replay() };
}

/** The encoding to use: the flag, else json when the input starts like JSON. */
function chooseEncoding(args: PutArgs, prefix: string): Encoding {
  if (args.encoding) return args.encoding;
  if (args.partitionKey.kind === 'field') return 'json';
  return sniffFormat(prefix, args.file ? path.basename(args.file) : undefined) === 'lines' ? 'text' : 'json';
}

/** Reads a whole source once with the put's own reader; the records read, and the invalid ones found (up to a few) and their count. */
async function findInvalidRecords(source: RecordSource, signal?: AbortSignal, onRecord?: (read: number) => void): Promise<{ read: number; count: number; shown: string[] }> {
  const shown: string[] = [];
  let read = 0;
  let invalid = 0;
  for await (const record of source) {
    if (signal?.aborted) break;
    onRecord?.(++read);
    if (record.error === undefined) continue;
    invalid++;
    if (shown.length < INVALID_SHOWN) shown.push(`  line ${record.line}: ${record.error}`);
  }
  return { read, count: invalid, shown };
}

/** The error for invalid records found before sending (nothing was sent). */
function invalidInputMessage(where: string, encoding: Encoding, invalid: { count: number; shown: readonly string[] }, stdinAdvice: boolean): string {
  return [
    `${count(invalid.count)} invalid record(s) in ${where} (read as ${encoding}); nothing was sent:`,
    ...invalid.shown,
    ...(invalid.count > invalid.shown.length ? [`  … and ${count(invalid.count - invalid.shown.length)} more`] : []),
    'Fix them, choose another --encoding or key, or pass --skip-invalid to send the valid records and write the invalid ones to the failed-records file' +
      (stdinAdvice ? ' (or --stream-stdin to send stdin as it arrives, checking record by record).' : '.'),
  ].join('\n');
}

/** One progress line. */
function progressLine(p: PutProgress, size: number | undefined): string {
  const percent = size && p.bytesRead !== undefined ? ` · ${Math.min(100, Math.floor((p.bytesRead / size) * 100))}%` : '';
  const rate = p.elapsedMs > 0 ? ` · ${count(Math.round((p.sent / p.elapsedMs) * 1000))} records/s` : '';
  return `put: ${count(p.recordsRead)} read · ${count(p.sent)} sent · ${count(p.failed)} failed · ${count(p.retried)} retried${percent}${rate}`;
}

/** The summary on stderr: counts, and after a stop exactly which lines were stored and which were not. */
export function putSummary(stream: string, result: PutRecordsFromSourceResult, failedFile: string | undefined, interrupted: boolean): string[] {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const lines = [
    `${interrupted ? 'Interrupted: ' : ''}${count(result.sent)} of ${count(result.recordsRead)} records stored in "${stream}" in ${seconds} s; ` +
      `${count(result.failedCount)} failed, ${count(result.retried)} entry retries${result.kinesisRecordsSent !== undefined ? `, ${count(result.kinesisRecordsSent)} Kinesis records (aggregated)` : ''}.`,
  ];
  if (result.resentAfterReshard) lines.push(`${count(result.resentAfterReshard)} records were sent again after a reshard: their aggregate landed in a shard that no longer owns their keys.`);
  if (result.error) lines.push(`Stopped: ${result.error.message}`);
  if (result.cancelled || result.error) {
    lines.push(`Stored: ${result.sentRanges.length ? describeLineRanges(result.sentRanges) : 'none'}.`);
    if (result.notSent.length) lines.push(`Not sent: ${describeLineRanges(result.notSent)}.`);
    if (result.unknown.length) lines.push(`Unknown (sent, no answer; Kinesis may have stored them): ${describeLineRanges(result.unknown)}.`);
    if (result.unread) lines.push(`Not read: from line ${count(result.unread.afterLine + 1)} on.`);
  }
  if (failedFile) lines.push(`Failed records are in ${failedFile}; re-send them with: kinesis-studio put ${stream} --file ${failedFile}`);
  return lines;
}

/** Runs `put` (argv after the command name) and resolves to its exit code. */
export async function runPut(argv: readonly string[], io: StreamCommandIo & { out(text: string): void }, deps: PutDeps = {}): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(PUT_USAGE);
    return 0;
  }
  const args = parsePutArgs(argv);
  if (typeof args === 'string') {
    io.err(`${args}\nRun "kinesis-studio put --help" for the options.`);
    return EXIT_USAGE;
  }
  const env: Env = deps.env ?? process.env;
  const stdin = deps.stdin ?? process.stdin;
  let size: number | undefined;
  let input: ByteInput;
  if (args.file !== undefined) {
    const file = args.file;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      io.err(`Cannot read ${file}: ${info ? 'it is not a file' : 'no such file'}. Nothing was sent.`);
      return EXIT_USAGE;
    }
    size = info.size;
    // Read as it goes, in bounded memory.
    input = createReadStream(file, { highWaterMark: FILE_READ_CHUNK_BYTES });
  } else {
    if (stdin.isTTY) {
      io.err(`No input: pass --file F or pipe records into stdin.\n\n${PUT_USAGE}`);
      return EXIT_USAGE;
    }
    input = stdin;
  }
  // Stdin read to its end before sending: an idle producer would keep that read waiting for ever,
  // so Ctrl+C ends the read itself.
  const stopReading = () => stdin.destroy?.();
  const spooling = args.file === undefined && !args.streamStdin;
  if (spooling) deps.signal?.addEventListener('abort', stopReading, { once: true });
  try {
    return await checkThenSend(args, input, size, env, io, deps);
  } finally {
    deps.signal?.removeEventListener('abort', stopReading);
  }
}

/** Chooses the format, checks the input unless told not to, and sends it. */
async function checkThenSend(args: PutArgs, input: ByteInput, size: number | undefined, env: Env, io: StreamCommandIo & { out(text: string): void }, deps: PutDeps): Promise<number> {
  let prefix: string;
  try {
    ({ prefix, input } = await peek(input));
  } catch (error) {
    if (deps.signal?.aborted) {
      io.err(`Interrupted while reading ${args.file ?? 'stdin'}; nothing was sent.`);
      return 130;
    }
    io.err(`Cannot read ${args.file ?? 'stdin'}: ${errorMessage(error)}. Nothing was sent.`);
    return EXIT_USAGE;
  }
  const encoding = chooseEncoding(args, prefix);
  if (args.partitionKey.kind === 'field' && encoding !== 'json') {
    io.err('--key-field reads a field of JSON records, but the input does not look like JSON: use --key or --random-key, or --encoding json.');
    return EXIT_USAGE;
  }
  const sourceOptions: RecordSourceOptions = { ...recordFormat(encoding, prefix, args.file ? path.basename(args.file) : undefined), partitionKey: args.partitionKey };
  const send: SendPlan = { args, encoding, sourceOptions, size, input };
  if (args.file === undefined) {
    if (args.streamStdin) return sendRecords(send, env, io, deps);
    return spoolStdinThenSend(send, env, io, deps);
  }
  if (!args.skipInvalid) {
    let invalid;
    try {
      invalid = await findInvalidRecords(openDataFile(args.file, sourceOptions), deps.signal);
    } catch (error) {
      io.err(`Cannot read ${args.file}: ${errorMessage(error)}. Nothing was sent.`);
      return EXIT_USAGE;
    }
    if (deps.signal?.aborted) {
      io.err(`Interrupted while checking ${args.file}; nothing was sent.`);
      return 130;
    }
    if (invalid.count > 0) {
      io.err(invalidInputMessage(args.file, encoding, invalid, false));
      return EXIT_USAGE;
    }
  }
  return sendRecords(send, env, io, deps);
}

/** What {@link sendRecords} puts, and how it reads it. */
interface SendPlan {
  readonly args: PutArgs;
  readonly encoding: Encoding;
  readonly sourceOptions: RecordSourceOptions;
  /** The input's size in bytes, for the percentage (unknown for stdin sent as it arrives). */
  readonly size?: number;
  readonly input: ByteInput;
}

/**
 * Reads stdin to its end into the spool, checking every record as it goes past with the same reader
 * as the send, then sends from the spool. The spool is removed on every way out.
 */
async function spoolStdinThenSend(plan: SendPlan, env: Env, io: StreamCommandIo & { out(text: string): void }, deps: PutDeps): Promise<number> {
  const signal = deps.signal;
  let spool;
  try {
    spool = createStdinSpool(deps.spoolDirectory);
  } catch (error) {
    io.err(`Cannot create a temporary file to check stdin before sending: ${errorMessage(error)}. Nothing was sent; pass --stream-stdin to send stdin as it arrives.`);
    return EXIT_FAILED;
  }
  try {
    const interval = deps.progressIntervalMs ?? 1_000;
    let lastProgressAt = performance.now();
    io.err('put: reading stdin to its end to check every record before sending (--stream-stdin sends as it arrives)');
    let invalid;
    try {
      invalid = await findInvalidRecords(readRecords(spool.copy(plan.input), plan.sourceOptions), signal, (read) => {
        if (performance.now() - lastProgressAt < interval) return;
        lastProgressAt = performance.now();
        io.err(`Reading stdin… ${count(read)} records`);
      });
      await spool.close();
    } catch (error) {
      if (signal?.aborted) {
        io.err('Interrupted while reading stdin; nothing was sent.');
        return 130;
      }
      if (error instanceof SpoolWriteError) {
        io.err(`${error.message}. Nothing was sent. Free some space there (or point TMPDIR elsewhere), or pass --stream-stdin to send stdin as it arrives.`);
        return EXIT_FAILED;
      }
      io.err(`Cannot read stdin: ${errorMessage(error)}. Nothing was sent.`);
      return EXIT_USAGE;
    }
    if (signal?.aborted) {
      io.err('Interrupted while reading stdin; nothing was sent.');
      return 130;
    }
    if (invalid.count > 0 && !plan.args.skipInvalid) {
      io.err(invalidInputMessage('stdin', plan.encoding, invalid, true));
      return EXIT_USAGE;
    }
    io.err(`put: read ${count(invalid.read)} records (${count(spool.bytesWritten)} bytes) from stdin${invalid.count ? `, ${count(invalid.count)} invalid` : ', all valid'}`);
    const input = createReadStream(spool.path, { highWaterMark: FILE_READ_CHUNK_BYTES });
    return await sendRecords({ ...plan, input, size: spool.bytesWritten }, env, io, deps);
  } finally {
    spool.remove();
  }
}

/** Resolves the target and puts the records of `plan.input`; the exit code. */
async function sendRecords(plan: SendPlan, env: Env, io: StreamCommandIo & { out(text: string): void }, deps: PutDeps): Promise<number> {
  const { args, encoding, sourceOptions, size } = plan;
  const resolved = await resolveTarget(args.connection, env, io);
  if (typeof resolved === 'string') {
    io.err(`${resolved} Nothing was sent.`);
    return EXIT_USAGE;
  }

  const failedFile = args.failedFile ?? (args.file !== undefined ? `${args.file}.failed.ndjson` : `${args.stream}.failed.ndjson`);
  const writer = createFailedRecordWriter(failedFile);
  const gateway = await (deps.createGateway ?? defaultGateway)();
  const interval = deps.progressIntervalMs ?? 1_000;
  // The first line after one interval: a short put needs none.
  let lastProgressAt = performance.now();
  io.err(`put: into "${args.stream}" (${resolved.where}) from ${args.file ?? 'stdin'} as ${encoding}${args.aggregate ? ', KPL-aggregated' : ''}, paced per shard`);
  let result: PutRecordsFromSourceResult;
  try {
    result = await putRecordsFromSource({
      gateway, target: resolved.target, stream: args.stream,
      source: readRecords(plan.input, sourceOptions),
      pacing: true,
      aggregate: args.aggregate,
      signal: deps.signal,
      onFailedRecord: (record) => writer.write(record),
      onProgress: (p) => {
        if (p.done || performance.now() - lastProgressAt < interval) return;
        lastProgressAt = performance.now();
        io.err(progressLine(p, size));
      },
    });
  } catch (error) {
    io.err(`Cannot put into "${args.stream}": ${errorMessage(error)}`);
    return EXIT_FAILED;
  } finally {
    await writer.close().catch((error: unknown) => io.err(`Could not finish ${failedFile}: ${errorMessage(error)}`));
    gateway.dispose();
  }
  const interrupted = result.cancelled && deps.signal?.aborted === true;
  for (const line of putSummary(args.stream, result, writer.written > 0 ? failedFile : undefined, interrupted)) io.err(line);
  if (interrupted) return 130;
  return result.error || result.failedCount > 0 || result.sent < result.recordsRead ? EXIT_FAILED : 0;
}
