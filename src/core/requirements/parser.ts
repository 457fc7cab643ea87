/**
 * Parses `kinesis_requirement.md`. markdown-it finds the block structure (headings, lists, tables and
 * their line spans, with its exact table-termination rules); cell and label positions are then read
 * from the original source lines, because markdown-it does not report column offsets. Only the block
 * phase runs: inline markup is never needed, and skipping it keeps parsing cheaper than a full
 * markdown-it parse (see bench/analysis.bench.mjs).
 */
import MarkdownIt from 'markdown-it';
import { classifyPartitionKey } from '../analysis/hotShards';
import { LineIndex, range, type Range } from '../text';
import type {
  ChecklistItem,
  ColumnKind,
  ConsumerMention,
  DocumentSection,
  LabeledItem,
  PartitionKeyMention,
  PlannedShardCount,
  Requirement,
  RequirementDocument,
  RequirementsTable,
  SectionKind,
  StreamConfiguration,
  TableCell,
  TableColumn,
} from './model';
import { parseLatency, parseRecordSize, parseRetentionHours, parseStatus, parseThroughput } from './valueParsers';

let blockParser: ReturnType<typeof MarkdownIt> | undefined;

function markdown(): ReturnType<typeof MarkdownIt> {
  if (!blockParser) {
    blockParser = new MarkdownIt();
    blockParser.core.ruler.enableOnly(['normalize', 'block']);
  }
  return blockParser;
}

const SECTION_TITLES: readonly [SectionKind, RegExp][] = [
  ['checklist', /checklist|validation/],
  ['dataFlow', /data\s*flow/],
  ['designConsiderations', /design\s+considerations?/],
  ['requirements', /requirements?/],
  ['overview', /overview|application/],
];

/** Header text → column kind. Order matters: "Partition Key" before "Requirement #", "Record Size" before throughput. */
const COLUMN_HEADERS: readonly [ColumnKind, RegExp][] = [
  ['partitionKey', /partition/],
  ['recordSize', /size|payload|bytes/],
  ['throughput', /records?\s*\/\s*s|rec\/s|rps|throughput|records?\s+per|events?\s*\/\s*s|events?\s+per|rate|volume/],
  ['latency', /latency/],
  ['retention', /durability|retention/],
  ['processingType', /processing|consumer|pattern/],
  ['status', /status|state/],
  ['stream', /^(target\s+)?stream(\s+name)?$/],
  ['id', /^(req(uirement)?\.?\s*)?(#|id|no\.?|number|num)$|^req(uirement)?$/],
  ['description', /description|use\s*case|summary|requirement|name|what/],
];

const LIST_ITEM = /^(\s*)(?:[-*+]|\d{1,9}[.)])\s+/;
const TASK_ITEM = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)\[([ xX])\](?:\s+|$)/;
const BOLD_LABEL = /^(\*\*|__)(.+?)\1\s*:?/;
const PLAIN_LABEL = /^([A-Za-z][\w ()/&-]{0,40}):(?=\s|$)/;

