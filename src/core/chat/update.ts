/**
 * Turns what the user said (see extract.ts) into changes to `kinesis_requirement.md`: requirement
 * rows, overview and data-flow bullets, agreed design decisions and checklist ticks. Every change is
 * computed by the requirements engine's own edit functions and returned as ONE minimal TextEdit, so the
 * editor applies it as a single undoable step and untouched bytes stay exactly as they were.
 */
import { analyzeRequirementDocument, type DocumentAnalysis } from '../requirements/analyze';
import { appendRequirementRow, setCell, setChecklistItem, setLabeledValue } from '../requirements/edits';
import type { ColumnKind, LabeledItem, Requirement, RequirementDocument } from '../requirements/model';
import type { RequirementsOptions } from '../requirements/options';
import { parseRequirementDocument } from '../requirements/parser';
import { newRequirementFileTemplate } from '../requirements/template';
import { applyEdits, LineIndex, range, type TextEdit } from '../text';
import { formatRate, formatThroughputCell, type ExtractedInfo, type ExtractedRequirement } from './extract';
import type { ConversationState } from './state';

/**
 * The seed's template as the chat starts it: the same headings, table and checklist, but without the
 * example rows and bracketed hints, so the file holds only what the user said.
 */
export function chatRequirementTemplate(eol: '\n' | '\r\n' = '\n'): string {
  return newRequirementFileTemplate(eol)
    .replace(/^\| [123] \|.*(?:\r?\n)/gm, '')
    .replace(/^(- \*\*[^*]+\*\*:).*$/gm, '$1');
}

/** The result of planning: the new text, the one edit that produces it, and what changed, in words. */
export interface RequirementUpdate {
  readonly before: string;
  readonly after: string;
  /** Undefined when nothing changed. */
  readonly edit?: TextEdit;
  /** One line per change, naming the section ("Streaming Requirements Analysis: added requirement 1"). */
  readonly changes: readonly string[];
  /** Labels of requirement rows added or changed in this update. */
  readonly touchedRequirements: readonly string[];
  /**
   * What could not be applied without guessing (a correction that names no row, "make that 12K" on a
   * row with both a peak and an average): the conversation asks these.
   */
  readonly questions: readonly string[];
  readonly analysis: DocumentAnalysis;
}

/** What the planner should do beyond recording the facts. */
export interface UpdateDirectives {
  /** Write the pending proposal (the user agreed to it). */
  readonly writeProposal?: ConversationState['pendingProposal'];
  /** The user confirmed every requirement: mark rows with throughput ✅. */
  readonly confirmed: boolean;
  /** The user said there are no other producers or consumers. */
  readonly sourcesComplete: boolean;
}

/** Analyses a whole requirement-file text; the extension passes its shared engine, tests the default. */
export type RequirementTextAnalyzer = (text: string) => DocumentAnalysis;

export function analyzeRequirementText(options: Partial<RequirementsOptions> = {}): RequirementTextAnalyzer {
  return (text) => analyzeRequirementDocument(parseRequirementDocument(text), options);
}

