/**
 * A small JSON path filter for the tail viewer: `$.device.id == "x"`, `$.cpu > 50`, `$.tags[0]`,
 * `$['odd key'] != null`, `$.name =~ /^dev/i`. A path alone tests that the value exists.
 *
 * Parsed by hand into a closure: no eval, no Function, so a filter typed in the viewer can only ever
 * read the record it is given.
 */

export type JsonPathSegment = { readonly kind: 'property'; readonly name: string } | { readonly kind: 'index'; readonly index: number };
import { errorMessage } from '../errorMessage';

export type JsonPathOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | '=~';

export type JsonLiteral = string | number | boolean | null;

/** A parsed filter expression. */
export interface JsonPathExpression {
  readonly path: readonly JsonPathSegment[];
  readonly comparison?:
    | { readonly operator: Exclude<JsonPathOperator, '=~'>; readonly value: JsonLiteral }
    | { readonly operator: '=~'; readonly pattern: RegExp };
}

export type JsonPathParseResult =
  | { readonly ok: true; readonly expression: JsonPathExpression }
  | { readonly ok: false; readonly error: string };

/** Why a JSON path did not parse, with the column (1-based) where reading stopped. */
class JsonPathSyntaxError extends Error {}

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$-]/;
const OPERATORS: readonly JsonPathOperator[] = ['==', '!=', '>=', '<=', '=~', '>', '<'];
const REGEX_FLAGS = /^[imsu]*$/;

class Scanner {
  #position = 0;
  constructor(readonly text: string) {}

