/**
 * Sample partition keys from a compact pattern, for the hot-shard simulator. A webview expands
 * 100,000 keys per keystroke, so patterns are compiled once into closures and the RNG is a
 * seedable 32-bit generator (deterministic: the same seed always gives the same keys).
 *
 * Placeholders (everything else is literal; write `{{` and `}}` for braces):
 * - `{1..5000}`      cycles through the integers (several ranges count like an odometer, the last
 *                    fastest); a leading zero pads to the wider bound's width: `{001..500}`
 * - `{rand 0-9}`     a uniformly random integer, bounds included (`{rand 0..9}` also works)
 * - `{choice a|b|c}` one of the listed values, uniformly
 * - `{hex 8}`        that many random hex digits
 * - `{uuid}`         a random UUID-shaped string
 * - `{seq}`          the key's 0-based index (an auto-increment key)
 */

/** A deterministic generator of floats in [0, 1). */
export type RandomSource = () => number;

/** mulberry32: tiny, fast and good enough for sampling (not for cryptography). */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly width: number }
  | { readonly kind: 'rand'; readonly from: number; readonly to: number }
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  | { readonly kind: 'hex'; readonly digits: number }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'seq' };

/** A validated pattern, ready to expand. */
export interface KeyPattern {
  readonly source: string;
  readonly segments: readonly Segment[];
  /** Distinct keys the pattern can produce, or undefined when unbounded (seq, hex, uuid). */
  readonly cardinality?: number;
}

export type KeyPatternParseResult =
  | { readonly ok: true; readonly pattern: KeyPattern }
  | { readonly ok: false; readonly error: string; readonly offset: number };

const MAX_RANGE_SPAN = 1e9;

export function parseKeyPattern(source: string): KeyPatternParseResult {
  const segments: Segment[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if ((ch === '{' || ch === '}') && source[i + 1] === ch) {
      literal += ch;
      i += 2;
      continue;
    }
    if (ch === '}') return { ok: false, error: 'Unmatched "}" (write "}}" for a literal brace).', offset: i };
    if (ch !== '{') {
      literal += ch;
      i++;
      continue;
    }
    const close = source.indexOf('}', i + 1);
    if (close < 0) return { ok: false, error: 'Unclosed "{" (write "{{" for a literal brace).', offset: i };
    const parsed = parsePlaceholder(source.slice(i + 1, close).trim());
    if (typeof parsed === 'string') return { ok: false, error: parsed, offset: i };
    if (literal) segments.push({ kind: 'literal', text: literal });
    literal = '';
    segments.push(parsed);
    i = close + 1;
  }
  if (literal) segments.push({ kind: 'literal', text: literal });
  return { ok: true, pattern: { source, segments, cardinality: cardinalityOf(segments) } };
}

function parsePlaceholder(body: string): Segment | string {
  let m = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(body);
  if (m) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to < from) return `Range {${body}} must go upwards.`;
    if (to - from >= MAX_RANGE_SPAN) return `Range {${body}} is too large.`;
    const padded = /^-?0\d/.test(m[1]) || /^-?0\d/.test(m[2]);
    return { kind: 'range', from, to, width: padded ? Math.max(m[1].length, m[2].length) : 0 };
  }
  m = /^rand\s+(-?\d+)\s*(?:-|\.\.)\s*(-?\d+)$/.exec(body);
  if (m) {
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (to < from) return `Random range {${body}} must go upwards.`;
    return { kind: 'rand', from, to };
  }
  m = /^choice\s+(.+)$/.exec(body);
  if (m) return { kind: 'choice', options: m[1].split('|').map((o) => o.trim()) };
  m = /^hex\s+(\d+)$/.exec(body);
  if (m) {
    const digits = Number(m[1]);
    if (digits < 1 || digits > 64) return 'Use {hex 1} to {hex 64}.';
    return { kind: 'hex', digits };
  }
  if (body === 'uuid') return { kind: 'uuid' };
  if (body === 'seq') return { kind: 'seq' };
  return `Unknown placeholder {${body}}: use {1..N}, {rand A-B}, {choice a|b}, {hex N}, {uuid} or {seq}.`;
}

function cardinalityOf(segments: readonly Segment[]): number | undefined {
  let product = 1;
  for (const s of segments) {
    if (s.kind === 'range' || s.kind === 'rand') product *= s.to - s.from + 1;
    else if (s.kind === 'choice') product *= new Set(s.options).size;
    else if (s.kind !== 'literal') return undefined;
  }
  return product;
}

/** Generates `count` keys from a pattern. Same pattern, count and seed → same keys. */
export function expandKeyPattern(pattern: KeyPattern, count: number, seed = 1): string[] {
  const random = createSeededRandom(seed);
  const ranges = pattern.segments.filter((s): s is Extract<Segment, { kind: 'range' }> => s.kind === 'range');
  // Odometer place values: the last range turns fastest.
  const placeValues = new Map<Segment, number>();
  let place = 1;
  for (let r = ranges.length - 1; r >= 0; r--) {
    placeValues.set(ranges[r], place);
    place *= ranges[r].to - ranges[r].from + 1;
  }
  const keys = new Array<string>(count);
  for (let index = 0; index < count; index++) {
    let key = '';
    for (const segment of pattern.segments) {
      switch (segment.kind) {
        case 'literal':
          key += segment.text;
          break;
        case 'range': {
          const span = segment.to - segment.from + 1;
          const value = segment.from + (Math.floor(index / (placeValues.get(segment) as number)) % span);
          key += segment.width ? padNumber(value, segment.width) : String(value);
          break;
        }
        case 'rand':
          key += String(segment.from + Math.floor(random() * (segment.to - segment.from + 1)));
          break;
        case 'choice':
          key += segment.options[Math.floor(random() * segment.options.length)];
          break;
        case 'hex':
          key += randomHex(random, segment.digits);
          break;
        case 'uuid':
          key += `${randomHex(random, 8)}-${randomHex(random, 4)}-4${randomHex(random, 3)}-${'89ab'[Math.floor(random() * 4)]}${randomHex(random, 3)}-${randomHex(random, 12)}`;
          break;
        case 'seq':
          key += String(index);
          break;
      }
    }
    keys[index] = key;
  }
  return keys;
}

function padNumber(value: number, width: number): string {
  return value < 0 ? '-' + String(-value).padStart(width - 1, '0') : String(value).padStart(width, '0');
}

function randomHex(random: RandomSource, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += '0123456789abcdef'[Math.floor(random() * 16)];
  return out;
}
