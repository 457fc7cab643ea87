import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { blockAtLine, headerOf, newRecordFileTemplate, parseRecordFile, RecordFileCache, type RecordFile } from '../../../src/core/recordFile';
import type { Range } from '../../../src/core/text';

/** The text a single-line range covers. */
function textAt(file: RecordFile, r: Range): string {
  assert.equal(r.start.line, r.end.line, 'single-line range');
  return file.lines.lineText(r.start.line).slice(r.start.character, r.end.character);
}

function flat(r: Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

const SAMPLE = [
  '-- a comment', //                 0
  'PUT my-stream', //                1
  'partition-key: Device123', //     2
  'encoding: json', //               3
  'region: eu-west-1', //            4
  'explicit-hash-key: 1234', //      5
  '{ "cpu": 10 }', //                6
  '###', //                          7
  'PUT other-stream', //             8
  'partition-key: k2', //            9
  'plain text body', //              10
  '', //                             11
].join('\n');

describe('record file parser', () => {
  it('splits blocks at ### and reads the stream, headers and body of each', () => {
    const file = parseRecordFile(SAMPLE);
    assert.equal(file.blocks.length, 2);
    const [first, second] = file.blocks;
    assert.equal(first.stream?.text, 'my-stream');
    assert.deepEqual(flat(first.stream!.range), [1, 4, 1, 13]);
    assert.deepEqual(flat(first.keywordRange), [1, 0, 1, 3]);
    assert.deepEqual(flat(first.putRange), [1, 0, 1, 13]);
    assert.deepEqual(first.headers.map((h) => [h.key, h.value]), [
      ['partition-key', 'Device123'], ['encoding', 'json'], ['region', 'eu-west-1'], ['explicit-hash-key', '1234'],
    ]);
    assert.equal(first.body?.text, '{ "cpu": 10 }');
    assert.deepEqual(flat(first.body!.range), [6, 0, 6, 13]);
    assert.equal(first.endLine, 7);
    assert.equal(first.headerEndLine, 6);
    assert.deepEqual(flat(first.range), [1, 0, 6, 13]);
    assert.equal(second.index, 1);
    assert.equal(second.stream?.text, 'other-stream');
    assert.equal(headerOf(second, 'partition-key')?.value, 'k2');
    assert.equal(second.body?.text, 'plain text body');
    assert.equal(second.endLine, 12);
    assert.deepEqual(file.separators, [7]);
    assert.deepEqual(file.comments.map(flat), [[0, 0, 0, 12]]);
    assert.deepEqual(file.strayLines, []);
  });

  it('gives header name and value ranges (trimmed, case-insensitive key)', () => {
    const file = parseRecordFile('PUT s\nPartition-Key :   a b  \nencoding:\n');
    const [pk, enc] = file.blocks[0].headers;
    assert.equal(pk.name, 'Partition-Key');
    assert.equal(pk.key, 'partition-key');
    assert.equal(pk.value, 'a b');
    assert.equal(textAt(file, pk.nameRange), 'Partition-Key');
    assert.equal(textAt(file, pk.valueRange), 'a b');
    assert.deepEqual(flat(pk.valueRange), [1, 18, 1, 21]);
    assert.equal(enc.value, '');
    assert.deepEqual(flat(enc.valueRange), [2, 9, 2, 9], 'an empty value is a zero-length range after the colon');
  });

  it('keeps multi-line bodies, interior blank lines and -- lines as data; trims blank lines around the body', () => {
    const text = 'PUT s\npartition-key: k\n\n\nline 1\n-- not a comment\n\n  indented\n\n\n###\n';
    const file = parseRecordFile(text);
    const block = file.blocks[0];
    assert.equal(block.body?.text, 'line 1\n-- not a comment\n\n  indented');
    assert.equal(block.body?.startLine, 4);
    assert.equal(block.body?.endLine, 7);
    assert.equal(block.headerEndLine, 2, 'the blank line ends the headers');
    assert.deepEqual(file.comments, [], 'a -- line inside a body is data, never a comment');
  });

  it('a blank line ends the headers, so a body that looks like a header can be written', () => {
    const file = parseRecordFile('PUT s\npartition-key: k\n\nCPU: 10%\n');
    assert.deepEqual(file.blocks[0].headers.map((h) => h.key), ['partition-key']);
    assert.equal(file.blocks[0].body?.text, 'CPU: 10%');
  });

  it('reads -- as a comment before blocks, between blocks and among headers', () => {
    const file = parseRecordFile('-- top\nPUT s\n-- partition-key: old\npartition-key: k\ndata\n###\n-- between\nPUT t\n');
    assert.deepEqual(file.comments.map((c) => c.start.line), [0, 2, 6]);
    assert.deepEqual(file.blocks[0].headers.map((h) => h.value), ['k']);
    assert.equal(file.blocks[0].body?.text, 'data');
  });

  it('joins CRLF bodies with \\n and gives the same ranges as LF', () => {
    const lf = parseRecordFile(SAMPLE);
    const crlf = parseRecordFile(SAMPLE.replace(/\n/g, '\r\n'));
    assert.equal(crlf.blocks.length, 2);
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(crlf.blocks[i].range, lf.blocks[i].range);
      assert.deepEqual(crlf.blocks[i].headers, lf.blocks[i].headers);
      assert.equal(crlf.blocks[i].body?.text, lf.blocks[i].body?.text);
    }
    const multi = parseRecordFile('PUT s\r\npartition-key: k\r\n{\r\n  "a": 1\r\n}\r\n');
    assert.equal(multi.blocks[0].body?.text, '{\n  "a": 1\n}');
  });

  it('records text outside blocks, separators with trailing spaces, and a PUT without a name', () => {
    const file = parseRecordFile('  stray text \nPUT\npartition-key: k\n###   \nmore stray\nPUT  spaced-name  \n');
    assert.deepEqual(file.strayLines.map(flat), [[0, 2, 0, 12], [4, 0, 4, 10]]);
    assert.deepEqual(file.separators, [3]);
    assert.equal(file.blocks[0].stream, undefined);
    assert.deepEqual(flat(file.blocks[0].putRange), [1, 0, 1, 3]);
    assert.equal(file.blocks[1].stream?.text, 'spaced-name');
    assert.deepEqual(flat(file.blocks[1].stream!.range), [5, 5, 5, 16]);
  });

  it('does not start a block at "PUTS" or "put", nor end one at "### x" or " ###"', () => {
    const file = parseRecordFile('PUTS x\nput y\nPUT s\npartition-key: k\n### x\n ###\nend\n');
    assert.equal(file.blocks.length, 1);
    assert.equal(file.strayLines.length, 2);
    assert.equal(file.blocks[0].body?.text, '### x\n ###\nend');
  });

  it('flags a PUT line inside a body (a missing ###) and keeps it as data', () => {
    const file = parseRecordFile('PUT a\npartition-key: k\nfirst\nPUT b\npartition-key: k2\nsecond\n');
    assert.equal(file.blocks.length, 1);
    assert.deepEqual(file.blocks[0].putLikeBodyLines, [3]);
    assert.equal(file.blocks[0].body?.text, 'first\nPUT b\npartition-key: k2\nsecond');
  });

  it('handles empty input, a block without headers or body, and a file ending without a line break', () => {
    assert.deepEqual(parseRecordFile('').blocks, []);
    const bare = parseRecordFile('PUT s');
    assert.equal(bare.blocks.length, 1);
    assert.equal(bare.blocks[0].body, undefined);
    assert.deepEqual(flat(bare.blocks[0].range), [0, 0, 0, 5]);
    const headersOnly = parseRecordFile('PUT s\npartition-key: k\n###');
    assert.equal(headersOnly.blocks[0].body, undefined);
    assert.deepEqual(flat(headersOnly.blocks[0].range), [0, 0, 1, 16]);
    assert.equal(headersOnly.blocks[0].endLine, 2);
  });

  it('finds the block at a line, separators and stray lines excluded', () => {
    const file = parseRecordFile(SAMPLE);
    assert.equal(blockAtLine(file, 0), undefined);
    assert.equal(blockAtLine(file, 1)?.index, 0);
    assert.equal(blockAtLine(file, 6)?.index, 0);
    assert.equal(blockAtLine(file, 7), undefined);
    assert.equal(blockAtLine(file, 10)?.index, 1);
  });

  it('caches a parse per document version', () => {
    const cache = new RecordFileCache();
    let reads = 0;
    const doc = (version: number, text: string) => ({ uri: 'file:///a.kinesis', version, getText: () => (reads++, text) });
    const first = cache.get(doc(1, SAMPLE));
    assert.equal(cache.get(doc(1, SAMPLE)), first);
    assert.equal(reads, 1);
    assert.notEqual(cache.get(doc(2, 'PUT x\n')), first);
    assert.equal(reads, 2);
  });

  it('the New Record File template parses into two blocks with no stray text', () => {
    const file = parseRecordFile(newRecordFileTemplate('orders'));
    assert.deepEqual(file.blocks.map((b) => b.stream?.text), ['orders', 'orders']);
    assert.deepEqual(file.strayLines, []);
    assert.equal(file.blocks[0].body?.text, '{ "deviceId": "device-1", "temperature": 21.5 }');
  });
});
