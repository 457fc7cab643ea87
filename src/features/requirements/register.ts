import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { createRequirementsService, type RequirementsOptions } from '../../core/requirements';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { KinesisSettings, KinesisSettingsValues } from '../../platform/settings';
import { RequirementCommands } from './requirementCommands';
import { RequirementDiagnostics } from './requirementDiagnostics';
import { RequirementFiles } from './requirementFiles';
import { RequirementLanguageFeatures } from './languageFeatures';

function optionsFrom(values: KinesisSettingsValues): Partial<RequirementsOptions> {
  return { priceTable: values.priceTable, monthlyCostThreshold: values.monthlyCostThreshold };
}

/**
 * Requirement files (`kinesis_requirement.md` and `kinesis.requirementFiles`): diagnostics, hover,
 * CodeLens, quick fixes, and the New Requirement File / Generate Architecture commands.
 */
export function registerRequirements(deps: { settings: KinesisSettings; errors: ErrorPresenter; logger: ILogger }): vscode.Disposable {
  const service = createRequirementsService({ logger: deps.logger, options: optionsFrom(deps.settings.values) });
  const files = new RequirementFiles(deps.settings);
  const diagnostics = new RequirementDiagnostics(service, files, deps.logger);
  const features = new RequirementLanguageFeatures(service, files, diagnostics, deps.logger);
  const commands = new RequirementCommands(service, files, deps.logger);
  return vscode.Disposable.from(
    files,
    diagnostics,
    features,
    deps.settings.onDidChange((values) => {
      const next = optionsFrom(values);
      if (next.priceTable !== service.options.priceTable || next.monthlyCostThreshold !== service.options.monthlyCostThreshold) {
        // updateOptions drops the cache, so every open file is re-analysed with the new prices.
        service.updateOptions(next);
        diagnostics.validateAll();
      }
    }),
    registerCommand(CommandIds.newRequirementFile, (arg?: never) => commands.newRequirementFile(arg), deps.errors),
    registerCommand(CommandIds.generateArchitecture, (arg?: never) => commands.generateArchitecture(arg), deps.errors),
  );
}
