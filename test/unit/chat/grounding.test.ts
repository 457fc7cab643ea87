import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { architectTurn, factProposalsJsonSchema, groundProposals, parseFactProposals, type FactProposals } from '../../../src/core/architect';
import { extractRequirementInfo } from '../../../src/core/chat';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';

const TODAY = '2026-12-02';
const ground = (message: string, proposals: FactProposals) => groundProposals(message, extractRequirementInfo(message), proposals);

describe('grounding the model\'s proposals', () => {
  it('accepts numbers the engine reads back from the quoted words, including one the reader missed', () => {
    const message = 'We must be able to replay the last 3 days of clicks. Clickstream 10K/s peak, 2KB';
    assert.equal(extractRequirementInfo(message).requirements[0].retention, undefined, 'the reader alone must miss the retention for this test to mean anything');
    const g = ground(message, { requirements: [{
      description: 'Clickstream',
      peakRecordsPerSecond: { value: 10000, quote: '10K/s peak' },
      recordSizeBytes: { value: 2000, quote: '2KB' },
      retentionHours: { value: 72, quote: 'replay the last 3 days' },
    }] });
    assert.deepEqual(g.refused, []);
    assert.deepEqual(g.accepted.map((a) => a.field).sort(), ['peakRecordsPerSecond', 'recordSizeBytes', 'retentionHours']);
    assert.equal(g.info.requirements.length, 1);
    assert.equal(g.info.requirements[0].retention, '3 days');
    assert.equal(g.info.requirements[0].peakRecordsPerSecond, 10000);
  });

  it('accepts a derived rate only through a derivation the engine supports, and writes the engine\'s value', () => {
    const message = 'The audit trail gets 36 million records an hour';
    const g = ground(message, { requirements: [{ description: 'Audit trail', peakRecordsPerSecond: { value: 10000.4, quote: '36 million records an hour' } }] });
    assert.equal(g.refused.length, 0);
    assert.equal(g.info.requirements[0].peakRecordsPerSecond, 10000);
    assert.match(g.accepted[0].how, /36,000,000|36 million|÷ 3,600/);
  });

  it('refuses a number that is not in the quoted words and asks about it', () => {
    const message = 'Clickstream does 10K/s at peak, 2KB records';
    const g = ground(message, { requirements: [{ description: 'Clickstream', averageRecordsPerSecond: { value: 5000, quote: '10K/s at peak' } }] });
    assert.deepEqual(g.refused.map((r) => [r.field, r.reason]), [['averageRecordsPerSecond', 'number not in the quoted words']]);
    assert.equal(g.info.requirements[0].averageRecordsPerSecond, undefined);
    assert.match(g.info.questions[0], /5,000.*average records per second.*not written/);
  });

  it('refuses a quote the user never wrote', () => {
    const message = 'Clickstream does 10K/s at peak; it needs to be on the dashboard in half a second';
    const g = ground(message, { requirements: [{ description: 'Clickstream', latencyMs: { value: 500, quote: 'within 500 ms' } }] });
    assert.deepEqual(g.refused.map((r) => r.reason), ['quote not in the message']);
    assert.equal(g.info.requirements[0].latency, undefined);
  });

  it('does not read a per-minute figure as per second, whatever the model says', () => {
    const message = 'Orders peak at 6,000 per minute';
    const g = ground(message, { requirements: [{ description: 'Orders', peakRecordsPerSecond: { value: 6000, quote: 'peak at 6,000 per minute' } }] });
    assert.equal(g.refused.length, 1);
    assert.equal(g.info.requirements[0].peakRecordsPerSecond, 100, 'the reader\'s own 6,000 ÷ 60 stays');
  });

  it('a disagreement between two grounded readings becomes a question and neither is written', () => {
    const message = 'Clickstream: 10K/s at peak, 2KB records, or 4KB with headers';
    const g = ground(message, { requirements: [{ description: 'Clickstream', recordSizeBytes: { value: 4000, quote: '4KB with headers' } }] });
    assert.deepEqual(g.refused.map((r) => r.reason), ['disagrees with the reader']);
    assert.equal(g.info.requirements[0].recordSize, undefined);
    assert.match(g.questions[0], /2,000 or 4,000/);
  });

  it('takes the model\'s role for a single unlabelled figure it calls the average', () => {
    const message = 'Orders run at 300/s';
    const g = ground(message, { requirements: [{ description: 'Orders', averageRecordsPerSecond: { value: 300, quote: '300/s' } }] });
    assert.equal(g.info.requirements[0].peakRecordsPerSecond, undefined);
    assert.equal(g.info.requirements[0].averageRecordsPerSecond, 300);
  });

  it('names: producers and a partition key in the user\'s words are kept, invented ones are asked about', () => {
    const message = 'Clickstream 10K/s peak from the web app; keyed on the session';
    const g = ground(message, { producers: ['web app', 'Kafka bridge'], partitionKey: { value: 'session_id', quote: 'keyed on the session' } });
    assert.ok(g.info.producers.includes('web app'));
    assert.ok(!g.info.producers.includes('Kafka bridge'));
    assert.equal(g.info.partitionKey, 'session', 'the reader\'s key stays: session_id is not in the message');
    assert.equal(g.refused.length, 2);
  });

  it('parses proposals from a tool input or from JSON in text, and rejects anything else', () => {
    const proposals = { requirements: [{ description: 'X', peakRecordsPerSecond: { value: 1, quote: '1/s' } }] };
    assert.deepEqual(parseFactProposals(proposals), proposals);
    assert.deepEqual(parseFactProposals(`Here you go:\n\`\`\`json\n${JSON.stringify(proposals)}\n\`\`\``), proposals);
    assert.equal(parseFactProposals({ requirements: [{ peakRecordsPerSecond: { value: '10K', quote: 'x' } }] }), undefined);
    assert.equal(parseFactProposals('no json here'), undefined);
    const schema = factProposalsJsonSchema();
    assert.equal(schema.type, 'object');
    assert.ok(!('$schema' in schema));
  });
});

describe('architectTurn with proposals', () => {
  it('writes the grounded facts, leaves the ungrounded out and asks about them in the reply', () => {
    const message = 'We must be able to replay the last 3 days of clicks. Clickstream 10K/s peak, 2KB';
    const turn = architectTurn({ fileText: undefined, message, today: TODAY, proposals: { requirements: [{
      description: 'Clickstream',
      retentionHours: { value: 72, quote: 'replay the last 3 days' },
      averageRecordsPerSecond: { value: 4000, quote: 'Clickstream 10K/s peak' },
    }] } });
    const [row] = parseRequirementDocument(turn.newFileText).requirements;
    assert.equal(row.retentionHours, 72);
    assert.equal(row.throughput.peakRecordsPerSecond, 10000);
    assert.equal(row.throughput.averageRecordsPerSecond, undefined, 'the ungrounded average was written');
    assert.match(turn.reply.questions, /^1\. The language model read 4,000 as the average records per second/);
    assert.match(turn.reply.learned, /1 fact\(s\) applied, 1 not applied/);
    assert.ok(!turn.newFileText.includes('4,000') && !/4K/.test(turn.newFileText));
  });
});
