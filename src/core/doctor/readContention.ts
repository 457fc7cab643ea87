/**
 * Read contention: shared-throughput (polling) readers share 5 GetRecords calls per second and
 * 2 MB/s per shard. Every polling application (a KCL app, a Lambda mapping without enhanced fan-out,
 * the console's data viewer) adds about one call per shard per second, so the sixth reader throttles
 * them all. Judged from the observed calls (CloudWatch GetRecords.Success), a declared number of
 * readers, and ReadProvisionedThroughputExceeded (CloudWatch and the doctor's own sampling). Pure.
 */
import { formatNumber } from '../analysis/format';
import type { Finding } from './findings';

export const GETRECORDS_CALLS_PER_SHARD_PER_SECOND = 5;
/** Above this share of the call limit a new reader tips the shard into throttling. */
export const CALL_BUDGET_WARN_SHARE = 0.8;
/** KCL's and Lambda's default polling pace: one GetRecords per shard per second. */
export const DEFAULT_CALLS_PER_READER_PER_SECOND = 1;

export interface ReadContentionInput {
  readonly stream: string;
  readonly openShards: number;
  /** Successful GetRecords calls over all shards in the window (CloudWatch), when known. */
  readonly observedCalls?: number;
  readonly observedSeconds?: number;
  /** Polling applications the user says read the stream. */
  readonly pollingReaders?: number;
  readonly callsPerReaderPerSecond?: number;
  /** ReadProvisionedThroughputExceeded over the window (CloudWatch). */
  readonly readThrottles?: number;
  /** Throttled GetRecords calls of the doctor's own sampling. */
  readonly sampleThrottles?: number;
  readonly enhancedFanOutConsumers: number;
}

export function analyzeReadContention(input: ReadContentionInput): Finding[] {
  const shards = Math.max(1, input.openShards);
  const observed = input.observedCalls !== undefined && input.observedSeconds ? input.observedCalls / input.observedSeconds / shards : undefined;
  const declared = input.pollingReaders !== undefined ? input.pollingReaders * (input.callsPerReaderPerSecond ?? DEFAULT_CALLS_PER_READER_PER_SECOND) : undefined;
  const callsPerShard = Math.max(observed ?? 0, declared ?? 0);
  const throttles = (input.readThrottles ?? 0) + (input.sampleThrottles ?? 0);
  const share = callsPerShard / GETRECORDS_CALLS_PER_SHARD_PER_SECOND;
  if (throttles === 0 && share < CALL_BUDGET_WARN_SHARE) return [];
  const facts: [string, string][] = [
    ...(observed !== undefined ? [['Observed GetRecords calls', `${formatNumber(observed, 2)} per shard per second`] as [string, string]] : []),
    ...(declared !== undefined ? [['Declared polling readers', `${formatNumber(input.pollingReaders!)} × ${formatNumber(input.callsPerReaderPerSecond ?? DEFAULT_CALLS_PER_READER_PER_SECOND)} call/s = ${formatNumber(declared, 2)} per shard per second`] as [string, string]] : []),
    ['Limit', `${GETRECORDS_CALLS_PER_SHARD_PER_SECOND} calls per shard per second, shared by all polling readers`],
    ['ReadProvisionedThroughputExceeded', formatNumber(input.readThrottles ?? 0)],
    ['Throttled doctor samples', formatNumber(input.sampleThrottles ?? 0)],
    ['Enhanced fan-out consumers', formatNumber(input.enhancedFanOutConsumers)],
  ];
  const overLimit = share >= 1;
  return [{
    code: 'read-contention',
    severity: throttles > 0 && overLimit ? 'error' : 'warning',
    title: throttles > 0
      ? `Polling readers are throttled (${formatNumber(throttles)} ReadProvisionedThroughputExceeded)`
      : `Polling readers use ${formatNumber(share * 100, 0)}% of the GetRecords budget`,
    subject: { stream: input.stream },
    explanation: `Polling readers share ${GETRECORDS_CALLS_PER_SHARD_PER_SECOND} GetRecords calls per second per shard; at ${formatNumber(callsPerShard, 2)} per shard per second ${overLimit ? 'they exceed it, so every reader is slowed by throttling and retries' : 'one more reader tips the stream into throttling'}. Enhanced fan-out gives each consumer its own 2 MB/s per shard.`,
    evidence: { facts },
    fix: { kind: 'advice', steps: [
      'Move the busiest or latency-sensitive readers to enhanced fan-out (RegisterStreamConsumer; KCL 2+ and Lambda support it).',
      'Lengthen the polling interval of the others (KCL idleTimeBetweenReadsInMillis) or merge readers that do the same work.',
    ] },
  }];
}
