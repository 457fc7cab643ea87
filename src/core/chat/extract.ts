/**
 * The deterministic reader behind `@kinesis`: pulls requirement facts out of a chat message
 * ("clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours") without a language model. It
 * never invents a number: only figures the user wrote (or an estimate multiplied from the user's own
 * business figures, labelled as such) come back.
 */
import { formatBytes, formatNumber } from '../analysis/format';
import { readComponents, readPartitionKey } from './prose';
import { bytesOf, readRates, roundRate, type RateMention } from './rates';

/** One requirement row's worth of facts, as table-cell text the requirements engine reads back. */
export interface ExtractedRequirement {
  readonly description?: string;
  /** Cell text such as `10K/5K RPS`. */
  readonly throughput?: string;
  readonly peakRecordsPerSecond?: number;
  readonly averageRecordsPerSecond?: number;
  /** Where the throughput came from, in words ("stated by the user", "estimated from ..."). */
  readonly throughputSource?: string;
  /** Cell text such as `2KB`. */
  readonly recordSize?: string;
  /** Cell text such as `<100ms`. */
  readonly latency?: string;
  /** Cell text such as `24 hours`. */
  readonly retention?: string;
  readonly processingType?: string;
  /**
   * Which figures were stated: `both`, only the `peak`, only the `average`, or one unlabelled `single`
   * rate (read as the peak). The updater keeps the other figure of a row it changes.
   */
  readonly rateRole?: 'both' | 'peak' | 'average' | 'single';
  /** Part of a correction ("make that 12K peak"): change the row it names (or the last), never add one. */
  readonly correction?: boolean;
}

/** What the user said that changes the conversation rather than the table. */
export interface ExtractedAnswers {
  /** "No other producers or consumers", "that's all". */
  readonly noOtherSources: boolean;
  /** "I confirm all requirements are captured". */
  readonly confirmed: boolean;
  /** "Yes", "sounds good", "go ahead": agreement to a pending proposal. */
  readonly agreed: boolean;
}

/** Everything the extractor found in one message. */
export interface ExtractedInfo {
  readonly requirements: readonly ExtractedRequirement[];
  readonly domain?: string;
  readonly businessContext?: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly downstream: readonly string[];
  readonly partitionKey?: string;
  readonly answers: ExtractedAnswers;
  /**
   * Figures the reader would not turn into a number because they can be read two ways (a range, a
   * data rate without a record size, "20 orders a minute" from 500 stores: each or in total?). The
   * conversation asks them; nothing is written for them.
   */
  readonly questions: readonly string[];
  /** The message corrects an earlier figure ("make that 12K peak"): it updates a row, never adds one. */
  readonly correction: boolean;
}


const PROCESSING_TYPES: readonly [RegExp, string][] = [
  [/\bfraud\b/i, 'Fraud detection'],
  [/\banomal/i, 'Anomaly detection'],
  [/\baudit|complian/i, 'Compliance audit'],
  [/\barchiv/i, 'Archival'],
  [/\breal[- ]time analytics|\bdashboards?\b|\banalytics\b/i, 'Real-time analytics'],
  [/\balert/i, 'Alerting'],
  [/\betl\b|\bbatch\b/i, 'Batch processing'],
  [/\brecommendation/i, 'Recommendations'],
  [/\bmonitor/i, 'Monitoring'],
];
const DOMAIN_KEYWORDS: readonly [RegExp, string][] = [
  [/\biot\b/i, 'IoT'],
  [/\be-?commerce\b|\bonline (?:shop|store)/i, 'E-commerce'],
  [/\breal[- ]time analytics\b/i, 'Real-time analytics'],
  [/\blog (?:processing|aggregation)\b/i, 'Log processing'],
  [/\bgaming\b|\bgame\b/i, 'Gaming'],
  [/\bpayments?\b|\bfintech\b|\bbanking\b/i, 'Financial services'],
  [/\bevent[- ]driven\b/i, 'Event-driven architecture'],
];

