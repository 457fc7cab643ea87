/**
 * The requirement-gathering conversation of `@kinesis`, without a language model: given what the user
 * said and the updated requirement file, decide the next step and write the seed's four-part reply
 * (What I learned / Updated in requirement file / Next steps / Questions). Every number in it comes
 * from the requirements engine's analysis.
 */
import { optionsSummary } from '../requirements/codeLenses';
import { formatBytes, formatNumber, formatUsd, plural } from '../analysis/format';
import { SHARED_THROUGHPUT_MIN_LATENCY_MS } from '../analysis/limits';
import type { DocumentAnalysis, RequirementAnalysis, StreamAnalysis } from '../requirements/analyze';
import type { LabeledItem } from '../requirements/model';
import type { ExtractedInfo } from './extract';
import type { ConversationState, DesignProposal } from './state';
import type { RequirementUpdate } from './update';

/** The four parts of a reply, as markdown. */
export interface FourPartReply {
  readonly learned: string;
  readonly updated: string;
  readonly nextSteps: string;
  readonly questions: string;
}

export const REPLY_HEADINGS = ['What I learned', 'Updated in requirement file', 'Next steps', 'Questions'] as const;

/** Which part of the workflow the conversation is in after this turn. */
export type Stage = 'requirements' | 'throughput' | 'sources' | 'partitionKey' | 'otherSources' | 'proposal' | 'confirm' | 'design';

/** The outcome of one turn: the reply, the new state, and a followup suggestion. */
export interface TurnOutcome {
  readonly reply: FourPartReply;
  readonly state: ConversationState;
  readonly stage: Stage;
  readonly followup?: { readonly prompt: string; readonly label: string; readonly command?: string };
}

/** Kinesis concepts, each explained once before the reply first relies on it. */
export const CONCEPTS: Readonly<Record<string, string>> = {
  shard: 'A **shard** is the unit of capacity of a Kinesis data stream: it accepts up to 1,000 records/s or 1 MB/s of writes (whichever comes first), so a stream needs the larger of the two divisions.',
  partitionKey: 'A **partition key** is a value sent with every record; Kinesis hashes it (MD5) to pick the shard. Many distinct, evenly used keys spread the load; a few busy keys pile onto one **hot shard** and get throttled.',
  consumers: '**Consumers** read a stream in one of two ways: *shared throughput* (readers poll with GetRecords and share 2 MB/s per shard, typically 200 ms – 2 s latency) or *enhanced fan-out* (each reader gets its own 2 MB/s per shard, pushed in ~70 ms, billed per consumer-shard hour).',
  capacityMode: '**Capacity modes**: *provisioned* means you choose (and pay for) a shard count; *on-demand* means Kinesis adds and removes shards for you and bills per GB written and read.',
  retention: '**Retention** is how long records stay readable in the stream: 24 hours by default, up to 8,760 hours (365 days); beyond 24 hours is billed as extended retention.',
};

