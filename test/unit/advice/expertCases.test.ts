/**
 * Expert cases: each requirement is worked by hand from the price tables in shared/docs/KINESIS.md
 * and checked twice, through the engine and through the CLI bundle (`dist/cli.js analyze --json`).
 *
 * Seed table shorthand used in the comments (744 h, 2,678,400 s a month):
 *   shard-month      = 744 × $0.015 = $11.16
 *   retention-month  = 744 × $0.023 = $17.112 per shard (any retention > 24 h)
 *   EFO shard-month  = 744 × $0.013 = $9.672 per consumer per shard, + $0.0015 per GB retrieved
 *   PUT per record/s = 2,678,400 ÷ 10^6 × $0.014 = $0.0374976 per (record/s × 25 KB unit)
 *   GB per month     = bytes/s × 2,678,400 ÷ 10^9
 * On-demand: $29.76 stream-month + $0.08/GB in (each record rounded up to 1 KiB = 1,024 B) +
 *   $0.04/GB out per polling consumer + $0.05/GB out per EFO consumer.
 * Shards = max(⌈peak ÷ 1,000⌉, ⌈peak × size ÷ 1 MB⌉), decimal units.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { repoRoot, requirementDoc } from '../requirements/helpers';

const SEC = 2_678_400;
const SHARD_MONTH = 11.16;
const RETENTION_MONTH = 17.112;
const EFO_SHARD_MONTH = 9.672;
const PUT = 0.0374976;
const GB = (bytesPerSecond: number) => (bytesPerSecond * SEC) / 1e9;
const ON_DEMAND_BASE = 29.76;

interface ExpertCase {
  readonly name: string;
  readonly throughput: string;
  readonly size: string;
  readonly latency?: string;
  readonly retention?: string;
  readonly consumers?: string;
  readonly prices?: 'seed' | 'aws';
  readonly shards: number;
  readonly recommended: 'fixedAtPeak' | 'onDemand';
  readonly fixedAtPeak: number;
  readonly autoScaled?: number;
  readonly onDemand?: number;
  readonly read: readonly string[];
  readonly producer: readonly string[];
  readonly switchToEnhancedFanOut?: number;
  readonly shardsSaved?: number;
  readonly monthlySavings?: number;
  readonly breakEven?: number;
  readonly shapeKnown?: boolean;
}

const lambdas = (n: number, efo: boolean) => Array.from({ length: n }, (_, i) => `Lambda ${i + 1}${efo ? ' (enhanced fan-out)' : ''}`).join(', ');

const CASES: readonly ExpertCase[] = [
  // 1 steady, tiny: 1 shard. Fixed 11.16 + 800 × 0.0374976 = 41.15808. On-demand 29.76 + 800 × 1,024 B → 2,194.14528 GB × 0.08
  //   = 175.53162 + 800 × 1,000 B → 2,142.72 GB × 0.04 = 85.7088 → 291.00042: fixed wins.
  { name: 'steady 1K/800 × 1 KB, one Lambda', throughput: '1K/800', size: '1KB', consumers: 'Lambda functions', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 800 * PUT, onDemand: ON_DEMAND_BASE + GB(800 * 1024) * 0.08 + GB(800_000) * 0.04, read: [], producer: [] },
  // 2 the seed's row 1 with one reader: max(10, 20) = 20 shards; 20 × 11.16 = 223.20 + 5,000 × 0.0374976 = 187.488 → 410.688.
  //   Auto-scaled is the seed's 10 average shards: 111.60 + 187.488 = 299.088.
  { name: "seed row 1 (10K/5K × 2 KB), one reader", throughput: '10K/5K', size: '2KB', consumers: 'Lambda functions', shards: 20, recommended: 'fixedAtPeak', fixedAtPeak: 20 * SHARD_MONTH + 5000 * PUT, autoScaled: 10 * SHARD_MONTH + 5000 * PUT, read: [], producer: [] },
  // 3 bursty, tiny average: 5 shards. Fixed 55.80 + 50 × 0.0374976 = 57.67488; on-demand 29.76 + 50 × 1,024 B → 137.13408 GB × 0.08
  //   = 10.97073 + 133.92 GB × 0.04 = 5.3568 → 46.08753: on-demand is the cheaper option that carries the peak.
  { name: 'bursty 5K/50 × 1 KB (on-demand wins)', throughput: '5K/50', size: '1KB', shards: 5, recommended: 'onDemand', fixedAtPeak: 5 * SHARD_MONTH + 50 * PUT, onDemand: ON_DEMAND_BASE + GB(50 * 1024) * 0.08 + GB(50_000) * 0.04, read: [], producer: [] },
  // 4 bursty 10× but busy: 10 shards. Fixed 111.60 + 1,000 × 0.0374976 = 149.0976; on-demand 29.76 + 2,742.68 GB × 0.08 = 219.41
  //   + 2,678.4 GB × 0.04 = 107.14 → 356.31: fixed wins although the peak is 10× the average.
  { name: 'bursty 10K/1K × 1 KB (fixed still wins)', throughput: '10K/1K', size: '1KB', consumers: 'Lambda functions', shards: 10, recommended: 'fixedAtPeak', fixedAtPeak: 10 * SHARD_MONTH + 1000 * PUT, onDemand: ON_DEMAND_BASE + GB(1000 * 1024) * 0.08 + GB(1_000_000) * 0.04, read: [], producer: [] },
  // 5 the seed's row 2 (50K/30K × 500 B), 24 h: by records 50, by volume 25 → 50 shards. Fixed 558 + 30,000 × 0.0374976 = 1,124.928
  //   → 1,682.928. KPL aggregation of ⌊25,000 ÷ 500⌋ = 50 records: peak 1,000 rec/s, 25 MB/s → 25 shards (25 saved);
  //   279 + 600 × 0.0374976 = 22.49856 → 301.49856; saving 1,682.928 − 301.49856 = 1,381.42944.
  { name: 'records-bound 50K/30K × 500 B: KPL aggregation', throughput: '50K/30K', size: '500B', consumers: 'Lambda functions', shards: 50, recommended: 'fixedAtPeak', fixedAtPeak: 50 * SHARD_MONTH + 30000 * PUT, read: [], producer: ['aggregationRecommended'], shardsSaved: 25, monthlySavings: 50 * SHARD_MONTH + 30000 * PUT - (25 * SHARD_MONTH + 600 * PUT) },
  // 6 100 B records, 20K/20K: by records 20, by volume 2. Fixed 223.20 + 20,000 × 0.0374976 = 749.952 → 973.152. Aggregating 250
  //   per record: 80 rec/s, 2 MB/s → 2 shards (18 saved): 22.32 + 80 × 0.0374976 = 2.999808 → 25.319808.
  { name: 'tiny 100 B records 20K/20K: aggregation saves 18 shards', throughput: '20K/20K', size: '100B', consumers: 'Lambda functions', shards: 20, recommended: 'fixedAtPeak', fixedAtPeak: 20 * SHARD_MONTH + 20000 * PUT, read: [], producer: ['aggregationRecommended'], shardsSaved: 18, monthlySavings: 20 * SHARD_MONTH + 20000 * PUT - (2 * SHARD_MONTH + 80 * PUT) },
  // 7 26 KB records: 2 PUT units each; 1,000 × 26 KB = 26 MB/s → 26 shards. Fixed 290.16 + 1,000 × 2 × 0.0374976 = 74.9952
  //   → 365.1552. Trimmed to 25 KB: 25 shards, 1 unit: 279 + 37.4976 = 316.4976; saving 48.6576.
  { name: 'large 26 KB records just over a PUT unit', throughput: '1K/1K', size: '26KB', consumers: 'Lambda functions', shards: 26, recommended: 'fixedAtPeak', fixedAtPeak: 26 * SHARD_MONTH + 2000 * PUT, read: [], producer: ['recordJustOverPayloadUnit'], monthlySavings: 26 * SHARD_MONTH + 2000 * PUT - (25 * SHARD_MONTH + 1000 * PUT) },
  // 8 100 KB records: 4 units; 200 × 100 KB = 20 MB/s → 20 shards. Fixed 223.20 + 100 × 4 × 0.0374976 = 14.99904 → 238.19904.
  //   Compressed 2:1 (50 KB): 2 units, 10 shards: 111.60 + 7.49952 = 119.09952; saving 119.09952.
  { name: 'large 100 KB records: compression halves units and shards', throughput: '200/100', size: '100KB', consumers: 'Lambda functions', shards: 20, recommended: 'fixedAtPeak', fixedAtPeak: 20 * SHARD_MONTH + 400 * PUT, read: [], producer: ['compressionRecommended'], monthlySavings: 20 * SHARD_MONTH + 400 * PUT - (10 * SHARD_MONTH + 200 * PUT) },
  // 9 two polling readers at 2K × 1 KB over 2 shards: 1 MB/s per shard × 2 = 2 MB/s, exactly the shared limit: nothing flagged.
  //   Fixed 22.32 + 1,000 × 0.0374976 = 59.8176.
  { name: '2 consumers at exactly 2 MB/s per shard', throughput: '2K/1K', size: '1KB', consumers: 'Lambda functions, EC2 applications', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 2 * SHARD_MONTH + 1000 * PUT, read: [], producer: [] },
  // 10 three readers: 3 × 1 MB/s = 3 MB/s > 2 (2 fit) and the seed's 3+ rule: all three to enhanced fan-out. Cost as written 59.8176.
  { name: '3 consumers: shared limit exceeded and seed rule', throughput: '2K/1K', size: '1KB', consumers: 'Lambda functions, EC2 applications, Kinesis Analytics', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 2 * SHARD_MONTH + 1000 * PUT, read: ['sharedThroughputExceeded', 'enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 3 },
  // 11 the seed's four consumers on row 1: 20 MB/s ÷ 20 shards = 1 MB/s × 4 = 4 MB/s > 2; Firehose (S3 archival) keeps polling,
  //   the other three switch. Fixed 410.688 as written.
  { name: "seed row 1 with the seed's 4 consumers", throughput: '10K/5K', size: '2KB', consumers: 'Lambda functions, Kinesis Analytics, EC2 applications, S3 archival', shards: 20, recommended: 'fixedAtPeak', fixedAtPeak: 20 * SHARD_MONTH + 5000 * PUT, read: ['sharedThroughputExceeded', 'enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 3 },
  // 12 five low-volume readers: 0.1 MB/s × 5 = 0.5 MB/s and 5 GetRecords/s: both within limits; the seed rule alone applies.
  //   1 shard: 11.16 + 1,000 × 0.0374976 = 48.6576.
  { name: '5 consumers, low volume: seed rule only', throughput: '1K/1K', size: '100B', consumers: 'Lambda alerts, Lambda audit, KCL scorer, Flink windows, EC2 reporting', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 1000 * PUT, read: ['enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 5 },
  // 13 six polling readers: 6 GetRecords/s per shard > 5; five Lambdas switch, Firehose polls.
  { name: '6 consumers: GetRecords limit', throughput: '1K/1K', size: '100B', consumers: `${lambdas(5, false)}, Firehose to S3`, shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 1000 * PUT, read: ['getRecordsExceeded', 'enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 5 },
  // 14 under 200 ms with one polling Lambda: it needs enhanced fan-out. 1 shard: 11.16 + 500 × 0.0374976 = 18.7488 → 29.9088.
  { name: 'sub-200 ms latency, polling reader', throughput: '1K/500', size: '1KB', latency: '<100ms', consumers: 'Lambda functions', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 500 * PUT, read: ['enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 1 },
  // 15 under 200 ms with enhanced fan-out stated: priced in. 29.9088 + 1 × 1 × 9.672 + 1,339.2 GB × 0.0015 = 2.0088 → 41.5896.
  //   On-demand 29.76 + 1,371.3408 GB × 0.08 = 109.70726 + EFO out 1,339.2 × 0.05 = 66.96 → 206.42726 (no polling reader).
  { name: 'sub-200 ms latency, enhanced fan-out stated and priced', throughput: '1K/500', size: '1KB', latency: '<100ms', consumers: 'Lambda functions (enhanced fan-out)', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 500 * PUT + EFO_SHARD_MONTH + GB(500_000) * 0.0015, onDemand: ON_DEMAND_BASE + GB(500 * 1024) * 0.08 + GB(500_000) * 0.05, read: [], producer: [] },
  // 16 7-day retention: 2 shards × (11.16 + 17.112) = 56.544 + 1,000 × 0.0374976 = 37.4976 → 94.0416.
  { name: 'extended retention 7 days', throughput: '2K/1K', size: '1KB', retention: '7 days', consumers: 'Lambda functions', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 2 * (SHARD_MONTH + RETENTION_MONTH) + 1000 * PUT, read: [], producer: [] },
  // 17 30-day retention on the seed table: one flat shard-hour rate beyond 24 h, so the same 94.0416.
  { name: 'extended retention 30 days (seed: flat rate)', throughput: '2K/1K', size: '1KB', retention: '30 days', consumers: 'Lambda functions', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 2 * (SHARD_MONTH + RETENTION_MONTH) + 1000 * PUT, read: [], producer: [] },
  // 18 30-day retention on the AWS table (730 h): 2 × 730 × 0.015 = 21.90 + 1,000 × 2,628,000 ÷ 10^6 × 0.014 = 36.792
  //   + 2 × 730 × 0.020 = 29.20 + data older than 7 days: 1 MB/s × 552 h × 3,600 = 1,987.2 GB × 0.023 = 45.7056 → 133.5976.
  { name: 'extended retention 30 days (AWS: long-term tier)', prices: 'aws', throughput: '2K/1K', size: '1KB', retention: '30 days', consumers: 'Lambda functions', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 21.9 + 36.792 + 29.2 + 1987.2 * 0.023, read: [], producer: [] },
  // 19 one rate stated: shape unknown, said so; 2 shards: 22.32 + 2,000 × 0.0374976 = 74.9952 → 97.3152.
  { name: 'single rate: traffic shape unknown', throughput: '2K RPS', size: '1KB', consumers: 'Lambda functions', shards: 2, recommended: 'fixedAtPeak', fixedAtPeak: 2 * SHARD_MONTH + 2000 * PUT, read: [], producer: [], shapeKnown: false },
  // 20 steady 1K/1K: the average-sized count (1) already carries the peak: auto-scaled = fixed = 11.16 + 37.4976 = 48.6576.
  { name: 'flat traffic: auto-scaled equals fixed at peak', throughput: '1K/1K', size: '1KB', consumers: 'Lambda functions', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 1000 * PUT, autoScaled: SHARD_MONTH + 1000 * PUT, read: [], producer: [] },
  // 21 extreme burst 100K/1K × 1 KB: 100 shards: 1,116 + 37.4976 = 1,153.4976; on-demand 29.76 + 219.41453 + 107.136 = 356.31053.
  //   Per average record/s: fixed +0.0374976, on-demand +(1,024 × 0.08 + 1,000 × 0.04) × 2,678,400 ÷ 10^9 = 0.326550528;
  //   break-even (1,116 − 29.76) ÷ (0.326550528 − 0.0374976) ≈ 3,757.9 records/s.
  { name: 'extreme burst 100K/1K: on-demand, with break-even', throughput: '100K/1K', size: '1KB', consumers: 'Lambda functions', shards: 100, recommended: 'onDemand', fixedAtPeak: 100 * SHARD_MONTH + 1000 * PUT, onDemand: ON_DEMAND_BASE + GB(1000 * 1024) * 0.08 + GB(1_000_000) * 0.04, read: [], producer: [], breakEven: (100 * SHARD_MONTH - ON_DEMAND_BASE) / (((1024 * 0.08 + 1000 * 0.04) * SEC) / 1e9 - PUT) },
  // 22 21 enhanced fan-out consumers stated: above the 20 per stream. Priced as written: 11.16 + 37.4976 + 21 × 9.672 = 203.112
  //   + 21 × 0.1 MB/s → 267.84 GB each × 0.0015 × 21 = 8.43696 → 260.20656.
  { name: '21 enhanced fan-out consumers: over the limit', throughput: '1K/1K', size: '100B', consumers: lambdas(21, true), shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 1000 * PUT + 21 * EFO_SHARD_MONTH + 21 * GB(100_000) * 0.0015, read: ['enhancedFanOutLimit'], producer: [] },
  // 23 19 EFO + 3 polling Lambdas: the seed rule would add 3 (22 > 20): only 1 is advised, and the limit is reported.
  //   11.16 + 37.4976 + 19 × 9.672 = 183.768 + 19 × 267.84 × 0.0015 = 7.63344 → 240.05904.
  { name: '19 EFO + 3 polling: the limit caps the advice', throughput: '1K/1K', size: '100B', consumers: `${lambdas(19, true)}, KCL one, KCL two, KCL three`, shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 1000 * PUT + 19 * EFO_SHARD_MONTH + 19 * GB(100_000) * 0.0015, read: ['enhancedFanOutRecommended', 'enhancedFanOutLimit'], producer: [], switchToEnhancedFanOut: 1 },
  // 24 under 50 ms with three readers on 1 MB/s per shard: shared limit (3 > 2 MB/s), latency and the seed rule all fire.
  { name: 'sub-200 ms with 3 consumers', throughput: '1K/500', size: '1KB', latency: '<50ms', consumers: 'Lambda functions, EC2 applications, Kinesis Analytics', shards: 1, recommended: 'fixedAtPeak', fixedAtPeak: SHARD_MONTH + 500 * PUT, read: ['sharedThroughputExceeded', 'enhancedFanOutRecommended', 'enhancedFanOutRecommended'], producer: [], switchToEnhancedFanOut: 3 },
  // 25 tiny records with 7-day retention: by records 5, by volume 1. Fixed 5 × (11.16 + 17.112) = 141.36 + 5,000 × 0.0374976
  //   = 187.488 → 328.848. Aggregated (250 per record): 20 rec/s → 1 shard: 28.272 + 20 × 0.0374976 = 0.749952 → 29.021952.
  { name: 'aggregation with extended retention', throughput: '5K/5K', size: '100B', retention: '7 days', consumers: 'Lambda functions', shards: 5, recommended: 'fixedAtPeak', fixedAtPeak: 5 * (SHARD_MONTH + RETENTION_MONTH) + 5000 * PUT, read: [], producer: ['aggregationRecommended'], shardsSaved: 4, monthlySavings: 5 * (SHARD_MONTH + RETENTION_MONTH) + 5000 * PUT - (SHARD_MONTH + RETENTION_MONTH + 20 * PUT) },
  // 26 the seed's row 2 with 7 days: its auto-scaled figure stays the seed's $1,973.088 (30 × 11.16 + 1,124.928 + 30 × 17.112).
  //   Fixed at 50 shards: 558 + 1,124.928 + 855.60 = 2,538.528.
  { name: 'seed row 2 (50K/30K × 500 B, 7 days): seed figure unchanged', throughput: '50K/30K', size: '500B', retention: '7 days', consumers: 'Lambda functions', shards: 50, recommended: 'fixedAtPeak', fixedAtPeak: 50 * (SHARD_MONTH + RETENTION_MONTH) + 30000 * PUT, autoScaled: 30 * (SHARD_MONTH + RETENTION_MONTH) + 30000 * PUT, read: [], producer: ['aggregationRecommended'], shardsSaved: 25 },
];

function documentFor(c: ExpertCase): string {
  const header = '| # | Description | Records/Sec (Peak/Avg) | Record Size | Latency Requirement | Durability | Processing Type | Status |\n|---|---|---|---|---|---|---|---|';
  const row = `| 1 | Expert case | ${c.throughput} | ${c.size} | ${c.latency ?? '<1s'} | ${c.retention ?? '24 hours'} | Processing | ✅ |`;
  return requirementDoc(`${header}\n${row}`, c.consumers ? `## Data Flow Architecture Deep Dive\n- **Consumers**: ${c.consumers}\n` : '');
}

function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined && actual !== null && Math.abs(actual - expected) < 1e-6, `${what}: expected ${expected}, got ${actual}`);
}

describe('expert cases (engine)', () => {
  it('has at least 25 hand-computed cases', () => assert.ok(CASES.length >= 25));
  for (const c of CASES) {
    it(c.name, () => {
      const analysis = analyzeRequirementDocument(parseRequirementDocument(documentFor(c)), { priceTable: c.prices ?? 'seed' });
      const [r] = analysis.requirements;
      assert.equal(r.capacity.shards, c.shards);
      assert.equal(r.modeChoice.recommended, c.recommended);
      assert.equal(r.capacity.recommendedMode, c.recommended === 'onDemand' ? 'onDemand' : 'provisioned', 'the capacity mode repeats the cost-based choice');
      assert.equal(r.modeChoice.options.fixedAtPeak.shards, c.shards, 'fixed-at-peak dollars are for the peak shard count');
      close(r.modeChoice.options.fixedAtPeak.monthlyUsd, c.fixedAtPeak, 'fixed at peak');
      if (c.autoScaled !== undefined) close(r.modeChoice.options.autoScaled.monthlyUsd, c.autoScaled, 'auto-scaled');
      if (c.onDemand !== undefined) close(r.modeChoice.options.onDemand.monthlyUsd, c.onDemand, 'on-demand');
      if (c.breakEven !== undefined) close(r.modeChoice.breakEvenAverageRecordsPerSecond, c.breakEven, 'break-even');
      if (c.shapeKnown !== undefined) {
        assert.equal(r.modeChoice.shapeKnown, c.shapeKnown);
        assert.match(r.modeChoice.reason, /Traffic shape unknown/);
        assert.equal(r.modeChoice.options.autoScaled.carriesPeak, false);
      }
      assert.deepEqual(r.read.findings.map((f) => f.code), c.read);
      assert.equal(r.read.switchToEnhancedFanOut.length, c.switchToEnhancedFanOut ?? 0);
      assert.deepEqual(r.producer.map((p) => p.code), c.producer);
      if (c.shardsSaved !== undefined) assert.equal(r.producer[0].shardsSaved, c.shardsSaved);
      if (c.monthlySavings !== undefined) close(r.producer[0].monthlySavingsUsd, c.monthlySavings, 'producer saving');
    });
  }
});

describe('expert cases (CLI: dist/cli.js analyze --json)', () => {
  const root = repoRoot();
  const dir = mkdtempSync(path.join(tmpdir(), 'ks-expert-'));
  CASES.forEach((c, i) => {
    it(c.name, () => {
      const file = path.join(dir, `case-${i + 1}.md`);
      writeFileSync(file, documentFor(c));
      const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'analyze', file, '--json', '--prices', c.prices ?? 'seed'], { encoding: 'utf8' });
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.equal(json.schemaVersion, 2);
      const [r] = json.requirements;
      assert.equal(r.capacity.shards, c.shards);
      assert.equal(r.modeChoice.recommended, c.recommended);
      assert.equal(r.cost.fixedAtPeak.shards, c.shards);
      close(r.cost.fixedAtPeak.monthlyUsd, c.fixedAtPeak, 'fixed at peak');
      if (c.onDemand !== undefined) close(r.cost.onDemand.monthlyUsd, c.onDemand, 'on-demand');
      assert.deepEqual(r.read.findings.map((f: { code: string }) => f.code), c.read);
      assert.deepEqual(r.producer.map((p: { code: string }) => p.code), c.producer);
      const diagnosticCodes = json.diagnostics.map((d: { code: string }) => d.code);
      for (const code of c.producer) assert.ok(diagnosticCodes.includes(`kinesis.producer.${code}`), `diagnostic kinesis.producer.${code}`);
      for (const code of c.read.filter((x) => x !== 'enhancedFanOutRecommended')) assert.ok(diagnosticCodes.includes(`kinesis.read.${code}`), `diagnostic kinesis.read.${code}`);
    });
  });
});
