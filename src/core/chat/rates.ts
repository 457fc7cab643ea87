/**
 * Reads the throughput figures in a chat message the way people state them: "~12k events/sec at
 * peak", "36 million records an hour", "5 MB/s of 1KB records", "20,000 devices each reporting every
 * 5 seconds", "2M daily users × 40 events a day", "peaks at 3x normal". Every number that is not the
 * user's own per-second figure comes back with its working. A figure that could be read two ways
 * comes back as a question instead of a number: a missing number is allowed, a wrong one is not.
 */
import { formatNumber } from '../analysis/format';

/** Which part of "peak/average" a figure is. `single` is one unlabelled rate (read as the peak). */
export type RateRole = 'peak' | 'average' | 'single';

/** One throughput figure found in the text, at [start, end). */
export interface RateMention {
  readonly start: number;
  readonly end: number;
  readonly role: RateRole;
  readonly recordsPerSecond?: number;
  /** The unrounded records/s behind a derived figure, so a multiplier works from it. */
  readonly exactRecordsPerSecond?: number;
  /** A data rate ("5 MB/s") still to be divided by the record size. */
  readonly bytesPerSecond?: number;
  /** How the figure was turned into records/s, when it was not stated per second. */
  readonly working?: string;
  /** A burst multiplier ("peaks at 3x normal"): peak = multiplier × the average. */
  readonly multiplier?: number;
  /** When set, the figure is not read: this is what to ask instead. */
  readonly question?: string;
}

const SUFFIX: Readonly<Record<string, number>> = {
  k: 1e3, thousand: 1e3, m: 1e6, mil: 1e6, mln: 1e6, mm: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
};

/** A number with an optional magnitude: "12k", "1.5 million", "2B". */
const NUM = String.raw`(\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|mil|mln|mm|bn)\b|(k|m|b)(?![a-z]))?`;
/** Words that name what is counted, between a number and its time unit. */
const NOUN_CORE = String.raw`(?:records?|recs?|recrods?|reocrds?|events?|evts?|evnets?|eventos|messages?|msgs?|mesages?|requests?|reqs?|writes?|puts?|rows?|logs?|log\s+lines?|lines?|entries|transactions?|txns?|txs?|clicks?|readings?|updates?|orders?|payments?|trades?|calls?|hits?|views?|impressions?|ticks?|notifications?|items?|documents?|docs?|points?|datapoints?|samples?|metrics?|spans?|bids?|quotes?|pings?|heartbeats?|signals?|changes?|mutations?|telemetry|data\s+points?|things|ones|actions?|activities|interactions?|sessions?|visits?|plays?|moves?|swipes?|searches|scans?|purchases?|uploads?|posts?|likes?|comments?|bets?|spins?|rides?|trips?|deliveries|shipments?|alerts?|alarms?|frames?|packets?|flows?|jobs?|tasks?|commands?|chats?|texts?|sms|emails?|pageviews?|sales?|bookings?|reservations?|positions?|locations?|pings?|beats?|measurements?|observations?|tweets?|payloads?)`;
/** The counted noun right after a number, with no other words between. */
const NOUN_NEXT = String.raw`(?:new\s+|incoming\s+|raw\s+|total\s+|individual\s+|json\s+|kinesis\s+)?${NOUN_CORE}`;
const NOUN = String.raw`(?:new\s+|incoming\s+|raw\s+|total\s+|individual\s+|json\s+|kinesis\s+)?(?:[a-z][\w-]*\s+){0,2}?${NOUN_CORE}`;
const SECOND = String.raw`(?:seconds?|secs?|sec|seocnd|secnod|seccond|s)`;
const MINUTE = String.raw`(?:minutes?|mins?|minuite|minute|m)`;
const HOUR = String.raw`(?:hours?|hrs?|hr|h|houre)`;
const DAY = String.raw`(?:days?|d|24\s*h(?:ours?|rs?)?)`;
const MONTH = String.raw`(?:months?|mo|weeks?|wk|years?|yr)`;
const UNIT = String.raw`(${SECOND}|${MINUTE}|${HOUR}|${DAY}|${MONTH})(?![a-z])`;
const PER = String.raw`(?:\s*\/\s*|\s*p\/|\s+per\s+|\s+pr\s+|\s+a\s+|\s+an\s+|\s+each\s+|\s+every\s+|\s+in\s+an?\s+)`;

