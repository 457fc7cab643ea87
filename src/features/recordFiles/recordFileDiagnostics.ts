import * as vscode from 'vscode';
import { validateRegionName } from '../../core/kinesis/validation';
import type { ILogger } from '../../core/logging';
import {
  blockRegion,
  validateRecordFile,
  type RecordFileCache,
  type RecordFileValidationContext,
  type StreamNameCache,
} from '../../core/recordFile';
import { asCoreDocument, toVsDiagnostic } from '../../platform/convert';
import { DocumentDiagnostics } from '../../platform/documentDiagnostics';
import type { ConnectionManager } from '../../services/connectionManager';

export const RECORD_FILE_LANGUAGE = 'kinesis';
/**
 * Publishes diagnostics for open `.kinesis` documents, and revalidates when a region's live stream
 * list arrives or changes (the unknown-stream check reads the cached list and never waits for it).
 */
export class RecordFileDiagnostics extends DocumentDiagnostics {
  constructor(
    private readonly files: RecordFileCache,
    private readonly streams: StreamNameCache,
    private readonly connections: ConnectionManager,
    logger: ILogger,
  ) {
    super('kinesis-record-files', logger);
    this._register(streams.onDidChange(() => this.validateAll()));
    this.validateAll();
  }

  /** What validation knows about the live streams right now. */
  validationContext(): RecordFileValidationContext {
    return { defaultRegion: this.connections.current.region, streamsIn: (region) => this.streams.peek(region) };
  }

  protected owns(document: vscode.TextDocument): boolean {
    return document.languageId === RECORD_FILE_LANGUAGE;
  }

  protected diagnose(document: vscode.TextDocument): vscode.Diagnostic[] {
    const file = this.files.get(asCoreDocument(document));
    const context = this.validationContext();
    const diagnostics = validateRecordFile(file, context);
    // Ask for every region the file uses; the cache answers later through onDidChange.
    const regions = new Set(file.blocks.map((b) => blockRegion(b, context.defaultRegion)).filter((r): r is string => !!r && !validateRegionName(r)));
    for (const region of regions) this.streams.peek(region);
    return diagnostics.map(toVsDiagnostic);
  }

  protected override evict(uriKey: string): void {
    this.files.evict(uriKey);
  }
}
