import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeRecord, toBase64, type DecodedRecord, type DecodedView, type DecodedViewKind } from '../../../src/core/decode/decoders';
import { aggregate } from '../../../src/core/decode/kpl';

const text = (value: string) => new TextEncoder().encode(value);
const kinds = (decoded: DecodedRecord) => decoded.views.map((view) => view.kind);

function view<K extends DecodedViewKind>(decoded: DecodedRecord, kind: K): Extract<DecodedView, { kind: K }> {
  const found = decoded.views.find((v) => v.kind === kind);
  assert.ok(found, `no ${kind} view in ${kinds(decoded).join(', ')}`);
  return found as Extract<DecodedView, { kind: K }>;
}

describe('decodeRecord', () => {
  it('keeps "test" as text: base64 is never guessed', () => {
    const decoded = decodeRecord(text('test'));
    assert.deepEqual(decoded.primary, { kind: 'text', text: 'test' });
    assert.deepEqual(kinds(decoded), ['text', 'base64', 'hex']);
    // base64 is the bytes encoded for display, not "test" decoded.
    assert.equal(view(decoded, 'base64').text, 'dGVzdA==');
    assert.equal(view(decoded, 'hex').text, '74 65 73 74');
  });

  it('pretty-prints JSON', () => {
    const decoded = decodeRecord(text('{"device":"d1","cpu":[10,20]}'));
    assert.equal(decoded.primary.kind, 'json');
    assert.deepEqual(view(decoded, 'json').value, { device: 'd1', cpu: [10, 20] });
    assert.equal(view(decoded, 'json').text, '{\n  "device": "d1",\n  "cpu": [\n    10,\n    20\n  ]\n}');
    assert.equal(view(decoded, 'text').text, '{"device":"d1","cpu":[10,20]}');
    assert.equal(decodeRecord(text('{"broken":')).primary.kind, 'text');
  });

  it('decodes gzip JSON to pretty JSON with the default (node:zlib) inflater', () => {
    const decoded = decodeRecord(gzipSync('{"a":1}'));
    assert.equal(decoded.primary.kind, 'gzip');
    const gzip = view(decoded, 'gzip');
    assert.ok(gzip.ok);
    assert.equal(gzip.inner.primary.kind, 'json');
    assert.equal(gzip.inner.primary.kind === 'json' ? gzip.inner.primary.text : '', '{\n  "a": 1\n}');
    assert.equal(gzip.inner.byteLength, 7);
  });

  it('uses an injected inflater, as the webview will', () => {
    let calls = 0;
    const decoded = decodeRecord(gzipSync('plain words'), {
      gunzip: (bytes) => {
        calls++;
        return gunzipSync(bytes);
      },
    });
    assert.equal(calls, 1);
    const gzip = view(decoded, 'gzip');
    assert.ok(gzip.ok);
    assert.deepEqual(gzip.inner.primary, { kind: 'text', text: 'plain words' });
    assert.equal(decoded.primary, gzip);
  });

  it('falls back to hex when gzip is corrupt, too large or binary inside', () => {
    const corrupt = decodeRecord(Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    const gzip = view(corrupt, 'gzip');
    assert.equal(gzip.ok, false);
    assert.match(gzip.ok ? '' : gzip.reason, /cannot inflate/);
    assert.equal(corrupt.primary.kind, 'hex');

    const reason = (decoded: DecodedRecord) => {
      const gzipView = view(decoded, 'gzip');
      return gzipView.ok ? '' : gzipView.reason;
    };
    // node:zlib stops at the limit itself; an injected inflater is checked afterwards.
    assert.match(reason(decodeRecord(gzipSync('y'.repeat(10_000)), { maxInflatedBytes: 1000 })), /cannot inflate/);
    const injectedBomb = decodeRecord(gzipSync('x'.repeat(5000)), { gunzip: gunzipSync, maxInflatedBytes: 1000 });
    assert.equal(reason(injectedBomb), 'inflates to more than 1000 bytes');
    assert.equal(injectedBomb.primary.kind, 'hex');

    const binary = decodeRecord(gzipSync(Uint8Array.from([0xff, 0x00, 0xfe])));
    const inner = view(binary, 'gzip');
    assert.ok(inner.ok);
    assert.equal(inner.inner.primary.kind, 'hex');
    assert.equal(binary.primary.kind, 'hex', 'gzip is primary only when it inflates to JSON or text');

    const throwing = decodeRecord(gzipSync('x'), {
      gunzip: () => {
        throw new Error('no zlib');
      },
    });
    assert.deepEqual(view(throwing, 'gzip'), { kind: 'gzip', ok: false, reason: 'cannot inflate: no zlib' });
  });

  it('falls back to hex for invalid UTF-8 and limits the hex shown', () => {
    const decoded = decodeRecord(Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1]));
    assert.deepEqual(kinds(decoded), ['base64', 'hex']);
    assert.deepEqual(decoded.primary, { kind: 'hex', text: 'c3 28 a0 a1', byteLength: 4, truncated: false });

    const long = decodeRecord(new Uint8Array(100).fill(0xff), { maxHexBytes: 3 });
    assert.deepEqual(view(long, 'hex'), { kind: 'hex', text: 'ff ff ff', byteLength: 100, truncated: true });
  });

  it('treats valid UTF-8 with binary control characters as bytes', () => {
    assert.equal(decodeRecord(Uint8Array.from([0x08, 0x96, 0x01])).primary.kind, 'hex');
    assert.equal(decodeRecord(Uint8Array.from([0x41, 0x00, 0x42])).primary.kind, 'hex');
    assert.deepEqual(decodeRecord(text('line 1\r\n\tline 2 ✓')).primary, { kind: 'text', text: 'line 1\r\n\tline 2 ✓' });
  });

  it('decodes an empty record as empty text', () => {
    const decoded = decodeRecord(new Uint8Array(0));
    assert.deepEqual(decoded.primary, { kind: 'text', text: '' });
    assert.equal(view(decoded, 'base64').text, '');
    assert.equal(decoded.byteLength, 0);
  });

  it('deaggregates KPL records and decodes each user record one level deep', () => {
    const inner = aggregate([{ partitionKey: 'nested', data: text('x') }]);
    const aggregated = aggregate([
      { partitionKey: 'p1', data: text('{"a":1}') },
      { partitionKey: 'p2', explicitHashKey: '170141183460469231731687303715884105728', data: gzipSync('hello') },
      { partitionKey: 'p3', data: inner },
    ]);
    const decoded = decodeRecord(aggregated);
    assert.equal(decoded.primary.kind, 'kpl');
    const kpl = view(decoded, 'kpl');
    assert.ok(kpl.ok);
    assert.deepEqual(
      kpl.records.map((r) => [r.partitionKey, r.explicitHashKey, r.decoded.primary.kind]),
      [
        ['p1', undefined, 'json'],
        ['p2', '170141183460469231731687303715884105728', 'gzip'],
        ['p3', undefined, 'hex'], // KPL inside KPL is not unpacked again
      ],
    );
    assert.ok(!kinds(kpl.records[2].decoded).includes('kpl'));
  });

  it('keeps a corrupt KPL record raw and says why', () => {
    const aggregated = aggregate([{ partitionKey: 'p', data: text('x') }]);
    aggregated[aggregated.length - 1] ^= 0xff;
    const decoded = decodeRecord(aggregated);
    const kpl = view(decoded, 'kpl');
    assert.equal(kpl.ok, false);
    assert.match(kpl.ok ? '' : kpl.reason, /MD5 mismatch/);
    assert.equal(decoded.primary.kind, 'hex');
  });

  it('encodes base64 like Buffer for every length', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'), `length ${length}`);
    }
    const large = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 13) & 0xff);
    assert.equal(toBase64(large), Buffer.from(large).toString('base64'));
  });

  it('never throws on random bytes', () => {
    let seed = 99;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: next() % 64 }, () => next() % 256);
      if (i % 3 === 0 && bytes.length >= 2) bytes.set([0x1f, 0x8b]);
      if (i % 5 === 0 && bytes.length >= 4) bytes.set([0xf3, 0x89, 0x9a, 0xc2]);
      const decoded = decodeRecord(bytes);
      assert.ok(decoded.views.includes(decoded.primary));
    }
  });
});
