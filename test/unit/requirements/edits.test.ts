import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyEdits, LineIndex, range } from '../../../src/core/text';
import { appendRequirementRow, serializeRequirementDocument, setCell, setChecklistItem } from '../../../src/core/requirements/edits';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { readFixture, toCrlf } from './helpers';

const FIXTURES = ['seed-template.md', 'messy.md', 'complete.md'];
const VARIANTS = FIXTURES.flatMap((name) => [
  { name, text: readFixture(name) },
  { name: `${name} (CRLF)`, text: toCrlf(readFixture(name)) },
]);

/** The changed span between two texts: [start, endInBefore, endInAfter). */
function changedSpan(before: string, after: string): { start: number; endBefore: number } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, endBefore };
}

describe('round trip', () => {
  for (const { name, text } of VARIANTS) {
    it(`${name}: an untouched document serialises byte for byte`, () => {
      const model = parseRequirementDocument(text);
      assert.equal(serializeRequirementDocument(model), text);
      assert.equal(Buffer.compare(Buffer.from(serializeRequirementDocument(model)), Buffer.from(text)), 0);
    });

    it(`${name}: rewriting every cell with its own value changes nothing`, () => {
      const model = parseRequirementDocument(text);
      for (const r of model.requirements) {
        r.cells.forEach((cell, column) => {
          if (!cell.present) return;
          assert.equal(applyEdits(text, [setCell(model, r.index, column, cell.text)]), text, `row ${r.index} column ${column}`);
        });
      }
    });

    it(`${name}: changing one cell changes only that cell's bytes`, () => {
      const model = parseRequirementDocument(text);
      const index = new LineIndex(text);
      for (const r of model.requirements) {
        r.cells.forEach((cell, column) => {
          if (!cell.present) return;
          const after = applyEdits(text, [setCell(model, r.index, column, 'NEW value')]);
          const span = changedSpan(text, after);
          assert.ok(span.start >= index.offsetAt(cell.range.start), 'change starts inside the cell');
          assert.ok(span.endBefore <= index.offsetAt(cell.range.end), 'change ends inside the cell');
          const reparsed = parseRequirementDocument(after);
          assert.equal(reparsed.requirements[r.index].cells[column].text, 'NEW value');
          // Every other cell of the document reads the same as before.
          reparsed.requirements.forEach((other, i) =>
            other.cells.forEach((c, j) => {
              if (i !== r.index || j !== column) assert.equal(c.text, model.requirements[i].cells[j].text);
            }),
          );
        });
      }
    });
  }
});

describe('cell edits', () => {
  it('updates parsed values and escapes pipes', () => {
    const text = readFixture('seed-template.md');
    const model = parseRequirementDocument(text);
    const after = applyEdits(text, [setCell(model, 0, 'throughput', '20K/8K RPS'), setCell(model, 1, 'description', 'a | b')]);
    const reparsed = parseRequirementDocument(after);
    assert.equal(reparsed.requirements[0].throughput.peakRecordsPerSecond, 20_000);
    assert.equal(reparsed.requirements[1].description, 'a | b');
    assert.ok(after.includes('| a \\| b |'));
    assert.throws(() => setCell(model, 0, 'partitionKey', 'x'), RangeError);
    assert.throws(() => setCell(model, 99, 'throughput', 'x'), RangeError);
  });

  it('fills an empty cell between its pipes', () => {
    const text = '## Streaming Requirements\n| Description | Records/Sec |\n|---|---|\n| a |  |\n';
    const model = parseRequirementDocument(text);
    const after = applyEdits(text, [setCell(model, 0, 'throughput', 'TBD/TBD RPS')]);
    assert.equal(after, '## Streaming Requirements\n| Description | Records/Sec |\n|---|---|\n| a | TBD/TBD RPS |\n');
  });

  it('creates cells missing from a short row, touching only the end of that row', () => {
    const text = readFixture('messy.md');
    const model = parseRequirementDocument(text);
    const short = model.requirements[4];
    const after = applyEdits(text, [setCell(model, short.index, 'throughput', '3K/1K')]);
    const reparsed = parseRequirementDocument(after);
    assert.equal(reparsed.requirements[4].throughput.peakRecordsPerSecond, 3000);
    assert.equal(reparsed.requirements[4].cells[5].present, true);
    assert.equal(reparsed.requirements[4].cells[6].present, false);
    const beforeLines = text.split('\n');
    const afterLines = after.split('\n');
    assert.equal(afterLines.length, beforeLines.length);
    beforeLines.forEach((line, i) => {
      if (i === short.line) assert.ok(afterLines[i].startsWith(line.trimEnd()));
      else assert.equal(afterLines[i], line);
    });
  });

  it('ticks a checklist box by changing one character', () => {
    const text = toCrlf(readFixture('seed-template.md'));
    const model = parseRequirementDocument(text);
    const after = applyEdits(text, [setChecklistItem(model, 2, true)]);
    assert.equal(after.length, text.length);
    const diffs: number[] = [];
    for (let i = 0; i < text.length; i++) if (text[i] !== after[i]) diffs.push(i);
    assert.equal(diffs.length, 1);
    assert.equal(after[diffs[0]], 'x');
    const reparsed = parseRequirementDocument(after);
    assert.deepEqual(reparsed.checklist.map((i) => i.checked), [false, false, true, false, false, false, false]);
    assert.equal(applyEdits(after, [setChecklistItem(reparsed, 2, false)]), text);
  });
});

