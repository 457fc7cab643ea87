import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import type { RequirementsOptions } from '../../../src/core/requirements/options';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { DiagnosticCodes, validateRequirementDocument, type RequirementDiagnostic } from '../../../src/core/requirements/validate';
import { readFixture, requirementDoc, SEED_HEADER } from './helpers';

function diagnose(text: string, options: Partial<RequirementsOptions> = {}): RequirementDiagnostic[] {
  const model = parseRequirementDocument(text);
  const diagnostics = validateRequirementDocument(analyzeRequirementDocument(model, options));
  for (const d of diagnostics) assert.ok(model.lines.isValidRange(d.range), `${d.code} range inside the document`);
  return diagnostics;
}

function codes(diagnostics: readonly RequirementDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

function sourceOf(text: string, d: RequirementDiagnostic): string {
  return text.split(/\r?\n/)[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}

/** One seed-format requirement row; `extra` adds sections after the table. */
function row(cells: string, extra = ''): string {
  return requirementDoc(`${SEED_HEADER}\n| ${cells} |`, extra);
}

describe('diagnostics on fixtures', () => {
  it('flags the seed template examples as expected', () => {
    const diagnostics = diagnose(readFixture('seed-template.md'));
    // No on-demand advice: fixed at peak is far cheaper for every row (see test/unit/advice). Row 2 is bound by
    // records (50 vs 25 shards); four consumers read every stream (seed rule → enhanced fan-out), and at 1 MB/s per
    // shard at peak the clickstream and transaction streams exceed the 2 MB/s the four polling readers share.
    assert.deepEqual(codes(diagnostics), [
      'kinesis.latency.sharedThroughput',
      'kinesis.latency.sharedThroughput',
      'kinesis.producer.aggregationRecommended',
      'kinesis.cost.aboveThreshold',
      'kinesis.retention.outOfRange',
      'kinesis.read.sharedThroughputExceeded',
      'kinesis.read.enhancedFanOutRecommended',
      'kinesis.read.enhancedFanOutRecommended',
      'kinesis.read.sharedThroughputExceeded',
      'kinesis.read.enhancedFanOutRecommended',
      ...new Array(7).fill('kinesis.checklist.unchecked'),
    ]);
    assert.ok(!diagnostics.some((d) => d.severity === 'error'));
  });

  it('flags the messy file with the right severities and ranges', () => {
    const text = readFixture('messy.md');
    const diagnostics = diagnose(text);
    const byCode = (code: string) => diagnostics.filter((d) => d.code === code);
    assert.deepEqual(byCode(DiagnosticCodes.recordSizeAboveMaximum).map((d) => [d.severity, sourceOf(text, d)]), [['error', '12 MiB']]);
    assert.deepEqual(byCode(DiagnosticCodes.hotShardRisk).map((d) => sourceOf(text, d)), ['region', '"orders"', 'timestamp']);
    assert.deepEqual(byCode(DiagnosticCodes.throughputMissing).map((d) => d.data?.reason), ['placeholder', 'empty']);
    assert.deepEqual(byCode(DiagnosticCodes.throughputUnreadable).map((d) => sourceOf(text, d)), ['fast']);
    assert.deepEqual(byCode(DiagnosticCodes.recordSizeUnreadable).map((d) => sourceOf(text, d)), ['big']);
    assert.deepEqual(byCode(DiagnosticCodes.retentionOutOfRange).map((d) => sourceOf(text, d)), ['12h']);
    // The planned 4 shards cannot carry 1.5M records/s.
    assert.deepEqual(byCode(DiagnosticCodes.shardsBelowRequirement).map((d) => [d.severity, sourceOf(text, d)]), [['error', '4']]);
    // Enhanced fan-out is stated, so sub-200 ms latency is fine.
    assert.equal(byCode(DiagnosticCodes.latencySharedThroughput).length, 0);
    assert.equal(byCode(DiagnosticCodes.checklistUnchecked).length, 2);
  });

  it('is quiet on a complete, consistent file', () => {
    assert.deepEqual(codes(diagnose(readFixture('complete.md'))), []);
  });
});

describe('individual checks', () => {
  it('requires throughput: empty cell, placeholder, or no column', () => {
    assert.deepEqual(diagnose(row('1 | a |  | 1KB | <1s | 24 hours | x | ✅')).filter((d) => d.code === DiagnosticCodes.throughputMissing).map((d) => d.data?.reason), ['empty']);
    assert.deepEqual(diagnose(row('1 | a | TBD/TBD RPS | 1KB | <1s | 24 hours | x | ✅')).filter((d) => d.code === DiagnosticCodes.throughputMissing).map((d) => d.data?.reason), ['placeholder']);
    const noColumn = diagnose(requirementDoc('| Description | Record Size |\n|---|---|\n| a | 1KB |'));
    assert.deepEqual(noColumn.filter((d) => d.code === DiagnosticCodes.throughputMissing).map((d) => d.data?.reason), ['noColumn']);
    assert.ok(codes(diagnose(row('1 | a | 1K/2K RPS | 1KB | <1s | 24 hours | x | ✅'))).includes(DiagnosticCodes.averageAbovePeak));
  });

  it('checks record size against 1 MiB (warning) and 10 MiB (error)', () => {
    const size = (s: string) => diagnose(row(`1 | a | 1K/1K | ${s} | <1s | 24 hours | x | ✅`)).filter((d) => d.code.startsWith('kinesis.recordSize')).map((d) => `${d.code}:${d.severity}`);
    assert.deepEqual(size('1 MB'), []);
    assert.deepEqual(size('1 MiB'), []);
    assert.deepEqual(size('1.1 MiB'), ['kinesis.recordSize.aboveDefaultLimit:warning']);
    assert.deepEqual(size('10 MiB'), ['kinesis.recordSize.aboveDefaultLimit:warning']);
    assert.deepEqual(size('11 MB'), ['kinesis.recordSize.aboveMaximum:error']);
    assert.deepEqual(size(''), ['kinesis.recordSize.missing:information']);
  });

  it('checks retention within 24-8,760 h', () => {
    const retention = (s: string) => codes(diagnose(row(`1 | a | 1K/1K | 1KB | <1s | ${s} | x | ✅`))).filter((c) => c === DiagnosticCodes.retentionOutOfRange).length;
    assert.equal(retention('24 hours'), 0);
    assert.equal(retention('365 days'), 0);
    assert.equal(retention('12 hours'), 1);
    assert.equal(retention('2 years'), 1);
  });

  it('warns about sub-200 ms latency unless consumers use enhanced fan-out', () => {
    const doc = (latency: string, extra = '') => codes(diagnose(row(`1 | a | 1K/1K | 1KB | ${latency} | 24 hours | x | ✅`, extra)));
    assert.ok(doc('<100ms').includes(DiagnosticCodes.latencySharedThroughput));
    assert.ok(!doc('<200ms').includes(DiagnosticCodes.latencySharedThroughput));
    assert.ok(!doc('<100ms', '## Data Flow\n- **Consumers**: Lambda with enhanced fan-out\n').includes(DiagnosticCodes.latencySharedThroughput));
    assert.ok(!doc('<100ms', '## Design Considerations\n- **Consumer Patterns**: EFO for all readers\n').includes(DiagnosticCodes.latencySharedThroughput));
    assert.ok(doc('<100ms', '## Design Considerations\n- **Consumer Patterns**: Fan-out vs shared throughput\n').includes(DiagnosticCodes.latencySharedThroughput));
  });

  it('reports hot-shard risk and over-long partition keys', () => {
    const key = (k: string) => diagnose(requirementDoc(`| Description | Records/Sec | Record Size | Partition Key |\n|---|---|---|---|\n| a | 5K/4K | 1KB | ${k} |`));
    assert.ok(codes(key('status')).includes(DiagnosticCodes.hotShardRisk));
    assert.ok(!codes(key('user_id')).includes(DiagnosticCodes.hotShardRisk));
    const constant = key('"all"').find((d) => d.code === DiagnosticCodes.hotShardRisk);
    assert.match(constant?.message ?? '', /All 5,000 records\/s at peak would hit one shard/);
    const long = key('k'.repeat(257)).find((d) => d.code === DiagnosticCodes.partitionKeyTooLong);
    assert.equal(long?.severity, 'error');
    assert.equal(key('k'.repeat(256)).filter((d) => d.code === DiagnosticCodes.partitionKeyTooLong).length, 0);
    const design = diagnose(row('1 | a | 1K/1K | 1KB | <1s | 24 hours | x | ✅', '## Design Considerations\n- **Partition Key Design**: `region` - one per country\n'));
    assert.equal(design.filter((d) => d.code === DiagnosticCodes.hotShardRisk).length, 1);
  });

  it('compares a planned shard count with the requirement', () => {
    const planned = (config: string) => diagnose(row('1 | a | 10K/5K | 2KB | <1s | 24 hours | x | ✅', `## Data Flow\n- **Stream Configuration**: ${config}\n`));
    const below = planned('provisioned, 12 shards').find((d) => d.code === DiagnosticCodes.shardsBelowRequirement);
    assert.equal(below?.severity, 'error');
    assert.deepEqual([below?.data?.requiredShards, below?.data?.plannedShards], [20, 12]);
    assert.equal(planned('20 shards').filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).length, 0);
    assert.equal(planned('on-demand, 12 shards initially').filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).length, 0);
    const named = diagnose(
      requirementDoc('| Description | Stream | Records/Sec | Record Size |\n|---|---|---|---|\n| a | Clicks | 10K/5K | 2KB |\n| b | Logs | 1K/1K | 1KB |', '## Data Flow\n- **Stream Configuration**: Clicks: 30 shards; Logs: 1 shard\n'),
    );
    assert.deepEqual(named.filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).map((d) => d.data?.streamName), []);
    const namedLow = diagnose(
      requirementDoc('| Description | Stream | Records/Sec | Record Size |\n|---|---|---|---|\n| a | Clicks | 10K/5K | 2KB |\n| b | Logs | 1K/1K | 1KB |', '## Data Flow\n- **Stream Configuration**: Clicks: 10 shards; Logs: 1 shard\n'),
    );
    assert.deepEqual(namedLow.filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).map((d) => d.data?.streamName), ['Clicks']);
  });

  it('applies the configurable cost threshold to the recommended option (fixed at peak here)', () => {
    // 20 shards × 744 h × $0.015 = $223.20 + 13,392 M units × $0.014 = $187.49 → $410.69 (seed);
    // 20 × 730 × 0.015 = $219 + 13,140 M × 0.014 = $183.96 → $402.96 (aws).
    const text = row('1 | a | 10K/5K | 2KB | <1s | 24 hours | x | ✅');
    assert.equal(diagnose(text, { monthlyCostThreshold: 410 }).filter((d) => d.code === DiagnosticCodes.costAboveThreshold).length, 1);
    assert.equal(diagnose(text, { monthlyCostThreshold: 411 }).filter((d) => d.code === DiagnosticCodes.costAboveThreshold).length, 0);
    assert.equal(diagnose(text, { monthlyCostThreshold: 402, priceTable: 'aws' }).filter((d) => d.code === DiagnosticCodes.costAboveThreshold).length, 1);
    assert.equal(diagnose(text, { monthlyCostThreshold: 403, priceTable: 'aws' }).filter((d) => d.code === DiagnosticCodes.costAboveThreshold).length, 0);
  });

  it('reports unchecked validation items unless turned off', () => {
    const text = '# S\n\n## Validation Checklist\n- [x] a\n- [ ] b\n';
    const unchecked = diagnose(text).filter((d) => d.code === DiagnosticCodes.checklistUnchecked);
    assert.deepEqual(unchecked.map((d) => [d.data?.checklistIndex, sourceOf(text, d)]), [[1, '- [ ] b']]);
    assert.equal(diagnose(text, { reportUncheckedItems: false }).filter((d) => d.code === DiagnosticCodes.checklistUnchecked).length, 0);
    assert.ok(codes(diagnose(text)).includes(DiagnosticCodes.noRequirementsTable));
  });
});