/** Decides the next step and writes the reply for a requirement-gathering turn. */
export function runRequirementsTurn(
  info: ExtractedInfo,
  update: RequirementUpdate,
  previous: ConversationState,
  fileName: string,
): TurnOutcome {
  const a = update.analysis;
  const m = a.model;
  const explained = new Set(previous.explained);
  const concepts: string[] = [];
  const explain = (key: keyof typeof CONCEPTS) => {
    if (!explained.has(key)) {
      explained.add(key);
      concepts.push(CONCEPTS[key]);
    }
  };

  const learned = describeLearned(info);
  const next: string[] = [];
  // Figures that can be read two ways are asked first: nothing was written for them.
  const questions: string[] = [...new Set([...info.questions, ...update.questions])];
  if (questions.length) learned.push('Some figures can be read more than one way, so I have not written them down: see the questions below.');

  // ---- engine analysis of the rows this message touched (all rows when none was touched)
  const shown = a.requirements.filter((r) => update.touchedRequirements.includes(r.requirement.label));
  // Only the rows this message changed: the reports (/shards, /cost) and earlier replies show the rest.
  const analysed = shown.filter((r) => r.capacity.shards !== undefined || r.capacity.shardsByRecords !== undefined);
  if (analysed.length) explain('shard');
  for (const r of analysed) next.push(capacityLine(r));
  for (const r of shown) if (r.partitionKey) {
    explain('partitionKey');
    next.push(partitionKeyLine(r));
  }

  // ---- where the conversation stands
  const rows = m.requirements;
  const noThroughput = rows.filter((r) => r.throughput.peakRecordsPerSecond === undefined);
  const noSize = rows.filter((r) => r.recordSizeBytes === undefined);
  const producers = bulletValue(m.dataFlow, /producer/i);
  const consumers = bulletValue(m.dataFlow, /consumer/i);
  const partitionKeyKnown = a.requirements.length > 0 && a.requirements.every((r) => r.partitionKey !== undefined);
  const sourcesComplete = previous.otherSourcesAnswered || info.answers.noOtherSources || (previous.confirmed && !info.requirements.length);
  const agreedNow = !!previous.pendingProposal && info.answers.agreed && info.requirements.length === 0;
  const proposalAccepted = (previous.proposalAccepted && info.requirements.length === 0) || agreedNow;
  // The seed: never leave requirement gathering before asking about other producers and consumers.
  const mayConfirm = previous.askedOtherSources || sourcesComplete;
  const confirmed = (previous.confirmed || (info.answers.confirmed && mayConfirm)) && info.requirements.length === 0;
  let askedOtherSources = previous.askedOtherSources;
  let pendingProposal: DesignProposal | undefined;
  let stage: Stage;

  if (rows.length === 0) {
    stage = 'requirements';
    next.push('Capture the first streaming requirement in the table.');
    questions.push('What data do you need to stream, and from where? For each flow: records per second at peak and on average, record size, how fast it must be processed, and how long it must be kept.');
    if (!bulletValue(m.overview, /domain/i)) questions.push('What does the application do (its domain), and is there a business rule such as compliance or ordering that the stream must respect?');
  } else if (noThroughput.length) {
    stage = 'throughput';
    next.push(`Every requirement needs a throughput before it can be sized. Missing for requirement ${noThroughput.map((r) => r.label).join(', ')}.`);
    questions.push(`What are the peak and average records per second for requirement ${noThroughput[0].label}${noThroughput[0].description ? ` (${noThroughput[0].description})` : ''}? If you don't know, tell me how many users or devices send data and how often each one sends, and I will work it out and note where the number came from.`);
  } else if (noSize.length) {
    stage = 'throughput';
    next.push(`Record size decides whether volume (1 MB/s per shard) or record count (1,000/s per shard) limits requirement ${noSize.map((r) => r.label).join(', ')}.`);
    questions.push(`How big is a typical record for requirement ${noSize[0].label} (for example 500B or 2KB)?`);
  } else {
    stage = 'sources';
  }

  if (stage === 'sources' || (rows.length && !producers) || (rows.length && !consumers)) {
    if (!producers || !consumers) {
      stage = stage === 'sources' ? 'sources' : stage;
      if (!producers) questions.push('Which applications or devices produce these records (web app, mobile app, IoT devices, microservices)?');
      if (!consumers) {
        explain('consumers');
        questions.push('Who reads the stream, and what does each reader do with the data (for example a Lambda function, an analytics job, an archive to S3)?');
      }
    } else if (!partitionKeyKnown) {
      stage = 'partitionKey';
      explain('partitionKey');
      questions.push('Which field should be the partition key (for example user_id, device_id or session_id)? How many distinct values does it have, and does any single value dominate the traffic?');
    } else if (!sourcesComplete) {
      stage = 'otherSources';
      askedOtherSources = true;
      next.push('Before leaving requirement gathering, make sure every producer and consumer is mapped.');
      questions.push(otherSourcesQuestion(a));
    } else if (!proposalAccepted) {
      stage = 'proposal';
      const proposal = proposeDesign(a);
      if (proposal) {
        explain('capacityMode');
        explain('consumers');
        pendingProposal = proposal;
        next.push('Proposed design decisions (not written down until you agree):', ...proposal.summary.map((s) => `  - ${s}`));
        questions.push('Shall I write these shard-count and consumer-pattern decisions into the requirement file, or would you like to change them?');
      } else {
        next.push('The engine cannot size the streams yet: a throughput or record size is missing.');
      }
    } else if (!confirmed) {
      stage = 'confirm';
      if (agreedNow) next.push('The agreed decisions are now in the Data Flow and Design Considerations sections.');
      const open = m.checklist.filter((c) => !c.checked);
      if (open.length) next.push(`Validation Checklist items still open: ${open.map((c) => `"${c.text}"`).join(', ')}.`);
      next.push('When everything is captured, confirm it and run `/design` to write the final architecture.');
      questions.push('Are all streaming requirements captured? If so, say "I confirm all requirements are captured".');
    } else {
      stage = 'design';
      next.push('All requirements are confirmed. Run `/design` to write `kinesis_streaming_architecture.md` from the engine\'s analysis.');
      questions.push('Shall I write `kinesis_streaming_architecture.md` now? Say /design (or "Write the architecture").');
    }
  }

  fillQuestions(questions, a, stage);
  const state: ConversationState = {
    askedOtherSources,
    otherSourcesAnswered: sourcesComplete,
    pendingProposal,
    proposalAccepted,
    confirmed,
    explained: [...explained],
  };
  const reply: FourPartReply = {
    learned: bulletList([...learned, ...concepts.map((c) => `_Concept:_ ${c}`)]),
    updated: update.changes.length ? bulletList(update.changes) : `- Nothing new to record, so \`${fileName}\` is unchanged.`,
    nextSteps: bulletList(next.length ? next : ['Keep describing the streaming requirements.']),
    questions: questions.slice(0, 3).map((q, i) => `${i + 1}. ${q}`).join('\n'),
  };
  return { reply, state, stage, followup: followupFor(stage) };
}

