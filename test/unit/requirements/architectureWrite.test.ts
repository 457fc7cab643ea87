import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { analyzeRequirementDocument } from '../../../src/core/requirements/analyze';
import { checkGenerationGate, findHandEditedSections, generateArchitectureDocument } from '../../../src/core/requirements/architecture';
import { planArchitectureWrite, type ArchitectureWrite, type ArchitectureWritePlan } from '../../../src/core/requirements/architectureWrite';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { readFixture } from './helpers';

const complete = readFixture('complete.md');
const changed = complete.replace('6K/5K RPS', '8K/5K RPS');

function written(plan: ArchitectureWritePlan): ArchitectureWrite {
  assert.equal(plan.kind, 'write', plan.kind === 'refused' ? plan.reasons.join(' ') : '');
  return plan as ArchitectureWrite;
}

/** The first generation with the trade-offs section edited by hand. */
function editedByHand(): string {
  const first = written(planArchitectureWrite({ requirements: complete, existingArchitecture: undefined })).text;
  const edited = first.replace('- **Data Format**: JSON over Avro', '- **Data Format**: Avro, decided with the team');
  assert.notEqual(edited, first);
  return edited;
}

describe('planArchitectureWrite', () => {
  it('refuses with the gate\'s reasons, after the caller\'s own, and writes nothing', () => {
    const messy = readFixture('messy.md');
    const gate = checkGenerationGate(parseRequirementDocument(messy));
    assert.ok(gate.reasons.length > 0);
    assert.deepEqual(planArchitectureWrite({ requirements: messy, existingArchitecture: undefined }), { kind: 'refused', reasons: gate.reasons });
    assert.deepEqual(
      planArchitectureWrite({ requirements: complete, existingArchitecture: undefined, callerRefusals: ['Not confirmed yet.'] }),
      { kind: 'refused', reasons: ['Not confirmed yet.'] },
      'a complete file is still refused for the caller\'s reason',
    );
    const both = planArchitectureWrite({ requirements: messy, existingArchitecture: 'mine', callerRefusals: ['Not confirmed yet.'] });
    assert.deepEqual(both, { kind: 'refused', reasons: ['Not confirmed yet.', ...gate.reasons] });
  });

  it('writes the generated document when there is no file yet, from text or from an analysis', () => {
    const analysis = analyzeRequirementDocument(parseRequirementDocument(complete), { priceTable: 'aws' });
    const fromAnalysis = written(planArchitectureWrite({ requirements: analysis, existingArchitecture: undefined }));
    assert.equal(fromAnalysis.text, generateArchitectureDocument(analysis));
    assert.deepEqual([fromAnalysis.unchanged, fromAnalysis.handEditedSections, fromAnalysis.keptSections, fromAnalysis.overwrittenSections], [false, [], [], []]);
    const fromText = written(planArchitectureWrite({ requirements: complete, requirementsOptions: { priceTable: 'aws' }, existingArchitecture: undefined }));
    assert.equal(fromText.text, fromAnalysis.text, 'text is analysed with the given options');
    assert.notEqual(written(planArchitectureWrite({ requirements: complete, existingArchitecture: undefined })).text, fromAnalysis.text, 'default: seed prices');
  });

  it('keeps hand-edited sections by default and regenerates the rest', () => {
    const plan = written(planArchitectureWrite({ requirements: changed, existingArchitecture: editedByHand() }));
    assert.deepEqual(plan.handEditedSections, [{ id: 'trade-offs', title: 'Trade-offs and Optimizations' }]);
    assert.deepEqual(plan.keptSections, ['Trade-offs and Optimizations']);
    assert.deepEqual(plan.overwrittenSections, []);
    assert.ok(plan.text.includes('Avro, decided with the team'), 'the hand-written text survives');
    assert.ok(plan.text.includes('Required: max(8, 16) = 16 shards'), 'untouched sections follow the new requirements');
    assert.deepEqual(findHandEditedSections(plan.text).filter((s) => s.state === 'edited').map((s) => s.id), ['trade-offs'], 'still recognised as hand-edited next time');
    assert.equal(plan.unchanged, false);
  });

  it('replaces hand-edited sections when asked to', () => {
    const plan = written(planArchitectureWrite({ requirements: changed, existingArchitecture: editedByHand(), handEditedSections: 'overwrite' }));
    assert.deepEqual(plan.keptSections, []);
    assert.deepEqual(plan.overwrittenSections, ['Trade-offs and Optimizations']);
    assert.equal(plan.text, written(planArchitectureWrite({ requirements: changed, existingArchitecture: undefined })).text);
  });

  it('says when the file already has exactly the text to write', () => {
    const first = written(planArchitectureWrite({ requirements: complete, existingArchitecture: undefined })).text;
    const again = written(planArchitectureWrite({ requirements: complete, existingArchitecture: first }));
    assert.equal(again.text, first);
    assert.equal(again.unchanged, true);
    assert.deepEqual(again.handEditedSections, []);
  });
});
