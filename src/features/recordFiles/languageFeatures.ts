/**
 * CodeLens, completion and hover for `.kinesis` files: cached parse -> core model -> VS Code type,
 * behind {@link runSafe} so one bad document can never break the editor.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import {
  getRecordFileCodeLenses,
  getRecordFileCompletions,
  getRecordFileHover,
  type RecordFileCache,
  type RecordFileCompletionItem,
  type StreamNameCache,
} from '../../core/recordFile';
import { CommandIds } from '../../platform/commandIds';
import { asCoreDocument, toVsRange } from '../../platform/convert';
import { Disposable } from '../../platform/lifecycle';
import { runSafe } from '../../platform/runSafe';
import type { ConnectionManager } from '../../services/connectionManager';
import { RECORD_FILE_LANGUAGE, type RecordFileDiagnostics } from './recordFileDiagnostics';

const SELECTOR: vscode.DocumentSelector = { language: RECORD_FILE_LANGUAGE };

const completionKinds: Record<RecordFileCompletionItem['kind'], vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  stream: vscode.CompletionItemKind.Value,
  header: vscode.CompletionItemKind.Property,
  encoding: vscode.CompletionItemKind.EnumMember,
  region: vscode.CompletionItemKind.Constant,
};

/** Arguments the "Put record" lens passes to {@link CommandIds.recordFilePutRecord}. */
export interface RecordFileLensArgs {
  readonly uri: vscode.Uri;
  readonly blockIndex?: number;
}

export class RecordFileLanguageFeatures extends Disposable {
  readonly #onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());

  constructor(files: RecordFileCache, streams: StreamNameCache, connections: ConnectionManager, diagnostics: RecordFileDiagnostics, logger: ILogger) {
    super();
    this._register(diagnostics.onDidValidate(() => this.#onDidChangeCodeLenses.fire()));

    this._register(vscode.languages.registerCodeLensProvider(SELECTOR, {
      onDidChangeCodeLenses: this.#onDidChangeCodeLenses.event,
      provideCodeLenses: (document, token) => runSafe(logger, 'CodeLens', token, () =>
        getRecordFileCodeLenses(files.get(asCoreDocument(document))).map((lens) => {
          const args: RecordFileLensArgs = { uri: document.uri, blockIndex: lens.blockIndex };
          return new vscode.CodeLens(toVsRange(lens.range), {
            title: lens.title,
            tooltip: lens.tooltip,
            command: lens.kind === 'putAll' ? CommandIds.recordFilePutAll : CommandIds.recordFilePutRecord,
            arguments: [args],
          });
        })),
    }));

    this._register(vscode.languages.registerCompletionItemProvider(SELECTOR, {
      provideCompletionItems: (document, position, token) => runSafe(logger, 'completion', token, () => {
        const current = connections.current.region;
        const items = getRecordFileCompletions(files.get(asCoreDocument(document)), { line: position.line, character: position.character }, {
          streamsIn: (region) => {
            const effective = region ?? current;
            const names = effective ? streams.peek(effective) : undefined;
            return names ? [...names].sort() : undefined;
          },
          regions: connections.current.regions,
        });
        return items.map((item) => {
          const result = new vscode.CompletionItem(item.label, completionKinds[item.kind]);
          result.insertText = item.insertText;
          result.range = toVsRange(item.range);
          result.detail = item.detail;
          if (item.documentation) result.documentation = new vscode.MarkdownString(item.documentation);
          if (item.retrigger) result.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
          return result;
        });
      }),
    }, ' ', ':'));

    this._register(vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover: (document, position, token) => runSafe(logger, 'hover', token, () => {
        const hover = getRecordFileHover(files.get(asCoreDocument(document)), { line: position.line, character: position.character });
        return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVsRange(hover.range));
      }),
    }));
  }
}
