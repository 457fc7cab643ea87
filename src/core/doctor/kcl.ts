/**
 * The Stream Doctor's KCL side: reads a Kinesis Client Library lease table (DynamoDB, one item per
 * shard, named after the application) twice a short interval apart and compares it with the
 * stream's shards and the newest sequence numbers the sampler saw. Pure: the items come through
 * {@link KclLeaseSource} (the SDK implementation is kclAws.ts, loaded only by the CLI).
 *
 * The item schema is KCL's own (DynamoDBLeaseSerializer in awslabs/amazon-kinesis-client): leaseKey
 * (S, the hash key: the shard id, or `account:stream:creationEpoch:shardId` for a multi-stream
 * application), leaseOwner (S, absent when unowned), leaseCounter (N, incremented on every renewal
 * and take), checkpoint (S: a sequence number or TRIM_HORIZON / LATEST / AT_TIMESTAMP / SHARD_END),
 * checkpointSubSequenceNumber (N), ownerSwitchesSinceCheckpoint (N), parentShardId and childShardId (SS).
 */
import type { CallOptions, ConnectionTarget, KinesisGateway, ShardInfo } from '../kinesis/gateway';
import { abortableSleep } from '../kinesis/retry';
import type { Finding } from './findings';

/** One lease as KCL stores it. */
export interface KclLease {
  readonly leaseKey: string;
  readonly shardId: string;
  /** Set for a multi-stream application's lease. */
  readonly streamName?: string;
  readonly leaseOwner?: string;
  readonly leaseCounter: number;
  readonly checkpoint?: string;
  readonly checkpointSubSequenceNumber?: number;
  readonly ownerSwitchesSinceCheckpoint: number;
  readonly parentShardIds: readonly string[];
  readonly childShardIds: readonly string[];
}

/** A DynamoDB attribute value as the wire (and @aws-sdk/client-dynamodb) carries it; only the kinds KCL writes. */
export interface LeaseAttribute {
  readonly S?: string;
  readonly N?: string;
  readonly SS?: readonly string[];
}

/** Reads every lease of a table (a consistent scan). */
export interface KclLeaseSource {
  readLeases(table: string, options?: CallOptions): Promise<KclLease[]>;
}

export const SHARD_END = 'SHARD_END';
export const TRIM_HORIZON = 'TRIM_HORIZON';
/** Owner switches since the last checkpoint from which a lease counts as thrashing between workers. */
export const OWNER_THRASH_SWITCHES = 3;
/** Default pause between the two lease-table reads: above KCL's default failoverTimeMillis (10 s). */
export const DEFAULT_KCL_READ_INTERVAL_MS = 15_000;

/** A problem with a DynamoDB table name (3–255 of a–z, A–Z, 0–9, _ - .), or undefined when it is valid. */
export function validateLeaseTableName(name: string): string | undefined {
  return /^[A-Za-z0-9_.-]{3,255}$/.test(name) ? undefined : `"${name}" is not a DynamoDB table name: use 3–255 letters, digits, "_", "-" or ".".`;
}

/** A KCL item, or undefined when it is not a lease (no leaseKey). */
export function parseLeaseItem(item: Readonly<Record<string, LeaseAttribute>>): KclLease | undefined {
  const leaseKey = item.leaseKey?.S;
  if (!leaseKey) return undefined;
  const parts = leaseKey.split(':');
  const multiStream = parts.length >= 4;
  const number = (name: string) => (item[name]?.N !== undefined ? Number(item[name].N) : undefined);
  return {
    leaseKey,
    shardId: multiStream ? parts[parts.length - 1] : leaseKey,
    ...(multiStream ? { streamName: parts.slice(1, parts.length - 2).join(':') } : {}),
    leaseOwner: item.leaseOwner?.S,
    leaseCounter: number('leaseCounter') ?? 0,
    checkpoint: item.checkpoint?.S,
    checkpointSubSequenceNumber: number('checkpointSubSequenceNumber'),
    ownerSwitchesSinceCheckpoint: number('ownerSwitchesSinceCheckpoint') ?? 0,
    parentShardIds: [...(item.parentShardId?.SS ?? [])],
    childShardIds: [...(item.childShardId?.SS ?? [])],
  };
}

/** True for a checkpoint that is a sequence number rather than a sentinel. */
export function isSequenceCheckpoint(checkpoint: string | undefined): checkpoint is string {
  return checkpoint !== undefined && /^\d+$/.test(checkpoint);
}

