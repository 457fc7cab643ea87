import * as vscode from 'vscode';
import { DiagnosticsScheduler } from '../core/documentScheduler';
import type { ILogger } from '../core/logging';
import { Disposable } from './lifecycle';
import { errorDetail } from '../core/errorMessage';

/**
 * Publishes diagnostics for the open documents a feature owns: at once when a document opens or is
 * saved, 300 ms after the last edit while typing, and on {@link validateAll}. Subclasses say which
 * documents are theirs and what their diagnostics are; the timing lives in core/documentScheduler.ts
 * (unit-tested), the collection and the error handling here, once.
 */
export abstract class DocumentDiagnostics extends Disposable {
  readonly #scheduler: DiagnosticsScheduler<vscode.TextDocument>;
  readonly #onDidValidate = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's diagnostics were (re)published; CodeLens providers refresh on it. */
  readonly onDidValidate = this.#onDidValidate.event;

  protected constructor(collectionName: string, protected readonly logger: ILogger) {
    super();
    const collection = this._register(vscode.languages.createDiagnosticCollection(collectionName));
    this.#scheduler = new DiagnosticsScheduler<vscode.TextDocument>({
      keyOf: (document) => document.uri.toString(),
      isClosed: (document) => document.isClosed,
      owns: (document) => this.owns(document),
      publish: (document) => collection.set(document.uri, this.diagnose(document)),
      clear: (document) => collection.delete(document.uri),
      evict: (key) => this.evict(key),
      failed: (document, error) => this.logger.error(`validating ${document.uri.toString(true)} failed: ${errorDetail(error)}`),
      validated: (document) => this.#onDidValidate.fire(document.uri),
    });
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.#scheduler.validateNow(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.#scheduler.validateNow(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.#scheduler.changed(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.#scheduler.closed(document)));
    this._register({ dispose: () => this.#scheduler.dispose() });
  }

  /** Whether this feature validates the document (it may stop owning one after a settings change). */
  protected abstract owns(document: vscode.TextDocument): boolean;

  /** The document's diagnostics. May throw: the document then shows none and the error is logged. */
  protected abstract diagnose(document: vscode.TextDocument): vscode.Diagnostic[];

  /** Drops whatever the subclass cached for a closed document (nothing, unless overridden). */
  protected evict(_uriKey: string): void {}

  /** Revalidates every open document (settings, the stream list or the file globs changed). */
  validateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.#scheduler.validateNow(document);
  }
}