function followupFor(stage: Stage): TurnOutcome['followup'] {
  switch (stage) {
    case 'proposal': return { prompt: 'Yes, write these decisions down.', label: 'Agree to the proposed design decisions' };
    case 'otherSources': return { prompt: 'No other producers or consumers.', label: 'No other producers or consumers' };
    case 'confirm': return { prompt: 'I confirm all requirements are captured.', label: 'Confirm the requirements' };
    case 'design': return { prompt: 'Write the architecture.', label: 'Write kinesis_streaming_architecture.md', command: 'design' };
    default: return { prompt: 'Show the cost estimate.', label: 'Show the cost estimate', command: 'cost' };
  }
}

/** Pads to at least two focused questions with ones that still matter for the design. */
function fillQuestions(questions: string[], a: DocumentAnalysis, stage: Stage): void {
  const pool = [
    a.model.requirements.some((r) => r.latencyMs === undefined) ? 'How quickly must each record be processed after it is written (for example under 100 ms, under 1 s, minutes)?' : undefined,
    a.model.requirements.some((r) => r.retentionHours === undefined) ? 'How long must records stay readable in the stream (24 hours by default, up to 365 days)?' : undefined,
    stage !== 'design' ? 'Is there a compliance or ordering rule (for example per-customer ordering, encryption, audit retention) the design must respect?' : undefined,
    'Do you expect traffic to grow or spike (seasonal peaks, launches), and by how much?',
  ].filter((q): q is string => q !== undefined);
  for (const q of pool) {
    if (questions.length >= 2) break;
    if (!questions.includes(q)) questions.push(q);
  }
}

