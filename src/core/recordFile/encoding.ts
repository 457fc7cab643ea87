/**
 * Turns a block's body into record bytes with the encoding the block states (never guessed).
 * JSON is sent exactly as written (not re-serialised), so key order and spacing are preserved.
 */
import { validateRecordData } from '../kinesis/recordData';
import type { RecordFileEncoding } from './model';

/** Where and why a JSON text is invalid; `offset` is a UTF-16 index into the text. */
export interface JsonProblem {
  readonly offset: number;
  readonly message: string;
}

export type EncodeResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly encoding: RecordFileEncoding; readonly message: string; readonly json?: JsonProblem };

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** The bytes of `body` in `encoding`, or why it cannot be encoded. An empty body encodes to no bytes. */
export function encodeBody(body: string, encoding: RecordFileEncoding): EncodeResult {
  switch (encoding) {
    case 'text':
      return { ok: true, bytes: new TextEncoder().encode(body) };
    case 'json': {
      const problem = findJsonProblem(body);
      if (problem) return { ok: false, encoding, message: `Invalid JSON: ${problem.message}`, json: problem };
      return { ok: true, bytes: new TextEncoder().encode(body) };
    }
    case 'base64': {
      const problem = validateRecordData(body, 'base64');
      if (problem) return { ok: false, encoding, message: problem };
      return { ok: true, bytes: Uint8Array.from(Buffer.from(body.replace(/\s+/g, ''), 'base64')) };
    }
    case 'hex': {
      const compact = body.replace(/\s+/g, '');
      if (!HEX.test(compact)) {
        return {
          ok: false,
          encoding,
          message: /[^0-9a-fA-F]/.test(compact)
            ? 'Data is not valid hex: use only 0–9 and a–f (white space between bytes is ignored).'
            : `Data is not valid hex: it has an odd number of digits (${compact.length}); every byte takes two.`,
        };
      }
      return { ok: true, bytes: Uint8Array.from(Buffer.from(compact, 'hex')) };
    }
  }
}

/**
 * The first syntax error of a JSON text (RFC 8259, what `JSON.parse` accepts), with its offset:
 * Node 20's `JSON.parse` messages do not always carry a position, and the editor needs one.
 */
export function findJsonProblem(text: string): JsonProblem | undefined {
  let at = 0;
  const fail = (message: string, offset = at): never => {
    throw { offset, message } satisfies JsonProblem;
  };
  const describe = () => (at >= text.length ? 'the end of the data' : `"${text[at]}"`);
  const skipSpace = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  };
  const expect = (ch: string, what: string) => {
    if (text[at] !== ch) fail(`expected ${what} but found ${describe()}`);
    at++;
  };
  const parseString = () => {
    at++; // opening quote
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const ch = text.charCodeAt(at);
      if (ch === 0x22) {
        at++;
        return;
      }
      if (ch < 0x20) fail('control character in a string (escape line breaks and tabs as \\n and \\t)');
      if (ch === 0x5c) {
        const next = text[at + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) fail('invalid \\u escape (needs 4 hex digits)');
          at += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) fail(`invalid escape \\${next ?? ''}`);
        at += 2;
        continue;
      }
      at++;
    }
  };
  const parseNumber = () => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(at, at + 400));
    if (!match || match[0] === '-' || match[0] === '') fail(`unexpected ${describe()}`);
    at += match![0].length;
  };
  const parseValue = (depth: number): void => {
    if (depth > 512) fail('nested too deeply');
    skipSpace();
    const ch = text[at];
    if (ch === '{') {
      at++;
      skipSpace();
      if (text[at] === '}') {
        at++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"') fail(`expected a property name in double quotes but found ${describe()}`);
        parseString();
        skipSpace();
        expect(':', '":" after the property name');
        parseValue(depth + 1);
        skipSpace();
        if (text[at] === ',') {
          at++;
          skipSpace();
          if (text[at] === '}') fail('trailing comma before "}"');
          continue;
        }
        expect('}', '"," or "}"');
        return;
      }
    }
    if (ch === '[') {
      at++;
      skipSpace();
      if (text[at] === ']') {
        at++;
        return;
      }
      for (;;) {
        parseValue(depth + 1);
        skipSpace();
        if (text[at] === ',') {
          at++;
          skipSpace();
          if (text[at] === ']') fail('trailing comma before "]"');
          continue;
        }
        expect(']', '"," or "]"');
        return;
      }
    }
    if (ch === '"') return parseString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return;
      }
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return parseNumber();
    fail(at >= text.length ? 'unexpected end of the data (a value is missing)' : `unexpected ${describe()}`);
  };
  try {
    parseValue(0);
    skipSpace();
    if (at < text.length) fail(`unexpected ${describe()} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as JsonProblem;
    throw error;
  }
}
