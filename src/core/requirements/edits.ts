/**
 * Writing back with minimal edits. The model is never re-rendered: every change is a TextEdit
 * against the original text, so untouched bytes (spacing, alignment, line endings, odd markup)
 * survive exactly and an editor can apply the edit as an undoable change.
 */
import { applyEdits, range, type TextEdit } from '../text';
import type { ColumnKind, LabeledItem, RequirementDocument, RequirementsTable } from './model';
import { splitTableRow } from './parser';

/** The document text with `edits` applied. With no edits it is the input, byte for byte. */
export function serializeRequirementDocument(model: RequirementDocument, edits: readonly TextEdit[] = []): string {
  return applyEdits(model.text, edits);
}

export { applyEdits };

/** Pipes would end the cell and line breaks the row, so both are neutralised. */
export function escapeCellText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/(?<!\\)\|/g, '\\|').trim();
}

/**
 * Replaces one cell's text. Only that cell's characters change; a cell missing from a short row is
 * created by appending the separators it needs.
 */
export function setCell(model: RequirementDocument, rowIndex: number, column: ColumnKind | number, text: string): TextEdit {
  const requirement = model.requirements[rowIndex];
  if (!requirement) throw new RangeError(`No requirement row ${rowIndex}`);
  const table = model.tables[requirement.tableIndex];
  const columnIndex = typeof column === 'number' ? column : table.columnOf[column];
  if (columnIndex === undefined || columnIndex < 0 || columnIndex >= table.columns.length) {
    throw new RangeError(`The requirements table has no ${String(column)} column`);
  }
  const newText = escapeCellText(text);
  const cell = requirement.cells[columnIndex];
  if (cell.present) return { range: cell.range, newText };

  const lineText = model.lines.lineText(requirement.line);
  const split = splitTableRow(lineText);
  const contentEnd = lineText.trimEnd().length;
  let inserted = '';
  for (let i = split.cells.length; i <= columnIndex; i++) {
    const value = i === columnIndex ? newText : '';
    inserted += split.trailingPipe ? ` ${value} |` : ` | ${value}`;
  }
  if (!split.trailingPipe) inserted = inserted.replace(/ +$/, '');
  return { range: range(requirement.line, contentEnd, requirement.line, contentEnd), newText: inserted };
}

/** Ticks or clears one Validation Checklist box; only the character between the brackets changes. */
export function setChecklistItem(model: RequirementDocument, index: number, checked: boolean): TextEdit {
  const item = model.checklist[index];
  if (!item) throw new RangeError(`No checklist item ${index}`);
  return { range: item.boxRange, newText: checked ? 'x' : ' ' };
}

/** Replaces a bullet's value, keeping its label and marker. */
export function setLabeledValue(item: LabeledItem, value: string): TextEdit {
  return { range: item.valueRange, newText: value };
}

/** The seed template's column order, used when a document has no requirements table yet. */
export const DEFAULT_COLUMNS: readonly { kind: ColumnKind; header: string }[] = [
  { kind: 'id', header: 'Requirement #' },
  { kind: 'description', header: 'Description' },
  { kind: 'throughput', header: 'Records/Sec (Peak/Avg)' },
  { kind: 'recordSize', header: 'Record Size' },
  { kind: 'latency', header: 'Latency Requirement' },
  { kind: 'retention', header: 'Durability' },
  { kind: 'processingType', header: 'Processing Type' },
  { kind: 'status', header: 'Status' },
];

export type RequirementRowValues = Readonly<Partial<Record<ColumnKind, string>>>;

/**
 * Adds a requirement row after the last row of a requirements table (the first by default), in that
 * table's column order and pipe style. The id defaults to the next number. Without any requirements
 * table, a table with the seed's columns is inserted under the requirements heading (or appended).
 */
export function appendRequirementRow(model: RequirementDocument, values: RequirementRowValues, tableIndex = 0): TextEdit {
  const eol = model.lines.eol;
  const table = model.tables[tableIndex];
  if (!table) return insertNewTable(model, values, eol);

  const cells = table.columns.map((column) => {
    if (column.kind && values[column.kind] !== undefined) return escapeCellText(values[column.kind] as string);
    return column.kind === 'id' ? String(nextRequirementNumber(model, table)) : '';
  });
  const row = formatRow(cells, table.leadingPipe, table.trailingPipe);
  const lastLine = table.rowLines.length > 0 ? table.rowLines[table.rowLines.length - 1] : table.delimiterLine;
  const end = model.lines.lineLength(lastLine);
  return { range: range(lastLine, end, lastLine, end), newText: eol + row };
}

function nextRequirementNumber(model: RequirementDocument, table: RequirementsTable): number {
  let highest = 0;
  for (const r of model.requirements) {
    if (r.tableIndex !== table.index) continue;
    const n = Number(/\d+/.exec(r.label)?.[0]);
    if (Number.isFinite(n) && n > highest) highest = n;
  }
  return highest + 1;
}

function formatRow(cells: readonly string[], leadingPipe: boolean, trailingPipe: boolean): string {
  return (leadingPipe ? '| ' : '') + cells.join(' | ') + (trailingPipe ? ' |' : '');
}

function insertNewTable(model: RequirementDocument, values: RequirementRowValues, eol: string): TextEdit {
  const header = formatRow(DEFAULT_COLUMNS.map((c) => c.header), true, true);
  const delimiter = formatRow(DEFAULT_COLUMNS.map((c) => '-'.repeat(Math.max(3, c.header.length))), true, true);
  const row = formatRow(DEFAULT_COLUMNS.map((c) => escapeCellText(values[c.kind] ?? (c.kind === 'id' ? '1' : ''))), true, true);
  const table = [header, delimiter, row].join(eol);
  const section = model.sections.find((s) => s.kind === 'requirements');
  if (section) {
    const line = section.headingRange.start.line;
    const at = model.lines.lineLength(line);
    return { range: range(line, at, line, at), newText: eol + table + eol };
  }
  const last = model.lines.lineCount - 1;
  const at = model.lines.lineLength(last);
  const separator = model.text.length === 0 ? '' : model.lines.lineText(last) === '' ? eol : eol + eol;
  return { range: range(last, at, last, at), newText: `${separator}## Streaming Requirements Analysis${eol}${table}${eol}` };
}