function otherSourcesQuestion(a: DocumentAnalysis): string {
  const consumers = bulletValue(a.model.dataFlow, /consumer/i) ?? '';
  const archival = /archiv|s3|firehose|lake/i.test(consumers) || a.model.requirements.some((r) => /archiv/i.test(`${r.description} ${r.processingType}`));
  return archival
    ? 'Do you have any other streaming requirements, producers or consumers to discuss, or is this everything?'
    : 'Do you have any other streaming requirements, producers or consumers to discuss? I see data ingestion but no archival strategy. Should we add one (for example Firehose delivering to S3)?';
}

function describeLearned(info: ExtractedInfo): string[] {
  const lines: string[] = [];
  for (const r of info.requirements) {
    const facts = [
      r.throughput && `${r.throughput}${r.rateRole === 'single' ? ' (one rate: read as the peak)' : r.rateRole === 'peak' ? ' (peak)' : r.rateRole === 'average' ? ' (average; the peak is still needed)' : ' (peak/average)'}`,
      r.recordSize && `records of ${r.recordSize}`,
      r.latency && `latency ${r.latency}`,
      r.retention && `kept ${r.retention}`,
      r.processingType && r.processingType.toLowerCase(),
    ].filter(Boolean);
    lines.push(`${r.correction ? 'Correction, ' : ''}${r.description ?? 'Requirement'}: ${facts.join(', ')}${r.throughputSource && r.throughputSource !== 'stated by the user' ? ` — throughput ${r.throughputSource}` : ''}.`);
  }
  if (info.domain) lines.push(`Domain: ${info.domain}.`);
  if (info.businessContext) lines.push(`Business context: ${info.businessContext}.`);
  if (info.producers.length) lines.push(`Producers: ${info.producers.join(', ')}.`);
  if (info.consumers.length) lines.push(`Consumers: ${info.consumers.join(', ')}.`);
  if (info.downstream.length) lines.push(`Downstream systems: ${info.downstream.join(', ')}.`);
  if (info.partitionKey) lines.push(`Partition key: \`${info.partitionKey}\`.`);
  if (info.answers.noOtherSources) lines.push('There are no other producers or consumers.');
  if (info.answers.confirmed) lines.push('You confirmed the requirements are captured.');
  if (info.answers.agreed && !lines.length) lines.push('You agreed to the proposal.');
  if (!lines.length) lines.push('No new requirement details in this message.');
  return lines;
}

/** "Requirement 1 (Clickstream) → 20 shards at peak: ..." with the engine's working and costs. */
export function capacityLine(r: RequirementAnalysis): string {
  const c = r.capacity;
  const name = `Requirement ${r.requirement.label}${r.requirement.description ? ` (${r.requirement.description})` : ''}`;
  const byRecords = c.shardsByRecords !== undefined && c.peakRecordsPerSecond !== undefined
    ? `⌈${formatNumber(c.peakRecordsPerSecond)} records/s ÷ 1,000⌉ = ${formatNumber(c.shardsByRecords)} by record count` : undefined;
  const byVolume = c.shardsByVolume !== undefined && c.peakBytesPerSecond !== undefined
    ? `⌈${formatBytes(c.peakBytesPerSecond)}/s ÷ 1 MB/s⌉ = ${formatNumber(c.shardsByVolume)} by volume` : undefined;
  const shards = c.shards !== undefined ? `**${formatNumber(c.shards)} shard${c.shards === 1 ? '' : 's'}** at peak` : `at least **${formatNumber(c.shardsByRecords ?? 1)} shard(s)** (record size unknown)`;
  const cost = r.modeChoice.options.fixedAtPeak.monthlyUsd !== undefined
    ? ` Monthly cost (engine, ${r.cost.priceTable} prices): ${optionsSummary(r.modeChoice)}.`
    : '';
  return `${name} → ${shards}: ${[byRecords, byVolume].filter(Boolean).join('; ')}.${cost}`;
}

