import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import {
  ARCHITECTURE_SECTIONS,
  checkGenerationGate,
  findHandEditedSections,
  generateArchitectureDocument,
  mergeArchitectureDocument,
} from '../../../src/core/requirements/architecture';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { readFixture, toCrlf } from './helpers';

/** Headings of the seed's final-deliverable template. */
const SEED_HEADINGS = [
  '# Kinesis Streaming Architecture',
  '## Design Philosophy & Approach',
  '## Stream Designs',
  '## Streaming Requirements Mapping',
  '### Solved Requirements',
  '### Unsolved Requirements & Alternatives',
  '## Cost Estimates',
  '## Hot Shard Analysis',
  '## Trade-offs and Optimizations',
  '## Design Considerations & Integrations',
  '## Validation Results 🔴',
];

const STREAM_BULLETS = ['Purpose', 'Shard Configuration', 'Partition Key', 'Record Format', 'Retention Period', 'Encryption', 'Streaming Requirements Served', 'Capacity Planning'];
const CONSUMER_BULLETS = ['Purpose', 'Consumer Type', 'Processing Pattern', 'Scaling Strategy', 'Error Handling', 'Checkpointing', 'Streaming Requirements Served', 'Performance Planning'];

function generate(fixture: string): string {
  return generateArchitectureDocument(analyzeRequirementDocument(parseRequirementDocument(readFixture(fixture))));
}

describe('architecture generation gate', () => {
  it('refuses until the checklist is complete and every requirement has throughput, saying why', () => {
    const seed = checkGenerationGate(parseRequirementDocument(readFixture('seed-template.md')));
    assert.equal(seed.allowed, false);
    assert.match(seed.reasons.join(' '), /7 Validation Checklist items are not ticked/);
    const messy = checkGenerationGate(parseRequirementDocument(readFixture('messy.md')));
    assert.match(messy.reasons.join(' '), /Requirements R-3, R-5, R-6 have no throughput/);
    assert.deepEqual(checkGenerationGate(parseRequirementDocument(readFixture('complete.md'))), { allowed: true, reasons: [] });
    assert.match(checkGenerationGate(parseRequirementDocument('# empty')).reasons.join(' '), /no requirements yet.*Checklist is missing/);
  });
});