  get position(): number { return this.#position; }
  get done(): boolean { return this.#position >= this.text.length; }
  peek(offset = 0): string { return this.text.charAt(this.#position + offset); }
  next(): string { return this.text.charAt(this.#position++); }
  startsWith(value: string): boolean { return this.text.startsWith(value, this.#position); }
  advance(count: number): void { this.#position += count; }

  skipSpaces(): void {
    while (!this.done && /\s/.test(this.peek())) this.#position++;
  }

  fail(message: string): never {
    throw new JsonPathSyntaxError(`${message} (at column ${this.#position + 1})`);
  }
}

/** Parses a filter expression; never throws. */
export function parseJsonPath(text: string): JsonPathParseResult {
  const scanner: Scanner = new Scanner(text.trim());
  try {
    if (scanner.done) scanner.fail('Type a JSON path starting with $, e.g. $.device.id == "d1"');
    const path = parsePath(scanner);
    scanner.skipSpaces();
    if (scanner.done) return { ok: true, expression: { path } };
    const operator = OPERATORS.find((op) => scanner.startsWith(op));
    if (!operator) scanner.fail(`Expected ==, !=, >, >=, <, <= or =~ after the path, found "${scanner.peek()}"`);
    scanner.advance(operator.length);
    scanner.skipSpaces();
    if (operator === '=~') {
      const pattern = parseRegexLiteral(scanner);
      expectEnd(scanner);
      return { ok: true, expression: { path, comparison: { operator, pattern } } };
    }
    const value = parseLiteral(scanner);
    if ((operator === '>' || operator === '>=' || operator === '<' || operator === '<=') && typeof value !== 'number' && typeof value !== 'string') {
      scanner.fail(`${operator} compares numbers or strings, not ${JSON.stringify(value)}`);
    }
    expectEnd(scanner);
    return { ok: true, expression: { path, comparison: { operator, value } } };
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return { ok: false, error: `Invalid JSON path: ${error.message}` };
    throw error;
  }
}

function expectEnd(scanner: Scanner): void {
  scanner.skipSpaces();
  if (!scanner.done) scanner.fail(`Unexpected "${scanner.text.slice(scanner.position)}" after the value`);
}

function parsePath(scanner: Scanner): JsonPathSegment[] {
  if (scanner.peek() !== '$') scanner.fail('A JSON path starts with $');
  scanner.next();
  const segments: JsonPathSegment[] = [];
  for (;;) {
    const c = scanner.peek();
    if (c === '.') {
      scanner.next();
      if (!IDENTIFIER_START.test(scanner.peek())) scanner.fail('Expected a property name after "." (use $["name"] for other characters)');
      let name = '';
      while (!scanner.done && IDENTIFIER_PART.test(scanner.peek())) name += scanner.next();
      segments.push({ kind: 'property', name });
    } else if (c === '[') {
      scanner.next();
      scanner.skipSpaces();
      const q = scanner.peek();
      if (q === '"' || q === "'") {
        segments.push({ kind: 'property', name: parseString(scanner) });
      } else if (/[0-9]/.test(q)) {
        let digits = '';
        while (/[0-9]/.test(scanner.peek())) digits += scanner.next();
        segments.push({ kind: 'index', index: Number(digits) });
      } else {
        scanner.fail('Expected an array index or a quoted property name inside [ ]');
      }
      scanner.skipSpaces();
      if (scanner.next() !== ']') scanner.fail('Expected ]');
    } else {
      return segments;
    }
  }
}

function parseString(scanner: Scanner): string {
  const quote = scanner.next();
  let value = '';
  for (;;) {
    if (scanner.done) scanner.fail('Unterminated string');
    const c = scanner.next();
    if (c === quote) return value;
    if (c === '\\') {
      const escaped = scanner.next();
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"', "'": "'" };
      if (escaped in simple) {
        value += simple[escaped];
      } else if (escaped === 'u') {
        const hex = scanner.text.slice(scanner.position, scanner.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) scanner.fail('Expected 4 hex digits after \\u');
        scanner.advance(4);
        value += String.fromCharCode(parseInt(hex, 16));
      } else {
        scanner.fail(`Unknown escape \\${escaped}`);
      }
    } else {
      value += c;
    }
  }
}

function parseLiteral(scanner: Scanner): JsonLiteral {
  const c = scanner.peek();
  if (c === '"' || c === "'") return parseString(scanner);
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (scanner.startsWith(word)) {
      scanner.advance(word.length);
      return value;
    }
  }
  const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(scanner.text.slice(scanner.position));
  if (!match) scanner.fail('Expected a value: a "string", a number, true, false or null');
  scanner.advance(match[0].length);
  return Number(match[0]);
}

function parseRegexLiteral(scanner: Scanner): RegExp {
  if (scanner.next() !== '/') scanner.fail('=~ takes a regular expression like /^dev-/i');
  let body = '';
  let inClass = false;
  for (;;) {
    if (scanner.done) scanner.fail('Unterminated regular expression');
    const c = scanner.next();
    if (c === '\\') {
      body += c + scanner.next();
      continue;
    }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    if (c === '/' && !inClass) break;
    body += c;
  }
  let flags = '';
  while (/[a-z]/.test(scanner.peek())) flags += scanner.next();
  if (!REGEX_FLAGS.test(flags)) scanner.fail(`Unsupported regular expression flags "${flags}" (use i, m, s or u)`);
  try {
    return new RegExp(body, flags);
  } catch (error) {
    return scanner.fail(errorMessage(error));
  }
}

/** The value at `path` in `root`, or undefined when any step is missing. */
export function resolveJsonPath(root: unknown, path: readonly JsonPathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (segment.kind === 'index') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment.index];
    } else {
      // Own properties only: "$.constructor" must not find Object.prototype.constructor.
      if (Array.isArray(current) || !Object.prototype.hasOwnProperty.call(current, segment.name)) return undefined;
      current = (current as Record<string, unknown>)[segment.name];
    }
  }
  return current;
}

/**
 * True when `value` satisfies the expression. A missing value never matches (not even `!=`):
 * a filter describes records that have the field.
 */
export function evaluateJsonPath(expression: JsonPathExpression, value: unknown): boolean {
  const found = resolveJsonPath(value, expression.path);
  if (found === undefined) return false;
  const comparison = expression.comparison;
  if (!comparison) return true;
  if (comparison.operator === '=~') return typeof found === 'string' && comparison.pattern.test(found);
  const expected = comparison.value;
  switch (comparison.operator) {
    case '==': return found === expected;
    case '!=': return found !== expected;
    default: {
      if (typeof found !== typeof expected) return false;
      const a = found as number | string;
      const b = expected as number | string;
      switch (comparison.operator) {
        case '>': return a > b;
        case '>=': return a >= b;
        case '<': return a < b;
        case '<=': return a <= b;
      }
    }
  }
}
