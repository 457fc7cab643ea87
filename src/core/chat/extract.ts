/**
 * The deterministic reader behind `@kinesis`: pulls requirement facts out of a chat message
 * ("clickstream 10K peak 5K avg, 2KB, under 100 ms, keep 24 hours") without a language model. It
 * never invents a number: only figures the user wrote (or an estimate multiplied from the user's own
 * business figures, labelled as such) come back.
 */
import { formatNumber } from '../analysis/format';
import { parseThroughput } from '../requirements/valueParsers';

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
}

const RATE_WORDS = /\b(?:peak|max(?:imum)?|avg|average|mean|typical|steady|sustained|rps|tps|eps|msg\/s|per\s+sec(?:ond)?|records?\s*(?:\/|per)\s*s(?:ec(?:ond)?)?|events?\s*(?:\/|per)\s*s(?:ec(?:ond)?)?|messages?\s*(?:\/|per)\s*s(?:ec(?:ond)?)?|requests?\s*(?:\/|per)\s*s(?:ec(?:ond)?)?)(?![a-z])/i;
const BYTE_UNIT = /\d\s*(?:bytes?|b|kb|kib|mb|mib|gb|gib)(?![a-z])/i;
const HAS_NUMBER = /\d/;
const SIZE = /(?<![\w.])(\d+(?:\.\d+)?)\s*(bytes?|b|kb|kib|mb|mib)(?![a-z/])(?!\s*(?:\/|per)\s*s)/i;
const LATENCY = /(?:under|below|less than|within|at most|no more than|<=?|latency(?:\s+(?:of|under|below|is|<))?|p\d\d(?:\s+of)?)\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|millis|s|secs?|seconds?)(?![a-z])/i;
const LATENCY_AFTER = /(\d+(?:\.\d+)?)\s*(ms|milliseconds?)\s+(?:latency|end[- ]to[- ]end|or less|max)/i;
const RETENTION = /(?:keep|kept|retain(?:ed)?|retention(?:\s+(?:of|is|period|for))?|store[ds]?|hold|durability(?:\s+of)?)\s+(?:it\s+|them\s+|data\s+|records\s+|events\s+)?(?:for\s+)?(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?|yrs?)(?![a-z])/i;
const POPULATION = /(\d+(?:\.\d+)?)\s*(k|m|thousand|million)?\s+(users|devices|sensors|customers|players|vehicles|clients|machines|stores|shoppers|visitors|servers|terminals|meters)\b/i;
const PER_ITEM_RATE = /(\d+(?:\.\d+)?)\s*(events?|records?|messages?|readings?|clicks?|requests?|updates?|logs?|transactions?)\s*(?:per|\/|a|an|every|each)\s*(\d+(?:\.\d+)?\s*)?(seconds?|secs?|s|minutes?|mins?|hours?|hrs?)\b/i;

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

