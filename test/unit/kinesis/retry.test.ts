import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abortableSleep, backoffDelayMs, READ_THROTTLING_CODES, RETRYABLE_ENTRY_CODES, SERVER_ERROR_CODES, THROTTLING_ERROR_CODES,
} from '../../../src/core/kinesis/retry';

describe('retry facts: code sets, backoff, the abortable sleep', () => {
  it('re-sends throttled, Kinesis-side and unanswered entries, and nothing else', () => {
    for (const code of ['ProvisionedThroughputExceededException', 'KMSThrottlingException', 'InternalFailure', 'ServiceUnavailable', 'MissingResult']) {
      assert.ok(RETRYABLE_ENTRY_CODES.has(code), code);
    }
    for (const code of ['KMSAccessDeniedException', 'KMSNotFoundException', 'ValidationException', 'ResourceNotFoundException']) {
      assert.ok(!RETRYABLE_ENTRY_CODES.has(code), code);
    }
    for (const code of SERVER_ERROR_CODES) assert.ok(RETRYABLE_ENTRY_CODES.has(code), code);
  });

  it('a reader backs off from every throttling code and from SubscribeToShard\'s LimitExceededException', () => {
    for (const code of THROTTLING_ERROR_CODES) assert.ok(READ_THROTTLING_CODES.has(code), code);
    assert.ok(READ_THROTTLING_CODES.has('LimitExceededException'));
    assert.ok(!THROTTLING_ERROR_CODES.has('LimitExceededException'), 'for writes and the error mapping it is a limit, not throttling');
  });

  it('full jitter: a random wait from 0 up to a ceiling that doubles per retry and stops at the cap', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    assert.deepEqual([0, 1, 2, 3, 4, 10].map((retry) => backoffDelayMs(retry, policy, () => 0.5)), [50, 100, 200, 400, 500, 500]);
    assert.equal(backoffDelayMs(2, policy, () => 0), 0);
    assert.equal(backoffDelayMs(2, policy, () => 0.999999), 399);
    assert.equal(backoffDelayMs(10_000, policy, () => 0.5), 500, 'no overflow after many failures');
  });

  it('equal jitter keeps half the ceiling as a minimum pause', () => {
    const policy = { baseMs: 250, maxMs: 10_000, jitter: 'equal' as const };
    assert.deepEqual([0, 1, 2].map((retry) => backoffDelayMs(retry, policy, () => 0)), [125, 250, 500]);
    assert.deepEqual([0, 1, 2].map((retry) => backoffDelayMs(retry, policy, () => 0.5)), [188, 375, 750]);
    assert.equal(backoffDelayMs(30, policy, () => 0.999999), 10_000);
  });

  it('sleeps the time given, ends at once on abort, never rejects', async () => {
    let t0 = performance.now();
    await abortableSleep(30);
    assert.ok(performance.now() - t0 >= 25);

    const controller = new AbortController();
    t0 = performance.now();
    setTimeout(() => controller.abort(), 10);
    await abortableSleep(60_000, controller.signal);
    assert.ok(performance.now() - t0 < 5_000, 'woken by the abort');

    t0 = performance.now();
    await abortableSleep(60_000, AbortSignal.abort());
    await abortableSleep(-5);
    await abortableSleep(Number.NaN);
    assert.ok(performance.now() - t0 < 1_000, 'already aborted or no time: at once');
  });
});
