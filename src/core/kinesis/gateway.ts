/**
 * The one door to Kinesis. Everything above the core (explorer, commands, chat tools, tail) talks to
 * this interface; `createAwsGateway` implements it with @aws-sdk/client-kinesis, loaded lazily.
 */

/** Where a call goes. One SDK client is cached per (profile, region, endpoint, localEmulator). */
export interface ConnectionTarget {
  readonly region: string;
  /** Profile name for the credential chain (shared files, SSO, credential_process, env). */
  readonly profile?: string;
  /** Custom endpoint URL. `http://` endpoints are spoken to over HTTP/1.1. */
  readonly endpoint?: string;
  /** The embedded emulator: fixed dummy credentials, the credential chain is never consulted. */
  readonly localEmulator?: boolean;
}

export type StreamStatus = 'CREATING' | 'DELETING' | 'ACTIVE' | 'UPDATING' | 'UNKNOWN';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamListEntry {
  readonly name: string;
  readonly arn?: string;
  readonly status?: StreamStatus;
  readonly mode?: StreamMode;
  readonly createdAt?: Date;
}

export interface StreamDetails {
  readonly name: string;
  readonly arn: string;
  readonly status: StreamStatus;
  readonly mode: StreamMode;
  readonly openShardCount: number;
  readonly retentionHours: number;
  readonly encryption: 'NONE' | 'KMS';
  readonly keyId?: string;
  readonly createdAt?: Date;
  readonly consumerCount: number;
  /** Maximum record size in KiB, when the service reports it (1024 by default). */
  readonly maxRecordSizeKiB?: number;
  readonly enhancedMonitoring: readonly string[];
}

export interface ShardInfo {
  readonly shardId: string;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  /** Decimal strings of the unsigned 128-bit hash key range. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly startingSequenceNumber: string;
  /** Set when the shard is closed. */
  readonly endingSequenceNumber?: string;
}

export interface ConsumerInfo {
  readonly name: string;
  readonly arn: string;
  readonly status: 'CREATING' | 'DELETING' | 'ACTIVE' | 'UNKNOWN';
  readonly createdAt?: Date;
}

export interface CreateStreamInput {
  readonly name: string;
  readonly mode: StreamMode;
  /** Required for PROVISIONED. */
  readonly shardCount?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Applied after creation when not 24. */
  readonly retentionHours?: number;
}

export interface PutRecordInput {
  readonly stream: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly explicitHashKey?: string;
}

