/**
 * Hover, CodeLens and quick fixes for requirement files. Each provider is a thin adapter:
 * cached analysis (the service keys it by URI + version) -> core function -> convert, behind
 * {@link runSafe} so one bad document can never break the editor.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import type { RequirementsService } from '../../core/requirements';
import { Disposable } from '../../platform/lifecycle';
import { asCoreDocument, isSameDiagnostic, toCorePosition, toVsRange, toWorkspaceEdit } from '../../platform/convert';
import { runSafe } from '../../platform/runSafe';
import type { RequirementDiagnostics } from './requirementDiagnostics';
import type { RequirementFiles } from './requirementFiles';

function hoverProvider(service: RequirementsService, logger: ILogger): vscode.HoverProvider {
  return {
    provideHover: (document, position, token) => runSafe(logger, 'hover', token, () => {
      const hover = service.getHover(asCoreDocument(document), toCorePosition(position));
      return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVsRange(hover.range));
    }),
  };
}

function codeLensProvider(service: RequirementsService, logger: ILogger, onDidChangeCodeLenses: vscode.Event<void>): vscode.CodeLensProvider {
  return {
    onDidChangeCodeLenses,
    provideCodeLenses: (document, token) => runSafe(logger, 'CodeLens', token, () =>
      service.getCodeLenses(asCoreDocument(document)).map(
        // An empty command id renders the lens as a label: the working is in the row's hover.
        (lens) => new vscode.CodeLens(toVsRange(lens.range), { title: lens.title, tooltip: lens.tooltip, command: '' }),
      )),
  };
}

const quickFixMetadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

function quickFixProvider(service: RequirementsService, logger: ILogger): vscode.CodeActionProvider {
  return {
    provideCodeActions: (document, _range, context, token) => {
      if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return undefined;
      return runSafe(logger, 'quick fixes', token, () => {
        const requirementsDocument = asCoreDocument(document);
        // The core diagnostic (with the data its fixes need) behind each squiggle, matched on code and range.
        const coreDiagnostics = service.getDiagnostics(requirementsDocument);
        const actions: vscode.CodeAction[] = [];
        for (const shown of context.diagnostics) {
          const core = coreDiagnostics.find((d) => isSameDiagnostic(shown, d));
          if (!core) continue;
          for (const fix of service.getQuickFixes(requirementsDocument, core)) {
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = toWorkspaceEdit(document.uri, fix.edits);
            action.diagnostics = [shown];
            action.isPreferred = fix.isPreferred;
            actions.push(action);
          }
        }
        return actions;
      });
    },
  };
}

/**
 * Registers the providers for the current requirement-file selector and registers them again when
 * the selector changes (the `kinesis.requirementFiles` setting or the workspace folders).
 */
export class RequirementLanguageFeatures extends Disposable {
  readonly #onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  #registrations: vscode.Disposable | undefined;

  constructor(service: RequirementsService, files: RequirementFiles, diagnostics: RequirementDiagnostics, logger: ILogger) {
    super();
    const register = () => {
      this.#registrations?.dispose();
      this.#registrations = vscode.Disposable.from(
        vscode.languages.registerHoverProvider(files.selector, hoverProvider(service, logger)),
        vscode.languages.registerCodeLensProvider(files.selector, codeLensProvider(service, logger, this.#onDidChangeCodeLenses.event)),
        vscode.languages.registerCodeActionsProvider(files.selector, quickFixProvider(service, logger), quickFixMetadata),
      );
    };
    register();
    this._register(files.onDidChange(register));
    this._register({ dispose: () => this.#registrations?.dispose() });
    // Lenses follow the published diagnostics, which also change when the price table or threshold does.
    this._register(diagnostics.onDidValidate(() => this.#onDidChangeCodeLenses.fire()));
  }
}
