import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseLatency, parseRecordSize, parseRetentionHours, parseStatus, parseThroughput } from '../../../src/core/requirements/valueParsers';

describe('value parsers', () => {
  it('reads throughput as peak/average records per second', () => {
    const cases: [string, number | undefined, number | undefined][] = [
      ['10K/5K RPS', 10_000, 5000],
      ['50K/30K RPS', 50_000, 30_000],
      ['1K/500 RPS', 1000, 500],
      ['1.5M', 1_500_000, undefined],
      ['2,000/800', 2000, 800],
      ['10,000 / 5,000 rec/s', 10_000, 5000],
      ['peak 1.5M, avg 600K', 1_500_000, 600_000],
      ['avg 5K, peak 10K', 10_000, 5000],
      ['5K avg / 9K peak', 9000, 5000],
      ['120 rpm', 2, undefined],
      ['7200 per hour', 2, undefined],
      ['1 million/day', 1e6 / 86400, undefined],
      ['fast', undefined, undefined],
      ['', undefined, undefined],
      ['10 MB/s', undefined, undefined],
    ];
    for (const [raw, peak, average] of cases) {
      const parsed = parseThroughput(raw);
      assert.equal(parsed.peakRecordsPerSecond, peak, `peak of ${raw}`);
      assert.equal(parsed.averageRecordsPerSecond, average, `average of ${raw}`);
      assert.equal(parsed.raw, raw);
    }
  });

  it('recognises placeholders as deliberate gaps', () => {
    for (const raw of ['TBD', 'TBD/TBD RPS', '?', 'unknown', 'N/A', '-']) {
      const parsed = parseThroughput(raw);
      assert.equal(parsed.placeholder, true, raw);
      assert.equal(parsed.peakRecordsPerSecond, undefined);
    }
    assert.equal(parseThroughput('').placeholder, false);
    assert.equal(parseThroughput('10K').placeholder, false);
  });

  it('reads record sizes in decimal units (KiB/MiB binary), taking the largest stated', () => {
    const cases: [string, number | undefined][] = [
      ['2KB', 2000],
      ['500B', 500],
      ['1 MB', 1_000_000],
      ['1.5 KiB', 1536],
      ['12 MiB', 12 * 1048576],
      ['~1-2 KB', 2000],
      ['avg 1KB, max 4KB', 4000],
      ['200 bytes', 200],
      ['2k', 2000],
      ['500', undefined],
      ['big', undefined],
      ['', undefined],
    ];
    for (const [raw, bytes] of cases) assert.equal(parseRecordSize(raw), bytes, raw);
  });

  it('reads latency bounds in milliseconds', () => {
    const cases: [string, number | undefined][] = [
      ['<100ms', 100],
      ['<1s', 1000],
      ['< 50 ms', 50],
      ['≤ 2 seconds', 2000],
      ['100-500ms', 500],
      ['5 min', 300_000],
      ['sub-second', 1000],
      ['real-time', undefined],
      ['100', undefined],
    ];
    for (const [raw, ms] of cases) assert.equal(parseLatency(raw), ms, raw);
  });

  it('reads retention in hours (month = 30 days, year = 365 days)', () => {
    const cases: [string, number | undefined][] = [
      ['24 hours', 24],
      ['7 days', 168],
      ['7 years', 61_320],
      ['1 year', 8760],
      ['365 days', 8760],
      ['12h', 12],
      ['2 weeks', 336],
      ['1 month', 720],
      ['forever', undefined],
      ['3 AZ replication', undefined],
    ];
    for (const [raw, hours] of cases) assert.equal(parseRetentionHours(raw), hours, raw);
  });

  it('reads ✅/⏳/❌ and words as status', () => {
    assert.equal(parseStatus('✅'), 'complete');
    assert.equal(parseStatus('done ✅'), 'complete');
    assert.equal(parseStatus('⏳'), 'inProgress');
    assert.equal(parseStatus('in progress'), 'inProgress');
    assert.equal(parseStatus('❌'), 'blocked');
    assert.equal(parseStatus('blocked'), 'blocked');
    assert.equal(parseStatus(''), undefined);
    assert.equal(parseStatus('maybe'), undefined);
  });
});
