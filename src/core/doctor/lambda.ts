/**
 * The Stream Doctor's Lambda side: lints the event source mappings that read the stream (directly or
 * through one of its enhanced fan-out consumers) and recognises the poison-record signature. Every
 * remedy is an UpdateEventSourceMapping field diff. Pure: the mappings come through
 * {@link LambdaMappingSource} (the SDK implementation is lambdaAws.ts, loaded only by the CLI).
 */
import { errorMessage } from '../errorMessage';
import type { CallOptions } from '../kinesis/gateway';
import type { Finding, Fix, MappingFieldChange } from './findings';

/** The fields of a Lambda event source mapping the doctor reads (EventSourceMappingConfiguration). */
export interface EventSourceMappingInfo {
  readonly uuid: string;
  readonly eventSourceArn: string;
  readonly functionArn: string;
  /** Enabled, Disabled, Creating, Updating, ... */
  readonly state?: string;
  /** "OK", "No records processed", "PROBLEM: Function call failed", ... */
  readonly lastProcessingResult?: string;
  readonly batchSize?: number;
  readonly parallelizationFactor?: number;
  readonly bisectBatchOnFunctionError?: boolean;
  /** -1 = retry until the record expires. */
  readonly maximumRetryAttempts?: number;
  /** -1 = no age limit. */
  readonly maximumRecordAgeInSeconds?: number;
  readonly onFailureDestination?: string;
  readonly functionResponseTypes: readonly string[];
}

/** Lists the mappings whose EventSourceArn is the given ARN (a stream or a consumer). */
export interface LambdaMappingSource {
  listMappings(eventSourceArn: string, options?: CallOptions): Promise<EventSourceMappingInfo[]>;
}

export interface LambdaAnalysisOptions {
  readonly stream: string;
  /** Mean records per second of the busiest shard over the sampled window (0 or undefined when nothing was sampled). */
  readonly busiestShardRecordsPerSecond?: number;
  /**
   * Shards whose iterator age grows while the others' does not (from shard-level
   * GetRecords.IteratorAgeMilliseconds). With it, the poison-record finding names the stuck shards.
   */
  readonly growingIteratorAgeShards?: readonly string[];
}

/** Kinesis defaults when a field is absent from the mapping (as ListEventSourceMappings reports it for older mappings). */
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_PARALLELIZATION = 1;
const INFINITE = -1;
/** Bounded retries proposed in place of -1: enough to ride out a transient failure, few enough to free the shard within minutes. */
export const PROPOSED_RETRY_ATTEMPTS = 3;
const MAX_BATCH_SIZE = 10_000;
const MAX_PARALLELIZATION = 10;
const REPORT_BATCH_ITEM_FAILURES = 'ReportBatchItemFailures';

/**
 * Where failed batches should go: an SQS queue named after the function, in its account and region.
 * A proposal: the queue must exist (and the function's role may send to it) before the fix is applied.
 */
export function proposedFailureDestination(functionArn: string): string {
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
  const parts = functionArn.split(':');
  if (parts.length < 7 || parts[2] !== 'lambda') return 'arn:aws:sqs:<region>:<account>:<function>-kinesis-failures';
  return `arn:${parts[1]}:sqs:${parts[3]}:${parts[4]}:${parts[6]}-kinesis-failures`;
}

function functionName(functionArn: string): string {
  return functionArn.split(':')[6] ?? functionArn;
}

function retriesForever(m: EventSourceMappingInfo): boolean {
  return (m.maximumRetryAttempts ?? INFINITE) === INFINITE && (m.maximumRecordAgeInSeconds ?? INFINITE) === INFINITE;
}

function hasBatchItemFailures(m: EventSourceMappingInfo): boolean {
  return m.functionResponseTypes.includes(REPORT_BATCH_ITEM_FAILURES);
}

function failing(m: EventSourceMappingInfo): boolean {
  return (m.lastProcessingResult ?? '').toUpperCase().startsWith('PROBLEM');
}

function show(value: unknown): string {
  return value === undefined ? 'not set' : value === INFINITE ? '-1 (infinite)' : String(value);
}

function facts(m: EventSourceMappingInfo): [string, string][] {
  return [
    ['Function', functionName(m.functionArn)],
    ['Event source', m.eventSourceArn],
    ['State', m.state ?? 'unknown'],
    ['Last processing result', m.lastProcessingResult ?? 'unknown'],
    ['Batch size', show(m.batchSize ?? DEFAULT_BATCH_SIZE)],
    ['Parallelization factor', show(m.parallelizationFactor ?? DEFAULT_PARALLELIZATION)],
    ['Bisect on error', m.bisectBatchOnFunctionError ? 'yes' : 'no'],
    ['Maximum retry attempts', show(m.maximumRetryAttempts ?? INFINITE)],
    ['Maximum record age (s)', show(m.maximumRecordAgeInSeconds ?? INFINITE)],
    ['On-failure destination', m.onFailureDestination ?? 'none'],
    ['ReportBatchItemFailures', hasBatchItemFailures(m) ? 'yes' : 'no'],
  ];
}