export function parseRequirementDocument(text: string): RequirementDocument {
  const lines = new LineIndex(text);
  const tokens = markdown().parse(text, {});

  const sections: DocumentSection[] = [];
  const overview: LabeledItem[] = [];
  const dataFlow: LabeledItem[] = [];
  const designConsiderations: LabeledItem[] = [];
  const taskItems: { item: ChecklistItem; inChecklist: boolean }[] = [];
  const tables: RequirementsTable[] = [];
  const requirements: Requirement[] = [];
  let title: RequirementDocument['title'];

  // Open sections, innermost last; a list or table belongs to the nearest one with a known kind.
  const open: { kind: SectionKind; level: number; index: number }[] = [];
  const currentKind = (): SectionKind => {
    for (let i = open.length - 1; i >= 0; i--) if (open[i].kind !== 'other') return open[i].kind;
    return 'other';
  };
  const sectionEnds: { index: number; level: number }[] = [];

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (token.type === 'heading_open' && token.map) {
      const level = Number(token.tag.slice(1));
      const headingText = (tokens[t + 1]?.content ?? '').trim();
      if (level === 1 && !title) title = { text: headingText, range: trimmedLineRange(lines, token.map[0]) };
      while (open.length && open[open.length - 1].level >= level) open.pop();
      const kind = level >= 2 ? classifySection(headingText) : 'other';
      const section: DocumentSection = {
        kind,
        title: headingText,
        level,
        headingRange: trimmedLineRange(lines, token.map[0]),
        range: lines.linesRange(token.map[0], lines.lineCount),
        startLine: token.map[0],
        endLine: lines.lineCount,
      };
      sections.push(section);
      sectionEnds.push({ index: sections.length - 1, level });
      open.push({ kind, level, index: sections.length - 1 });
    } else if (token.type === 'list_item_open' && token.level === 1 && token.map) {
      const kind = currentKind();
      const task = parseTaskItem(lines, token.map[0], token.map[1]);
      if (task) {
        taskItems.push({ item: task, inChecklist: kind === 'checklist' });
        continue;
      }
      const target = kind === 'overview' ? overview : kind === 'dataFlow' ? dataFlow : kind === 'designConsiderations' ? designConsiderations : undefined;
      if (target) target.push(parseLabeledItem(lines, token.map[0], token.map[1]));
    } else if (token.type === 'table_open' && token.level === 0 && token.map) {
      const table = readTable(lines, tokens, t, tables.length, currentKind() === 'requirements');
      if (table) {
        tables.push(table);
        table.rowLines.forEach((rowLine, row) => requirements.push(readRequirement(lines, table, rowLine, row + 1, requirements.length)));
      }
    }
  }

  closeSections(sections, lines);
  const inChecklist = taskItems.filter((t) => t.inChecklist);
  // Without a Validation Checklist section, task items anywhere stand in for it.
  const checklist = (inChecklist.length > 0 || sections.some((s) => s.kind === 'checklist') ? inChecklist : taskItems).map(
    (t, index) => ({ ...t.item, index }),
  );
  const partitionKeyDesign = findPartitionKeyDesign(lines, designConsiderations);

  return {
    text,
    lines,
    title,
    sections,
    overview,
    dataFlow,
    designConsiderations,
    tables,
    requirements,
    checklist,
    streamConfiguration: readStreamConfiguration(lines, dataFlow),
    consumers: readConsumers(dataFlow),
    partitionKeyDesign,
  };
}

function classifySection(title: string): SectionKind {
  const lower = title.toLowerCase();
  for (const [kind, pattern] of SECTION_TITLES) if (pattern.test(lower)) return kind;
  return 'other';
}

/** A section runs until the next heading of the same or a higher level. */
function closeSections(sections: DocumentSection[], lines: LineIndex): void {
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i];
    let endLine = lines.lineCount;
    for (let j = i + 1; j < sections.length; j++) {
      if (sections[j].level <= s.level) {
        endLine = sections[j].startLine;
        break;
      }
    }
    sections[i] = { ...s, endLine, range: lines.linesRange(s.startLine, endLine) };
  }
}

function trimmedLineRange(lines: LineIndex, line: number): Range {
  const text = lines.lineText(line);
  const start = text.length - text.trimStart().length;
  return range(line, start, line, text.trimEnd().length);
}

/** The last non-blank line in [start, end), so a loose list's trailing blank line is not part of the item. */
function lastContentLine(lines: LineIndex, start: number, end: number): number {
  for (let line = end - 1; line > start; line--) if (lines.lineText(line).trim()) return line;
  return start;
}

function parseTaskItem(lines: LineIndex, start: number, end: number): ChecklistItem | undefined {
  const first = lines.lineText(start);
  const m = TASK_ITEM.exec(first);
  if (!m) return undefined;
  const boxCharacter = m[1].length + 1;
  const last = lastContentLine(lines, start, end);
  const rest = [first.slice(m[0].length), ...rangeOfLines(start + 1, last + 1).map((l) => lines.lineText(l).trim())];
  return {
    index: 0,
    // The seed's template ends items with ✅ whether or not they are ticked; the box is what counts.
    text: rest.join(' ').replace(/\s*(?:✅|✔️?|☑️?)+\s*$/u, '').trim(),
    checked: m[2] !== ' ',
    range: range(start, m[1].length - m[1].trimStart().length, last, lines.lineLength(last)),
    boxRange: range(start, boxCharacter, start, boxCharacter + 1),
  };
}

function rangeOfLines(from: number, to: number): number[] {
  const result: number[] = [];
  for (let l = from; l < to; l++) result.push(l);
  return result;
}

