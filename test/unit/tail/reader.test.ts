/**
 * The shard reader's timing, ordering and recovery logic, against a the shared FakeKinesisGateway and a
 * fake clock (the emulators cannot throttle or expire iterators on demand). The same reader is run
 * against kinesis-local in test/integration/tail.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KinesisError } from '../../../src/core/kinesis/errors';
import type { SubscribeStartingPosition, SubscribeToShardEvent } from '../../../src/core/kinesis/gateway';
import { createStreamTail, type TailClock } from '../../../src/core/tail/reader';
import type { StreamTail, TailEvent, TailOptions } from '../../../src/core/tail/types';
import { FAKE_TARGET as TARGET, FakeKinesisGateway } from '../../support/fakeKinesisGateway';

const STREAM = 'orders';
const CONSUMER_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/orders/consumer/tail:1700000000';

// ---- fake clock ---------------------------------------------------------------------------------

/** A clock whose time moves only in {@link FakeClock.advance}; sleeps resolve in time order. */
class FakeClock implements TailClock {
  time = 1_700_000_000_000;
  #timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = { at: this.time + ms, resolve: () => undefined as void };
      const done = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      timer.resolve = done;
      this.#timers.push(timer);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Moves time forward by `ms`, firing due sleeps in order and letting the reader run in between. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = end;
    await settle();
  }

  /** Advances in steps until `condition` holds (or fails the test after `limitMs` of fake time). */
  async advanceUntil(condition: () => boolean, limitMs = 600_000, stepMs = 100): Promise<void> {
    for (let spent = 0; !condition(); spent += stepMs) {
      if (spent > limitMs) assert.fail(`condition not reached within ${limitMs} ms of fake time`);
      await this.advance(stepMs);
    }
  }
}

/** Lets pending promise chains run (several macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function throttled(): KinesisError {
  return new KinesisError({ message: 'Rate exceeded', code: 'ProvisionedThroughputExceededException', operation: 'GetRecords', retryable: true });
}

function expired(): KinesisError {
  return new KinesisError({ message: 'Iterator expired', code: 'ExpiredIteratorException', operation: 'GetRecords', retryable: true });
}

interface Harness {
  clock: FakeClock;
  stream: FakeKinesisGateway;
  events: TailEvent[];
  tail: StreamTail;
  /** Payloads delivered per shard, in delivery order. */
  delivered(shardId?: string): string[];
  kinds(): string[];
}

function harness(build: (stream: FakeKinesisGateway) => void, options: Partial<TailOptions> = {}): Harness {
  const clock = new FakeClock();
  // The shards belong to STREAM and the one consumer is CONSUMER_ARN: calls naming others fail.
  const stream = new FakeKinesisGateway({ now: () => clock.now(), stream: STREAM, consumerArn: CONSUMER_ARN });
  build(stream);
  const events: TailEvent[] = [];
  const tail = createStreamTail(
    stream,
    { target: TARGET, stream: STREAM, start: { type: 'TRIM_HORIZON' }, ...options },
    (e) => events.push(e),
    { clock, random: () => 0.5 },
  );
  const delivered = (shardId?: string) =>
    events.flatMap((e) => (e.kind === 'records' && (shardId === undefined || e.shardId === shardId) ? e.records.map((r) => new TextDecoder().decode(r.data)) : []));
  return { clock, stream, events, tail, delivered, kinds: () => events.map((e) => e.kind) };
}

const stoppedReason = (events: readonly TailEvent[]) => events.flatMap((e) => (e.kind === 'stopped' ? [e.reason] : []));
const indexOfEvent = (events: readonly TailEvent[], kind: TailEvent['kind'], shardId: string) =>
  events.findIndex((e) => e.kind === kind && 'shardId' in e && e.shardId === shardId);

// ---- tests --------------------------------------------------------------------------------------