/** "12k events/sec", "36 million records an hour", "500 msg/s", "2K rps", "40M events daily". */
const RATE = new RegExp(String.raw`(?<![\w.$€£])${NUM}\s*(?:${NOUN})?(?:(?:${PER})${UNIT}|\s*(rps|tps|eps|qps|mps|ops|rpm|rph|epm|eph|msg\/s|msgs\/s|\/s|\/sec)(?![a-z])|\s+(hourly|daily|a\s+day|per\s+day|nightly)\b)`, 'gi');
/** "5 MB/s", "36 GB per hour", "2 TB a day". */
const DATA_RATE = new RegExp(String.raw`(?<![\w.$€£])(\d+(?:\.\d+)?)\s*(kb|kib|mb|mib|gb|gib|tb|tib|bytes?)(?:\s+of\s+(?:data|traffic|logs|payload))?(?:(?:${PER})${UNIT}|\s*(ps|\/s)(?![a-z])|\s+(hourly|daily)\b)`, 'gi');
/** A bare number next to a peak/average word, the seed's shorthand "10K peak 5K avg". */
const BARE = new RegExp(String.raw`(?<![\w.$])${NUM}(?![\w%]|\.\d)(?!\s*(?:x|×|times|%|ms|millis|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|kb|mb|gb|bytes?|b)\b)`, 'gi');
const POPULATION_NOUN = String.raw`(?:of\s+them|of\s+those|users?|devices?|sensors?|vehicles?|cars?|trucks?|meters?|machines?|servers?|hosts?|containers?|pods?|stores?|shops?|terminals?|kiosks?|cameras?|phones?|players?|gamers?|customers?|clients?|subscribers?|visitors?|shoppers?|drivers?|riders?|gateways?|turbines?|robots?|drones?|scooters?|trackers?|thermostats?|endpoints?|agents?|instances?|nodes?|microservices?|services?|apps?|tills?|registers?|pumps?|assets?|dau|daus|accounts?|members?|patients?|wearables?|beacons?|buses|ships|vessels|planes|aircraft|trains|bikes|taxis|vans|tractors|elevators|printers|atms|routers|switches|towers|households|homes|buildings|rooms|tags|badges|lights|valves|probes|monitors|tablets|laptops|pcs|browsers|bots|workers|sites|locations|branches|restaurants|hotels|warehouses|factories|plants|farms|rigs|wells|satellites|units|boxes|lockers|chargers|stations|cells)`;
const POPULATION = new RegExp(String.raw`(?<![\w.])${NUM}\s+(?:(?:connected|active|daily|monthly|concurrent|simultaneous|online|unique|registered|iot|smart|edge|field|retail|game|mobile|pos|delivery|fleet|(?!(?:per|each|every|a|an|of|from|in|to|for|and|or|with|by)\b)[a-z]+-?)\s+){0,3}?(${POPULATION_NOUN})\b`, 'gi');

const PEAK_WORDS = /\b(?:peaks?|peaking|peaked|max(?:imum)?|maxes|burst(?:s|ing)?|spikes?|spiking|busiest|highest|top(?:s|\s+out)?|up\s+to|high\s+water|black\s+friday|rush)\b/;
const AVERAGE_WORDS = /\b(?:avg|average|averages|averaging|averaged|mean|typical(?:ly)?|normal(?:ly)?|steady|sustained|baseline|usual(?:ly)?|regular(?:ly)?|most\s+of\s+the\s+time|on\s+a\s+normal\s+day|day[- ]to[- ]day|nominal|rest\s+of\s+the\s+(?:day|time|week|year)|otherwise|outside\s+(?:of\s+)?(?:peaks?|busy|market|business)\b)\b/;
const OTHER_WORDS = /\b(?:off[- ]peak|minimum|min|lowest|low|quiet|overnight|at\s+night|trough)\b/;

/** A term the user wrote, a rate of `perUnit` seconds. */
interface Unit {
  readonly seconds?: number;
  readonly word: string;
}

function unitOf(raw: string | undefined): Unit {
  const u = (raw ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^(?:rps|tps|eps|qps|mps|ops|msgs?\/s|\/s|\/sec|ps)$/.test(u)) return { seconds: 1, word: 'second' };
  if (/^(?:rpm|epm)$/.test(u)) return { seconds: 60, word: 'minute' };
  if (/^(?:rph|eph|hourly)$/.test(u)) return { seconds: 3600, word: 'hour' };
  if (/^(?:daily|a day|per day|nightly)$/.test(u)) return { seconds: 86400, word: 'day' };
  if (new RegExp(`^${SECOND}$`).test(u)) return { seconds: 1, word: 'second' };
  if (new RegExp(`^${MINUTE}$`).test(u)) return { seconds: 60, word: 'minute' };
  if (new RegExp(`^${HOUR}$`).test(u)) return { seconds: 3600, word: 'hour' };
  if (new RegExp(`^${DAY}$`).test(u)) return { seconds: 86400, word: 'day' };
  return { word: u };
}

function numberOf(digits: string, wordSuffix: string | undefined, letterSuffix: string | undefined): number {
  const suffix = (wordSuffix ?? letterSuffix ?? '').toLowerCase();
  return Number(digits) * (SUFFIX[suffix] ?? 1);
}

/** Derived rates are rounded for the table: whole records/s from 100 up, two decimals below. */
export function roundRate(value: number): number {
  return value >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}

