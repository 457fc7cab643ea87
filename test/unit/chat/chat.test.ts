import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  chatRequirementTemplate, estimateFromPopulation, explainConcepts, extractRequirementInfo, findRegionInText, findUnsupportedNumbers, hasFourParts,
  INITIAL_STATE, minimalEdit, planRequirementUpdate, readState, regionDisplayName, renderFourPartReply, resolveRegion, runRequirementsTurn,
  type ConversationState,
} from '../../../src/core/chat';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import { applyEdits } from '../../../src/core/text';

describe('extractRequirementInfo', () => {
  it('reads the seed example sentence into one requirement row', () => {
    const info = extractRequirementInfo('clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours');
    assert.deepEqual(info.requirements, [{
      description: 'Clickstream', throughput: '10K/5K RPS', peakRecordsPerSecond: 10000, averageRecordsPerSecond: 5000, throughputSource: 'stated by the user',
      recordSize: '2KB', latency: '<100ms', retention: '24 hours', processingType: undefined, rateRole: 'both',
    }]);
  });

  it('reads labels before numbers, thousands separators and several requirements', () => {
    const info = extractRequirementInfo('Orders: peak 1,500 records/s, average 800, 10KB records, latency under 1 s, retain for 7 years; IoT readings 50K/30K RPS, 500B, keep 7 days for anomaly detection');
    assert.equal(info.requirements.length, 2);
    assert.deepEqual([info.requirements[0].description, info.requirements[0].throughput, info.requirements[0].recordSize, info.requirements[0].latency, info.requirements[0].retention],
      ['Orders', '1.5K/800 RPS', '10KB', '<1s', '7 years']);
    assert.deepEqual([info.requirements[1].throughput, info.requirements[1].recordSize, info.requirements[1].retention, info.requirements[1].processingType],
      ['50K/30K RPS', '500B', '7 days', 'Anomaly detection']);
  });

  it('never invents a throughput: a message without one has none', () => {
    const info = extractRequirementInfo('We need to capture clickstream events with 2KB records, under 100 ms');
    assert.equal(info.requirements.length, 1);
    assert.equal(info.requirements[0].throughput, undefined);
    assert.equal(info.requirements[0].peakRecordsPerSecond, undefined);
  });

  it('estimates from business figures and says so', () => {
    assert.deepEqual(estimateFromPopulation('2,000 devices send 1 reading every 10 seconds'.replace(',', '')), {
      recordsPerSecond: 200, working: '2,000 devices × 1 reading per 10 s = 200 records/s',
    });
    const info = extractRequirementInfo('IoT sensors: 2,000 devices send 1 reading every 10 seconds, 500B');
    assert.equal(info.requirements[0].throughput, '200 RPS');
    assert.match(info.requirements[0].throughputSource ?? '', /^estimated from the user's figures/);
  });

  it('reads producers, consumers, partition key, domain and answers', () => {
    const info = extractRequirementInfo('We are building an IoT fleet tracker. Producers are the vehicles and the mobile app. Consumers are a Lambda alerting function and an S3 archiver. Partition key is vehicle_id');
    assert.deepEqual(info.producers, ['vehicles', 'mobile app']);
    assert.deepEqual(info.consumers, ['Lambda alerting function', 'S3 archiver']);
    assert.equal(info.partitionKey, 'vehicle_id');
    assert.equal(info.domain, 'IoT fleet tracker');
    assert.equal(extractRequirementInfo('No other producers or consumers.').answers.noOtherSources, true);
    assert.equal(extractRequirementInfo('I confirm all requirements are captured').answers.confirmed, true);
    assert.equal(extractRequirementInfo('Yes, write it down').answers.agreed, true);
    assert.equal(extractRequirementInfo('What is a shard?').answers.agreed, false);
  });
});

describe('planRequirementUpdate', () => {
  const directives = { confirmed: false, sourcesComplete: false };

  it('adds a row to the chat template with one minimal edit and names what changed', () => {
    const base = chatRequirementTemplate();
    const update = planRequirementUpdate(base, extractRequirementInfo('clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours'), directives);
    assert.ok(update.edit);
    assert.equal(applyEdits(base, [update.edit]), update.after);
    const doc = parseRequirementDocument(update.after);
    assert.equal(doc.requirements.length, 1);
    assert.equal(doc.requirements[0].fields.throughput?.text, '10K/5K RPS');
    assert.equal(doc.requirements[0].fields.status?.text, '⏳');
    assert.ok(update.changes.some((c) => /added requirement 1 \(Clickstream\)/.test(c)));
    assert.ok(doc.checklist.find((c) => /throughput/.test(c.text))?.checked);
    assert.equal(update.analysis.requirements[0].capacity.shards, 20);
  });

  it('updates the matching row instead of adding one, and leaves the rest byte for byte', () => {
    const first = planRequirementUpdate(chatRequirementTemplate(), extractRequirementInfo('clickstream 10K peak 5K avg, 2KB'), directives).after;
    const second = planRequirementUpdate(first, extractRequirementInfo('clickstream records are 4KB'), directives);
    const doc = parseRequirementDocument(second.after);
    assert.equal(doc.requirements.length, 1);
    assert.equal(doc.requirements[0].fields.recordSize?.text, '4KB');
    assert.ok(second.edit && second.edit.range.start.line === second.edit.range.end.line, 'a one-cell change must stay on its line');
  });

  it('changes nothing when the message carries nothing new', () => {
    const base = chatRequirementTemplate();
    const update = planRequirementUpdate(base, extractRequirementInfo('What is a shard?'), directives);
    assert.equal(update.edit, undefined);
    assert.equal(update.after, base);
  });
});

describe('the conversation', () => {
  function converse(messages: string[]): { text: string; state: ConversationState; replies: string[]; stages: string[] } {
    let text = chatRequirementTemplate();
    let state = INITIAL_STATE;
    const replies: string[] = [];
    const stages: string[] = [];
    for (const message of messages) {
      const info = extractRequirementInfo(message);
      const sourcesComplete = state.otherSourcesAnswered || info.answers.noOtherSources;
      const writeProposal = state.pendingProposal && info.answers.agreed && !info.requirements.length ? state.pendingProposal : undefined;
      const confirmed = (state.confirmed || (info.answers.confirmed && (state.askedOtherSources || sourcesComplete))) && !info.requirements.length;
      const update = planRequirementUpdate(text, info, { writeProposal, confirmed, sourcesComplete });
      const turn = runRequirementsTurn(info, update, state, 'kinesis_requirement.md');
      text = update.after;
      state = turn.state;
      replies.push(renderFourPartReply(turn.reply));
      stages.push(turn.stage);
    }
    return { text, state, replies, stages };
  }

  it('asks about other producers/consumers, proposes before writing, and completes the checklist', () => {
    const run = converse([
      'We are building real-time analytics for an e-commerce site. clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours',
      'Producers are the web app and mobile app. Consumers are a Lambda fraud checker and a dashboard. Partition key is session_id',
      'No other producers or consumers.',
      'Yes, write it down.',
      'I confirm all requirements are captured.',
    ]);
    assert.deepEqual(run.stages, ['sources', 'otherSources', 'proposal', 'confirm', 'design']);
    assert.match(run.replies[1], /other streaming requirements, producers or consumers/);
    for (const reply of run.replies) {
      assert.ok(hasFourParts(reply), reply);
      const questions = reply.split('### Questions')[1].trim().split('\n').filter((l) => /^\d\./.test(l));
      assert.ok(questions.length >= 1 && questions.length <= 3, reply);
    }
    assert.match(run.replies[0], /20 shards/);
    const doc = parseRequirementDocument(run.text);
    assert.ok(doc.checklist.every((c) => c.checked));
    assert.equal(doc.requirements[0].status, 'complete');
    assert.equal(run.state.confirmed, true);
  });

  it('does not accept a confirmation before other producers/consumers were asked about', () => {
    const run = converse(['clickstream 10K peak 5K avg, 2KB', 'I confirm all requirements are captured.']);
    assert.equal(run.state.confirmed, false);
  });

  it('state survives the ChatResult metadata round trip and tolerates junk', () => {
    const state = { ...INITIAL_STATE, askedOtherSources: true, explained: ['shard'] };
    assert.deepEqual(readState(JSON.parse(JSON.stringify({ kinesisState: state }))), state);
    assert.equal(readState({ other: 1 }), undefined);
    assert.equal(readState(undefined), undefined);
  });
});

describe('model guard', () => {
  it('flags numbers the engine did not produce', () => {
    const draft = 'Requirement 1 → 20 shards; provisioned $299.09, ⌈10,000 records/s ÷ 1,000⌉';
    assert.deepEqual(findUnsupportedNumbers('You need 20 shards at 10K records/s, costing $299.09.', [draft]), []);
    assert.deepEqual(findUnsupportedNumbers('You need 37 shards.', [draft]), ['37']);
    assert.deepEqual(findUnsupportedNumbers('Ask 2 or 3 questions.', [draft]), []);
  });

  it('checks the four headings in order', () => {
    assert.ok(hasFourParts('### What I learned\n### Updated in requirement file\n### Next steps\n### Questions'));
    assert.ok(!hasFourParts('### Questions\n### What I learned\n### Updated in requirement file\n### Next steps'));
  });
});

describe('regions', () => {
  it('maps names to codes', () => {
    assert.equal(resolveRegion('Sydney').region, 'ap-southeast-2');
    assert.equal(resolveRegion('Asia Pacific (Sydney)').region, 'ap-southeast-2');
    assert.equal(resolveRegion('sydney region').region, 'ap-southeast-2');
    assert.equal(resolveRegion('eu-west-1').region, 'eu-west-1');
    assert.equal(resolveRegion('N. Virginia').region, 'us-east-1');
    assert.match(resolveRegion('Atlantis').problem ?? '', /not a region/);
    assert.equal(findRegionInText('list all the streams I have in Sydney region'), 'ap-southeast-2');
    assert.equal(findRegionInText('list streams'), undefined);
    assert.equal(regionDisplayName('ap-southeast-2'), 'Sydney');
  });
});

describe('helpers', () => {
  it('minimalEdit reproduces the new text', () => {
    for (const [a, b] of [['abc\r\ndef', 'abc\r\nxdef'], ['', 'new'], ['same', 'same'], ['a\nb\nc', 'a\nB\nc']]) {
      const edit = minimalEdit(a, b);
      assert.equal(edit ? applyEdits(a, [edit]) : a, b);
    }
  });

  it('explains concepts by keyword', () => {
    assert.match(explainConcepts('what is enhanced fan-out?')[0], /enhanced fan-out/);
    assert.ok(explainConcepts('hello').length >= 3);
  });
});