const SIZE = /(?<![\w.])(\d+(?:\.\d+)?)[\s-]*(bytes?|b|kb|kib|mb|mib)(?![a-z/])(?!\s*(?:\/|per|a|an|every|each)\s*(?:s|sec|second|min|minute|h|hr|hour|day)\b)(?!\s*ps\b)/gi;
const LATENCY = /(?:under|below|less than|within|at most|no more than|<=?|latency(?:\s+(?:of|under|below|is|<))?|p\d\d(?:\s+of)?)\s*~?(\d+(?:\.\d+)?)\s*(ms|milliseconds?|millis|s|secs?|seconds?)(?![a-z])/i;
const LATENCY_AFTER = /(\d+(?:\.\d+)?)\s*(ms|milliseconds?)\s+(?:latency|end[- ]to[- ]end|or less|max)/i;
const RETENTION = /(?:keep|kept|retain(?:ed)?|retention(?:\s+(?:of|is|period|for))?|store[ds]?|hold|durability(?:\s+of)?)\s+(?:it\s+|them\s+|data\s+|records\s+|events\s+|everything\s+)?(?:for\s+)?(?:at\s+least\s+)?(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?|yrs?)(?![a-z])/i;
const CORRECTION = /\b(?:make\s+(?:that|it)|actually|correction|i\s+meant|we\s+meant|sorry|scratch\s+that|wait|my\s+bad|typo|update\s+(?:the\s+)?[\w ]{0,30}?\bto\b|change\s+(?:the\s+)?[\w ]{0,30}?\bto\b|revis(?:e|ed|ing)|not\s+~?\d[\d.]*\s*[kmb]?\s*,?\s*(?:but|it'?s)|instead\s+of\s+~?\d|rather\s+than\s+~?\d|(?:it|that)\s+(?:should\s+(?:be|have\s+been)|is\s+really)|lower\s+than\s+i\s+said|higher\s+than\s+i\s+said)\b/i;
const CORRECTED_AWAY = /\b(?:not|instead\s+of|rather\s+than|from|was|wasn'?t|isn'?t)\s+(?:~|about\s+|around\s+)?\d[\d.]*\s*(?:kb|mb|bytes?|k|m|b|thousand|million)?\b(?:\s*(?:rps|tps|eps|\/s(?:ec)?|per\s+sec(?:ond)?|records?\/s|events?\/s))?/gi;

/** Reads one chat message. */
export function extractRequirementInfo(message: string): ExtractedInfo {
  const text = normaliseMessage(message);
  const lower = text.toLowerCase();
  const correction = CORRECTION.test(lower) && /\d/.test(lower);
  // "make that 12K, not 10K": the number being corrected away is not read
  const excluded = correction
    ? [...lower.matchAll(CORRECTED_AWAY)]
      .filter((m) => !/^from\b/.test(m[0]) || /^\s*to\b/.test(lower.slice((m.index ?? 0) + m[0].length)))
      .map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }))
    : [];
  const mentions = readRates(lower, excluded, { correction });
  const questions: string[] = [];
  const requirements = extractRequirements(text, lower, mentions, excluded, questions).map((r) => (correction ? { ...r, correction: true } : r));
  const components = readComponents(text);
  return {
    requirements,
    domain: extractDomain(text),
    businessContext: extractBusinessContext(text),
    producers: merge(extractList(text, [
      /\b(?:producers?|data sources?|sources?)\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i,
      /\b(?:data|events|records) (?:comes?|come|arrives?) from\s+([^.;\n]+)/i,
      /\b(?:sent|produced|published|written) by\s+([^.;\n]+)/i,
    ]), components.producers),
    consumers: merge(extractList(text, [
      /\bconsumers?\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i,
      /\b(?:consumed|read|processed) by\s+([^.;\n]+)/i,
    ]), components.consumers),
    downstream: merge(extractList(text, [/\bdownstream(?: systems?)?\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i]), components.downstream),
    partitionKey: readPartitionKey(text),
    answers: {
      noOtherSources: /\bno (?:other|more|additional|further)\b|\bnothing else\b|\bthat(?:'s| is) (?:all|everything|it)\b|\bnone\b/i.test(text),
      confirmed: /\b(?:i|we) confirm\b|\bconfirmed\b|\ball (?:the )?requirements (?:are )?(?:captured|complete|covered)\b|\brequirements are complete\b|\bready (?:for|to) (?:the )?design\b/i.test(text),
      agreed: /^\s*(?:yes|yep|yeah|ok(?:ay)?|sure|agreed?|sounds good|go ahead|do it|write it|correct|please do|let'?s do (?:it|that))\b/i.test(text)
        || /\b(?:i agree|sounds good|go with (?:that|it|your proposal)|write (?:it|them|that) down)\b/i.test(text),
    },
    questions: [...new Set(questions)],
    correction,
  };
}

/**
 * An explicit list ("Producers are the web app and Lambda") keeps the user's words; names found in
 * prose are added when the list does not already mention them.
 */
function merge(listed: string[], prose: readonly string[]): string[] {
  const out = [...listed];
  for (const name of prose) {
    const words = name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && w !== 'app' && w !== 'application');
    if (!out.some((item) => words.some((w) => item.toLowerCase().includes(w)))) out.push(name);
  }
  return out;
}

