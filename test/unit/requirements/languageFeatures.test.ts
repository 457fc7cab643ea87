import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../src/core/text';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import { getCodeLenses } from '../../../src/core/requirements/codeLenses';
import { getHover } from '../../../src/core/requirements/hover';
import { createRequirementsService } from '../../../src/core/requirements/index';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { getQuickFixes, THROUGHPUT_PLACEHOLDER } from '../../../src/core/requirements/quickFixes';
import { DiagnosticCodes, validateRequirementDocument, type RequirementDiagnostic } from '../../../src/core/requirements/validate';
import { readFixture, requirementDoc, SEED_HEADER } from './helpers';

function analyse(text: string) {
  const analysis = analyzeRequirementDocument(parseRequirementDocument(text));
  return { analysis, diagnostics: validateRequirementDocument(analysis) };
}

function fix(text: string, code: string, title?: RegExp): { after: string; diagnostics: RequirementDiagnostic[] } {
  const { analysis, diagnostics } = analyse(text);
  const target = diagnostics.find((d) => d.code === code);
  assert.ok(target, `expected a ${code} diagnostic`);
  const fixes = getQuickFixes(analysis, target);
  const chosen = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(chosen, `expected a fix for ${code}`);
  const after = applyEdits(text, chosen.edits);
  return { after, diagnostics: analyse(after).diagnostics };
}

describe('code lenses and hovers', () => {
  it('reads "≈ N shards · $X/month fixed at peak": the dollars are for the shards shown', () => {
    const { analysis } = analyse(readFixture('seed-template.md'));
    // Row 1: 20 shards × 744 h × $0.015 = $223.20; 5,000 rec/s × 1 unit × 2,678,400 s = 13,392 M × $0.014 = $187.488; sum $410.688.
    // Row 2: 50 × 744 × 0.015 = $558 + PUT 80,352 M × 0.014 = $1,124.928 + 7-day retention 50 × 744 × 0.023 = $855.60 = $2,538.528.
    // Row 3: 10 × 744 × 0.015 = $111.60 + PUT 1,339.2 M × 0.014 = $18.749 + retention 10 × 744 × 0.023 = $171.12 = $301.469.
    assert.deepEqual(getCodeLenses(analysis).map((l) => [l.title, l.range.start.line]), [
      ['≈ 20 shards · $410.69/month fixed at peak', 11],
      ['≈ 50 shards · $2,538.53/month fixed at peak', 12],
      ['≈ 10 shards · $301.47/month fixed at peak', 13],
    ]);
    // The average-sized (auto-scaled) figures of the seed's rule are unchanged and labelled in the tooltip.
    assert.match(getCodeLenses(analysis)[0].tooltip, /auto-scaled \(10 shards at average\) \$299\.09\/month/);
    const aws = analyzeRequirementDocument(parseRequirementDocument(readFixture('seed-template.md')), { priceTable: 'aws' });
    // 20 × 730 × 0.015 = $219 + 13,140 M units × $0.014 = $183.96 → $402.96.
    assert.equal(getCodeLenses(aws)[0].title, '≈ 20 shards · $402.96/month fixed at peak');
    const messy = getCodeLenses(analyse(readFixture('messy.md')).analysis).map((l) => l.title);
    assert.equal(messy[2], 'Throughput unknown');
  });

  it('shows the working on hover over a requirement row', () => {
    const { analysis } = analyse(readFixture('seed-template.md'));
    const hover = getHover(analysis, { line: 11, character: 40 });
    assert.ok(hover);
    assert.match(hover.markdown, /Required: max\(10, 20\) = 20 shards/);
    assert.match(hover.markdown, /\$111\.60/);
    assert.match(hover.markdown, /\*\*\$299\.09\*\*/);
    assert.equal(getHover(analysis, { line: 2, character: 3 }), undefined);
  });

  it('explains a planned shard count on hover', () => {
    const text = requirementDoc(`${SEED_HEADER}\n| 1 | a | 10K/5K | 2KB | <1s | 24 hours | x | ✅ |`, '## Data Flow\n- **Stream Configuration**: 12 shards\n');
    const { analysis } = analyse(text);
    const line = text.split('\n').findIndex((l) => l.includes('12 shards'));
    const hover = getHover(analysis, { line, character: text.split('\n')[line].indexOf('12') });
    assert.match(hover?.markdown ?? '', /12 planned shards.*below the 20 required/);
  });
});

