import * as vscode from 'vscode';
import { chatRequirementTemplate } from '../../core/chat/update';
import { ARCHITECTURE_FILE_NAME } from '../../core/requirements/architecture';
import type { TextEdit } from '../../core/text';
import { readTextFile } from '../../platform/textFileWriter';
import { REQUIREMENT_FILE_NAME } from '../requirements/requirementFiles';

/**
 * Reads the two files of the seed's workflow in the first workspace folder and updates the
 * requirement file through WorkspaceEdit, then saves it, so it lands in the editor's undo stack like
 * any edit. The architecture file is written by platform/textFileWriter.ts, as the command does.
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
    return readTextFile(this.requirementUri);
  }

  async readArchitecture(): Promise<string | undefined> {
    return readTextFile(this.architectureUri);
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
}
