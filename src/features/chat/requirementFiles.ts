import * as vscode from 'vscode';
import { chatRequirementTemplate } from '../../core/chat/update';
import { ARCHITECTURE_FILE_NAME } from '../../core/requirements/architecture';
import type { TextEdit } from '../../core/text';
import { REQUIREMENT_FILE_NAME } from '../requirements/requirementFiles';

/**
 * Reads and writes the two files of the seed's workflow in the first workspace folder. Writes go
 * through WorkspaceEdit and are then saved, so they land in the editor's undo stack like any edit.
 */
export class ArchitectFiles {
  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  /** The first workspace folder, or undefined when no folder is open. */
  static forWorkspace(): ArchitectFiles | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? new ArchitectFiles(folder) : undefined;
  }

  get requirementUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, REQUIREMENT_FILE_NAME);
  }

  get architectureUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ARCHITECTURE_FILE_NAME);
  }

  /** The requirement file's current text (an open editor's unsaved text wins), or undefined if missing. */
  async readRequirements(): Promise<string | undefined> {
    return this.#read(this.requirementUri);
  }

  async readArchitecture(): Promise<string | undefined> {
    return this.#read(this.architectureUri);
  }

  /** The text a new requirement file starts with. */
  static template(): string {
    return chatRequirementTemplate();
  }

  /**
   * Applies `edit` (computed against `baseText`) to the requirement file, creating the file from the
   * template first when it does not exist, then saves it.
   */
  async updateRequirements(exists: boolean, edit: TextEdit): Promise<void> {
    const uri = this.requirementUri;
    if (!exists) {
      const create = new vscode.WorkspaceEdit();
      create.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(ArchitectFiles.template()) });
      if (!(await vscode.workspace.applyEdit(create))) throw new Error(`Could not create ${REQUIREMENT_FILE_NAME}.`);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const change = new vscode.WorkspaceEdit();
    change.replace(uri, new vscode.Range(edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character), edit.newText);
    if (!(await vscode.workspace.applyEdit(change))) throw new Error(`Could not update ${REQUIREMENT_FILE_NAME}.`);
    await document.save();
  }

  /** Replaces (or creates) the architecture file with `text` and saves it. */
  async writeArchitecture(text: string): Promise<void> {
    const uri = this.architectureUri;
    const edit = new vscode.WorkspaceEdit();
    const existing = await this.#read(uri);
    if (existing === undefined) {
      edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${ARCHITECTURE_FILE_NAME}.`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not update ${ARCHITECTURE_FILE_NAME}.`);
    await document.save();
  }

  async #read(uri: vscode.Uri): Promise<string | undefined> {
    // A document object can outlive its deleted file: only trust it while the file exists.
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return undefined;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }
}
