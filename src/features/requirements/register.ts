import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { RequirementsEngineHost } from '../../platform/requirementsEngine';
import type { KinesisSettings } from '../../platform/settings';
import { RequirementCommands } from './requirementCommands';
import { RequirementDiagnostics } from './requirementDiagnostics';
import { RequirementFiles } from './requirementFiles';
import { RequirementLanguageFeatures } from './languageFeatures';

/**
 * Requirement files (`kinesis_requirement.md` and `kinesis.requirementFiles`): diagnostics, hover,
 * CodeLens, quick fixes, and the New Requirement File / Generate Architecture commands.
 */
export function registerRequirements(deps: { engine: RequirementsEngineHost; settings: KinesisSettings; errors: ErrorPresenter; logger: ILogger }): vscode.Disposable {
  const service = deps.engine.service;
  const files = new RequirementFiles(deps.settings);
  const diagnostics = new RequirementDiagnostics(service, files, deps.logger);
  const features = new RequirementLanguageFeatures(service, files, diagnostics, deps.logger);
  const commands = new RequirementCommands(service, files, deps.logger);
  return vscode.Disposable.from(
    files,
    diagnostics,
    features,
    // New prices or threshold: every open file is analysed again (the engine dropped what changed).
    deps.engine.onDidChangeOptions(() => diagnostics.validateAll()),
    registerCommand(CommandIds.newRequirementFile, (arg?: never) => commands.newRequirementFile(arg), deps.errors),
    registerCommand(CommandIds.generateArchitecture, (arg?: never) => commands.generateArchitecture(arg), deps.errors),
  );
}
