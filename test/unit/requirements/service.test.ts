import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { PriceTableId } from '../../../src/core/analysis/cost';
import { chatRequirementTemplate, extractRequirementInfo, planRequirementUpdate } from '../../../src/core/chat';
import type { VersionedTextDocument } from '../../../src/core/documents';
import {
  analyzeRequirementDocument,
  createRequirementsService,
  parseRequirementDocument,
  type RequirementsEngine,
  type RequirementsService,
} from '../../../src/core/requirements';
import { applyEdits } from '../../../src/core/text';
import { readFixture } from './helpers';

const URI = 'file:///w/kinesis_requirement.md';

/** The real parser and analyser, counting what they are asked to do. */
function countingEngine() {
  const parsed: string[] = [];
  const analysed: { text: string; priceTable: PriceTableId }[] = [];
  const textOf = new WeakMap<object, string>();
  const engine: RequirementsEngine = {
    parse(text) {
      parsed.push(text);
      const model = parseRequirementDocument(text);
      textOf.set(model, text);
      return model;
    },
    analyze(model, options) {
      analysed.push({ text: textOf.get(model) ?? '?', priceTable: options.priceTable });
      return analyzeRequirementDocument(model, options);
    },
  };
  const parsesOf = (text: string) => parsed.filter((t) => t === text).length;
  const analysesOf = (text: string, priceTable: PriceTableId) => analysed.filter((a) => a.text === text && a.priceTable === priceTable).length;
  return { engine, parsed, analysed, parsesOf, analysesOf };
}

/** An editor document whose text can be edited; each edit is a new version, as in VS Code. */
function editorDocument(text: string): VersionedTextDocument & { edit(next: string): void } {
  let current = text;
  let version = 1;
  return {
    uri: URI,
    get version() { return version; },
    getText: () => current,
    edit(next: string) {
      current = next;
      version++;
    },
  };
}

/** What each consumer asks the engine for one document version (see their adapters). */
const consumers = {
  diagnosticsAndLanguageFeatures(service: RequirementsService, doc: VersionedTextDocument) {
    const diagnostics = service.getDiagnostics(doc);
    service.getCodeLenses(doc);
    service.getHover(doc, { line: 0, character: 0 });
    if (diagnostics[0]) service.getQuickFixes(doc, diagnostics[0]);
  },
  architectPanel(service: RequirementsService, doc: VersionedTextDocument) {
    service.analyze(doc, 'seed');
    service.analyze(doc, 'aws');
    service.getDiagnostics(doc, service.options.priceTable);
    service.checkGenerationGate(doc);
    service.parse(doc);
  },
};

describe('the shared requirements service', () => {
  it('parses one edit once and analyses it once per price table, with diagnostics, panel and chat sharing it', () => {
    const counts = countingEngine();
    const service = createRequirementsService({ options: { priceTable: 'seed' }, engine: counts.engine });
    const doc = editorDocument(readFixture('seed-template.md'));

    // Before the edit: the diagnostics and the open panel both show version 1.
    consumers.diagnosticsAndLanguageFeatures(service, doc);
    consumers.architectPanel(service, doc);
    consumers.diagnosticsAndLanguageFeatures(service, doc);
    assert.equal(counts.parsesOf(doc.getText()), 1);
    assert.equal(counts.analysesOf(doc.getText(), 'seed'), 1);
    assert.equal(counts.analysesOf(doc.getText(), 'aws'), 1, 'only the panel asks for the other table');

    // A user edit: every consumer reads version 2, the engine works once.
    doc.edit(doc.getText().replace('10K/5K RPS', '20K/5K RPS'));
    consumers.architectPanel(service, doc);
    consumers.diagnosticsAndLanguageFeatures(service, doc);
    assert.equal(counts.parsesOf(doc.getText()), 1);
    assert.equal(counts.analysesOf(doc.getText(), 'seed'), 1);
    assert.equal(counts.analysesOf(doc.getText(), 'aws'), 1);
    assert.equal(counts.parsed.length, 2);
    assert.equal(counts.analysed.length, 4);
  });

  it('reuses the chat\'s analysis of its planned text when the editor reports the written version', () => {
    const counts = countingEngine();
    const service = createRequirementsService({ engine: counts.engine });
    const doc = editorDocument(chatRequirementTemplate());
    consumers.diagnosticsAndLanguageFeatures(service, doc);

    const update = planRequirementUpdate(doc.getText(), extractRequirementInfo('clickstream 10K peak 5K avg, 2KB, under 100 ms'), { confirmed: false, sourcesComplete: false },
      (text) => service.analyzeText(URI, text));
    assert.ok(update.edit);
    assert.equal(counts.parsesOf(update.after), 1, 'the planner asks for its final text more than once; the engine parses it once');
    assert.equal(counts.analysesOf(update.after, 'seed'), 1);

    // The participant writes the edit; the editor's next version has exactly that text.
    doc.edit(applyEdits(doc.getText(), [update.edit]));
    assert.equal(doc.getText(), update.after);
    consumers.diagnosticsAndLanguageFeatures(service, doc);
    consumers.architectPanel(service, doc);
    assert.equal(service.analyze(doc), update.analysis, 'the chat, the diagnostics and the panel see one analysis object');
    assert.equal(counts.parsesOf(update.after), 1);
    assert.equal(counts.analysesOf(update.after, 'seed'), 1);
    assert.equal(counts.analysesOf(update.after, 'aws'), 1);
  });

  it('keeps every cached result when the settings did not change what the engine reads', () => {
    const counts = countingEngine();
    const service = createRequirementsService({ options: { priceTable: 'seed', monthlyCostThreshold: 1000 }, engine: counts.engine });
    const doc = editorDocument(readFixture('seed-template.md'));
    const before = service.getDiagnostics(doc);

    assert.equal(service.updateOptions({ priceTable: 'seed', monthlyCostThreshold: 1000 }), false);
    assert.equal(service.getDiagnostics(doc), before, 'same options: the same cached diagnostics');

    // A new default table: the other table's analysis is computed once, the seed one is still cached.
    assert.equal(service.updateOptions({ priceTable: 'aws' }), true);
    assert.equal(service.analyze(doc).priceTable.id, 'aws');
    assert.equal(service.updateOptions({ priceTable: 'seed' }), true);
    assert.equal(service.getDiagnostics(doc), before, 'back to seed: nothing recomputed');
    assert.equal(counts.analysesOf(doc.getText(), 'seed'), 1);
    assert.equal(counts.analysesOf(doc.getText(), 'aws'), 1);

    // A new threshold changes the diagnostics: analyses are recomputed, the parse is kept.
    assert.equal(service.updateOptions({ monthlyCostThreshold: 1 }), true);
    assert.notDeepEqual(service.getDiagnostics(doc), before);
    assert.equal(counts.analysesOf(doc.getText(), 'seed'), 2);
    assert.equal(counts.parsed.length, 1);
  });

  it('starts again after evict, so a reopened document at version 1 is never answered from the closed one', () => {
    const counts = countingEngine();
    const service = createRequirementsService({ engine: counts.engine });
    let text = '# one';
    const doc = { uri: URI, version: 1, getText: () => text };
    assert.equal(service.parse(doc).title?.text, 'one');
    service.evict(URI);
    text = '# two';
    assert.equal(service.parse(doc).title?.text, 'two');
  });
});
