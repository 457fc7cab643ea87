/**
 * With a language model, the model reads and the engine checks. The model proposes facts through one
 * structured shape (the `kinesis_proposeRequirementFacts` tool, or the same JSON in its text), each
 * number with the user's words it came from. The engine applies a number only when it can read that
 * number back from those words itself (stated, per-minute/hour/day, population × frequency, daily
 * users × events, data rate ÷ record size, burst multiplier: the derivations of chat/rates.ts), and
 * only when its own reading of the whole message does not say otherwise. Everything else becomes a
 * question. Shard counts, costs and hot-shard verdicts are never proposed: the engine computes them.
 */
import * as z from 'zod/mini';
import { formatNumber } from '../analysis/format';
import { extractRequirementInfo, formatThroughputCell, normaliseMessage, type ExtractedInfo, type ExtractedRequirement } from '../chat/extract';
import { readRates, roundRate } from '../chat/rates';
import { parseLatency, parseRecordSize, parseRetentionHours } from '../requirements/valueParsers';

/** The tool the model calls to propose facts (the participant handles the call itself). */
export const PROPOSE_FACTS_TOOL = 'kinesis_proposeRequirementFacts';

const quotedNumber = z.object({
  value: z.number(),
  /** The user's own words this number was read from, copied exactly. */
  quote: z.string().check(z.minLength(1), z.maxLength(500)),
});
const quotedText = z.object({ value: z.string().check(z.minLength(1), z.maxLength(200)), quote: z.string().check(z.minLength(1), z.maxLength(500)) });

/** One requirement as the model read it. Every field is optional: missing is allowed, wrong is not. */
const proposedRequirement = z.object({
  description: z.optional(z.string().check(z.maxLength(200))),
  peakRecordsPerSecond: z.optional(quotedNumber),
  averageRecordsPerSecond: z.optional(quotedNumber),
  recordSizeBytes: z.optional(quotedNumber),
  latencyMs: z.optional(quotedNumber),
  retentionHours: z.optional(quotedNumber),
});

export const factProposalsSchema = z.object({
  requirements: z.optional(z.array(proposedRequirement).check(z.maxLength(20))),
  producers: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(20))),
  consumers: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(20))),
  partitionKey: z.optional(quotedText),
  domain: z.optional(z.string().check(z.maxLength(200))),
});

export type FactProposals = z.infer<typeof factProposalsSchema>;
export type ProposedRequirement = z.infer<typeof proposedRequirement>;

/** The JSON schema given to the model as the tool's input schema (and quoted in its instructions). */
export function factProposalsJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(factProposalsSchema) as Record<string, unknown>;
  return schema;
}

