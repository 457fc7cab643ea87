import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { extractRequirementInfo, type ExtractedInfo, type ExtractedRequirement } from '../../../src/core/chat';
import { parseRecordSize } from '../../../src/core/requirements/valueParsers';
import { READER_CORPUS, type CorpusCase, type ExpectedRow } from './readerCorpus';

/** Two rates agree when within 0.5% (derived figures are rounded to whole records/s). */
function sameRate(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.01, Math.abs(b) * 0.005);
}

type Verdict = { verdict: 'exact' } | { verdict: 'missing' | 'wrong'; why: string };

function numbersOf(r: ExtractedRequirement): [string, number | undefined][] {
  return [['peak', r.peakRecordsPerSecond], ['average', r.averageRecordsPerSecond], ['size', r.recordSize !== undefined ? parseRecordSize(r.recordSize) : undefined]];
}

function expectedNumbers(e: ExpectedRow | undefined): [string, number | undefined][] {
  return [['peak', e?.peak], ['average', e?.average], ['size', e?.size !== undefined ? parseRecordSize(e.size) : undefined]];
}

/** Wrong: a number present but different from the expected one (or not expected at all). Missing: absent. */
export function judge(c: CorpusCase, info: ExtractedInfo): Verdict {
  const rows = info.requirements.filter((r) => numbersOf(r).some(([, v]) => v !== undefined));
  for (let i = 0; i < rows.length; i++) {
    const expected = expectedNumbers(c.rows[i]);
    for (const [j, [name, value]] of numbersOf(rows[i]).entries()) {
      const want = expected[j][1];
      if (value !== undefined && (want === undefined || !sameRate(value, want))) return { verdict: 'wrong', why: `row ${i + 1} ${name}: read ${value}, expected ${want ?? 'nothing'}` };
    }
  }
  const problems: string[] = [];
  if (rows.length !== c.rows.length) problems.push(`${rows.length} rows, expected ${c.rows.length}`);
  c.rows.forEach((e, i) => {
    const got = rows[i] ? numbersOf(rows[i]) : [];
    for (const [j, [name, want]] of expectedNumbers(e).entries()) if (want !== undefined && got[j]?.[1] === undefined) problems.push(`row ${i + 1} ${name} missing`);
  });
  if ((info.partitionKey ?? '') !== (c.partitionKey ?? '')) problems.push(`partition key ${info.partitionKey}, expected ${c.partitionKey}`);
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));
  if (c.producers && !sameSet(info.producers, c.producers)) problems.push(`producers ${JSON.stringify(info.producers)}`);
  if (c.consumers && !sameSet(info.consumers, c.consumers)) problems.push(`consumers ${JSON.stringify(info.consumers)}`);
  if (!!c.question !== info.questions.length > 0) problems.push(`questions ${JSON.stringify(info.questions)}`);
  if (c.correction !== undefined && c.correction !== info.correction) problems.push(`correction ${info.correction}`);
  return problems.length ? { verdict: 'missing', why: problems.join('; ') } : { verdict: 'exact' };
}

describe('the reader corpus', () => {
  it('reads at least 95% of the corpus exactly and never writes a wrong number', () => {
    assert.ok(READER_CORPUS.length >= 60, `${READER_CORPUS.length} messages`);
    const results = READER_CORPUS.map((c) => ({ c, v: judge(c, extractRequirementInfo(c.message)) }));
    const exact = results.filter((r) => r.v.verdict === 'exact').length;
    const wrong = results.filter((r) => r.v.verdict === 'wrong');
    const notExact = results.filter((r) => r.v.verdict !== 'exact');
    const score = (100 * exact) / results.length;
    console.log(`reader corpus: ${exact}/${results.length} read exactly (${score.toFixed(1)}%), ${wrong.length} with a wrong number`);
    for (const r of notExact) console.log(`  ${r.v.verdict}: ${r.c.message}\n    ${'why' in r.v ? r.v.why : ''}`);
    assert.equal(wrong.length, 0, 'a wrong number is worse than a missing one');
    assert.ok(score >= 95, `${score.toFixed(1)}% exact`);
  });
});
