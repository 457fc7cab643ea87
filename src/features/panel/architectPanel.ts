/**
 * One Architect panel: a webview kept in two-way sync with one requirement file.
 *
 * File -> panel: every change of the document (open in an editor or not) schedules a refresh; the
 * first runs at once, later ones at most every {@link REFRESH_INTERVAL_MS}, and a refresh that finds
 * the version (and text) the webview already has posts nothing.
 * Panel -> file: each edit becomes a WorkspaceEdit on exactly one cell or checkbox, planned against
 * the newest document (re-based by row/column identity, or refused) and applied one at a time.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import type { RequirementsService } from '../../core/requirements';
import type { TextEdit } from '../../core/text';
import { architectDesign, architectDesignRefusals, architectTurn, isoDate, parseArchitectMessage, readArchitectState, replyParts } from '../../core/architect';
import { ARCHITECTURE_FILE_NAME } from '../../core/requirements/architecture';
import { loadArchitectSession, saveArchitectTurn } from '../../platform/architectSession';
import { asCoreDocument } from '../../platform/convert';
import { readTextFile, writeTextFile } from '../../platform/textFileWriter';
import { WebviewHost, type WebviewHostInfo } from '../../platform/webviewHost';
import { webviewL10nData } from '../../platform/webviewL10n';
import {
  CONVERSATION_HISTORY_LIMIT,
  parseFromWebview,
  type ConversationEntryView,
  type ConversationView,
  type EditCellMessage,
  type SendMessageMessage,
  type FromWebview,
  type PanelSnapshot,
  type PriceTableKey,
  type SetChecklistItemMessage,
  type ToWebview,
} from '../../shared/protocol';
import { planCellEdit, planChecklistEdit, type EditPlan } from './panelEdits';
import { buildPanelSnapshot } from './snapshot';
import { errorDetail, errorMessage } from '../../core/errorMessage';

// The panel manager (./register.ts) creates panels with these options.
export { webviewPanelOptions as webviewOptions } from '../../platform/webviewHost';

export const REFRESH_INTERVAL_MS = 300;
export const GENERATE_ARCHITECTURE_COMMAND = 'kinesis.generateArchitecture';

/** What every panel shares: the engine (asked for each price table), settings and the log. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly requirements: RequirementsService;
  readonly defaultPriceTable: () => PriceTableKey;
  readonly logger: ILogger;
}

/** Test and diagnostics view of a panel (`lastNotice`: refusals, missing commands). */
export interface ArchitectPanelInfo extends WebviewHostInfo {
  readonly uri: vscode.Uri;
  /** Document version of the last snapshot posted to (or embedded in) the webview. */
  readonly postedVersion: number | undefined;
  readonly appliedEdits: number;
  /** The conversation pane's history (user messages, four-part replies, errors). */
  readonly conversation: readonly ConversationEntryView[];
}