export function planRequirementUpdate(
  originalText: string,
  info: ExtractedInfo,
  directives: UpdateDirectives,
  analyze: RequirementTextAnalyzer = analyzeRequirementText(),
): RequirementUpdate {
  let text = originalText;
  const changes: string[] = [];
  const touched: string[] = [];
  const apply = (edit: TextEdit | undefined, change?: string) => {
    if (!edit) return;
    const next = applyEdits(text, [edit]);
    if (next !== text) {
      text = next;
      if (change && !changes.includes(change)) changes.push(change);
    }
  };
  const model = () => parseRequirementDocument(text);

  // ---- requirement rows
  const questions: string[] = [];
  for (const extracted of info.requirements) {
    const m = model();
    const found = findRow(m, extracted);
    if (found === 'ambiguous') {
      questions.push(`Which requirement does that correct (${m.requirements.map((r) => `${r.label}${r.description ? ` ${r.description}` : ''}`).join(', ')})?`);
      continue;
    }
    const row = found;
    const merged = row ? mergeThroughput(row, extracted, questions) : extracted;
    const requirement = merged;
    if (row) {
      const fields: string[] = [];
      for (const [column, value, name] of cellsOf(requirement)) {
        if (value === undefined || m.tables[row.tableIndex].columnOf[column] === undefined) continue;
        if (column === 'description' && (row.description || requirement.correction)) continue;
        if ((row.fields[column]?.text ?? '') === value) continue;
        apply(setCell(model(), row.index, column, value));
        fields.push(name);
      }
      if (!row.fields.status?.text && m.tables[row.tableIndex].columnOf.status !== undefined) apply(setCell(model(), row.index, 'status', '⏳'));
      if (fields.length) {
        changes.push(`Streaming Requirements Analysis: requirement ${row.label}${row.description ? ` (${row.description})` : ''}, ${fields.join(', ')}${requirement.correction ? ' (corrected)' : ''}`);
        touched.push(row.label);
      }
    } else {
      const values: Partial<Record<ColumnKind, string>> = { status: '⏳' };
      for (const [column, value] of cellsOf(requirement)) if (value !== undefined) values[column] = value;
      apply(appendRequirementRow(model(), values));
      const added = model().requirements.at(-1);
      const label = added?.label ?? '?';
      changes.push(`Streaming Requirements Analysis: added requirement ${label}${requirement.description ? ` (${requirement.description})` : ''}`);
      touched.push(label);
    }
    if (requirement.throughputSource && requirement.throughput && touched.length) {
      const label = row?.label ?? touched.at(-1) ?? '?';
      const description = row?.description ?? requirement.description ?? '';
      const source = requirement.correction ? `corrected by the user; ${requirement.throughputSource}` : requirement.throughputSource;
      const entry = `#${label} ${description} ${requirement.throughput} (${source})`.replace(/\s+/g, ' ');
      apply(mergeScaleEntry(model(), label, entry), 'Application Overview: Scale (where the throughput came from)');
    }
  }

  // ---- overview and data flow
  if (info.domain) apply(setBullet(model().overview, /domain/i, info.domain, 'replace'), 'Application Overview: Domain');
  if (info.businessContext) apply(setBullet(model().overview, /business/i, info.businessContext, 'merge'), 'Application Overview: Business Context');
  if (info.producers.length) {
    apply(setBullet(model().dataFlow, /producer/i, info.producers.join(', '), 'merge'), 'Data Flow: Producers');
    apply(setBullet(model().overview, /data sources?/i, info.producers.join(', '), 'merge'), 'Application Overview: Data Sources');
  }
  if (info.consumers.length) apply(setBullet(model().dataFlow, /consumer/i, info.consumers.join(', '), 'merge'), 'Data Flow: Consumers');
  if (info.downstream.length) apply(setBullet(model().dataFlow, /downstream/i, info.downstream.join(', '), 'merge'), 'Data Flow: Downstream Systems');
  if (info.partitionKey) apply(setBullet(model().designConsiderations, /partition/i, `\`${info.partitionKey}\``, 'replace'), 'Design Considerations: Partition Key Design');

  // ---- decisions the user agreed to
  if (directives.writeProposal) {
    const p = directives.writeProposal;
    apply(setBullet(model().dataFlow, /stream config/i, p.streamConfiguration, 'replace'), 'Data Flow: Stream Configuration (agreed)');
    apply(setBullet(model().designConsiderations, /shard management/i, p.shardManagement, 'replace'), 'Design Considerations: Shard Management (agreed)');
    apply(setBullet(model().designConsiderations, /consumer pattern/i, p.consumerPatterns, 'replace'), 'Design Considerations: Consumer Patterns (agreed)');
  }

  // ---- alternatives for what Kinesis alone cannot do (the seed's "non-Kinesis requirements")
  let analysis = analyze(text);
  const beyond = analysis.requirements.filter((r) => r.beyondKinesis.length > 0);
  if (beyond.length) {
    const alternatives = beyond.map((r) => `Requirement ${r.requirement.label}: ${r.beyondKinesis.join('; ')} → Kinesis Data Firehose to S3 with lifecycle policies`).join('; ');
    apply(setBullet(model().designConsiderations, /integration/i, alternatives, 'merge'), 'Design Considerations: Integration Patterns (alternatives beyond Kinesis limits)');
  }

  if (directives.confirmed) {
    const m = model();
    for (const r of m.requirements) {
      if (r.throughput.peakRecordsPerSecond !== undefined && r.status !== 'complete' && m.tables[r.tableIndex].columnOf.status !== undefined) {
        apply(setCell(model(), r.index, 'status', '✅'), 'Streaming Requirements Analysis: confirmed requirements marked ✅');
      }
    }
  }

  // ---- the Validation Checklist follows the document
  analysis = analyze(text);
  for (const [index, tick] of checklistVerdicts(analysis, directives).entries()) {
    const item = analysis.model.checklist[index];
    if (tick && item && !item.checked) {
      apply(setChecklistItem(model(), index, true), `Validation Checklist: ticked "${item.text}"`);
    }
  }
  analysis = analyze(text);
  return { before: originalText, after: text, edit: minimalEdit(originalText, text), changes, touchedRequirements: touched, questions, analysis };
}

