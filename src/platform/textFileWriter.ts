/**
 * Reads and replaces whole text files the way an edit in the editor would: through one WorkspaceEdit
 * (so it lands in the undo stack), then saved. The architecture document is written only here,
 * whether the Generate Architecture command or `@kinesis /design` asked for it.
 */
import * as vscode from 'vscode';
import { UserFacingError } from './errors';

export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The file's current text (an open editor's unsaved text wins), or undefined when there is no file. */
export async function readTextFile(uri: vscode.Uri): Promise<string | undefined> {
  // A document object can outlive its deleted file: only trust it while the file exists.
  if (!(await fileExists(uri))) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export type WriteOutcome = 'created' | 'replaced' | 'unchanged';

/** Creates the file with `text`, or replaces all of its text and saves it. */
export async function writeTextFile(uri: vscode.Uri, text: string): Promise<WriteOutcome> {
  const name = uri.path.split('/').pop() ?? uri.fsPath;
  const edit = new vscode.WorkspaceEdit();
  if (!(await fileExists(uri))) {
    edit.createFile(uri, { contents: new TextEncoder().encode(text) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new UserFacingError(vscode.l10n.t('Could not write {0}. Check that it is not read-only, then try again.', uri.fsPath));
    }
    return 'created';
  }
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() === text) {
    // Nothing to edit, but "written" must still mean "on disk".
    if (document.isDirty) await document.save();
    return 'unchanged';
  }
  edit.replace(uri, document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)), text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new UserFacingError(vscode.l10n.t('Could not write {0}. Check that it is not read-only, then try again.', uri.fsPath));
  }
  // save() also answers false when something else saved the document first; only unsaved text is a failure.
  if (!(await document.save()) && document.isDirty) {
    throw new UserFacingError(vscode.l10n.t('Wrote {0} in the editor but could not save it: save it by hand (File > Save).', name));
  }
  return 'replaced';
}