export interface KclAnalysisInput {
  readonly stream: string;
  /** The KCL application (the table's name unless it was named explicitly). */
  readonly application: string;
  readonly table: string;
  /** The stream's shards, open and closed. */
  readonly shards: readonly ShardInfo[];
  readonly firstRead: readonly KclLease[];
  readonly secondRead: readonly KclLease[];
  readonly intervalMs: number;
  /** Newest sequence number seen on each shard (the sampler's). */
  readonly latestSequenceByShard: ReadonlyMap<string, string>;
}

/** Findings for one application's leases of the stream. */
export function analyzeKclLeases(input: KclAnalysisInput): Finding[] {
  const ofStream = (leases: readonly KclLease[]) => leases.filter((l) => l.streamName === undefined || l.streamName === input.stream);
  const second = ofStream(input.secondRead);
  const firstByKey = new Map(ofStream(input.firstRead).map((l) => [l.leaseKey, l]));
  const byShard = new Map(second.map((l) => [l.shardId, l]));
  const subject = (shardId?: string) => ({ stream: input.stream, consumer: input.application, ...(shardId ? { shardId } : {}) });
  const app = `KCL application ${input.application}`;
  const baseFacts: [string, string][] = [['Application', input.application], ['Lease table', input.table]];
  const seconds = (input.intervalMs / 1000).toFixed(1);
  const findings: Finding[] = [];

  const openShards = input.shards.filter((s) => s.endingSequenceNumber === undefined);
  if (second.length === 0) {
    findings.push({
      code: 'kcl-missing-lease',
      severity: 'warning',
      title: `${app} holds no lease of ${input.stream}`,
      subject: subject(),
      explanation: `The lease table ${input.table} has no lease for this stream: the application has not started, reads another stream, or uses another table.`,
      evidence: { facts: [...baseFacts, ['Items read', String(input.secondRead.length)], ['Open shards', String(openShards.length)]] },
    });
    return findings;
  }

  for (const shard of openShards) {
    if (byShard.has(shard.shardId)) continue;
    // A child gets its lease once its parents reach SHARD_END; while a parent is unfinished that is normal.
    const parents = [shard.parentShardId, shard.adjacentParentShardId].filter((p): p is string => p !== undefined);
    if (parents.some((p) => byShard.has(p) && byShard.get(p)?.checkpoint !== SHARD_END)) continue;
    findings.push({
      code: 'kcl-missing-lease',
      severity: 'warning',
      title: `No lease for open shard ${shard.shardId}`,
      subject: subject(shard.shardId),
      explanation: `${app} has no lease for this open shard, so no worker reads it. KCL creates it at its next shard sync; if it stays missing, check the application's shard sync and its initial position.`,
      evidence: { facts: [...baseFacts, ['Parents', parents.join(', ') || 'none'], ['Leases in table', String(second.length)]] },
      fix: { kind: 'advice', steps: ['Check the workers\' logs for shard-sync errors.', 'Restart one worker: it runs a shard sync at start and creates the missing leases.'] },
    });
  }

  for (const lease of second) {
    const before = firstByKey.get(lease.leaseKey);
    const facts: [string, string][] = [
      ...baseFacts,
      ['Lease key', lease.leaseKey],
      ['Owner', lease.leaseOwner ?? 'none'],
      ['Checkpoint', lease.checkpoint ?? 'none'],
      ['Lease counter', before ? `${before.leaseCounter} → ${lease.leaseCounter} in ${seconds} s` : String(lease.leaseCounter)],
      ['Owner switches since checkpoint', String(lease.ownerSwitchesSinceCheckpoint)],
    ];
    const latest = input.latestSequenceByShard.get(lease.shardId);
    const ended = lease.checkpoint === SHARD_END;

    if (before && isSequenceCheckpoint(lease.checkpoint) && before.checkpoint === lease.checkpoint && latest !== undefined && BigInt(latest) > BigInt(lease.checkpoint)) {
      findings.push({
        code: 'kcl-frozen-checkpoint',
        severity: 'warning',
        title: `Checkpoint of ${lease.shardId} is not moving while the shard has new data`,
        subject: subject(lease.shardId),
        explanation: `The shard has records after the checkpoint, but it did not move in ${seconds} s: the record processor is stuck or failing on a record, or never calls checkpoint(). A restart replays everything after the checkpoint.`,
        evidence: { facts: [...facts, ['Newer record on the shard', latest]] },
        fix: { kind: 'advice', steps: ['Look in the worker\'s logs for errors in processRecords for this shard.', 'Make sure the processor checkpoints after each batch it has handled.'] },
      });
    }

    if (!ended && !lease.leaseOwner) {
      findings.push({
        code: 'kcl-lease-not-renewed',
        severity: 'warning',
        title: `Nobody holds the lease of ${lease.shardId}`,
        subject: subject(lease.shardId),
        explanation: `The lease has no owner, so no worker of ${input.application} reads this shard. Live workers take unowned leases within their failover time; one that stays unowned means no worker is running or all are at maxLeasesForWorker.`,
        evidence: { facts },
      });
    } else if (!ended && before && before.leaseCounter === lease.leaseCounter && before.leaseOwner === lease.leaseOwner && input.intervalMs > 0) {
      findings.push({
        code: 'kcl-lease-not-renewed',
        severity: 'warning',
        title: `Lease of ${lease.shardId} was not renewed in ${seconds} s`,
        subject: subject(lease.shardId),
        explanation: `A live KCL worker increments leaseCounter on every renewal (a few times per failover time, 10 s by default). It stayed at ${lease.leaseCounter}: the owner ${lease.leaseOwner} has stopped or stalled, and the shard waits until another worker takes the lease.`,
        evidence: { facts },
        fix: { kind: 'advice', steps: [`Check that worker ${lease.leaseOwner} is running and not paused by long GC or a blocked thread.`, 'If it is gone, other workers take the lease after failoverTimeMillis; if none does, start a worker.'] },
      });
    }

    const ownerChanged = before?.leaseOwner !== undefined && lease.leaseOwner !== undefined && before.leaseOwner !== lease.leaseOwner;
    if (lease.ownerSwitchesSinceCheckpoint >= OWNER_THRASH_SWITCHES || (ownerChanged && before?.checkpoint === lease.checkpoint)) {
      findings.push({
        code: 'kcl-owner-thrash',
        severity: 'warning',
        title: `Lease of ${lease.shardId} keeps changing owner`,
        subject: subject(lease.shardId),
        explanation: `The lease changed owner ${lease.ownerSwitchesSinceCheckpoint} time(s) since its last checkpoint${ownerChanged ? ` and again during the ${seconds} s between the reads` : ''}. Workers steal it from each other faster than they make progress: usually renewals that miss the failover time (overloaded workers, DynamoDB throttling) or too many workers for the shards.`,
        evidence: { facts: [...facts, ...(ownerChanged ? [['Owner during the first read', before?.leaseOwner ?? ''] as [string, string]] : [])] },
        fix: { kind: 'advice', steps: ['Raise failoverTimeMillis, or give the workers more CPU.', 'Check the lease table for throttled writes.', 'Run no more workers than shards.'] },
      });
    }

    const dataAfter = latest !== undefined || input.shards.some((s) => s.shardId === lease.shardId && s.endingSequenceNumber !== undefined);
    if (lease.checkpoint === TRIM_HORIZON && before?.checkpoint === TRIM_HORIZON && dataAfter) {
      findings.push({
        code: 'kcl-checkpoint-trim-horizon',
        severity: lease.leaseOwner ? 'warning' : 'info',
        title: `${lease.shardId} has never been checkpointed`,
        subject: subject(lease.shardId),
        explanation: `The checkpoint is still TRIM_HORIZON while the shard has data${lease.leaseOwner ? ` and ${lease.leaseOwner} holds the lease` : ''}: every restart or lease move reprocesses the shard from its oldest record (up to the retention period).`,
        evidence: { facts },
        fix: { kind: 'advice', steps: ['Call checkpoint() in the record processor once a batch is handled.'] },
      });
    }

    for (const parentId of lease.parentShardIds) {
      const parent = byShard.get(parentId);
      if (!parent || parent.checkpoint === SHARD_END) continue;
      const childStarted = isSequenceCheckpoint(lease.checkpoint);
      findings.push({
        code: 'kcl-parent-not-ended',
        severity: childStarted ? 'error' : 'warning',
        title: childStarted ? `${lease.shardId} is read before its parent ${parentId} ended` : `${lease.shardId} waits for its parent ${parentId}`,
        subject: subject(parentId),
        explanation: childStarted
          ? 'The child has checkpoints although its parent is not at SHARD_END: records of a key are processed out of order across the reshard.'
          : `After a reshard, KCL reads a child only once its parents are at SHARD_END. The parent is at ${parent.checkpoint ?? 'no checkpoint'}, so ${lease.shardId} waits; if the parent's processor is stuck, the child never starts.`,
        evidence: { facts: [...baseFacts, ['Parent', parentId], ['Parent checkpoint', parent.checkpoint ?? 'none'], ['Parent owner', parent.leaseOwner ?? 'none'], ['Child', lease.shardId], ['Child checkpoint', lease.checkpoint ?? 'none']] },
        fix: { kind: 'advice', steps: [`Find why the processor of ${parentId} does not reach SHARD_END (it must checkpoint in shardEnded()).`] },
      });
    }
  }
  return findings;
}