describe('architecture document', () => {
  const text = generate('complete.md');

  it('contains every section of the seed template, in order', () => {
    let from = 0;
    for (const heading of SEED_HEADINGS) {
      const at = text.indexOf(`\n${heading}\n`, from - 1);
      assert.ok(at >= 0 || text.startsWith(heading + '\n'), `missing ${heading}`);
      from = Math.max(from, at);
    }
  });

  it('fills stream and consumer designs with every bullet of the template', () => {
    const stream = text.slice(text.indexOf('### UserClickstreamEvents Stream'));
    for (const bullet of STREAM_BULLETS) assert.match(stream, new RegExp(`- \\*\\*${bullet}\\*\\*: `), bullet);
    const consumer = text.slice(text.indexOf('### Lambda functions Consumer'));
    for (const bullet of CONSUMER_BULLETS) assert.match(consumer, new RegExp(`- \\*\\*${bullet}\\*\\*: `), bullet);
    assert.match(text, /### Kinesis Analytics Consumer/);
    assert.match(text, /- \*\*Consumer Type\*\*: Lambda - /);
  });

  it('carries the computed numbers with their justification', () => {
    // 6K peak x 2 KB = 12 MB/s -> 12 shards, priced at 12: 12 × $11.16 = $133.92 + 13,392 M units × $0.014 = $187.49
    // + 12 × 744 × $0.023 = $205.34 retention = $526.75. Auto-scaled (10 average shards) stays the seed-rule $470.21.
    assert.match(text, /- \*\*Shard Configuration\*\*: 12 shards at peak.*Required: max\(6, 12\) = 12 shards/);
    assert.match(text, /\| UserClickstreamEvents \| 12 \| \$133\.92 \| \$187\.49 \| \$0\.00 \| \$526\.75 \(incl\. \$205\.34 retention\) \|/);
    assert.match(text, /\| \*\*Total\*\* \| \| \| \| \| \*\*\$526\.75\*\* \|/);
    assert.match(text, /\| UserClickstreamEvents \| \$526\.75 \(12 shards\) \| \$470\.21 \(10 shards\) \| \$4,[0-9.,]+ \| fixed at peak \|/);
    assert.match(text, /- \*\*Capacity Mode\*\*: provisioned, 12 shards fixed at peak - Cheapest option that carries the peak/);
    // Stated in the file: KMS; not stated: the record format, which is written as a recommendation.
    assert.match(text, /- \*\*Encryption\*\*: .* - the Stream Configuration states it/);
    assert.match(text, /- \*\*Record Format\*\*: up to 2 KB per record - Recommendation \(no format is stated\)/);
    assert.match(text, /requirements file plans 12 shards/);
    assert.match(text, /Requirement #1 at 6,000 RPS over 12 shards = 500 RPS per shard across partition key `user_id` ✅/);
    assert.match(text, /- \[x\] Hot shard analysis completed ✅/);
    assert.match(text, /\| #1 \| Ingest user clickstream events \| UserClickstreamEvents → Lambda functions, Kinesis Analytics \|/);
  });

  it('proposes alternatives for requirements Kinesis cannot meet', () => {
    const seed = generate('seed-template.md');
    assert.match(seed, /- \*\*Requirement #3\*\*: Archive transaction logs \(retention of 7 years exceeds the 8,760 h \(365 days\) maximum\) - \*\*Solution\*\*: Kinesis Data Firehose → S3/);
    assert.match(seed, /- \[ \] Hot shard analysis completed - no partition key stated for Requirement #1, Requirement #2, Requirement #3/);
  });

  it('is deterministic', () => {
    assert.equal(generate('complete.md'), text);
  });
});

describe('hand-edited sections', () => {
  const generated = generate('complete.md');

  it('sees a fresh document (also with CRLF) as unchanged', () => {
    const states = findHandEditedSections(generated);
    assert.deepEqual(states.map((s) => s.id), ARCHITECTURE_SECTIONS.map((s) => s.id));
    assert.ok(states.every((s) => s.state === 'unchanged'));
    assert.ok(findHandEditedSections(toCrlf(generated)).every((s) => s.state === 'unchanged'));
  });

  it('reports exactly the edited and removed sections', () => {
    const edited = generated.replace('- **Data Format**: JSON over Avro', '- **Data Format**: Avro, decided with the team');
    const states = findHandEditedSections(edited, generated);
    assert.deepEqual(states.filter((s) => s.state !== 'unchanged').map((s) => [s.id, s.state]), [['trade-offs', 'edited']]);
    const start = generated.indexOf('<!-- kinesis-studio:section id=hot-shard-analysis');
    const end = generated.indexOf('<!-- kinesis-studio:section id=trade-offs');
    const removed = generated.slice(0, start) + generated.slice(end);
    assert.deepEqual(findHandEditedSections(removed, generated).filter((s) => s.state !== 'unchanged').map((s) => [s.id, s.state]), [['hot-shard-analysis', 'removed']]);
  });

  it('keeps the sections the user chose when merging a regeneration', () => {
    const edited = generated.replace('- **Data Format**: JSON over Avro', '- **Data Format**: Avro, decided with the team');
    const regenerated = generateArchitectureDocument(
      analyzeRequirementDocument(parseRequirementDocument(readFixture('complete.md').replace('6K/5K RPS', '8K/5K RPS'))),
    );
    const kept = mergeArchitectureDocument(edited, regenerated, new Set(['trade-offs']));
    assert.ok(kept.includes('Avro, decided with the team'));
    assert.ok(kept.includes('Required: max(8, 16) = 16 shards'));
    assert.deepEqual(findHandEditedSections(kept).filter((s) => s.state === 'edited').map((s) => s.id), ['trade-offs']);
    const overwritten = mergeArchitectureDocument(edited, regenerated, new Set());
    assert.equal(overwritten, regenerated);
  });
});

describe('the document states only what the analysis knows (Advice v2)', () => {
  const seed = generate('seed-template.md');

  it('takes capacity mode from the cost comparison, agreeing with its own table', () => {
    // Row 1: 20 shards fixed at peak $410.69 vs on-demand in the thousands, so provisioned, never "on-demand" above a
    // table whose recommendation says otherwise.
    assert.match(seed, /### UserClickstreamEvents Stream[\s\S]*?- \*\*Capacity Mode\*\*: provisioned, 20 shards fixed at peak/);
    assert.doesNotMatch(seed, /- \*\*Capacity Mode\*\*: on-demand/);
    assert.match(seed, /\| UserClickstreamEvents \| \$[0-9,.]+ \(20 shards\) \| \$[0-9,.]+ \(10 shards\) \| \$[0-9,.]+ \| fixed at peak \|/);
  });

  it('assigns read modes by the read rules and prices them', () => {
    // Four consumers (seed rule) and 4 × 1 MB/s per shard on row 1: Lambda, Flink and EC2 move to enhanced fan-out;
    // Firehose (S3 archival) cannot and keeps polling.
    assert.match(seed, /### Lambda functions Consumer[\s\S]*?- \*\*Read Mode\*\*: enhanced fan-out .* - recommended: .*3 or more consumers read the stream \(seed rule\)/);
    assert.match(seed, /### S3 archival Consumer[\s\S]*?- \*\*Read Mode\*\*: shared throughput .* - Firehose reads by polling and cannot use enhanced fan-out/);
    // Priced: 3 EFO consumers × 20 shards × 744 h × $0.013 = $580.32 of consumer-shard-hours on row 1's stream.
    assert.match(seed, /Enhanced fan-out consumer-shard hours: 3 consumers × 20 shards × 744 h × \$0\.013 = \$580\.32/);
    assert.match(seed, /\*\*UserClickstreamEvents\*\*: 10,000 records\/s peak ingestion \+ 3 enhanced fan-out consumers \+ 1 polling consumer/);
  });

  it('writes an unstated justification as a recommendation with its reason', () => {
    // The seed's Business Context is still the template placeholder, so no compliance context was stated.
    assert.doesNotMatch(seed, /required by the stated security\/compliance context/);
    assert.match(seed, /- \*\*Encryption\*\*: Recommendation: server-side encryption .* no encryption requirement is stated/);
    assert.match(seed, /aggregate with the KPL: 25 fewer shards/);
  });
});
