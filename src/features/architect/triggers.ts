/**
 * What activation keeps of the architect features until their bundle is needed: the commands as
 * placeholders, the panel serializer, the `@kinesis` participant, and a watch for requirement files.
 * Opening one loads the bundle, so its diagnostics, hovers and lenses appear as before.
 */
import * as vscode from 'vscode';
import { errorDetail } from '../../core/errorMessage';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { LazyFeature } from '../../platform/lazyFeature';
import type { KinesisSettings } from '../../platform/settings';
import { ARCHITECT_PANEL_VIEW_TYPE } from '../../shared/viewTypes';
import { RequirementFiles } from '../requirements/requirementFiles';
import type { ArchitectFeatures } from './register';

type ArchitectBundle = typeof import('./register');

export class LazyArchitect extends LazyFeature<ArchitectBundle, ArchitectFeatures> {
  constructor(register: (bundle: ArchitectBundle) => ArchitectFeatures, settings: KinesisSettings, logger: ILogger) {
    super('architect features', [CommandIds.newRequirementFile, CommandIds.generateArchitecture, CommandIds.openArchitectPanel],
      () => import('./register'), register, logger);
    this._register(vscode.window.registerWebviewPanelSerializer(ARCHITECT_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await this.load()).panel.deserializeWebviewPanel(panel, state),
    }));
    const files = this._register(new RequirementFiles(settings));
    const loadFor = (documents: readonly vscode.TextDocument[]) => {
      if (!this.loaded && documents.some((d) => files.matches(d))) {
        this.load().catch((error: unknown) => logger.error(`loading the architect features failed: ${errorDetail(error)}`));
      }
    };
    loadFor(vscode.workspace.textDocuments);
    this._register(vscode.workspace.onDidOpenTextDocument((document) => loadFor([document])));
    this._register(files.onDidChange(() => loadFor(vscode.workspace.textDocuments)));
  }
}
