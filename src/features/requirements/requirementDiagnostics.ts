import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import type { RequirementsService } from '../../core/requirements';
import { Disposable } from '../../platform/lifecycle';
import { asRequirementsDocument, toVsDiagnostic } from './convert';
import type { RequirementFiles } from './requirementFiles';

/** Typing pauses shorter than this do not revalidate (markdown's diagnostics use the same delay). */
const REVALIDATE_DELAY_MS = 300;

/**
 * Publishes the core's diagnostics for open requirement files. A document is validated at once when
 * it opens or is saved, and 300 ms after the last edit while typing; the service caches by
 * URI + version, so the hover, CodeLens and code actions reuse the same analysis.
 */
export class RequirementDiagnostics extends Disposable {
  readonly #collection = this._register(vscode.languages.createDiagnosticCollection('kinesis-requirements'));
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #onDidValidate = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's diagnostics were (re)published; the CodeLens provider refreshes on it. */
  readonly onDidValidate = this.#onDidValidate.event;

  readonly #service: RequirementsService;
  readonly #files: RequirementFiles;
  readonly #logger: ILogger;

  constructor(service: RequirementsService, files: RequirementFiles, logger: ILogger) {
    super();
    this.#service = service;
    this.#files = files;
    this.#logger = logger;
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.#schedule(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.#forget(document.uri)));
    this._register(files.onDidChange(() => this.validateAll()));
    this._register({ dispose: () => this.#pending.forEach((timer) => clearTimeout(timer)) });
    this.validateAll();
  }

  /** Revalidates every open document, e.g. after the price table or the file globs changed. */
  validateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.#validateNow(document);
  }

  #schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.set(key, setTimeout(() => this.#validateNow(document), REVALIDATE_DELAY_MS));
  }

  #validateNow(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    if (this.isDisposed || document.isClosed) return;
    if (!this.#files.matches(document)) {
      // It may have stopped matching after a settings change.
      this.#collection.delete(document.uri);
      return;
    }
    try {
      const diagnostics = this.#service.getDiagnostics(asRequirementsDocument(document));
      this.#collection.set(document.uri, diagnostics.map(toVsDiagnostic));
    } catch (error) {
      // Never leave stale squiggles that point at text which has moved.
      this.#collection.delete(document.uri);
      this.#logger.error(`validating ${document.uri.toString(true)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    this.#onDidValidate.fire(document.uri);
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    this.#collection.delete(uri);
    this.#service.evict(key);
  }
}
