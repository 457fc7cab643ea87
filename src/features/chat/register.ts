import * as vscode from 'vscode';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import { registerLanguageModelTools } from '../lmTools/register';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { StreamOperations } from '../streams/streamOperations';
import type { ArchitectParticipant } from './participant';
import { registerEngineModel } from './engineModel';
import { PARTICIPANT_ID } from './participantId';
import type { ILogger } from '../../core/logging';

/** Lets tests wait for the `@kinesis` request in flight (e.g. after approving a tool confirmation). */
export interface ChatHandle {
  readonly running: Promise<vscode.ChatResult> | undefined;
  readonly lastResult: vscode.ChatResult | undefined;
}

/**
 * The `@kinesis` chat participant, its language-model tools and the command that opens it. The
 * participant must exist as soon as the extension is active (VS Code routes `@kinesis` to it), but
 * the architect behind it lives in the lazily loaded architect bundle: `loadParticipant` brings it.
 */
export function registerChat(deps: {
  settings: KinesisSettings;
  connections: ConnectionManager;
  gateway: KinesisGateway;
  operations: StreamOperations;
  guard: MutationGuard;
  errors: ErrorPresenter;
  logger: ILogger;
  loadParticipant: () => Promise<ArchitectParticipant>;
  loadedParticipant: () => ArchitectParticipant | undefined;
}): { disposable: vscode.Disposable; handle: ChatHandle } {
  const disposables: vscode.Disposable[] = [
    registerLanguageModelTools({ operations: deps.operations, gateway: deps.gateway, connections: deps.connections, guard: deps.guard, settings: deps.settings }),
    registerEngineModel(deps.logger),
    registerCommand(CommandIds.openArchitectChat, () => vscode.commands.executeCommand('workbench.action.chat.open', { query: '@kinesis ', isPartialQuery: true }), deps.errors),
  ];
  // Hosts without the chat API (older or stripped-down builds) still get the tools and commands.
  if (vscode.chat?.createChatParticipant) {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) =>
      (await deps.loadParticipant()).handler(request, context, stream, token));
    participant.iconPath = new vscode.ThemeIcon('pulse');
    participant.followupProvider = { provideFollowups: async (result) => (await deps.loadParticipant()).provideFollowups(result) };
    disposables.push(participant);
  }
  return {
    disposable: vscode.Disposable.from(...disposables),
    handle: {
      get running() { return deps.loadedParticipant()?.running; },
      get lastResult() { return deps.loadedParticipant()?.lastResult; },
    },
  };
}
