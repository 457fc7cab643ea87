import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTopLevelMember, JsonArrayFormatError, JsonArraySplitter, type SplitElement } from '../../../src/core/bulkPut/jsonScan';

/** Splits `doc` fed as the given chunks; returns each element's text and line. */
function split(chunks: Buffer[], maxElementBytes = 1 << 20): { text?: string; line: number; byteLength: number }[] {
  const splitter = new JsonArraySplitter(maxElementBytes);
  const out: SplitElement[] = [];
  for (const chunk of chunks) out.push(...splitter.push(chunk));
  out.push(...splitter.end());
  return out.map((e) => ({ text: e.bytes?.toString('utf8'), line: e.line, byteLength: e.byteLength }));
}

const TRICKY = [
  '[',
  '  {"a": "has ] and [ and { and } inside", "b": [1, [2, [3]]]},',
  '  "a string with \\"escaped quotes\\" and \\\\ backslash ]",',
  '  42, -1.5e3 , true,false,null,',
  '  [],{} ,',
  '  {"nested": {"deep": [{"x": "\\u005d"}]}, "esc": "\\\\\\""},',
  '  "ünïcödé ✓ 🙂",',
  '  [ "]" , "[" ]',
  ']',
].join('\n');

const EXPECTED = [
  '{"a": "has ] and [ and { and } inside", "b": [1, [2, [3]]]}',
  '"a string with \\"escaped quotes\\" and \\\\ backslash ]"',
  '42',
  '-1.5e3',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '{"nested": {"deep": [{"x": "\\u005d"}]}, "esc": "\\\\\\""}',
  '"ünïcödé ✓ 🙂"',
  '[ "]" , "[" ]',
];

describe('JsonArraySplitter', () => {
  it('splits tricky JSON: brackets in strings, escaped quotes, nesting, scalars, whitespace', () => {
    const elements = split([Buffer.from(TRICKY)]);
    assert.deepEqual(elements.map((e) => e.text), EXPECTED);
    assert.deepEqual(elements.map((e) => e.line), [2, 3, 4, 4, 4, 4, 4, 5, 5, 6, 7, 8]);
    // Every element is exactly what JSON.parse would accept on its own.
    for (const e of elements) JSON.parse(e.text!);
    assert.deepEqual(elements.map((e) => JSON.parse(e.text!)), JSON.parse(TRICKY));
  });

  it('gives the same result for a chunk boundary at every byte position', () => {
    const doc = Buffer.from(TRICKY);
    const whole = split([doc]);
    for (let cut = 0; cut <= doc.length; cut++) {
      assert.deepEqual(split([doc.subarray(0, cut), doc.subarray(cut)]), whole, `cut at byte ${cut}`);
    }
  });

  it('gives the same result when fed one byte at a time, and for two cuts', () => {
    const doc = Buffer.from('[{"k":"a\\"]"},[1,2],"x" , 3]');
    const whole = split([doc]);
    assert.deepEqual(split([...doc].map((b) => Buffer.from([b]))), whole);
    for (let a = 0; a <= doc.length; a++) {
      for (let b = a; b <= doc.length; b++) {
        assert.deepEqual(split([doc.subarray(0, a), doc.subarray(a, b), doc.subarray(b)]), whole, `cuts at ${a}, ${b}`);
      }
    }
  });

  it('accepts empty arrays, empty input and surrounding whitespace', () => {
    assert.deepEqual(split([Buffer.from('  [ \n ]  \n')]), []);
    assert.deepEqual(split([Buffer.from('[]')]), []);
    assert.deepEqual(split([Buffer.from('')]), []);
    assert.deepEqual(split([Buffer.from(' \n ')]), []);
    assert.deepEqual(split([Buffer.from('\r\n[\r\n1\r\n]\r\n')]).map((e) => [e.text, e.line]), [['1', 3]]);
  });

  it('reports structural errors with the line number', () => {
    const cases: [string, RegExp][] = [
      ['{"a":1}', /Line 1: expected a JSON array/],
      ['[1,]', /Line 1: a "," must be followed by a value/],
      ['[1 2]', /Line 1: expected "," or "]"/],
      ['[\n{"a":1]]', /Line 2: mismatched "]"/],
      ['[1]\nx', /Line 2: unexpected content after the closing "]"/],
      ['[1,\n2', /Line 2: the input ended before the array was closed/],
      ['["abc', /the input ended inside a string/],
      ['[,1]', /unexpected "," where an element should start/],
      ['[1"x"]', /unexpected """ after a value/],
    ];
    for (const [doc, message] of cases) {
      assert.throws(() => split([Buffer.from(doc)]), (error: unknown) => error instanceof JsonArrayFormatError && message.test(error.message), doc);
    }
  });

  it('does not keep an element longer than the limit, but reports its size and keeps going', () => {
    const big = `"${'x'.repeat(100)}"`;
    const doc = Buffer.from(`[1, ${big}, 2]`);
    for (let cut = 0; cut <= doc.length; cut += 7) {
      const elements = split([doc.subarray(0, cut), doc.subarray(cut)], 50);
      assert.deepEqual(elements.map((e) => [e.text, e.byteLength]), [['1', 1], [undefined, 102], ['2', 1]], `cut at ${cut}`);
    }
  });

  it('copies element bytes so the read chunk can be released', () => {
    const chunk = Buffer.from('[{"a":1}]');
    const splitter = new JsonArraySplitter(100);
    const [element] = splitter.push(chunk);
    chunk.fill(0);
    assert.equal(element.bytes!.toString(), '{"a":1}');
  });
});

describe('findTopLevelMember', () => {
  it('finds the exact raw text of a member, wherever it is', () => {
    const text = '{ "a" : "x\\"}" , "data" : {"n": 1.50, "s": "}]"} , "z": [1, {"data": 2}] }';
    const span = findTopLevelMember(text, 'data')!;
    assert.equal(text.slice(span[0], span[1]), '{"n": 1.50, "s": "}]"}');
    const z = findTopLevelMember(text, 'z')!;
    assert.equal(text.slice(z[0], z[1]), '[1, {"data": 2}]');
    const a = findTopLevelMember(text, 'a')!;
    assert.equal(text.slice(a[0], a[1]), '"x\\"}"');
  });

  it('handles scalars and absent members', () => {
    const text = '{"n":12345678901234567890,"t":true,"e\\u0078":null}';
    const n = findTopLevelMember(text, 'n')!;
    assert.equal(text.slice(n[0], n[1]), '12345678901234567890');
    const ex = findTopLevelMember(text, 'ex')!;
    assert.equal(text.slice(ex[0], ex[1]), 'null');
    assert.equal(findTopLevelMember(text, 'missing'), undefined);
    assert.equal(findTopLevelMember('[1]', 'data'), undefined);
    assert.equal(findTopLevelMember('{}', 'data'), undefined);
  });
});
