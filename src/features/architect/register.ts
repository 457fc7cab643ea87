/**
 * The architect bundle (dist/architect.js): requirement files, the Architect panel and the `@kinesis`
 * participant's brain, around the extension's one requirements engine. Activation never loads it;
 * the first requirement file, panel, chat request or command of these features does.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import type { ErrorPresenter } from '../../platform/errors';
import { RequirementsEngineHost } from '../../platform/requirementsEngine';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import { ArchitectParticipant } from '../chat/participant';
import { registerArchitectPanel, type ArchitectPanelHandle } from '../panel/register';
import { registerRequirements } from '../requirements/register';

export interface ArchitectDeps {
  readonly extensionUri: vscode.Uri;
  readonly settings: KinesisSettings;
  readonly connections: ConnectionManager;
  readonly errors: ErrorPresenter;
  /** A logger tagged with the component's name. */
  readonly logger: (component: string) => ILogger;
}

export interface ArchitectFeatures {
  readonly disposable: vscode.Disposable;
  readonly panel: ArchitectPanelHandle;
  readonly participant: ArchitectParticipant;
}

export function registerArchitect(deps: ArchitectDeps): ArchitectFeatures {
  // One requirements engine for the diagnostics, the panel and the chat: one edit is analysed once.
  const engine = new RequirementsEngineHost(deps.settings, deps.logger('requirements'));
  const panel = registerArchitectPanel({ extensionUri: deps.extensionUri, settings: deps.settings, engine, errors: deps.errors, logger: deps.logger('panel') });
  const participant = new ArchitectParticipant({ requirements: engine.service, connections: deps.connections, logger: deps.logger('chat') });
  return {
    panel: panel.handle,
    participant,
    disposable: vscode.Disposable.from(
      engine,
      registerRequirements({ engine, settings: deps.settings, errors: deps.errors, logger: deps.logger('requirements') }),
      panel.disposable,
    ),
  };
}