const UNITS: Readonly<Record<string, number>> = {
  a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const WORD_MAGNITUDE = /\b(a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?(?:\s+(hundred))?\s+(thousand|million|billion)\b/gi;

/** "twenty thousand" → "20 thousand", "a hundred thousand" → "100 thousand": only before a magnitude word. */
function wordNumbers(text: string): string {
  return text.replace(WORD_MAGNITUDE, (_all, tens: string, ones: string | undefined, hundred: string | undefined, magnitude: string) => {
    const value = (UNITS[tens.toLowerCase()] + (ones ? UNITS[ones.toLowerCase()] : 0)) * (hundred ? 100 : 1);
    return `${value} ${magnitude}`;
  });
}

/** Number words, thousands separators, × and quotes in the forms the readers expect. */
export function normaliseMessage(message: string): string {
  // thousands separators ("10,000", "10 000") would otherwise split a number
  return wordNumbers(message).replace(/(\d),(?=\d{3}(?!\d))/g, '$1').replace(/(\d) (?=\d{3}(?!\d))/g, '$1').replace(/[×✕]/g, 'x').replace(/≈/g, '~')
    .replace(/[’‘]/g, "'").replace(/\r\n?/g, '\n');
}

interface Group {
  start: number;
  end: number;
  mentions: RateMention[];
}

/**
 * Whether a figure can join a requirement's others: one peak and one average (an unlabelled figure
 * takes whichever is free) and one multiplier. A second peak means a second requirement.
 */
function fits(mentions: readonly RateMention[], m: RateMention): boolean {
  if (m.multiplier !== undefined) return !mentions.some((c) => c.multiplier !== undefined);
  const rates = mentions.filter((c) => c.multiplier === undefined);
  if (rates.length >= 2) return false;
  const [other] = rates;
  if (!other) return true;
  if (m.role === 'single' || other.role === 'single') return m.role !== other.role;
  return m.role !== other.role;
}

const DESCRIPTION_FILLER = new Set(("we i our it its it's that this these those they them there here traffic load volume throughput rate rates see get gets have has had handle handles expect expects do does hit hits reach reaches run runs is are was were be been will would should can could about around roughly approximately approx on at in during a an the normal normally typical typically usual usually day days average averages averaging avg peak peaks peaking max maximum mean steady sustained baseline of and but so then while with goes go up to down maybe like something some close nearly just over under per second seconds also plus times hours hour busiest highest most time which what when where now ok okay hi hello hey yes no well right another third new requirement need needs want wants sends send sending produce produces generating generates receive receives getting come comes coming arrive arrives bursts burst tops top highest max maximum spikes spike spiking bursting surging climbing jumping rising going reaching hitting topping maxing other side rest remaining for from me you lot lots total overall combined all both each every one two events records messages msgs stuff things data that's there's rest near nearly around weekday weekdays weekend weekends afternoon afternoons morning mornings evening evenings night nights hours periods season seasons sale sales holiday holidays launch launches campaign campaigns closer more less quieter lower higher off calmer busier record size sizes throughput latency retention payload make actually correction sorry meant nah wait push pushes write writes ingest ingests emit emits stream streams ship ships produce"
).split(' '));

function isDescriptive(text: string): boolean {
  return text.toLowerCase().split(/[^a-z0-9_'-]+/).some((w) => w.length >= 3 && !DESCRIPTION_FILLER.has(w) && !/^\d/.test(w));
}

/**
 * A message can describe several requirements ("clickstream 10K peak...; orders 1K peak..."). A rate
 * starts a new requirement when the current one already has a figure of its kind (a second peak), or
 * when it opens a new sentence that names something ("Orders: 300/s on average").
 */
function extractRequirements(text: string, lower: string, mentions: readonly RateMention[], excluded: readonly Span[], questions: string[]): ExtractedRequirement[] {
  const groups: Group[] = [];
  for (const m of mentions) {
    if (m.question) {
      questions.push(m.question);
      continue;
    }
    const current = groups.at(-1);
    if (!current) {
      groups.push({ start: 0, end: m.end, mentions: [m] });
      continue;
    }
    const between = lower.slice(current.end, m.start);
    const sentenceBreak = /[.;\n!?](?:\s|$)/.exec(between);
    // a new sentence, or a new clause after "and"/","/";", that names something starts a new requirement
    const conjunctionAt = [...between.matchAll(/,|;|\band\b|\bwhile\b|\bplus\b|\bwhereas\b/g)].at(-1);
    // ...unless, within one sentence, it is the labelled other half ("200/s normally, Cyber Monday spikes to 2,000/s")
    const otherHalf = m.role !== 'single' && current.mentions.every((c) => c.multiplier !== undefined || (c.role !== 'single' && c.role !== m.role));
    const newClauseNamesSomething = sentenceBreak
      ? isDescriptive(between.slice(sentenceBreak.index + 1))
      : !otherHalf && conjunctionAt !== undefined && isDescriptive(between.slice((conjunctionAt.index ?? 0) + conjunctionAt[0].length));
    if (!fits(current.mentions, m) || newClauseNamesSomething) {
      // the new requirement starts at the sentence break, else at the last "and"/","/";" before it
      const conjunction = [...between.matchAll(/,|;|\band\b|\bwhile\b|\bplus\b|\bwhereas\b/g)].at(-1);
      const offset = sentenceBreak ? sentenceBreak.index + 1 : conjunction ? conjunction.index ?? 0 : 0;
      groups.push({ start: current.end + offset, end: m.end, mentions: [m] });
    } else {
      current.mentions.push(m);
      current.end = m.end;
    }
  }
  // a size inside a rate ("5 MB/s", "4.32B events") or a corrected-away figure is not a record size
  const skip: (Span & { inside: boolean })[] = [
    ...excluded.map((e) => ({ ...e, inside: true })),
    ...mentions.filter((m) => m.multiplier === undefined).map((m) => ({ start: m.start, end: m.end, inside: m.bytesPerSecond !== undefined || m.question !== undefined })),
  ];
  if (groups.length === 0) {
    const facts = requirementFacts(lower, 0, text.length, skip);
    if (!(facts.recordSize || facts.latency || facts.retention)) return [];
    const description = describe(text, 0, firstNumberAt(text));
    const { recordSizeBytes: _bytes, ...cells } = facts;
    return [{ description: description ? capitalise(description) : undefined, ...cells }];
  }
  const found: ExtractedRequirement[] = [];
  groups.forEach((g, i) => {
    const to = i + 1 < groups.length ? groups[i + 1].start : text.length;
    const { recordSizeBytes, ...cells } = requirementFacts(lower, g.start, to, skip);
    const rate = resolveRate(g, recordSizeBytes, questions);
    const description = describe(text, g.start, g.mentions[0].start);
    const requirement: ExtractedRequirement = { description: description ? capitalise(description) : undefined, ...rate, ...cells };
    if (requirement.throughput || requirement.recordSize || requirement.latency || requirement.retention) found.push(requirement);
  });
  return found;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

function firstNumberAt(text: string): number {
  const at = text.search(/\d/);
  return at < 0 ? text.length : at;
}

function describe(text: string, from: number, to: number): string | undefined {
  let before = text.slice(from, to).split(/[.;\n!?](?:\s|$)/).pop() ?? '';
  // "3 streams: orders (300/s)" names the requirement after the colon
  const colon = before.lastIndexOf(':');
  if (colon >= 0 && isDescriptive(before.slice(colon + 1))) before = before.slice(colon + 1);
  const cleaned = cleanDescription(before.replace(/[~≈$€£]+\s*$/, '').replace(/^\s*(?:(?:make\s+(?:that|it)|actually|correction|sorry|wait|ok(?:ay)?|so|and|also|then|update|change|set|typo|hi|hello|hey|nah|no|yeah|yes|ok)[\s,:]+)+/i, '').replace(/\b(?:(?:we|i)\s+(?:have|get|see|ingest|need|handle|expect|receive|process|do)|there(?:'s| is| are))\s+/gi, ''));
  // "We keep them 7 days" speaks of the records already discussed: no name, so no new requirement
  if (cleaned && REFERS_BACK.test(cleaned)) return undefined;
  return cleaned && isDescriptive(cleaned) ? cleaned : undefined;
}

const REFERS_BACK = /^(?:(?:we|i|you)\s+)?(?:(?:need|want|have)\s+to\s+|must\s+|should\s+)?(?:keep|store|retain|hold|save|replay)?\s*(?:them|it|these|those|this|that|everything|all\s+of\s+(?:it|them)|the\s+(?:data|records|events))?\s*(?:for|around|about)?$/i;

interface Facts {
  readonly recordSize?: string;
  readonly recordSizeBytes?: number;
  readonly latency?: string;
  readonly retention?: string;
  readonly processingType?: string;
}

function requirementFacts(lower: string, from: number, to: number, skip: readonly (Span & { inside: boolean })[]): Facts {
  const chunk = lower.slice(from, to);
  // a size inside a data rate ("5 MB/s") or a corrected-away figure is not a record size
  const size = [...chunk.matchAll(SIZE)].find((m) => !skip.some((s) => (s.inside ? from + (m.index ?? 0) >= s.start && from + (m.index ?? 0) < s.end : from + (m.index ?? 0) === s.start)));
  const latency = LATENCY.exec(chunk) ?? LATENCY_AFTER.exec(chunk);
  const subSecond = /\bsub[- ]?second\b/i.test(chunk);
  const retention = RETENTION.exec(chunk);
  return {
    recordSize: size ? `${size[1]}${sizeUnit(size[2])}` : undefined,
    recordSizeBytes: size ? bytesOf(Number(size[1]), /^bytes?$/.test(size[2]) ? 'b' : size[2]) : undefined,
    latency: latency ? `<${latency[1]}${latencyUnit(latency[2])}` : subSecond ? '<1s' : undefined,
    retention: retention ? `${retention[1]} ${durationUnit(retention[2], Number(retention[1]))}` : undefined,
    processingType: PROCESSING_TYPES.find(([pattern]) => pattern.test(chunk))?.[1],
  };
}

type RateCells = Pick<ExtractedRequirement, 'throughput' | 'peakRecordsPerSecond' | 'averageRecordsPerSecond' | 'throughputSource' | 'rateRole'>;

/** Peak and average from a requirement's figures, with the working for anything not stated per second. */
function resolveRate(g: Group, recordSizeBytes: number | undefined, questions: string[]): RateCells {
  const workings: string[] = [];
  let estimated = false;
  const valueOf = (m: RateMention | undefined): number | undefined => {
    if (!m) return undefined;
    if (m.recordsPerSecond !== undefined) {
      if (m.working) workings.push(m.working);
      if (m.working && /×/.test(m.working)) estimated = true;
      return m.recordsPerSecond;
    }
    if (m.bytesPerSecond !== undefined) {
      if (recordSizeBytes === undefined || !(recordSizeBytes > 0)) {
        questions.push(`How big is one record? I need it to turn ${formatBytes(m.bytesPerSecond)}/s into records per second.`);
        return undefined;
      }
      const perSecond = m.bytesPerSecond / recordSizeBytes;
      const rounded = roundRate(perSecond);
      workings.push(`${m.working ?? `${formatBytes(m.bytesPerSecond)}/s`} ÷ ${formatNumber(recordSizeBytes)} bytes per record = ${formatNumber(rounded)} records/s`);
      return rounded;
    }
    return undefined;
  };
  const first = (role: RateMention['role']) => g.mentions.find((m) => m.role === role && m.multiplier === undefined);
  let peak = valueOf(first('peak'));
  let average = valueOf(first('average'));
  const single = valueOf(first('single'));
  const multiplier = g.mentions.find((m) => m.multiplier !== undefined)?.multiplier;
  if (single !== undefined) {
    if (peak === undefined && average === undefined && multiplier !== undefined && multiplier > 1) average = single;
    else if (peak === undefined) peak = single;
    else if (average === undefined) average = single;
  }
  if (peak !== undefined && average === undefined && multiplier !== undefined && multiplier < 1) {
    average = roundRate(peak * multiplier);
    workings.push(`average = ${formatNumber(peak)} records/s × ${formatNumber(multiplier)} (the stated share of the peak) = ${formatNumber(average)} records/s`);
  }
  if (peak === undefined && average !== undefined && multiplier !== undefined && multiplier > 1) {
    const base = g.mentions.find((m) => m.recordsPerSecond === average)?.exactRecordsPerSecond ?? average;
    peak = roundRate(base * multiplier);
    workings.push(`peak = ${formatNumber(average)} records/s × ${formatNumber(multiplier)} (the stated burst) = ${formatNumber(peak)} records/s`);
  }
  if (peak !== undefined && average !== undefined && average > peak) {
    questions.push(`The average (${formatRate(average)}/s) is above the peak (${formatRate(peak)}/s). Which figure is the peak?`);
    return {};
  }
  let rateRole: ExtractedRequirement['rateRole'];
  if (peak !== undefined && average !== undefined) rateRole = 'both';
  else if (peak !== undefined) rateRole = first('peak') ? 'peak' : 'single';
  else if (average !== undefined) rateRole = 'average';
  else return {};
  const throughput = peak !== undefined ? formatThroughputCell(peak, average) : `avg ${formatRate(average ?? 0)} RPS`;
  const throughputSource = workings.length ? `${estimated ? 'estimated' : 'converted'} from the user's figures: ${workings.join('; ')}` : 'stated by the user';
  return { throughput, peakRecordsPerSecond: peak, averageRecordsPerSecond: average, throughputSource, rateRole };
}

/** "2,000 devices sending 1 reading every 10 seconds" → 200 records/s, with the working. */
export function estimateFromPopulation(text: string): { recordsPerSecond: number; working: string } | undefined {
  const found = readRates(normaliseMessage(text).toLowerCase()).find((m) => m.working !== undefined && /×/.test(m.working) && m.recordsPerSecond !== undefined);
  return found?.working !== undefined && found.recordsPerSecond !== undefined ? { recordsPerSecond: found.recordsPerSecond, working: found.working } : undefined;
}

/** 10000 → "10K", 1500 → "1.5K", 2000000 → "2M", 500 → "500": the form people write in the table. */
export function formatRate(value: number): string {
  if (value >= 1e6 && Number.isInteger(value / 1e5)) return `${value / 1e6}M`;
  if (value >= 1e3 && Number.isInteger(value / 100)) return `${value / 1e3}K`;
  return formatNumber(value).replace(/,/g, '');
}

export function formatThroughputCell(peak: number, average: number | undefined): string {
  return average === undefined ? `${formatRate(peak)} RPS` : `${formatRate(peak)}/${formatRate(average)} RPS`;
}

function sizeUnit(unit: string): string {
  const u = unit.toLowerCase();
  if (u === 'b' || u.startsWith('byte')) return 'B';
  return { kb: 'KB', kib: 'KiB', mb: 'MB', mib: 'MiB' }[u] ?? unit;
}

function latencyUnit(unit: string): string {
  return /^m/i.test(unit) ? 'ms' : 's';
}

function durationUnit(unit: string, value: number): string {
  const u = unit.toLowerCase();
  const base = u.startsWith('h') ? 'hour' : u.startsWith('d') ? 'day' : u.startsWith('w') ? 'week' : u.startsWith('mo') ? 'month' : 'year';
  return value === 1 ? base : `${base}s`;
}

const FILLER = /^(?:(?:and|also|plus|then|we|i|have|has|there|is|are|a|an|the|our|for|with|about|around|roughly|need|needs|to|another|second|new|requirement|:|-)\s+)+/i;

function cleanDescription(text: string): string | undefined {
  let cleaned = text.trim();
  // peel trailing connectors and labels ("orders stream peaks at about", "clickstream: peak of")
  for (let previous = ''; previous !== cleaned;) {
    previous = cleaned;
    cleaned = cleaned.replace(/[\s:,–—~(-]+$/, '').replace(/^[\s,;:)–—-]+/, '')
      .replace(/\s*\b(?:at|of|with|is|are|has|have|does|doing|sends?|sending|runs?|hits?|sees?|gets?|about|around|roughly|approximately|approx|~|up\s+to|peaks?|peaking|max(?:imum)?|avg|average|averages|averaging|mean|on|in|during|typically|usually|normally|the|a|an|to|around|reaches|generates?|produces?|does)$/i, '');
  }
  cleaned = cleaned.replace(FILLER, '').trim();
  return cleaned.length >= 2 && cleaned.length <= 80 ? cleaned : undefined;
}

function capitalise(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function extractDomain(text: string): string | undefined {
  const explicit = /\b(?:domain is|we(?:'re| are) building|i(?:'m| am) building|building)\s+(?:an?\s+|the\s+)?([^.,;\n]+)/i.exec(text);
  if (explicit) {
    const value = explicit[1].trim().replace(/\s+(?:that|which|where)\b.*$/i, '');
    if (value.length >= 2 && value.length <= 80) return capitalise(value);
  }
  return DOMAIN_KEYWORDS.find(([pattern]) => pattern.test(text))?.[1];
}

function extractBusinessContext(text: string): string | undefined {
  const sentences = text.split(/[.;\n]/).map((s) => s.trim()).filter((s) => /\b(?:complian\w*|regulat\w*|gdpr|pci|hipaa|sox|sla|must (?:never|not|always))\b/i.test(s));
  return sentences.length ? sentences.map(capitalise).join('; ') : undefined;
}

function extractList(text: string, patterns: readonly RegExp[]): string[] {
  const items: string[] = [];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    for (const raw of match[1].split(/,|\band\b|\bplus\b|&/i)) {
      const item = raw.replace(/^\s*(?:the|a|an|our|some)\s+/i, '').replace(/\s+(?:too|as well)$/i, '').trim();
      if (item.length >= 2 && item.length <= 60 && !/^(?:no|none|nothing)$/i.test(item) && !items.some((i) => i.toLowerCase() === item.toLowerCase())) items.push(item);
    }
  }
  return items;
}

