import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/** The repository root: the first folder above the compiled test holding Kinesis Studio's package.json. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kinesis-studio') return dir;
  }
  throw new Error(`Kinesis Studio's package.json not found above ${__dirname}`);
}

interface Rule { readonly name: string; readonly match: string }
interface Grammar { readonly scopeName: string; readonly injectionSelector: string; readonly patterns: { include: string }[]; readonly repository: Record<string, Rule> }

const GRAMMAR_PATH = './syntaxes/kinesis-requirements.injection.tmLanguage.json';
const grammar = JSON.parse(readFileSync(path.join(repoRoot(), GRAMMAR_PATH), 'utf8')) as Grammar;
/** The rules in the order the grammar lists them; on a tie at the same column TextMate takes the first. */
const rules = grammar.patterns.map(({ include }) => ({ kind: include.slice(1), rule: grammar.repository[include.slice(1)] }));

/**
 * A one-line TextMate scan: at each step the rule whose match starts earliest wins (ties go to the
 * earlier rule), then scanning resumes after it. The grammar uses only regex syntax Oniguruma and
 * JavaScript read the same way, so this reproduces what VS Code highlights.
 */
function highlight(line: string): [kind: string, text: string][] {
  const found: [string, string][] = [];
  for (let at = 0; at < line.length;) {
    let best: { kind: string; index: number; text: string } | undefined;
    for (const { kind, rule } of rules) {
      const re = new RegExp(rule.match, 'g');
      re.lastIndex = at;
      const m = re.exec(line);
      if (m && m[0].length > 0 && (!best || m.index < best.index)) best = { kind, index: m.index, text: m[0] };
    }
    if (!best) break;
    found.push([best.kind, best.text]);
    at = best.index + best.text.length;
  }
  return found;
}

describe('requirements injection grammar', () => {
  it('is contributed as an injection into markdown under its own scope name', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const entry = manifest.contributes.grammars.find((g: { path: string }) => g.path === GRAMMAR_PATH);
    assert.ok(entry, 'package.json does not contribute the grammar');
    assert.equal(entry.scopeName, grammar.scopeName);
    assert.deepEqual(entry.injectTo, ['text.html.markdown']);
    assert.equal(entry.language, undefined, 'an injection grammar must not claim a language');
  });

  it('stays out of code, comments and math', () => {
    assert.match(grammar.injectionSelector, /^L:text\.html\.markdown - \(/);
    for (const scope of ['markup.fenced_code.block.markdown', 'markup.raw.block.markdown', 'markup.inline.raw.string.markdown', 'comment']) {
      assert.ok(grammar.injectionSelector.includes(scope), `the selector does not exclude ${scope}`);
    }
  });

  it('gives every rule a themable constant.numeric scope', () => {
    assert.deepEqual(rules.map((r) => r.kind), ['throughput', 'latency', 'size', 'retention']);
    for (const { kind, rule } of rules) assert.equal(rule.name, `constant.numeric.${kind}.kinesis-requirements`);
  });

  const samples: Record<string, { match: string[]; reject: string[] }> = {
    throughput: {
      match: ['10K/5K RPS', '50K/30K RPS', '1K/500 RPS', '5K RPS', '1.5M rps', '2,000 records/sec', '600 rec/s', '120 rpm', '10 MB/s', '3 events / second'],
      reject: ['RPS', '10K', 'v2/5 RPSX', 'ABC10K RPS', '1/2'],
    },
    latency: {
      match: ['<100ms', '<50ms', '<1s', '5 ms', '≤ 200 ms', '< 2 seconds', '150 milliseconds', 'sub-second'],
      reject: ['100msx', 'ms', 'items', '2 sharks', 'x5ms'],
    },
    size: {
      match: ['2KB', '500B', '1 MB', '10KB', '12 MiB', '1.5 kb', '200 bytes', '1 GB'],
      reject: ['KB', '2KBs', 'B2B', 'H2O', 'v1.2.3'],
    },
    retention: {
      match: ['24 hours', '7 days', '7 years', '12h', '1 year', '2 weeks', '168 hrs', '3 months'],
      reject: ['hours', '24hourly', 'x7 days', 'day 7', '3D'],
    },
  };

  for (const [kind, { match, reject }] of Object.entries(samples)) {
    it(`${kind}: matches the formats the engine reads and nothing else`, () => {
      const re = new RegExp(`^(?:${grammar.repository[kind].match})$`);
      for (const text of match) assert.match(text, re, `${kind} should match "${text}"`);
      const anywhere = new RegExp(grammar.repository[kind].match);
      for (const text of reject) assert.doesNotMatch(text, anywhere, `${kind} should not match inside "${text}"`);
    });
  }

  it('highlights each cell of a seed table row with the right kind', () => {
    assert.deepEqual(highlight('| 1 | Ingest user clickstream events | 10K/5K RPS | 2KB | <100ms | 24 hours | Real-time analytics | ✅ |'), [
      ['throughput', '10K/5K RPS'],
      ['size', '2KB'],
      ['latency', '<100ms'],
      ['retention', '24 hours'],
    ]);
    assert.deepEqual(highlight('| 3 | Archive transaction logs | 1K/500 RPS | 10KB | <1s | 7 years | Compliance audit | ❌ |').map(([kind]) => kind),
      ['throughput', 'size', 'latency', 'retention']);
  });

  it('reads a bandwidth as throughput, not as a size', () => {
    assert.deepEqual(highlight('- **Producers**: gateways at 10 MB/s (5K RPS), 2KB each'), [
      ['throughput', '10 MB/s'],
      ['throughput', '5K RPS'],
      ['size', '2KB'],
    ]);
  });

  it('leaves prose without units alone', () => {
    assert.deepEqual(highlight('Version 1.2.3 of the H2O service, requirement #2, 3D map, step 4 of 7.'), []);
  });
});
