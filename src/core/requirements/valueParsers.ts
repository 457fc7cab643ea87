/**
 * Tolerant readers for the values people type into a requirement table: `10K/5K RPS`, `1.5M`,
 * `2KB`, `500B`, `1 MB`, `<100ms`, `<1s`, `24 hours`, `7 days`, `7 years`, ✅/⏳/❌. A reader never
 * invents a number: anything it cannot read comes back undefined, with the raw text kept.
 * Sizes are decimal (1 KB = 1,000 bytes) like the capacity arithmetic; `KiB`/`MiB` are binary.
 */

/** Records/s as stated. A single stated rate is the peak; the average is then unknown. */
export interface ParsedThroughput {
  readonly raw: string;
  readonly peakRecordsPerSecond?: number;
  readonly averageRecordsPerSecond?: number;
  /** `TBD`, `?`, `unknown`...: a deliberate gap, still to be filled. */
  readonly placeholder: boolean;
}

const PLACEHOLDER_WORDS = /^(?:tbd|tba|tbc|\?+|unknown|n\/?a|none|-+|—|–|x+)$/i;
const RATE_UNIT_WORDS = /^(?:rps|rec|recs|records?|events?|msgs?|messages?|s|sec|second)$/;
const PEAK_WORDS = /\b(?:peak|max|maximum|burst|high)\b/;
const AVERAGE_WORDS = /\b(?:avg|average|mean|typical|steady|normal|sustained|baseline)\b/;
const RATE_NUMBER = /(\d+(?:\.\d+)?)\s*(k|m|thousand|million)?(?![\w.])/g;
const BYTE_UNITS_IN_RATE = /\d\s*(?:kb|mb|gb|kib|mib|gib|bytes?)\b/;

