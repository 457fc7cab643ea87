/**
 * What the Stream Doctor reports: findings with a stable code, a severity, the subject they are
 * about (the stream, a shard, a partition key, a consumer), the evidence that led to them and,
 * where one exists, a concrete fix. The CLI prints these as JSON, the report page renders them and
 * the explorer marks their stream and shard. vscode-free.
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

/** Stable codes: the CLI's JSON, the report and the tests match on them. */
export type FindingCode =
  | 'hot-key'
  | 'hot-shard'
  | 'write-limit-exceeded'
  | 'burst'
  | 'shard-metrics-off'
  | 'shard-metrics-all'
  | 'under-utilized'
  | 'over-utilized'
  | 'capacity-mode'
  | 'idle-consumer'
  | 'read-contention'
  | 'iterator-age'
  | 'lambda-no-on-failure-destination'
  | 'lambda-infinite-retries'
  | 'lambda-no-bisect'
  | 'lambda-no-batch-item-failures'
  | 'lambda-batch-size'
  | 'lambda-poison-record'
  | 'kcl-frozen-checkpoint'
  | 'kcl-missing-lease'
  | 'kcl-lease-not-renewed'
  | 'kcl-owner-thrash'
  | 'kcl-parent-not-ended'
  | 'kcl-checkpoint-trim-horizon'
  | 'no-data';

/** What a finding is about. */
export interface FindingSubject {
  readonly stream: string;
  readonly shardId?: string;
  readonly partitionKey?: string;
  /** An enhanced fan-out consumer, a Lambda mapping (its UUID) or a KCL application. */
  readonly consumer?: string;
}

/** A new shard a split would create, with the load the sample says it would carry. */
export interface SplitPreviewShard {
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  /** Share of the parent's sampled records that fall into this child (0–1). */
  readonly share: number;
  readonly expectedRecordsPerSecond: number;
  readonly expectedBytesPerSecond: number;
}

/** One changed field of an UpdateEventSourceMapping call. */
export interface MappingFieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** A concrete remedy. Kinds with an API call can be applied from the report (never in read-only mode). */
export type Fix =
  | { readonly kind: 'saltKey'; readonly partitionKey: string; readonly suffixes: number; readonly example: string; readonly tradeOff: string }
  | { readonly kind: 'splitShard'; readonly shardId: string; readonly newStartingHashKey: string; readonly preview: readonly SplitPreviewShard[] }
  | { readonly kind: 'mergeShards'; readonly shardId: string; readonly adjacentShardId: string }
  | { readonly kind: 'smoothBursts'; readonly advice: readonly string[] }
  | { readonly kind: 'setShardMetrics'; readonly enable: readonly string[]; readonly disable: readonly string[]; readonly monthlyUsd: number }
  | { readonly kind: 'updateEventSourceMapping'; readonly uuid: string; readonly changes: readonly MappingFieldChange[] }
  | { readonly kind: 'advice'; readonly steps: readonly string[] };

/** Numbers and series behind a finding; every field is optional so each finding shows what it has. */
export interface FindingEvidence {
  /** Plain facts, in order, as (label, value). */
  readonly facts: readonly (readonly [string, string])[];
  /** Records per second of each shard over the window (second offsets from the window start). */
  readonly shardSeries?: readonly { readonly shardId: string; readonly recordsPerSecond: readonly number[] }[];
  readonly topKeys?: readonly { readonly partitionKey: string; readonly records: number; readonly share: number; readonly shardId?: string }[];
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly subject: FindingSubject;
  /** Why this matters, in a sentence or two. */
  readonly explanation: string;
  readonly evidence: FindingEvidence;
  readonly fix?: Fix;
}

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Findings by severity (errors first), keeping the analysers' order within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}
