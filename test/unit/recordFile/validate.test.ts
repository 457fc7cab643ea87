import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  parseRecordFile,
  RecordFileDiagnosticCodes as Codes,
  validateRecordFile,
  type RecordFileDiagnostic,
  type RecordFileValidationContext,
} from '../../../src/core/recordFile';

type Flat = [code: string, severity: string, startLine: number, startCharacter: number, endLine: number, endCharacter: number];

function diagnose(text: string, context: RecordFileValidationContext = {}): RecordFileDiagnostic[] {
  return validateRecordFile(parseRecordFile(text), context);
}

function flat(diagnostics: readonly RecordFileDiagnostic[]): Flat[] {
  return diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

const streams = (names: Record<string, string[]>): RecordFileValidationContext['streamsIn'] =>
  (region) => (names[region] ? new Set(names[region]) : undefined);

describe('record file validation', () => {
  it('a valid file has no diagnostics, in every encoding', () => {
    const text = [
      'PUT s', 'partition-key: k', 'encoding: json', '{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', '###',
      'PUT s', 'partition-key: k', 'text body', '###',
      'PUT s', 'partition-key: k', 'encoding: base64', 'dGVzdA==', '###',
      'PUT s', 'partition-key: k', 'encoding: HEX', 'de ad\nbe ef', '###',
      'PUT s', 'partition-key: k', 'region: us-gov-west-1', 'explicit-hash-key: 340282366920938463463374607431768211455', 'x',
    ].join('\n');
    assert.deepEqual(flat(diagnose(text, { defaultRegion: 'us-east-1', streamsIn: streams({ 'us-east-1': ['s'], 'us-gov-west-1': ['s'] }) })), []);
  });

  it('PUT without a stream name: missingStream on the keyword', () => {
    assert.deepEqual(flat(diagnose('PUT\npartition-key: k\ndata\n')), [[Codes.missingStream, 'error', 0, 0, 0, 3]]);
  });

  it('invalid stream name: on the name, with the rule', () => {
    const d = diagnose('PUT bad name!\npartition-key: k\ndata\n');
    assert.deepEqual(flat(d), [[Codes.invalidStreamName, 'error', 0, 4, 0, 13]]);
    assert.match(d[0].message, /1–128 characters/);
  });

  it('unknown stream: a warning on the name, only when the region\'s list is known', () => {
    const text = 'PUT nope\npartition-key: k\ndata\n###\nPUT elsewhere\nregion: eu-west-1\npartition-key: k\ndata\n';
    const known = { defaultRegion: 'us-east-1', streamsIn: streams({ 'us-east-1': ['s'], 'eu-west-1': ['elsewhere'] }) };
    const d = diagnose(text, known);
    assert.deepEqual(flat(d), [[Codes.unknownStream, 'warning', 0, 4, 0, 8]]);
    assert.match(d[0].message, /no stream "nope" in us-east-1/);
    assert.deepEqual(flat(diagnose(text, { defaultRegion: 'us-east-1', streamsIn: streams({}) })), [], 'no list (listing failed): no diagnostic');
    assert.deepEqual(flat(diagnose(text, { streamsIn: streams({ 'us-east-1': [] , 'eu-west-1': [] }) })).map((f) => f[2]), [4], 'no default region: only blocks with region: are checked');
  });

  it('missing partition key: on the PUT line', () => {
    assert.deepEqual(flat(diagnose('PUT my-stream\nencoding: text\ndata\n')), [[Codes.missingPartitionKey, 'error', 0, 0, 0, 13]]);
  });

  it('invalid partition key: empty (on the name) or longer than 256 characters (on the value)', () => {
    assert.deepEqual(flat(diagnose('PUT s\npartition-key:\ndata\n')), [[Codes.invalidPartitionKey, 'error', 1, 0, 1, 13]]);
    const long = 'k'.repeat(257);
    const d = diagnose(`PUT s\npartition-key: ${long}\ndata\n`);
    assert.deepEqual(flat(d), [[Codes.invalidPartitionKey, 'error', 1, 15, 1, 15 + 257]]);
    assert.match(d[0].message, /got 257/);
  });

  it('unknown header: on its name, saying how to write data that looks like a header', () => {
    const d = diagnose('PUT s\npartition-key: k\nCPU: 10%\n');
    assert.deepEqual(flat(d), [[Codes.unknownHeader, 'error', 2, 0, 2, 3], [Codes.emptyBody, 'error', 0, 0, 0, 5]]);
    assert.match(d[0].message, /blank line above it/);
  });

  it('duplicate header: on the second one', () => {
    assert.deepEqual(flat(diagnose('PUT s\npartition-key: a\npartition-key: b\ndata\n')), [[Codes.duplicateHeader, 'error', 2, 0, 2, 16]]);
  });

  it('invalid encoding: on the value; the body is not checked against an unknown encoding', () => {
    const d = diagnose('PUT s\npartition-key: k\nencoding: utf16\n{not json\n');
    assert.deepEqual(flat(d), [[Codes.invalidEncoding, 'error', 2, 10, 2, 15]]);
    assert.match(d[0].message, /text, json, base64, hex/);
  });

  it('invalid region: on the value', () => {
    assert.deepEqual(flat(diagnose('PUT s\nregion: Europe\npartition-key: k\ndata\n')), [[Codes.invalidRegion, 'error', 1, 8, 1, 14]]);
    assert.deepEqual(flat(diagnose('PUT s\nregion:\npartition-key: k\ndata\n')), [[Codes.invalidRegion, 'error', 1, 0, 1, 6]]);
  });

  it('invalid explicit hash key: on the value (sign, leading zero, above 2^128-1)', () => {
    for (const value of ['-1', '0123', '340282366920938463463374607431768211456', 'abc']) {
      assert.deepEqual(flat(diagnose(`PUT s\npartition-key: k\nexplicit-hash-key: ${value}\ndata\n`)),
        [[Codes.invalidExplicitHashKey, 'error', 2, 19, 2, 19 + value.length]], value);
    }
  });

  it('empty body: on the PUT line; data that decodes to 0 bytes: on the body', () => {
    assert.deepEqual(flat(diagnose('PUT s\npartition-key: k\n\n\n###\n')), [[Codes.emptyBody, 'error', 0, 0, 0, 5]]);
    assert.deepEqual(flat(diagnose('PUT s\npartition-key: k\nencoding: hex\n   \n')), [[Codes.emptyBody, 'error', 0, 0, 0, 5]]);
  });

  it('invalid JSON: on the whole body, the message names the document line and column', () => {
    const d = diagnose('PUT s\npartition-key: k\nencoding: json\n{\n  "a": 1,\n  "b" 2\n}\n###\n');
    assert.deepEqual(flat(d), [[Codes.invalidJson, 'error', 3, 0, 6, 1]]);
    assert.match(d[0].message, /expected ":" after the property name but found "2" \(line 6, column 7\)/);
    const trailing = diagnose('PUT s\npartition-key: k\nencoding: json\n[1,]\n');
    assert.match(trailing[0].message, /trailing comma.*\(line 4, column 4\)/);
  });

  it('invalid base64 and hex: on the body', () => {
    assert.deepEqual(flat(diagnose('PUT s\npartition-key: k\nencoding: base64\nnot base64!\n')), [[Codes.invalidBase64, 'error', 3, 0, 3, 11]]);
    const odd = diagnose('PUT s\npartition-key: k\nencoding: hex\nabc\n');
    assert.deepEqual(flat(odd), [[Codes.invalidHex, 'error', 3, 0, 3, 3]]);
    assert.match(odd[0].message, /odd number of digits/);
    assert.match(diagnose('PUT s\npartition-key: k\nencoding: hex\nzz\n')[0].message, /only 0–9 and a–f/);
  });

  it('record size: a warning over the 1 MiB default, an error over the 10 MiB maximum, on the body', () => {
    const key = 'k'.repeat(10);
    const exact = 'x'.repeat(1024 * 1024 - 10);
    assert.deepEqual(flat(diagnose(`PUT s\npartition-key: ${key}\n${exact}\n`)), [], 'exactly 1 MiB with the key fits');
    const d = diagnose(`PUT s\npartition-key: ${key}\n${exact}x\n`);
    assert.deepEqual(flat(d), [[Codes.recordAboveDefaultSize, 'warning', 2, 0, 2, exact.length + 1]]);
    assert.match(d[0].message, /1,048,577 bytes .*only a stream whose maximum was raised/);
    const huge = 'x'.repeat(10 * 1024 * 1024 - 10);
    assert.deepEqual(flat(diagnose(`PUT s\npartition-key: ${key}\n${huge}\n`)).map((f) => f.slice(0, 2)), [[Codes.recordAboveDefaultSize, 'warning']], 'exactly 10 MiB is allowed by raised streams');
    const over = diagnose(`PUT s\npartition-key: ${key}\n${huge}x\n`);
    assert.deepEqual(flat(over).map((f) => f.slice(0, 2)), [[Codes.recordTooLarge, 'error']]);
    assert.match(over[0].message, /10,485,761 bytes \(data \+ partition key\); the limit is 10,485,760 bytes \(10 MiB\)/);
    assert.deepEqual(flat(diagnose('PUT s\npartition-key: k\nabc\n', { maxRecordBytes: 3 })).map((f) => f[0]), [Codes.recordTooLarge]);
  });

  it('text outside a block and a PUT inside a body (missing ###)', () => {
    const d = diagnose('hello\nPUT a\npartition-key: k\nfirst\nPUT b\n');
    assert.deepEqual(flat(d), [[Codes.textOutsideBlock, 'error', 0, 0, 0, 5], [Codes.missingSeparator, 'warning', 4, 0, 4, 5]]);
  });

  it('every diagnostic carries its block index, and every code is covered above', () => {
    const d = diagnose('PUT\n###\nPUT s\n');
    assert.deepEqual(d.map((x) => x.blockIndex), [0, 0, 0, 1, 1]);
    const covered = new Set<string>([
      Codes.missingStream, Codes.invalidStreamName, Codes.unknownStream, Codes.missingPartitionKey, Codes.invalidPartitionKey,
      Codes.unknownHeader, Codes.duplicateHeader, Codes.invalidEncoding, Codes.invalidRegion, Codes.invalidExplicitHashKey,
      Codes.emptyBody, Codes.invalidJson, Codes.invalidBase64, Codes.invalidHex, Codes.recordTooLarge, Codes.recordAboveDefaultSize, Codes.textOutsideBlock,
      Codes.missingSeparator, Codes.missingRegion,
    ]);
    assert.deepEqual(Object.values(Codes).filter((c) => !covered.has(c)), []);
  });
});
