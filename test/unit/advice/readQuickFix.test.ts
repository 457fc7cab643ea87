import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import { getCodeLenses } from '../../../src/core/requirements/codeLenses';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { getQuickFixes } from '../../../src/core/requirements/quickFixes';
import { applyEdits } from '../../../src/core/text';
import { DiagnosticCodes, validateRequirementDocument } from '../../../src/core/requirements/validate';
import { requirementDoc } from '../requirements/helpers';

const HEADER = '| # | Description | Records/Sec (Peak/Avg) | Record Size | Latency Requirement | Durability | Processing Type | Status |\n|---|---|---|---|---|---|---|---|';

function analyse(text: string) {
  const analysis = analyzeRequirementDocument(parseRequirementDocument(text));
  return { analysis, diagnostics: validateRequirementDocument(analysis) };
}

describe('switching a consumer to enhanced fan-out', () => {
  it('edits the Consumers bullet in place, and the lens cost then includes enhanced fan-out', () => {
    // 1K peak / 500 avg × 1 KB, <100 ms, one polling Lambda: 1 shard. Before: $11.16 + 500 × $0.0374976 = $29.91.
    // After: + 1 consumer × 1 shard × 744 h × $0.013 = $9.672 + 1,339.2 GB × $0.0015 = $2.0088 → $41.59.
    const text = requirementDoc(`${HEADER}\n| 1 | Alerts | 1K/500 | 1KB | <100ms | 24 hours | Alerting | ✅ |`, '## Data Flow Architecture Deep Dive\n- **Consumers**: Lambda functions, S3 archival\n');
    const { analysis, diagnostics } = analyse(text);
    assert.equal(getCodeLenses(analysis)[0].title, '≈ 1 shard · $29.91/month fixed at peak');
    const latency = diagnostics.find((d) => d.code === DiagnosticCodes.latencySharedThroughput);
    assert.ok(latency);
    const [fix] = getQuickFixes(analysis, latency);
    assert.equal(fix.title, 'Switch Lambda functions to enhanced fan-out');
    const after = applyEdits(text, fix.edits);
    assert.ok(after.includes('- **Consumers**: Lambda functions (enhanced fan-out), S3 archival\n'));
    const fixed = analyse(after);
    assert.equal(getCodeLenses(fixed.analysis)[0].title, '≈ 1 shard · $41.59/month fixed at peak');
    assert.equal(fixed.diagnostics.filter((d) => d.code === DiagnosticCodes.latencySharedThroughput).length, 0);
  });

  it('offers the switch for the seed rule and the shared-throughput limit, leaving Firehose polling', () => {
    // 10K/5K × 2 KB → 20 shards, 1 MB/s per shard at peak; four polling consumers read 4 MB/s > 2 MB/s.
    const text = requirementDoc(`${HEADER}\n| 1 | Clicks | 10K/5K | 2KB | <1s | 24 hours | Analytics | ✅ |`, '## Data Flow Architecture Deep Dive\n- **Consumers**: Lambda functions, Kinesis Analytics, EC2 applications, S3 archival\n');
    const { analysis, diagnostics } = analyse(text);
    const exceeded = diagnostics.find((d) => d.code === DiagnosticCodes.sharedThroughputExceeded);
    assert.ok(exceeded);
    assert.match(exceeded.message, /4 shared-throughput consumers × 1 MB\/s per shard at peak = 4 MB\/s, above the 2 MB\/s/);
    const after = applyEdits(text, getQuickFixes(analysis, exceeded)[0].edits);
    assert.ok(after.includes('Lambda functions (enhanced fan-out), Kinesis Analytics (enhanced fan-out), EC2 applications (enhanced fan-out), S3 archival\n'));
    const codes = analyse(after).diagnostics.map((d) => d.code);
    assert.ok(!codes.includes(DiagnosticCodes.sharedThroughputExceeded));
    assert.ok(!codes.includes(DiagnosticCodes.enhancedFanOutRecommended));
    // 3 EFO consumers × 20 shards × $9.672 = $580.32 + 3 × 26,784 GB (10 MB/s average) × $0.0015 = $120.528,
    // on top of $410.688 → $1,111.536.
    assert.equal(getCodeLenses(analyse(after).analysis)[0].title, '≈ 20 shards · $1,111.54/month fixed at peak');
  });
});