/** Where the application's leases are and how long to wait between the two reads. */
export interface KclRequest {
  /** The lease table; defaults to the application name (KCL names its table after the application). */
  readonly table?: string;
  readonly application?: string;
  /** Default {@link DEFAULT_KCL_READ_INTERVAL_MS}. */
  readonly readIntervalMs?: number;
}

/** The sequence number of a record after `sequenceNumber` on the shard, or undefined when there is none yet. */
export type NewerRecordProbe = (shardId: string, sequenceNumber: string, signal?: AbortSignal) => Promise<string | undefined>;

/** A {@link NewerRecordProbe} reading one record AFTER_SEQUENCE_NUMBER (two calls per probed shard). */
export function gatewayNewerRecordProbe(gateway: KinesisGateway, target: ConnectionTarget, stream: string): NewerRecordProbe {
  return async (shardId, sequenceNumber, signal) => {
    const iterator = await gateway.getShardIterator(target, { stream, shardId, type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber }, { signal });
    const { records } = await gateway.getRecords(target, iterator, 1, { signal });
    return records[0]?.sequenceNumber;
  };
}

/**
 * Reads the lease table twice, {@link KclRequest.readIntervalMs} apart, and analyses the leases. A
 * checkpoint that did not move and is not behind anything the sampler saw (the window may have been
 * quiet) is checked with `probe`: is there a record after it at all?
 */
