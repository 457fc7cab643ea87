import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { encodeBody, findJsonProblem, parseRecordFile, prepareRecords, RecordFileDiagnosticCodes } from '../../../src/core/recordFile';

const bytes = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('record file encoding', () => {
  it('text and json are the UTF-8 bytes as written (JSON is not re-serialised)', () => {
    const text = encodeBody('CPU: 10% ✓', 'text');
    assert.ok(text.ok);
    assert.equal(Buffer.from(text.bytes).toString('utf8'), 'CPU: 10% ✓');
    const json = encodeBody('{ "b": 1,   "a": 2 }', 'json');
    assert.ok(json.ok);
    assert.equal(Buffer.from(json.bytes).toString('utf8'), '{ "b": 1,   "a": 2 }');
  });

  it('"test" in text stays "test" (never guessed to be base64)', () => {
    const result = encodeBody('test', 'text');
    assert.ok(result.ok);
    assert.equal(bytes(result.bytes), Buffer.from('test').toString('hex'));
  });

  it('base64 and hex decode, ignoring white space and line breaks', () => {
    const b64 = encodeBody('AAEC\n/w==', 'base64');
    assert.ok(b64.ok);
    assert.equal(bytes(b64.bytes), '000102ff');
    const hex = encodeBody('00 01\n02 FF', 'hex');
    assert.ok(hex.ok);
    assert.equal(bytes(hex.bytes), '000102ff');
  });

  it('rejects bad base64 and hex with the rule', () => {
    const b64 = encodeBody('abc', 'base64');
    assert.ok(!b64.ok);
    assert.match(b64.message, /groups of 4/);
    const hex = encodeBody('0g', 'hex');
    assert.ok(!hex.ok);
  });

  it('finds JSON errors with their offset, agreeing with JSON.parse on what is valid', () => {
    const valid = ['{}', '[]', '0', '-0.5e-3', '"a\\"b\\u0041"', 'true', 'null', ' {"a":[{"b":false}]} ', '"é😀"'];
    for (const text of valid) {
      assert.doesNotThrow(() => JSON.parse(text));
      assert.equal(findJsonProblem(text), undefined, text);
    }
    const invalid: [string, number, RegExp][] = [
      ['{"a":}', 5, /unexpected "}"/],
      ['{"a" 1}', 5, /expected ":"/],
      ['{a:1}', 1, /property name in double quotes/],
      ['[1,]', 3, /trailing comma/],
      ['{"a":1}x', 7, /after the JSON value/],
      ['', 0, /end of the data/],
      ['"abc', 4, /unterminated string/],
      ['"a\tb"', 2, /control character/],
      ['"\\x"', 1, /invalid escape/],
      ['01', 1, /after the JSON value/],
      ['-', 0, /unexpected "-"/],
      ['{"a":1', 6, /expected "," or "}"/],
      ['tru', 0, /unexpected "t"/],
    ];
    for (const [text, offset, message] of invalid) {
      assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse accepts ${text}`);
      const problem = findJsonProblem(text);
      assert.ok(problem, `no problem found in ${text}`);
      assert.equal(problem.offset, offset, text);
      assert.match(problem.message, message, text);
    }
  });
});

describe('preparing records to send', () => {
  const text = [
    'PUT a', 'partition-key: k1', 'encoding: hex', 'cafe', '###',
    'PUT b', 'partition-key: k2', 'region: eu-west-1', 'explicit-hash-key: 42', 'hello', '###',
  ].join('\n');

  it('encodes every block with its region (header, else the default)', () => {
    const result = prepareRecords(parseRecordFile(text), { defaultRegion: 'us-east-1' });
    assert.ok(result.ok);
    assert.deepEqual(result.records.map((r) => ({ ...r, data: bytes(r.data) })), [
      { blockIndex: 0, line: 0, region: 'us-east-1', stream: 'a', partitionKey: 'k1', explicitHashKey: undefined, data: 'cafe' },
      { blockIndex: 1, line: 5, region: 'eu-west-1', stream: 'b', partitionKey: 'k2', explicitHashKey: '42', data: Buffer.from('hello').toString('hex') },
    ]);
  });

  it('returns every problem of every block and no records when one block is invalid', () => {
    const broken = text + '\nPUT c\nencoding: json\n{oops\n';
    const result = prepareRecords(parseRecordFile(broken), { defaultRegion: 'us-east-1' });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => [p.code, p.range.start.line]), [
      [RecordFileDiagnosticCodes.missingPartitionKey, 11],
      [RecordFileDiagnosticCodes.invalidJson, 13],
    ]);
  });

  it('needs a region for blocks without a region header when none is selected', () => {
    const result = prepareRecords(parseRecordFile(text), {});
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => [p.code, p.range.start.line]), [[RecordFileDiagnosticCodes.missingRegion, 0]]);
  });

  it('prepares only the requested blocks, ignoring errors elsewhere', () => {
    const file = parseRecordFile(text + '\nPUT\n');
    const result = prepareRecords(file, { defaultRegion: 'us-east-1' }, [file.blocks[1]]);
    assert.ok(result.ok);
    assert.deepEqual(result.records.map((r) => r.stream), ['b']);
  });
});
