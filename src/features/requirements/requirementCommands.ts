/**
 * "New Requirement File" and "Generate Architecture". Both write through a WorkspaceEdit, so every
 * change lands in the editor's undo stack, and both take optional arguments so scripts and tests can
 * run them without the modal dialogs (which extension tests cannot answer).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { ARCHITECTURE_FILE_NAME, newRequirementFileTemplate, planArchitectureWrite, type ArchitectureWrite, type RequirementsService } from '../../core/requirements';
import { UserFacingError } from '../../platform/errors';
import { asCoreDocument } from '../../platform/convert';
import { fileExists, readTextFile, writeTextFile } from '../../platform/textFileWriter';
import { REQUIREMENT_FILE_NAME, type RequirementFiles } from './requirementFiles';

/** Arguments of `kinesis.newRequirementFile`; from the palette there are none. */
export interface NewRequirementFileArgs {
  /** Folder to create the file in; default: the (only, or picked) workspace folder. */
  readonly folder?: vscode.Uri;
}

export interface NewRequirementFileResult {
  readonly uri: vscode.Uri;
  /** False when the file already existed and was opened instead. */
  readonly created: boolean;
}

/** Arguments of `kinesis.generateArchitecture`; the editor title button passes just the file's Uri. */
export interface GenerateArchitectureArgs {
  /** The requirement file; default: the active requirement file, else the workspace's only one. */
  readonly uri?: vscode.Uri;
  /** Skip the confirmation dialog (the caller already asked). */
  readonly confirm?: boolean;
  /** Replace sections edited by hand; without it they are kept when `confirm` is set, else the user is asked. */
  readonly overwriteEditedSections?: boolean;
}

export type GenerateArchitectureResult =
  | { readonly outcome: 'written'; readonly uri: vscode.Uri; readonly keptSections: readonly string[]; readonly overwrittenSections: readonly string[] }
  | { readonly outcome: 'cancelled' };

export class RequirementCommands {
  readonly #service: RequirementsService;
  readonly #files: RequirementFiles;
  readonly #logger: ILogger;

  constructor(service: RequirementsService, files: RequirementFiles, logger: ILogger) {
    this.#service = service;
    this.#files = files;
    this.#logger = logger;
  }

  async newRequirementFile(arg?: NewRequirementFileArgs | vscode.Uri): Promise<NewRequirementFileResult> {
    const folder = arg instanceof vscode.Uri ? arg : (arg?.folder ?? (await pickWorkspaceFolder()));
    const uri = vscode.Uri.joinPath(folder, REQUIREMENT_FILE_NAME);
    if (await fileExists(uri)) {
      await vscode.window.showTextDocument(uri, { preview: false });
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} already exists in {1}: opened it instead of replacing it.', REQUIREMENT_FILE_NAME, path.basename(folder.path)));
      return { uri, created: false };
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { contents: new TextEncoder().encode(newRequirementFileTemplate(preferredEol(folder))) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new UserFacingError(vscode.l10n.t('Could not create {0}. Check that the folder is writable, then try again.', uri.fsPath));
    }
    await vscode.window.showTextDocument(uri, { preview: false });
    this.#logger.info(`created ${uri.toString(true)}`);
    return { uri, created: true };
  }

