import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import { registerLanguageModelTools } from '../lmTools/register';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { RequirementsService } from '../../core/requirements/service';
import type { StreamOperations } from '../streams/streamOperations';
import { ArchitectParticipant, PARTICIPANT_ID } from './participant';

/** Lets tests wait for the `@kinesis` request in flight (e.g. after approving a tool confirmation). */
export interface ChatHandle {
  readonly running: Promise<vscode.ChatResult> | undefined;
  readonly lastResult: vscode.ChatResult | undefined;
}

/** The `@kinesis` chat participant, its language-model tools and the command that opens it. */
export function registerChat(deps: {
  settings: KinesisSettings;
  requirements: RequirementsService;
  connections: ConnectionManager;
  gateway: KinesisGateway;
  operations: StreamOperations;
  guard: MutationGuard;
  errors: ErrorPresenter;
  logger: ILogger;
}): { disposable: vscode.Disposable; handle: ChatHandle } {
  const handle: { participant?: ArchitectParticipant } = {};
  const disposables: vscode.Disposable[] = [
    registerLanguageModelTools({ operations: deps.operations, gateway: deps.gateway, connections: deps.connections, guard: deps.guard, settings: deps.settings }),
    registerCommand(CommandIds.openArchitectChat, () => vscode.commands.executeCommand('workbench.action.chat.open', { query: '@kinesis ', isPartialQuery: true }), deps.errors),
  ];
  // Hosts without the chat API (older or stripped-down builds) still get the tools and commands.
  if (vscode.chat?.createChatParticipant) {
    const architect = new ArchitectParticipant({ requirements: deps.requirements, connections: deps.connections, logger: deps.logger });
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, architect.handler);
    participant.iconPath = new vscode.ThemeIcon('pulse');
    participant.followupProvider = { provideFollowups: (result) => architect.provideFollowups(result) };
    disposables.push(participant);
    handle.participant = architect;
  }
  return {
    disposable: vscode.Disposable.from(...disposables),
    handle: {
      get running() { return handle.participant?.running; },
      get lastResult() { return handle.participant?.lastResult; },
    },
  };
}