function parseLabeledItem(lines: LineIndex, start: number, end: number): LabeledItem {
  const first = lines.lineText(start);
  const marker = LIST_ITEM.exec(first);
  const contentStart = marker ? marker[0].length : first.length - first.trimStart().length;
  const content = first.slice(contentStart);
  const last = lastContentLine(lines, start, end);
  const itemRange = range(start, marker ? marker[1].length : contentStart, last, lines.lineLength(last));

  let label = '';
  let labelRange = range(start, contentStart, start, contentStart);
  let valueStart = contentStart;
  const bold = BOLD_LABEL.exec(content);
  const plain = bold ? undefined : PLAIN_LABEL.exec(content);
  if (bold) {
    label = bold[2].replace(/:\s*$/, '').trim();
    labelRange = range(start, contentStart, start, contentStart + bold[0].length);
    valueStart = contentStart + bold[0].length;
  } else if (plain) {
    label = plain[1].trim();
    labelRange = range(start, contentStart, start, contentStart + plain[0].length);
    valueStart = contentStart + plain[0].length;
  }
  const firstValue = first.slice(valueStart);
  valueStart += firstValue.length - firstValue.trimStart().length;
  const valueEndCharacter = last === start ? first.trimEnd().length : lines.lineText(last).trimEnd().length;
  const valueEndCharacterClamped = last === start ? Math.max(valueStart, valueEndCharacter) : valueEndCharacter;
  const valueRange = range(start, valueStart, last, valueEndCharacterClamped);
  const valueParts = [first.slice(valueStart).trim(), ...rangeOfLines(start + 1, last + 1).map((l) => lines.lineText(l).trim())];
  return { label, value: valueParts.filter((p) => p).join('\n'), range: itemRange, labelRange, valueRange };
}

/** Offsets of one cell's raw text (between pipes) in its line. */
export interface SplitCell {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a table line at unescaped pipes exactly as markdown-it's table rule does (leading
 * whitespace skipped, trailing trimmed, an empty first/last segment dropped), keeping offsets.
 */
export function splitTableRow(lineText: string): { cells: SplitCell[]; leadingPipe: boolean; trailingPipe: boolean } {
  const begin = lineText.length - lineText.trimStart().length;
  const finish = lineText.trimEnd().length;
  const segments: SplitCell[] = [];
  let segmentStart = begin;
  let escaped = false;
  for (let i = begin; i < finish; i++) {
    const ch = lineText.charCodeAt(i);
    if (ch === 124 /* | */ && !escaped) {
      segments.push({ start: segmentStart, end: i });
      segmentStart = i + 1;
    }
    // Like markdown-it, any backslash escapes the next pipe; `\\|` is not special-cased.
    escaped = ch === 92 /* \ */;
  }
  segments.push({ start: segmentStart, end: finish });
  const leadingPipe = segments.length > 1 && segments[0].start === segments[0].end;
  const trailingPipe = segments.length > 1 && segments[segments.length - 1].start === segments[segments.length - 1].end;
  if (leadingPipe) segments.shift();
  if (trailingPipe) segments.pop();
  return { cells: segments, leadingPipe, trailingPipe };
}

/**
 * A table cell whose range is built on first use: a large table has tens of thousands of cells and
 * most ranges are never read, so only offsets are kept eagerly.
 */
class SourceCell implements TableCell {
  readonly text: string;
  readonly present: boolean;
  readonly #line: number;
  readonly #start: number;
  readonly #end: number;
  #range: Range | undefined;

  constructor(text: string, present: boolean, line: number, start: number, end: number) {
    this.text = text;
    this.present = present;
    this.#line = line;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    this.#range ??= range(this.#line, this.#start, this.#line, this.#end);
    return this.#range;
  }
}

function cellFromSplit(lineText: string, line: number, split: SplitCell | undefined, fallbackCharacter: number): TableCell {
  if (!split) return new SourceCell('', false, line, fallbackCharacter, fallbackCharacter);
  let start = split.start;
  let end = split.end;
  while (start < end && isBlank(lineText.charCodeAt(start))) start++;
  while (end > start && isBlank(lineText.charCodeAt(end - 1))) end--;
  if (start === end) {
    // Text typed into an empty cell goes after its first space, so `|  |` becomes `| x |`.
    const at = Math.min(split.start + 1, split.end);
    return new SourceCell('', true, line, at, at);
  }
  return new SourceCell(unescapePipes(lineText.slice(start, end)), true, line, start, end);
}