/** Parses what the model sent (a tool input or JSON in its text); undefined when it is not proposals. */
export function parseFactProposals(input: unknown): FactProposals | undefined {
  const value = typeof input === 'string' ? jsonIn(input) : input;
  const parsed = factProposalsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function jsonIn(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  try {
    return JSON.parse(fenced);
  } catch {
    return undefined;
  }
}

export type NumericField = 'peakRecordsPerSecond' | 'averageRecordsPerSecond' | 'recordSizeBytes' | 'latencyMs' | 'retentionHours';
const NUMERIC_FIELDS: readonly NumericField[] = ['peakRecordsPerSecond', 'averageRecordsPerSecond', 'recordSizeBytes', 'latencyMs', 'retentionHours'];
const FIELD_WORDS: Readonly<Record<NumericField, string>> = {
  peakRecordsPerSecond: 'peak records per second',
  averageRecordsPerSecond: 'average records per second',
  recordSizeBytes: 'record size in bytes',
  latencyMs: 'latency in milliseconds',
  retentionHours: 'retention in hours',
};

/** A proposal the engine applied, with how it read the number back. */
export interface AcceptedFact {
  readonly requirement?: string;
  readonly field: NumericField | 'partitionKey' | 'producer' | 'consumer' | 'domain';
  readonly value: number | string;
  readonly quote?: string;
  /** The engine's own reading of the quote (the working for a derived number). */
  readonly how: string;
}

/** A proposal the engine would not apply, and why. */
export interface RefusedFact {
  readonly requirement?: string;
  readonly field: AcceptedFact['field'];
  readonly value: number | string;
  readonly quote?: string;
  readonly reason: 'quote not in the message' | 'number not in the quoted words' | 'disagrees with the reader';
}

export interface GroundingResult {
  /** The reader's facts with the grounded proposals merged in: what the turn writes. */
  readonly info: ExtractedInfo;
  readonly accepted: readonly AcceptedFact[];
  readonly refused: readonly RefusedFact[];
  /** Questions for the refused facts and the disagreements (also in info.questions, first). */
  readonly questions: readonly string[];
}

/**
 * Checks the model's proposals against the user's message and the deterministic reader's `info` (of
 * the same message), and merges the facts that pass.
 */
export function groundProposals(message: string, info: ExtractedInfo, proposals: FactProposals): GroundingResult {
  const accepted: AcceptedFact[] = [];
  const refused: RefusedFact[] = [];
  const questions: string[] = [];
  const haystack = squash(normaliseMessage(message));
  const requirements: ExtractedRequirement[] = info.requirements.map((r) => ({ ...r }));
  const proposed = proposals.requirements ?? [];

  proposed.forEach((p, i) => {
    const matchIndex = matchRequirement(requirements, p, proposed.length, i);
    const reader = matchIndex === undefined ? undefined : requirements[matchIndex];
    const name = p.description ?? reader?.description;
    const facts: Partial<Record<NumericField, { value: number; how: string; cell?: string; quote: string }>> = {};
    // sizes first: a data rate in a quote is turned into records with the requirement's record size
    const order: NumericField[] = ['recordSizeBytes', 'latencyMs', 'retentionHours', 'peakRecordsPerSecond', 'averageRecordsPerSecond'];
    for (const field of order) {
      const fact = p[field];
      if (!fact) continue;
      if (!haystack.includes(squash(normaliseMessage(fact.quote)))) {
        refused.push({ requirement: name, field, value: fact.value, quote: fact.quote, reason: 'quote not in the message' });
        questions.push(refusalQuestion(name, field, fact.value, fact.quote, 'those words are not in your message'));
        continue;
      }
      const sizeBytes = facts.recordSizeBytes?.value ?? readerNumber(reader, 'recordSizeBytes');
      const reading = readBack(fact.quote, field, fact.value, sizeBytes);
      if (!reading) {
        refused.push({ requirement: name, field, value: fact.value, quote: fact.quote, reason: 'number not in the quoted words' });
        questions.push(refusalQuestion(name, field, fact.value, fact.quote, 'I cannot get that number from those words'));
        continue;
      }
      facts[field] = { ...reading, quote: fact.quote };
    }
    // A single unlabelled figure the reader took as the peak may be the average the model says it is.
    if (reader?.rateRole === 'single' && facts.averageRecordsPerSecond && !facts.peakRecordsPerSecond && close(facts.averageRecordsPerSecond.value, reader.peakRecordsPerSecond)) {
      requirements[matchIndex!] = { ...reader, peakRecordsPerSecond: undefined, throughput: undefined, rateRole: undefined };
    }
    const target: ExtractedRequirement = matchIndex === undefined ? { description: groundedText(p.description, haystack) } : requirements[matchIndex];
    let merged: ExtractedRequirement = target;
    let rateFromModel = false;
    for (const field of NUMERIC_FIELDS) {
      const fact = facts[field];
      if (!fact) continue;
      const own = readerNumber(merged, field);
      if (own !== undefined && !close(own, fact.value)) {
        refused.push({ requirement: name, field, value: fact.value, quote: fact.quote, reason: 'disagrees with the reader' });
        questions.push(`For ${name ?? 'this requirement'}, is the ${FIELD_WORDS[field]} ${formatNumber(own)} or ${formatNumber(fact.value)}? Your words can be read both ways, so I have written neither.`);
        merged = withoutField(merged, field);
        continue;
      }
      accepted.push({ requirement: name, field, value: fact.value, quote: fact.quote, how: fact.how });
      if (own !== undefined) continue;
      if (field === 'peakRecordsPerSecond' || field === 'averageRecordsPerSecond') {
        merged = { ...merged, [field]: fact.value };
        rateFromModel = true;
      } else {
        const cellField = field === 'recordSizeBytes' ? 'recordSize' : field === 'latencyMs' ? 'latency' : 'retention';
        merged = { ...merged, [cellField]: fact.cell };
      }
    }
    if (rateFromModel) merged = withThroughputCell(merged, facts);
    if (matchIndex !== undefined) requirements[matchIndex] = merged;
    else if (NUMERIC_FIELDS.some((f) => readerNumber(merged, f) !== undefined)) requirements.push(info.correction ? { ...merged, correction: true } : merged);
  });

  const producers = groundNames(proposals.producers, info.producers, haystack, 'producer', accepted, refused, questions);
  const consumers = groundNames(proposals.consumers, info.consumers, haystack, 'consumer', accepted, refused, questions);
  let partitionKey = info.partitionKey;
  const pk = proposals.partitionKey;
  if (pk) {
    const key = pk.value.replace(/[`'"]/g, '').trim();
    if (!new RegExp(`(?:^|[^\\w])${escapeRegExp(key.toLowerCase())}(?:$|[^\\w])`).test(normaliseMessage(message).toLowerCase())) {
      refused.push({ field: 'partitionKey', value: key, quote: pk.quote, reason: 'quote not in the message' });
      questions.push(`Which field should be the partition key? I did not find \`${key}\` in your message.`);
    } else if (partitionKey && partitionKey !== key) {
      refused.push({ field: 'partitionKey', value: key, quote: pk.quote, reason: 'disagrees with the reader' });
      questions.push(`Is the partition key \`${partitionKey}\` or \`${key}\`?`);
      partitionKey = undefined;
    } else {
      partitionKey = key;
      accepted.push({ field: 'partitionKey', value: key, quote: pk.quote, how: 'named in your message' });
    }
  }
  const domain = info.domain ?? groundedText(proposals.domain, haystack);
  if (!info.domain && domain) accepted.push({ field: 'domain', value: domain, how: 'named in your message' });

  return {
    info: {
      ...info,
      requirements,
      producers,
      consumers,
      partitionKey,
      domain,
      questions: [...new Set([...questions, ...info.questions])],
    },
    accepted,
    refused,
    questions,
  };
}

/**
 * The engine's own reading of `quote` for `field`, when it gives `value`: the cell text and how the
 * number was read. Rates accept any derivation the reader knows (and a data rate ÷ `sizeBytes`).
 */
function readBack(quote: string, field: NumericField, value: number, sizeBytes: number | undefined): { value: number; how: string; cell?: string } | undefined {
  const read = extractRequirementInfo(quote).requirements;
  if (field === 'peakRecordsPerSecond' || field === 'averageRecordsPerSecond') {
    const lower = normaliseMessage(quote).toLowerCase();
    for (const m of readRates(lower)) {
      if (m.question || m.multiplier !== undefined) continue;
      if (m.recordsPerSecond !== undefined && close(m.recordsPerSecond, value)) {
        return { value: m.recordsPerSecond, how: m.working ?? `stated: “${quote.trim()}”` };
      }
      if (m.bytesPerSecond !== undefined && sizeBytes !== undefined && sizeBytes > 0) {
        const perSecond = roundRate(m.bytesPerSecond / sizeBytes);
        if (close(perSecond, value)) return { value: perSecond, how: `${m.working ?? `“${quote.trim()}”`} ÷ ${formatNumber(sizeBytes)} bytes per record = ${formatNumber(perSecond)} records/s` };
      }
    }
    // multipliers ("peaks at 3x the 2K/s average") resolve only in the reader's requirement facts
    for (const r of read) {
      for (const v of [r.peakRecordsPerSecond, r.averageRecordsPerSecond]) {
        if (v !== undefined && close(v, value)) return { value: v, how: r.throughputSource ?? `stated: “${quote.trim()}”` };
      }
    }
    return undefined;
  }
  for (const r of read) {
    const cell = field === 'recordSizeBytes' ? r.recordSize : field === 'latencyMs' ? r.latency : r.retention;
    const parsed = cell === undefined ? undefined : parseCell(field, cell);
    if (parsed !== undefined && close(parsed, value)) return { value: parsed, how: `stated: “${quote.trim()}”`, cell };
  }
  // The number with its unit in the user's words ("replay the last 3 days"), converted by the table's own parser.
  const parsed = parseCell(field, normaliseMessage(quote));
  if (parsed !== undefined && close(parsed, value)) return { value: parsed, how: `stated: “${quote.trim()}”`, cell: cellFor(field, parsed) };
  return undefined;
}

function parseCell(field: 'recordSizeBytes' | 'latencyMs' | 'retentionHours', text: string): number | undefined {
  return field === 'recordSizeBytes' ? parseRecordSize(text) : field === 'latencyMs' ? parseLatency(text) : parseRetentionHours(text);
}

/** Table-cell text the requirement parser reads back as exactly `value`. */
function cellFor(field: 'recordSizeBytes' | 'latencyMs' | 'retentionHours', value: number): string {
  if (field === 'recordSizeBytes') return value % 1000 === 0 ? `${value / 1000}KB` : `${value}B`;
  if (field === 'latencyMs') return value % 1000 === 0 ? `<${value / 1000}s` : `<${value}ms`;
  return value % 24 === 0 ? `${value / 24} days` : `${value} hours`;
}

function readerNumber(r: ExtractedRequirement | undefined, field: NumericField): number | undefined {
  if (!r) return undefined;
  switch (field) {
    case 'peakRecordsPerSecond': return r.peakRecordsPerSecond;
    case 'averageRecordsPerSecond': return r.averageRecordsPerSecond;
    case 'recordSizeBytes': return r.recordSize === undefined ? undefined : parseRecordSize(r.recordSize);
    case 'latencyMs': return r.latency === undefined ? undefined : parseLatency(r.latency);
    case 'retentionHours': return r.retention === undefined ? undefined : parseRetentionHours(r.retention);
  }
}

function withoutField(r: ExtractedRequirement, field: NumericField): ExtractedRequirement {
  switch (field) {
    case 'peakRecordsPerSecond':
    case 'averageRecordsPerSecond': {
      // Half a disputed rate is not written either: the other half alone would be read as the whole.
      return { ...r, throughput: undefined, peakRecordsPerSecond: undefined, averageRecordsPerSecond: undefined, throughputSource: undefined, rateRole: undefined };
    }
    case 'recordSizeBytes': return { ...r, recordSize: undefined };
    case 'latencyMs': return { ...r, latency: undefined };
    case 'retentionHours': return { ...r, retention: undefined };
  }
}

function withThroughputCell(r: ExtractedRequirement, facts: Partial<Record<NumericField, { value: number; how: string; quote: string }>>): ExtractedRequirement {
  const peak = r.peakRecordsPerSecond;
  const average = r.averageRecordsPerSecond;
  if (peak === undefined && average === undefined) return r;
  const rateRole = peak !== undefined && average !== undefined ? 'both' : peak !== undefined ? 'peak' : 'average';
  const how = [facts.peakRecordsPerSecond, facts.averageRecordsPerSecond].filter((f) => f !== undefined).map((f) => f.how);
  const derived = how.filter((h) => !h.startsWith('stated'));
  const throughputSource = derived.length ? `read by the language model and checked by the engine: ${derived.join('; ')}` : 'stated by the user';
  return {
    ...r,
    rateRole,
    throughputSource: r.throughputSource && r.throughputSource !== 'stated by the user' ? r.throughputSource : throughputSource,
    // the table needs a peak; an average alone is recorded once the peak is known
    throughput: peak !== undefined ? formatThroughputCell(peak, average) : r.throughput,
  };
}

/** The reader's requirement the model's requirement is about: same significant word, else by position when both read one. */
function matchRequirement(requirements: readonly ExtractedRequirement[], p: ProposedRequirement, proposedCount: number, index: number): number | undefined {
  const words = new Set(significantWords(p.description ?? ''));
  const byName = requirements.findIndex((r) => significantWords(r.description ?? '').some((w) => words.has(w)));
  if (byName >= 0) return byName;
  if (requirements.length === proposedCount) return index;
  return undefined;
}

function significantWords(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !['events', 'records', 'data', 'stream', 'ingest'].includes(w));
}