function fix(m: EventSourceMappingInfo, changes: MappingFieldChange[]): Fix {
  return { kind: 'updateEventSourceMapping', uuid: m.uuid, changes };
}

const retryChange = (m: EventSourceMappingInfo): MappingFieldChange => ({ field: 'MaximumRetryAttempts', from: m.maximumRetryAttempts ?? INFINITE, to: PROPOSED_RETRY_ATTEMPTS });
const bisectChange = (m: EventSourceMappingInfo): MappingFieldChange => ({ field: 'BisectBatchOnFunctionError', from: m.bisectBatchOnFunctionError ?? false, to: true });
const destinationChange = (m: EventSourceMappingInfo): MappingFieldChange => ({
  field: 'DestinationConfig.OnFailure.Destination',
  from: m.onFailureDestination ?? null,
  to: proposedFailureDestination(m.functionArn),
});

/**
 * The poison-record signature: a mapping that (1) retries forever (MaximumRetryAttempts and
 * MaximumRecordAgeInSeconds both -1), (2) does not bisect failing batches and (3) is failing now
 * (LastProcessingResult "PROBLEM: ..."), or has a shard whose iterator age grows alone. (1) and (2)
 * mean one record the function cannot process fails its whole batch again and again, and Lambda
 * never moves past it: the shard stops while the others go on, until the record expires from the
 * stream and takes everything queued behind it along. (3) is the evidence that it is happening, not
 * just possible. Each condition alone is a lint warning, not this error.
 */
function isPoisoned(m: EventSourceMappingInfo, growing: readonly string[]): boolean {
  return retriesForever(m) && !m.bisectBatchOnFunctionError && (failing(m) || growing.length > 0);
}

/** Findings for the mappings reading the stream, in mapping order; no mapping, no finding. */
export function analyzeLambdaMappings(mappings: readonly EventSourceMappingInfo[], options: LambdaAnalysisOptions): Finding[] {
  const findings: Finding[] = [];
  const growing = options.growingIteratorAgeShards ?? [];
  for (const m of mappings) {
    const subject = { stream: options.stream, consumer: m.uuid };
    const evidence = { facts: facts(m) };
    const name = functionName(m.functionArn);
    const poisoned = isPoisoned(m, growing);
    if (poisoned) {
      const changes = [retryChange(m), bisectChange(m), ...(m.onFailureDestination ? [] : [destinationChange(m)])];
      findings.push({
        code: 'lambda-poison-record',
        severity: 'error',
        title: `${name} looks blocked by a poison record${growing.length ? ` on ${growing.join(', ')}` : ''}`,
        subject: growing.length === 1 ? { ...subject, shardId: growing[0] } : subject,
        explanation:
          'The mapping is failing, retries forever and does not bisect: a record the function cannot process fails its whole batch again and again, so its shard makes no progress until the record expires and takes the records behind it with it.',
        evidence: { facts: [...facts(m), ...(growing.length ? [['Shards with growing iterator age', growing.join(', ')] as [string, string]] : [])] },
        fix: fix(m, changes),
      });
    } else {
      if (retriesForever(m)) {
        findings.push({
          code: 'lambda-infinite-retries',
          severity: 'warning',
          title: `${name} retries a failing batch until its records expire`,
          subject,
          explanation: `Maximum retry attempts and maximum record age are both unlimited: one bad record stops its shard for up to the stream's retention. Bound the retries so Lambda moves on${m.onFailureDestination ? '' : ' (with an on-failure destination, nothing is lost)'}.`,
          evidence,
          fix: fix(m, [retryChange(m)]),
        });
      }
      if (!m.bisectBatchOnFunctionError) {
        findings.push({
          code: 'lambda-no-bisect',
          severity: hasBatchItemFailures(m) ? 'info' : 'warning',
          title: `${name} does not split a failing batch`,
          subject,
          explanation: hasBatchItemFailures(m)
            ? 'ReportBatchItemFailures already retries from the failed record; bisecting also isolates it when the function throws instead of reporting.'
            : 'Without bisecting, a single bad record fails and retries the whole batch; bisecting halves the batch on each error until the bad record is isolated.',
          evidence,
          fix: fix(m, [bisectChange(m)]),
        });
      }
    }
    // A poisoned mapping's fix already adds the destination.
    if (!m.onFailureDestination && !poisoned) {
      findings.push({
        code: 'lambda-no-on-failure-destination',
        severity: 'warning',
        title: `${name} has no on-failure destination`,
        subject,
        explanation: `When retries or record age run out, Lambda skips the batch and it is gone. With an on-failure destination (SQS or SNS) Lambda sends the batch's shard and sequence range there to replay it. The proposed queue ${proposedFailureDestination(m.functionArn)} must exist first.`,
        evidence,
        fix: fix(m, [destinationChange(m)]),
      });
    }
    if (!hasBatchItemFailures(m)) {
      findings.push({
        code: 'lambda-no-batch-item-failures',
        severity: 'info',
        title: `${name} does not report partial batch failures`,
        subject,
        explanation:
          'With ReportBatchItemFailures the function returns the sequence number of the first failed record and Lambda retries from there, instead of re-processing the records that succeeded. The function must return { batchItemFailures: [{ itemIdentifier }] } for it to take effect.',
        evidence,
        fix: fix(m, [{ field: 'FunctionResponseTypes', from: [...m.functionResponseTypes], to: [...m.functionResponseTypes, REPORT_BATCH_ITEM_FAILURES] }]),
      });
    }
    const batchSize = batchSizeFinding(m, options.busiestShardRecordsPerSecond ?? 0, subject);
    if (batchSize) findings.push(batchSize);
  }
  return findings;
}

