import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { RequirementDocument } from '../../../src/core/requirements/model';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { newRequirementFileTemplate } from '../../../src/core/requirements/template';
import { parseFixture, readFixture, requirementDoc, toCrlf } from './helpers';

function textAt(model: RequirementDocument, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  assert.equal(r.start.line, r.end.line, 'single-line range');
  return model.lines.lineText(r.start.line).slice(r.start.character, r.end.character);
}

describe('parser: seed template', () => {
  const model = parseFixture('seed-template.md');

  it('is the template the "New Requirement File" command writes', () => {
    assert.equal(newRequirementFileTemplate(), readFixture('seed-template.md'));
    assert.equal(newRequirementFileTemplate('\r\n'), toCrlf(readFixture('seed-template.md')));
  });

  it('finds every section of the template', () => {
    assert.equal(model.title?.text, 'Kinesis Streaming Architecture Session');
    assert.deepEqual(
      model.sections.filter((s) => s.level === 2).map((s) => s.kind),
      ['overview', 'requirements', 'dataFlow', 'designConsiderations', 'checklist'],
    );
  });

  it('reads the bold-label bullets with exact ranges', () => {
    assert.deepEqual(model.overview.map((i) => i.label), ['Domain', 'Data Sources', 'Business Context', 'Scale']);
    assert.deepEqual(model.dataFlow.map((i) => i.label), ['Producers', 'Stream Configuration', 'Consumers', 'Downstream Systems']);
    assert.equal(model.designConsiderations.length, 6);
    for (const item of [...model.overview, ...model.dataFlow, ...model.designConsiderations]) {
      assert.equal(textAt(model, item.valueRange), item.value);
      assert.match(textAt(model, item.labelRange), new RegExp(`^\\*\\*${item.label}\\*\\*:$`));
    }
  });

  it('reads the three example requirements', () => {
    const [r1, r2, r3] = model.requirements;
    assert.equal(model.requirements.length, 3);
    assert.deepEqual(
      [r1.label, r1.description, r1.throughput.peakRecordsPerSecond, r1.throughput.averageRecordsPerSecond, r1.recordSizeBytes, r1.latencyMs, r1.retentionHours, r1.processingType, r1.status],
      ['1', 'Ingest user clickstream events', 10_000, 5000, 2000, 100, 24, 'Real-time analytics', 'complete'],
    );
    assert.deepEqual([r2.recordSizeBytes, r2.latencyMs, r2.retentionHours, r2.status], [500, 50, 168, 'inProgress']);
    assert.deepEqual([r3.recordSizeBytes, r3.latencyMs, r3.retentionHours, r3.status], [10_000, 1000, 61_320, 'blocked']);
    for (const r of model.requirements) for (const cell of r.cells) assert.equal(textAt(model, cell.range), cell.text);
  });

  it('reads the checklist boxes', () => {
    assert.equal(model.checklist.length, 7);
    assert.ok(model.checklist.every((i) => !i.checked));
    assert.equal(model.checklist[0].text, 'Application domain and scale documented');
    for (const item of model.checklist) assert.equal(textAt(model, item.boxRange), ' ');
    assert.deepEqual(model.consumers.map((c) => c.name), ['Lambda functions', 'Kinesis Analytics', 'EC2 applications', 'S3 archival']);
    assert.deepEqual(model.streamConfiguration?.plannedShards, []);
    assert.equal(model.partitionKeyDesign, undefined);
  });
});

