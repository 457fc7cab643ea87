/**
 * "Kinesis: Open Architect Panel": one panel per requirement file, restored after a reload, reachable
 * from the palette, the editor title and a CodeLens on requirement files.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, UserFacingError, type ErrorPresenter } from '../../platform/errors';
import { Disposable } from '../../platform/lifecycle';
import type { RequirementsEngineHost } from '../../platform/requirementsEngine';
import type { KinesisSettings } from '../../platform/settings';
import { ARCHITECT_PANEL_VIEW_TYPE, panelStateSchema } from '../../shared/protocol';
import { REQUIREMENT_FILE_NAME, RequirementFiles } from '../requirements/requirementFiles';
import { ArchitectPanel, webviewOptions, type ArchitectPanelInfo, type PanelContext } from './architectPanel';

/**
 * What tests (and other extensions) can see of the panels. It restores panels too: activation registers
 * the serializer, so a reload can restore a panel before this bundle is loaded.
 */
export interface ArchitectPanelHandle extends vscode.WebviewPanelSerializer {
  /** The open panel of a file, if any. */
  panelFor(uri: vscode.Uri): ArchitectPanelInfo | undefined;
  readonly panels: readonly ArchitectPanelInfo[];
}

export interface ArchitectPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly settings: KinesisSettings;
  /** The extension's one requirements engine, shared with the diagnostics and the chat. */
  readonly engine: RequirementsEngineHost;
  readonly errors: ErrorPresenter;
  readonly logger: ILogger;
}

/** The command's programmatic argument: `{ uri }` (a Uri or its string form), or a Uri (editor title). */
function uriFromArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'uri' in arg) {
    const uri = (arg as { uri: unknown }).uri;
    if (uri instanceof vscode.Uri) return uri;
    if (typeof uri === 'string' && uri.length > 0) return uri.includes(':') ? vscode.Uri.parse(uri, true) : vscode.Uri.file(uri);
    throw new UserFacingError(vscode.l10n.t('{0}: `uri` must be a Uri or a string.', CommandIds.openArchitectPanel));
  }
  if (arg !== undefined) throw new UserFacingError(vscode.l10n.t('{0} expects {1}.', CommandIds.openArchitectPanel, '{ uri }'));
  return undefined;
}

class ArchitectPanelManager extends Disposable implements vscode.WebviewPanelSerializer, ArchitectPanelHandle {
  readonly #panels = new Map<string, ArchitectPanel>();
  readonly #context: PanelContext;
  readonly #deps: ArchitectPanelDeps;

  constructor(deps: ArchitectPanelDeps) {
    super();
    this.#deps = deps;
    const requirements = deps.engine.service;
    this.#context = { extensionUri: deps.extensionUri, requirements, defaultPriceTable: () => requirements.options.priceTable, logger: deps.logger };
    // Only a change of the prices or the threshold concerns the panels; other settings keep their caches.
    this._register(deps.engine.onDidChangeOptions(() => {
      for (const panel of this.#panels.values()) panel.scheduleRefresh();
    }));
    this._register({ dispose: () => { for (const p of [...this.#panels.values()]) p.dispose(); } });
  }

  get panels(): readonly ArchitectPanelInfo[] {
    return [...this.#panels.values()];
  }

  panelFor(uri: vscode.Uri): ArchitectPanelInfo | undefined {
    return this.#panels.get(uri.toString());
  }

  async open(arg?: unknown): Promise<void> {
    const uri = uriFromArgument(arg) ?? (await this.#pickFile());
    if (!uri) return;
    const existing = this.#panels.get(uri.toString());
    if (existing) {
      existing.reveal();
      return;
    }
    const active = vscode.window.activeTextEditor;
    const column = active && active.document.uri.toString() === uri.toString() ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const webviewPanel = vscode.window.createWebviewPanel(ARCHITECT_PANEL_VIEW_TYPE, vscode.l10n.t('Architect'), column, webviewOptions(this.#deps.extensionUri));
    this.#track(new ArchitectPanel(webviewPanel, uri, this.#context));
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = panelStateSchema.safeParse(state);
    const uri = parsed.success ? vscode.Uri.parse(parsed.data.source, true) : undefined;
    if (!uri || this.#panels.has(uri.toString())) {
      // Nothing to restore (or the file already has its panel): never leave an empty page behind.
      webviewPanel.dispose();
      return;
    }
    this.#track(new ArchitectPanel(webviewPanel, uri, this.#context, parsed.success ? parsed.data.conversation : undefined));
  }

  #track(panel: ArchitectPanel): void {
    const key = panel.uri.toString();
    this.#panels.set(key, panel);
    panel.onDidDispose(() => {
      if (this.#panels.get(key) === panel) this.#panels.delete(key);
    });
  }

  async #pickFile(): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (active && active.languageId === 'markdown') return active.uri;
    const found = await vscode.workspace.findFiles(`**/${REQUIREMENT_FILE_NAME}`, '**/node_modules/**', 50);
    if (found.length === 1) return found[0];
    if (found.length === 0) throw new UserFacingError(vscode.l10n.t('No {0} in this workspace. Open a requirement file first.', REQUIREMENT_FILE_NAME));
    const picked = await vscode.window.showQuickPick(found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), {
      title: vscode.l10n.t('Open Architect Panel for…'),
    });
    return picked?.uri;
  }
}

/** "Open Architect Panel" above the first line of every requirement file. */
class OpenPanelCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      title: vscode.l10n.t('$(graph) Open Architect Panel'),
      tooltip: vscode.l10n.t('Show the requirements, shard counts, costs and a partition-key simulator side by side'),
      command: CommandIds.openArchitectPanel,
      arguments: [{ uri: document.uri }],
    })];
  }
}

export function registerArchitectPanel(deps: ArchitectPanelDeps): { disposable: vscode.Disposable; handle: ArchitectPanelHandle } {
  const manager = new ArchitectPanelManager(deps);
  // The same selector as the requirement diagnostics, so the lens follows `kinesis.requirementFiles`
  // edits and relative globs are anchored per workspace folder.
  const files = new RequirementFiles(deps.settings);
  let lensRegistration: vscode.Disposable | undefined;
  const registerLens = () => {
    lensRegistration?.dispose();
    lensRegistration = vscode.languages.registerCodeLensProvider(files.selector, new OpenPanelCodeLensProvider());
  };
  registerLens();
  return {
    handle: manager,
    disposable: vscode.Disposable.from(
      manager,
      files,
      files.onDidChange(registerLens),
      { dispose: () => lensRegistration?.dispose() },
      registerCommand(CommandIds.openArchitectPanel, (arg?: unknown) => manager.open(arg), deps.errors),
    ),
  };
}
