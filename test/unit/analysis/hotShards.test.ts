import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  classifyPartitionKey,
  equalHashRanges,
  equalRangeShardIndex,
  estimateHottestShardShare,
  simulateDistribution,
  type PartitionKeyPattern,
} from '../../../src/core/analysis/hotShards';
import { createSeededRandom, expandKeyPattern, parseKeyPattern } from '../../../src/core/analysis/keyPatterns';

const nodeHasher = (key: string) => createHash('md5').update(key, 'utf8').digest();

/** Reference mapping with BigInt against the AWS-style ranges. */
function referenceShard(key: string, shards: number): number {
  const hash = BigInt('0x' + createHash('md5').update(key, 'utf8').digest('hex'));
  const ranges = equalHashRanges(shards);
  return ranges.findIndex((r) => hash >= BigInt(r.startingHashKey) && hash <= BigInt(r.endingHashKey));
}

describe('partition key classification', () => {
  const cases: [string, PartitionKeyPattern, string][] = [
    ['"orders"', 'static', 'high'],
    ['constant string', 'static', 'high'],
    ['region', 'lowCardinality', 'high'],
    ['event_type', 'lowCardinality', 'high'],
    ['status + category', 'lowCardinality', 'high'],
    ['auto-increment order number', 'sequential', 'medium'],
    ['timestamp', 'timestampOnly', 'high'],
    ['created_at', 'timestampOnly', 'high'],
    ['user_id', 'highCardinality', 'low'],
    ['device_id', 'highCardinality', 'low'],
    ['sessionId', 'highCardinality', 'low'],
    ['uuid', 'highCardinality', 'low'],
    ['device_id + timestamp', 'composite', 'low'],
    ['user_id + "#" + random(0,9)', 'composite', 'low'],
    ['region + "#" + random(0,9)', 'composite', 'low'],
    ['region + "#" + hour(yyyyMMddHH)', 'composite', 'medium'],
    ['MD5(user_id).substring(0,8)', 'composite', 'low'],
    ['`vehicle_id`', 'highCardinality', 'low'],
    ['Even distribution, avoiding hot shards', 'unknown', 'unknown'],
    ['', 'unknown', 'unknown'],
  ];
  for (const [text, pattern, risk] of cases) {
    it(`${JSON.stringify(text)} is ${pattern} (${risk} risk)`, () => {
      const result = classifyPartitionKey(text);
      assert.equal(result.pattern, pattern);
      assert.equal(result.risk, risk);
      assert.ok(result.reason.length > 0);
    });
  }
});

describe('hottest shard share', () => {
  it('is at least the busiest key, and at least 1/min(shards, keys)', () => {
    const few = estimateHottestShardShare({ shardCount: 10, distinctKeys: 3, topKeyShare: 0.2 });
    assert.equal(few.evenShare, 0.1);
    assert.equal(few.hottestShare, 1 / 3);
    assert.ok(Math.abs(few.hotFactor - 10 / 3) < 1e-12);
    const skewed = estimateHottestShardShare({ shardCount: 10, distinctKeys: 1000, topKeyShare: 0.5 });
    assert.equal(skewed.hottestShare, 0.5);
    assert.equal(skewed.hotFactor, 5);
    const even = estimateHottestShardShare({ shardCount: 4, distinctKeys: 10_000, topKeyShare: 0.0001 });
    assert.equal(even.hotFactor, 1);
    assert.equal(even.steps.length, 4);
  });
});

describe('hash ranges and shard mapping', () => {
  it('produces the ranges CreateStream gives', () => {
    const four = equalHashRanges(4);
    assert.equal(four[0].startingHashKey, '0');
    assert.equal(four[0].endingHashKey, '85070591730234615865843651857942052863');
    assert.equal(four[1].startingHashKey, '85070591730234615865843651857942052864');
    assert.equal(four[3].endingHashKey, '340282366920938463463374607431768211455');
    const three = equalHashRanges(3);
    assert.equal(three[0].endingHashKey, '113427455640312821154458202477256070484');
    assert.equal(three[1].startingHashKey, '113427455640312821154458202477256070485');
  });

  it('maps digests to equal ranges exactly, including at every range boundary', () => {
    for (const shards of [1, 2, 3, 7, 10, 1000, 10_000]) {
      const ranges = equalHashRanges(shards);
      for (const [i, r] of ranges.entries()) {
        for (const [value, expected] of [
          [BigInt(r.startingHashKey), i],
          [BigInt(r.endingHashKey), i],
        ] as [bigint, number][]) {
          const digest = Uint8Array.from(Buffer.from(value.toString(16).padStart(32, '0'), 'hex'));
          assert.equal(equalRangeShardIndex(digest, shards), expected, `${shards} shards, boundary of ${i}`);
        }
        if (i > 20) break;
      }
    }
  });

  it('routes keys like Kinesis: MD5 as a big-endian integer (checked against node:crypto + BigInt)', () => {
    const random = createSeededRandom(7);
    for (let i = 0; i < 500; i++) {
      const key = `key-${Math.floor(random() * 1e9)}`;
      const shards = 1 + Math.floor(random() * 64);
      const report = simulateDistribution([key], shards);
      assert.equal(report.counts.indexOf(1), referenceShard(key, shards), key);
    }
  });

  it('gives the same counts with the pure-TS hasher, node:crypto, and explicit ranges', () => {
    const parsed = parseKeyPattern('device-{1..5000}');
    assert.ok(parsed.ok);
    const keys = expandKeyPattern(parsed.pattern, 20_000);
    const pure = simulateDistribution(keys, 8);
    const native = simulateDistribution(keys, 8, { hasher: nodeHasher });
    const ranged = simulateDistribution(keys, equalHashRanges(8));
    assert.deepEqual(pure.counts, native.counts);
    assert.deepEqual(pure.counts, ranged.counts);
    assert.equal(pure.totalKeys, 20_000);
    assert.equal(pure.counts.reduce((a, b) => a + b, 0), 20_000);
    assert.equal(pure.mean, 2500);
    assert.ok(pure.maxOverMean > 1 && pure.maxOverMean < 1.2, String(pure.maxOverMean));
  });

  it('shows a static key as one hot shard', () => {
    const report = simulateDistribution(new Array(1000).fill('orders'), 10);
    assert.equal(report.max, 1000);
    assert.equal(report.maxOverMean, 10);
    assert.equal(report.hottestShardIndex, referenceShard('orders', 10));
  });

  it('reports keys that fall into no range (gaps left by closed shards)', () => {
    const [first] = equalHashRanges(2);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const report = simulateDistribution(keys, [first]);
    const expectedInFirst = keys.filter((k) => referenceShard(k, 2) === 0).length;
    assert.equal(report.counts[0], expectedInFirst);
    assert.equal(report.unmatchedKeys, keys.length - expectedInFirst);
  });

  it('rejects impossible shard counts', () => {
    assert.throws(() => simulateDistribution(['a'], 0), RangeError);
    assert.throws(() => equalHashRanges(1.5), RangeError);
  });
});