function approx(value: number, rounded: number): string {
  return value === rounded ? formatNumber(rounded) : `${formatNumber(value)} ≈ ${formatNumber(rounded)}`;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1, byte: 1, bytes: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1048576, gb: 1e9, gib: 1073741824, tb: 1e12, tib: 1099511627776,
};

export function bytesOf(value: number, unit: string): number {
  return value * (BYTE_UNITS[unit.toLowerCase()] ?? NaN);
}

/** The role a figure's neighbouring words give it. */
function roleAt(text: string, start: number, end: number, previousEnd: number, nextStart: number): RateRole | 'other' {
  const after = text.slice(end, Math.min(nextStart, end + 40));
  // "10K/s at peak", "4K/s on average", "10K peak" (no comma in between)
  const connectors = /^\s*(?:\)\s*)?(?:(?:at|on|in|during|for|as|is|the|an?|our|its|of|times|hours?|periods?)\s+){0,3}/.exec(after)?.[0] ?? '';
  const rest = after.slice(connectors.length);
  // the label must open what follows ("10K/s peak", "4K/s the rest of the day"), not merely appear in it
  const starts = (pattern: RegExp) => new RegExp(`^(?:${pattern.source})`).test(rest);
  if (/^[a-z]/.test(rest)) {
    if (starts(OTHER_WORDS)) return 'other';
    if (starts(PEAK_WORDS)) return 'peak';
    if (starts(AVERAGE_WORDS)) return 'average';
  }
  const before = text.slice(Math.max(previousEnd, start - 50), start);
  // The label nearest the number, within its clause.
  const clause = before.split(/[,;(]|[.!?](?:\s|$)|\band\b|\bbut\b|\bwhile\b|\bwhereas\b/).pop() ?? before;
  let best: { at: number; role: RateRole | 'other' } | undefined;
  for (const [pattern, role] of [[OTHER_WORDS, 'other'], [PEAK_WORDS, 'peak'], [AVERAGE_WORDS, 'average']] as const) {
    for (const m of clause.matchAll(new RegExp(pattern.source, 'g'))) {
      const at = (m.index ?? 0) + m[0].length;
      if (!best || at > best.at || (at === best.at && role === 'other')) best = { at, role };
    }
  }
  if (best) return best.role;
  return 'single';
}

/** For a bare number, only a label right beside it counts: "peak 10K", "10K peak", "averaging ~4K". */
function bareRoleAt(text: string, start: number, end: number): 'peak' | 'average' | undefined {
  const before = /(?:^|[^a-z])([a-z-]+)\s*(?:(?:is|of|at|around|about|roughly|approx(?:imately)?|~|:|=|-|up\s+to|hits?|reach(?:es)?|reaching|could\s+be|can\s+be|would\s+be|will\s+be|goes\s+to|to|near|rate|traffic|load|throughput)\s*){0,3}$/.exec(text.slice(Math.max(0, start - 40), start));
  const after = /^\s*(?:at\s+|on\s+|in\s+)?(?:the\s+)?([a-z-]+)/.exec(text.slice(end, end + 20));
  for (const word of [after?.[1], before?.[1]]) {
    if (word === undefined) continue;
    if (OTHER_WORDS.test(word)) return undefined;
    if (PEAK_WORDS.test(word)) return 'peak';
    if (AVERAGE_WORDS.test(word)) return 'average';
  }
  return undefined;
}