export function partitionKeyLine(r: RequirementAnalysis): string {
  const pk = r.partitionKey!;
  return `Partition key \`${pk.mention.text.replace(/`/g, '')}\` for requirement ${r.requirement.label}: ${pk.assessment.risk} hot-shard risk. ${pk.assessment.reason}`;
}

/**
 * The shard-count and consumer-pattern decision the engine's numbers support, to put to the user.
 * Provisioned at peak sizing unless on-demand is both recommended (spiky traffic) and cheaper.
 */
export function proposeDesign(a: DocumentAnalysis): DesignProposal | undefined {
  if (!a.streams.length || a.streams.some((s) => s.capacity.shards === undefined)) return undefined;
  const choices = a.streams.map((s) => ({ s, onDemand: prefersOnDemand(s) }));
  const streamConfiguration = choices.map(({ s, onDemand }) =>
    `${s.name}: ${onDemand ? 'on-demand' : `${s.capacity.shards} shards, provisioned`}, ${formatNumber(s.retentionHours ?? 24)} h retention`).join('; ');
  const shardManagement = choices.map(({ s, onDemand }) => onDemand
    ? `${s.name} on-demand: traffic is spiky and on-demand is cheaper; Kinesis scales shards itself`
    : `${s.name} provisioned at ${s.capacity.shards} shards sized for peak; reshard with UpdateShardCount when traffic changes`).join('; ');
  const latencies = a.model.requirements.map((r) => r.latencyMs).filter((l): l is number => l !== undefined);
  const tightest = latencies.length ? Math.min(...latencies) : undefined;
  const consumerNames = a.consumers.names.length ? a.consumers.names.join(', ') : 'the consumers';
  const efo = (tightest !== undefined && tightest < SHARED_THROUGHPUT_MIN_LATENCY_MS) || a.consumers.names.length >= 3;
  const consumerPatterns = efo
    ? `Enhanced fan-out for ${consumerNames}: ${tightest !== undefined && tightest < SHARED_THROUGHPUT_MIN_LATENCY_MS ? `the ${formatNumber(tightest)} ms latency requirement is below what shared-throughput polling delivers` : `${a.consumers.names.length} consumers would share 2 MB/s per shard`}`
    : `Shared throughput (GetRecords) for ${consumerNames}: latency needs allow polling and it costs nothing beyond shard hours`;
  const summary = [
    ...choices.map(({ s, onDemand }) => streamSummary(s, onDemand)),
    `Consumers: ${consumerPatterns}.`,
  ];
  const basis = JSON.stringify(a.model.requirements.map((r) => [r.throughput.peakRecordsPerSecond, r.throughput.averageRecordsPerSecond, r.recordSizeBytes, r.latencyMs]));
  return { streamConfiguration, shardManagement, consumerPatterns, summary, basis };
}

/** The engine's cost-based choice: on-demand only when it is the cheapest option that carries the peak. */
function prefersOnDemand(s: StreamAnalysis): boolean {
  return s.modeChoice.recommended === 'onDemand';
}

function streamSummary(s: StreamAnalysis, onDemand: boolean): string {
  return `Stream ${s.name}: ${onDemand ? 'on-demand' : `provisioned with ${s.capacity.shards} shards fixed at peak`} (${optionsSummary(s.modeChoice)}). ${s.modeChoice.reason}`;
}

function bulletValue(items: readonly LabeledItem[], label: RegExp): string | undefined {
  const v = items.find((i) => label.test(i.label))?.value.trim();
  return v && !v.startsWith('[') ? v : undefined;
}

function bulletList(lines: readonly string[]): string {
  return lines.map((l) => (l.startsWith('  - ') ? l : `- ${l}`)).join('\n');
}

/** The reply as one markdown text, with the four headings. */
export function renderFourPartReply(reply: FourPartReply): string {
  return [
    `### ${REPLY_HEADINGS[0]}`, reply.learned, '',
    `### ${REPLY_HEADINGS[1]}`, reply.updated, '',
    `### ${REPLY_HEADINGS[2]}`, reply.nextSteps, '',
    `### ${REPLY_HEADINGS[3]}`, reply.questions, '',
  ].join('\n');
}