describe('appending requirements', () => {
  it('appends a row in the table column order with the next id, keeping CRLF', () => {
    const text = toCrlf(readFixture('seed-template.md'));
    const model = parseRequirementDocument(text);
    const edit = appendRequirementRow(model, { description: 'Fraud scoring', throughput: '2K/1K RPS', recordSize: '1KB' });
    const after = applyEdits(text, [edit]);
    const reparsed = parseRequirementDocument(after);
    assert.equal(reparsed.requirements.length, 4);
    const added = reparsed.requirements[3];
    assert.deepEqual([added.label, added.description, added.throughput.peakRecordsPerSecond, added.recordSizeBytes], ['4', 'Fraud scoring', 2000, 1000]);
    assert.ok(after.includes('\r\n| 4 | Fraud scoring | 2K/1K RPS | 1KB |  |  |  |  |\r\n'));
    assert.ok(!/[^\r]\n/.test(after), 'no bare LF introduced');
  });

  it('creates a requirements table when there is none', () => {
    const text = '# Session\n\n## Streaming Requirements Analysis\n\nTo do.\n';
    const after = applyEdits(text, [appendRequirementRow(parseRequirementDocument(text), { description: 'Clicks', throughput: '1K/1K' })]);
    const reparsed = parseRequirementDocument(after);
    assert.equal(reparsed.requirements.length, 1);
    assert.equal(reparsed.requirements[0].label, '1');
    assert.equal(reparsed.requirements[0].throughput.peakRecordsPerSecond, 1000);
    const bare = applyEdits('# Notes', [appendRequirementRow(parseRequirementDocument('# Notes'), { description: 'x' })]);
    assert.equal(parseRequirementDocument(bare).requirements[0].description, 'x');
  });
});

describe('applyEdits', () => {
  it('applies unordered edits against the original text and rejects overlaps', () => {
    const text = 'abc\r\ndef\nghi';
    assert.equal(applyEdits(text, [{ range: range(2, 0, 2, 1), newText: 'G' }, { range: range(0, 0, 0, 0), newText: '>' }]), '>abc\r\ndef\nGhi');
    assert.equal(applyEdits(text, [{ range: range(0, 3, 1, 0), newText: ' ' }]), 'abc def\nghi');
    assert.throws(() => applyEdits(text, [{ range: range(0, 0, 0, 2), newText: '' }, { range: range(0, 1, 0, 3), newText: '' }]));
  });

  it('maps offsets and positions for every kind of line break', () => {
    const index = new LineIndex('a\r\nb\rc\nd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineText(l)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.equal(index.offsetAt({ line: 2, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 1);
    assert.equal(index.isValidRange(range(0, 0, 3, 1)), true);
    assert.equal(index.isValidRange(range(0, 0, 3, 2)), false);
  });
});
