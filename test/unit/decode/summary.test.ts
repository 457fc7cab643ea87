/**
 * summarizeRecord: the tail table's one-pass summary. It must agree with decodeRecord on what a
 * record is, while building no base64/hex/pretty views.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeRecord, summarizeRecord } from '../../../src/core/decode/decoders';
import { aggregate, deaggregate } from '../../../src/core/decode/kpl';
import { md5 } from '../../../src/core/analysis/md5';

const text = (value: string) => new TextEncoder().encode(value);

describe('summarizeRecord', () => {
  it('summarizes JSON with its parsed value and the text as sent', () => {
    const summary = summarizeRecord(text('{"device":"d1","cpu":[10,20]}'));
    assert.deepEqual(summary, {
      kind: 'json',
      byteLength: 29,
      preview: '{"device":"d1","cpu":[10,20]}',
      jsonValue: { device: 'd1', cpu: [10, 20] },
      text: '{"device":"d1","cpu":[10,20]}',
    });
    assert.equal(summarizeRecord(text('{"a":1}'), { parseJson: false }).jsonValue, undefined);
    assert.equal(summarizeRecord(text('{"a":1}'), { parseJson: false }).kind, 'json');
  });

  it('keeps plain text (and "test") as text, never guessing base64', () => {
    assert.deepEqual(summarizeRecord(text('test')), { kind: 'text', byteLength: 4, preview: 'test', text: 'test' });
    assert.equal(summarizeRecord(text('{"broken":')).kind, 'text');
    assert.equal(summarizeRecord(text('12 apples')).kind, 'text');
  });

  it('makes a one-line preview cut at maxPreviewChars', () => {
    const summary = summarizeRecord(text('line one\nline\ttwo\r\n' + 'x'.repeat(300)), { maxPreviewChars: 20 });
    assert.equal(summary.preview, 'line one line two  x…');
    assert.equal(summary.text?.startsWith('line one\n'), true, 'the full text is kept as is');
    assert.equal(summarizeRecord(text('y'.repeat(500))).preview.length, 201);
  });

  it('shows binary bytes as a hex preview', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => i);
    const summary = summarizeRecord(bytes);
    assert.equal(summary.kind, 'binary');
    assert.equal(summary.preview, `${Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(' ')} …`);
    assert.equal(summary.text, undefined);
    assert.equal(summarizeRecord(Uint8Array.from([0xff, 0xfe, 0x41])).kind, 'binary', 'invalid UTF-8');
  });

  it('inflates gzip and reports what is inside', () => {
    const json = summarizeRecord(gzipSync('{"a":1}'));
    assert.equal(json.kind, 'gzip');
    assert.equal(json.inner, 'json');
    assert.deepEqual(json.jsonValue, { a: 1 });
    assert.equal(json.preview, '{"a":1}');
    const plain = summarizeRecord(gzipSync('hello'));
    assert.deepEqual([plain.kind, plain.inner, plain.preview], ['gzip', 'text', 'hello']);
    const corrupt = gzipSync('hello world, hello world');
    corrupt[corrupt.length - 5] ^= 0xff; // CRC/size trailer broken
    const fallback = summarizeRecord(corrupt);
    assert.equal(fallback.kind, 'binary');
    assert.match(fallback.fallbackReason ?? '', /cannot inflate/);
    const noInflater = summarizeRecord(gzipSync('x'), { gunzip: () => { throw new Error('nope'); } });
    assert.match(noInflater.fallbackReason ?? '', /nope/);
  });

  it('refuses to inflate past maxInflatedBytes', () => {
    const summary = summarizeRecord(gzipSync('a'.repeat(10_000)), { maxInflatedBytes: 100 });
    assert.notEqual(summary.kind, 'gzip');
    assert.ok(summary.fallbackReason);
  });

  it('splits KPL aggregates into summarized user records with partition keys', () => {
    const bytes = aggregate([
      { partitionKey: 'a', data: text('{"n":1}') },
      { partitionKey: 'b', explicitHashKey: '42', data: gzipSync('{"n":2}') },
      { partitionKey: 'a', data: text('plain') },
    ]);
    const summary = summarizeRecord(bytes);
    assert.equal(summary.kind, 'kpl');
    assert.equal(summary.byteLength, bytes.length);
    assert.deepEqual(summary.userRecords?.map((r) => [r.partitionKey, r.explicitHashKey, r.summary.kind, r.summary.jsonValue ?? r.summary.preview]), [
      ['a', undefined, 'json', { n: 1 }],
      ['b', '42', 'gzip', { n: 2 }],
      ['a', undefined, 'text', 'plain'],
    ]);
    assert.equal(summary.preview, '{"n":1} | {"n":2} | plain');
  });

  it('falls back to the raw bytes when the KPL MD5 does not match, and agrees with decodeRecord', () => {
    const bytes = aggregate([{ partitionKey: 'a', data: text('x') }]);
    bytes[bytes.length - 1] ^= 1;
    const summary = summarizeRecord(bytes);
    assert.equal(summary.kind, 'binary');
    assert.match(summary.fallbackReason ?? '', /MD5 mismatch/);
    assert.notEqual(decodeRecord(bytes).primary.kind, 'kpl');
  });

  it('deaggregates to copies by default and to views with copyData: false', () => {
    const bytes = aggregate([{ partitionKey: 'a', data: text('abc') }]);
    const copied = deaggregate(bytes);
    const viewed = deaggregate(bytes, { copyData: false });
    assert.ok(copied.ok && viewed.ok);
    assert.notEqual(copied.records[0].data.buffer, bytes.buffer);
    assert.equal(viewed.records[0].data.buffer, bytes.buffer);
    assert.deepEqual([...viewed.records[0].data], [...copied.records[0].data]);
  });

  it('checks the KPL digest with the same MD5 as the portable implementation', () => {
    // The Node fast path (node:crypto) and the portable md5 must accept exactly the same bytes.
    const users = Array.from({ length: 50 }, (_, i) => ({ partitionKey: `k${i}`, data: text(`{"i":${i}}`) }));
    const bytes = aggregate(users);
    const message = bytes.subarray(4, bytes.length - 16);
    assert.deepEqual([...md5(message)], [...bytes.subarray(bytes.length - 16)]);
    assert.equal(summarizeRecord(bytes).userRecords?.length, 50);
  });

  it('classifies samples as decodeRecord does (gzip of binary stays gzip, with a binary inner)', () => {
    const samples = [text('{"a":[1,2]}'), text('hello'), text(''), Uint8Array.from([0, 1, 2]), gzipSync('{"z":true}'), gzipSync(Uint8Array.from([0, 1])), aggregate([{ partitionKey: 'p', data: text('1') }])];
    const expected = ['json', 'text', 'text', 'binary', 'gzip', 'gzip', 'kpl'];
    assert.deepEqual(samples.map((s) => summarizeRecord(s).kind), expected);
    assert.equal(summarizeRecord(samples[5]).inner, 'binary');
    assert.equal(summarizeRecord(samples[5]).preview, '00 01');
    const primary = samples.map((s) => decodeRecord(s).primary.kind);
    assert.deepEqual(primary, ['json', 'text', 'text', 'hex', 'gzip', 'hex', 'kpl']);
  });
});
