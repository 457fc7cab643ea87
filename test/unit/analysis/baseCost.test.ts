import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBaseMonthlyCost, describeNewStream } from '../../../src/core/analysis/baseCost';
import { getPriceTable } from '../../../src/core/analysis/cost';

describe('base monthly cost of a new stream', () => {
  const seed = getPriceTable('seed');
  const aws = getPriceTable('aws');

  it('pluralises the shard count: "1 shard", "3 shards"', () => {
    assert.equal(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 1, retentionHours: 24 }, seed), '$11.16/month (1 shard × 744 h × $0.015)');
    assert.equal(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 3, retentionHours: 24 }, seed), '$33.48/month (3 shards × 744 h × $0.015)');
  });

  it('uses the price table it is given: the AWS table bills 730 h a month', () => {
    assert.equal(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 3, retentionHours: 24 }, aws), '$32.85/month (3 shards × 730 h × $0.015)');
  });

  it('adds extended retention only above 24 h, at each table\'s own rate', () => {
    // seed: 2 × 744 × 0.015 = 22.32, plus 2 × 744 × 0.023 = 34.22
    assert.equal(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 2, retentionHours: 48 }, seed), '$56.54/month (2 shards × 744 h × $0.015 + extended retention $34.22)');
    // aws: 2 × 730 × 0.015 = 21.90, plus 2 × 730 × 0.02 = 29.20
    assert.equal(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 2, retentionHours: 48 }, aws), '$51.10/month (2 shards × 730 h × $0.015 + extended retention $29.20)');
    assert.doesNotMatch(describeBaseMonthlyCost({ mode: 'PROVISIONED', shardCount: 2, retentionHours: 24 }, seed), /extended/);
  });

  it('on-demand pays the stream-hour, whatever the shard count says', () => {
    assert.equal(describeBaseMonthlyCost({ mode: 'ON_DEMAND', shardCount: 7, retentionHours: 24 }, seed), '$29.76/month for the stream (744 h × $0.04/stream-hour)');
    assert.equal(describeBaseMonthlyCost({ mode: 'ON_DEMAND', shardCount: 7, retentionHours: 24 }, aws), '$29.20/month for the stream (730 h × $0.04/stream-hour)');
  });
});

describe('Create Stream confirmation', () => {
  it('prices with the table kinesis.priceTable names, not always the seed', () => {
    const stream = { mode: 'PROVISIONED' as const, shardCount: 3, retentionHours: 24, tags: {} };
    assert.match(describeNewStream(stream, 'seed'), /Estimated cost before traffic: \$33\.48\/month \(3 shards × 744 h × \$0\.015\)\./);
    assert.match(describeNewStream(stream, 'aws'), /Estimated cost before traffic: \$32\.85\/month \(3 shards × 730 h × \$0\.015\)\./);
  });

  it('says what is created: mode, shards (pluralised), retention and tags', () => {
    assert.match(describeNewStream({ mode: 'PROVISIONED', shardCount: 1, retentionHours: 48, tags: { team: 'a', env: 'dev' } }, 'seed'),
      /^Provisioned, 1 shard, retention 48 h, tags team=a, env=dev\.\n\n/);
    assert.match(describeNewStream({ mode: 'PROVISIONED', shardCount: 4, retentionHours: 24, tags: {} }, 'seed'), /^Provisioned, 4 shards, retention 24 h\.\n\n/);
    assert.match(describeNewStream({ mode: 'ON_DEMAND', shardCount: 1, retentionHours: 24, tags: {} }, 'aws'), /^On-demand, retention 24 h\.\n\n.*730 h × \$0\.04\/stream-hour/s);
  });
});
