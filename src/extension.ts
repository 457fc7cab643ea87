import * as vscode from 'vscode';
import type { KinesisGateway } from './core/kinesis/gateway';
import { createLazyGateway } from './core/kinesis/lazyGateway';
import { taggedLogger, type ILogger } from './core/logging';
import { ConnectionManager } from './services/connectionManager';
import { StreamEvents } from './services/streamEvents';
import { LazyArchitect } from './features/architect/triggers';
import { registerChat, type ChatHandle } from './features/chat/register';
import { registerConnectionFeature } from './features/connection/register';
import { registerExplorer, type ExplorerHandle } from './features/explorer/register';
import { LocalModeService } from './features/localMode/localModeService';
import { registerLocalMode } from './features/localMode/register';
import { registerMcpServerProvider } from './features/mcp/register';
import type { ArchitectPanelHandle } from './features/panel/register';
import { registerRecordFiles } from './features/recordFiles/register';
import { registerStreamOperations } from './features/streams/register';
import type { StreamOperations } from './features/streams/streamOperations';
import type { TailHandle } from './features/tail/register';
import { LazyTail } from './features/tail/triggers';
import type { DoctorHandle } from './features/doctor/doctor';
import { LazyDoctor } from './features/doctor/register';
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
  /** The Architect panels (open panels, their sync state); undefined until the architect bundle loads. */
  readonly architectPanel?: ArchitectPanelHandle;
  /** The `@kinesis` participant's request in flight and last result (tests). */
  readonly chat?: ChatHandle;
  /** The open tail viewers; undefined until the tail bundle loads. */
  readonly tail?: TailHandle;
  /** The Stream Doctor's reports; undefined until its bundle loads. */
  readonly doctor?: DoctorHandle;
  /** Milliseconds activate() took, for the benchmark. */
  readonly activationMs: number;
}

/** What the host provides to {@link activateShared}; tests pass their own gateway and logger. */
export interface ExtensionRuntime {
  readonly gateway: KinesisGateway;
  /** The one log: every component writes through it, tagged with its name. */
  readonly logger: ILogger;
  /** Shows the log to the user (the output channel), for "Kinesis: Show Log". */
  readonly showLog?: () => void;
}

let localModeForDeactivate: LocalModeService | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<KinesisStudioApi> {
  const channel = new OutputChannelLogger();
  context.subscriptions.push(channel);
  try {
    return activateShared(context, { gateway: createLazyGateway(taggedLogger(channel, 'aws')), logger: channel, showLog: () => channel.channel.show() });
  } catch (error) {
    // VS Code shows nothing when activation fails; say it, then let VS Code record the failure too.
    taggedLogger(channel, 'main').error(errorDetail(error));
    void setContext(ContextKeys.activationFailed, true);
    void vscode.window.showErrorMessage(vscode.l10n.t('Kinesis Studio failed to start: {0}. See the "Kinesis Studio" log.', errorMessage(error)));
    throw error;
  }
}

/**
 * Builds the services and registers every feature against the given runtime. The requirement files,
 * the Architect panel, the `@kinesis` brain and the tail viewer are registered as lazy features: their
 * code is in bundles of their own, loaded on first use.
 */
export function activateShared(context: vscode.ExtensionContext, runtime: ExtensionRuntime): KinesisStudioApi {
  const started = performance.now();
  const log = (component: string) => taggedLogger(runtime.logger, component);
  const logger = log('main');
  const { gateway } = runtime;
  const settings = new VsCodeKinesisSettings();
  logger.info(`Kinesis Studio ${context.extension.packageJSON.version} activating; settings: ${describeSettings(settings.values)}`);
  const errors = new ErrorPresenter(runtime.logger);
  const connections = new ConnectionManager(settings, log('connection'));
  const streamEvents = new StreamEvents();
  const mutationGuard = new MutationGuard(settings);
  const localMode = new LocalModeService(settings, connections, context.globalStorageUri.fsPath, log('local'));
  localModeForDeactivate = localMode;
  const explorer = registerExplorer({ gateway, connections, streamEvents, errors, logger: log('explorer') });
  const streams = registerStreamOperations({ gateway, connections, streamEvents, settings, guard: mutationGuard, errors, logger: log('streams') });
  const architect = new LazyArchitect((bundle) => bundle.registerArchitect({ extensionUri: context.extensionUri, settings, connections, errors, logger: log }), settings, logger);
  const chat = registerChat({
    settings, connections, gateway, operations: streams.operations, guard: mutationGuard, errors, logger: log('chat'),
    loadParticipant: async () => (await architect.load()).participant,
    loadedParticipant: () => architect.loaded?.participant,
  });
  const tail = new LazyTail((bundle) => bundle.registerTail({
    extensionUri: context.extensionUri, settings, gateway, connections, errors, logger: log('tail'), testHooks: context.extensionMode === vscode.ExtensionMode.Test, guard: mutationGuard,
  }), logger);
  const doctor = new LazyDoctor((bundle) => bundle.registerDoctor({
    extensionUri: context.extensionUri, settings, gateway, connections, operations: streams.operations, guard: mutationGuard, marks: explorer.handle.marks, errors, logger: log('doctor'),
    workspaceState: context.workspaceState,
  }), logger);

  context.subscriptions.push(
    settings,
    connections,
    streamEvents,
    mutationGuard,
    { dispose: () => gateway.dispose() },
    localMode,
    explorer.disposable,
    registerConnectionFeature({ settings, connections, errors }),
    registerLocalMode({ localMode, errors }),
    streams.disposable,
    registerCommand(CommandIds.showLog, () => runtime.showLog?.(), errors),
    architect,
    chat.disposable,
    tail,
    registerRecordFiles({ gateway, connections, streamEvents, guard: mutationGuard, errors, logger: log('recordFiles') }),
    registerMcpServerProvider({ extensionPath: context.extensionUri.fsPath, version: context.extension.packageJSON.version, connections, guard: mutationGuard, settings }),
    doctor,
    // <feature-registrations> (add one line per feature above this marker)
  );
  // Resolving the profile reads ~/.aws files; the tree shows as soon as it is done.
  void connections.refresh();
  const activationMs = performance.now() - started;
  logger.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    gateway, connections, explorer: explorer.handle, localMode, mutationGuard, errors, streams: streams.operations, chat: chat.handle, activationMs,
    get architectPanel() { return architect.loaded?.panel; },
    get tail() { return tail.loaded?.handle; },
    get doctor() { return doctor.loaded?.handle; },
  };
}

export async function deactivate(): Promise<void> {
  // Never leave an emulator process behind.
  await localModeForDeactivate?.stop();
  localModeForDeactivate = undefined;
}
