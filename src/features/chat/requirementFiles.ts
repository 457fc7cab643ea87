import * as vscode from 'vscode';
import { ARCHITECTURE_FILE_NAME } from '../../core/requirements/architecture';
import { readTextFile } from '../../platform/textFileWriter';
import { REQUIREMENT_FILE_NAME } from '../requirements/requirementFiles';

/**
 * The two files of the seed's workflow in the first workspace folder. The requirement file is read and
 * written with its interview state by platform/architectSession.ts; the architecture file is written by
 * platform/textFileWriter.ts, as the command does.
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
}
