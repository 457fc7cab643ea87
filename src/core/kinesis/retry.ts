/**
 * Which Kinesis failures are worth trying again, and how long to wait: the error-code sets, the
 * exponential backoff and the one abortable sleep. The PutRecords pipeline (putRecords.ts), the
 * error mapping (errors.ts) and the tail reader all read these, so an AWS change is made here once.
 *
 * This file imports nothing: errors.ts depends on it, and putRecords.ts depends on errors.ts.
 */

/** A shard's write or read limit was exceeded: as a request error, or per PutRecords entry. */
export const SHARD_THROTTLE_CODE = 'ProvisionedThroughputExceededException';
const SHARD_THROUGHPUT_EXCEEDED = SHARD_THROTTLE_CODE;
/** The stream's KMS key is throttled: as a request error, or per PutRecords entry. */
const KMS_THROTTLING = 'KMSThrottlingException';

/** Error names AWS uses for "too many requests": wait and send again. */
export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  SHARD_THROUGHPUT_EXCEEDED,
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  KMS_THROTTLING,
  'SlowDown',
]);

/** Kinesis-side failures (as an error name or a per-entry code): the service may do better in a moment. */
export const SERVER_ERROR_CODES: ReadonlySet<string> = new Set([
  'InternalFailure',
  'InternalFailureException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** The code the gateway gives an entry that the PutRecords response had no result for. */
export const MISSING_RESULT_CODE = 'MissingResult';

/**
 * Per-entry PutRecords error codes worth re-sending: throttling of the shard or of the KMS key, a
 * Kinesis-side failure, or no result at all. Every other entry code (e.g. KMSAccessDeniedException)
 * would fail again.
 */
export const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set([
  SHARD_THROUGHPUT_EXCEEDED,
  KMS_THROTTLING,
  ...SERVER_ERROR_CODES,
  MISSING_RESULT_CODE,
]);

/**
 * Codes a reader backs off from: throttling, plus the LimitExceededException that SubscribeToShard
 * answers when a shard is subscribed to again within a second.
 */
export const READ_THROTTLING_CODES: ReadonlySet<string> = new Set([...THROTTLING_ERROR_CODES, 'LimitExceededException']);

/** How {@link backoffDelayMs} spreads waits below the exponential ceiling. */
export interface BackoffPolicy {
  /** Ceiling of the first retry's wait. */
  readonly baseMs: number;
  /** Cap of the ceiling. */
  readonly maxMs: number;
  /**
   * `full` (default): a random wait from 0 to the ceiling; spreads competing writers the most.
   * `equal`: half the ceiling plus a random half; a poller keeps a minimum pause.
   */
  readonly jitter?: 'full' | 'equal';
}

/**
 * The wait before retry number `retry` (0 for the first retry): exponential backoff with jitter
 * under a ceiling of min(maxMs, baseMs × 2^retry). `random` draws from [0, 1).
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // The exponent is capped so a long run of failures cannot overflow to Infinity × 0 = NaN.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(retry, 0), 30));
  return policy.jitter === 'equal' ? Math.round(ceiling / 2 + (random() * ceiling) / 2) : Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or at once when `signal` aborts (already aborted: immediately). Never rejects. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted || !(ms > 0)) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