function overlaps(a: { start: number; end: number }, spans: readonly { start: number; end: number }[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

/** Marks the text as already read so later patterns skip it. */
interface Span { start: number; end: number }

const PAIR = new RegExp(String.raw`(?<![\w.])${NUM}\s*\/\s*${NUM}\s*(?:(rps|tps|eps|records?\/s(?:ec)?|events?\/s(?:ec)?|msgs?\/s|peak\s*\/\s*av(?:era)?g|avg\s*\/\s*peak|average\s*\/\s*peak)\b)`, 'gi');
const RANGE = new RegExp(String.raw`(?<![\w.])(?:between\s+)?${NUM}\s*(?:-|–|—|to|and)\s*${NUM}\b`, 'gi');

/**
 * Every rate in `text` (lower-case, thousands separators removed), in order of position.
 * `excluded` spans are parts of the text not to read (a correction's "not 1.5K").
 */
export function readRates(text: string, excluded: readonly Span[] = [], options: { readonly correction?: boolean } = {}): RateMention[] {
  const taken: Span[] = [...excluded];
  const found: (Omit<RateMention, 'role'> & { role?: RateRole })[] = [];

  // ---- populations × frequency (they contain rates that are per item, so go first)
  for (const p of readPopulations(text)) {
    if (overlaps(p, taken)) continue;
    taken.push({ start: p.start, end: p.end });
    found.push(p);
  }

  // ---- the table's own form: "10K/5K RPS", "50k/30k peak/avg"
  for (const m of text.matchAll(PAIR)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps({ start, end }, taken)) continue;
    taken.push({ start, end });
    const averageFirst = /^avg|^average|^mean/.test(m[7] ?? '');
    const first = numberOf(m[1], m[2], m[3]);
    const second = numberOf(m[4], m[5], m[6]);
    found.push({ start, end, role: averageFirst ? 'average' : 'peak', recordsPerSecond: first });
    found.push({ start: end - 1, end, role: averageFirst ? 'peak' : 'average', recordsPerSecond: second });
  }

  // ---- ranges: "5-8K/s", "between 5K and 8K events per second" → ask
  for (const m of text.matchAll(RANGE)) {
    const start = m.index ?? 0;
    const tail = text.slice(start + m[0].length, start + m[0].length + 40);
    const isRate = new RegExp(String.raw`^\s*(?:${NOUN})?(?:(?:${PER})${UNIT}|\s*(?:rps|tps|eps|qps|msg\/s|\/s))`, 'i').test(tail);
    if (!isRate || overlaps({ start, end: start + m[0].length }, taken)) continue;
    const rateEnd = start + m[0].length + (new RegExp(String.raw`^\s*(?:${NOUN})?(?:(?:${PER})${UNIT}|\s*(?:rps|tps|eps|qps|msg\/s|\/s))`, 'i').exec(tail)?.[0].length ?? 0);
    taken.push({ start, end: rateEnd });
    found.push({ start, end: rateEnd, question: `You gave a range ("${text.slice(start, rateEnd).trim()}"). What peak should I size for, and what is the usual (average) rate?` });
  }

  // ---- data rates
  for (const m of text.matchAll(DATA_RATE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps({ start, end }, taken)) continue;
    taken.push({ start, end });
    const unit = unitOf(m[3] ?? m[4] ?? m[5]);
    const bytes = bytesOf(Number(m[1]), m[2]);
    if (unit.seconds === undefined) {
      found.push({ start, end, question: `${m[0].trim()}: per ${unit.word} is not a rate I can size without knowing how the traffic spreads. How many records per second is that at peak?` });
      continue;
    }
    found.push({
      start, end, bytesPerSecond: bytes / unit.seconds, ...(unit.seconds === 86400 ? { role: 'average' as const } : {}),
      working: `${formatNumber(Number(m[1]))} ${m[2].toUpperCase().replace('BYTES', 'bytes').replace('BYTE', 'byte')} per ${unit.word}${unit.seconds === 1 ? '' : ` ÷ ${formatNumber(unit.seconds)} s`}`,
    });
  }

  // ---- record rates
  for (const m of text.matchAll(RATE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps({ start, end }, taken)) continue;
    taken.push({ start, end });
    const value = numberOf(m[1], m[2], m[3]);
    const unit = unitOf(m[4] ?? m[5] ?? m[6]);
    const stated = text.slice(start, end).trim();
    // "30 events per device per minute", "40 events a day per user" with no population: ask
    const perItem = /^\s*(?:(?:per|each|for\s+each|from\s+each|a)\s+)(?:user|device|sensor|customer|player|vehicle|client|machine|server|store|visitor|session|host)\b/.exec(text.slice(end, end + 30));
    if (perItem || /\b(?:each|per)\s+(?:user|device|sensor|customer|player|vehicle|client|machine|server|store)\s+\w*\s*$/.test(text.slice(Math.max(0, start - 40), start))) {
      found.push({ start, end: end + (perItem?.[0].length ?? 0), question: `${stated} per ${perItem ? perItem[0].trim().split(/\s+/).pop() : 'item'}: how many of them send data at the same time (at peak and on average)?` });
      continue;
    }
    // "1 reading/sec each", "each pushing 1500 records/s" with no population read: per item, so ask
    if (/^\s*(?:each|apiece|per\s+(?:one|item|unit|piece|instance|producer|host|box))\b/.test(text.slice(end, end + 20))
      || /\beach\s+(?:\w+ing|sends?|pushe?s|emits?|produces?|generates?|writes?|does|handles?)\s+(?:about\s+|around\s+|roughly\s+|~\s*)?$/.test(text.slice(Math.max(0, start - 40), start))) {
      found.push({ start, end, question: `${stated} from each one: how many of them are there?` });
      continue;
    }
    // "600 events/min from each of our 250 stores"; "15M page views a day, each view fires about 4 events"
    const fromEach = new RegExp(String.raw`^\s*(?:from|for|per|at|in|across)?\s*each\s+of\s+(?:our|the|these|those)?\s*(?:${NUM}\s+)?([a-z]+)`, 'i').exec(text.slice(end, end + 50));
    const fanOut = new RegExp(String.raw`^\W*(?:and\s+)?(?:each|every)\s+(?:[a-z]+\s+){0,2}?(?:fires?|generates?|produces?|emits?|sends?|creates?|triggers?|results?\s+in|becomes?|has|contains?|makes?)\s+(?:about|around|roughly|~|approximately)?\s*(\d+(?:\.\d+)?)\s+(?:${NOUN})\b`, 'i').exec(text.slice(end, end + 70));
    if (fromEach && unit.seconds !== undefined) {
      if (fromEach[1] === undefined) {
        found.push({ start, end: end + fromEach[0].length, question: `${stated} from each ${fromEach[4]}: how many ${fromEach[4]} are there?` });
        continue;
      }
      const items = numberOf(fromEach[1], fromEach[2], fromEach[3]);
      const perSecondAll = (value * items) / unit.seconds;
      const roundedAll = roundRate(perSecondAll);
      found.push({ start, end: end + fromEach[0].length, recordsPerSecond: roundedAll, exactRecordsPerSecond: perSecondAll, working: `${formatNumber(items)} ${fromEach[4]} × ${stated}${unit.seconds === 1 ? '' : ` ÷ ${formatNumber(unit.seconds)} s`} = ${approx(perSecondAll, roundedAll)} records/s`, ...(unit.seconds === 86400 ? { role: 'average' as const } : {}) });
      continue;
    }
    if (fanOut && unit.seconds !== undefined) {
      const each = Number(fanOut[1]);
      const perSecondAll = (value * each) / unit.seconds;
      const roundedAll = roundRate(perSecondAll);
      found.push({ start, end: end + fanOut[0].length, recordsPerSecond: roundedAll, exactRecordsPerSecond: perSecondAll, working: `${stated} × ${formatNumber(each)} records each${unit.seconds === 1 ? '' : ` ÷ ${formatNumber(unit.seconds)} s`} = ${approx(perSecondAll, roundedAll)} records/s`, ...(unit.seconds === 86400 ? { role: 'average' as const } : {}) });
      continue;
    }
    if (unit.seconds === undefined) {
      found.push({ start, end, question: `"${stated}": how does that spread over the ${unit.word}? Tell me the records per second (or per minute or hour) at peak and on average.` });
      continue;
    }
    const perSecond = value / unit.seconds;
    const rounded = roundRate(perSecond);
    const working = unit.seconds === 1 && !m[2] && value === Number(m[1])
      ? undefined
      : unit.seconds === 1
        ? undefined
        : `${stated} = ${formatNumber(value)} ÷ ${formatNumber(unit.seconds)} s = ${approx(perSecond, rounded)} records/s`;
    found.push({ start, end, recordsPerSecond: rounded, exactRecordsPerSecond: perSecond, working, ...(unit.seconds === 86400 ? { role: 'average' as const } : {}) });
  }

  // ---- multipliers: "peaks at 3x normal", "spikes to double", "traffic triples on Black Friday"
  for (const mult of readMultipliers(text)) {
    if (overlaps(mult, taken)) continue;
    taken.push(mult);
    found.push(mult);
  }

  // ---- the seed's shorthand: a bare number beside peak/average ("10K peak 5K avg")
  for (const m of text.matchAll(BARE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps({ start, end }, taken)) continue;
    if ((m[3] ?? '').toLowerCase() === 'b') continue; // "500B" is a size
    const next = text.slice(end, end + 30);
    const noun = new RegExp(String.raw`^\s*(?:${NOUN_NEXT})\b`, 'i').exec(next)?.[0] ?? '';
    // in a correction ("make it 20k") a bare figure is the new rate; elsewhere it needs a label
    const correctionFigure = options.correction && !noun && (m[2] !== undefined || m[3] !== undefined || Number(m[1]) >= 100) && !/^\s*(?:[a-z]+\s+)?(?:shards?|%|ms|x|kb|mb|bytes?|hours?|days?)\b/.test(next);
    const role = bareRoleAt(text, start, end + noun.length) ?? (correctionFigure ? 'single' : undefined);
    if (role === undefined) continue;
    // "10K events at peak": counted, but per what? ask rather than assume seconds
    if (noun) {
      taken.push({ start, end: end + noun.length });
      found.push({ start, end: end + noun.length, role, question: `"${text.slice(start, end + noun.length).trim()}" ${role === 'peak' ? 'at peak' : 'on average'}: per second, per minute or per hour?` });
      continue;
    }
    // years, percentages, versions, counts of things
    if (/^\s*(?:[a-z]+\s+)?(?:shards?|partitions?|consumers?|producers?|streams?|apps?|%|percent|ms|x)\b/.test(next) || Number(m[1]) === 0) continue;
    if (/\b(?:ago|version|v)\s*$/.test(text.slice(Math.max(0, start - 10), start))) continue;
    taken.push({ start, end });
    found.push({ start, end, role, recordsPerSecond: numberOf(m[1], m[2], m[3]) });
  }

  found.sort((a, b) => a.start - b.start);
  const mentions: RateMention[] = [];
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    const previousEnd = i > 0 ? found[i - 1].end : 0;
    const nextStart = i + 1 < found.length ? found[i + 1].start : text.length;
    const role = f.role ?? (f.multiplier !== undefined ? 'peak' : roleAt(text, f.start, f.end, previousEnd, nextStart));
    if (role === 'other') continue;
    const context = contextOf(text, f);
    // "a shard takes 1,000 records per second": the user is quoting a limit, not their traffic
    if (f.multiplier === undefined && /\b(?:per|a|each|one|every|single)\s+shard\b|\bshards?\s+(?:takes?|handles?|is|are|gives?|supports?|allows?|can)\b|\blimits?\b|\bquota\b/.test(context)) continue;
    // "grow to 5,000 events/s next year": a future figure is asked about, not sized for today
    if (f.multiplier === undefined && !f.question && /\b(?:grow(?:s|ing)?|scal(?:e|es|ing)\s+up|ramp(?:s|ing)?\s+up|expand(?:s|ing)?|will\s+(?:be|reach|hit))\s+(?:\w+\s+){0,2}$|\b(?:grow(?:s|ing)?|increase|scale|ramp)\s+to\s+$/.test(text.slice(Math.max(previousEnd, f.start - 30), f.start))
      || /^\s*(?:\w+\s+){0,3}(?:next\s+year|in\s+(?:a|one|two|\d+)\s+(?:years?|months?)|by\s+(?:20\d\d|next|the\s+end)|eventually|in\s+the\s+future|long[- ]term)\b/.test(text.slice(f.end, Math.min(nextStart, f.end + 40)))) {
      mentions.push({ ...f, role, recordsPerSecond: undefined, bytesPerSecond: undefined, question: `You mentioned growth to "${text.slice(f.start, f.end).trim()}". Should I size for that future figure, or for today's traffic?` });
      continue;
    }
    mentions.push({ ...f, role });
  }
  return mentions;
}