/** Space, tab and the other characters String.prototype.trim removes that can occur inside a line. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a) || code === 0x3000 || code === 0x1680 || code === 0x202f || code === 0x205f || code === 0x2028 || code === 0x2029;
}

function unescapePipes(text: string): string {
  return text.indexOf('\\|') < 0 ? text : text.replace(/\\\|/g, '|');
}

function classifyColumn(header: string): ColumnKind | undefined {
  const lower = header.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
  for (const [kind, pattern] of COLUMN_HEADERS) if (pattern.test(lower)) return kind;
  return undefined;
}

function readTable(
  lines: LineIndex,
  tokens: readonly MarkdownIt.Token[],
  openIndex: number,
  tableIndex: number,
  inRequirementsSection: boolean,
): RequirementsTable | undefined {
  const map = tokens[openIndex].map as [number, number];
  const headerLine = map[0];
  const headerText = lines.lineText(headerLine);
  const header = splitTableRow(headerText);
  const columns: TableColumn[] = [];
  const columnOf: Partial<Record<ColumnKind, number>> = {};
  header.cells.forEach((cell, index) => {
    const parsed = cellFromSplit(headerText, headerLine, cell, cell.start);
    let kind = classifyColumn(parsed.text);
    // The first column of each kind wins; a second "Description"-like column stays uninterpreted.
    if (kind !== undefined && columnOf[kind] !== undefined) kind = undefined;
    if (kind !== undefined) columnOf[kind] = index;
    columns.push({ kind, header: parsed.text, index, range: parsed.range });
  });
  const understood = Object.keys(columnOf).length;
  const isRequirementsTable = inRequirementsSection ? understood >= 1 : understood >= 3 && columnOf.throughput !== undefined;
  if (!isRequirementsTable) return undefined;

  const rowLines: number[] = [];
  for (let t = openIndex + 1; t < tokens.length && tokens[t].type !== 'table_close'; t++) {
    const token = tokens[t];
    if (token.type === 'tr_open' && token.map && token.map[0] > headerLine + 1) rowLines.push(token.map[0]);
  }
  return {
    index: tableIndex,
    range: lines.linesRange(map[0], map[1]),
    headerLine,
    delimiterLine: headerLine + 1,
    columns,
    columnOf,
    rowLines,
    leadingPipe: header.leadingPipe,
    trailingPipe: header.trailingPipe,
  };
}

function readRequirement(lines: LineIndex, table: RequirementsTable, line: number, rowNumber: number, index: number): Requirement {
  const lineText = lines.lineText(line);
  const split = splitTableRow(lineText);
  const endOfContent = lineText.trimEnd().length;
  const cells = table.columns.map((_, i) => cellFromSplit(lineText, line, split.cells[i], endOfContent));
  const fields: Partial<Record<ColumnKind, TableCell>> = {};
  for (const column of table.columns) if (column.kind) fields[column.kind] = cells[column.index];

  const textOf = (kind: ColumnKind) => fields[kind]?.text ?? '';
  const description = textOf('description') || undefined;
  return {
    index,
    tableIndex: table.index,
    line,
    range: trimmedLineRange(lines, line),
    cells,
    fields,
    label: textOf('id').replace(/^#/, '') || String(rowNumber),
    description,
    throughput: parseThroughput(textOf('throughput')),
    recordSizeBytes: parseRecordSize(textOf('recordSize')),
    latencyMs: parseLatency(textOf('latency')),
    retentionHours: parseRetentionHours(textOf('retention')),
    processingType: textOf('processingType') || undefined,
    status: parseStatus(textOf('status')),
    partitionKey: partitionKeyOf(fields, description),
    stream: textOf('stream') || undefined,
  };
}

const KEY_IN_PROSE =
  /\b(?:partition(?:ed)?\s+(?:key\s*(?:is|=|:)?|by|on)|keyed\s+(?:by|on))\s*[:=]?\s*(`[^`]+`|"[^"]+"|'[^']+'|[A-Za-z_][\w.#-]*(?:\s*\+\s*(?:"[^"]*"|'[^']*'|[A-Za-z_][\w.#()-]*))*)/i;

function partitionKeyOf(fields: Partial<Record<ColumnKind, TableCell>>, description: string | undefined): PartitionKeyMention | undefined {
  const column = fields.partitionKey;
  if (column && column.text) return { text: column.text, range: column.range, source: 'column' };
  const cell = fields.description;
  if (!cell || !description || cell.text !== description) return undefined;
  const m = KEY_IN_PROSE.exec(description);
  // Only when the cell holds no escaped pipes do text offsets equal source offsets.
  if (!m || description.length !== cell.range.end.character - cell.range.start.character) return undefined;
  const keyStart = (m.index ?? 0) + m[0].length - m[1].length;
  const start = cell.range.start.character + keyStart;
  return { text: m[1], range: range(cell.range.start.line, start, cell.range.start.line, start + m[1].length), source: 'description' };
}

const KEY_NAME_IN_DESIGN = /`([^`]+)`|^([A-Za-z_][\w.#]*(?:\s*\+\s*(?:"[^"]*"|'[^']*'|[A-Za-z_][\w.#()-]*))*)\s*(?:$|[-–—,(;:])/;

/** The "Partition Key Design" bullet names a key when it starts with one (`device_id - ...`) or quotes one. */
function findPartitionKeyDesign(lines: LineIndex, items: readonly LabeledItem[]): PartitionKeyMention | undefined {
  const item = items.find((i) => /partition/i.test(i.label));
  if (!item || !item.value) return undefined;
  const firstLine = lines.lineText(item.valueRange.start.line).slice(item.valueRange.start.character);
  const m = KEY_NAME_IN_DESIGN.exec(firstLine);
  if (!m) return undefined;
  const key = (m[1] ?? m[2]).trim();
  // A bare word is only a key name when it is a recognisable one: "Auto - ..." is prose.
  if (!m[1] && !/[_#+.]|[a-z][A-Z]|\bid\b/i.test(key) && classifyPartitionKey(key).pattern === 'unknown') return undefined;
  const offset = firstLine.indexOf(key);
  const start = item.valueRange.start.character + offset;
  const line = item.valueRange.start.line;
  return { text: key, range: range(line, start, line, start + key.length), source: 'designConsiderations' };
}

const SHARD_COUNT = /(?:([A-Za-z][\w.-]*)\s*(?:stream)?\s*[:=(]\s*)?(\d[\d,]*)\s*shards?\b|shard\s*count\s*[:=]?\s*(\d[\d,]*)/gi;

function readStreamConfiguration(lines: LineIndex, dataFlow: readonly LabeledItem[]): StreamConfiguration | undefined {
  const item = dataFlow.find((i) => /stream\s*config/i.test(i.label));
  if (!item) return undefined;
  const plannedShards: PlannedShardCount[] = [];
  for (let line = item.valueRange.start.line; line <= item.valueRange.end.line; line++) {
    const text = lines.lineText(line);
    const from = line === item.valueRange.start.line ? item.valueRange.start.character : 0;
    for (const m of text.slice(from).matchAll(SHARD_COUNT)) {
      const digits = m[2] ?? m[3];
      const digitsStart = from + (m.index ?? 0) + m[0].lastIndexOf(digits);
      const streamName = m[1] && !/^(with|of|using|to|count|total|and|at|initial|planned)$/i.test(m[1]) ? m[1] : undefined;
      plannedShards.push({
        count: Number(digits.replace(/,/g, '')),
        range: range(line, digitsStart, line, digitsStart + digits.length),
        streamName,
      });
    }
  }
  const value = item.value;
  const mode = /on[- ]?demand/i.test(value) ? 'onDemand' : /provisioned/i.test(value) || plannedShards.length > 0 ? 'provisioned' : undefined;
  const retentionHours = /retention|retain|keep/i.test(value) ? parseRetentionHours(value) : undefined;
  return { item, plannedShards, mode, retentionHours };
}

const ENHANCED_FAN_OUT = /enhanced\s+fan[- ]?out|\befo\b|subscribetoshard/i;

function readConsumers(dataFlow: readonly LabeledItem[]): ConsumerMention[] {
  const item = dataFlow.find((i) => /consumer/i.test(i.label));
  if (!item) return [];
  return item.value
    .split(/[,;\n]|\band\b/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0)
    .map((name) => ({ name, enhancedFanOut: ENHANCED_FAN_OUT.test(name) }));
}

/** True when the text commits to enhanced fan-out (not merely "fan-out vs shared throughput"). */
export function statesEnhancedFanOut(text: string): boolean {
  return ENHANCED_FAN_OUT.test(text) && !/\bvs\.?\b|\bversus\b|\bor\s+shared/i.test(text);
}
