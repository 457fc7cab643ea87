/**
 * {@link KinesisGateway} on @aws-sdk/client-kinesis.
 *
 * esbuild bundles this file on its own (dist/aws.js) and the extension loads it with a dynamic
 * import on first use, so activation never parses the SDK. Keep every runtime SDK import in this
 * file (or files only it imports).
 */
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DecreaseStreamRetentionPeriodCommand,
  DeleteStreamCommand,
  DeregisterStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  DisableEnhancedMonitoringCommand,
  EnableEnhancedMonitoringCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  IncreaseStreamRetentionPeriodCommand,
  KinesisClient,
  ListShardsCommand,
  ListStreamConsumersCommand,
  ListStreamsCommand,
  ListTagsForStreamCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  RemoveTagsFromStreamCommand,
  SplitShardCommand,
  StartStreamEncryptionCommand,
  StopStreamEncryptionCommand,
  SubscribeToShardCommand,
  UpdateShardCountCommand,
  UpdateStreamModeCommand,
  type Consumer,
  type KinesisClientConfig,
  type MetricsName,
  type Shard,
  type SubscribeToShardEventStream,
  type _Record,
} from '@aws-sdk/client-kinesis';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ILogger } from '../logging';
import { KinesisError, toKinesisError, validationError } from './errors';
import type {
  CallOptions,
  ConnectionTarget,
  ConsumerInfo,
  CreateStreamInput,
  GetRecordsResult,
  KinesisGateway,
  PutRecordInput,
  PutRecordResult,
  PutRecordsEntry,
  PutRecordsEntryResult,
  PutRecordsResult,
  ReceivedRecord,
  ShardInfo,
  ShardIteratorInput,
  StreamDetails,
  StreamListEntry,
  StreamMode,
  StreamStatus,
  SubscribeStartingPosition,
  SubscribeToShardEvent,
} from './gateway';
import {
  validateConsumerName,
  validateEndpointUrl,
  validateGetRecordsLimit,
  validateHashKey,
  validateKmsKeyId,
  validatePartitionKey,
  validatePutRecordsCount,
  validateRetentionHours,
  validateSequenceNumber,
  validateShardCount,
  validateShardId,
  validateShardLevelMetrics,
  validateStreamArn,
  validateStreamName,
  validateTagKey,
  validateTags,
} from './validation';
import { missingEntryResult } from './putRecords';
import { abortableSleep } from './retry';

/**
 * Credentials the gateway sends to the local emulator. The emulators never check signatures;
 * fixed values mean the credential chain (and instance metadata) is never consulted locally.
 */
export const localEmulatorCredentials: Readonly<AwsCredentialIdentity> = {
  accessKeyId: 'kinesis-studio-local',
  secretAccessKey: 'kinesis-studio-local-secret',
};

/** Page sizes; tests shrink them to exercise paging with few resources. */
export interface GatewayPageSizes {
  /** ListStreams `Limit` (AWS allows up to 10,000). Default 1,000. */
  readonly listStreams?: number;
  /** ListShards `MaxResults` (up to 10,000). Default 1,000. */
  readonly listShards?: number;
  /**
   * ListStreamConsumers `MaxResults` (up to 10,000). Default 100, more than a stream can have
   * (20, or 50 with On-demand Advantage), so one page always suffices.
   */
  readonly listConsumers?: number;
  /** ListTagsForStream `Limit` (up to 50). Default 50. */
  readonly listTags?: number;
}

/** Collaborators of {@link createAwsGateway}. */
export interface AwsGatewayDeps {
  readonly logger: ILogger;
  /**
   * Credentials for a real-AWS target. Defaults to `fromNodeProviderChain({ profile })`: shared
   * files, SSO, credential_process, environment, container and instance roles. Never used for
   * `localEmulator` targets.
   */
  readonly credentialsFor?: (target: ConnectionTarget) => AwsCredentialIdentityProvider;
  readonly pageSizes?: GatewayPageSizes;
  /** SDK attempts per call (the SDK retries throttling, 5xx and network errors). Default 3. */
  readonly maxAttempts?: number;
  /** Polling delays of {@link KinesisGateway.waitForActive}. Default 250 ms growing to 2 s. */
  readonly pollDelaysMs?: { readonly initial: number; readonly max: number };
}

const DEFAULT_WAIT_TIMEOUT_MS = 120_000;
/** AddTagsToStream and RemoveTagsFromStream take at most 10 tags per request. */
const TAGS_PER_REQUEST = 10;
// Right after CreateStream, AWS may briefly answer ResourceNotFound (eventual consistency).
const NOT_FOUND_GRACE_MS = 3_000;
// High-volume calls log at debug so a busy tail or bulk put does not flood the channel.
const DATA_PLANE = new Set(['PutRecord', 'PutRecords', 'GetRecords', 'GetShardIterator']);

