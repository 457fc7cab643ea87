import type { StreamDetails, StreamMode } from '../../core/kinesis/gateway';
import { ConsumerWizard } from './consumerWizard';
import { LifecycleWizard, type CreateStreamArgs } from './lifecycleWizard';
import { StreamOperationContext, type StreamOperationDeps } from './operationContext';
import { RecordWizard, type PutRecordOutcome } from './recordWizard';
import { StreamSettingsWizard } from './settingsWizard';
import { ShardWizard } from './shardWizard';
import { TagWizard } from './tagWizard';

export type { CreateStreamArgs, DeleteStreamArgs } from './lifecycleWizard';
export type { PutRecordArgs, PutRecordOutcome } from './recordWizard';

/**
 * Every stream operation by name: what the commands, the LM tools, chat and other extensions call.
 * Each runs interactively (a multi-step input with back and inline validation) or from an argument
 * object (no prompt), checks the mutation guard first, validates everything before any call, shows
 * progress and announces what it changed. One wizard per family holds the steps.
 */
export class StreamOperations {
  readonly #lifecycle: LifecycleWizard;
  readonly #records: RecordWizard;
  readonly #tags: TagWizard;
  readonly #shards: ShardWizard;
  readonly #settings: StreamSettingsWizard;
  readonly #consumers: ConsumerWizard;

  constructor(deps: StreamOperationDeps) {
    const ctx = new StreamOperationContext(deps);
    this.#lifecycle = new LifecycleWizard(ctx);
    this.#records = new RecordWizard(ctx);
    this.#tags = new TagWizard(ctx);
    this.#shards = new ShardWizard(ctx);
    this.#settings = new StreamSettingsWizard(ctx);
    this.#consumers = new ConsumerWizard(ctx);
  }

  createStream(arg?: CreateStreamArgs): Promise<StreamDetails | undefined> { return this.#lifecycle.createStream(arg); }
  deleteStream(arg?: unknown): Promise<boolean> { return this.#lifecycle.deleteStream(arg); }
  putRecord(arg?: unknown): Promise<PutRecordOutcome | undefined> { return this.#records.putRecord(arg); }
  addTags(arg?: unknown): Promise<Record<string, string> | undefined> { return this.#tags.addTags(arg); }
  removeTags(arg?: unknown): Promise<string[] | undefined> { return this.#tags.removeTags(arg); }
  listTags(arg?: unknown): Promise<Record<string, string>> { return this.#tags.listTags(arg); }
  updateShardCount(arg?: unknown): Promise<StreamDetails | undefined> { return this.#shards.updateShardCount(arg); }
  splitShard(arg?: unknown): Promise<void> { return this.#shards.splitShard(arg); }
  mergeShards(arg?: unknown): Promise<void> { return this.#shards.mergeShards(arg); }
  setRetention(arg?: unknown): Promise<number | undefined> { return this.#settings.setRetention(arg); }
  startEncryption(arg?: unknown): Promise<void> { return this.#settings.startEncryption(arg); }
  stopEncryption(arg?: unknown): Promise<void> { return this.#settings.stopEncryption(arg); }
  switchStreamMode(arg?: unknown): Promise<StreamMode | undefined> { return this.#settings.switchStreamMode(arg); }
  registerConsumer(arg?: unknown): Promise<string | undefined> { return this.#consumers.registerConsumer(arg); }
  deregisterConsumer(arg?: unknown): Promise<string | undefined> { return this.#consumers.deregisterConsumer(arg); }
  setEnhancedMonitoring(arg?: unknown): Promise<readonly string[] | undefined> { return this.#consumers.setEnhancedMonitoring(arg); }
  copyArn(arg?: unknown): Promise<string> { return this.#consumers.copyArn(arg); }
}
