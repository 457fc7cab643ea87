/**
 * In-memory stand-ins for the put pipeline's collaborators: a scripted PutRecords gateway and
 * helpers to build inputs.
 */
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { CallOptions, ConnectionTarget, KinesisGateway, PutRecordsEntry, PutRecordsEntryResult, PutRecordsResult } from '../../../src/core/kinesis/gateway';
import type { SourceRecord } from '../../../src/core/bulkPut/recordSource';

export const TARGET: ConnectionTarget = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1', localEmulator: true };

/** What the script decides for one call: per-entry results, or a thrown error. */
export type CallScript = (call: { readonly callNumber: number; readonly entries: readonly PutRecordsEntry[] }) =>
  | readonly (PutRecordsEntryResult | 'ok')[]
  | KinesisError
  | 'ok'
  | Promise<readonly (PutRecordsEntryResult | 'ok')[] | KinesisError | 'ok'>;

/** A PutRecords gateway that stores accepted entries and answers as the script says. */
export class FakePutGateway implements Pick<KinesisGateway, 'putRecords'> {
  readonly stored: string[] = [];
  readonly calls: { size: number; keys: string[] }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #sequence = 0;
  readonly #script: CallScript;
  /** Milliseconds each call takes (lets calls overlap). */
  readonly #latencyMs: number;

  constructor(script: CallScript = () => 'ok', latencyMs = 0) {
    this.#script = script;
    this.#latencyMs = latencyMs;
  }

  async putRecords(_target: ConnectionTarget, _stream: string, entries: readonly PutRecordsEntry[], options?: CallOptions): Promise<PutRecordsResult> {
    const callNumber = this.calls.length;
    this.calls.push({ size: entries.length, keys: entries.map((e) => e.partitionKey) });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Decided when the call starts, so a script can cancel "while this request is in flight".
      const decision = await this.#script({ callNumber, entries });
      if (this.#latencyMs > 0) await abortableDelay(this.#latencyMs, options?.signal);
      if (decision instanceof KinesisError) throw decision;
      const results: PutRecordsEntryResult[] = entries.map((entry, i) => {
        const d = decision === 'ok' ? 'ok' : decision[i];
        if (d === 'ok' || d.ok) {
          this.stored.push(Buffer.from(entry.data).toString('utf8'));
          return { ok: true, shardId: 'shardId-000000000000', sequenceNumber: String(++this.#sequence) };
        }
        return d;
      });
      return { failedCount: results.filter((r) => !r.ok).length, entries: results };
    } finally {
      this.inFlight--;
    }
  }
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new KinesisError({ message: 'PutRecords was cancelled.', code: 'Aborted', operation: 'PutRecords' }));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new KinesisError({ message: 'PutRecords was cancelled.', code: 'Aborted', operation: 'PutRecords' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const THROTTLED: PutRecordsEntryResult = { ok: false, errorCode: 'ProvisionedThroughputExceededException', errorMessage: 'Rate exceeded for shard shardId-000000000000.' };

export function throttling(): KinesisError {
  return new KinesisError({ message: 'PutRecords was throttled.', code: 'ThrottlingException', operation: 'PutRecords', retryable: true, httpStatus: 400 });
}

export function connectionReset(): KinesisError {
  return new KinesisError({ message: 'The network connection failed during PutRecords (ECONNRESET).', code: 'NetworkError', operation: 'PutRecords', retryable: true });
}

export function notFound(): KinesisError {
  return new KinesisError({ message: 'PutRecords: not found.', code: 'ResourceNotFoundException', operation: 'PutRecords', httpStatus: 400 });
}

/** Valid records `{"i":n}` with key `k<n>`, as a source would yield them. */
export async function* validRecords(count: number, options: { onYield?: (index: number) => void } = {}): AsyncGenerator<SourceRecord> {
  for (let i = 0; i < count; i++) {
    options.onYield?.(i);
    yield { index: i, line: i + 1, partitionKey: `k${i}`, data: Buffer.from(JSON.stringify({ i })), dataKind: 'json' };
  }
}

/** The index `i` of every stored `{"i":n}` record. */
export function storedIndexes(gateway: FakePutGateway): number[] {
  return gateway.stored.map((s) => (JSON.parse(s) as { i: number }).i);
}

/** Collects everything an async iterable yields. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
