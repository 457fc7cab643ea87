import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../../src/core/bulkPut/lineSplitter';
import { openDataFile, parseFieldPath, readRecords, sniffFormat, validateFieldPath, type RecordSourceOptions, type SourceRecord } from '../../../src/core/bulkPut/recordSource';
import { formatResendLine } from '../../../src/core/bulkPut/resendFormat';
import { collect } from './helpers';

const FIXED: RecordSourceOptions['partitionKey'] = { kind: 'fixed', value: 'k' };

/** Reads `text` (optionally cut into chunks of `chunkSize` bytes) and returns compact records. */
async function read(text: string | Buffer, options: Partial<RecordSourceOptions> & Pick<RecordSourceOptions, 'format'>, chunkSize?: number) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks: Buffer[] = [];
  if (chunkSize) for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  else chunks.push(bytes);
  const records = await collect(readRecords(chunks, { partitionKey: FIXED, ...options }));
  return records.map(compact);
}

function compact(r: SourceRecord) {
  return { index: r.index, line: r.line, key: r.partitionKey, data: r.data?.toString('utf8'), kind: r.dataKind, error: r.error };
}

describe('LineSplitter', () => {
  it('splits LF and CRLF, including a CR and LF in different chunks, and a last line without newline', () => {
    const doc = Buffer.from('a\r\nbb\n\r\nccc\r\n\nlast');
    for (let cut = 0; cut <= doc.length; cut++) {
      const splitter = new LineSplitter(100);
      const lines = [...splitter.push(doc.subarray(0, cut)), ...splitter.push(doc.subarray(cut)), ...splitter.end()];
      assert.deepEqual(lines.map((l) => [l.bytes?.toString(), l.line]), [['a', 1], ['bb', 2], ['', 3], ['ccc', 4], ['', 5], ['last', 6]], `cut at ${cut}`);
    }
  });

  it('reports an over-long line by size without keeping it', () => {
    const splitter = new LineSplitter(4);
    const lines = [...splitter.push(Buffer.from('abc\nabcdefgh')), ...splitter.push(Buffer.from('ij\r\nok\n')), ...splitter.end()];
    assert.deepEqual(lines.map((l) => [l.bytes?.toString(), l.byteLength, l.line]), [['abc', 3, 1], [undefined, 10, 2], ['ok', 2, 3]]);
  });
});

describe('readRecords: NDJSON', () => {
  it('skips blank lines, handles CRLF and a BOM split across chunks, keeps line numbers and stable indexes', async () => {
    const doc = '\uFEFF{"a":1}\r\n\r\n   \n{"a":2}  \r\n\t{"a":3}';
    for (const chunkSize of [undefined, 1, 2, 3, 5]) {
      assert.deepEqual(await read(doc, { format: 'ndjson' }, chunkSize), [
        { index: 0, line: 1, key: 'k', data: '{"a":1}', kind: 'json', error: undefined },
        { index: 1, line: 4, key: 'k', data: '{"a":2}', kind: 'json', error: undefined },
        { index: 2, line: 5, key: 'k', data: '{"a":3}', kind: 'json', error: undefined },
      ], `chunk size ${chunkSize}`);
    }
  });

  it('keeps the original JSON text byte for byte (no re-serialisation)', async () => {
    const line = '{"n": 1.50, "big": 12345678901234567890, "s": "é\\u00e9"}';
    const [record] = await read(line, { format: 'ndjson' });
    assert.equal(record.data, line);
  });

  it('reports invalid JSON as a per-record error without echoing the data, and continues', async () => {
    const records = await read('{"a":1}\nnot json {\n{"a":3}\n', { format: 'ndjson' });
    assert.deepEqual(records.map((r) => [r.index, r.line, r.error, r.kind]), [[0, 1, undefined, 'json'], [1, 2, 'Line is not valid JSON.', 'text'], [2, 3, undefined, 'json']]);
    assert.equal(records[1].data, 'not json {');
  });
});