/** The clause around a figure: from the last comma, "and" or sentence break before it to the next one after. */
function contextOf(text: string, span: Span): string {
  const before = text.slice(Math.max(0, span.start - 60), span.start).split(/[,;(]|[.!?](?:\s|$)|\band\b|\bbut\b/).pop() ?? '';
  const after = text.slice(span.end, span.end + 40).split(/[,;)]|[.!?](?:\s|$)|\band\b|\bbut\b/)[0] ?? '';
  return `${before} ${text.slice(span.start, span.end)} ${after}`;
}

const WORD_NUMBERS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, once: 1, single: 1, two: 2, twice: 2, double: 2, doubles: 2, doubled: 2, doubling: 2, three: 3, thrice: 3, triple: 3, triples: 3, tripled: 3, tripling: 3,
  four: 4, quadruple: 4, quadruples: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20,
};

function countOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  const w = word.toLowerCase();
  return WORD_NUMBERS[w] ?? (Number.isFinite(Number(w)) ? Number(w) : undefined);
}

const MULTIPLIER = new RegExp(String.raw`\b(?:(?:peaks?|peaking|spikes?|spiking|bursts?|bursting|surges?|surging|jumps?|goes|grows?|rises?|climbs?|increases?|traffic|load|volume|it)\s+(?:(?:up|at|to|of|by|around|about|roughly|maybe|probably|perhaps|like|approximately|~|as\s+much\s+as|as\s+high\s+as|up\s+to|is|are|can|could|will|would|might|be|reach(?:es|ing)?|hit(?:s|ting)?)\s+){0,4}(?:(\d+(?:\.\d+)?)\s*(?:x|×|times)(?![a-z])|(two|three|four|five|ten)\s+times|(double|triple|quadruple|twice))|\b(doubles|triples|quadruples|doubling|tripling)\b|(\d+(?:\.\d+)?)\s*(?:x|×)\s+(?:at\s+peak|during\s+(?:peaks?|spikes?|bursts?)|spikes?|bursts?|peaks?))`, 'gi');

