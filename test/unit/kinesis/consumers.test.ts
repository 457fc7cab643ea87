/**
 * registerConsumerUntilActive / waitForConsumerActive against FakeKinesisGateway: ListConsumers is
 * the fake's own (it answers from the stream's live `consumers`); Register/DeregisterStreamConsumer,
 * which the fake does not model, add to and remove from that same list here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsumerWaitError, registerConsumerUntilActive, waitForConsumerActive } from '../../../src/core/kinesis/consumers';
import type { ConnectionTarget, ConsumerInfo } from '../../../src/core/kinesis/gateway';
import { FakeKinesisGateway, type FakeStream } from '../../support/fakeKinesisGateway';

const target: ConnectionTarget = { region: 'us-east-1' };

function setUp(options: { failDeregister?: boolean } = {}) {
  const fake = new FakeKinesisGateway();
  const stream: FakeStream = fake.addStream(target.region, 'orders');
  const streamArn = 'arn:aws:kinesis:us-east-1:000000000000:stream/orders';
  const log: string[] = [];
  const gateway = {
    listConsumers: fake.listConsumers.bind(fake),
    async registerConsumer(_t: ConnectionTarget, arn: string, name: string): Promise<ConsumerInfo> {
      log.push(`register ${name}`);
      const consumer: ConsumerInfo = { name, arn: `${arn}/consumer/${name}:1`, status: 'CREATING' };
      stream.consumers.push(consumer);
      return consumer;
    },
    async deregisterConsumer(_t: ConnectionTarget, _arn: string, name: string): Promise<void> {
      log.push(`deregister ${name}`);
      if (options.failDeregister) throw new Error('AccessDeniedException: not allowed');
      stream.consumers = stream.consumers.filter((c) => c.name !== name);
    },
  };
  const polls = () => fake.calls.filter((c) => c.op === 'ListConsumers').length;
  const setStatus = (name: string, status: ConsumerInfo['status']) => {
    stream.consumers = stream.consumers.map((c) => (c.name === name ? { ...c, status } : c));
  };
  return { gateway, stream, streamArn, log, polls, setStatus };
}

describe('registerConsumerUntilActive', () => {
  it('registers, polls ListConsumers until ACTIVE, and returns the ACTIVE consumer', async () => {
    const { gateway, streamArn, log, polls, setStatus } = setUp();
    const timer = setInterval(() => {
      if (polls() >= 3) setStatus('reader', 'ACTIVE');
    }, 2);
    try {
      const consumer = await registerConsumerUntilActive(gateway, target, streamArn, 'reader', { pollIntervalMs: 5 });
      assert.equal(consumer.status, 'ACTIVE');
      assert.equal(consumer.arn, `${streamArn}/consumer/reader:1`);
      assert.ok(polls() >= 3, `polled ${polls()} times`);
      assert.deepEqual(log, ['register reader'], 'an ACTIVE consumer is kept');
    } finally {
      clearInterval(timer);
    }
  });

  it('an abort during the pause between polls ends the wait at once, and the consumer is deregistered', { timeout: 10_000 }, async () => {
    const { gateway, stream, streamArn, log, polls } = setUp();
    const controller = new AbortController();
    // A pause far longer than the test's timeout: only an abort that cuts it short lets this finish.
    const waiting = registerConsumerUntilActive(gateway, target, streamArn, 'reader', { signal: controller.signal, pollIntervalMs: 60 * 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await assert.rejects(waiting, (error: unknown) => error instanceof ConsumerWaitError && error.reason === 'aborted' && /Interrupted while waiting for consumer "reader" to become ACTIVE/.test(error.message));
    assert.equal(polls(), 0, 'no poll: the first pause was cut short');
    assert.deepEqual(log, ['register reader', 'deregister reader']);
    assert.deepEqual(stream.consumers, []);
  });

  it('a consumer that stays CREATING times out with a clear error, and is deregistered', async () => {
    const { gateway, streamArn, log, polls } = setUp();
    const deregistered: unknown[] = [];
    await assert.rejects(
      registerConsumerUntilActive(gateway, target, streamArn, 'slow', { timeoutMs: 60, pollIntervalMs: 10, onDeregistered: (e) => deregistered.push(e) }),
      (error: unknown) => error instanceof ConsumerWaitError && error.reason === 'timeout' && /Consumer "slow" did not become ACTIVE within 0\.1 s \(it is CREATING\)/.test(error.message),
    );
    assert.ok(polls() >= 2, 'it kept polling until the deadline');
    assert.deepEqual(log, ['register slow', 'deregister slow']);
    assert.deepEqual(deregistered, [undefined], 'told that the clean-up worked');
  });

  it('a failed clean-up is reported and the wait\'s own error is still thrown', async () => {
    const { gateway, streamArn, setStatus } = setUp({ failDeregister: true });
    const deregistered: unknown[] = [];
    const timer = setInterval(() => setStatus('doomed', 'DELETING'), 2);
    try {
      await assert.rejects(
        registerConsumerUntilActive(gateway, target, streamArn, 'doomed', { pollIntervalMs: 5, onDeregistered: (e) => deregistered.push(e) }),
        (error: unknown) => error instanceof ConsumerWaitError && error.reason === 'deleting' && /being deregistered/.test(error.message),
      );
    } finally {
      clearInterval(timer);
    }
    assert.equal(deregistered.length, 1);
    assert.match(String(deregistered[0]), /AccessDeniedException/);
  });
});

describe('waitForConsumerActive', () => {
  it('an already ACTIVE consumer is returned without a call', async () => {
    const { gateway, streamArn, polls } = setUp();
    const active: ConsumerInfo = { name: 'ready', arn: `${streamArn}/consumer/ready:1`, status: 'ACTIVE' };
    assert.equal(await waitForConsumerActive(gateway, target, streamArn, active), active);
    assert.equal(polls(), 0);
  });

  it('an already aborted signal ends the wait before any call', async () => {
    const { gateway, streamArn, polls } = setUp();
    const creating: ConsumerInfo = { name: 'x', arn: `${streamArn}/consumer/x:1`, status: 'CREATING' };
    await assert.rejects(waitForConsumerActive(gateway, target, streamArn, creating, { signal: AbortSignal.abort() }), /Interrupted/);
    assert.equal(polls(), 0);
  });
});