function cellsOf(r: ExtractedRequirement): [ColumnKind, string | undefined, string][] {
  return [
    ['description', r.description, 'description'],
    ['throughput', r.throughput, 'throughput'],
    ['recordSize', r.recordSize, 'record size'],
    ['latency', r.latency, 'latency'],
    ['retention', r.retention, 'retention'],
    ['processingType', r.processingType, 'processing type'],
  ];
}

const STOP_WORDS = new Set(['ingest', 'process', 'events', 'event', 'records', 'record', 'data', 'stream', 'streams', 'with', 'from', 'the', 'and', 'user', 'users']);

function significantWords(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !STOP_WORDS.has(w));
}

/**
 * The row a message talks about: one whose description shares a significant word with the message's
 * description; or, for facts without a description or rate ("records are 2KB"), the last row. A
 * correction ("make that 12K peak") always changes a row: the one it names, else the only or last one
 * it can mean; with several rows and no name it is 'ambiguous'.
 */
function findRow(model: RequirementDocument, r: ExtractedRequirement): Requirement | 'ambiguous' | undefined {
  if (r.description) {
    const words = new Set(significantWords(r.description));
    const match = model.requirements.find((row) => significantWords(row.description ?? '').some((w) => words.has(w)));
    if (match) return match;
    if (!r.correction) return undefined;
  }
  const last = model.requirements.at(-1);
  if (r.correction) {
    return model.requirements.length <= 1 ? last : 'ambiguous';
  }
  if (!r.throughput) return last;
  if (!last) return undefined;
  // A rate without a description fills the last row when that row lacks it: no throughput yet, or
  // only the average is new and the row has none.
  if (last.throughput.peakRecordsPerSecond === undefined) return last;
  if (r.rateRole === 'average' && last.throughput.averageRecordsPerSecond === undefined) return last;
  return undefined;
}

/**
 * A row's new throughput when the message gives only part of it: a new peak keeps the row's average
 * and a new average keeps its peak. One unlabelled figure in a correction of a row with both is
 * asked about, not guessed.
 */
function mergeThroughput(row: Requirement, r: ExtractedRequirement, questions: string[]): ExtractedRequirement {
  if (r.throughput === undefined || r.rateRole === undefined || r.rateRole === 'both') return r;
  const old = row.throughput;
  const name = `requirement ${row.label}${row.description ? ` (${row.description})` : ''}`;
  const without = { ...r, throughput: undefined, peakRecordsPerSecond: undefined, averageRecordsPerSecond: undefined, throughputSource: undefined };
  let peak = r.peakRecordsPerSecond;
  let average = r.averageRecordsPerSecond;
  if (r.rateRole === 'single' && r.correction && old.peakRecordsPerSecond !== undefined && old.averageRecordsPerSecond !== undefined) {
    questions.push(`Is ${formatRate(peak ?? 0)} records/s the new peak or the new average for ${name} (now ${formatThroughputCell(old.peakRecordsPerSecond, old.averageRecordsPerSecond)})?`);
    return without;
  }
  if (r.rateRole === 'average') peak = old.peakRecordsPerSecond;
  else average = average ?? old.averageRecordsPerSecond;
  if (peak !== undefined && average !== undefined && average > peak) {
    questions.push(`For ${name}, the average (${formatRate(average)}/s) would be above the peak (${formatRate(peak)}/s). What are the peak and the average?`);
    return without;
  }
  const throughput = peak !== undefined ? formatThroughputCell(peak, average) : `avg ${formatRate(average ?? 0)} RPS`;
  return { ...r, throughput, peakRecordsPerSecond: peak, averageRecordsPerSecond: average };
}

