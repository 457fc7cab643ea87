import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  chatRequirementTemplate, extractRequirementInfo, INITIAL_STATE, planRequirementUpdate, renderFourPartReply, runRequirementsTurn,
} from '../../../src/core/chat';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';

const directives = { confirmed: false, sourcesComplete: false };

/** The requirement file after each message, starting from the chat template. */
function after(...messages: string[]): { text: string; questions: readonly string[] } {
  let text = chatRequirementTemplate();
  let questions: readonly string[] = [];
  for (const message of messages) {
    const update = planRequirementUpdate(text, extractRequirementInfo(message), directives);
    text = update.after;
    questions = update.questions;
  }
  return { text, questions };
}

function scale(text: string): string {
  return parseRequirementDocument(text).overview.find((i) => /scale/i.test(i.label))?.value ?? '';
}

describe('corrections', () => {
  it('"make that 12K peak" replaces the peak of the row and keeps its average: no new row', () => {
    const info = extractRequirementInfo('make that 12K peak');
    assert.equal(info.correction, true);
    assert.equal(info.requirements[0].correction, true);
    const { text } = after('clickstream 10K peak 5K avg, 2KB', 'make that 12K peak');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.requirements.length, 1);
    assert.equal(doc.requirements[0].fields.throughput?.text, '12K/5K RPS');
    assert.equal(doc.requirements[0].fields.recordSize?.text, '2KB');
    assert.match(scale(text), /#1 clickstream 12K\/5K RPS \(corrected by the user/i);
  });

  it('a corrected average keeps the peak, and the corrected-away figure is not read', () => {
    const { text } = after('clickstream 10K peak 5K avg, 2KB', 'Sorry, the average is 6k/s, not 5k/s');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.requirements.length, 1);
    assert.equal(doc.requirements[0].fields.throughput?.text, '10K/6K RPS');
  });

  it('a correction names its row among several', () => {
    const { text } = after('clickstream 10K peak 5K avg, 2KB; orders 1.5K peak 800 avg, 5KB', 'Actually the orders stream peaks at 2K/s, not 1.5K');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.requirements.length, 2);
    assert.equal(doc.requirements[0].fields.throughput?.text, '10K/5K RPS');
    assert.equal(doc.requirements[1].fields.throughput?.text, '2K/800 RPS');
  });

  it('asks instead of guessing: one unlabelled figure for a row with both, or no name among several rows', () => {
    const single = after('clickstream 10K peak 5K avg, 2KB', 'actually make it 12K/s');
    assert.equal(parseRequirementDocument(single.text).requirements[0].fields.throughput?.text, '10K/5K RPS');
    assert.match(single.questions.join(' '), /new peak or the new average/);
    const several = after('clickstream 10K peak 5K avg; orders 1.5K peak 800 avg', 'make that 12K peak');
    const doc = parseRequirementDocument(several.text);
    assert.deepEqual(doc.requirements.map((r) => r.fields.throughput?.text), ['10K/5K RPS', '1.5K/800 RPS']);
    assert.match(several.questions.join(' '), /Which requirement does that correct/);
  });

  it('a size correction changes the size cell of the last row', () => {
    const { text } = after('clickstream 10K peak 5K avg, 2KB', 'correction: records are 4KB not 2KB');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.requirements.length, 1);
    assert.equal(doc.requirements[0].fields.recordSize?.text, '4KB');
  });
});

describe('derived figures and questions in the file and the reply', () => {
  it('a per-minute figure at peak is converted to per second, with its working in the Scale bullet', () => {
    const { text } = after('We see 600K events per minute at peak, 1KB each');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.requirements[0].throughput.peakRecordsPerSecond, 10000);
    assert.match(scale(text), /600,000 ÷ 60 s = 10,000 records\/s/);
  });

  it('an average-only figure leaves the peak to be asked, and a later peak fills the same row', () => {
    const first = after('We process 864 million transactions per day, 1 KB records');
    const doc = parseRequirementDocument(first.text);
    assert.equal(doc.requirements[0].throughput.averageRecordsPerSecond, 10000);
    assert.equal(doc.requirements[0].throughput.peakRecordsPerSecond, undefined);
    const second = parseRequirementDocument(after('We process 864 million transactions per day, 1 KB records', 'peak is 30K/s').text);
    assert.equal(second.requirements.length, 1);
    assert.equal(second.requirements[0].fields.throughput?.text, '30K/10K RPS');
  });

  it('the conversation asks the reader\'s questions first and writes no number for them', () => {
    const info = extractRequirementInfo('Peak throughput is 50 MB/s');
    const update = planRequirementUpdate(chatRequirementTemplate(), info, directives);
    assert.equal(parseRequirementDocument(update.after).requirements.length, 0);
    const reply = renderFourPartReply(runRequirementsTurn(info, update, INITIAL_STATE, 'kinesis_requirement.md').reply);
    const questions = reply.split('### Questions')[1];
    assert.match(questions.split('\n').find((l) => /^1\./.test(l)) ?? '', /How big is one record\?.*50 MB\/s/);
  });

  it('partition keys and components in prose reach the Design Considerations and Data Flow sections', () => {
    const { text } = after('clickstream 10K peak 5K avg, 2KB. Partition key is session_id. A Lambda enriches each event and Firehose lands everything in S3.');
    const doc = parseRequirementDocument(text);
    assert.equal(doc.designConsiderations.find((i) => /partition/i.test(i.label))?.value, '`session_id`');
    assert.equal(doc.dataFlow.find((i) => /consumer/i.test(i.label))?.value, 'Lambda, Firehose → S3');
    assert.equal(doc.dataFlow.find((i) => /downstream/i.test(i.label))?.value, 'S3');
  });
});
