/**
 * Turns a panel edit into one minimal TextEdit on the newest document, re-basing it when the file
 * changed after the webview rendered it. Pure (no vscode import) so the re-base rules are unit tested.
 *
 * The rules never lose text: a row is found again by its label and a column by its header; when the
 * very cell (or checkbox) the user edited was changed meanwhile, or the row cannot be identified,
 * the edit is refused with a message instead of overwriting someone else's text.
 */
import { setCell, setChecklistItem } from '../../core/requirements/edits';
import type { ChecklistItem, Requirement, RequirementDocument } from '../../core/requirements/model';
import type { TextEdit } from '../../core/text';
import type { EditCellMessage, SetChecklistItemMessage } from '../../shared/protocol';

export type CellEditRequest = Pick<EditCellMessage, 'version' | 'rowIndex' | 'rowLabel' | 'column' | 'columnHeader' | 'expected' | 'text'>;
export type ChecklistEditRequest = Pick<SetChecklistItemMessage, 'version' | 'index' | 'itemText' | 'checked'>;

/** `edit` is undefined when the document already says what the user asked for. */
export type EditPlan =
  | { readonly ok: true; readonly edit?: TextEdit; readonly rebased: boolean }
  | { readonly ok: false; readonly reason: string };

function refuse(reason: string): EditPlan {
  return { ok: false, reason };
}

/** Plans a cell edit made against `request.version` on `model`, the document at `currentVersion`. */
export function planCellEdit(model: RequirementDocument, currentVersion: number, request: CellEditRequest): EditPlan {
  const rebased = request.version !== currentVersion;
  const row = rebased ? findRow(model, request) : model.requirements[request.rowIndex];
  if (!row) {
    return refuse(`Requirement ${request.rowLabel} changed in the editor meanwhile, so your edit "${request.text}" was not applied. Edit it again.`);
  }
  const table = model.tables[row.tableIndex];
  let column = request.column;
  if (rebased || table.columns[column]?.header !== request.columnHeader) {
    const matches = table.columns.filter((c) => c.header === request.columnHeader);
    const match = matches.length === 1 ? matches[0] : matches.find((c) => c.index === request.column);
    if (!match) return refuse(`The "${request.columnHeader}" column changed in the editor meanwhile, so your edit was not applied.`);
    column = match.index;
  }
  const cell = row.cells[column];
  if (!cell) return refuse(`Requirement ${request.rowLabel} has no "${request.columnHeader}" cell.`);
  if (cell.text !== request.expected) {
    if (cell.text === request.text.trim()) return { ok: true, rebased };
    return refuse(
      `Requirement ${request.rowLabel}, "${request.columnHeader}" was changed in the editor to "${cell.text}" while you edited it; ` +
      `your value "${request.text}" was not applied. Edit it again to replace it.`,
    );
  }
  const edit = setCell(model, row.index, column, request.text);
  if (cell.present && edit.newText === cell.text) return { ok: true, rebased };
  return { ok: true, edit, rebased };
}

/** A row by identity: its label, preferring the same position when labels repeat. */
function findRow(model: RequirementDocument, request: CellEditRequest): Requirement | undefined {
  const sameLabel = model.requirements.filter((r) => r.label === request.rowLabel);
  if (sameLabel.length === 1) return sameLabel[0];
  return sameLabel.find((r) => r.index === request.rowIndex);
}

/** Plans ticking or clearing a checklist box made against `request.version`. */
export function planChecklistEdit(model: RequirementDocument, currentVersion: number, request: ChecklistEditRequest): EditPlan {
  const rebased = request.version !== currentVersion;
  let item: ChecklistItem | undefined = model.checklist[request.index];
  if (rebased || item?.text !== request.itemText) {
    const sameText = model.checklist.filter((i) => i.text === request.itemText);
    item = sameText.length === 1 ? sameText[0] : sameText.find((i) => i.index === request.index);
  }
  if (!item) return refuse(`The checklist item "${request.itemText}" changed in the editor meanwhile, so it was not ${request.checked ? 'ticked' : 'cleared'}.`);
  if (item.checked === request.checked) return { ok: true, rebased };
  return { ok: true, edit: setChecklistItem(model, item.index, request.checked), rebased };
}
