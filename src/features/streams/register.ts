import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamEvents } from '../../services/streamEvents';
import { PutFromFileCommand } from './putFromFile';
import { StreamOperations } from './streamOperations';

export function registerStreamOperations(deps: {
  gateway: KinesisGateway;
  connections: ConnectionManager;
  streamEvents: StreamEvents;
  settings: KinesisSettings;
  guard: MutationGuard;
  errors: ErrorPresenter;
  logger: ILogger;
}): { disposable: vscode.Disposable; operations: StreamOperations } {
  const ops = new StreamOperations(deps);
  const putFromFile = new PutFromFileCommand(deps.gateway, deps.connections, deps.guard, deps.logger);
  const command = (id: string, handler: (arg?: never) => unknown) => registerCommand(id, handler, deps.errors);
  const disposable = vscode.Disposable.from(
    command(CommandIds.createStream, (arg) => ops.createStream(arg)),
    command(CommandIds.deleteStream, (arg) => ops.deleteStream(arg)),
    command(CommandIds.putRecord, (arg) => ops.putRecord(arg)),
    command(CommandIds.putRecordsFromFile, (arg) => putFromFile.run(arg)),
    command(CommandIds.addTags, (arg) => ops.addTags(arg)),
    command(CommandIds.removeTags, (arg) => ops.removeTags(arg)),
    command(CommandIds.listTags, (arg) => ops.listTags(arg)),
    command(CommandIds.updateShardCount, (arg) => ops.updateShardCount(arg)),
    command(CommandIds.splitShard, (arg) => ops.splitShard(arg)),
    command(CommandIds.mergeShards, (arg) => ops.mergeShards(arg)),
    command(CommandIds.setRetention, (arg) => ops.setRetention(arg)),
    command(CommandIds.startEncryption, (arg) => ops.startEncryption(arg)),
    command(CommandIds.stopEncryption, (arg) => ops.stopEncryption(arg)),
    command(CommandIds.switchStreamMode, (arg) => ops.switchStreamMode(arg)),
    command(CommandIds.registerConsumer, (arg) => ops.registerConsumer(arg)),
    command(CommandIds.deregisterConsumer, (arg) => ops.deregisterConsumer(arg)),
    command(CommandIds.setEnhancedMonitoring, (arg) => ops.setEnhancedMonitoring(arg)),
    command(CommandIds.copyArn, (arg) => ops.copyArn(arg)),
  );
  return { disposable, operations: ops };
}
