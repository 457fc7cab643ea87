/**
 * Enhanced fan-out consumers: waiting until one is ACTIVE (SubscribeToShard refuses any other
 * state, and registration takes seconds on AWS), and registering one for the length of a run.
 * `kinesis-studio tail --consumer` and the doctor's temporary sampling consumer both use these.
 *
 * A registered consumer is billed while it exists, so {@link registerConsumerUntilActive}
 * deregisters what it registered whenever the wait fails: on a timeout, on an abort, or on an error.
 */
import type { CallOptions, ConnectionTarget, ConsumerInfo, KinesisGateway } from './gateway';
import { abortableSleep } from './retry';

/** How long a consumer may take to become ACTIVE before the wait gives up. */
export const DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS = 120_000;
/** Time between two ListStreamConsumers calls while waiting. */
export const DEFAULT_CONSUMER_POLL_INTERVAL_MS = 500;

/** Why a wait for an ACTIVE consumer ended without one. */
export type ConsumerWaitFailure = 'aborted' | 'timeout' | 'deleting';

export class ConsumerWaitError extends Error {
  constructor(message: string, readonly reason: ConsumerWaitFailure) {
    super(message);
    this.name = 'ConsumerWaitError';
  }
}

export interface ConsumerWaitOptions {
  /** Ends the wait at once, also in the middle of a pause between two polls. */
  readonly signal?: AbortSignal;
  /** Default {@link DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Default {@link DEFAULT_CONSUMER_POLL_INTERVAL_MS}. */
  readonly pollIntervalMs?: number;
}

function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return `${Math.round(ms / 100) / 10} s`;
}

function interrupted(name: string): ConsumerWaitError {
  return new ConsumerWaitError(`Interrupted while waiting for consumer "${name}" to become ACTIVE.`, 'aborted');
}

/**
 * Polls ListStreamConsumers until `consumer` is ACTIVE and returns it as last listed. Throws a
 * {@link ConsumerWaitError} when the signal aborts, the timeout passes, or the consumer is being
 * deregistered. A consumer not listed yet (registration is eventually consistent) is waited for.
 */
export async function waitForConsumerActive(
  gateway: Pick<KinesisGateway, 'listConsumers'>,
  target: ConnectionTarget,
  streamArn: string,
  consumer: ConsumerInfo,
  options: ConsumerWaitOptions = {},
): Promise<ConsumerInfo> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONSUMER_ACTIVE_TIMEOUT_MS;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_CONSUMER_POLL_INTERVAL_MS;
  const deadline = performance.now() + timeoutMs;
  let current = consumer;
  for (;;) {
    if (signal?.aborted) throw interrupted(current.name);
    if (current.status === 'ACTIVE') return current;
    if (current.status === 'DELETING') throw new ConsumerWaitError(`Consumer "${current.name}" is being deregistered; choose another name or wait until it is gone.`, 'deleting');
    const left = deadline - performance.now();
    if (left <= 0) {
      throw new ConsumerWaitError(`Consumer "${current.name}" did not become ACTIVE within ${describeDuration(timeoutMs)} (it is ${current.status}); try again later, or check the stream's consumers.`, 'timeout');
    }
    await abortableSleep(Math.min(pollIntervalMs, left), signal);
    if (signal?.aborted) throw interrupted(current.name);
    const call: CallOptions = { signal };
    let listed: ConsumerInfo[];
    try {
      listed = await gateway.listConsumers(target, streamArn, call);
    } catch (error) {
      // An abort during the call surfaces as the gateway's own cancellation error: say what was cancelled.
      if (signal?.aborted) throw interrupted(current.name);
      throw error;
    }
    current = listed.find((c) => c.name === current.name) ?? current;
  }
}

export interface RegisterConsumerOptions extends ConsumerWaitOptions {
  /**
   * Told how the clean-up after a failed wait went: `undefined` when the consumer was deregistered,
   * else the error (the user must then deregister it: it is billed while registered).
   */
  readonly onDeregistered?: (error: unknown) => void;
}

/**
 * Registers consumer `name` on the stream and waits until it is ACTIVE (see
 * {@link waitForConsumerActive}). If the wait fails, the consumer is deregistered before the error
 * is rethrown, so nothing billed is left behind.
 */
export async function registerConsumerUntilActive(
  gateway: Pick<KinesisGateway, 'registerConsumer' | 'deregisterConsumer' | 'listConsumers'>,
  target: ConnectionTarget,
  streamArn: string,
  name: string,
  options: RegisterConsumerOptions = {},
): Promise<ConsumerInfo> {
  const registered = await gateway.registerConsumer(target, streamArn, name, { signal: options.signal });
  try {
    return await waitForConsumerActive(gateway, target, streamArn, registered, options);
  } catch (error) {
    // Not with the signal: it may be the abort that ended the wait, and this call must still go out.
    await gateway.deregisterConsumer(target, streamArn, name).then(
      () => options.onDeregistered?.(undefined),
      (cleanupError: unknown) => options.onDeregistered?.(cleanupError),
    );
    throw error;
  }
}
