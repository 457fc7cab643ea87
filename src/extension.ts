import * as vscode from 'vscode';
import type { KinesisGateway } from './core/kinesis/gateway';
import { createLazyGateway } from './core/kinesis/lazyGateway';
import { taggedLogger } from './core/logging';
import { ConnectionManager } from './features/connection/connectionManager';
import { registerChat, type ChatHandle } from './features/chat/register';
import { registerConnectionFeature } from './features/connection/register';
import { registerExplorer, type ExplorerHandle } from './features/explorer/register';
import { LocalModeService } from './features/localMode/localModeService';
import { registerLocalMode } from './features/localMode/register';
import { registerArchitectPanel, type ArchitectPanelHandle } from './features/panel/register';
import { registerRequirements } from './features/requirements/register';
import { registerRecordFiles } from './features/recordFiles/register';
import { registerStreamOperations } from './features/streams/register';
import { registerTail } from './features/tail/register';
import type { StreamOperations } from './features/streams/streamOperations';
import { CommandIds } from './platform/commandIds';
import { ContextKeys, setContext } from './platform/contextKeys';
import { ErrorPresenter, registerCommand } from './platform/errors';
import { OutputChannelLogger } from './platform/logger';
import { MutationGuard } from './platform/readOnly';
import { describeSettings, VsCodeKinesisSettings } from './platform/settings';
import { errorDetail, errorMessage } from './core/errorMessage';

/** What activate() returns: used by the extension-host tests and open to other extensions. */
export interface KinesisStudioApi {
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly explorer: ExplorerHandle;
  readonly localMode: LocalModeService;
  readonly mutationGuard: MutationGuard;
  readonly errors: ErrorPresenter;
  readonly streams: StreamOperations;
  /** The Architect panels (open panels, their sync state). */
  readonly architectPanel?: ArchitectPanelHandle;
  /** The `@kinesis` participant's request in flight and last result (tests). */
  readonly chat?: ChatHandle;
  /** Milliseconds activate() took, for the benchmark. */
  readonly activationMs: number;
}

let localModeForDeactivate: LocalModeService | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KinesisStudioApi> {
  const started = performance.now();
  const channel = new OutputChannelLogger();
  context.subscriptions.push(channel);
  const logger = taggedLogger(channel, 'main');
  try {
    const settings = new VsCodeKinesisSettings();
    logger.info(`Kinesis Studio ${context.extension.packageJSON.version} activating; settings: ${describeSettings(settings.values)}`);
    const errors = new ErrorPresenter(channel);
    const gateway = createLazyGateway(taggedLogger(channel, 'aws'));
    const connections = new ConnectionManager(settings, taggedLogger(channel, 'connection'));
    const mutationGuard = new MutationGuard(settings);
    const localMode = new LocalModeService(settings, connections, context.globalStorageUri.fsPath, taggedLogger(channel, 'local'));
    localModeForDeactivate = localMode;
    const explorer = registerExplorer({ gateway, connections, errors, logger: taggedLogger(channel, 'explorer') });
    const streams = registerStreamOperations({ gateway, connections, explorer: explorer.handle, guard: mutationGuard, errors, logger: taggedLogger(channel, 'streams') });
    const architectPanel = registerArchitectPanel({ extensionUri: context.extensionUri, settings, errors, logger: taggedLogger(channel, 'panel') });

    const chat = registerChat({ settings, connections, gateway, operations: streams.operations, guard: mutationGuard, errors, logger: taggedLogger(channel, 'chat') });

    context.subscriptions.push(
      settings,
      connections,
      mutationGuard,
      { dispose: () => gateway.dispose() },
      localMode,
      explorer.disposable,
      registerConnectionFeature({ settings, connections, errors }),
      registerLocalMode({ localMode, errors }),
      streams.disposable,
      registerCommand(CommandIds.showLog, () => channel.channel.show(), errors),
      registerRequirements({ settings, errors, logger: taggedLogger(channel, 'requirements') }),
      architectPanel.disposable,
      chat.disposable,
      registerTail({ extensionUri: context.extensionUri, settings, gateway, connections, errors, logger: taggedLogger(channel, 'tail') }).disposable,
      registerRecordFiles({ gateway, connections, explorer: explorer.handle, guard: mutationGuard, errors, logger: taggedLogger(channel, 'recordFiles') }),
      // <feature-registrations> (add one line per feature above this marker)
    );
    // Resolving the profile reads ~/.aws files; the tree shows as soon as it is done.
    void connections.refresh();
    const activationMs = performance.now() - started;
    logger.info(`activated in ${activationMs.toFixed(1)} ms`);
    return { gateway, connections, explorer: explorer.handle, localMode, mutationGuard, errors, streams: streams.operations, architectPanel: architectPanel.handle, chat: chat.handle, activationMs };
  } catch (error) {
    // VS Code shows nothing when activation fails; say it, then let VS Code record the failure too.
    logger.error(errorDetail(error));
    void setContext(ContextKeys.activationFailed, true);
    void vscode.window.showErrorMessage(`Kinesis Studio failed to start: ${errorMessage(error)}. See the "Kinesis Studio" log.`);
    throw error;
  }
}

export async function deactivate(): Promise<void> {
  // Never leave an emulator process behind.
  await localModeForDeactivate?.stop();
  localModeForDeactivate = undefined;
}