export interface PutRecordResult {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

export interface PutRecordsEntry {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly explicitHashKey?: string;
}

/** One entry per request entry, in order: either a result or the per-entry error. */
export type PutRecordsEntryResult =
  | { readonly ok: true; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage?: string };

export interface PutRecordsResult {
  readonly failedCount: number;
  readonly entries: readonly PutRecordsEntryResult[];
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export interface ShardIteratorInput {
  readonly stream: string;
  readonly shardId: string;
  readonly type: ShardIteratorType;
  readonly sequenceNumber?: string;
  readonly timestamp?: Date;
}

export interface ReceivedRecord {
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly approximateArrivalTimestamp?: Date;
  readonly encryptionType?: string;
}

export interface GetRecordsResult {
  readonly records: readonly ReceivedRecord[];
  /** Undefined once a closed shard is drained. */
  readonly nextIterator?: string;
  readonly millisBehindLatest?: number;
  readonly childShardIds?: readonly string[];
}

/** Where an enhanced fan-out subscription starts. */
export type SubscribeStartingPosition =
  | { readonly type: 'LATEST' | 'TRIM_HORIZON' }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: Date }
  | { readonly type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** One SubscribeToShardEvent of an enhanced fan-out subscription. */
export interface SubscribeToShardEvent {
  readonly records: readonly ReceivedRecord[];
  /** Resubscribe with AFTER_SEQUENCE_NUMBER of this to continue without gaps or duplicates. */
  readonly continuationSequenceNumber?: string;
  readonly millisBehindLatest?: number;
  /** Set once the shard is closed and fully delivered. */
  readonly childShardIds?: readonly string[];
}

/** Options every call accepts. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface KinesisGateway {
  /** Every stream in the region, following all pages (ListStreams NextToken or ExclusiveStartStreamName). */
  listStreams(target: ConnectionTarget, options?: CallOptions): Promise<StreamListEntry[]>;
  describeStream(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<StreamDetails>;
  /** Open and closed shards, all pages. */
  listShards(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<ShardInfo[]>;
  listConsumers(target: ConnectionTarget, streamArn: string, options?: CallOptions): Promise<ConsumerInfo[]>;
  listTags(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<Record<string, string>>;

  createStream(target: ConnectionTarget, input: CreateStreamInput, options?: CallOptions): Promise<void>;
  deleteStream(target: ConnectionTarget, stream: string, enforceConsumerDeletion: boolean, options?: CallOptions): Promise<void>;
  /** Resolves once the stream is ACTIVE (or rejects after `timeoutMs`). */
  waitForActive(target: ConnectionTarget, stream: string, timeoutMs?: number, options?: CallOptions): Promise<StreamDetails>;

  putRecord(target: ConnectionTarget, input: PutRecordInput, options?: CallOptions): Promise<PutRecordResult>;
  /** One PutRecords request. Partial failures are returned, not thrown; retrying is the caller's job. */
  putRecords(target: ConnectionTarget, stream: string, entries: readonly PutRecordsEntry[], options?: CallOptions): Promise<PutRecordsResult>;

  addTags(target: ConnectionTarget, stream: string, tags: Readonly<Record<string, string>>, options?: CallOptions): Promise<void>;
  removeTags(target: ConnectionTarget, stream: string, keys: readonly string[], options?: CallOptions): Promise<void>;

  updateShardCount(target: ConnectionTarget, stream: string, targetShardCount: number, options?: CallOptions): Promise<void>;
  splitShard(target: ConnectionTarget, stream: string, shardId: string, newStartingHashKey: string, options?: CallOptions): Promise<void>;
  mergeShards(target: ConnectionTarget, stream: string, shardId: string, adjacentShardId: string, options?: CallOptions): Promise<void>;
  setRetention(target: ConnectionTarget, stream: string, hours: number, options?: CallOptions): Promise<void>;
  startEncryption(target: ConnectionTarget, stream: string, keyId: string, options?: CallOptions): Promise<void>;
  stopEncryption(target: ConnectionTarget, stream: string, keyId: string, options?: CallOptions): Promise<void>;
  updateStreamMode(target: ConnectionTarget, streamArn: string, mode: StreamMode, options?: CallOptions): Promise<void>;
  registerConsumer(target: ConnectionTarget, streamArn: string, consumerName: string, options?: CallOptions): Promise<ConsumerInfo>;
  deregisterConsumer(target: ConnectionTarget, streamArn: string, consumerName: string, options?: CallOptions): Promise<void>;
  setEnhancedMonitoring(target: ConnectionTarget, stream: string, metrics: readonly string[], enabled: boolean, options?: CallOptions): Promise<void>;

  getShardIterator(target: ConnectionTarget, input: ShardIteratorInput, options?: CallOptions): Promise<string>;
  getRecords(target: ConnectionTarget, iterator: string, limit?: number, options?: CallOptions): Promise<GetRecordsResult>;
  /**
   * Opens an enhanced fan-out subscription (SubscribeToShard) as a registered, ACTIVE consumer. Resolves
   * once the service accepted it; the iterable yields its events until the service ends it (after
   * 5 minutes on AWS) or `options.signal` aborts (then it just ends). Stream errors are thrown by the
   * iterator as KinesisErrors.
   */
  subscribeToShard(
    target: ConnectionTarget,
    consumerArn: string,
    shardId: string,
    startingPosition: SubscribeStartingPosition,
    options?: CallOptions,
  ): Promise<AsyncIterable<SubscribeToShardEvent>>;

  /** Destroys every cached client. */
  dispose(): void;
}
