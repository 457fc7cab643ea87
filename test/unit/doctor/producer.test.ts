import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { digestToBigInt, md5PartitionKey } from '../../../src/core/analysis/md5';
import { analyzeProducer } from '../../../src/core/doctor/producer';
import { sortFindings, type Finding } from '../../../src/core/doctor/findings';
import { HASH_BINS } from '../../../src/core/doctor/producerSample';
import { midpointHashKey, validateSplitKey } from '../../../src/core/kinesis/shards';
import { detailsOf, equalShards, sampleOf, shardOf, shardsWithFractions, type SyntheticRecord } from './helpers';

function* spread(count: number, prefix: string, seconds = 60): Generator<SyntheticRecord> {
  for (let i = 0; i < count; i++) yield { key: `${prefix}-${i}`, second: i % seconds };
}

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

describe('doctor producer analysis', () => {
  it('names a hot key with its shard and proposes salting it', () => {
    const shards = equalShards(4);
    const records: SyntheticRecord[] = [...spread(600, 'user')];
    for (let i = 0; i < 1400; i++) records.push({ key: 'tenant-42', second: i % 60 });
    const findings = analyzeProducer(sampleOf(shards, records), { details: detailsOf(shards) });
    const hot = findings.filter((f) => f.code === 'hot-key');
    assert.equal(hot.length, 1, codes(findings).join(', '));
    assert.equal(hot[0].subject.partitionKey, 'tenant-42');
    assert.equal(hot[0].subject.shardId, shardOf(shards, 'tenant-42'));
    assert.equal(hot[0].fix?.kind, 'saltKey');
    if (hot[0].fix?.kind !== 'saltKey') return;
    assert.match(hot[0].fix.example, /"tenant-42#" \+ random\(0, 9\)/);
    assert.match(hot[0].fix.tradeOff, /order/);
    assert.equal(hot[0].evidence.topKeys?.[0].partitionKey, 'tenant-42');
    // The hot key's shard is not also reported as a hot shard to split: a key never splits.
    assert.ok(!findings.some((f) => f.code === 'hot-shard' && f.subject.shardId === hot[0].subject.shardId));
  });

  it('reports no hot key and no hot shard for evenly spread keys', () => {
    const shards = equalShards(4);
    const findings = analyzeProducer(sampleOf(shards, spread(8_000, 'device')), { details: detailsOf(shards) });
    assert.ok(!findings.some((f) => f.code === 'hot-key' || f.code === 'hot-shard'), codes(findings).join(', '));
  });

  it('proposes splitting a shard made hot by uneven ranges at the weighted median of its hash keys', () => {
    const shards = shardsWithFractions([0.7, 0.1, 0.1, 0.1]);
    // Denser in the lower part of the wide shard, so its weighted median is well below its midpoint.
    const space = 1n << 128n;
    const keys = [...spread(8_000, 'device')];
    for (const r of [...keys]) if (digestToBigInt(md5PartitionKey(r.key)) < space / 5n) keys.push(r, r);
    const findings = analyzeProducer(sampleOf(shards, keys), { details: detailsOf(shards) });
    const hot = findings.filter((f) => f.code === 'hot-shard');
    assert.equal(hot.length, 1, codes(findings).join(', '));
    assert.equal(hot[0].subject.shardId, shards[0].shardId);
    assert.match(hot[0].title, /uneven/);
    const fix = hot[0].fix;
    assert.equal(fix?.kind, 'splitShard');
    if (fix?.kind !== 'splitShard') return;
    assert.equal(validateSplitKey(fix.newStartingHashKey, shards[0]), undefined);
    // The true weighted median of the shard's hash keys, from the keys themselves.
    const inShard = keys.map((r) => digestToBigInt(md5PartitionKey(r.key))).filter((h) => h <= BigInt(shards[0].endingHashKey)).sort((a, b) => (a < b ? -1 : 1));
    const median = inShard[Math.floor(inShard.length / 2)];
    const binWidth = (BigInt(shards[0].endingHashKey) + 1n) / BigInt(HASH_BINS);
    const distance = BigInt(fix.newStartingHashKey) > median ? BigInt(fix.newStartingHashKey) - median : median - BigInt(fix.newStartingHashKey);
    assert.ok(distance <= binWidth, `split ${fix.newStartingHashKey} is ${distance} from the median ${median}`);
    const midpoint = BigInt(midpointHashKey(shards[0]));
    assert.ok(midpoint - median > 50n * binWidth, 'the layout must make the median differ from the midpoint');
    assert.equal(fix.preview.length, 2);
    assert.equal(fix.preview[0].startingHashKey, shards[0].startingHashKey);
    assert.equal(BigInt(fix.preview[0].endingHashKey) + 1n, BigInt(fix.newStartingHashKey));
    assert.equal(fix.preview[1].endingHashKey, shards[0].endingHashKey);
    for (const child of fix.preview) assert.ok(Math.abs(child.share - 0.5) < 0.01, `child share ${child.share}`);
    const shardRecords = inShard.length;
    assert.ok(Math.abs(fix.preview[0].expectedRecordsPerSecond + fix.preview[1].expectedRecordsPerSecond - shardRecords / 60) < 1e-6);
  });

  it('tells short bursts apart from steady load', () => {
    const shards = equalShards(1);
    const records: SyntheticRecord[] = [];
    for (let s = 0; s < 120; s++) for (let i = 0; i < 5; i++) records.push({ key: `k-${s}-${i}`, second: s });
    for (let i = 0; i < 950; i++) records.push({ key: `burst-${i}`, second: 30 });
    const bursty = analyzeProducer(sampleOf(shards, records, 120), { details: detailsOf(shards) });
    assert.ok(bursty.some((f) => f.code === 'burst' && f.fix?.kind === 'smoothBursts'), codes(bursty).join(', '));
    const steady = analyzeProducer(sampleOf(shards, spread(120 * 600, 'k', 120), 120), { details: detailsOf(shards) });
    assert.ok(!steady.some((f) => f.code === 'burst'), codes(steady).join(', '));
  });

  it('says when shard-level metrics are off and what the needed ones cost; ALL is trimmed to what is needed', () => {
    const shards = equalShards(4);
    const off = analyzeProducer(sampleOf(shards, spread(100, 'k')), { details: detailsOf(shards) }).find((f) => f.code === 'shard-metrics-off');
    assert.ok(off);
    assert.equal(off.fix?.kind, 'setShardMetrics');
    if (off.fix?.kind === 'setShardMetrics') assert.equal(off.fix.monthlyUsd, 5 * 4 * 0.3);
    const all = analyzeProducer(sampleOf(shards, spread(100, 'k')), { details: detailsOf(shards, { enhancedMonitoring: ['ALL'] }) }).find((f) => f.code === 'shard-metrics-all');
    assert.ok(all);
    assert.match(all.explanation, /OutgoingBytes and OutgoingRecords/);
    const needed = analyzeProducer(sampleOf(shards, spread(100, 'k')), {
      details: detailsOf(shards, { enhancedMonitoring: ['IncomingRecords', 'IncomingBytes', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds'] }),
    });
    assert.ok(!needed.some((f) => f.code.startsWith('shard-metrics')));
  });

  it('proposes merging the coolest adjacent pair below 50% utilisation, and says when no record was read', () => {
    const shards = equalShards(4);
    const findings = analyzeProducer(sampleOf(shards, spread(600, 'k')), { details: detailsOf(shards) });
    const under = findings.find((f) => f.code === 'under-utilized');
    assert.equal(under?.fix?.kind, 'mergeShards');
    const empty = analyzeProducer(sampleOf(shards, []), { details: detailsOf(shards) });
    assert.deepEqual(codes(empty).filter((c) => c !== 'shard-metrics-off'), ['no-data']);
  });

  it('sorts findings errors first, keeping order within a severity', () => {
    const f = (code: Finding['code'], severity: Finding['severity']): Finding => ({ code, severity, title: code, subject: { stream: 's' }, explanation: '', evidence: { facts: [] } });
    assert.deepEqual(codes(sortFindings([f('burst', 'info'), f('hot-key', 'error'), f('no-data', 'info'), f('hot-shard', 'warning')])), ['hot-key', 'hot-shard', 'burst', 'no-data']);
  });
});