describe('quick fixes', () => {
  const empty = requirementDoc(`${SEED_HEADER}\n| 1 | a |  | 1KB | <1s | 24 hours | x | ✅ |`);

  it('fills missing throughput with a placeholder that still warns', () => {
    const { after, diagnostics } = fix(empty, DiagnosticCodes.throughputMissing);
    assert.ok(after.includes(`| 1 | a | ${THROUGHPUT_PLACEHOLDER} | 1KB |`));
    assert.deepEqual(diagnostics.filter((d) => d.code === DiagnosticCodes.throughputMissing).map((d) => d.data?.reason), ['placeholder']);
  });

  it('adds a random suffix or a time bucket to a hot partition key', () => {
    const text = requirementDoc('| Description | Records/Sec | Record Size | Partition Key |\n|---|---|---|---|\n| a | 5K/4K | 1KB | region |');
    const random = fix(text, DiagnosticCodes.hotShardRisk, /random suffix/);
    assert.ok(random.after.includes('| region + "#" + random(0,9) |'));
    assert.equal(random.diagnostics.filter((d) => d.code === DiagnosticCodes.hotShardRisk).length, 0);
    const bucket = fix(text, DiagnosticCodes.hotShardRisk, /time bucket/);
    assert.ok(bucket.after.includes('| region + "#" + hour(yyyyMMddHH) |'));
    const backticked = fix(requirementDoc('| Description | Records/Sec | Record Size | Partition Key |\n|---|---|---|---|\n| a | 5K/4K | 1KB | `status` |'), DiagnosticCodes.hotShardRisk);
    assert.ok(backticked.after.includes('`status + "#" + random(0,9)`'));
  });

  it('switches to on-demand, keeping retention and encryption', () => {
    const text = readFixture('messy.md');
    const { after, diagnostics } = fix(text, DiagnosticCodes.shardsBelowRequirement, /on-demand/);
    assert.ok(after.includes('- **Stream Configuration**: On-demand capacity mode, 7 days retention, KMS encryption\n'));
    assert.equal(diagnostics.filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).length, 0);
    assert.equal(parseRequirementDocument(after).streamConfiguration?.mode, 'onDemand');
  });

  it('plans the required shard count', () => {
    const text = requirementDoc(`${SEED_HEADER}\n| 1 | a | 10K/5K | 2KB | <1s | 24 hours | x | ✅ |`, '## Data Flow\n- **Stream Configuration**: 12 shards, KMS\n');
    const { after, diagnostics } = fix(text, DiagnosticCodes.shardsBelowRequirement, /Plan 20 shards/);
    assert.ok(after.includes('- **Stream Configuration**: 20 shards, KMS'));
    assert.equal(diagnostics.filter((d) => d.code === DiagnosticCodes.shardsBelowRequirement).length, 0);
  });

  it('adds a Stream Configuration bullet when there is none', () => {
    // 5K peak / 50 avg × 1 KB, one shared reader: fixed at 5 shards 5 × 744 × 0.015 = $55.80 + PUT 133.92 M × 0.014 = $1.87 → $57.67;
    // on-demand $29.76 + 133.92 GB in × $0.08 = $10.71 + 133.92 GB out × $0.04 = $5.36 → $45.83, so on-demand is recommended.
    const text = readFixture('seed-template.md').replace(/- \*\*Stream Configuration\*\*.*\n/, '').replace('10K/5K RPS', '5K/50 RPS').replace('| 2KB |', '| 1KB |').replace(/- \*\*Consumers\*\*.*\n/, '');
    const { after } = fix(text, DiagnosticCodes.considerOnDemand);
    assert.equal(parseRequirementDocument(after).streamConfiguration?.mode, 'onDemand');
    const bare = requirementDoc(`${SEED_HEADER}\n| 1 | a | 5K/50 | 1KB | <1s | 24 hours | x | ✅ |`);
    assert.equal(parseRequirementDocument(fix(bare, DiagnosticCodes.considerOnDemand).after).streamConfiguration?.mode, 'onDemand');
  });

  it('ticks a validation item', () => {
    const text = '# S\n\n## Validation Checklist\n- [ ] a\n';
    const { after } = fix(text, DiagnosticCodes.checklistUnchecked);
    assert.equal(after, '# S\n\n## Validation Checklist\n- [x] a\n');
  });

  it('offers nothing for codes without a fix', () => {
    const { analysis, diagnostics } = analyse(readFixture('messy.md'));
    const size = diagnostics.find((d) => d.code === DiagnosticCodes.recordSizeAboveMaximum);
    assert.ok(size);
    assert.deepEqual(getQuickFixes(analysis, size), []);
  });
});

describe('requirements service', () => {
  it('caches by uri and version and recomputes on change', () => {
    const service = createRequirementsService({ options: { priceTable: 'seed' } });
    let text = readFixture('seed-template.md');
    const doc = { uri: 'file:///a/kinesis_requirement.md', version: 1, getText: () => text };
    const first = service.analyze(doc);
    assert.equal(service.analyze(doc), first);
    assert.equal(service.getDiagnostics(doc), service.getDiagnostics(doc));
    text = text.replace('10K/5K RPS', '20K/5K RPS');
    assert.equal(service.analyze(doc), first, 'same version: cached');
    const second = service.analyze({ ...doc, version: 2 });
    assert.notEqual(second, first);
    assert.equal(second.requirements[0].capacity.shards, 40);
    service.updateOptions({ priceTable: 'aws' });
    assert.equal(service.analyze({ ...doc, version: 2 }).priceTable.id, 'aws');
    assert.equal(service.getCodeLenses({ ...doc, version: 2 }).length, 3);
    assert.equal(service.checkGenerationGate({ ...doc, version: 2 }).allowed, false);
    service.evict(doc.uri);
    assert.notEqual(service.analyze({ ...doc, version: 2 }), second);
  });

  it('logs through the injected logger, never the console', () => {
    const messages: string[] = [];
    const logger = { trace: () => undefined, debug: (m: string) => messages.push(m), info: (m: string) => messages.push(m), warn: () => undefined, error: () => undefined };
    const service = createRequirementsService({ logger });
    service.getDiagnostics({ uri: 'u', version: 1, getText: () => '# x' });
    assert.ok(messages.some((m) => m.includes('analysed u v1')));
  });
});
