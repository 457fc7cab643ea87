/**
 * The contract between the shard reader (reader.ts) and whoever shows what it reads (the tail
 * session and viewer). vscode-free.
 */
import type { KinesisError } from '../kinesis/errors';
import type { ConnectionTarget, ReceivedRecord } from '../kinesis/gateway';

/** Where reading starts in every shard that is open (or chosen) when the tail starts. */
export type StartPosition =
  | { readonly type: 'LATEST' }
  | { readonly type: 'TRIM_HORIZON' }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: Date }
  /**
   * A sequence number belongs to one shard: that shard starts there, every other shard read starts
   * at TRIM_HORIZON... unless `shardId` is given, in which case only that shard is read.
   */
  | { readonly type: 'AT_SEQUENCE_NUMBER'; readonly sequenceNumber: string; readonly shardId: string };

export interface TailOptions {
  readonly target: ConnectionTarget;
  readonly stream: string;
  /** Shards to read; undefined reads every shard (and their children as the stream reshards). */
  readonly shardIds?: readonly string[];
  readonly start: StartPosition;
  /** Read through enhanced fan-out (SubscribeToShard) as this registered consumer. */
  readonly consumerArn?: string;
  /** Minimum time between two GetRecords calls on one shard. Default 200 ms (the 5 calls/s limit). */
  readonly minPollIntervalMs?: number;
  /** GetRecords Limit. Default 10,000 (the service maximum). */
  readonly getRecordsLimit?: number;
  /**
   * Time between two GetRecords calls on a shard that is caught up (no records, MillisBehindLatest 0).
   * Default 1,000 ms; never below {@link minPollIntervalMs}.
   */
  readonly idlePollIntervalMs?: number;
  /** Longest wait between retries after throttling or a transient error. Default 10,000 ms. */
  readonly maxBackoffMs?: number;
  /**
   * Enhanced fan-out: end each subscription after this long and resubscribe from its continuation
   * sequence number. Default: keep it until the service ends it (AWS does after 5 minutes).
   */
  readonly subscriptionLifetimeMs?: number;
}

/** What the reader reports, in order per shard. */
export type TailEvent =
  | { readonly kind: 'shardStarted'; readonly shardId: string; readonly parentShardIds: readonly string[] }
  | {
      readonly kind: 'records';
      readonly shardId: string;
      readonly records: readonly ReceivedRecord[];
      readonly millisBehindLatest?: number;
    }
  /** The shard is closed and fully read; its children (if read) start after this. */
  | { readonly kind: 'shardDrained'; readonly shardId: string; readonly childShardIds: readonly string[] }
  | { readonly kind: 'throttled'; readonly shardId: string; readonly retryInMs: number }
  | { readonly kind: 'iteratorRenewed'; readonly shardId: string }
  /** Enhanced fan-out: a subscription ended (they last 5 minutes) and a new one began. */
  | { readonly kind: 'resubscribed'; readonly shardId: string }
  /** `fatal` errors end the tail (after every shard stops); others are retried by the reader. */
  | { readonly kind: 'error'; readonly shardId?: string; readonly error: KinesisError; readonly fatal: boolean }
  | { readonly kind: 'stopped'; readonly reason: 'stopped' | 'error' | 'allShardsDrained' };

export type TailListener = (event: TailEvent) => void;

/** A running tail. Pausing stops reading (nothing is skipped: resuming reads on from where it stopped). */
export interface StreamTail {
  readonly paused: boolean;
  readonly running: boolean;
  /** Starts reading; events go to the listener given to the factory. */
  start(): void;
  pause(): void;
  resume(): void;
  /** Stops every shard reader; resolves once no call is in flight. */
  stop(): Promise<void>;
}