/** True when a (model-written) reply keeps the four headings in order. */
export function hasFourParts(text: string): boolean {
  let from = 0;
  for (const heading of REPLY_HEADINGS) {
    const at = text.toLowerCase().indexOf(heading.toLowerCase(), from);
    if (at < 0) return false;
    from = at + heading.length;
  }
  return true;
}

// ---- reports for /cost, /shards, /hotshards

/** Markdown report of the engine's shard sizing for every requirement and stream. */
export function shardReport(a: DocumentAnalysis): string[] {
  if (!a.requirements.length) return ['The requirement file has no requirements yet, so there is nothing to size.'];
  const lines = a.requirements.map(capacityLine);
  if (a.totals.requiredShards !== undefined && a.streams.length > 1) lines.push(`All streams together: **${plural(a.totals.requiredShards, 'shard')}** at peak.`);
  for (const s of a.streams) if (s.plannedShards && s.capacity.shards !== undefined && s.plannedShards.count < s.capacity.shards) {
    lines.push(`⚠️ ${s.name} plans ${s.plannedShards.count} shards but needs ${s.capacity.shards}.`);
  }
  return lines;
}

/** Markdown cost table (average load, the seed's rule) from the engine. */
export function costReport(a: DocumentAnalysis): string[] {
  if (!a.streams.length) return ['The requirement file has no requirements yet, so there is nothing to price.'];
  const money = (v: number | undefined) => (v === undefined ? 'n/a' : formatUsd(v));
  const rows = a.streams.map((s) => {
    const { fixedAtPeak, autoScaled, onDemand } = s.modeChoice.options;
    const cols = fixedAtPeak.cost.provisionedColumns;
    return `| ${s.name} | ${fixedAtPeak.shards ?? 'n/a'} | ${money(cols?.shardHours)} | ${money(cols?.put)} | ${money(cols?.get)} | ${money(cols?.retention)} | ${money(fixedAtPeak.monthlyUsd)} | ${money(autoScaled.monthlyUsd)} (${autoScaled.shards ?? '?'} shards) | ${money(onDemand.monthlyUsd)} |`;
  });
  const lines = [
    `Monthly cost, ${a.priceTable.id === 'aws' ? 'AWS us-east-1' : "the seed's"} price table (${formatNumber(a.priceTable.hoursPerMonth)} h/month), traffic at its **average** rate. The itemised columns are for the shard count shown (fixed at peak):`,
    '',
    '| Stream | Shards | Shard hours | PUT | GET (fan-out) | Retention | Fixed at peak total | Auto-scaled (average shards) | On-demand total |',
    '|:--|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
  ];
  if (a.totals.fixedAtPeakMonthly !== undefined) {
    lines.push('', `Total: fixed at peak ${formatUsd(a.totals.fixedAtPeakMonthly)}/month, auto-scaled ${money(a.totals.provisionedMonthly)}/month, on-demand ${money(a.totals.onDemandMonthly)}/month; as recommended ${money(a.totals.recommendedMonthly)}/month${a.totals.complete ? '' : ' (lower bound: some inputs are missing)'}.`);
  }
  for (const s of a.streams) for (const note of s.cost.notes) lines.push(`- ${s.name}: ${note}`);
  return lines;
}

/** Hot-shard verdicts from the engine's partition-key assessment. */
export function hotShardReport(a: DocumentAnalysis): string[] {
  if (!a.requirements.length) return ['The requirement file has no requirements yet.'];
  return a.requirements.map((r) => (r.partitionKey
    ? partitionKeyLine(r) + (r.partitionKey.hottestShard ? ` The hottest shard would take ${formatNumber(r.partitionKey.hottestShard.hottestShare * 100)}% of the traffic.` : '')
    : `Requirement ${r.requirement.label}: no partition key stated yet, so hot-shard risk cannot be judged.`));
}
