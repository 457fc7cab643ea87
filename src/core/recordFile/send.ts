/**
 * Turning blocks into records and sending them. {@link prepareRecords} validates every requested
 * block first and returns either all records or every problem, so a file with one bad block sends
 * nothing. {@link sendRecords} puts them with PutRecords, one group per (region, stream), in batches
 * within the API's limits, re-sending only entries that failed with a retryable code.
 */
import { toKinesisError } from '../kinesis/errors';
import type { ConnectionTarget, KinesisGateway, PutRecordsEntry, PutRecordsResult } from '../kinesis/gateway';
import { nullLogger, type ILogger } from '../logging';
import { entrySize, RecordBatcher, type BatchLimits } from '../bulkPut/batcher';
import { encodeBody } from './encoding';
import { headerOf, type RecordBlock, type RecordFile } from './model';
import { blockEncoding, blockRegion, RecordFileDiagnosticCodes, validateBlock, type RecordFileDiagnostic, type RecordFileValidationContext } from './validate';

/** One block, ready to send. */
export interface PreparedRecord {
  readonly blockIndex: number;
  /** The block's `PUT` line (0-based). */
  readonly line: number;
  readonly region: string;
  readonly stream: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

export type PrepareResult =
  | { readonly ok: true; readonly records: readonly PreparedRecord[] }
  | { readonly ok: false; readonly problems: readonly RecordFileDiagnostic[] };

/**
 * Validates `blocks` (default: all) and encodes them. Warnings (e.g. an unknown stream from a stale
 * list) do not stop sending; errors do, for every block at once. Blocks without a region fail when
 * the context has no default region.
 */
export function prepareRecords(file: RecordFile, context: RecordFileValidationContext, blocks: readonly RecordBlock[] = file.blocks): PrepareResult {
  const problems: RecordFileDiagnostic[] = [];
  const records: PreparedRecord[] = [];
  for (const block of blocks) {
    const errors = validateBlock(file, block, context).filter((d) => d.severity === 'error');
    const region = blockRegion(block, context.defaultRegion);
    if (!region) {
      errors.push({
        code: RecordFileDiagnosticCodes.missingRegion,
        severity: 'error',
        message: 'No region: add "region: <name>" to the block, or select a region (or start Local Kinesis) first.',
        range: block.putRange,
        blockIndex: block.index,
      });
    }
    if (errors.length > 0) {
      problems.push(...errors);
      continue;
    }
    const encoded = encodeBody(block.body!.text, blockEncoding(block)!);
    if (!encoded.ok) throw new Error(`block ${block.index} passed validation but cannot be encoded: ${encoded.message}`);
    records.push({
      blockIndex: block.index,
      line: block.line,
      region: region!,
      stream: block.stream!.text,
      partitionKey: headerOf(block, 'partition-key')!.value,
      explicitHashKey: headerOf(block, 'explicit-hash-key')?.value || undefined,
      data: encoded.bytes,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

/** "Line 7: message" lines for the first `max` problems, plus how many more there are. */
export function describeProblems(problems: readonly RecordFileDiagnostic[], max = 5): string {
  const shown = problems.slice(0, max).map((p) => `line ${p.range.start.line + 1}: ${p.message}`);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : '';
  return shown.join(' ') + more;
}

/** What happened to one record. `unknown`: its request was abandoned in flight, Kinesis may have stored it. */
export type RecordOutcome =
  | { readonly status: 'sent'; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly status: 'failed'; readonly errorCode: string; readonly message?: string }
  | { readonly status: 'notSent' }
  | { readonly status: 'unknown' };

export interface SendRecordsResult {
  /** One outcome per input record, in input order. */
  readonly outcomes: readonly RecordOutcome[];
  readonly sent: number;
  readonly failed: number;
  readonly notSent: number;
  readonly unknown: number;
  /** Entry re-sends. */
  readonly retried: number;
  readonly requests: number;
  readonly cancelled: boolean;
}

export interface SendRecordsOptions {
  /** putRecord sends a record too large for a PutRecords batch (streams with a raised maximum record size). */
  readonly gateway: Pick<KinesisGateway, 'putRecords' | 'putRecord'>;
  readonly targetFor: (region: string) => ConnectionTarget;
  readonly records: readonly PreparedRecord[];
  readonly signal?: AbortSignal;
  /** Attempts per entry, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** Attempt n waits a random time up to `baseDelayMs × 2^(n-1)`. Default 100. */
  readonly baseDelayMs?: number;
  readonly batch?: BatchLimits;
  /** Called after every request with the records that have an outcome so far. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly logger?: ILogger;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
}

export const DEFAULT_SEND_ATTEMPTS = 5;
const RETRYABLE_ENTRY_CODES = new Set(['ProvisionedThroughputExceededException', 'InternalFailure', 'InternalFailureException', 'ServiceUnavailable', 'KMSThrottlingException', 'MissingResult']);

/** Sends every record; resolves with an outcome for each (never rejects for Kinesis errors). */
export async function sendRecords(options: SendRecordsOptions): Promise<SendRecordsResult> {
  const { records, signal } = options;
  const logger = options.logger ?? nullLogger;
  const maxAttempts = options.maxAttempts ?? DEFAULT_SEND_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const random = options.random ?? Math.random;
  const outcomes: (RecordOutcome | undefined)[] = records.map(() => undefined);
  let done = 0;
  let retried = 0;
  let requests = 0;
  const settle = (index: number, outcome: RecordOutcome) => {
    if (!outcomes[index]) done++;
    outcomes[index] = outcome;
  };

  // Groups keep the file's order within each (region, stream).
  const groups = new Map<string, number[]>();
  records.forEach((record, index) => {
    const key = `${record.region}\u0000${record.stream}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });

  for (const indexes of groups.values()) {
    const { region, stream } = records[indexes[0]];
    const target = options.targetFor(region);
    const batcher = new RecordBatcher<number>(options.batch);
    /** Batches for PutRecords, and single records (`alone`) bigger than a whole batch may be. */
    const batches: { entries: number[]; alone?: boolean }[] = [];
    for (const index of indexes) {
      const r = records[index];
      const size = entrySize(r.partitionKey, r.data);
      if (size > batcher.maxBytes) {
        // Keep the file's order: what is batched so far goes first.
        const before = batcher.flush();
        if (before) batches.push({ entries: before.entries });
        batches.push({ entries: [index], alone: true });
        continue;
      }
      for (const batch of batcher.add(index, size)) batches.push({ entries: batch.entries });
    }
    const last = batcher.flush();
    if (last) batches.push({ entries: last.entries });

    let groupError: { code: string; message: string } | undefined;
    for (const batch of batches) {
      let pending = batch.entries;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (signal?.aborted) break;
        if (groupError) {
          for (const index of pending) settle(index, { status: 'failed', errorCode: groupError.code, message: groupError.message });
          pending = [];
          break;
        }
        if (attempt > 1) {
          retried += pending.length;
          await sleep(random() * baseDelayMs * 2 ** (attempt - 2), signal);
          if (signal?.aborted) break;
        }
        const entries: PutRecordsEntry[] = pending.map((index) => {
          const r = records[index];
          return { partitionKey: r.partitionKey, data: r.data, explicitHashKey: r.explicitHashKey };
        });
        try {
          const result = batch.alone ? await putAlone(options.gateway, target, stream, entries[0], signal) : await options.gateway.putRecords(target, stream, entries, { signal });
          requests++;
          const retry: number[] = [];
          pending.forEach((index, i) => {
            const entry = result.entries[i] ?? { ok: false as const, errorCode: 'MissingResult', errorMessage: 'The response had no result for this record.' };
            if (entry.ok) settle(index, { status: 'sent', shardId: entry.shardId, sequenceNumber: entry.sequenceNumber });
            else if (RETRYABLE_ENTRY_CODES.has(entry.errorCode) && attempt < maxAttempts) retry.push(index);
            else settle(index, { status: 'failed', errorCode: entry.errorCode, message: entry.errorMessage });
          });
          if (retry.length > 0) logger.debug(`PutRecords into ${stream}: ${retry.length} of ${pending.length} entries failed, retrying (attempt ${attempt + 1})`);
          pending = retry;
        } catch (error) {
          if (signal?.aborted) {
            for (const index of pending) settle(index, { status: 'unknown' });
            pending = [];
            break;
          }
          const failure = toKinesisError(error, 'PutRecords', target);
          if (failure.retryable && attempt < maxAttempts) {
            logger.debug(`PutRecords into ${stream} failed (${failure.code}), retrying: ${failure.message}`);
            continue;
          }
          logger.warn(`PutRecords into ${stream} failed: ${failure.message}`);
          // The same error would answer every later batch of this stream (missing stream, no access).
          groupError = { code: failure.code, message: failure.message };
          for (const index of pending) settle(index, { status: 'failed', errorCode: failure.code, message: failure.message });
          pending = [];
        }
      }
      options.onProgress?.(done, records.length);
      if (signal?.aborted) break;
    }
    if (signal?.aborted) break;
  }

  const final = outcomes.map((o) => o ?? ({ status: 'notSent' } as const));
  const count = (status: RecordOutcome['status']) => final.filter((o) => o.status === status).length;
  return {
    outcomes: final,
    sent: count('sent'),
    failed: count('failed'),
    notSent: count('notSent'),
    unknown: count('unknown'),
    retried,
    requests,
    cancelled: signal?.aborted ?? false,
  };
}

/** One PutRecord, answered in PutRecords' shape so both share the retry loop. */
async function putAlone(gateway: Pick<KinesisGateway, 'putRecord'>, target: ConnectionTarget, stream: string, entry: PutRecordsEntry, signal?: AbortSignal): Promise<PutRecordsResult> {
  const { shardId, sequenceNumber } = await gateway.putRecord(target, { stream, ...entry }, { signal });
  return { failedCount: 0, entries: [{ ok: true, shardId, sequenceNumber }] };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
