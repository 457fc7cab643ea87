import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { simulateDistribution } from '../../../src/core/analysis/hotShards';
import { expandKeyPattern, parseKeyPattern, type KeyPattern } from '../../../src/core/analysis/keyPatterns';

function compile(source: string): KeyPattern {
  const parsed = parseKeyPattern(source);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.pattern;
}

describe('key patterns', () => {
  it('cycles integer ranges', () => {
    const pattern = compile('device-{1..5000}');
    assert.equal(pattern.cardinality, 5000);
    const keys = expandKeyPattern(pattern, 10_000);
    assert.equal(keys[0], 'device-1');
    assert.equal(keys[4999], 'device-5000');
    assert.equal(keys[5000], 'device-1');
    assert.equal(new Set(keys).size, 5000);
  });

  it('counts several ranges like an odometer and pads with leading zeros', () => {
    assert.deepEqual(expandKeyPattern(compile('{1..2}-{1..3}'), 6), ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']);
    assert.deepEqual(expandKeyPattern(compile('s{008..010}'), 3), ['s008', 's009', 's010']);
  });

  it('draws random suffixes deterministically from the seed', () => {
    const pattern = compile('user#{rand 0-9}');
    assert.equal(pattern.cardinality, 10);
    const a = expandKeyPattern(pattern, 5000, 1);
    assert.ok(a.every((k) => /^user#\d$/.test(k)));
    assert.deepEqual(a, expandKeyPattern(pattern, 5000, 1));
    assert.notDeepEqual(a, expandKeyPattern(pattern, 5000, 2));
    const counts = new Map<string, number>();
    for (const k of a) counts.set(k, (counts.get(k) ?? 0) + 1);
    assert.equal(counts.size, 10);
    for (const c of counts.values()) assert.ok(c > 400 && c < 600, String(c));
  });

  it('supports choice, hex, uuid, seq and literal braces', () => {
    const [choice] = expandKeyPattern(compile('{choice eu|us}'), 1);
    assert.ok(choice === 'eu' || choice === 'us');
    assert.match(expandKeyPattern(compile('{hex 8}'), 1)[0], /^[0-9a-f]{8}$/);
    assert.match(expandKeyPattern(compile('{uuid}'), 1)[0], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(expandKeyPattern(compile('o-{seq}'), 3), ['o-0', 'o-1', 'o-2']);
    assert.deepEqual(expandKeyPattern(compile('{{x}}'), 1), ['{x}']);
    assert.equal(compile('{uuid}').cardinality, undefined);
  });

  it('reports errors with their offset', () => {
    assert.deepEqual(parseKeyPattern('a{1..3'), { ok: false, error: 'Unclosed "{" (write "{{" for a literal brace).', offset: 1 });
    const unknown = parseKeyPattern('x-{nope}');
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.offset, 2);
    assert.equal(parseKeyPattern('{9..1}').ok, false);
    assert.equal(parseKeyPattern('a}').ok, false);
  });

  it('expands and routes 100,000 keys in one go', () => {
    const keys = expandKeyPattern(compile('user-{1..100000}#{rand 0-9}'), 100_000, 3);
    const report = simulateDistribution(keys, 16);
    assert.equal(report.totalKeys, 100_000);
    assert.ok(report.maxOverMean < 1.05);
  });
});