export async function diagnoseKclLeases(
  source: KclLeaseSource,
  request: KclRequest,
  input: { readonly stream: string; readonly shards: readonly ShardInfo[]; readonly latestSequenceByShard: ReadonlyMap<string, string>; readonly probe?: NewerRecordProbe; readonly signal?: AbortSignal },
): Promise<Finding[]> {
  const table = request.table ?? request.application;
  if (!table) throw new Error('Name the KCL lease table or the KCL application.');
  const intervalMs = request.readIntervalMs ?? DEFAULT_KCL_READ_INTERVAL_MS;
  const firstRead = await source.readLeases(table, { signal: input.signal });
  await abortableSleep(intervalMs, input.signal);
  input.signal?.throwIfAborted();
  const secondRead = await source.readLeases(table, { signal: input.signal });
  const latestSequenceByShard = new Map(input.latestSequenceByShard);
  if (input.probe) {
    const before = new Map(firstRead.map((l) => [l.leaseKey, l.checkpoint]));
    // Leases outlive their shards (trimmed after the retention period): probe only listed shards.
    const listed = new Set(input.shards.map((s) => s.shardId));
    for (const lease of secondRead) {
      if (!listed.has(lease.shardId)) continue;
      const sampled = latestSequenceByShard.get(lease.shardId);
      const unmoved = isSequenceCheckpoint(lease.checkpoint) && before.get(lease.leaseKey) === lease.checkpoint;
      if (!unmoved || (lease.streamName !== undefined && lease.streamName !== input.stream)) continue;
      if (sampled !== undefined && BigInt(sampled) > BigInt(lease.checkpoint as string)) continue;
      const newer = await input.probe(lease.shardId, lease.checkpoint as string, input.signal);
      if (newer) latestSequenceByShard.set(lease.shardId, newer);
    }
  }
  return analyzeKclLeases({ stream: input.stream, application: request.application ?? table, table, shards: input.shards, firstRead, secondRead, intervalMs, latestSequenceByShard });
}