/** Reads one chat message. */
export function extractRequirementInfo(message: string): ExtractedInfo {
  const text = normalise(message);
  return {
    requirements: extractRequirements(text),
    domain: extractDomain(text),
    businessContext: extractBusinessContext(text),
    producers: extractList(text, [
      /\b(?:producers?|data sources?|sources?)\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i,
      /\b(?:data|events|records) (?:comes?|come|arrives?) from\s+([^.;\n]+)/i,
      /\b(?:sent|produced|published|written) by\s+([^.;\n]+)/i,
    ]),
    consumers: extractList(text, [
      /\bconsumers?\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i,
      /\b(?:consumed|read|processed) by\s+([^.;\n]+)/i,
    ]),
    downstream: extractList(text, [/\bdownstream(?: systems?)?\s*(?:are|is|:|include|will be|=)\s*([^.;\n]+)/i]),
    partitionKey: extractPartitionKey(text),
    answers: {
      noOtherSources: /\bno (?:other|more|additional|further)\b|\bnothing else\b|\bthat(?:'s| is) (?:all|everything|it)\b|\bnone\b/i.test(text),
      confirmed: /\b(?:i|we) confirm\b|\bconfirmed\b|\ball (?:the )?requirements (?:are )?(?:captured|complete|covered)\b|\brequirements are complete\b|\bready (?:for|to) (?:the )?design\b/i.test(text),
      agreed: /^\s*(?:yes|yep|yeah|ok(?:ay)?|sure|agreed?|sounds good|go ahead|do it|write it|correct|please do|let'?s do (?:it|that))\b/i.test(text)
        || /\b(?:i agree|sounds good|go with (?:that|it|your proposal)|write (?:it|them|that) down)\b/i.test(text),
    },
  };
}

function normalise(message: string): string {
  // thousands separators ("10,000") would otherwise split a number at the comma
  return message.replace(/(\d),(?=\d{3}(?!\d))/g, '$1').replace(/\r\n?/g, '\n');
}

/**
 * A message can describe several requirements ("clickstream 10K peak...; orders 1K peak..."). Each
 * sentence with a throughput starts a requirement; the sentences after it add to it.
 */
function extractRequirements(text: string): ExtractedRequirement[] {
  const sentences = text.split(/[;\n]|\.(?=\s|$)/).map((s) => s.trim()).filter(Boolean);
  const chunks: string[][] = [];
  for (const sentence of sentences) {
    const startsNew = hasRate(sentence) || estimateFromPopulation(sentence) !== undefined;
    if (startsNew || chunks.length === 0) chunks.push([sentence]);
    else chunks[chunks.length - 1].push(sentence);
  }
  const found: ExtractedRequirement[] = [];
  for (const chunk of chunks) {
    const requirement = extractRequirement(chunk.join(', '));
    if (requirement) found.push(requirement);
  }
  return found;
}

function hasRate(sentence: string): boolean {
  return sentence.split(',').some((s) => isRateSegment(s));
}

function isRateSegment(segment: string): boolean {
  return HAS_NUMBER.test(segment) && RATE_WORDS.test(segment) && !BYTE_UNIT.test(segment) && !/\d\s*(?:ms|milliseconds?)\b/i.test(segment);
}

function extractRequirement(chunk: string): ExtractedRequirement | undefined {
  const segments = chunk.split(',').map((s) => s.trim()).filter(Boolean);
  const rateIndexes = segments.map((s, i) => (isRateSegment(s) ? i : -1)).filter((i) => i >= 0);
  let throughput: string | undefined;
  let peak: number | undefined;
  let average: number | undefined;
  let source: string | undefined;
  let description: string | undefined;
  if (rateIndexes.length > 0) {
    const rateText = rateIndexes.map((i) => segments[i]).join(' ');
    const parsed = parseThroughput(stripNonRateNumbers(rateText));
    peak = parsed.peakRecordsPerSecond;
    average = parsed.averageRecordsPerSecond;
    if (peak !== undefined) {
      throughput = formatThroughputCell(peak, average);
      source = 'stated by the user';
    }
    const first = segments[rateIndexes[0]];
    description = cleanDescription(first.slice(0, first.search(/\d/)));
    if (!description && rateIndexes[0] > 0 && !HAS_NUMBER.test(segments[rateIndexes[0] - 1])) {
      description = cleanDescription(segments[rateIndexes[0] - 1]);
    }
  } else {
    const estimate = estimateFromPopulation(chunk);
    if (estimate) {
      peak = estimate.recordsPerSecond;
      throughput = formatThroughputCell(peak, undefined);
      source = `estimated from the user's figures: ${estimate.working}`;
      description = cleanDescription(chunk.slice(0, chunk.search(/\d/)));
    }
  }
  const size = SIZE.exec(chunk);
  const latency = LATENCY.exec(chunk) ?? LATENCY_AFTER.exec(chunk);
  const subSecond = /\bsub[- ]?second\b/i.test(chunk);
  const retention = RETENTION.exec(chunk);
  const processingType = PROCESSING_TYPES.find(([pattern]) => pattern.test(chunk))?.[1];
  const requirement: ExtractedRequirement = {
    description: description ? capitalise(description) : undefined,
    throughput,
    peakRecordsPerSecond: peak,
    averageRecordsPerSecond: average,
    throughputSource: source,
    recordSize: size ? `${size[1]}${sizeUnit(size[2])}` : undefined,
    latency: latency ? `<${latency[1]}${latencyUnit(latency[2])}` : subSecond ? '<1s' : undefined,
    retention: retention ? `${retention[1]} ${durationUnit(retention[2], Number(retention[1]))}` : undefined,
    processingType,
  };
  const hasFacts = requirement.throughput || requirement.recordSize || requirement.latency || requirement.retention;
  return hasFacts ? requirement : undefined;
}

/** "10K peak 5K avg at 2 per user" must not read the 2: keep only numbers next to rate words. */
function stripNonRateNumbers(text: string): string {
  return text.replace(/\b(?:at|with|for|about|around|roughly|~)\s+(?=\d)/gi, ' ');
}

/** "2,000 devices sending 1 reading every 10 seconds" → 200 records/s, with the working. */
export function estimateFromPopulation(text: string): { recordsPerSecond: number; working: string } | undefined {
  const population = POPULATION.exec(text);
  const rate = PER_ITEM_RATE.exec(text);
  if (!population || !rate) return undefined;
  const count = Number(population[1]) * multiplier(population[2]);
  const perItem = Number(rate[1]);
  const every = rate[3] ? Number(rate[3]) : 1;
  const unitSeconds = /^h/i.test(rate[4]) ? 3600 : /^m/i.test(rate[4]) ? 60 : 1;
  const seconds = every * unitSeconds;
  if (!(count > 0) || !(perItem > 0) || !(seconds > 0)) return undefined;
  const recordsPerSecond = (count * perItem) / seconds;
  const per = seconds === 1 ? 'second' : `${formatNumber(seconds)} s`;
  return {
    recordsPerSecond,
    working: `${formatNumber(count)} ${population[3].toLowerCase()} × ${formatNumber(perItem)} ${rate[2].toLowerCase()} per ${per} = ${formatNumber(recordsPerSecond)} records/s`,
  };
}

function multiplier(word: string | undefined): number {
  const w = (word ?? '').toLowerCase();
  return w === 'k' || w === 'thousand' ? 1e3 : w === 'm' || w === 'million' ? 1e6 : 1;
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
  const cleaned = text.replace(/\b(?:at\s+)?(?:peak|max(?:imum)?|avg|average|mean|of)\s*$/i, '').trim().replace(/[:–—-]+\s*$/, '').replace(FILLER, '').replace(/\s+(?:at|of|with|is|has|does|doing|sends?|at about)\s*$/i, '').trim();
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

function extractPartitionKey(text: string): string | undefined {
  const match = /\bpartition(?:ing)?\s*key\s*(?:is|will be|=|:|of|should be|as|would be)?\s*[`"']?([A-Za-z_][\w.#+]*(?:\s*[+#]\s*[\w.()]+)*)[`"']?/i.exec(text);
  return match ? match[1].trim() : undefined;
}