function toVsRange(edit: TextEdit): vscode.Range {
  const { start, end } = edit.range;
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

function isShownInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

export class ArchitectPanel extends WebviewHost<FromWebview, ToWebview> implements ArchitectPanelInfo {
  readonly uri: vscode.Uri;
  readonly #context: PanelContext;
  #posted: { version: number; text: string } | undefined;
  #appliedEdits = 0;
  #lastRefreshAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshSequence = 0;
  /** Edits run one at a time so each is planned against the document the previous one produced. */
  #editQueue: Promise<void> = Promise.resolve();
  #conversation: ConversationEntryView[];
  #answering = false;

  /** `conversation`: the history a restored panel had (its webview state); the interview itself is in the file. */
  constructor(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri, context: PanelContext, conversation: readonly ConversationEntryView[] = []) {
    const fileName = uri.path.split('/').pop() ?? uri.path;
    super({
      webviewPanel,
      extensionUri: context.extensionUri,
      logger: context.logger,
      source: uri.toString(),
      description: `the Architect panel of ${fileName}`,
      parse: parseFromWebview,
    });
    this.uri = uri;
    this.#context = context;
    this.#conversation = [...conversation];
    webviewPanel.title = vscode.l10n.t('Architect: {0}', fileName);

    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === this.source && e.contentChanges.length > 0) this.scheduleRefresh();
    }));
    // Only use the file system event when VS Code does not already hold the document: for a loaded
    // document onDidChangeTextDocument fires too, and the version guard would drop the duplicate anyway.
    const folder = vscode.Uri.joinPath(uri, '..');
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, uri.path.split('/').pop() ?? '*')));
    const onDisk = () => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === this.source)) this.scheduleRefresh();
    };
    this._register(watcher.onDidChange(onDisk));
    this._register(watcher.onDidCreate(onDisk));
    this._register(watcher.onDidDelete(() => this.notice('warning', vscode.l10n.t('{0} was deleted.', this.#fileName))));

    void this.#initialise();
  }

  get postedVersion(): number | undefined { return this.#posted?.version; }
  get appliedEdits(): number { return this.#appliedEdits; }
  get conversation(): readonly ConversationEntryView[] { return this.#conversation; }

  get #fileName(): string {
    return this.uri.path.split('/').pop() ?? this.uri.path;
  }

  reveal(): void {
    this.webviewPanel.reveal();
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (this.#timer) clearTimeout(this.#timer);
    super.dispose();
  }

  async #initialise(): Promise<void> {
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      if (this.isDisposed) return;
      const snapshot = this.#snapshot(doc);
      this.#posted = { version: doc.version, text: doc.getText() };
      this.#setPage(snapshot);
    } catch (error) {
      this.logger.error(errorDetail(error));
      this.#setPage(undefined, vscode.l10n.t('Could not open {0}: {1}', this.#fileName, errorMessage(error)));
    }
  }

  /** First refresh at once, then at most one every REFRESH_INTERVAL_MS (the last change always lands). */
  scheduleRefresh(): void {
    if (this.#timer || this.isDisposed) return;
    const wait = this.#lastRefreshAt + REFRESH_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      void this.#refresh();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#refresh();
    }, wait);
  }

  async #refresh(force = false): Promise<void> {
    this.#lastRefreshAt = Date.now();
    const sequence = ++this.#refreshSequence;
    try {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      // A later refresh started while this one waited: it will post the newer state.
      if (this.isDisposed || sequence !== this.#refreshSequence) return;
      const text = doc.getText();
      if (!force && this.#posted && this.#posted.version === doc.version && this.#posted.text === text) return;
      if (!this.ready) return;
      const snapshot = this.#snapshot(doc);
      this.#posted = { version: doc.version, text };
      this.post({ type: 'update', snapshot });
      // A turn in @kinesis or the CLI moves the interview: show its stage here too.
      this.#postConversation(text);
    } catch (error) {
      this.logger.warn(`refresh of ${this.source} failed: ${errorMessage(error)}`);
    }
  }

  #snapshot(doc: vscode.TextDocument): PanelSnapshot {
    const adapted = asCoreDocument(doc);
    const { requirements } = this.#context;
    const preferred = this.#context.defaultPriceTable();
    return buildPanelSnapshot({
      version: doc.version,
      fileName: this.#fileName,
      analyses: { seed: requirements.analyze(adapted, 'seed'), aws: requirements.analyze(adapted, 'aws') },
      diagnostics: requirements.getDiagnostics(adapted, preferred),
      gate: requirements.checkGenerationGate(adapted),
      defaultPriceTable: preferred,
    });
  }

  protected override async onReady(): Promise<void> {
    // The page may show the snapshot embedded when the html was set, or nothing: always resend.
    await this.#refresh(true);
    this.#postConversation(await readTextFile(this.uri).catch(() => undefined));
  }

  protected override async onMessage(message: Exclude<FromWebview, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'editCell':
      case 'setChecklistItem':
        this.#editQueue = this.#editQueue.then(() => this.#applyEdit(message));
        return this.#editQueue;
      case 'revealLine':
        return this.#revealLine(message.line, message.character ?? 0);
      case 'generateArchitecture':
        return this.#generate();
      case 'sendMessage':
        this.#editQueue = this.#editQueue.then(() => this.#answer(message));
        return this.#editQueue;
    }
  }

  // ---- conversation pane --------------------------------------------------------------------------

  #postConversation(fileText: string | undefined): void {
    if (!this.ready || this.isDisposed) return;
    const state = fileText === undefined ? undefined : readArchitectState(fileText).state;
    const conversation: ConversationView = {
      entries: this.#conversation,
      stage: state?.stage,
      turns: state?.turns ?? 0,
      confirmed: state?.confirmed ?? false,
      busy: this.#answering,
    };
    this.post({ type: 'conversation', conversation });
  }

  #remember(entry: ConversationEntryView): void {
    this.#conversation.push(entry);
    if (this.#conversation.length > CONVERSATION_HISTORY_LIMIT) this.#conversation.splice(0, this.#conversation.length - CONVERSATION_HISTORY_LIMIT);
  }

  /**
   * One architect turn from the panel: the same engine as @kinesis and the CLI, no language model
   * needed, the file updated (and saved) before the reply is shown.
   */
  async #answer(message: SendMessageMessage): Promise<void> {
    const { command, text } = parseArchitectMessage(message.text);
    this.#remember({ role: 'user', text: message.text });
    this.#answering = true;
    let fileText: string | undefined;
    try {
      const session = await loadArchitectSession(this.uri);
      this.#postConversation(session.fileText);
      const key = this.uri.toString();
      const turn = architectTurn({
        fileText: session.fileText,
        message: text,
        today: isoDate(new Date()),
        options: { analyze: (t) => this.#context.requirements.analyzeText(key, t), command: command === 'design' ? 'requirements' : command, fileName: this.#fileName },
      });
      await saveArchitectTurn(this.uri, turn);
      fileText = turn.newFileText;
      let reply = turn.reply;
      if (command === 'design') {
        const architectureUri = vscode.Uri.joinPath(this.uri, '..', ARCHITECTURE_FILE_NAME);
        const outcome = architectDesign({ fileText: turn.newFileText, existingArchitecture: await readTextFile(architectureUri), analysis: turn.analysis });
        reply = { ...reply, nextSteps: outcome.nextSteps, questions: outcome.questions ?? reply.questions };
        if (outcome.plan.kind === 'write') {
          await writeTextFile(architectureUri, outcome.plan.text);
          this.logger.info(`the Architect panel wrote ${ARCHITECTURE_FILE_NAME} beside ${this.#fileName}`);
        } else {
          this.logger.info(`the Architect panel refused the design of ${this.#fileName}: ${outcome.plan.reasons.join(' ')}`);
        }
      }
      this.#remember({ role: 'architect', parts: replyParts(reply), changedRows: [...turn.changedRows] });
      this.logger.info(`architect turn ${turn.state.turns} from the panel of ${this.#fileName}: stage ${turn.stage}, ${turn.changedRows.length} row(s) changed`);
    } catch (error) {
      this.logger.warn(`architect turn from the panel of ${this.#fileName} failed: ${errorMessage(error)}`);
      const reason = vscode.l10n.t('The architect could not answer: {0} Nothing was written; send the message again.', errorMessage(error));
      this.#remember({ role: 'error', text: reason });
      this.notice('error', reason);
    } finally {
      this.#answering = false;
      this.#postConversation(fileText ?? (await readTextFile(this.uri).catch(() => undefined)));
    }
  }

  async #applyEdit(message: EditCellMessage | SetChecklistItemMessage): Promise<void> {
    const reply = (ok: boolean, text?: string) => this.post({ type: 'editResult', requestId: message.requestId, ok, message: text });
    // A failed apply means the document moved between planning and applying: plan again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = await vscode.workspace.openTextDocument(this.uri);
      const model = this.#context.requirements.parse(asCoreDocument(doc));
      const plan: EditPlan = message.type === 'editCell'
        ? planCellEdit(model, doc.version, message)
        : planChecklistEdit(model, doc.version, message);
      if (!plan.ok) {
        this.logger.info(`refused a panel edit of ${this.#fileName}: ${plan.reason}`);
        this.notice('warning', plan.reason);
        reply(false, plan.reason);
        await this.#refresh(true);
        return;
      }
      if (!plan.edit) {
        reply(true);
        await this.#refresh(true);
        return;
      }
      const wasDirty = doc.isDirty;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(this.uri, toVsRange(plan.edit), plan.edit.newText);
      if (await vscode.workspace.applyEdit(edit)) {
        this.#appliedEdits++;
        if (plan.rebased) this.logger.info(`re-based a panel edit of ${this.#fileName} from v${message.version} to v${doc.version}`);
        // A file nobody shows in an editor would otherwise stay modified in memory only.
        if (!wasDirty && !isShownInTab(this.uri)) await doc.save();
        reply(true);
        return;
      }
    }
    const reason = vscode.l10n.t('{0} kept changing, so the edit was not applied. Try again.', this.#fileName);
    this.notice('warning', reason);
    reply(false, reason);
  }

  async #revealLine(line: number, character: number): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const target = Math.min(line, Math.max(0, doc.lineCount - 1));
    const position = new vscode.Position(target, Math.min(character, doc.lineAt(target).text.length));
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.source);
    const column = shown?.viewColumn ?? (this.webviewPanel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(position, position), preserveFocus: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async #generate(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri);
    const gate = this.#context.requirements.checkGenerationGate(asCoreDocument(doc));
    const reasons = [...architectDesignRefusals(doc.getText()), ...gate.reasons];
    if (reasons.length > 0) {
      this.notice('warning', vscode.l10n.t('Not ready to generate the architecture: {0}', reasons.join(' ')));
      return;
    }
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(GENERATE_ARCHITECTURE_COMMAND)) {
      const message = vscode.l10n.t('Generating the architecture is not available in this version of Kinesis Studio yet (the "{0}" command is not registered).', GENERATE_ARCHITECTURE_COMMAND);
      this.notice('info', message);
      void vscode.window.showInformationMessage(message);
      return;
    }
    await vscode.commands.executeCommand(GENERATE_ARCHITECTURE_COMMAND, { uri: this.uri });
  }

  #setPage(snapshot: PanelSnapshot | undefined, error?: string): void {
    this.setHtml({
      script: 'webview.js',
      style: 'panel.css',
      title: vscode.l10n.t('Architect panel'),
      data: { snapshot: snapshot ? JSON.stringify(snapshot) : '', error: error ?? '', ...webviewL10nData() },
      busyUntilRendered: true,
      imageSources: ['data:'],
    });
  }
}

