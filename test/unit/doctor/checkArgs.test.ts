import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_KCL_INTERVAL_MS, parseCheckArgs, parseDurationText, parsePollingReaders } from '../../../src/features/doctor/checkArgs';

describe('Stream Doctor command: the consumer-side check arguments', () => {
  it('no check arguments: sample only, every check off', () => {
    assert.deepEqual(parseCheckArgs({}), { cloudwatch: false, lambda: false, kcl: undefined, pollingReaders: undefined });
  });

  it('passes every check through as the CLI flags do, the KCL interval in milliseconds', () => {
    assert.deepEqual(parseCheckArgs({ cloudwatch: true, lambda: true, kclApp: 'orders-app', kclInterval: '2s', pollingReaders: 3 }), {
      cloudwatch: true, lambda: true, kcl: { application: 'orders-app', table: undefined, readIntervalMs: 2000 }, pollingReaders: 3,
    });
    assert.deepEqual(parseCheckArgs({ kclTable: 'orders.leases', kclInterval: 400 }), {
      cloudwatch: false, lambda: false, kcl: { application: undefined, table: 'orders.leases', readIntervalMs: 400 }, pollingReaders: undefined,
    });
    assert.equal((parseCheckArgs({ pollingReaders: 0 }) as { pollingReaders?: number }).pollingReaders, 0, 'zero polling readers is a count');
  });

  it('refuses a lease table name DynamoDB would refuse, naming the argument and the rule', () => {
    assert.match(parseCheckArgs({ kclApp: 'ab' }) as string, /^kclApp: "ab" is not a DynamoDB table name: use 3–255 letters/);
    assert.match(parseCheckArgs({ kclTable: 'orders app' }) as string, /^kclTable: "orders app" is not a DynamoDB table name/);
    assert.equal(parseCheckArgs({ kclApp: 42 as unknown as string }), 'kclApp must be a DynamoDB table name.');
  });

  it('refuses a KCL interval without an application, one that is not a duration, and one over 10 minutes', () => {
    assert.equal(parseCheckArgs({ kclInterval: '5s' }), 'kclInterval needs kclApp or kclTable.');
    assert.match(parseCheckArgs({ kclApp: 'orders-app', kclInterval: 'soon' }) as string, /^kclInterval must be a positive duration .* not "soon"/);
    assert.match(parseCheckArgs({ kclApp: 'orders-app', kclInterval: MAX_KCL_INTERVAL_MS + 1 }) as string, /at most 10 minutes/);
    assert.match(parseCheckArgs({ kclApp: 'orders-app', kclInterval: -1 }) as string, /positive duration/);
  });

  it('refuses non-boolean switches and a polling reader count that is not a whole number', () => {
    assert.equal(parseCheckArgs({ lambda: 'yes' as unknown as boolean }), 'lambda must be true or false.');
    assert.equal(parseCheckArgs({ cloudwatch: 1 as unknown as boolean }), 'cloudwatch must be true or false.');
    assert.match(parseCheckArgs({ pollingReaders: 2.5 }) as string, /^pollingReaders must be a whole number/);
    assert.match(parseCheckArgs({ pollingReaders: -1 }) as string, /^pollingReaders must be a whole number/);
  });

  it('reads typed polling reader counts and durations', () => {
    assert.equal(parsePollingReaders(' 3 '), 3);
    assert.equal(parsePollingReaders('0'), 0);
    assert.equal(parsePollingReaders('three'), undefined);
    assert.equal(parsePollingReaders('-2'), undefined);
    assert.equal(parsePollingReaders('1.5'), undefined);
    assert.equal(parseDurationText('90s'), 90_000);
    assert.equal(parseDurationText('1h'), 3_600_000);
    assert.equal(parseDurationText('0s'), undefined);
  });
});
