/**
 * What `@kinesis` tells a language model, and the checks its answers must pass. The model only
 * phrases: the facts, the file changes and every number are decided by the extractor and the
 * requirements engine, and a reply that drops the structure or brings its own numbers is discarded.
 */
import { REPLY_HEADINGS } from './conversation';

/** Our instructions for the requirement conversation (written for this extension from the seed's workflow). */
export function architectInstructions(today: string): string {
  return [
    'You are the Kinesis Studio architect, helping a developer plan an Amazon Kinesis Data Streams design inside VS Code.',
    `Today is ${today}.`,
    '',
    'How this conversation works:',
    '- The extension keeps `kinesis_requirement.md` (the working notes) up to date itself after every message. You never edit files and never claim to have edited anything the facts below do not list.',
    '- The extension computes every shard count, cost and hot-shard verdict with its requirements engine. Use those numbers exactly as given. Never compute, round differently, or introduce any other number, and never guess a throughput: if one is missing, ask for it or ask for business figures (how many users or devices, how often each sends) to estimate from.',
    '- Explain a Kinesis concept in one plain sentence before relying on it. Refer to requirements by their number.',
    '- Do not mention how other companies built their systems.',
    '- Shard-count and consumer-pattern decisions are proposals until the user agrees; say so.',
    '- Before requirement gathering ends, make sure the user was asked whether there are other producers or consumers (archival, analytics, audit).',
    '- The final architecture document is written only by the `/design` command, after the user confirms and the validation checklist is complete.',
    '',
    'Answer format, every time: four markdown sections with exactly these headings, in this order:',
    ...REPLY_HEADINGS.map((h, i) => `${i + 1}. ### ${h}`),
    'Under Questions ask two or three focused questions at most. Be conversational but precise.',
  ].join('\n');
}

/** The per-turn message: the facts the model must phrase, with the draft the engine wrote. */
export function phrasingRequest(userMessage: string, draftReply: string): string {
  return [
    'The user wrote:',
    quote(userMessage),
    '',
    'The extension has already processed this message. Here is its reply, with every fact and number it may contain:',
    quote(draftReply),
    '',
    'Rewrite that reply in a friendlier, conversational voice. Keep the four headings, keep every fact and number exactly as written, add no new numbers, keep the questions (two or three).',
  ].join('\n');
}

/** Instructions for stream operations through the language-model tools. */
export function operatorInstructions(today: string, currentRegion: string | undefined): string {
  return [
    'You operate Amazon Kinesis Data Streams for the user through the kinesis_* tools of Kinesis Studio.',
    `Today is ${today} (day ${today.slice(8, 10).replace(/^0/, '')}, month ${today.slice(5, 7).replace(/^0/, '')}, year ${today.slice(0, 4)}).`,
    currentRegion ? `The current region is ${currentRegion}; use it when the user names none. Region names such as "Sydney" are accepted.` : 'Ask for the region when the user names none; region names such as "Sydney" are accepted.',
    'Use the tools for every read and change; never claim a change the tool results do not show. Changes ask the user for confirmation; if a tool reports that the user declined or that read-only mode refused it, say so plainly.',
    'Report what the tools returned (stream names, shard ids, sequence numbers, tags) briefly.',
  ].join('\n');
}

function quote(text: string): string {
  return text.split('\n').map((l) => `> ${l}`).join('\n');
}

/**
 * Numbers in `reply` that appear nowhere in `allowed` texts: a model's own arithmetic or invention.
 * "10K", "10,000" and "10000" are the same number; numbers 0–10 are always allowed (list numbering,
 * "two or three questions", "1 MB/s per shard").
 */
export function findUnsupportedNumbers(reply: string, allowed: readonly string[]): string[] {
  const allowedValues = new Set<number>();
  for (const text of allowed) for (const n of numbersIn(text)) n.values.forEach((v) => allowedValues.add(v));
  const unsupported: string[] = [];
  for (const n of numbersIn(reply)) {
    if (n.values.some((v) => v <= 10 || allowedValues.has(v))) continue;
    if (!unsupported.includes(n.raw)) unsupported.push(n.raw);
  }
  return unsupported;
}

/** Every number with its possible readings ("10K" is 10 or 10,000 depending on the reader). */
function numbersIn(text: string): { raw: string; values: number[] }[] {
  const out: { raw: string; values: number[] }[] = [];
  for (const m of text.matchAll(/(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*([kKmM](?![a-zA-Z]))?/g)) {
    const base = Number(m[1].replace(/,/g, ''));
    if (!Number.isFinite(base)) continue;
    const suffix = (m[2] ?? '').toLowerCase();
    const values = [base];
    if (suffix === 'k') values.push(base * 1e3);
    if (suffix === 'm') values.push(base * 1e6);
    out.push({ raw: m[0].trim(), values });
  }
  return out;
}

/**
 * What the model is asked first, with a model: to read the message into facts through the
 * `kinesis_proposeRequirementFacts` tool (or the same JSON in its answer). The engine checks each
 * number against the quoted words before anything is written (core/architect/grounding.ts).
 */
export function readingInstructions(toolName: string, schema: object): string {
  return [
    'You read one message of a developer describing Amazon Kinesis Data Streams requirements, and report the facts it states.',
    `Call the ${toolName} tool exactly once. If you cannot call tools, answer with only a JSON object matching this schema:`,
    JSON.stringify(schema),
    'Rules:',
    '- Report only what the message itself says. Leave out anything it does not state: a missing fact is fine, a guessed one is not.',
    '- For every number give `quote`: the exact words of the message it comes from, copied character for character, including the number and its unit ("36 million records an hour", "2KB", "keep it 7 days").',
    '- Rates are records per second: convert per-minute/hour/day figures, populations × frequency, and data rates ÷ record size, and quote all the words the figure comes from.',
    '- Never report shard counts, costs or hot-shard verdicts: the extension computes those.',
    '- One entry per requirement (data flow); `description` names it in the user\'s words.',
  ].join('\n');
}
