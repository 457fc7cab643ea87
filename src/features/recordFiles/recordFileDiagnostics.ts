import * as vscode from 'vscode';
import { validateRegionName } from '../../core/kinesis/validation';
import type { ILogger } from '../../core/logging';
import {
  blockRegion,
  validateRecordFile,
  type RecordFileCache,
  type RecordFileDiagnostic,
  type RecordFileValidationContext,
  type StreamNameCache,
} from '../../core/recordFile';
import { Disposable } from '../../platform/lifecycle';
import type { ConnectionManager } from '../connection/connectionManager';

export const RECORD_FILE_LANGUAGE = 'kinesis';
/** Shown as the diagnostic's source in the Problems panel and hovers. */
export const DIAGNOSTIC_SOURCE = 'Kinesis Studio';
const REVALIDATE_DELAY_MS = 300;

export function asRecordFileDocument(document: vscode.TextDocument): { uri: string; version: number; getText(): string } {
  return { uri: document.uri.toString(), version: document.version, getText: () => document.getText() };
}

export function toVsRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

function toVsDiagnostic(diagnostic: RecordFileDiagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toVsRange(diagnostic.range), diagnostic.message, severities[diagnostic.severity]);
  result.code = diagnostic.code;
  result.source = DIAGNOSTIC_SOURCE;
  return result;
}

/**
 * Publishes diagnostics for open `.kinesis` documents: at once on open and save, 300 ms after the
 * last edit while typing, and again when a region's live stream list arrives or changes (the
 * unknown-stream check reads the cached list and never waits for it).
 */
export class RecordFileDiagnostics extends Disposable {
  readonly #collection = this._register(vscode.languages.createDiagnosticCollection('kinesis-record-files'));
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #onDidValidate = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after a document's diagnostics were (re)published. */
  readonly onDidValidate = this.#onDidValidate.event;

  constructor(
    private readonly files: RecordFileCache,
    private readonly streams: StreamNameCache,
    private readonly connections: ConnectionManager,
    private readonly logger: ILogger,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.#validateNow(document)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.#schedule(e.document);
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.#forget(document.uri)));
    this._register(streams.onDidChange(() => this.validateAll()));
    this._register({ dispose: () => this.#pending.forEach((timer) => clearTimeout(timer)) });
    this.validateAll();
  }

  /** What validation knows about the live streams right now. */
  validationContext(): RecordFileValidationContext {
    return { defaultRegion: this.connections.current.region, streamsIn: (region) => this.streams.peek(region) };
  }

  validateAll(): void {
    for (const document of vscode.workspace.textDocuments) this.#validateNow(document);
  }

  #schedule(document: vscode.TextDocument): void {
    if (document.languageId !== RECORD_FILE_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.set(key, setTimeout(() => this.#validateNow(document), REVALIDATE_DELAY_MS));
  }

  #validateNow(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    if (this.isDisposed || document.isClosed) return;
    if (document.languageId !== RECORD_FILE_LANGUAGE) {
      // The language may have been changed away from kinesis.
      this.#collection.delete(document.uri);
      return;
    }
    try {
      const file = this.files.get(asRecordFileDocument(document));
      const context = this.validationContext();
      const diagnostics = validateRecordFile(file, context);
      this.#collection.set(document.uri, diagnostics.map(toVsDiagnostic));
      // Ask for every region the file uses; the cache answers later through onDidChange.
      const regions = new Set(file.blocks.map((b) => blockRegion(b, context.defaultRegion)).filter((r): r is string => !!r && !validateRegionName(r)));
      for (const region of regions) this.streams.peek(region);
    } catch (error) {
      this.#collection.delete(document.uri);
      this.logger.error(`validating ${document.uri.toString(true)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    this.#onDidValidate.fire(document.uri);
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    this.#collection.delete(uri);
    this.files.evict(key);
  }
}
