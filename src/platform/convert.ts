/**
 * One-to-one conversions between the core's editor-neutral types and VS Code's, for every feature
 * (requirement files, record files). The core already uses 0-based lines and UTF-16 characters, so
 * no arithmetic happens here.
 */
import * as vscode from 'vscode';
import type { DiagnosticSeverity, EditorDiagnostic, VersionedTextDocument } from '../core/documents';
import type { Position, Range, TextEdit } from '../core/text';

/** Shown as the diagnostic's source in the Problems panel and hovers. */
export const DIAGNOSTIC_SOURCE = 'Kinesis Studio';

export function asCoreDocument(document: vscode.TextDocument): VersionedTextDocument {
  return { uri: document.uri.toString(), version: document.version, getText: () => document.getText() };
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toCorePosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}

const severities: Record<DiagnosticSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toVsDiagnostic(diagnostic: EditorDiagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toVsRange(diagnostic.range), diagnostic.message, severities[diagnostic.severity]);
  result.code = diagnostic.code;
  result.source = DIAGNOSTIC_SOURCE;
  return result;
}

/** True when a diagnostic shown in the editor is the one the core produced (same code, same range). */
export function isSameDiagnostic(shown: vscode.Diagnostic, core: EditorDiagnostic): boolean {
  return shown.source === DIAGNOSTIC_SOURCE && shown.code === core.code && shown.range.isEqual(toVsRange(core.range));
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) workspaceEdit.replace(uri, toVsRange(edit.range), edit.newText);
  return workspaceEdit;
}
