/**
 * Turning blocks into records and sending them. {@link prepareRecords} validates every requested
 * block first and returns either all records or every problem, so a file with one bad block sends
 * nothing. {@link sendRecords} puts them through the one PutRecords loop ({@link putEntries}), one
 * group per (region, stream), in batches within the API's limits, re-sending only entries that
 * failed with a retryable code. Each stream's writes are paced per shard (core/kinesis/pacing.ts)
 * when the gateway can list its shards, and the shard map is fetched again after a reshard.
 */
import type { ConnectionTarget, KinesisGateway, PutRecordsEntry } from '../kinesis/gateway';
import { entrySize, putEntries, RecordBatcher, type BatchLimits, type EntryOutcome, type PutFailure } from '../kinesis/putRecords';
import { createStreamPacer, pacedBatchRecords, refreshStalePacer, type ShardPacerOptions } from '../kinesis/pacing';
import { nullLogger, type ILogger } from '../logging';
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

export interface SendRecordsResult {
  /** One outcome per input record, in input order. */
  readonly outcomes: readonly EntryOutcome[];
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
  /**
   * putRecord sends a record too large for a PutRecords batch (streams with a raised maximum record
   * size); with listShards, writes are paced per shard.
   */
  readonly gateway: Pick<KinesisGateway, 'putRecords' | 'putRecord'> & Partial<Pick<KinesisGateway, 'listShards'>>;
  readonly targetFor: (region: string) => ConnectionTarget;
  readonly records: readonly PreparedRecord[];
  /** Cancels: nothing more is sent, and a request in flight is abandoned (its records are `unknown`). */
  readonly signal?: AbortSignal;
  /** Attempts per entry, the first included. Default 5: a few records sent by hand, the user is waiting. */
  readonly maxAttempts?: number;
  /** Retry n (1-based) waits a random time up to `baseDelayMs × 2^(n-1)`. Default 100. */
  readonly baseDelayMs?: number;
  readonly batch?: BatchLimits;
  /** Called after every batch with the records that have an outcome so far. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly logger?: ILogger;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
  /** Per-shard pacing (needs `gateway.listShards`). Default true, at AWS's limits; an object tunes the pacer. */
  readonly pacing?: boolean | Omit<ShardPacerOptions, 'shardMap'>;
}

export const DEFAULT_SEND_ATTEMPTS = 5;

/** Sends every record; resolves with an outcome for each (never rejects for Kinesis errors). */
export async function sendRecords(options: SendRecordsOptions): Promise<SendRecordsResult> {
  const { records, signal } = options;
  const logger = options.logger ?? nullLogger;
  const retry = { maxAttempts: options.maxAttempts ?? DEFAULT_SEND_ATTEMPTS, baseDelayMs: options.baseDelayMs, random: options.random };
  const outcomes: (EntryOutcome | undefined)[] = records.map(() => undefined);
  let done = 0;
  let retried = 0;
  let requests = 0;

  // Groups keep the file's order within each (region, stream).
  const groups = new Map<string, number[]>();
  records.forEach((record, index) => {
    const key = `${record.region}\u0000${record.stream}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });

  for (const indexes of groups.values()) {
    if (signal?.aborted) break;
    const { region, stream } = records[indexes[0]];
    const target = options.targetFor(region);
    const { gateway } = options;
    const pacing = options.pacing ?? true;
    const listShards = pacing && gateway.listShards ? () => gateway.listShards!(target, stream, { signal }) : undefined;
    const pacer = listShards && await createStreamPacer(listShards, logger, pacing === true ? {} : pacing || {});
    /** The failure that ended a batch: the same one would answer every later batch of this stream (missing stream, no access). */
    let groupFailure: PutFailure | undefined;
    const limits = pacer ? { ...options.batch, maxRecords: pacedBatchRecords(pacer.shardMap!.shards.length, options.batch?.maxRecords ?? new RecordBatcher().maxRecords) } : options.batch;
    for (const batch of batchesOf(indexes, records, limits)) {
      if (signal?.aborted) break;
      if (groupFailure) {
        for (const index of batch.entries) outcomes[index] = { status: 'notSent', cause: groupFailure };
      } else {
        if (listShards) await refreshStalePacer(pacer, listShards, logger);
        const result = await putEntries({
          gateway: options.gateway, target, stream, logger, retry, stopSignal: signal, requestSignal: signal, pacer,
          api: batch.alone ? 'putRecord' : 'putRecords',
          entries: batch.entries.map((index): PutRecordsEntry => {
            const r = records[index];
            return { partitionKey: r.partitionKey, data: r.data, explicitHashKey: r.explicitHashKey };
          }),
        });
        result.outcomes.forEach((outcome, i) => (outcomes[batch.entries[i]] = outcome));
        retried += result.retried;
        requests += result.requests;
        if (result.stoppedBy) {
          logger.warn(`${result.stoppedBy.operation} into ${stream} failed: ${result.stoppedBy.message}`);
          groupFailure = { code: result.stoppedBy.code, message: result.stoppedBy.message };
        }
      }
      done += batch.entries.length;
      options.onProgress?.(done, records.length);
    }
  }

  const final = outcomes.map((o) => o ?? ({ status: 'notSent' } as const));
  const count = (status: EntryOutcome['status']) => final.filter((o) => o.status === status).length;
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

/** PutRecords batches of a group in file order, and single records (`alone`) bigger than a whole batch may be. */
function batchesOf(indexes: readonly number[], records: readonly PreparedRecord[], limits: BatchLimits | undefined): { entries: number[]; alone?: boolean }[] {
  const batcher = new RecordBatcher<number>(limits);
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
  return batches;
}