/** Burst multipliers: the peak as a multiple of normal traffic. */
function readMultipliers(text: string): (Span & { multiplier: number; role?: RateRole })[] {
  const found: (Span & { multiplier: number })[] = [];
  for (const m of text.matchAll(MULTIPLIER)) {
    const start = m.index ?? 0;
    const factor = m[1] !== undefined ? Number(m[1]) : m[5] !== undefined ? Number(m[5]) : countOf(m[2] ?? m[3] ?? m[4]);
    if (factor === undefined || !(factor > 1) || factor > 1000) continue;
    // "3x the average" / "3 times normal" / "double" — a multiple of something other than traffic is not read
    const after = text.slice(start + m[0].length, start + m[0].length + 40);
    if (/^\s*(?:the\s+)?(?:shards?|cost|price|size|record|latency|retention)\b/.test(after)) continue;
    found.push({ start, end: start + m[0].length, multiplier: factor });
  }
  // "avg about half that": the average as a share of the peak
  for (const m of text.matchAll(/\b(?:avg|average|averages|normally|typically|usually|baseline|the\s+rest\s+of\s+the\s+time)\s+(?:is\s+|of\s+)?(?:about\s+|around\s+|roughly\s+|~\s*)?(half|a\s+third|one\s+third|a\s+quarter|one\s+quarter)\s+(?:of\s+)?(?:that|it|this|the\s+peak|peak)\b/gi)) {
    const share = /half/.test(m[1]) ? 0.5 : /third/.test(m[1]) ? 1 / 3 : 0.25;
    const start = m.index ?? 0;
    found.push({ start, end: start + m[0].length, multiplier: share });
  }
  // "goes up 50% at lunchtime", "40% higher at peak"
  for (const m of text.matchAll(/\b(?:(?:goes|go|grows?|rises?|jumps?|increases?|spikes?|peaks?|climbs?|surges?)\s+(?:up\s+)?(?:by\s+)?(?:about\s+|around\s+|~)?(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s+(?:higher|more|above\s+(?:normal|average|the\s+average))(?:\s+at\s+peak)?)/gi)) {
    const percent = Number(m[1] ?? m[2]);
    if (!(percent > 0) || percent > 10000) continue;
    const start = m.index ?? 0;
    found.push({ start, end: start + m[0].length, multiplier: 1 + percent / 100 });
  }
  return found;
}

/** "every 5 seconds", "once a minute", "twice per second", "10 times an hour", "at 1 Hz", "3 readings per minute". */
const FREQUENCY = new RegExp(String.raw`(?:(\d+(?:\.\d+)?|a|an|one|two|three|four|five|ten|single)\s+(?:${NOUN}\s+)?)?(?:every|each|per|a|an)\s+(\d+(?:\.\d+)?\s*|few\s+|couple\s+of\s+)?${UNIT}|\b(once|twice|thrice|(\d+(?:\.\d+)?|two|three|four|five|ten)\s*times?)\s+(?:a|an|per|every|each)\s+(\d+(?:\.\d+)?\s*)?${UNIT}|(\d+(?:\.\d+)?)\s*hz\b|(\d+(?:\.\d+)?)\s*(?:${NOUN})\s*(?:\/|per|a|an)\s*(?:(?:user|device|sensor|vehicle|customer|player|client|machine|server|store|host|person)\s+(?:per\s+|a\s+|an\s+|\/\s*|each\s+)?)?(\d+(?:\.\d+)?\s*)?${UNIT}`, 'gi');

interface Frequency extends Span {
  /** Records per item per `seconds`. */
  readonly count: number;
  readonly seconds: number;
  readonly phrase: string;
  /** "each", "apiece", "per device": clearly per item. */
  readonly perItem: boolean;
  /** What is sent, in the user's word ("reading", "events"). */
  readonly noun: string;
}

function readFrequencies(text: string, from: number, to: number): Frequency[] {
  const part = text.slice(from, to);
  const found: Frequency[] = [];
  for (const m of part.matchAll(FREQUENCY)) {
    const start = from + (m.index ?? 0);
    const end = start + m[0].length;
    const phrase = m[0].trim();
    let count: number | undefined;
    let every = 1;
    let unit: Unit;
    if (m[4] !== undefined) {
      // once/twice/N times a minute
      count = countOf(m[5] ?? m[4]);
      every = m[6] ? Number(m[6]) : 1;
      unit = unitOf(m[7]);
    } else if (m[8] !== undefined) {
      count = Number(m[8]);
      unit = { seconds: 1, word: 'second' };
    } else if (m[9] !== undefined) {
      count = Number(m[9]);
      every = m[10] ? Number(m[10]) : 1;
      unit = unitOf(m[11]);
    } else {
      count = countOf(m[1] ?? 'one');
      if (m[2] && !/^\d/.test(m[2].trim())) continue; // "every few seconds": not a number
      every = m[2] ? Number(m[2]) : 1;
      unit = unitOf(m[3]);
      // "per second" alone (no count, no "every") is not a frequency: "500 devices per second" is odd
      if (!m[1] && !/^(?:every|each)\b/i.test(phrase)) continue;
    }
    if (count === undefined || unit.seconds === undefined || !(every > 0)) continue;
    const context = text.slice(Math.max(0, start - 45), Math.min(text.length, end + 25));
    const perItem = /\beach\s+of\s+(?:our|the|these|those|its|their)\b/.test(text.slice(Math.max(0, from - 40), from)) || /\b(?:each|every\s+(?:user|device|sensor|vehicle|one)|apiece|per\s+(?:user|device|sensor|vehicle|customer|player|client|machine|server|store|host|person)|one\s+of\s+them)\b/.test(context)
      || count === 1 || /^(?:every|each)\b/i.test(phrase) || m[4] !== undefined || m[8] !== undefined;
    const noun = new RegExp(String.raw`\b(${NOUN})\b`, 'i').exec(phrase.replace(/^(?:\d+(?:\.\d+)?|a|an|one)\s+/, ''))?.[1].split(/\s+/).pop();
    found.push({ start, end, count, seconds: every * unit.seconds, phrase, perItem, noun: noun ?? (count === 1 ? 'record' : 'records') });
  }
  return found;
}

/** A population and how often each member sends: "20,000 devices each reporting every 5 seconds". */
function readPopulations(text: string): (Omit<RateMention, 'role'> & { role?: RateRole })[] {
  const found: (Omit<RateMention, 'role'> & { role?: RateRole })[] = [];
  const all = [...text.matchAll(POPULATION)];
  for (const m of all) {
    const start = m.index ?? 0;
    const population = numberOf(m[1], m[2], m[3]);
    const noun = m[4];
    // the frequency belongs to this population when it follows within the sentence
    const sentenceEnd = text.slice(start).search(/[.;\n!?](?:\s|$)/);
    const to = sentenceEnd < 0 ? text.length : start + sentenceEnd;
    // the frequency follows the population ("20,000 devices each reporting every 5 s"), or comes
    // first about each one ("each user sends a heartbeat every 30 s and we have 120,000 users")
    const sentenceFrom = Math.max(0, text.slice(0, start).search(/[^.;!?\n]*$/));
    const frequency = readFrequencies(text, start + m[0].length, to)[0]
      ?? readFrequencies(text, sentenceFrom, start).find((f) => /\beach\s+[a-z]+\b/.test(text.slice(sentenceFrom, f.start)) && f.perItem);
    if (!frequency) continue;
    // "1,200 factories, every factory has ~50 machines, each emits...": the inner population reads it
    if (frequency.start > start && all.some((o) => (o.index ?? 0) > start && (o.index ?? 0) < frequency.start)) continue;
    const daily = /\b(?:daily|dau|a\s+day)\b/.test(m[0]) || frequency.seconds === 86400;
    const span = { start: Math.min(start, frequency.start), end: Math.max(frequency.end, start + m[0].length) };
    let count = population;
    let countWorking = `${formatNumber(population)} ${noun}`;
    // "1 million users and 5% are active at any time": only the active share sends
    const gap = frequency.start > start ? text.slice(start + m[0].length, frequency.start) : '';
    const share = /(\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:them|those|these)\s+)?(?:are\s+|is\s+)?(?:active|online|concurrent|connected|live|in\s+use|using)/.exec(gap);
    if (share) {
      count = (population * Number(share[1])) / 100;
      countWorking += ` × ${share[1]}% active`;
    } else if (/%/.test(gap)) {
      found.push({ ...span, question: `${formatNumber(population)} ${noun}: what share of them send "${frequency.phrase}" at the same time?` });
      continue;
    }
    // "1,200 factories, every factory has ~50 machines": machines in every factory
    const sentenceStart = Math.max(0, text.slice(0, start).search(/[^.;!?\n]*$/));
    const outer = /(?<![\w.])(\d+(?:\.\d+)?)\s*(k|thousand)?\s+([a-z]+?)s?\s*,?\s*(?:and\s+)?(?:every|each|per)\s+([a-z]+)\s*(?:has|have|with|runs?|contains?|hosts?|houses?|operates?|:|-)?\s*(?:about|around|roughly|approximately|~)?\s*$/.exec(text.slice(sentenceStart, start));
    if (outer) {
      const outerCount = Number(outer[1]) * (outer[2] ? 1e3 : 1);
      count *= outerCount;
      countWorking = `${formatNumber(outerCount)} ${outer[3]}s × ${countWorking} each`;
      span.start = sentenceStart + (outer.index ?? 0);
    } else if (/\b(?:every|each|per)\s+[a-z]+\s+(?:has|have|with|runs?|contains?)\s*(?:about|around|roughly|~)?\s*$/.test(text.slice(sentenceStart, start))) {
      found.push({ ...span, question: `${formatNumber(population)} ${noun} in each of how many? Tell me the total number of ${noun}.` });
      continue;
    }
    if (!frequency.perItem) {
      found.push({ ...span, question: `${formatNumber(population)} ${noun} and "${frequency.phrase}": is that ${frequency.phrase} from each of them, or in total?` });
      continue;
    }
    const perSecond = (count * frequency.count) / frequency.seconds;
    if (!(perSecond > 0)) continue;
    const rounded = roundRate(perSecond);
    const per = frequency.seconds === 1 ? 'second' : frequency.seconds === 60 ? 'minute' : frequency.seconds === 3600 ? 'hour' : frequency.seconds === 86400 ? 'day' : `${formatNumber(frequency.seconds)} s`;
    const convert = frequency.seconds === 1 || /\d s$/.test(per) ? '' : ` ÷ ${formatNumber(frequency.seconds)} s`;
    const working = `${countWorking} × ${formatNumber(frequency.count)} ${frequency.noun} per ${per}${convert} = ${approx(perSecond, rounded)} records/s`;
    const between = frequency.start > start ? text.slice(start, frequency.start) : text.slice(start, Math.min(to, start + m[0].length + 20));
    const role = daily || AVERAGE_WORDS.test(between) ? 'average' : PEAK_WORDS.test(between) ? 'peak' : undefined;
    found.push({ ...span, recordsPerSecond: rounded, exactRecordsPerSecond: perSecond, working, ...(role ? { role } : {}) });
  }
  return found;
}
