import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ceilExact, estimateCapacity, estimateStreamCapacity, shardsForThroughput, SPIKY_TRAFFIC_RATIO } from '../../../src/core/analysis/capacity';

describe('capacity', () => {
  it("reproduces the seed's worked example: 5,000 records/s at 2 KB = 10 MB/s -> 10 shards", () => {
    const estimate = estimateCapacity({ peakRecordsPerSecond: 5000, averageRecordsPerSecond: 5000, recordSizeBytes: 2000 });
    assert.equal(estimate.shardsByRecords, 5);
    assert.equal(estimate.shardsByVolume, 10);
    assert.equal(estimate.shards, 10);
    assert.equal(estimate.peakBytesPerSecond, 10_000_000);
    assert.ok(estimate.steps.includes('By records: ⌈5,000 ÷ 1,000⌉ = 5 shards'), estimate.steps.join('\n'));
    assert.ok(estimate.steps.includes('By volume: ⌈10 MB/s ÷ 1 MB/s⌉ = 10 shards'));
    assert.ok(estimate.steps.includes('Required: max(5, 10) = 10 shards'));
  });

  it('sizes the seed template rows by peak', () => {
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 10_000, averageRecordsPerSecond: 5000, recordSizeBytes: 2000 }).shards, 20);
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 50_000, averageRecordsPerSecond: 30_000, recordSizeBytes: 500 }).shards, 50);
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 1000, averageRecordsPerSecond: 500, recordSizeBytes: 10_000 }).shards, 10);
  });

  it('rounds up only past a whole shard, immune to float noise', () => {
    assert.deepEqual(shardsForThroughput(1000, 1_000_000), { byRecords: 1, byVolume: 1, shards: 1 });
    assert.deepEqual(shardsForThroughput(1001, 1_000_000), { byRecords: 2, byVolume: 1, shards: 2 });
    assert.equal(ceilExact(0.1 * 3 * 10), 3);
    assert.equal(ceilExact(3.0000001), 4);
  });

  it('needs at least one shard even for zero traffic', () => {
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 0, averageRecordsPerSecond: 0, recordSizeBytes: 100 }).shards, 1);
  });

  it('sums a stream before taking the ceiling', () => {
    const stream = estimateStreamCapacity([
      { peakRecordsPerSecond: 400, averageRecordsPerSecond: 300, recordSizeBytes: 1000 },
      { peakRecordsPerSecond: 400, averageRecordsPerSecond: 300, recordSizeBytes: 1000 },
    ]);
    assert.equal(stream.shards, 1);
    assert.equal(stream.peakRecordsPerSecond, 800);
    const mixed = estimateStreamCapacity([
      { peakRecordsPerSecond: 10_000, averageRecordsPerSecond: 5000, recordSizeBytes: 2000 },
      { peakRecordsPerSecond: 1000, averageRecordsPerSecond: 500, recordSizeBytes: 10_000 },
    ]);
    assert.equal(mixed.shardsByRecords, 11);
    assert.equal(mixed.shardsByVolume, 30);
    assert.equal(mixed.shards, 30);
  });

  it('leaves shards undefined without a record size but keeps the records bound', () => {
    const estimate = estimateCapacity({ peakRecordsPerSecond: 4500, averageRecordsPerSecond: 4000 });
    assert.equal(estimate.shards, undefined);
    assert.equal(estimate.shardsByRecords, 5);
    assert.deepEqual(estimate.missing, ['recordSizeBytes']);
  });

  it('recommends on-demand for spiky or unknown traffic and provisioned for steady traffic', () => {
    assert.equal(SPIKY_TRAFFIC_RATIO, 2);
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 10_000, averageRecordsPerSecond: 5000, recordSizeBytes: 1 }).recommendedMode, 'onDemand');
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 50_000, averageRecordsPerSecond: 30_000, recordSizeBytes: 1 }).recommendedMode, 'provisioned');
    assert.equal(estimateCapacity({ peakRecordsPerSecond: 5000, recordSizeBytes: 1 }).recommendedMode, 'onDemand');
    const unknown = estimateCapacity({});
    assert.equal(unknown.recommendedMode, 'onDemand');
    assert.equal(unknown.shards, undefined);
    assert.equal(unknown.shardsByRecords, undefined);
  });
});