describe('parser: messy real-world file', () => {
  const model = parseFixture('messy.md');

  it('finds columns by header name in any order', () => {
    assert.deepEqual(
      model.tables[0].columns.map((c) => c.kind),
      ['status', 'id', 'description', 'latency', 'partitionKey', 'throughput', 'recordSize', 'retention', 'processingType'],
    );
  });

  it('reads tolerant values, escaped pipes, short rows and missing cells', () => {
    const [r1, r2, r3, r4, r5, r6] = model.requirements;
    assert.equal(model.requirements.length, 6);
    assert.equal(r1.description, 'Vehicle GPS pings | positions');
    assert.deepEqual([r1.throughput.peakRecordsPerSecond, r1.throughput.averageRecordsPerSecond, r1.recordSizeBytes, r1.latencyMs], [1_500_000, 600_000, 500, 1000]);
    assert.deepEqual([r2.throughput.peakRecordsPerSecond, r2.throughput.averageRecordsPerSecond, r2.recordSizeBytes, r2.latencyMs, r2.retentionHours], [2000, 800, 2000, 1000, 8760]);
    assert.equal(r3.throughput.placeholder, true);
    assert.equal(r3.partitionKey?.text, '"orders"');
    assert.equal(r4.throughput.peakRecordsPerSecond, 2);
    assert.equal(r4.latencyMs, undefined);
    assert.equal(r4.recordSizeBytes, 12 * 1048576);
    assert.deepEqual(r5.cells.map((c) => c.present), [true, true, true, false, false, false, false, false, false]);
    assert.equal(r5.throughput.peakRecordsPerSecond, undefined);
    assert.equal(r5.status, 'inProgress');
    assert.equal(r6.status, undefined);
    assert.equal(r6.throughput.peakRecordsPerSecond, undefined);
    assert.equal(r6.recordSizeBytes, undefined);
    assert.equal(r1.partitionKey?.source, 'column');
  });

  it('keeps exact source ranges for every present cell', () => {
    for (const r of model.requirements) {
      for (const cell of r.cells.filter((c) => c.present)) assert.equal(textAt(model, cell.range).replace(/\\\|/g, '|'), cell.text);
      assert.equal(model.lines.lineText(r.line).trim(), textAt(model, r.range));
    }
  });

  it('reads labels written as **Label:**, plain Label: and continuation lines', () => {
    assert.deepEqual(model.overview.map((i) => i.label), ['Domain', 'Data Sources', 'Business Context', 'Scale']);
    assert.equal(model.overview[0].value, 'IoT fleet telemetry + billing events');
    assert.equal(model.overview[3].value, '~40K vehicles, bursts at shift change\n(continuation line that belongs to Scale)');
  });

  it('reads [x], [X] and ordered task items', () => {
    assert.deepEqual(model.checklist.map((i) => i.checked), [true, true, false, false]);
    assert.equal(model.checklist[3].text, 'Hot shard risks evaluated');
  });

  it('reads the stream configuration, consumers and partition key design', () => {
    const config = model.streamConfiguration;
    assert.equal(config?.mode, 'provisioned');
    assert.equal(config?.plannedShards.length, 1);
    assert.equal(config?.plannedShards[0].count, 4);
    assert.equal(textAt(model, config!.plannedShards[0].range), '4');
    assert.equal(config?.retentionHours, 168);
    assert.deepEqual(model.consumers.map((c) => c.enhancedFanOut), [true, false, false]);
    assert.equal(model.partitionKeyDesign?.text, 'vehicle_id');
    assert.equal(textAt(model, model.partitionKeyDesign!.range), 'vehicle_id');
  });

  it('parses the CRLF version identically', () => {
    const crlf = parseRequirementDocument(toCrlf(readFixture('messy.md')));
    assert.equal(crlf.lines.eol, '\r\n');
    assert.deepEqual(
      crlf.requirements.map((r) => [r.line, r.cells.map((c) => [c.text, c.range])]),
      model.requirements.map((r) => [r.line, r.cells.map((c) => [c.text, c.range])]),
    );
    assert.deepEqual(crlf.checklist, model.checklist);
  });
});

describe('parser: tolerance', () => {
  it('gives the same values whatever the column order', () => {
    const columns = ['Requirement #', 'Description', 'Records/Sec (Peak/Avg)', 'Record Size', 'Latency Requirement', 'Durability', 'Status', 'Partition Key'];
    const values = ['7', 'Orders', '3K/1K RPS', '4KB', '<200ms', '3 days', '✅', 'order_id'];
    const baseline = parseRequirementDocument(requirementDoc(`| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|\n| ${values.join(' | ')} |`)).requirements[0];
    for (const order of [[7, 6, 5, 4, 3, 2, 1, 0], [2, 0, 3, 1, 5, 4, 7, 6]]) {
      const text = requirementDoc(`| ${order.map((i) => columns[i]).join(' | ')} |\n|${order.map(() => '---').join('|')}|\n| ${order.map((i) => values[i]).join(' | ')} |`);
      const r = parseRequirementDocument(text).requirements[0];
      assert.deepEqual(
        [r.label, r.description, r.throughput, r.recordSizeBytes, r.latencyMs, r.retentionHours, r.status, r.partitionKey?.text],
        [baseline.label, baseline.description, baseline.throughput, baseline.recordSizeBytes, baseline.latencyMs, baseline.retentionHours, baseline.status, baseline.partitionKey?.text],
      );
    }
    assert.deepEqual([baseline.throughput.peakRecordsPerSecond, baseline.recordSizeBytes, baseline.retentionHours], [3000, 4000, 72]);
  });

  it('ignores unrelated tables outside the requirements section but accepts a requirements-like table anywhere', () => {
    const text = '# Notes\n\n## Costs\n| Item | Cost |\n|---|---|\n| a | $1 |\n\n## Misc\n| Description | Records/Sec | Record Size |\n|---|---|---|\n| x | 5K/1K | 1KB |\n';
    const model = parseRequirementDocument(text);
    assert.equal(model.tables.length, 1);
    assert.equal(model.requirements[0].throughput.peakRecordsPerSecond, 5000);
  });

  it('finds a partition key mentioned in the description', () => {
    const model = parseRequirementDocument(requirementDoc('| Description | Records/Sec |\n|---|---|\n| Orders partitioned by customer_id daily | 1K/1K |'));
    const key = model.requirements[0].partitionKey;
    assert.equal(key?.text, 'customer_id');
    assert.equal(key?.source, 'description');
    assert.equal(textAt(model, key!.range), 'customer_id');
  });

  it('copes with empty and table-less documents', () => {
    const empty = parseRequirementDocument('');
    assert.equal(empty.requirements.length, 0);
    assert.equal(empty.lines.lineCount, 1);
    const noTable = parseRequirementDocument('# Title\n\n## Validation Checklist\n- [x] done\n');
    assert.equal(noTable.tables.length, 0);
    assert.equal(noTable.checklist.length, 1);
  });
});
