/** The shard-limit simulator's accounting (test/support/shardLimitProxy.ts), with a stepped clock. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { equalHashRanges } from '../../../src/core/analysis/hotShards';
import {
  AWS_SHARD_LIMITS,
  base64DecodedLength,
  entryBytes,
  ShardWindows,
  shardMapOf,
  throttleMessage,
} from '../../support/shardLimitProxy';

const T0 = 1_700_000_000_000; // a whole second

describe('shard-limit accounting', () => {
  it('defaults to AWS: 1,000 records and 1 MiB per shard per second', () => {
    assert.deepEqual(AWS_SHARD_LIMITS, { recordsPerSecond: 1000, bytesPerSecond: 1_048_576 });
  });

  it('admits 1,000 records in a second and refuses the 1,001st, then starts over in the next second', () => {
    const windows = new ShardWindows();
    for (let i = 0; i < 1000; i++) assert.ok(windows.tryAdmit('s/a', 10, T0 + (i % 1000)), `record ${i}`);
    assert.equal(windows.tryAdmit('s/a', 10, T0 + 999), false);
    assert.deepEqual(windows.used('s/a', T0 + 999), { records: 1000, bytes: 10_000 });
    // Another shard has its own budget.
    assert.ok(windows.tryAdmit('s/b', 10, T0 + 999));
    // The window is the clock's whole second: 1 ms later is a fresh second.
    assert.ok(windows.tryAdmit('s/a', 10, T0 + 1000));
    assert.deepEqual(windows.used('s/a', T0 + 1000), { records: 1, bytes: 10 });
  });

  it('counts bytes up to the limit exactly, and a smaller entry may still fit after a refusal', () => {
    const windows = new ShardWindows({ recordsPerSecond: 1000, bytesPerSecond: 1000 });
    assert.ok(windows.tryAdmit('s/a', 600, T0));
    assert.equal(windows.tryAdmit('s/a', 401, T0), false);
    assert.ok(windows.tryAdmit('s/a', 400, T0));
    assert.equal(windows.tryAdmit('s/a', 1, T0), false);
    assert.deepEqual(windows.used('s/a', T0), { records: 2, bytes: 1000 });
  });

  it('never admits an entry larger than the whole byte budget, and admits one of exactly 1 MiB', () => {
    const windows = new ShardWindows();
    assert.equal(windows.tryAdmit('s/a', 1_048_577, T0), false);
    assert.ok(windows.tryAdmit('s/a', 1_048_576, T0));
  });

  it('refunds an admitted entry and takes new limits for the following entries', () => {
    const windows = new ShardWindows({ recordsPerSecond: 1, bytesPerSecond: 100 });
    assert.ok(windows.tryAdmit('s/a', 50, T0));
    assert.equal(windows.tryAdmit('s/a', 1, T0), false);
    windows.refund('s/a', 50, T0);
    assert.ok(windows.tryAdmit('s/a', 50, T0));
    windows.limits = { recordsPerSecond: 3, bytesPerSecond: 100 };
    assert.ok(windows.tryAdmit('s/a', 50, T0));
    assert.equal(windows.tryAdmit('s/a', 1, T0), false, 'bytes: 100 used');
  });

  it('counts decoded data bytes plus UTF-8 partition key bytes', () => {
    for (let n = 0; n < 12; n++) {
      const data = Buffer.alloc(n, 0xab).toString('base64');
      assert.equal(base64DecodedLength(data), n, `length ${n}`);
    }
    assert.equal(entryBytes(Buffer.from('hello').toString('base64'), 'ké'), 5 + 3);
  });

  it('routes entries to the 4 shards as Kinesis does and spells the AWS throttle message', () => {
    const map = shardMapOf(equalHashRanges(4).map((r) => ({ ...r, shardId: r.shardId! })));
    const perShard = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const id = map.route(`k${i}`)!.shardId;
      perShard.set(id, (perShard.get(id) ?? 0) + 1);
    }
    assert.equal(perShard.size, 4);
    for (const n of perShard.values()) assert.ok(n > 850 && n < 1150, `even spread (${n})`);
    assert.equal(
      throttleMessage('shardId-000000000001', 'orders', '000000000000'),
      'Rate exceeded for shard shardId-000000000001 in stream orders under account 000000000000.',
    );
  });
});