/** Removes thousands separators (`10,000`), so numbers read naturally. */
function normaliseNumbers(text: string): string {
  return text.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

export function parseThroughput(raw: string): ParsedThroughput {
  const text = normaliseNumbers(raw.trim().toLowerCase());
  const words = text.split(/\s*\/\s*|\s+/).filter((w) => w && !RATE_UNIT_WORDS.test(w));
  const placeholder = text.length > 0 && (PLACEHOLDER_WORDS.test(text) || (words.length > 0 && words.every((w) => PLACEHOLDER_WORDS.test(w))));
  if (!text || placeholder || BYTE_UNITS_IN_RATE.test(text)) return { raw, placeholder };

  const perSecondDivisor = /\brpm\b|per\s+min|\/\s*min/.test(text)
    ? 60
    : /\brph\b|per\s+h(?:ou)?r|\/\s*h(?:ou)?r\b|\/h\b/.test(text)
      ? 3600
      : /per\s+day|\/\s*day\b|\/d\b/.test(text)
        ? 86400
        : 1;

  const numbers: { value: number; start: number; end: number }[] = [];
  for (const m of text.matchAll(RATE_NUMBER)) {
    const multiplier = m[2] === 'k' || m[2] === 'thousand' ? 1e3 : m[2] === 'm' || m[2] === 'million' ? 1e6 : 1;
    numbers.push({ value: (Number(m[1]) * multiplier) / perSecondDivisor, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  if (numbers.length === 0) return { raw, placeholder: false };

  // Labels either precede their numbers ("peak 10K, avg 5K") or follow them ("10K peak / 5K avg").
  const gaps = numbers.map((n, i) => text.slice(i === 0 ? 0 : numbers[i - 1].end, n.start));
  gaps.push(text.slice(numbers[numbers.length - 1].end));
  const labelsBefore = labelOf(gaps[0]) !== undefined;
  let peak: number | undefined;
  let average: number | undefined;
  const unlabelled: number[] = [];
  numbers.forEach((n, i) => {
    const label = labelOf(labelsBefore ? gaps[i] : gaps[i + 1]);
    if (label === 'peak' && peak === undefined) peak = n.value;
    else if (label === 'average' && average === undefined) average = n.value;
    else if (label === undefined) unlabelled.push(n.value);
  });
  for (const value of unlabelled) {
    if (peak === undefined) peak = value;
    else if (average === undefined) average = value;
  }
  return { raw, peakRecordsPerSecond: peak, averageRecordsPerSecond: average, placeholder: false };
}

function labelOf(gap: string): 'peak' | 'average' | undefined {
  const hasPeak = PEAK_WORDS.test(gap);
  const hasAverage = AVERAGE_WORDS.test(gap);
  if (hasPeak === hasAverage) return undefined;
  return hasPeak ? 'peak' : 'average';
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1048576,
  g: 1e9,
  gb: 1e9,
  gib: 1073741824,
};
const SIZE = /(\d+(?:\.\d+)?)\s*(bytes?|kib|mib|gib|kb|mb|gb|b|k|m|g)(?![a-z])/gi;

/**
 * Bytes per record. With several sizes (`1-2 KB`, `avg 1KB, max 4KB`) the largest is taken: shard
 * counts must cover the biggest records. A bare number has no unit and is not guessed.
 */
export function parseRecordSize(raw: string): number | undefined {
  return largest(normaliseNumbers(raw), SIZE, (value, unit) => value * SIZE_UNITS[unit.toLowerCase()]);
}

const LATENCY = /(\d+(?:\.\d+)?)\s*(ms|msecs?|millis(?:econds?)?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?)(?![a-z])/gi;

/** The latency bound in milliseconds: `<100ms` → 100, `<1s` → 1000, `sub-second` → 1000. */
export function parseLatency(raw: string): number | undefined {
  const text = normaliseNumbers(raw);
  const parsed = largest(text, LATENCY, (value, unit) => value * latencyUnitMs(unit.toLowerCase()));
  if (parsed !== undefined) return parsed;
  return /\bsub[- ]?second\b/i.test(text) ? 1000 : undefined;
}

function latencyUnitMs(unit: string): number {
  if (unit.startsWith('ms') || unit.startsWith('milli')) return 1;
  if (unit.startsWith('s')) return 1000;
  if (unit.startsWith('m')) return 60_000;
  return 3_600_000;
}

const DURATION = /(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)(?![a-z])/gi;

/**
 * Retention in hours: `24 hours` → 24, `7 days` → 168, `7 years` → 61,320. A month counts 30 days and
 * a year 365, so one year is exactly the 8,760 h Kinesis maximum.
 */
export function parseRetentionHours(raw: string): number | undefined {
  return largest(normaliseNumbers(raw), DURATION, (value, unit) => value * durationUnitHours(unit.toLowerCase()));
}

function durationUnitHours(unit: string): number {
  if (unit.startsWith('h')) return 1;
  if (unit.startsWith('d')) return 24;
  if (unit.startsWith('w')) return 168;
  if (unit.startsWith('mo')) return 720;
  return 8760;
}

/** The largest value the pattern finds; for ranges like `1-2 KB` only the unit-bearing end matches. */
function largest(text: string, pattern: RegExp, toValue: (value: number, unit: string) => number): number | undefined {
  let best: number | undefined;
  for (const m of text.matchAll(pattern)) {
    const value = toValue(Number(m[1]), m[2]);
    if (Number.isFinite(value) && (best === undefined || value > best)) best = value;
  }
  return best;
}

/** ✅ done, ⏳ in progress, ❌ blocked (the seed does not define ❌; it may also mean "not yet"). */
export type RequirementStatus = 'complete' | 'inProgress' | 'blocked';

export function parseStatus(raw: string): RequirementStatus | undefined {
  const text = raw.trim().toLowerCase();
  if (!text) return undefined;
  if (/✅|✔|☑|\[x\]|\b(?:done|complete|completed|yes|met|confirmed|ok)\b/.test(text)) return 'complete';
  if (/⏳|⌛|🔄|🚧|\b(?:wip|in[- ]progress|pending|partial|ongoing|tbd)\b/.test(text)) return 'inProgress';
  if (/❌|✖|✗|⛔|\b(?:blocked|no|not[- ]started|todo|to[- ]do|rejected|open|unsolved|failed)\b/.test(text)) return 'blocked';
  return undefined;
}
