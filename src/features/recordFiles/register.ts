import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { RecordFileCache, StreamNameCache } from '../../core/recordFile';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamEvents } from '../../services/streamEvents';
import { RecordFileLanguageFeatures } from './languageFeatures';
import { RecordFileCommands } from './recordFileCommands';
import { RecordFileDiagnostics } from './recordFileDiagnostics';

/** Stream changes can come in bursts (a script creating several); one revalidation after the burst is enough. */
const STREAM_CHANGES_SETTLE_MS = 1_000;

/**
 * `.kinesis` record files: diagnostics (with the live stream list), CodeLens, completion, hover and
 * the Put record / Put all / New Record File commands.
 */
export function registerRecordFiles(deps: {
  gateway: KinesisGateway;
  connections: ConnectionManager;
  streamEvents: StreamEvents;
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

  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  return vscode.Disposable.from(
    diagnostics,
    features,
    deps.connections.onDidChange(() => {
      // Another account, endpoint or region: the old names say nothing about it.
      streams.clear();
      diagnostics.validateAll();
    }),
    deps.streamEvents.onDidChange((change) => {
      if (change.kind === 'updated') {
        return; // Tags, shards or settings: the stream names are the same.
      }
      // A stream was created or deleted (or the user asked to refresh): re-list on next use.
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        streams.invalidate();
        diagnostics.validateAll();
      }, STREAM_CHANGES_SETTLE_MS);
    }),
    { dispose: () => clearTimeout(settleTimer) },
    registerCommand(CommandIds.recordFilePutRecord, (arg?: never) => commands.putRecord(arg), deps.errors),
    registerCommand(CommandIds.recordFilePutAll, (arg?: never) => commands.putAll(arg), deps.errors),
    registerCommand(CommandIds.newRecordFile, (arg?: never) => commands.newRecordFile(arg), deps.errors),
  );
}
