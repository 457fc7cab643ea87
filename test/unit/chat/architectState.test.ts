import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  architectTurn, INITIAL_ARCHITECT_STATE, normaliseArchitectState, readArchitectState, renderStateBlock, stateOf, stripArchitectState, writeArchitectState,
  type ArchitectState,
} from '../../../src/core/architect';
import { chatRequirementTemplate } from '../../../src/core/chat';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { applyEdits } from '../../../src/core/text';

const TODAY = '2026-12-02';
const sample: ArchitectState = {
  askedOtherSources: true, otherSourcesAnswered: false, proposalAccepted: false, confirmed: false, explained: ['shard', 'partitionKey'], stage: 'otherSources', turns: 3, updated: TODAY,
};

describe('architect state in the requirement file', () => {
  it('round-trips through the file and leaves the requirement text byte for byte', () => {
    const text = chatRequirementTemplate();
    const withState = writeArchitectState(text, sample);
    assert.deepEqual(readArchitectState(withState).state, sample);
    assert.equal(stripArchitectState(withState), text);
    // a second write replaces the block instead of adding one
    const again = writeArchitectState(withState, { ...sample, turns: 4 });
    assert.equal((again.match(/kinesis-studio architect state/g) ?? []).length, 1);
    assert.equal(readArchitectState(again).state?.turns, 4);
    assert.equal(stripArchitectState(again), text);
  });

  it('is invisible to the requirement parser', () => {
    const text = chatRequirementTemplate();
    const doc = (t: string) => parseRequirementDocument(t);
    const withState = writeArchitectState(text, sample);
    assert.deepEqual(doc(withState).checklist.map((c) => c.text), doc(text).checklist.map((c) => c.text));
    assert.deepEqual(doc(withState).sections.map((s) => s.title), doc(text).sections.map((s) => s.title));
  });

  it('keeps CRLF files CRLF', () => {
    const text = chatRequirementTemplate('\r\n');
    const withState = writeArchitectState(text, sample);
    assert.ok(!/[^\r]\n/.test(withState), 'a bare LF was written into a CRLF file');
    assert.deepEqual(readArchitectState(withState).state, sample);
    assert.equal(stripArchitectState(withState), text);
  });

  it('user text cannot close the comment early', () => {
    const proposal = { streamConfiguration: 'a --> b', shardManagement: 'x', consumerPatterns: 'y', summary: ['<!-- z -->'], basis: '[]' };
    const text = writeArchitectState('# T\n', { ...sample, pendingProposal: proposal });
    assert.equal((text.match(/-->/g) ?? []).length, 1);
    assert.deepEqual(readArchitectState(text).state?.pendingProposal, proposal);
  });

  it('tolerates malformed blocks and fields', () => {
    const block = (body: string) => `# T\n\n<!-- kinesis-studio architect state: x\n${body}\n-->\n`;
    assert.deepEqual(readArchitectState('# T\n'), { problem: 'none' });
    assert.deepEqual(readArchitectState(block('{not json')), { problem: 'malformed' });
    assert.deepEqual(readArchitectState(block('[1,2]')), { problem: 'malformed' });
    assert.deepEqual(readArchitectState(block('{"foo":1}')), { problem: 'malformed' });
    const odd = readArchitectState(block('{"askedOtherSources":"yes","explained":["shard",3,"shard"],"stage":"nowhere","turns":-2,"pendingProposal":{"summary":"x"}}')).state;
    assert.deepEqual(odd, { ...INITIAL_ARCHITECT_STATE, explained: ['shard'] });
    assert.equal(normaliseArchitectState(null), undefined);
    // a broken block is replaced, not kept next to the new one
    const fixed = writeArchitectState(block('{not json'), sample);
    assert.equal((fixed.match(/kinesis-studio architect state/g) ?? []).length, 1);
    assert.deepEqual(readArchitectState(fixed).state, sample);
  });

  it('the file\'s state wins over a fallback; the fallback serves files without one', () => {
    const fallback = { ...INITIAL_ARCHITECT_STATE, confirmed: true };
    assert.equal(stateOf(writeArchitectState('# T\n', sample), fallback).confirmed, false);
    assert.equal(stateOf('# T\n', fallback).confirmed, true);
    assert.deepEqual(stateOf(undefined), INITIAL_ARCHITECT_STATE);
    assert.match(renderStateBlock(sample), /^<!-- kinesis-studio architect state/);
  });
});

describe('architectTurn', () => {
  it('creates the file from the template, writes the row and the state, and says what changed', () => {
    const turn = architectTurn({ fileText: undefined, message: 'clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours', today: TODAY });
    assert.equal(turn.createsFile, true);
    assert.equal(turn.fileChanged, true);
    assert.ok(turn.edit);
    assert.equal(applyEdits(turn.baseText, [turn.edit]), turn.newFileText);
    assert.deepEqual(turn.changedRows, ['1']);
    const doc = parseRequirementDocument(turn.newFileText);
    assert.equal(doc.requirements[0].fields.throughput?.text, '10K/5K RPS');
    assert.equal(readArchitectState(turn.newFileText).state?.turns, 1);
    assert.equal(readArchitectState(turn.newFileText).state?.updated, TODAY);
    assert.ok(turn.state.explained.includes('shard'), 'the shard concept is explained when the first shard count is shown');
    for (const heading of ['### What I learned', '### Updated in requirement file', '### Next steps', '### Questions']) assert.ok(turn.markdown.includes(heading));
  });

  it('continues the interview from the file alone: a pending proposal written in one turn is agreed to in the next', () => {
    let text: string | undefined;
    const say = (message: string) => {
      const turn = architectTurn({ fileText: text, message, today: TODAY });
      text = turn.newFileText;
      return turn;
    };
    say('clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours. We run an e-commerce site.');
    say('Producers are the web app. Consumers are a Lambda fraud checker. Partition key is session_id');
    const proposal = say('No other producers or consumers.');
    assert.equal(proposal.stage, 'proposal');
    assert.ok(readArchitectState(text!).state?.pendingProposal, 'the pending proposal is not in the file');
    assert.equal(parseRequirementDocument(text!).dataFlow.find((i) => /Stream Configuration/.test(i.label))?.value, '', 'written before the user agreed');
    // no chat history, no fallback state: only the file
    const agreed = say('Yes, write these decisions down.');
    assert.equal(agreed.state.proposalAccepted, true);
    assert.match(parseRequirementDocument(text!).dataFlow.find((i) => /Stream Configuration/.test(i.label))!.value, /20 shards, provisioned/);
    assert.equal(agreed.state.turns, 4);
  });

  it('a message that changes nothing in the requirements still records the state, but says the file is unchanged', () => {
    const first = architectTurn({ fileText: undefined, message: 'clickstream 10K peak 5K avg, 2KB', today: TODAY });
    const second = architectTurn({ fileText: first.newFileText, message: 'What is a shard?', today: TODAY });
    assert.equal(second.fileChanged, false);
    assert.equal(stripArchitectState(second.newFileText), stripArchitectState(first.newFileText));
    assert.equal(second.state.turns, 2);
    assert.match(second.reply.updated, /unchanged/);
  });
});
