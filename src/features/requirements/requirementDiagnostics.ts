import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import type { RequirementsService } from '../../core/requirements';
import { DocumentDiagnostics } from '../../platform/documentDiagnostics';
import { asCoreDocument, toVsDiagnostic } from '../../platform/convert';
import type { RequirementFiles } from './requirementFiles';

/**
 * Publishes the core's diagnostics for open requirement files. The service is the extension's one
 * engine (it caches per document text and forgets closed documents itself), so the hover, CodeLens,
 * code actions, the Architect panel and the chat reuse the same analysis.
 */
export class RequirementDiagnostics extends DocumentDiagnostics {
  readonly #service: RequirementsService;
  readonly #files: RequirementFiles;

  constructor(service: RequirementsService, files: RequirementFiles, logger: ILogger) {
    super('kinesis-requirements', logger);
    this.#service = service;
    this.#files = files;
    this._register(files.onDidChange(() => this.validateAll()));
    this.validateAll();
  }

  protected owns(document: vscode.TextDocument): boolean {
    return this.#files.matches(document);
  }

  protected diagnose(document: vscode.TextDocument): vscode.Diagnostic[] {
    return this.#service.getDiagnostics(asCoreDocument(document)).map(toVsDiagnostic);
  }
}
