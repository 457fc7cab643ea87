import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatDecimal, formatInteger, formatUsd } from '../../../src/webview/common/format';
import { formatLag, formatSize, formatTime, shortSequence, shortShard } from '../../../src/webview/tail/format';

describe('page formats', () => {
  it('tail viewer: shard ids, sizes, lag, sequence numbers, times', () => {
    assert.equal(shortShard('shardId-000000000012'), '#12');
    assert.equal(shortShard('custom'), 'custom');
    assert.deepEqual([formatSize(1023), formatSize(1536), formatSize(3 * 1024 * 1024)], ['1023 B', '1.5 KiB', '3.0 MiB']);
    assert.deepEqual([formatLag(undefined), formatLag(250), formatLag(1500), formatLag(600_000)], ['lag —', 'lag 250 ms', 'lag 1.5 s', 'lag 10 min']);
    assert.equal(shortSequence('49650000000000000000000000000000000000000001', 20), '…00000000000000000001');
    assert.equal(shortSequence('12', 20), '12');
    assert.equal(formatTime(undefined), '—');
    assert.match(formatTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), /^\d\d:04:05\.006$/);
  });

  it('shared numbers: integers, decimals, dollars with lower bounds', () => {
    assert.deepEqual([formatInteger(1234567), formatInteger(undefined), formatDecimal(1.256), formatDecimal(2)], ['1,234,567', '—', '1.26', '2']);
    assert.deepEqual([formatUsd(12.5), formatUsd(12.5, true), formatUsd(undefined)], ['$12.50', '≥ $12.50', '—']);
  });
});
