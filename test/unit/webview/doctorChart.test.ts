import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chartSummary, downsample } from '../../../src/webview/doctor/chartModel';

describe('doctor report: the load chart', () => {
  it('averages a long window into at most the points it draws, keeping the mean', () => {
    const series = Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? 1000 : 0));
    const points = downsample(series, 300);
    assert.equal(points.length, 300);
    assert.ok(points.every((p) => Math.abs(p - 100) < 1e-9), 'every bucket of ten seconds averages one 1,000 records/s second');
    assert.deepEqual(downsample([1, 2, 3], 300), [1, 2, 3]);
  });

  it('says in words what the chart shows, one line per shard', () => {
    const lines = chartSummary([
      { shardId: 'shardId-000000000000', recordsPerSecond: [10, 30, 20] },
      { shardId: 'shardId-000000000001', recordsPerSecond: [900, 1100, 1000] },
    ]);
    assert.deepEqual(lines, [
      'shardId-000000000000: mean 20 records/s, peak 30 records/s over 3 s',
      'shardId-000000000001: mean 1,000 records/s, peak 1,100 records/s over 3 s',
    ]);
  });
});
