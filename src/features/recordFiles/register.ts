import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { RecordFileCache, StreamNameCache } from '../../core/recordFile';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { ConnectionManager } from '../../services/connectionManager';
import type { ExplorerHandle } from '../explorer/register';
import { RecordFileLanguageFeatures } from './languageFeatures';
import { RecordFileCommands } from './recordFileCommands';
import { RecordFileDiagnostics } from './recordFileDiagnostics';

/** Explorer changes come in bursts while nodes load; one revalidation after the burst is enough. */
const EXPLORER_SETTLE_MS = 1_000;

/**
 * `.kinesis` record files: diagnostics (with the live stream list), CodeLens, completion, hover and
 * the Put record / Put all / New Record File commands.
 */
export function registerRecordFiles(deps: {
  gateway: KinesisGateway;
  connections: ConnectionManager;
  explorer: ExplorerHandle;
  guard: MutationGuard;
  errors: ErrorPresenter;
  logger: ILogger;
}): vscode.Disposable {
  const files = new RecordFileCache();
  const streams = new StreamNameCache({
    list: async (region) => (await deps.gateway.listStreams(deps.connections.targetFor(region))).map((s) => s.name),
    logger: deps.logger,
  });
  const diagnostics = new RecordFileDiagnostics(files, streams, deps.connections, deps.logger);
  const features = new RecordFileLanguageFeatures(files, streams, deps.connections, diagnostics, deps.logger);
  const commands = new RecordFileCommands(deps.gateway, deps.connections, deps.guard, files, streams, deps.errors, deps.logger);

  let explorerTimer: ReturnType<typeof setTimeout> | undefined;
  return vscode.Disposable.from(
    diagnostics,
    features,
    deps.connections.onDidChange(() => {
      // Another account, endpoint or region: the old names say nothing about it.
      streams.clear();
      diagnostics.validateAll();
    }),
    deps.explorer.model.onDidChange(() => {
      // The explorer refreshed (or a stream was created or deleted through it): re-list on next use.
      clearTimeout(explorerTimer);
      explorerTimer = setTimeout(() => {
        streams.invalidate();
        diagnostics.validateAll();
      }, EXPLORER_SETTLE_MS);
    }),
    { dispose: () => clearTimeout(explorerTimer) },
    registerCommand(CommandIds.recordFilePutRecord, (arg?: never) => commands.putRecord(arg), deps.errors),
    registerCommand(CommandIds.recordFilePutAll, (arg?: never) => commands.putAll(arg), deps.errors),
    registerCommand(CommandIds.newRecordFile, (arg?: never) => commands.newRecordFile(arg), deps.errors),
  );
}