/**
 * Each shard runs at most ParallelizationFactor invocations at a time, each with at most BatchSize
 * records. When the busiest shard takes in more records per second than one round of those carries,
 * the mapping keeps up only if every invocation finishes in under a second; otherwise its iterator age
 * grows. The fix sizes batches (then parallelization) for twice the observed rate.
 */
function batchSizeFinding(m: EventSourceMappingInfo, peak: number, subject: Finding['subject']): Finding | undefined {
  const batchSize = m.batchSize ?? DEFAULT_BATCH_SIZE;
  const parallelization = m.parallelizationFactor ?? DEFAULT_PARALLELIZATION;
  const perRound = batchSize * parallelization;
  if (peak <= perRound) return undefined;
  const wanted = Math.ceil(2 * peak);
  const changes: MappingFieldChange[] = [];
  const newBatch = Math.min(MAX_BATCH_SIZE, Math.ceil(wanted / parallelization));
  if (newBatch > batchSize) changes.push({ field: 'BatchSize', from: batchSize, to: newBatch });
  if (newBatch * parallelization < wanted && parallelization < MAX_PARALLELIZATION) {
    changes.push({ field: 'ParallelizationFactor', from: parallelization, to: Math.min(MAX_PARALLELIZATION, Math.ceil(wanted / newBatch)) });
  }
  const seconds = perRound / peak;
  return {
    code: 'lambda-batch-size',
    severity: 'warning',
    title: `${functionName(m.functionArn)}'s batches are small for the busiest shard`,
    subject,
    explanation: `The busiest shard takes in ${peak.toFixed(1)} records/s, but one round of invocations carries ${perRound} (batch size ${batchSize} × parallelization ${parallelization}): the mapping keeps up only while each invocation takes under ${seconds.toFixed(2)} s.`,
    evidence: { facts: [...facts(m), ['Busiest shard (records/s)', peak.toFixed(1)]] },
    ...(changes.length ? { fix: fix(m, changes) } : {}),
  };
}

/**
 * Lists the mappings of the stream and of each of its enhanced fan-out consumers (Lambda filters on
 * the exact EventSourceArn) and lints them.
 */
export async function diagnoseLambdaMappings(
  source: LambdaMappingSource,
  input: { readonly stream: string; readonly streamArn?: string; readonly consumerArns: readonly string[]; readonly busiestShardRecordsPerSecond: number; readonly signal?: AbortSignal },
): Promise<Finding[]> {
  const arns = [...(input.streamArn ? [input.streamArn] : []), ...input.consumerArns];
  const mappings: EventSourceMappingInfo[] = [];
  for (const arn of arns) {
    try {
      mappings.push(...(await source.listMappings(arn, { signal: input.signal })));
    } catch (error) {
      // Say which check failed: a missing lambda:ListEventSourceMappings permission is the usual cause.
      throw new Error(`Listing the Lambda event source mappings of ${arn} failed: ${errorMessage(error)}`, { cause: error });
    }
  }
  return analyzeLambdaMappings(mappings, { stream: input.stream, busiestShardRecordsPerSecond: input.busiestShardRecordsPerSecond });
}