/** Creates the SDK-backed gateway. One SDK client is cached per (profile, region, endpoint, localEmulator). */
export function createAwsGateway(deps: AwsGatewayDeps): KinesisGateway {
  return new AwsKinesisGateway(deps);
}

interface SendContext {
  readonly target: ConnectionTarget;
  readonly operation: string;
  /** Non-sensitive detail for the log line, e.g. `stream=orders 500 records`. */
  readonly detail?: string;
  readonly signal?: AbortSignal;
  /** Logs at debug instead of info (polling). */
  readonly quiet?: boolean;
}

class AwsKinesisGateway implements KinesisGateway {
  readonly #deps: AwsGatewayDeps;
  readonly #clients = new Map<string, KinesisClient>();

  constructor(deps: AwsGatewayDeps) {
    this.#deps = deps;
  }

  // ---- plumbing -------------------------------------------------------------------------------

  #clientFor(target: ConnectionTarget, operation: string): KinesisClient {
    const key = JSON.stringify([target.profile ?? '', target.region, target.endpoint ?? '', target.localEmulator === true]);
    const cached = this.#clients.get(key);
    if (cached) return cached;
    if (!target.region?.trim()) {
      throw new KinesisError({ message: `No AWS region is set for ${operation}. Pick a region, or set one in the profile or AWS_REGION.`, code: 'RegionMissing', operation, remedies: ['setRegion'] });
    }
    if (target.endpoint) {
      const problem = validateEndpointUrl(target.endpoint);
      if (problem) throw new KinesisError({ message: problem, code: 'InvalidEndpoint', operation, remedies: ['openSettings'] });
    }
    const config: KinesisClientConfig = {
      region: target.region,
      maxAttempts: this.#deps.maxAttempts ?? 3,
      credentials: target.localEmulator
        ? // A copy: the SDK annotates the credentials object it is given (feature tracking).
          { ...localEmulatorCredentials }
        : (this.#deps.credentialsFor?.(target) ?? fromNodeProviderChain({ profile: target.profile })),
    };
    if (target.endpoint) config.endpoint = target.endpoint;
    if (target.endpoint?.startsWith('http://')) {
      // The client's HTTP/2 default speaks h2c to http:// endpoints, which both emulators reject.
      config.requestHandler = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 });
    }
    const client = new KinesisClient(config);
    this.#clients.set(key, client);
    return client;
  }

  #evict(target: ConnectionTarget): void {
    const key = JSON.stringify([target.profile ?? '', target.region, target.endpoint ?? '', target.localEmulator === true]);
    this.#clients.get(key)?.destroy();
    this.#clients.delete(key);
  }

  /** Sends one command: abort check, timing, one log line, error mapping. */
  async #send<T>(ctx: SendContext, run: (client: KinesisClient, options: { abortSignal?: AbortSignal }) => Promise<T>): Promise<T> {
    const { target, operation } = ctx;
    if (ctx.signal?.aborted) throw new KinesisError({ message: `${operation} was cancelled.`, code: 'Aborted', operation });
    const client = this.#clientFor(target, operation);
    const started = performance.now();
    const where = target.localEmulator ? `${target.region} (local)` : target.region;
    const detail = ctx.detail ? ` ${ctx.detail}` : '';
    try {
      const output = await run(client, { abortSignal: ctx.signal });
      const line = `${operation} ${where}${detail} ${Math.round(performance.now() - started)} ms`;
      if (ctx.quiet || DATA_PLANE.has(operation)) this.#deps.logger.debug(line);
      else this.#deps.logger.info(line);
      return output;
    } catch (err) {
      const mapped = toKinesisError(err, operation, target);
      this.#deps.logger.warn(`${operation} ${where}${detail} failed after ${Math.round(performance.now() - started)} ms: ${mapped.code}`);
      // A memoized provider can keep failing after the user fixed the login: start afresh next time.
      if (mapped.code === 'CredentialsExpired' || mapped.code === 'CredentialsMissing') this.#evict(target);
      throw mapped;
    }
  }

  #check(operation: string, ...problems: (string | undefined)[]): void {
    const problem = problems.find((p) => p !== undefined);
    if (problem !== undefined) {
      this.#deps.logger.debug(`${operation} not sent: ${problem}`);
      throw validationError(operation, problem);
    }
  }

  // ---- reads ----------------------------------------------------------------------------------

  async listStreams(target: ConnectionTarget, options?: CallOptions): Promise<StreamListEntry[]> {
    const limit = this.#deps.pageSizes?.listStreams ?? 1_000;
    const entries: StreamListEntry[] = [];
    let nextToken: string | undefined;
    let exclusiveStartStreamName: string | undefined;
    for (let page = 1; ; page++) {
      const out = await this.#send(
        { target, operation: 'ListStreams', detail: `page ${page}`, signal: options?.signal },
        // NextToken and ExclusiveStartStreamName are mutually exclusive.
        (c, o) => c.send(new ListStreamsCommand(nextToken ? { NextToken: nextToken, Limit: limit } : { Limit: limit, ExclusiveStartStreamName: exclusiveStartStreamName }), o),
      );
      const before = entries.length;
      if (out.StreamSummaries?.length) {
        for (const s of out.StreamSummaries) {
          if (!s.StreamName) continue;
          entries.push({
            name: s.StreamName,
            arn: s.StreamARN,
            status: toStatus(s.StreamStatus),
            mode: s.StreamModeDetails?.StreamMode ? toMode(s.StreamModeDetails.StreamMode) : undefined,
            createdAt: s.StreamCreationTimestamp,
          });
        }
      } else {
        for (const name of out.StreamNames ?? []) entries.push({ name });
      }
      if (out.NextToken) {
        nextToken = out.NextToken;
      } else if (out.HasMoreStreams && entries.length > before) {
        // kinesalite and kinesis-local send no NextToken: continue after the last name instead.
        nextToken = undefined;
        exclusiveStartStreamName = entries[entries.length - 1].name;
      } else {
        break;
      }
    }
    return entries;
  }

  async describeStream(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<StreamDetails> {
    return this.#describe(target, stream, options?.signal, false);
  }

  async #describe(target: ConnectionTarget, stream: string, signal: AbortSignal | undefined, quiet: boolean): Promise<StreamDetails> {
    this.#check('DescribeStreamSummary', validateStreamName(stream));
    const out = await this.#send(
      { target, operation: 'DescribeStreamSummary', detail: `stream=${stream}`, signal, quiet },
      (c, o) => c.send(new DescribeStreamSummaryCommand({ StreamName: stream }), o),
    );
    const s = out.StreamDescriptionSummary;
    if (!s) throw new KinesisError({ message: `DescribeStreamSummary returned no description for ${stream}.`, code: 'EmptyResponse', operation: 'DescribeStreamSummary', remedies: ['retry'] });
    return {
      name: s.StreamName ?? stream,
      arn: s.StreamARN ?? '',
      status: toStatus(s.StreamStatus),
      mode: toMode(s.StreamModeDetails?.StreamMode),
      openShardCount: s.OpenShardCount ?? 0,
      retentionHours: s.RetentionPeriodHours ?? 24,
      encryption: s.EncryptionType === 'KMS' ? 'KMS' : 'NONE',
      keyId: s.EncryptionType === 'KMS' ? s.KeyId : undefined,
      createdAt: s.StreamCreationTimestamp,
      consumerCount: s.ConsumerCount ?? 0,
      maxRecordSizeKiB: s.MaxRecordSizeInKiB,
      enhancedMonitoring: (s.EnhancedMonitoring ?? []).flatMap((m) => m.ShardLevelMetrics ?? []),
    };
  }

  async listShards(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<ShardInfo[]> {
    this.#check('ListShards', validateStreamName(stream));
    const maxResults = this.#deps.pageSizes?.listShards ?? 1_000;
    const shards: ShardInfo[] = [];
    let nextToken: string | undefined;
    for (let page = 1; ; page++) {
      const out = await this.#send(
        { target, operation: 'ListShards', detail: `stream=${stream} page ${page}`, signal: options?.signal },
        // StreamName must be omitted when NextToken is sent.
        (c, o) => c.send(new ListShardsCommand(nextToken ? { NextToken: nextToken, MaxResults: maxResults } : { StreamName: stream, MaxResults: maxResults }), o),
      );
      for (const s of out.Shards ?? []) shards.push(toShard(s));
      if (!out.NextToken || !out.Shards?.length) break;
      nextToken = out.NextToken;
    }
    return shards;
  }

  async listConsumers(target: ConnectionTarget, streamArn: string, options?: CallOptions): Promise<ConsumerInfo[]> {
    this.#check('ListStreamConsumers', validateStreamArn(streamArn));
    const maxResults = this.#deps.pageSizes?.listConsumers ?? 100;
    const consumers: ConsumerInfo[] = [];
    let nextToken: string | undefined;
    for (let page = 1; ; page++) {
      const out = await this.#send(
        { target, operation: 'ListStreamConsumers', detail: `${streamArn} page ${page}`, signal: options?.signal },
        (c, o) => c.send(new ListStreamConsumersCommand({ StreamARN: streamArn, MaxResults: maxResults, NextToken: nextToken }), o),
      );
      const before = consumers.length;
      for (const c of out.Consumers ?? []) {
        // kinesis-local pages inconsistently (a token after the last page, none before it): dedupe.
        if (!consumers.some((known) => known.arn === c.ConsumerARN)) consumers.push(toConsumer(c));
      }
      if (!out.NextToken || consumers.length === before) break;
      nextToken = out.NextToken;
    }
    return consumers;
  }

  async listTags(target: ConnectionTarget, stream: string, options?: CallOptions): Promise<Record<string, string>> {
    this.#check('ListTagsForStream', validateStreamName(stream));
    const limit = this.#deps.pageSizes?.listTags ?? 50;
    const tags: Record<string, string> = {};
    let exclusiveStartTagKey: string | undefined;
    for (;;) {
      const out = await this.#send(
        { target, operation: 'ListTagsForStream', detail: `stream=${stream}`, signal: options?.signal },
        (c, o) => c.send(new ListTagsForStreamCommand({ StreamName: stream, Limit: limit, ExclusiveStartTagKey: exclusiveStartTagKey }), o),
      );
      const page = out.Tags ?? [];
      for (const t of page) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
      if (!out.HasMoreTags || page.length === 0) break;
      exclusiveStartTagKey = page[page.length - 1].Key;
    }
    return tags;
  }

  // ---- stream lifecycle -----------------------------------------------------------------------

  async createStream(target: ConnectionTarget, input: CreateStreamInput, options?: CallOptions): Promise<void> {
    const op = 'CreateStream';
    this.#check(
      op,
      validateStreamName(input.name),
      input.mode === 'PROVISIONED' || input.mode === 'ON_DEMAND' ? undefined : 'Capacity mode must be PROVISIONED or ON_DEMAND.',
      input.mode === 'PROVISIONED' ? validateShardCount(input.shardCount ?? NaN) : undefined,
      input.tags ? validateTags(input.tags) : undefined,
      input.retentionHours !== undefined ? validateRetentionHours(input.retentionHours) : undefined,
    );
    const tags = input.tags && Object.keys(input.tags).length ? { ...input.tags } : undefined;
    await this.#send(
      { target, operation: op, detail: `stream=${input.name} mode=${input.mode}`, signal: options?.signal },
      // On-demand streams must not carry a shard count.
      (c, o) => c.send(new CreateStreamCommand({
        StreamName: input.name,
        ShardCount: input.mode === 'PROVISIONED' ? input.shardCount : undefined,
        StreamModeDetails: { StreamMode: input.mode },
        Tags: tags,
      }), o),
    );
    if (input.retentionHours !== undefined && input.retentionHours !== 24) {
      // Retention can only change once the stream is ACTIVE.
      await this.waitForActive(target, input.name, DEFAULT_WAIT_TIMEOUT_MS, options);
      await this.setRetention(target, input.name, input.retentionHours, options);
    }
  }

  async deleteStream(target: ConnectionTarget, stream: string, enforceConsumerDeletion: boolean, options?: CallOptions): Promise<void> {
    this.#check('DeleteStream', validateStreamName(stream));
    await this.#send(
      { target, operation: 'DeleteStream', detail: `stream=${stream}`, signal: options?.signal },
      (c, o) => c.send(new DeleteStreamCommand({ StreamName: stream, EnforceConsumerDeletion: enforceConsumerDeletion }), o),
    );
  }

  async waitForActive(target: ConnectionTarget, stream: string, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS, options?: CallOptions): Promise<StreamDetails> {
    this.#check('DescribeStreamSummary', validateStreamName(stream));
    const { initial, max } = this.#deps.pollDelaysMs ?? { initial: 250, max: 2_000 };
    const started = Date.now();
    let delay = initial;
    let lastStatus = 'unknown';
    for (;;) {
      try {
        const details = await this.#describe(target, stream, options?.signal, true);
        if (details.status === 'ACTIVE') return details;
        lastStatus = details.status;
      } catch (err) {
        const notYetVisible = err instanceof KinesisError && err.code === 'ResourceNotFoundException' && Date.now() - started < NOT_FOUND_GRACE_MS;
        if (!notYetVisible) throw err;
      }
      if (Date.now() - started + delay > timeoutMs) {
        throw new KinesisError({
          message: `Stream ${stream} is still ${lastStatus} after ${Math.round(timeoutMs / 1000)} s. Refresh later; large reshards can take minutes.`,
          code: 'Timeout',
          operation: 'WaitForActive',
          remedies: ['retry'],
          retryable: true,
        });
      }
      await sleep(delay, options?.signal, 'WaitForActive');
      delay = Math.min(max, Math.round(delay * 1.6));
    }
  }

  // ---- records --------------------------------------------------------------------------------

  async putRecord(target: ConnectionTarget, input: PutRecordInput, options?: CallOptions): Promise<PutRecordResult> {
    const op = 'PutRecord';
    this.#check(
      op,
      validateStreamName(input.stream),
      validatePartitionKey(input.partitionKey),
      input.explicitHashKey !== undefined ? validateHashKey(input.explicitHashKey) : undefined,
      input.data instanceof Uint8Array ? undefined : 'Record data must be bytes.',
    );
    const out = await this.#send(
      { target, operation: op, detail: `stream=${input.stream} ${input.data.byteLength} bytes`, signal: options?.signal },
      (c, o) => c.send(new PutRecordCommand({ StreamName: input.stream, PartitionKey: input.partitionKey, Data: input.data, ExplicitHashKey: input.explicitHashKey }), o),
    );
    return { shardId: out.ShardId ?? '', sequenceNumber: out.SequenceNumber ?? '' };
  }

  async putRecords(target: ConnectionTarget, stream: string, entries: readonly PutRecordsEntry[], options?: CallOptions): Promise<PutRecordsResult> {
    const op = 'PutRecords';
    this.#check(op, validateStreamName(stream), validatePutRecordsCount(entries.length));
    let bytes = 0;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const problem = validatePartitionKey(e.partitionKey)
        ?? (e.explicitHashKey !== undefined ? validateHashKey(e.explicitHashKey) : undefined)
        ?? (e.data instanceof Uint8Array ? undefined : 'Record data must be bytes.');
      if (problem) this.#check(op, `Record ${i + 1}: ${problem}`);
      bytes += e.data.byteLength;
    }
    const out = await this.#send(
      { target, operation: op, detail: `stream=${stream} ${entries.length} records ${bytes} bytes`, signal: options?.signal },
      (c, o) => c.send(new PutRecordsCommand({
        StreamName: stream,
        Records: entries.map((e) => ({ PartitionKey: e.partitionKey, Data: e.data, ExplicitHashKey: e.explicitHashKey })),
      }), o),
    );
    const results: PutRecordsEntryResult[] = entries.map((_, i) => {
      const r = out.Records?.[i];
      if (!r) return missingEntryResult();
      if (r.ErrorCode) return { ok: false, errorCode: r.ErrorCode, errorMessage: r.ErrorMessage };
      return { ok: true, shardId: r.ShardId ?? '', sequenceNumber: r.SequenceNumber ?? '' };
    });
    const failedCount = results.filter((r) => !r.ok).length;
    if (failedCount > 0) this.#deps.logger.debug(`PutRecords stream=${stream}: ${failedCount} of ${entries.length} records failed`);
    return { failedCount, entries: results };
  }

  async getShardIterator(target: ConnectionTarget, input: ShardIteratorInput, options?: CallOptions): Promise<string> {
    const op = 'GetShardIterator';
    const needsSequence = input.type === 'AT_SEQUENCE_NUMBER' || input.type === 'AFTER_SEQUENCE_NUMBER';
    this.#check(
      op,
      validateStreamName(input.stream),
      validateShardId(input.shardId),
      needsSequence ? validateSequenceNumber(input.sequenceNumber ?? '') : undefined,
      input.type === 'AT_TIMESTAMP' && !(input.timestamp instanceof Date && !isNaN(input.timestamp.getTime())) ? 'AT_TIMESTAMP needs a valid timestamp.' : undefined,
    );
    const out = await this.#send(
      { target, operation: op, detail: `stream=${input.stream} ${input.shardId} ${input.type}`, signal: options?.signal },
      (c, o) => c.send(new GetShardIteratorCommand({
        StreamName: input.stream,
        ShardId: input.shardId,
        ShardIteratorType: input.type,
        StartingSequenceNumber: needsSequence ? input.sequenceNumber : undefined,
        Timestamp: input.type === 'AT_TIMESTAMP' ? input.timestamp : undefined,
      }), o),
    );
    if (!out.ShardIterator) throw new KinesisError({ message: `GetShardIterator returned no iterator for ${input.shardId}.`, code: 'EmptyResponse', operation: op, remedies: ['retry'] });
    return out.ShardIterator;
  }

  async getRecords(target: ConnectionTarget, iterator: string, limit?: number, options?: CallOptions): Promise<GetRecordsResult> {
    const op = 'GetRecords';
    this.#check(
      op,
      typeof iterator === 'string' && iterator.length >= 1 && iterator.length <= 512 ? undefined : 'Shard iterator must be 1–512 characters; get one with GetShardIterator.',
      limit !== undefined ? validateGetRecordsLimit(limit) : undefined,
    );
    const out = await this.#send(
      { target, operation: op, signal: options?.signal },
      (c, o) => c.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }), o),
    );
    return {
      records: (out.Records ?? []).map(toReceivedRecord),
      nextIterator: out.NextShardIterator ?? undefined,
      millisBehindLatest: out.MillisBehindLatest,
      childShardIds: out.ChildShards?.map((c) => c.ShardId ?? '').filter(Boolean),
    };
  }

  /*
   * SubscribeToShard is an event stream. Against AWS (https) the client's default HTTP/2 handler
   * carries it. Against kinesis-local's plain http:// port our NodeHttpHandler (HTTP/1.1) carries it
   * too: the events arrive as a chunked response body and the SDK's event-stream parser reads them
   * incrementally (verified with kinesis-local 0.6.2: first event ~1 s after the request, then one
   * event per second, records included). Only client-to-server event streams need HTTP/2.
   */
  async subscribeToShard(
    target: ConnectionTarget,
    consumerArn: string,
    shardId: string,
    startingPosition: SubscribeStartingPosition,
    options?: CallOptions,
  ): Promise<AsyncIterable<SubscribeToShardEvent>> {
    const op = 'SubscribeToShard';
    const position = startingPosition;
    this.#check(
      op,
      validateConsumerArn(consumerArn),
      validateShardId(shardId),
      position.type === 'AT_SEQUENCE_NUMBER' || position.type === 'AFTER_SEQUENCE_NUMBER' ? validateSequenceNumber(position.sequenceNumber) : undefined,
      position.type === 'AT_TIMESTAMP' && !(position.timestamp instanceof Date && !isNaN(position.timestamp.getTime())) ? 'AT_TIMESTAMP needs a valid timestamp.' : undefined,
    );
    const signal = options?.signal;
    const out = await this.#send(
      { target, operation: op, detail: `${shardId} ${position.type}`, signal },
      (c, o) => c.send(new SubscribeToShardCommand({
        ConsumerARN: consumerArn,
        ShardId: shardId,
        StartingPosition: {
          Type: position.type,
          SequenceNumber: 'sequenceNumber' in position ? position.sequenceNumber : undefined,
          Timestamp: position.type === 'AT_TIMESTAMP' ? position.timestamp : undefined,
        },
      }), o),
    );
    if (!out.EventStream) throw new KinesisError({ message: `SubscribeToShard returned no event stream for ${shardId}.`, code: 'EmptyResponse', operation: op, remedies: ['retry'] });
    return subscriptionEvents(out.EventStream, signal, target);
  }

  // ---- tags -----------------------------------------------------------------------------------

  async addTags(target: ConnectionTarget, stream: string, tags: Readonly<Record<string, string>>, options?: CallOptions): Promise<void> {
    const op = 'AddTagsToStream';
    const entries = Object.entries(tags);
    this.#check(op, validateStreamName(stream), entries.length === 0 ? 'Give at least one tag.' : undefined, validateTags(tags));
    for (let i = 0; i < entries.length; i += TAGS_PER_REQUEST) {
      const batch = Object.fromEntries(entries.slice(i, i + TAGS_PER_REQUEST));
      await this.#send(
        { target, operation: op, detail: `stream=${stream} ${Object.keys(batch).length} tags`, signal: options?.signal },
        (c, o) => c.send(new AddTagsToStreamCommand({ StreamName: stream, Tags: batch }), o),
      );
    }
  }

  async removeTags(target: ConnectionTarget, stream: string, keys: readonly string[], options?: CallOptions): Promise<void> {
    const op = 'RemoveTagsFromStream';
    this.#check(op, validateStreamName(stream), keys.length === 0 ? 'Give at least one tag key.' : undefined, ...keys.map((k) => validateTagKey(k)));
    for (let i = 0; i < keys.length; i += TAGS_PER_REQUEST) {
      const batch = keys.slice(i, i + TAGS_PER_REQUEST);
      await this.#send(
        { target, operation: op, detail: `stream=${stream} ${batch.length} keys`, signal: options?.signal },
        (c, o) => c.send(new RemoveTagsFromStreamCommand({ StreamName: stream, TagKeys: [...batch] }), o),
      );
    }
  }

  // ---- capacity and configuration --------------------------------------------------------------

  async updateShardCount(target: ConnectionTarget, stream: string, targetShardCount: number, options?: CallOptions): Promise<void> {
    this.#check('UpdateShardCount', validateStreamName(stream), validateShardCount(targetShardCount));
    await this.#send(
      { target, operation: 'UpdateShardCount', detail: `stream=${stream} target=${targetShardCount}`, signal: options?.signal },
      (c, o) => c.send(new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: targetShardCount, ScalingType: 'UNIFORM_SCALING' }), o),
    );
  }

  async splitShard(target: ConnectionTarget, stream: string, shardId: string, newStartingHashKey: string, options?: CallOptions): Promise<void> {
    this.#check('SplitShard', validateStreamName(stream), validateShardId(shardId), validateHashKey(newStartingHashKey));
    await this.#send(
      { target, operation: 'SplitShard', detail: `stream=${stream} ${shardId}`, signal: options?.signal },
      (c, o) => c.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: shardId, NewStartingHashKey: newStartingHashKey }), o),
    );
  }

  async mergeShards(target: ConnectionTarget, stream: string, shardId: string, adjacentShardId: string, options?: CallOptions): Promise<void> {
    this.#check(
      'MergeShards',
      validateStreamName(stream),
      validateShardId(shardId),
      validateShardId(adjacentShardId),
      shardId === adjacentShardId ? 'Merge needs two different, adjacent shards.' : undefined,
    );
    await this.#send(
      { target, operation: 'MergeShards', detail: `stream=${stream} ${shardId}+${adjacentShardId}`, signal: options?.signal },
      (c, o) => c.send(new MergeShardsCommand({ StreamName: stream, ShardToMerge: shardId, AdjacentShardToMerge: adjacentShardId }), o),
    );
  }

  async setRetention(target: ConnectionTarget, stream: string, hours: number, options?: CallOptions): Promise<void> {
    this.#check('SetRetention', validateStreamName(stream), validateRetentionHours(hours));
    const current = (await this.#describe(target, stream, options?.signal, false)).retentionHours;
    if (hours === current) return;
    const operation = hours > current ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
    const input = { StreamName: stream, RetentionPeriodHours: hours };
    await this.#send(
      { target, operation, detail: `stream=${stream} ${current}h->${hours}h`, signal: options?.signal },
      (c, o) => (hours > current ? c.send(new IncreaseStreamRetentionPeriodCommand(input), o) : c.send(new DecreaseStreamRetentionPeriodCommand(input), o)),
    );
  }

  async startEncryption(target: ConnectionTarget, stream: string, keyId: string, options?: CallOptions): Promise<void> {
    this.#check('StartStreamEncryption', validateStreamName(stream), validateKmsKeyId(keyId));
    await this.#send(
      { target, operation: 'StartStreamEncryption', detail: `stream=${stream}`, signal: options?.signal },
      (c, o) => c.send(new StartStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: keyId }), o),
    );
  }

  async stopEncryption(target: ConnectionTarget, stream: string, keyId: string, options?: CallOptions): Promise<void> {
    this.#check('StopStreamEncryption', validateStreamName(stream), validateKmsKeyId(keyId));
    await this.#send(
      { target, operation: 'StopStreamEncryption', detail: `stream=${stream}`, signal: options?.signal },
      (c, o) => c.send(new StopStreamEncryptionCommand({ StreamName: stream, EncryptionType: 'KMS', KeyId: keyId }), o),
    );
  }

  async updateStreamMode(target: ConnectionTarget, streamArn: string, mode: StreamMode, options?: CallOptions): Promise<void> {
    this.#check('UpdateStreamMode', validateStreamArn(streamArn), mode === 'PROVISIONED' || mode === 'ON_DEMAND' ? undefined : 'Capacity mode must be PROVISIONED or ON_DEMAND.');
    await this.#send(
      { target, operation: 'UpdateStreamMode', detail: `${streamArn} mode=${mode}`, signal: options?.signal },
      (c, o) => c.send(new UpdateStreamModeCommand({ StreamARN: streamArn, StreamModeDetails: { StreamMode: mode } }), o),
    );
  }

  async registerConsumer(target: ConnectionTarget, streamArn: string, consumerName: string, options?: CallOptions): Promise<ConsumerInfo> {
    this.#check('RegisterStreamConsumer', validateStreamArn(streamArn), validateConsumerName(consumerName));
    const out = await this.#send(
      { target, operation: 'RegisterStreamConsumer', detail: `${streamArn} consumer=${consumerName}`, signal: options?.signal },
      (c, o) => c.send(new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: consumerName }), o),
    );
    return out.Consumer ? toConsumer(out.Consumer) : { name: consumerName, arn: '', status: 'CREATING' };
  }

  async deregisterConsumer(target: ConnectionTarget, streamArn: string, consumerName: string, options?: CallOptions): Promise<void> {
    this.#check('DeregisterStreamConsumer', validateStreamArn(streamArn), validateConsumerName(consumerName));
    await this.#send(
      { target, operation: 'DeregisterStreamConsumer', detail: `${streamArn} consumer=${consumerName}`, signal: options?.signal },
      (c, o) => c.send(new DeregisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: consumerName }), o),
    );
  }

  async setEnhancedMonitoring(target: ConnectionTarget, stream: string, metrics: readonly string[], enabled: boolean, options?: CallOptions): Promise<void> {
    const operation = enabled ? 'EnableEnhancedMonitoring' : 'DisableEnhancedMonitoring';
    this.#check(operation, validateStreamName(stream), validateShardLevelMetrics(metrics));
    const input = { StreamName: stream, ShardLevelMetrics: metrics as MetricsName[] };
    await this.#send(
      { target, operation, detail: `stream=${stream} ${metrics.join(',')}`, signal: options?.signal },
      (c, o) => (enabled ? c.send(new EnableEnhancedMonitoringCommand(input), o) : c.send(new DisableEnhancedMonitoringCommand(input), o)),
    );
  }

  dispose(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

// ---- mapping helpers ----------------------------------------------------------------------------

const STATUSES: readonly StreamStatus[] = ['CREATING', 'DELETING', 'ACTIVE', 'UPDATING'];

function toStatus(value: string | undefined): StreamStatus {
  return (STATUSES as readonly string[]).includes(value ?? '') ? (value as StreamStatus) : 'UNKNOWN';
}

/** Streams created before capacity modes existed report no mode: they are provisioned. */
function toMode(value: string | undefined): StreamMode {
  return value === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED';
}

function toShard(s: Shard): ShardInfo {
  return {
    shardId: s.ShardId ?? '',
    parentShardId: s.ParentShardId,
    adjacentParentShardId: s.AdjacentParentShardId,
    startingHashKey: s.HashKeyRange?.StartingHashKey ?? '0',
    endingHashKey: s.HashKeyRange?.EndingHashKey ?? '0',
    startingSequenceNumber: s.SequenceNumberRange?.StartingSequenceNumber ?? '',
    endingSequenceNumber: s.SequenceNumberRange?.EndingSequenceNumber,
  };
}

function toReceivedRecord(r: _Record): ReceivedRecord {
  return {
    sequenceNumber: r.SequenceNumber ?? '',
    partitionKey: r.PartitionKey ?? '',
    data: r.Data ?? new Uint8Array(),
    approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
    encryptionType: r.EncryptionType,
  };
}

function validateConsumerArn(value: string): string | undefined {
  return typeof value === 'string' && value.length <= 2048 && /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream\/[a-zA-Z0-9_.-]{1,128}\/consumer\/[a-zA-Z0-9_.-]{1,128}:[0-9]+$/.test(value)
    ? undefined
    : 'Consumer ARN must look like arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<timestamp>.';
}

const ABORTED = Symbol('aborted');

/**
 * Maps the SDK's event stream to ours. Exception events (ResourceNotFound, KMS…) and broken
 * connections are thrown as KinesisErrors; an abort ends the iteration quietly and closes the stream.
 */
async function* subscriptionEvents(
  stream: AsyncIterable<SubscribeToShardEventStream>,
  signal: AbortSignal | undefined,
  target: ConnectionTarget,
): AsyncGenerator<SubscribeToShardEvent> {
  const iterator = stream[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal?.aborted) resolve(ABORTED);
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    for (;;) {
      let step: IteratorResult<SubscribeToShardEventStream> | typeof ABORTED;
      try {
        step = await Promise.race([iterator.next(), aborted]);
      } catch (err) {
        if (signal?.aborted) return;
        throw toKinesisError(err, 'SubscribeToShard', target);
      }
      if (step === ABORTED || step.done) return;
      const event = step.value;
      if (event.SubscribeToShardEvent) {
        const e = event.SubscribeToShardEvent;
        yield {
          records: (e.Records ?? []).map(toReceivedRecord),
          continuationSequenceNumber: e.ContinuationSequenceNumber,
          millisBehindLatest: e.MillisBehindLatest,
          childShardIds: e.ChildShards?.map((c) => c.ShardId ?? '').filter(Boolean),
        };
        continue;
      }
      const [name, detail] = Object.entries(event).find(([key, value]) => key !== '$unknown' && value !== undefined) ?? [];
      if (name) {
        const message = (detail as { message?: string } | undefined)?.message ?? name;
        throw toKinesisError(Object.assign(new Error(message), { name }), 'SubscribeToShard', target);
      }
    }
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // Closes the HTTP response when the consumer stops early (break, abort, error).
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

function toConsumer(c: Consumer): ConsumerInfo {
  const status = c.ConsumerStatus;
  return {
    name: c.ConsumerName ?? '',
    arn: c.ConsumerARN ?? '',
    status: status === 'CREATING' || status === 'DELETING' || status === 'ACTIVE' ? status : 'UNKNOWN',
    createdAt: c.ConsumerCreationTimestamp,
  };
}

/** Waits `ms`; a cancel ends the wait with the same Aborted error a cancelled call gives. */
async function sleep(ms: number, signal: AbortSignal | undefined, operation: string): Promise<void> {
  await abortableSleep(ms, signal);
  if (signal?.aborted) throw new KinesisError({ message: `${operation} was cancelled.`, code: 'Aborted', operation });
}