describe('shard reader (scripted stream, fake clock)', () => {
  it('reads parents before children across a split and a merge, every record once, in order per shard', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      for (let i = 0; i < 5; i++) s.put('s0', `k${i % 2}`, `s0-${i}`);
      s.addShard('s1', ['s0']).addShard('s2', ['s0']); // split
      // s1 holds more records than one call returns, so it drains well after s2.
      for (let i = 0; i < 7; i++) s.put('s1', 'k0', `s1-${i}`);
      s.put('s2', 'k1', 's2-0');
      s.addShard('s3', ['s1', 's2']); // merge
      for (let i = 0; i < 3; i++) s.put('s3', `k${i % 2}`, `s3-${i}`);
    }, { getRecordsLimit: 2 });
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered('s3').length === 3);

    const started = h.events.filter((e) => e.kind === 'shardStarted').map((e) => (e as { shardId: string }).shardId);
    assert.deepEqual(started.slice(0, 1), ['s0'], 'only the root starts first');
    assert.deepEqual(new Set(started), new Set(['s0', 's1', 's2', 's3']));
    for (const child of ['s1', 's2']) {
      assert.ok(indexOfEvent(h.events, 'shardDrained', 's0') < indexOfEvent(h.events, 'shardStarted', child), `${child} starts after s0 drained`);
    }
    assert.ok(indexOfEvent(h.events, 'shardDrained', 's2') < indexOfEvent(h.events, 'shardDrained', 's1'), 's2 drains first (fewer records)');
    assert.ok(indexOfEvent(h.events, 'shardDrained', 's1') < indexOfEvent(h.events, 'shardStarted', 's3'), 'the merge child waits for its slower parent');
    const s3Start = h.events[indexOfEvent(h.events, 'shardStarted', 's3')] as { parentShardIds: readonly string[] };
    assert.deepEqual([...s3Start.parentShardIds].sort(), ['s1', 's2']);
    const drained0 = h.events[indexOfEvent(h.events, 'shardDrained', 's0')] as { childShardIds: readonly string[] };
    assert.deepEqual([...drained0.childShardIds].sort(), ['s1', 's2']);

    assert.deepEqual(h.delivered('s0'), ['s0-0', 's0-1', 's0-2', 's0-3', 's0-4']);
    assert.deepEqual(h.delivered('s1'), Array.from({ length: 7 }, (_, i) => `s1-${i}`));
    assert.deepEqual(h.delivered('s3'), ['s3-0', 's3-1', 's3-2']);
    // Per key, the order across shards is the order of production.
    const k0 = h.events.flatMap((e) => (e.kind === 'records' ? e.records.filter((r) => r.partitionKey === 'k0').map((r) => Number(r.sequenceNumber)) : []));
    assert.deepEqual(k0, [...k0].sort((a, b) => a - b));
    assert.equal(h.stream.callsOf('GetShardIterator', 's3').length, 1);
    assert.equal(h.stream.callsOf('GetShardIterator', 's3')[0].input?.type, 'TRIM_HORIZON');
    await h.tail.stop();
    assert.deepEqual(stoppedReason(h.events), ['stopped']);
  });

  it('with LATEST reads only the open shards, from their end', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'old');
      s.addShard('s1', ['s0']).addShard('s2', ['s0']);
      s.put('s1', 'k', 'before-tail');
    }, { start: { type: 'LATEST' } });
    h.tail.start();
    await h.clock.advance(1);
    h.stream.put('s1', 'k', 'new-1');
    h.stream.put('s2', 'k', 'new-2');
    await h.clock.advanceUntil(() => h.delivered().length === 2);
    assert.deepEqual(h.events.filter((e) => e.kind === 'shardStarted').map((e) => (e as { shardId: string }).shardId).sort(), ['s1', 's2']);
    assert.deepEqual(h.delivered().sort(), ['new-1', 'new-2']);
    assert.ok(h.stream.callsOf('GetShardIterator').every((c) => c.input?.type === 'LATEST'));
    await h.tail.stop();
  });

  it('starts a chosen shard at a sequence number and reads only the chosen shards', async () => {
    let from = '';
    const h = harness((s) => {
      s.addShard('s0').addShard('s1');
      s.put('s0', 'k', 'a');
      from = s.put('s0', 'k', 'b').sequenceNumber;
      s.put('s0', 'k', 'c');
      s.put('s1', 'k', 'other');
    });
    const events: TailEvent[] = [];
    const tail = createStreamTail(
      h.stream,
      { target: TARGET, stream: STREAM, shardIds: ['s0'], start: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: from, shardId: 's0' } },
      (e) => events.push(e),
      { clock: h.clock },
    );
    tail.start();
    await h.clock.advanceUntil(() => events.some((e) => e.kind === 'records' && e.records.length > 0));
    const texts = events.flatMap((e) => (e.kind === 'records' ? e.records.map((r) => new TextDecoder().decode(r.data)) : []));
    assert.deepEqual(texts, ['b', 'c']);
    assert.equal(h.stream.callsOf('GetShardIterator', 's1').length, 0);
    await tail.stop();
  });

  it('keeps at least minPollIntervalMs between calls on a shard, and ~1 s once caught up', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      for (let i = 0; i < 6; i++) s.put('s0', 'k', `r${i}`);
    }, { getRecordsLimit: 1 });
    h.tail.start();
    await h.clock.advanceUntil(() => h.stream.callsOf('GetRecords').length >= 10, 60_000, 10);
    const times = h.stream.callsOf('GetRecords').map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    assert.ok(gaps.every((g) => g >= 200), `gaps ${gaps.join(',')}`);
    assert.ok(gaps.slice(0, 5).every((g) => g < 1000), 'while behind, the shard is read at the 5 calls/s limit');
    assert.ok(gaps.slice(7).every((g) => g >= 1000), `caught up, it polls about once a second: ${gaps.join(',')}`);
    assert.equal(h.delivered().length, 6);
    await h.tail.stop();
  });

  it('without a poll interval, issues the next call before handing over records, keeping their order', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      for (let i = 0; i < 9; i++) s.put('s0', 'k', `r${i}`);
    }, { getRecordsLimit: 2, minPollIntervalMs: 0 });
    const callsWhenDelivered: number[] = [];
    const tail = createStreamTail(h.stream, { target: TARGET, stream: STREAM, start: { type: 'TRIM_HORIZON' }, getRecordsLimit: 2, minPollIntervalMs: 0 }, (e) => {
      h.events.push(e);
      if (e.kind === 'records' && e.records.length) callsWhenDelivered.push(h.stream.callsOf('GetRecords').length);
    }, { clock: h.clock });
    tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 9);
    assert.deepEqual(h.delivered(), Array.from({ length: 9 }, (_, i) => `r${i}`));
    // Batch n (1-based) is delivered once call n+1 is already out, except the last batch (caught up).
    assert.deepEqual(callsWhenDelivered.slice(0, 4), [2, 3, 4, 5]);
    await tail.stop();
  });

  it('treats LimitExceededException (a shard subscribed to again too soon) as throttling, not as fatal', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
    });
    h.stream.interceptRead = ({ callNumber }) => (callNumber < 1 ? new KinesisError({ message: 'Too soon', code: 'LimitExceededException', operation: 'GetRecords' }) : undefined);
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 1);
    assert.equal(h.events.filter((e) => e.kind === 'throttled').length, 1);
    assert.ok(!h.events.some((e) => e.kind === 'error'));
    await h.tail.stop();
  });

  it('backs off exponentially on throttling, then reads on', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
    });
    h.stream.interceptRead = ({ callNumber }) => (callNumber < 4 ? throttled() : undefined);
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 1);
    const retries = h.events.flatMap((e) => (e.kind === 'throttled' ? [e.retryInMs] : []));
    assert.equal(retries.length, 4);
    for (let i = 1; i < retries.length; i++) assert.ok(retries[i] > retries[i - 1], `backoff grows: ${retries.join(',')}`);
    // Equal jitter under ceilings 250, 500, 1,000, 2,000 ms with the draw 0.5 (3/4 of each), and never under the 200 ms poll interval.
    assert.deepEqual(retries, [200, 375, 750, 1500]);
    const times = h.stream.callsOf('GetRecords').map((c) => c.at);
    for (let i = 0; i < retries.length; i++) assert.ok(times[i + 1] - times[i] >= retries[i], `call ${i + 1} waited its backoff`);
    assert.ok(!h.events.some((e) => e.kind === 'error'), 'throttling is not reported as an error');
    await h.tail.stop();
  });

  it('renews an expired iterator after the last record, without delivering a record twice', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      for (let i = 0; i < 4; i++) s.put('s0', 'k', `r${i}`);
    }, { getRecordsLimit: 2 });
    // Call 0 reads r0,r1; call 1 expires; the renewed iterator must start after r1.
    h.stream.interceptRead = ({ callNumber }) => (callNumber === 1 ? expired() : undefined);
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 4);
    await h.clock.advance(3_000);
    assert.deepEqual(h.delivered(), ['r0', 'r1', 'r2', 'r3']);
    const iteratorCalls = h.stream.callsOf('GetShardIterator');
    assert.equal(iteratorCalls.length, 2);
    assert.equal(iteratorCalls[1].input?.type, 'AFTER_SEQUENCE_NUMBER');
    assert.equal(iteratorCalls[1].input?.sequenceNumber, h.stream.records('s0')[1].sequenceNumber);
    assert.equal(h.kinds().filter((k) => k === 'iteratorRenewed').length, 1);
    assert.ok(!h.events.some((e) => e.kind === 'error'));
    await h.tail.stop();
  });

  it('renews an iterator that expired before any record at the original start', async () => {
    const h = harness((s) => s.addShard('s0'));
    h.stream.interceptRead = ({ callNumber }) => (callNumber === 0 ? expired() : undefined);
    h.tail.start();
    await h.clock.advanceUntil(() => h.kinds().includes('iteratorRenewed'));
    const iteratorCalls = h.stream.callsOf('GetShardIterator');
    assert.deepEqual(iteratorCalls.map((c) => c.input?.type), ['TRIM_HORIZON', 'TRIM_HORIZON']);
    await h.tail.stop();
  });

  it('pauses without calling, resumes where it stopped, and renews the iterator after a long pause', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
    });
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 1);
    h.tail.pause();
    assert.equal(h.tail.paused, true);
    const callsAtPause = h.stream.calls.length;
    h.stream.put('s0', 'k', 'r1');
    await h.clock.advance(6 * 60_000);
    assert.equal(h.stream.calls.length, callsAtPause, 'no call while paused');
    assert.deepEqual(h.delivered(), ['r0']);
    h.tail.resume();
    await h.clock.advanceUntil(() => h.delivered().length === 2);
    assert.deepEqual(h.delivered(), ['r0', 'r1']);
    const renewal = h.stream.callsOf('GetShardIterator')[1];
    assert.equal(renewal?.input?.type, 'AFTER_SEQUENCE_NUMBER', 'the 6-minute-old iterator was renewed before use');
    assert.ok(h.kinds().includes('iteratorRenewed'));
    await h.tail.stop();
  });

  it('delivers the result of a call in flight when paused', async () => {
    let release!: () => void;
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
    });
    const gateway = h.stream;
    const getRecords = gateway.getRecords.bind(gateway);
    gateway.getRecords = async (...args) => {
      await new Promise<void>((resolve) => (release = resolve));
      return getRecords(...args);
    };
    const events: TailEvent[] = [];
    const tail = createStreamTail(gateway, { target: TARGET, stream: STREAM, start: { type: 'TRIM_HORIZON' } }, (e) => events.push(e), { clock: h.clock });
    tail.start();
    await h.clock.advance(10);
    tail.pause();
    release();
    await h.clock.advance(10);
    assert.equal(events.filter((e) => e.kind === 'records').length, 1);
    await tail.stop();
  });

  it('stop() aborts the call in flight, resolves, and reports stopped once', async () => {
    const h = harness((s) => s.addShard('s0').addShard('s1'));
    h.stream.interceptRead = () => 'hang';
    h.tail.start();
    await h.clock.advanceUntil(() => h.stream.callsOf('GetRecords').length === 2);
    assert.equal(h.tail.running, true);
    await h.tail.stop();
    assert.ok(h.stream.callsOf('GetRecords').every((c) => c.signal?.aborted), 'in-flight calls were aborted');
    assert.deepEqual(stoppedReason(h.events), ['stopped']);
    assert.equal(h.tail.running, false);
    assert.ok(!h.events.some((e) => e.kind === 'error'), 'the abort is not reported as an error');
    const calls = h.stream.calls.length;
    await h.clock.advance(5_000);
    assert.equal(h.stream.calls.length, calls, 'no call after stop');
  });

  it('stops on a non-retryable error with one fatal error event', async () => {
    const h = harness((s) => s.addShard('s0').addShard('s1'));
    h.stream.interceptRead = ({ shardId }) =>
      shardId === 's1' ? new KinesisError({ message: 'Access denied', code: 'AccessDeniedException', operation: 'GetRecords' }) : undefined;
    h.tail.start();
    await h.clock.advanceUntil(() => stoppedReason(h.events).length === 1);
    const errors = h.events.filter((e) => e.kind === 'error');
    assert.equal(errors.length, 1);
    assert.deepEqual(errors.map((e) => e.kind === 'error' && [e.shardId, e.error.code, e.fatal]), [['s1', 'AccessDeniedException', true]]);
    assert.deepEqual(stoppedReason(h.events), ['error']);
  });

  it('retries transient errors with backoff, reported as non-fatal', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
    });
    h.stream.interceptRead = ({ callNumber }) =>
      callNumber < 2 ? new KinesisError({ message: 'HTTP 500', code: 'InternalFailure', operation: 'GetRecords', retryable: true }) : undefined;
    h.tail.start();
    await h.clock.advanceUntil(() => h.delivered().length === 1);
    assert.deepEqual(h.events.filter((e) => e.kind === 'error').map((e) => e.kind === 'error' && e.fatal), [false, false]);
    await h.tail.stop();
  });

  it('rejects bad options before any call', async () => {
    const cases: Partial<TailOptions>[] = [
      { stream: 'bad name!' },
      { shardIds: [] },
      { start: { type: 'AT_TIMESTAMP', timestamp: new Date('nope') } },
      { shardIds: ['s1'], start: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '1', shardId: 's0' } },
      { start: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '12ab', shardId: 's0' } },
      { getRecordsLimit: 20_000 },
      { consumerArn: 'not-an-arn' },
    ];
    for (const options of cases) {
      const h = harness((s) => s.addShard('s0'), options);
      h.tail.start();
      await h.clock.advance(10);
      assert.equal(h.stream.calls.length, 0, JSON.stringify(options));
      const error = h.events.find((e) => e.kind === 'error');
      assert.ok(error?.kind === 'error' && error.fatal && error.error.code === 'ValidationError', JSON.stringify(options));
      assert.deepEqual(stoppedReason(h.events), ['error']);
    }
  });

  it('ends with allShardsDrained when every chosen shard is closed and read', async () => {
    const h = harness((s) => {
      s.addShard('s0');
      s.put('s0', 'k', 'r0');
      s.addShard('s1', ['s0']);
      s.closeShard('s1');
    });
    h.tail.start();
    await h.clock.advanceUntil(() => stoppedReason(h.events).length === 1);
    assert.deepEqual(stoppedReason(h.events), ['allShardsDrained']);
    assert.deepEqual(h.kinds().filter((k) => k === 'shardDrained').length, 2);
  });

  describe('enhanced fan-out', () => {
    /** A subscription that pushes the shard's records from the position, then heartbeats every second. */
    function pushingSubscription(h: Harness) {
      return (_consumerArn: string, shardId: string, position: SubscribeStartingPosition, signal: AbortSignal | undefined): AsyncIterable<SubscribeToShardEvent> => ({
        async *[Symbol.asyncIterator]() {
          const records = h.stream.records(shardId);
          let index = position.type === 'AFTER_SEQUENCE_NUMBER' ? records.findIndex((r) => BigInt(r.sequenceNumber) > BigInt(position.sequenceNumber)) : 0;
          if (index < 0) index = records.length;
          while (!signal?.aborted) {
            const batch = records.slice(index, index + 2);
            index += batch.length;
            const last = records[index - 1]?.sequenceNumber;
            yield { records: batch, continuationSequenceNumber: last ?? '0', millisBehindLatest: 0 };
            await h.clock.sleep(1_000, signal);
          }
        },
      });
    }

    it('resubscribes from the continuation sequence number when a subscription ends, without duplicates', async () => {
      const h = harness((s) => {
        s.addShard('s0');
        for (let i = 0; i < 4; i++) s.put('s0', 'k', `r${i}`);
      }, { consumerArn: CONSUMER_ARN, subscriptionLifetimeMs: 2_500 });
      h.stream.subscribeScript = pushingSubscription(h);
      h.tail.start();
      await h.clock.advanceUntil(() => h.delivered().length === 4);
      for (let i = 4; i < 8; i++) h.stream.put('s0', 'k', `r${i}`);
      await h.clock.advanceUntil(() => h.kinds().filter((k) => k === 'resubscribed').length >= 3);
      assert.deepEqual(h.delivered(), Array.from({ length: 8 }, (_, i) => `r${i}`));
      const subscribes = h.stream.callsOf('SubscribeToShard');
      assert.equal(subscribes[0].input?.type, 'TRIM_HORIZON');
      assert.ok(subscribes.slice(1).every((c) => c.input?.type === 'AFTER_SEQUENCE_NUMBER'));
      assert.ok(subscribes.slice(0, -1).every((c) => c.signal?.aborted), 'each ended subscription was closed');
      assert.equal(h.stream.callsOf('GetRecords').length, 0, 'no polling through enhanced fan-out');
      await h.tail.stop();
      assert.ok(subscribes.every((c) => c.signal?.aborted));
    });

    it('follows a closed shard to its children once its last event names them', async () => {
      const h = harness((s) => {
        s.addShard('s0');
        s.put('s0', 'k', 'parent');
        s.addShard('s1', ['s0']);
        s.put('s1', 'k', 'child');
      }, { consumerArn: CONSUMER_ARN });
      const pushing = pushingSubscription(h);
      h.stream.subscribeScript = (consumerArn, shardId, position, signal) =>
        shardId === 's0'
          ? (async function* () {
              yield { records: h.stream.records('s0'), continuationSequenceNumber: h.stream.records('s0')[0].sequenceNumber, millisBehindLatest: 0 };
              yield { records: [], millisBehindLatest: 0, childShardIds: ['s1'] };
            })()
          : pushing(consumerArn, shardId, position, signal);
      h.tail.start();
      await h.clock.advanceUntil(() => h.delivered().length === 2);
      assert.deepEqual(h.delivered(), ['parent', 'child']);
      assert.ok(indexOfEvent(h.events, 'shardDrained', 's0') < indexOfEvent(h.events, 'shardStarted', 's1'));
      assert.equal(h.stream.callsOf('SubscribeToShard', 's1')[0].input?.type, 'TRIM_HORIZON');
      await h.tail.stop();
    });

    it('ends the subscription on pause and continues after resume', async () => {
      const h = harness((s) => {
        s.addShard('s0');
        s.put('s0', 'k', 'r0');
      }, { consumerArn: CONSUMER_ARN });
      h.stream.subscribeScript = pushingSubscription(h);
      h.tail.start();
      await h.clock.advanceUntil(() => h.delivered().length === 1);
      h.tail.pause();
      await h.clock.advance(10);
      assert.ok(h.stream.callsOf('SubscribeToShard')[0].signal?.aborted, 'pausing ends the subscription');
      h.stream.put('s0', 'k', 'r1');
      await h.clock.advance(5_000);
      assert.deepEqual(h.delivered(), ['r0']);
      h.tail.resume();
      await h.clock.advanceUntil(() => h.delivered().length === 2);
      assert.deepEqual(h.delivered(), ['r0', 'r1']);
      await h.tail.stop();
    });
  });
});
