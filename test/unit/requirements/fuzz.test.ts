/**
 * 10,000 generated and mutated requirement documents through the whole engine: nothing may throw,
 * every diagnostic/lens/hover range must lie inside its document, untouched documents must
 * round-trip, and every quick fix must produce a document that parses again.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { createSeededRandom, type RandomSource } from '../../../src/core/analysis/keyPatterns';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import { checkGenerationGate, generateArchitectureDocument } from '../../../src/core/requirements/architecture';
import { getCodeLenses } from '../../../src/core/requirements/codeLenses';
import { serializeRequirementDocument, setCell } from '../../../src/core/requirements/edits';
import { getHover } from '../../../src/core/requirements/hover';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { getQuickFixes } from '../../../src/core/requirements/quickFixes';
import { validateRequirementDocument } from '../../../src/core/requirements/validate';
import { applyEdits } from '../../../src/core/text';
import { readFixture } from './helpers';

const DOCUMENTS = 10_000;

const HEADERS = ['Requirement #', 'Description', 'Records/Sec (Peak/Avg)', 'Record Size', 'Latency Requirement', 'Durability', 'Processing Type', 'Status', 'Partition Key', 'Stream', 'Notes'];
const VALUES = [
  '10K/5K RPS', '1.5M', 'TBD', '', '2KB', '500B', '1 MB', '12 MiB', '<100ms', '<1s', 'sub-second', '24 hours', '7 days', '7 years', '12h',
  '✅', '⏳', '❌', 'region', 'user_id', '"x"', 'timestamp', 'a \\| b', '0', '-1', '1e999', '😀', '`key`', 'k'.repeat(300), '5K avg / 9K peak', 'NaN',
];
const LINES = [
  '## Streaming Requirements Analysis', '## Data Flow', '## Design Considerations', '## Validation Checklist', '## Application Overview', '### Sub',
  '- **Stream Configuration**: 3 shards, on-demand', '- **Stream Configuration**: Clicks: 2 shards', '- **Consumers**: Lambda (EFO), KCL', '- **Partition Key Design**: `status` - bad',
  '- [ ] item', '- [x] done', '1. [X] ordered', '- **Domain**: IoT', '  continuation', '> quote | with | pipes', '```', '|', '||', '| a |', '|---|', '', '    indented | code |', '* plain: label',
];

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function generateDocument(random: RandomSource, seeds: readonly string[]): string {
  if (random() < 0.15) return mutate(random, pick(random, seeds));
  const lines: string[] = ['# Session'];
  const blocks = 1 + Math.floor(random() * 6);
  for (let b = 0; b < blocks; b++) {
    if (random() < 0.5) {
      const columns = Array.from({ length: 1 + Math.floor(random() * 9) }, () => pick(random, HEADERS));
      const pipe = random() < 0.8;
      const row = (cells: string[]) => (pipe ? `| ${cells.join(' | ')} |` : cells.join(' | '));
      lines.push(row(columns), row(columns.map(() => pick(random, ['---', ':--', '--:', ':-:']))));
      const rows = Math.floor(random() * 6);
      for (let r = 0; r < rows; r++) {
        const cellCount = random() < 0.2 ? Math.floor(random() * (columns.length + 2)) : columns.length;
        lines.push(row(Array.from({ length: cellCount }, () => pick(random, VALUES))));
      }
    } else {
      const count = 1 + Math.floor(random() * 5);
      for (let l = 0; l < count; l++) lines.push(pick(random, LINES));
    }
  }
  const eol = pick(random, ['\n', '\r\n', '\r']);
  const text = lines.join(eol) + (random() < 0.5 ? eol : '');
  return random() < 0.5 ? mutate(random, text) : text;
}

function mutate(random: RandomSource, text: string): string {
  let result = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (result.length + 1));
    const kind = random();
    if (kind < 0.3) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(random() * 5));
    else if (kind < 0.7) result = result.slice(0, at) + pick(random, ['|', '\n', '\r', '\\', '**', '[x]', '- ', '😀', '\ud800', ' ', '#', '`', 'K', '9']) + result.slice(at);
    else {
      const lines = result.split('\n');
      const line = Math.floor(random() * lines.length);
      lines.splice(line, 0, lines[line] ?? '');
      result = lines.join('\n');
    }
  }
  return result;
}

describe('fuzz', () => {
  it(`survives ${DOCUMENTS.toLocaleString('en')} generated and mutated documents`, () => {
    const random = createSeededRandom(20_240_601);
    const seeds = ['seed-template.md', 'messy.md', 'complete.md'].map(readFixture);
    let diagnosticsSeen = 0;
    let fixesApplied = 0;
    for (let n = 0; n < DOCUMENTS; n++) {
      const text = generateDocument(random, seeds);
      const context = () => `document ${n}: ${JSON.stringify(text.slice(0, 300))}`;
      try {
        const model = parseRequirementDocument(text);
        assert.equal(serializeRequirementDocument(model), text);
        const analysis = analyzeRequirementDocument(model, { priceTable: n % 2 === 0 ? 'seed' : 'aws' });
        const diagnostics = validateRequirementDocument(analysis);
        diagnosticsSeen += diagnostics.length;
        for (const d of diagnostics) assert.ok(model.lines.isValidRange(d.range), `${d.code} ${JSON.stringify(d.range)}`);
        for (const lens of getCodeLenses(analysis)) assert.ok(model.lines.isValidRange(lens.range));
        const line = Math.floor(random() * model.lines.lineCount);
        const hover = getHover(analysis, { line, character: Math.floor(random() * (model.lines.lineLength(line) + 1)) });
        if (hover) assert.ok(model.lines.isValidRange(hover.range));
        checkGenerationGate(model);
        if (n % 25 === 0) {
          generateArchitectureDocument(analysis);
          for (const d of diagnostics) {
            for (const f of getQuickFixes(analysis, d)) {
              for (const e of f.edits) assert.ok(model.lines.isValidRange(e.range), `fix ${f.title}`);
              parseRequirementDocument(applyEdits(text, f.edits));
              fixesApplied++;
            }
          }
          for (const r of model.requirements) {
            const column = Math.floor(random() * r.cells.length);
            const edited = applyEdits(text, [setCell(model, r.index, column, 'v')]);
            assert.equal(parseRequirementDocument(edited).requirements.length, model.requirements.length);
          }
        }
      } catch (error) {
        throw new Error(`${context()}\n${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    // The generator must actually exercise the checks, or the test proves nothing.
    assert.ok(diagnosticsSeen > DOCUMENTS, `only ${diagnosticsSeen} diagnostics`);
    assert.ok(fixesApplied > 50, `only ${fixesApplied} fixes`);
  });
});
