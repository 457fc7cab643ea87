import * as path from 'path';
import * as vscode from 'vscode';
import { Disposable } from '../../platform/lifecycle';
import type { KinesisSettings } from '../../platform/settings';

import { REQUIREMENT_FILE_NAME } from '../../core/requirements/fileNames';

export { REQUIREMENT_FILE_NAME };

/**
 * Which documents are requirement files: every `kinesis_requirement.md`, plus markdown files matching
 * `kinesis.requirementFiles`. The same selector registers the language features and filters
 * diagnostics, so the two can never disagree.
 */
export class RequirementFiles extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the selector changed (setting or workspace folders); listeners re-register and revalidate. */
  readonly onDidChange = this.#onDidChange.event;
  #globs: readonly string[];
  #selector: vscode.DocumentFilter[];

  constructor(settings: KinesisSettings) {
    super();
    this.#globs = settings.values.requirementFiles;
    this.#selector = buildSelector(this.#globs, vscode.workspace.workspaceFolders ?? []);
    this._register(settings.onDidChange((values) => {
      if (values.requirementFiles.join('\n') !== this.#globs.join('\n')) {
        this.#globs = values.requirementFiles;
        this.#rebuild();
      }
    }));
    // Relative globs are anchored in each workspace folder.
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.#rebuild()));
  }

  get selector(): vscode.DocumentSelector {
    return this.#selector;
  }

  matches(document: vscode.TextDocument): boolean {
    return vscode.languages.match(this.#selector, document) > 0;
  }

  #rebuild(): void {
    this.#selector = buildSelector(this.#globs, vscode.workspace.workspaceFolders ?? []);
    this.#onDidChange.fire();
  }
}

/**
 * Document filters match a string pattern against the absolute path, so a setting like
 * `docs/streams/*.md` only works as a RelativePattern per workspace folder.
 */
function buildSelector(globs: readonly string[], folders: readonly vscode.WorkspaceFolder[]): vscode.DocumentFilter[] {
  const filters: vscode.DocumentFilter[] = [{ language: 'markdown', pattern: `**/${REQUIREMENT_FILE_NAME}` }];
  for (const glob of globs) {
    if (glob.startsWith('**') || path.isAbsolute(glob)) {
      filters.push({ language: 'markdown', pattern: glob });
    } else {
      filters.push(...folders.map((folder) => ({ language: 'markdown', pattern: new vscode.RelativePattern(folder, glob) })));
    }
  }
  return filters;
}