function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || v.startsWith('[') || /^(?:tbd|todo|\?+|-+)$/i.test(v);
}

/** Sets a bullet's value: 'replace' overwrites, 'merge' adds comma-separated items not yet present. */
function setBullet(items: readonly LabeledItem[], label: RegExp, value: string, how: 'replace' | 'merge'): TextEdit | undefined {
  const item = items.find((i) => label.test(i.label));
  if (!item) return undefined;
  let next = value;
  if (how === 'merge' && !isPlaceholder(item.value)) {
    const existing = item.value.split(/,\s*|;\s*/).map((s) => s.trim()).filter(Boolean);
    const additions = value.split(/,\s*|;\s*/).map((s) => s.trim()).filter((s) => s && !existing.some((e) => e.toLowerCase() === s.toLowerCase()));
    if (additions.length === 0) return undefined;
    next = `${item.value}${value.includes(';') ? '; ' : ', '}${additions.join(value.includes(';') ? '; ' : ', ')}`;
  }
  if (next === item.value) return undefined;
  const edit = setLabeledValue(item, next);
  // "- **Domain**:" has no space after the colon yet
  return item.value === '' && item.valueRange.start.character === item.valueRange.end.character ? { ...edit, newText: ` ${next}` } : edit;
}

/** The Scale bullet keeps one "#N ..." entry per requirement saying where its throughput came from. */
function mergeScaleEntry(model: RequirementDocument, label: string, entry: string): TextEdit | undefined {
  const item = model.overview.find((i) => /scale/i.test(i.label));
  if (!item) return undefined;
  const entries = isPlaceholder(item.value) ? [] : item.value.split(/;\s*/).filter(Boolean);
  const at = entries.findIndex((e) => e.startsWith(`#${label} `));
  if (at >= 0) entries[at] = entry;
  else entries.push(entry);
  return setBullet(model.overview, /scale/i, entries.join('; '), 'replace');
}

/** Whether each checklist item (by its text) is satisfied by the document and the conversation. */
export function checklistVerdicts(analysis: DocumentAnalysis, directives: Pick<UpdateDirectives, 'confirmed' | 'sourcesComplete'>): boolean[] {
  const m = analysis.model;
  const bullet = (items: readonly LabeledItem[], label: RegExp) => {
    const item = items.find((i) => label.test(i.label));
    return item !== undefined && !isPlaceholder(item.value);
  };
  const requirements = m.requirements;
  const allThroughput = requirements.length > 0 && requirements.every((r) => r.throughput.peakRecordsPerSecond !== undefined);
  const producers = bullet(m.dataFlow, /producer/i);
  const consumers = bullet(m.dataFlow, /consumer/i);
  const partitionKeys = requirements.length > 0 && analysis.requirements.every((r) => r.partitionKey !== undefined);
  const decisions = bullet(m.designConsiderations, /shard management/i) && bullet(m.designConsiderations, /partition/i) && bullet(m.designConsiderations, /consumer pattern/i);
  const beyondHandled = analysis.requirements.every((r) => r.beyondKinesis.length === 0) || bullet(m.designConsiderations, /integration/i);
  return m.checklist.map((item) => {
    const t = item.text.toLowerCase();
    if (/domain/.test(t) && /scale/.test(t)) return bullet(m.overview, /domain/i) && allThroughput;
    if (/sources/.test(t) && /consumers/.test(t)) return producers && consumers && directives.sourcesComplete;
    if (/throughput/.test(t)) return allThroughput;
    if (/producer/.test(t) && /pattern/.test(t)) return producers && consumers && bullet(m.designConsiderations, /consumer pattern/i);
    if (/non-kinesis|alternative/.test(t)) return requirements.length > 0 && directives.sourcesComplete && beyondHandled;
    if (/hot shard/.test(t)) return partitionKeys;
    if (/design considerations/.test(t)) return decisions;
    return false;
  });
}

/** One edit replacing only the span that differs (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (before[start - 1] === '\r' || /[\uD800-\uDBFF]/.test(before[start - 1]))) start--;
  const lines = new LineIndex(before);
  const from = lines.positionAt(start);
  const to = lines.positionAt(endBefore);
  return { range: range(from.line, from.character, to.line, to.character), newText: after.slice(start, endAfter) };
}
