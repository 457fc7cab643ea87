import * as vscode from 'vscode';
import type { ILogger } from '../core/logging';
import { Disposable } from './lifecycle';
import { errorDetail } from '../core/errorMessage';

/** Typing pauses shorter than this do not revalidate (markdown's diagnostics use the same delay). */
const REVALIDATE_DELAY_MS = 300;

/**
 * Publishes diagnostics for the open documents a feature owns: at once when a document opens or is
 * saved, 300 ms after the last edit while typing, and on {@link validateAll}. Subclasses say which
 * documents are theirs and what their diagnostics are; the timers, the collection and the error
 * handling live here once.
 */
export abstract class DocumentDiagnostics extends Disposable {
  readonly #collection: vscode.DiagnosticCollection;
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #onDidValidate = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's diagnostics were (re)published; CodeLens providers refresh on it. */
  readonly onDidValidate = this.#onDidValidate.event;

  protected constructor(collectionName: string, protected readonly logger: ILogger) {
    super();
    this.#collection = this._register(vscode.languages.createDiagnosticCollection(collectionName));
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && this.owns(e.document)) this.#schedule(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.#forget(document.uri)));
    this._register({ dispose: () => this.#pending.forEach((timer) => clearTimeout(timer)) });
  }

  /** Whether this feature validates the document (it may stop owning one after a settings change). */
  protected abstract owns(document: vscode.TextDocument): boolean;

  /** The document's diagnostics. May throw: the document then shows none and the error is logged. */
  protected abstract diagnose(document: vscode.TextDocument): vscode.Diagnostic[];

  /** Drops whatever the subclass cached for a closed document. */
  protected abstract evict(uriKey: string): void;

  /** Revalidates every open document (settings, the stream list or the file globs changed). */
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
    if (!this.owns(document)) {
      this.#collection.delete(document.uri);
      return;
    }
    try {
      this.#collection.set(document.uri, this.diagnose(document));
    } catch (error) {
      // Never leave stale squiggles that point at text which has moved.
      this.#collection.delete(document.uri);
      this.logger.error(`validating ${document.uri.toString(true)} failed: ${errorDetail(error)}`);
    }
    this.#onDidValidate.fire(document.uri);
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    this.#collection.delete(uri);
    this.evict(key);
  }
}
