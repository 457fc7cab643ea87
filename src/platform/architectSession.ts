/**
 * Loads and saves the architect interview through the workspace: the requirement file's text (an
 * open editor's unsaved text wins) with the interview state inside it (core/architect/state.ts), and
 * a turn's result written back as one WorkspaceEdit, then saved, so it lands in the undo stack and
 * every surface (chat, the Architect panel, the CLI on disk) sees the same interview.
 */
import * as vscode from 'vscode';
import { readArchitectState, type ArchitectState, type StateReading } from '../core/architect/state';
import type { ArchitectTurn } from '../core/architect/turn';
import { readTextFile } from './textFileWriter';
import { UserFacingError } from './errors';

export interface ArchitectSession {
  /** Undefined when the file does not exist yet. */
  readonly fileText: string | undefined;
  /** The state the file carries, if any. */
  readonly state: ArchitectState | undefined;
  readonly stateProblem: StateReading['problem'];
}

export async function loadArchitectSession(requirementUri: vscode.Uri): Promise<ArchitectSession> {
  const fileText = await readTextFile(requirementUri);
  const reading = fileText === undefined ? { problem: 'none' as const } : readArchitectState(fileText);
  return { fileText, state: reading.state, stateProblem: reading.problem };
}

/**
 * Writes a turn: creates the file from the turn's base text when it was missing, applies the turn's
 * one edit and saves. Answers false when there was nothing to write.
 */
export async function saveArchitectTurn(requirementUri: vscode.Uri, turn: Pick<ArchitectTurn, 'createsFile' | 'baseText' | 'edit'>): Promise<boolean> {
  const name = requirementUri.path.split('/').pop() ?? requirementUri.fsPath;
  if (!turn.edit && !turn.createsFile) return false;
  if (turn.createsFile) {
    const create = new vscode.WorkspaceEdit();
    create.createFile(requirementUri, { ignoreIfExists: true, contents: new TextEncoder().encode(turn.baseText) });
    if (!(await vscode.workspace.applyEdit(create))) throw new UserFacingError(vscode.l10n.t('Could not create {0}. Check that the folder is writable.', name));
  }
  const document = await vscode.workspace.openTextDocument(requirementUri);
  // The edit's positions are in the text the turn read; typing since then would make them land wrong.
  if (!turn.createsFile && document.getText() !== turn.baseText) {
    throw new UserFacingError(vscode.l10n.t('{0} changed while the architect was answering; send the message again.', name));
  }
  if (turn.edit) {
    const { start, end } = turn.edit.range;
    const change = new vscode.WorkspaceEdit();
    change.replace(requirementUri, new vscode.Range(start.line, start.character, end.line, end.character), turn.edit.newText);
    if (!(await vscode.workspace.applyEdit(change))) throw new UserFacingError(vscode.l10n.t('Could not update {0}.', name));
  }
  if (!(await document.save()) && document.isDirty) throw new UserFacingError(vscode.l10n.t('Updated {0} in the editor but could not save it: save it by hand (File > Save).', name));
  return true;
}
