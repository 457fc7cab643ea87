import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { architectDesignRefusals, NOT_CONFIRMED_REASON } from '../../../src/core/architect/designGate';
import { isoDate, parseArchitectMessage, questionsOf, replyParts } from '../../../src/core/architect/messages';
import { stripArchitectState } from '../../../src/core/architect/state';
import { architectDesign, architectTurn, type ArchitectTurn } from '../../../src/core/architect/turn';
import { planArchitectureWrite } from '../../../src/core/requirements/architectureWrite';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';

const INTERVIEW = [
  'We run an online shop. Clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours',
  'Producers are the web app and mobile app. Consumers are a Lambda fraud checker and a dashboard. Partition key is session_id',
  'No other producers or consumers.',
  'Yes, write these decisions down.',
  'I confirm all requirements are captured.',
];

/** Runs the messages in order, each turn starting from the file the previous one wrote. */
function interview(messages: readonly string[]): ArchitectTurn[] {
  const turns: ArchitectTurn[] = [];
  let fileText: string | undefined;
  for (const message of messages) {
    const turn = architectTurn({ fileText, message, today: '2026-12-03' });
    turns.push(turn);
    fileText = turn.newFileText;
  }
  return turns;
}

describe('the seed workflow through the turn engine', () => {
  const turns = interview(INTERVIEW);

  it('has the four parts and 2-3 questions in every turn, the design step included', () => {
    for (const turn of turns) {
      assert.deepEqual(replyParts(turn.reply).map((p) => p.heading), ['What I learned', 'Updated in requirement file', 'Next steps', 'Questions']);
      for (const part of replyParts(turn.reply)) assert.ok(part.text.length > 0, `empty "${part.heading}" at stage ${turn.stage}`);
      const questions = questionsOf(turn.reply).length;
      assert.ok(questions >= 2 && questions <= 3, `${questions} questions at stage ${turn.stage}`);
    }
    for (const design of [architectDesign({ fileText: turns[3].newFileText, existingArchitecture: undefined }), architectDesign({ fileText: turns[4].newFileText, existingArchitecture: undefined })]) {
      const questions = questionsOf({ learned: '', updated: '', nextSteps: '', questions: design.questions ?? '' }).length;
      assert.ok(questions >= 2 && questions <= 3, `${questions} questions after a ${design.plan.kind} design`);
    }
  });

  it('explains a concept in the turn that first uses it, and only once', () => {
    const first = turns[0];
    assert.match(first.reply.nextSteps, /shards/);
    assert.match(first.reply.learned, /_Concept:_ A \*\*shard\*\*/, 'shards were used before being explained');
    for (const later of turns.slice(1)) assert.doesNotMatch(later.reply.learned, /_Concept:_ A \*\*shard\*\*/, 'explained again');
    const proposal = turns[2];
    assert.match(proposal.reply.nextSteps, /provisioned/);
    assert.match(proposal.reply.learned, /\*\*Capacity modes\*\*/, 'capacity modes proposed before being explained');
  });

  it('asks about other producers and consumers before it proposes, and writes the proposal only after agreement', () => {
    assert.equal(turns[1].stage, 'otherSources');
    assert.match(turns[1].reply.questions, /other streaming requirements, producers or consumers/);
    assert.equal(turns[1].state.pendingProposal, undefined, 'proposed before asking about other sources');
    assert.equal(turns[2].stage, 'proposal');
    assert.ok(turns[2].state.pendingProposal);
    const configuration = (text: string) => parseRequirementDocument(text).dataFlow.find((i) => /Stream Configuration/.test(i.label))?.value ?? '';
    assert.equal(configuration(turns[2].newFileText), '', 'the shard count was written before the user agreed');
    assert.match(configuration(turns[3].newFileText), /20 shards/);
  });

  it('ticks the checklist as items are covered', () => {
    const ticked = (turn: ArchitectTurn) => parseRequirementDocument(turn.newFileText).checklist.filter((c) => c.checked).length;
    const counts = turns.map(ticked);
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i] >= counts[i - 1], `the checklist lost ticks: ${counts.join(', ')}`);
    assert.ok(counts[0] > 0 && counts[0] < counts[3], `ticks per turn: ${counts.join(', ')}`);
    assert.ok(parseRequirementDocument(turns[3].newFileText).checklist.every((c) => c.checked));
  });

  it('designs only after the user confirmed, in every writer of the architecture', () => {
    const agreed = turns[3].newFileText;
    assert.deepEqual(architectDesignRefusals(agreed), [NOT_CONFIRMED_REASON]);
    const refused = planArchitectureWrite({ requirements: agreed, existingArchitecture: undefined });
    assert.equal(refused.kind, 'refused', 'the Generate Architecture/CLI plan wrote before confirmation');
    assert.deepEqual(refused.kind === 'refused' && refused.reasons, [NOT_CONFIRMED_REASON], 'the reason is missing or repeated');
    const chat = architectDesign({ fileText: agreed, existingArchitecture: undefined });
    assert.equal(chat.plan.kind, 'refused');
    assert.match(chat.nextSteps, /has not been confirmed yet/);
    assert.equal(chat.plan.kind === 'refused' && chat.plan.reasons.filter((r) => r === NOT_CONFIRMED_REASON).length, 1);

    const confirmed = turns[4].newFileText;
    assert.equal(turns[4].state.confirmed, true);
    assert.deepEqual(architectDesignRefusals(confirmed), []);
    assert.equal(planArchitectureWrite({ requirements: confirmed, existingArchitecture: undefined }).kind, 'write');
    assert.equal(architectDesign({ fileText: confirmed, existingArchitecture: undefined }).plan.kind, 'write');
  });

  it('leaves files without an interview to the checklist gate alone', () => {
    const handWritten = stripArchitectState(turns[3].newFileText);
    assert.deepEqual(architectDesignRefusals(handWritten), []);
    assert.equal(planArchitectureWrite({ requirements: handWritten, existingArchitecture: undefined }).kind, 'write');
  });
});

describe('a follow-up about the records already discussed', () => {
  it('"We keep them 7 days" sets the retention of the one row, never adds a row named "Keep them"', () => {
    for (const followUp of ['We keep them 7 days.', 'Keep them for 7 days.', 'We need to keep them 7 days']) {
      const [, turn] = interview(['The audit trail gets 36 million records an hour at peak, 1 KB each.', followUp]);
      const rows = parseRequirementDocument(turn.newFileText).requirements;
      assert.deepEqual(rows.map((r) => [r.fields.description?.text, r.retentionHours]), [['Audit trail', 168]], followUp);
    }
  });
});

describe('panel messages', () => {
  it('reads a leading command the way @kinesis does, and leaves other text alone', () => {
    assert.deepEqual(parseArchitectMessage('/design'), { command: 'design', text: '' });
    assert.deepEqual(parseArchitectMessage('  /COST for the aws table '), { command: 'cost', text: 'for the aws table' });
    assert.deepEqual(parseArchitectMessage('/shards\nplease'), { command: 'shards', text: 'please' });
    assert.deepEqual(parseArchitectMessage('/designer wanted'), { command: 'requirements', text: '/designer wanted' });
    assert.deepEqual(parseArchitectMessage('orders at 2K/s /design later'), { command: 'requirements', text: 'orders at 2K/s /design later' });
  });

  it('numbers questions and dates turns as the state records them', () => {
    assert.deepEqual(questionsOf({ learned: '', updated: '', nextSteps: '', questions: 'Intro\n1. A?\n2. B?\n- not one' }), ['1. A?', '2. B?']);
    assert.equal(isoDate(new Date(2026, 0, 5)), '2026-01-05');
  });
});
