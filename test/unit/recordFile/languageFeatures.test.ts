import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  getRecordFileCodeLenses,
  getRecordFileCompletions,
  getRecordFileHover,
  parseRecordFile,
  type RecordFileCompletionContext,
} from '../../../src/core/recordFile';
import type { Position } from '../../../src/core/text';

/** Splits a fixture at its `|` cursor marker. */
function atCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'fixture has no | cursor');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

const context: RecordFileCompletionContext = {
  streamsIn: (region) => (region === 'eu-west-1' ? ['eu-orders'] : region === undefined ? ['orders', 'clicks'] : undefined),
  regions: ['us-east-1', 'eu-west-1'],
};

function complete(marked: string, ctx = context) {
  const { text, position } = atCursor(marked);
  return getRecordFileCompletions(parseRecordFile(text), position, ctx);
}

function flatRange(r: { start: Position; end: Position }): number[] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

describe('record file completion', () => {
  it('offers the live stream names after PUT, replacing the word being typed', () => {
    const items = complete('PUT or|ders-old\npartition-key: k\n');
    assert.deepEqual(items.map((i) => [i.label, i.kind, i.insertText]), [['orders', 'stream', 'orders'], ['clicks', 'stream', 'clicks']]);
    assert.deepEqual(flatRange(items[0].range), [0, 4, 0, 14]);
    assert.deepEqual(complete('PUT |').map((i) => i.label), ['orders', 'clicks']);
  });

  it('uses the block\'s region header for stream names, and offers none when the list is unknown', () => {
    assert.deepEqual(complete('PUT |\nregion: eu-west-1\n').map((i) => i.label), ['eu-orders']);
    assert.deepEqual(complete('PUT |\nregion: ap-south-1\n'), []);
  });

  it('offers header names not used yet at the start of a header line', () => {
    const items = complete('PUT s\npartition-key: k\n|');
    assert.deepEqual(items.map((i) => i.label), ['encoding', 'region', 'explicit-hash-key']);
    assert.equal(items[0].insertText, 'encoding: ');
    assert.equal(items[0].kind, 'header');
    assert.ok(items[0].retrigger, 'choosing encoding opens its values');
    assert.deepEqual(complete('PUT s\npart|').map((i) => i.label), ['partition-key', 'encoding', 'region', 'explicit-hash-key']);
    assert.deepEqual(flatRange(complete('PUT s\npart|')[0].range), [1, 0, 1, 4]);
  });

  it('replaces the whole name when completing inside an existing header name', () => {
    const items = complete('PUT s\nenc|oding: json\n');
    assert.deepEqual(flatRange(items.find((i) => i.label === 'encoding')!.range), [1, 0, 1, 14]);
  });

  it('offers no headers inside the body or outside blocks', () => {
    assert.deepEqual(complete('PUT s\npartition-key: k\n{ "a": 1 }\n|'), []);
    assert.deepEqual(complete('PUT s\npartition-key: k\n\nbody\n|\n'), []);
    assert.deepEqual(complete('PUT s\n###\nx|'), []);
  });

  it('offers PUT at the start of a line outside blocks', () => {
    const items = complete('PUT s\npartition-key: k\nd\n###\n|');
    assert.deepEqual(items.map((i) => [i.label, i.kind, i.insertText]), [['PUT', 'keyword', 'PUT ']]);
    assert.deepEqual(complete('P|').map((i) => i.label), ['PUT']);
  });

  it('offers encodings after "encoding:" and configured regions after "region:"', () => {
    const encodings = complete('PUT s\nencoding: |\n');
    assert.deepEqual(encodings.map((i) => [i.label, i.kind]), [['text', 'encoding'], ['json', 'encoding'], ['base64', 'encoding'], ['hex', 'encoding']]);
    assert.deepEqual(flatRange(encodings[0].range), [1, 10, 1, 10]);
    const replacing = complete('PUT s\nencoding: js|\n');
    assert.deepEqual(flatRange(replacing[0].range), [1, 10, 1, 12]);
    assert.deepEqual(complete('PUT s\npartition-key: k\nregion: |').map((i) => [i.label, i.kind]), [['us-east-1', 'region'], ['eu-west-1', 'region']]);
    assert.deepEqual(complete('PUT s\npartition-key: |'), [], 'partition keys are the user\'s own');
  });
});

describe('record file CodeLens and hover', () => {
  it('puts "Put all (N records)" at the top and "Put record" on every PUT line', () => {
    const lenses = getRecordFileCodeLenses(parseRecordFile('-- c\nPUT a\npartition-key: k\nx\n###\nPUT b\n'));
    assert.deepEqual(lenses.map((l) => [l.kind, l.title, l.blockIndex, flatRange(l.range)]), [
      ['putAll', 'Put all (2 records)', undefined, [0, 0, 0, 0]],
      ['putRecord', 'Put record', 0, [1, 0, 1, 5]],
      ['putRecord', 'Put record', 1, [5, 0, 5, 5]],
    ]);
    assert.equal(getRecordFileCodeLenses(parseRecordFile('PUT a\n'))[0].title, 'Put all (1 record)');
    assert.deepEqual(getRecordFileCodeLenses(parseRecordFile('-- nothing yet\n')), []);
  });

  it('explains header names and encoding values on hover', () => {
    const file = parseRecordFile('PUT s\npartition-key: k\nencoding: base64\nAA==\n');
    const header = getRecordFileHover(file, { line: 1, character: 3 });
    assert.match(header!.markdown, /\*\*partition-key\*\*: Required/);
    assert.deepEqual(flatRange(header!.range), [1, 0, 1, 13]);
    assert.match(getRecordFileHover(file, { line: 2, character: 12 })!.markdown, /decoded bytes/);
    assert.equal(getRecordFileHover(file, { line: 3, character: 1 }), undefined);
  });
});
