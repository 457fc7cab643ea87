import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createRequirementsService } from '../../../src/core/requirements';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { applyEdits } from '../../../src/core/text';
import { escapeAttribute } from '../../../src/core/text';
import { planCellEdit, planChecklistEdit, type CellEditRequest } from '../../../src/features/panel/panelEdits';
import { buildPanelSnapshot } from '../../../src/features/panel/snapshot';
import { parseFromWebview, panelStateSchema } from '../../../src/shared/protocol';
import { acceptMessage } from '../../../src/shared/webviewMessages';

const DOC = [
  '# Session',
  '',
  '## Streaming Requirements Analysis',
  '| Requirement # | Description | Records/Sec (Peak/Avg) | Record Size | Status |',
  '|---|---|---|---|---|',
  '| 1 | Ingest clicks | 6K/5K RPS | 2KB | ✅ |',
  '| 2 | Sensor readings | 50K/30K RPS | 500B | ⏳ |',
  '',
  '## Validation Checklist',
  '- [ ] Application domain and scale documented',
  '- [x] Hot shard risks evaluated',
  '',
].join('\n');

const SOURCE = 'file:///w/kinesis_requirement.md';

function apply(text: string, plan: ReturnType<typeof planCellEdit>): string {
  assert.ok(plan.ok, plan.ok ? '' : plan.reason);
  return plan.edit ? applyEdits(text, [plan.edit]) : text;
}

function request(overrides: Partial<CellEditRequest> = {}): CellEditRequest {
  return { version: 1, rowIndex: 1, rowLabel: '2', column: 1, columnHeader: 'Description', expected: 'Sensor readings', text: 'IoT sensor readings', ...overrides };
}

describe('protocol validation', () => {
  const edit = { type: 'editCell', source: SOURCE, requestId: 1, version: 3, rowIndex: 0, rowLabel: '1', column: 1, columnHeader: 'Description', expected: 'a', text: 'b' };

  it('accepts each well-formed message', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready', source: SOURCE }), { type: 'ready', source: SOURCE });
    assert.deepEqual(parseFromWebview(edit), edit);
    assert.ok(parseFromWebview({ type: 'setChecklistItem', source: SOURCE, requestId: 2, version: 3, index: 0, itemText: 'x', checked: true }));
    assert.ok(parseFromWebview({ type: 'revealLine', source: SOURCE, line: 4 }));
    assert.ok(parseFromWebview({ type: 'revealLine', source: SOURCE, line: 4, character: 2 }));
    assert.ok(parseFromWebview({ type: 'generateArchitecture', source: SOURCE }));
  });

  it('rejects unknown types, wrong field types, extra fields and junk', () => {
    const bad: unknown[] = [
      undefined, null, 42, 'ready', [], {},
      { type: 'runCommand', source: SOURCE, command: 'workbench.action.terminal.new' },
      { type: 'ready' },
      { type: 'ready', source: '' },
      { ...edit, version: -1 },
      { ...edit, version: 1.5 },
      { ...edit, rowIndex: '0' },
      { ...edit, text: 7 },
      { ...edit, text: 'x'.repeat(10_001) },
      { ...edit, extra: true },
      { type: 'setChecklistItem', source: SOURCE, requestId: 2, version: 3, index: 0, itemText: 'x', checked: 'yes' },
      { type: 'revealLine', source: SOURCE, line: -3 },
      { type: 'revealLine', source: SOURCE, line: Number.NaN },
      { type: 'generateArchitecture', source: SOURCE, uri: 'file:///etc/passwd' },
    ];
    for (const message of bad) assert.equal(parseFromWebview(message), undefined, JSON.stringify(message));
  });

  it('the host gate refuses a well-formed message for another document, and junk, with the reason', () => {
    assert.deepEqual(acceptMessage(edit, SOURCE, parseFromWebview), { ok: true, message: edit });
    assert.deepEqual(acceptMessage({ ...edit, source: 'file:///w/other.md' }, SOURCE, parseFromWebview), { ok: false, reason: 'otherSource', source: 'file:///w/other.md' });
    assert.deepEqual(acceptMessage({ ...edit, rowIndex: -1 }, SOURCE, parseFromWebview), { ok: false, reason: 'invalid' });
    assert.deepEqual(acceptMessage({ type: 'ready' }, SOURCE, parseFromWebview), { ok: false, reason: 'invalid' });
  });

  it('validates restored panel state', () => {
    assert.ok(panelStateSchema.safeParse({ source: SOURCE, ui: { priceTable: 'aws', simulatorShards: 8 } }).success);
    assert.ok(panelStateSchema.safeParse({ source: SOURCE }).success);
    assert.ok(!panelStateSchema.safeParse({ ui: {} }).success);
    assert.ok(!panelStateSchema.safeParse({ source: SOURCE, ui: { priceTable: 'gcp' } }).success);
  });
});