describe('readRecords: partition keys', () => {
  it('reads a field path; numbers and booleans become text', async () => {
    const doc = [
      '{"user":{"id":"u1"}}',
      '{"user":{"id":42}}',
      '{"user":{"id":true}}',
      '{"items":[{"sku":"s-1"}],"user":{"id":"u4"}}',
    ].join('\n');
    assert.deepEqual((await read(doc, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } })).map((r) => r.key), ['u1', '42', 'true', 'u4']);
    const [first] = await read('{"items":[{"sku":"s-1"}]}', { format: 'ndjson', partitionKey: { kind: 'field', path: 'items[0].sku' } });
    assert.equal(first.key, 's-1');
  });

  it('reports a missing, null, object or out-of-range key field per record', async () => {
    const long = 'x'.repeat(257);
    const doc = [
      '{"user":{}}',
      '{"user":null}',
      '{"user":{"id":null}}',
      '{"user":{"id":{"x":1}}}',
      '{"user":{"id":""}}',
      `{"user":{"id":"${long}"}}`,
      '"just a string"',
      '{"user":{"id":"ok"}}',
    ].join('\n');
    const records = await read(doc, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } });
    assert.deepEqual(records.map((r) => r.error), [
      'The record has no field "user.id" for the partition key.',
      'The record has no field "user.id" for the partition key.',
      'Field "user.id" is null; a partition key needs text, a number or a boolean.',
      'Field "user.id" is an object; a partition key needs text, a number or a boolean.',
      'Partition key must be 1–256 characters (got 0) (from field "user.id").',
      'Partition key must be 1–256 characters (got 257) (from field "user.id").',
      'The record has no field "user.id" for the partition key.',
      undefined,
    ]);
    // The data is kept so the failed record can be written for re-sending; the reasons never quote it.
    assert.ok(records.every((r) => r.data !== undefined));
    assert.ok(records.every((r) => !r.error?.includes(long)));
  });

  it('uses a fixed key, or a random key per record', async () => {
    let n = 0;
    const random = await read('a\nb\nc', { format: 'lines', partitionKey: { kind: 'random' }, randomKey: () => `r${n++}` });
    assert.deepEqual(random.map((r) => r.key), ['r0', 'r1', 'r2']);
    const uuids = await read('a\nb', { format: 'lines', partitionKey: { kind: 'random' } });
    assert.match(uuids[0].key!, /^[0-9a-f-]{36}$/);
    assert.notEqual(uuids[0].key, uuids[1].key);
  });

  it('refuses impossible options at once', () => {
    assert.throws(() => readRecords([], { format: 'lines', partitionKey: { kind: 'field', path: 'a' } }), /needs JSON records/);
    assert.throws(() => readRecords([], { format: 'ndjson', partitionKey: { kind: 'field', path: 'a..b' } }), /not a field path/);
    assert.throws(() => readRecords([], { format: 'ndjson', partitionKey: { kind: 'fixed', value: '' } }), /1–256 characters/);
  });

  it('parses field paths', () => {
    assert.deepEqual(parseFieldPath('user.id'), ['user', 'id']);
    assert.deepEqual(parseFieldPath('items[0].sku'), ['items', 0, 'sku']);
    assert.deepEqual(parseFieldPath('a.0.b[2][3]'), ['a', 0, 'b', 2, 3]);
    assert.equal(parseFieldPath(''), undefined);
    assert.equal(parseFieldPath('a.'), undefined);
    assert.equal(parseFieldPath('a[x]'), undefined);
    assert.equal(validateFieldPath('user.id'), undefined);
    assert.match(validateFieldPath('user..id')!, /names separated by dots/);
  });
});

describe('readRecords: size limits', () => {
  it('reports a record over the data limit without keeping it, counting the trimmed data exactly', async () => {
    const ok = `{"s":"${'x'.repeat(92)}"}`; // exactly 100 bytes
    const tooBig = `{"s":"${'x'.repeat(93)}"}`; // 101 bytes
    assert.equal(Buffer.byteLength(ok), 100);
    const records = await read(`  ${ok}  \n${tooBig}\n{"s":"${'y'.repeat(200_000)}"}\n{}`, { format: 'ndjson', maxRecordBytes: 100 }, 4096);
    assert.deepEqual(records.map((r) => [r.index, r.error === undefined, r.data?.length]), [[0, true, 100], [1, false, undefined], [2, false, undefined], [3, true, 2]]);
    assert.match(records[1].error!, /101 bytes or more; the limit is 100 bytes/);
  });
});

describe('readRecords: JSON array', () => {
  it('streams elements with their raw text and start line', async () => {
    const doc = '[\n  {"id": 1,\n   "v": [1, 2]},\n  {"id": 2}, "x", 3\n]\n';
    for (const chunkSize of [undefined, 1, 7]) {
      const records = await read(doc, { format: 'json-array', partitionKey: { kind: 'field', path: 'id' } }, chunkSize);
      assert.deepEqual(records.map((r) => [r.index, r.line, r.key, r.data, r.error === undefined]), [
        [0, 2, '1', '{"id": 1,\n   "v": [1, 2]}', true],
        [1, 4, '2', '{"id": 2}', true],
        [2, 4, undefined, '"x"', false],
        [3, 4, undefined, '3', false],
      ]);
    }
  });

  it('reports an invalid element per record, and a broken array as an error of the source', async () => {
    const records = await read('[{"a":1}, {a:2}, tru]', { format: 'json-array' });
    assert.deepEqual(records.map((r) => r.error), [undefined, 'Element is not valid JSON.', 'Element is not valid JSON.']);
    await assert.rejects(read('[{"a":1}, {"a":2}', { format: 'json-array' }), /ended before the array was closed/);
    await assert.rejects(read('{"a":1}\n{"a":2}', { format: 'json-array' }), /Choose NDJSON/);
  });
});

