import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { estimateMonthlyCost, estimateStreamMonthlyCost, PRICE_TABLES, type CostEstimate, type CostLineItemId } from '../../../src/core/analysis/cost';
import { assertClose } from '../requirements/helpers';

function amount(estimate: CostEstimate, id: CostLineItemId): number | undefined {
  return [...estimate.provisioned.lineItems, ...estimate.onDemand.lineItems].find((l) => l.id === id)?.amount;
}

const SEED_ROW_1 = { peakRecordsPerSecond: 10_000, averageRecordsPerSecond: 5000, recordSizeBytes: 2000, retentionHours: 24, sharedThroughputConsumers: 1 };

describe('cost', () => {
  it('has the two price tables from KINESIS.md', () => {
    assert.equal(PRICE_TABLES.seed.hoursPerMonth, 744);
    assert.equal(PRICE_TABLES.aws.hoursPerMonth, 730);
    assert.equal(PRICE_TABLES.seed.extendedRetentionShardHour, 0.023);
    assert.equal(PRICE_TABLES.aws.extendedRetentionShardHour, 0.02);
    assert.equal(PRICE_TABLES.seed.enhancedFanOutPerGb, 0.0015);
    assert.equal(PRICE_TABLES.aws.enhancedFanOutConsumerShardHour, 0.015);
    // The seed has no on-demand prices: both tables use the AWS ones.
    assert.deepEqual(PRICE_TABLES.seed.onDemand, PRICE_TABLES.aws.onDemand);
  });

  it('prices seed row 1 on AVERAGE throughput with seed constants', () => {
    const cost = estimateMonthlyCost(SEED_ROW_1, PRICE_TABLES.seed);
    // 5,000 rec/s x 2 KB = 10 MB/s -> 10 shards; 10 x 744 h x $0.015
    assert.equal(cost.provisionedShards, 10);
    assertClose(amount(cost, 'shardHours'), 111.6, 'shard hours');
    // 5,000 x 1 unit x 2,678,400 s = 13,392 million x $0.014
    assertClose(amount(cost, 'putPayloadUnits'), 187.488, 'PUT');
    assertClose(cost.provisioned.total, 299.088, 'total');
    assert.equal(amount(cost, 'extendedRetention'), undefined);
    assert.equal(cost.complete, true);
  });

  it('prices seed row 1 with AWS prices and 730 hours', () => {
    const cost = estimateMonthlyCost(SEED_ROW_1, PRICE_TABLES.aws);
    assertClose(amount(cost, 'shardHours'), 109.5);
    assertClose(amount(cost, 'putPayloadUnits'), 183.96);
    assertClose(cost.provisioned.total, 293.46);
  });

  it('adds extended retention per shard-hour (seed row 2, 7 days)', () => {
    const input = { averageRecordsPerSecond: 30_000, recordSizeBytes: 500, retentionHours: 168, sharedThroughputConsumers: 1 };
    const seed = estimateMonthlyCost(input, PRICE_TABLES.seed);
    assert.equal(seed.provisionedShards, 30);
    assertClose(amount(seed, 'extendedRetention'), 513.36);
    assertClose(seed.provisioned.total, 334.8 + 1124.928 + 513.36);
    const aws = estimateMonthlyCost(input, PRICE_TABLES.aws);
    assertClose(amount(aws, 'extendedRetention'), 438);
    assert.equal(amount(aws, 'longTermRetention'), undefined);
    assertClose(aws.provisioned.total, 328.5 + 1103.76 + 438);
  });

  it('caps retention at 8,760 h and adds AWS long-term GB-month storage beyond 7 days (seed row 3)', () => {
    const input = { averageRecordsPerSecond: 500, recordSizeBytes: 10_000, retentionHours: 61_320, sharedThroughputConsumers: 1 };
    const aws = estimateMonthlyCost(input, PRICE_TABLES.aws);
    // 5 MB/s x (8,760 - 168) h x 3,600 s = 154,656 GB x $0.023
    assertClose(amount(aws, 'longTermRetention'), 3557.088);
    assertClose(amount(aws, 'extendedRetention'), 73);
    assert.ok(aws.notes.some((n) => n.includes('exceeds the Kinesis maximum')));
    const seed = estimateMonthlyCost(input, PRICE_TABLES.seed);
    assert.equal(amount(seed, 'longTermRetention'), undefined);
    assertClose(amount(seed, 'extendedRetention'), 85.56);
    assertClose(seed.provisioned.total, 55.8 + 18.7488 + 85.56);
  });

  it('counts PUT payload units as ceil(size / 25 KB) per record', () => {
    const units = (size: number) => {
      const c = estimateMonthlyCost({ averageRecordsPerSecond: 1, recordSizeBytes: size, sharedThroughputConsumers: 1 }, PRICE_TABLES.seed);
      return (c.provisioned.lineItems.find((l) => l.id === 'putPayloadUnits')?.quantity as number) / (744 * 3600 / 1e6);
    };
    assertClose(units(100), 1);
    assertClose(units(25_000), 1);
    assertClose(units(25_001), 2);
    assertClose(units(60_000), 3);
  });

  it('prices enhanced fan-out per consumer-shard-hour and per GB', () => {
    const cost = estimateMonthlyCost({ ...SEED_ROW_1, enhancedFanOutConsumers: 2 }, PRICE_TABLES.seed);
    assertClose(amount(cost, 'enhancedFanOutConsumerShardHours'), 2 * 10 * 744 * 0.013);
    // 10 MB/s x 2,678,400 s = 26,784 GB per consumer
    assertClose(amount(cost, 'enhancedFanOutData'), 2 * 26_784 * 0.0015);
    assertClose(cost.provisionedColumns?.get, 193.44 + 80.352);
  });

  it('prices on-demand beside provisioned, rounding each record up to 1 KiB', () => {
    const cost = estimateMonthlyCost({ averageRecordsPerSecond: 1000, recordSizeBytes: 500, sharedThroughputConsumers: 1 }, PRICE_TABLES.seed);
    assertClose(amount(cost, 'onDemandStreamHours'), 744 * 0.04);
    // 1,000 records/s × 1,024 B billed × 2,678,400 s = 2,742.6816 GB × $0.08.
    assertClose(amount(cost, 'onDemandDataIn'), 2742.6816 * 0.08);
    assertClose(amount(cost, 'onDemandDataOut'), 1339.2 * 0.04);
    assertClose(cost.onDemand.total, 29.76 + 219.414528 + 53.568);
    const retained = estimateMonthlyCost({ averageRecordsPerSecond: 1000, recordSizeBytes: 1000, retentionHours: 168, sharedThroughputConsumers: 0 }, PRICE_TABLES.aws);
    // 1 MB/s kept for 144 h beyond the first day = 518.4 GB x $0.10
    assertClose(amount(retained, 'onDemandExtendedRetention'), 51.84);
    assert.equal(amount(retained, 'onDemandDataOut'), undefined);
  });

  it('uses the single stated rate as the average and says so', () => {
    const cost = estimateMonthlyCost({ peakRecordsPerSecond: 5000, recordSizeBytes: 2000, sharedThroughputConsumers: 1 });
    assert.equal(cost.basisRecordsPerSecond, 5000);
    assert.ok(cost.notes.some((n) => n.includes('single stated rate')));
  });

  it('gives no totals when throughput is unknown, and lower bounds when the size is unknown', () => {
    const unknown = estimateMonthlyCost({ recordSizeBytes: 2000 });
    assert.equal(unknown.provisioned.total, undefined);
    assert.equal(unknown.complete, false);
    const sizeless = estimateMonthlyCost({ averageRecordsPerSecond: 5000, sharedThroughputConsumers: 1 });
    assert.equal(sizeless.complete, false);
    assertClose(sizeless.provisioned.total, 5 * 744 * 0.015 + 13_392 * 0.014);
  });

  it('prices a fixed shard count when given', () => {
    const cost = estimateMonthlyCost({ ...SEED_ROW_1, shards: 20 }, PRICE_TABLES.seed);
    assertClose(amount(cost, 'shardHours'), 223.2);
  });

  it('counts PUT units per record class in a multi-requirement stream', () => {
    const cost = estimateStreamMonthlyCost(
      [
        { averageRecordsPerSecond: 100, recordSizeBytes: 30_000 },
        { averageRecordsPerSecond: 100, recordSizeBytes: 1_000 },
      ],
      { sharedThroughputConsumers: 1 },
      PRICE_TABLES.seed,
    );
    // (100 x 2 + 100 x 1) units/s x 2,678,400 s = 803.52 million; a 15.5 KB average would wrongly give 1 unit each.
    assertClose(cost.provisioned.lineItems.find((l) => l.id === 'putPayloadUnits')?.quantity, 803.52);
    // 200 rec/s, 3.1 MB/s -> 4 shards
    assert.equal(cost.provisionedShards, 4);
  });
});
