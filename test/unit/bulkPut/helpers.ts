/**
 * Inputs and answers for the put pipeline's tests. The gateway itself is the shared
 * FakeKinesisGateway (test/support/fakeKinesisGateway.ts).
 */
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { PutRecordsEntryResult } from '../../../src/core/kinesis/gateway';
import type { SourceRecord } from '../../../src/core/bulkPut/recordSource';
import { FAKE_TARGET, type FakeKinesisGateway } from '../../support/fakeKinesisGateway';

export const TARGET = FAKE_TARGET;

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
export function storedIndexes(gateway: FakeKinesisGateway): number[] {
  return gateway.stored.map((s) => (JSON.parse(s.text) as { i: number }).i);
}

/** Collects everything an async iterable yields. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