describe('readRecords: plain lines', () => {
  it('sends each non-empty line as UTF-8 text, keeping spaces, dropping CR', async () => {
    const records = await read('hello\r\n\r\n  spaced  \nünï [', { format: 'lines' });
    assert.deepEqual(records.map((r) => [r.index, r.line, r.data, r.kind]), [[0, 1, 'hello', 'text'], [1, 3, '  spaced  ', 'text'], [2, 4, 'ünï [', 'text']]);
  });
});

describe('resend lines', () => {
  it('round-trip key and data bytes exactly, for JSON, text, multi-line JSON and key-less records', async () => {
    const failed = [
      { index: 0, line: 1, partitionKey: 'p-1', reason: 'Throttled', raw: '{"n": 1.50, "big": 12345678901234567890}', dataKind: 'json' as const },
      { index: 1, line: 2, partitionKey: 'p "2"', reason: 'x', raw: 'plain text with "quotes"', dataKind: 'text' as const },
      { index: 2, line: 3, partitionKey: 'p3', reason: 'x', raw: '{\n  "pretty": true\n}', dataKind: 'json' as const },
      { index: 3, line: 4, reason: 'no key', raw: '{"user":{"id":"u9"}}', dataKind: 'json' as const },
    ];
    const file = failed.map(formatResendLine).join('\n') + '\n';
    assert.equal(file.split('\n').length, 5, 'one line per record');
    for (const format of ['ndjson', 'lines'] as const) {
      const records = await read(file, { format, partitionKey: { kind: 'fixed', value: 'fallback' } });
      assert.deepEqual(records.map((r) => [r.key, r.data, r.error]), [
        ['p-1', '{"n": 1.50, "big": 12345678901234567890}', undefined],
        ['p "2"', 'plain text with "quotes"', undefined],
        ['p3', '{\n  "pretty": true\n}', undefined],
        ['fallback', '{"user":{"id":"u9"}}', undefined],
      ], format);
    }
    // A key-less record takes its key from the data when a field path is chosen for the re-send.
    const [, , , keyless] = await read(file, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } });
    assert.equal(keyless.key, 'u9');
  });

  it('reports a resend line whose data was not kept', async () => {
    const line = formatResendLine({ index: 0, line: 1, partitionKey: 'k', reason: 'too big', dataKind: 'json' });
    const [record] = await read(line, { format: 'ndjson' });
    assert.match(record.error!, /too large to keep/);
  });
});

describe('openDataFile and sniffFormat', () => {
  it('streams a file and counts bytes read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'records-'));
    try {
      const file = path.join(dir, 'in.ndjson');
      const text = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100) })).join('\n');
      writeFileSync(file, text);
      const source = openDataFile(file, { format: 'ndjson', partitionKey: { kind: 'field', path: 'i' } });
      const records = await collect(source);
      assert.equal(records.length, 5000);
      assert.equal(records[4999].partitionKey, '4999');
      assert.equal(source.bytesRead, Buffer.byteLength(text));
      await assert.rejects(collect(source), /only once/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a Node Readable', async () => {
    const records = await collect(readRecords(Readable.from(['a\nb', '\nc\n']), { format: 'lines', partitionKey: FIXED }));
    assert.deepEqual(records.map((r) => r.data?.toString()), ['a', 'b', 'c']);
  });

  it('guesses the format', () => {
    assert.equal(sniffFormat('[{"a":1}]'), 'json-array');
    assert.equal(sniffFormat('\uFEFF  [\n'), 'json-array');
    assert.equal(sniffFormat('{"a":1}\n{"a":2}'), 'ndjson');
    assert.equal(sniffFormat('[1]\n[2]', 'x.jsonl'), 'ndjson');
    assert.equal(sniffFormat('hello world\n'), 'lines');
    assert.equal(sniffFormat('{not json}\nmore'), 'lines');
    assert.equal(sniffFormat(formatResendLine({ index: 0, line: 1, reason: 'r', raw: 'x', dataKind: 'text' })), 'ndjson');
  });
});