/** Names (producers, consumers) the model read: kept when their words are in the message. */
function groundNames(names: readonly string[] | undefined, read: readonly string[], haystack: string, field: 'producer' | 'consumer', accepted: AcceptedFact[], refused: RefusedFact[], questions: string[]): string[] {
  const out = [...read];
  for (const name of names ?? []) {
    const grounded = groundedText(name, haystack);
    if (!grounded) {
      refused.push({ field, value: name, reason: 'quote not in the message' });
      questions.push(`Is ${name} a ${field} of this stream? I did not find it in your message.`);
      continue;
    }
    const words = significantWords(name);
    if (out.some((o) => words.some((w) => o.toLowerCase().includes(w)))) continue;
    out.push(grounded);
    accepted.push({ field, value: grounded, how: 'named in your message' });
  }
  return out;
}

/** `text` when each of its words (3+ letters) appears in the message; a name the user did not use is not written. */
function groundedText(text: string | undefined, haystack: string): string | undefined {
  if (!text?.trim()) return undefined;
  const words = text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= 3);
  return words.length > 0 && words.every((w) => haystack.includes(w)) ? text.trim() : undefined;
}

function refusalQuestion(name: string | undefined, field: NumericField, value: number, quote: string, why: string): string {
  return `The language model read ${formatNumber(value)} as the ${FIELD_WORDS[field]} of ${name ?? 'this requirement'} from “${quote.trim()}”, but ${why}, so I have not written it. What is the ${FIELD_WORDS[field]}${name ? ` for ${name}` : ''}?`;
}

/** Equal, allowing for the rounding of a derived rate (the engine's own value is what gets written). */
function close(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return Math.abs(a - b) <= Math.max(0.005 * Math.max(Math.abs(a), Math.abs(b)), 0.01);
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[“”"'`]/g, '').replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
