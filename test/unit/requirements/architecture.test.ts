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
    // 6K peak x 2 KB = 12 MB/s -> 12 shards; 5K average -> 10 shards priced.
    assert.match(text, /- \*\*Shard Configuration\*\*: 12 shards.*Required: max\(6, 12\) = 12 shards/);
    assert.match(text, /\| UserClickstreamEvents \| \$111\.60 \| \$187\.49 \| \$0\.00 \| \$470\.21 \(incl\. \$171\.12 retention\) \|/);
    assert.match(text, /\| \*\*Total\*\* \| \| \| \| \*\*\$470\.21\*\* \|/);
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