  async generateArchitecture(arg?: GenerateArchitectureArgs | vscode.Uri): Promise<GenerateArchitectureResult> {
    const args: GenerateArchitectureArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
    const source = await this.#requirementDocument(args.uri);
    const name = path.basename(source.uri.path);
    const target = vscode.Uri.joinPath(source.uri, '..', ARCHITECTURE_FILE_NAME);
    const existing = await readTextFile(target);
    const plan = (handEditedSections: 'keep' | 'overwrite') =>
      planArchitectureWrite({ requirements: this.#service.analyze(asCoreDocument(source)), existingArchitecture: existing, handEditedSections });
    const first = plan(args.overwriteEditedSections ? 'overwrite' : 'keep');
    if (first.kind === 'refused') {
      throw new UserFacingError(vscode.l10n.t('Cannot generate the architecture from {0} yet. {1} Complete {0}, then run Generate Architecture again.', name, first.reasons.join(' ')));
    }

    if (!args.confirm) {
      const action = existing !== undefined ? vscode.l10n.t('Regenerate') : vscode.l10n.t('Generate');
      const question = existing !== undefined
        ? vscode.l10n.t('Regenerate {0} from {1}?', ARCHITECTURE_FILE_NAME, name)
        : vscode.l10n.t('Generate {0} from {1}?', ARCHITECTURE_FILE_NAME, name);
      const answer = await vscode.window.showInformationMessage(
        question,
        { modal: true, detail: vscode.l10n.t('Writes the stream designs, cost tables and hot-shard analysis next to {0}. You can undo it like any edit.', name) },
        action,
      );
      if (answer !== action) return { outcome: 'cancelled' };
    }

    let planned: ArchitectureWrite = first;
    const edited = first.handEditedSections.map((s) => s.title);
    // A caller that confirmed without choosing never loses hand-written text; from the UI, ask.
    if (edited.length > 0 && args.overwriteEditedSections === undefined && !args.confirm) {
      const overwrite = await askToOverwrite(edited);
      if (overwrite === undefined) return { outcome: 'cancelled' };
      const replanned = overwrite ? plan('overwrite') : undefined;
      if (replanned?.kind === 'write') planned = replanned;
    }
    const { keptSections, overwrittenSections } = planned;

    await writeTextFile(target, planned.text);
    await vscode.window.showTextDocument(target, { preview: false });
    this.#logger.info(`wrote ${target.toString(true)} from ${source.uri.toString(true)}; kept [${keptSections.join(', ')}]`);
    void vscode.window.showInformationMessage(keptSections.length
      ? vscode.l10n.t('Wrote {0}. Kept your edits in: {1}.', ARCHITECTURE_FILE_NAME, keptSections.join(', '))
      : vscode.l10n.t('Wrote {0}.', ARCHITECTURE_FILE_NAME));
    return { outcome: 'written', uri: target, keptSections: [...keptSections], overwrittenSections: [...overwrittenSections] };
  }

  async #requirementDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument> {
    if (uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active && this.#files.matches(active)) return active;
    const found = await vscode.workspace.findFiles(`**/${REQUIREMENT_FILE_NAME}`, '**/node_modules/**', 50);
    if (found.length === 0) {
      throw new UserFacingError(vscode.l10n.t('No {0} is open or in the workspace. Run "Kinesis: New Requirement File" to start one.', REQUIREMENT_FILE_NAME));
    }
    if (found.length === 1) return vscode.workspace.openTextDocument(found[0]);
    const picked = await vscode.window.showQuickPick(
      found.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
      { title: vscode.l10n.t('Generate Architecture'), placeHolder: vscode.l10n.t('Which requirement file?') },
    );
    if (!picked) throw new vscode.CancellationError();
    return vscode.workspace.openTextDocument(picked.file);
  }
}

async function pickWorkspaceFolder(): Promise<vscode.Uri> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    throw new UserFacingError(vscode.l10n.t('Open a folder first: {0} is created in the workspace root.', REQUIREMENT_FILE_NAME));
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder to create {0} in', REQUIREMENT_FILE_NAME) });
  if (!picked) throw new vscode.CancellationError();
  return picked.uri;
}

/** True to overwrite hand-edited sections, false to keep them, undefined when the user cancelled. */
async function askToOverwrite(titles: readonly string[]): Promise<boolean | undefined> {
  const keep = vscode.l10n.t('Keep My Edits');
  const overwrite = vscode.l10n.t('Overwrite');
  const question = titles.length === 1
    ? vscode.l10n.t('1 section was edited by hand: {0}. Overwrite it?', titles.join(', '))
    : vscode.l10n.t('{0} sections were edited by hand: {1}. Overwrite them?', titles.length, titles.join(', '));
  const answer = await vscode.window.showWarningMessage(
    question,
    { modal: true, detail: vscode.l10n.t('"{0}" regenerates only the untouched sections.', keep) },
    keep,
    overwrite,
  );
  return answer === undefined ? undefined : answer === overwrite;
}

/** Honours `files.eol` so a new file matches the user's line endings. */
function preferredEol(folder: vscode.Uri): '\n' | '\r\n' {
  const eol = vscode.workspace.getConfiguration('files', folder).get<string>('eol', 'auto');
  return eol === '\r\n' || (eol === 'auto' && process.platform === 'win32') ? '\r\n' : '\n';
}