describe('cell edits', () => {
  const model = parseRequirementDocument(DOC);

  it('on the same version, changes exactly that cell', () => {
    const after = apply(DOC, planCellEdit(model, 1, request()));
    assert.equal(after, DOC.replace('| Sensor readings |', '| IoT sensor readings |'));
  });

  it('escapes a pipe so the row keeps its columns', () => {
    const after = apply(DOC, planCellEdit(model, 1, request({ text: 'a | b' })));
    assert.ok(after.includes('| a \\| b |'));
    assert.equal(parseRequirementDocument(after).requirements[1].cells.length, 5);
  });

  it('re-bases onto the row by label when rows were inserted above', () => {
    const newer = DOC.replace('| 1 | Ingest clicks', '| 0 | New first row | 1K | 1KB | ⏳ |\n| 1 | Ingest clicks');
    const plan = planCellEdit(parseRequirementDocument(newer), 2, request());
    assert.ok(plan.ok && plan.rebased);
    assert.equal(apply(newer, plan), newer.replace('| Sensor readings |', '| IoT sensor readings |'));
  });

  it('re-bases onto the column by header when columns moved', () => {
    const newer = DOC
      .replace('| Requirement # | Description | Records/Sec (Peak/Avg) |', '| Requirement # | Records/Sec (Peak/Avg) | Description |')
      .replace('| 2 | Sensor readings | 50K/30K RPS |', '| 2 | 50K/30K RPS | Sensor readings |')
      .replace('| 1 | Ingest clicks | 6K/5K RPS |', '| 1 | 6K/5K RPS | Ingest clicks |');
    const after = apply(newer, planCellEdit(parseRequirementDocument(newer), 2, request()));
    assert.equal(after, newer.replace('| Sensor readings |', '| IoT sensor readings |'));
  });

  it('keeps text typed elsewhere in the file meanwhile', () => {
    const newer = DOC.replace('Ingest clicks', 'Ingest clicks (typed in the editor)');
    const after = apply(newer, planCellEdit(parseRequirementDocument(newer), 2, request()));
    assert.ok(after.includes('Ingest clicks (typed in the editor)'));
    assert.ok(after.includes('| IoT sensor readings |'));
  });

  it('refuses when the same cell was changed in the editor meanwhile', () => {
    const newer = DOC.replace('Sensor readings', 'Sensor readings from the editor');
    const plan = planCellEdit(parseRequirementDocument(newer), 2, request());
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.reason, /changed in the editor/);
  });

  it('is a no-op when the editor already has the new value', () => {
    const newer = DOC.replace('Sensor readings', 'IoT sensor readings');
    const plan = planCellEdit(parseRequirementDocument(newer), 2, request());
    assert.deepEqual(plan, { ok: true, rebased: true });
  });

  it('refuses when the row is gone or its identity is ambiguous', () => {
    const removed = DOC.replace('| 2 | Sensor readings | 50K/30K RPS | 500B | ⏳ |\n', '');
    assert.equal(planCellEdit(parseRequirementDocument(removed), 2, request()).ok, false);
    assert.equal(planCellEdit(model, 1, request({ rowIndex: 9 })).ok, false);
    const renamedColumn = DOC.replace('| Description |', '| What |');
    assert.equal(planCellEdit(parseRequirementDocument(renamedColumn), 2, request()).ok, false);
  });
});

describe('checklist edits', () => {
  const model = parseRequirementDocument(DOC);
  const tick = { version: 1, index: 0, itemText: model.checklist[0].text, checked: true };

  it('changes only the box character', () => {
    const plan = planChecklistEdit(model, 1, tick);
    assert.ok(plan.ok && plan.edit);
    assert.equal(applyEdits(DOC, [plan.edit]), DOC.replace('- [ ] Application', '- [x] Application'));
  });

  it('re-bases by item text when items were inserted above', () => {
    const newer = DOC.replace('- [ ] Application', '- [ ] A new first item\n- [ ] Application');
    const plan = planChecklistEdit(parseRequirementDocument(newer), 2, tick);
    assert.ok(plan.ok && plan.edit && plan.rebased);
    assert.equal(applyEdits(newer, [plan.edit]), newer.replace('- [ ] Application', '- [x] Application'));
  });

  it('refuses when the item text changed, and is a no-op when already in that state', () => {
    const newer = DOC.replace('Application domain', 'Business domain');
    assert.equal(planChecklistEdit(parseRequirementDocument(newer), 2, tick).ok, false);
    assert.deepEqual(planChecklistEdit(model, 1, { ...tick, index: 1, itemText: model.checklist[1].text }), { ok: true, rebased: false });
  });
});

describe('panel snapshot and html escaping', () => {
  it('prices every requirement and stream with both tables, on-demand beside provisioned', () => {
    const doc = { uri: SOURCE, version: 7, getText: () => DOC };
    // One engine, asked for each table, as the panel does.
    const engine = createRequirementsService({ options: { priceTable: 'seed' } });
    const snapshot = buildPanelSnapshot({
      version: 7, fileName: 'kinesis_requirement.md', analyses: { seed: engine.analyze(doc, 'seed'), aws: engine.analyze(doc, 'aws') },
      diagnostics: engine.getDiagnostics(doc), gate: engine.checkGenerationGate(doc), defaultPriceTable: 'seed',
    });
    assert.equal(snapshot.rows[0].costs.aws.priceTableLabel, engine.analyze(doc, 'aws').priceTable.label);
    assert.notEqual(snapshot.rows[0].costs.aws.priceTableLabel, snapshot.rows[0].costs.seed.priceTableLabel);
    assert.equal(snapshot.version, 7);
    assert.equal(snapshot.rows.length, 2);
    for (const row of [...snapshot.rows, ...snapshot.streams]) {
      assert.ok(row.capacity.steps.length > 0);
      for (const table of ['seed', 'aws'] as const) {
        assert.equal(typeof row.costs[table].provisioned.total, 'number');
        assert.equal(typeof row.costs[table].onDemand.total, 'number');
      }
    }
    assert.equal(snapshot.rows[1].capacity.shards, 50);
    assert.equal(snapshot.gate.allowed, false);
    assert.deepEqual(snapshot.checklist.map((c) => c.checked), [false, true]);
    assert.deepEqual(snapshot.warnings.map((w) => w.code), []);
  });

  it('escapes attribute values', () => {
    assert.equal(escapeAttribute(`"><img src=x onerror='a'>&`), '&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;');
  });
});
