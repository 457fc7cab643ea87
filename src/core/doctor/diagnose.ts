/**
 * The Stream Doctor's entry point: describes the stream, samples its records over the window and
 * runs every analyser that has what it needs (producer side always; consumers, Lambda mappings,
 * KCL lease tables and CloudWatch metrics when their sources are given). vscode-free: the CLI, the
 * report and the tests call this.
 */
import type { PriceTableId } from '../analysis/cost';
import { registerConsumerUntilActive } from '../kinesis/consumers';
import type { ConnectionTarget, ConsumerInfo, KinesisGateway, ShardInfo, StreamDetails } from '../kinesis/gateway';
import { nullLogger, type ILogger } from '../logging';
import { metricPeriodSeconds, sumOf, type DoctorMetricsSource } from './cloudwatch';
import { withCloudWatchEvidence } from './cloudwatchFindings';
import { analyzeConsumers } from './consumers';
import { sortFindings, type Finding } from './findings';
import { diagnoseKclLeases, gatewayNewerRecordProbe, type KclLeaseSource, type KclRequest } from './kcl';
import { diagnoseLambdaMappings, type LambdaMappingSource } from './lambda';
import { analyzeIteratorAge } from './iteratorAge';
import { analyzeReadContention } from './readContention';
import { analyzeProducer, shardFigures, windowSeconds, type ShardFigures } from './producer';
import type { ProducerSample } from './producerSample';
import { sampleStream, type SampleProgress, type SampleStart, type SamplerDeps } from './sampler';

export interface DiagnoseRequest {
  readonly target: ConnectionTarget;
  readonly stream: string;
  readonly start?: SampleStart;
  readonly windowMs?: number;
  readonly callsPerSecond?: number;
  readonly maxRecordsPerShard?: number;
  readonly priceTable?: PriceTableId;
  /** The KCL application whose lease table to check (needs {@link DiagnoseSources.kcl}). */
  readonly kcl?: KclRequest;
  readonly signal?: AbortSignal;
  /** Polling applications reading the stream, for the read-contention check. */
  readonly pollingReaders?: number;
  /**
   * Sample through enhanced fan-out instead of GetRecords: an existing consumer by name, or (with
   * `temporary`) one registered for the sample and deregistered afterwards (billed per
   * consumer-shard-hour while it exists).
   */
  readonly sampleConsumer?: { readonly name: string; readonly temporary?: boolean };
  /** How far back CloudWatch metrics are read (default: the window, at least an hour, for the iterator-age slope). */
  readonly metricsLookbackMs?: number;
  readonly onProgress?: (progress: DiagnoseProgress) => void;
}

export type DiagnoseProgress = { readonly phase: 'describe' } | ({ readonly phase: 'sample' } & SampleProgress) | { readonly phase: 'consumers' } | { readonly phase: 'cloudwatch' } | { readonly phase: 'lambda' } | { readonly phase: 'kcl' };

/** Where the doctor gets what Kinesis itself does not say. Each is optional. */
export interface DiagnoseSources {
  readonly gateway: KinesisGateway;
  readonly logger?: ILogger;
  readonly sampler?: SamplerDeps;
  /** Lambda event source mappings: when given, the mappings reading the stream are linted. */
  readonly lambda?: LambdaMappingSource;
  /** KCL lease tables: used when the request names a table or application. */
  readonly kcl?: KclLeaseSource;
  /** CloudWatch: shard-level evidence, read contention, iterator age, consumer lag and idle consumers. */
  readonly metrics?: DoctorMetricsSource;
}

/** What the report, the CLI and the explorer show. */
export interface DoctorReport {
  readonly stream: string;
  readonly region: string;
  readonly details: StreamDetails;
  readonly shards: readonly ShardInfo[];
  readonly consumers: readonly ConsumerInfo[];
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  readonly windowSeconds: number;
  readonly sampledRecords: number;
  readonly sampledBytes: number;
  readonly distinctKeys: number;
  readonly truncated: boolean;
  readonly getRecordsCalls: number;
  readonly readThrottles: number;
  readonly shardLoads: readonly ShardFigures[];
  /** Sorted by severity, errors first. */
  readonly findings: readonly Finding[];
}

export async function diagnoseStream(sources: DiagnoseSources, request: DiagnoseRequest): Promise<DoctorReport> {
  const logger = sources.logger ?? nullLogger;
  const { gateway } = sources;
  const options = { signal: request.signal };
  request.onProgress?.({ phase: 'describe' });
  const details = await gateway.describeStream(request.target, request.stream, options);
  const shards = await gateway.listShards(request.target, request.stream, options);
  const consumers = details.arn ? await gateway.listConsumers(request.target, details.arn, options) : [];
  const sampleWith = (consumerArn: string | undefined) => sampleStream(gateway, shards, {
    consumerArn,
    target: request.target,
    stream: request.stream,
    start: request.start,
    windowMs: request.windowMs,
    callsPerSecond: request.callsPerSecond,
    maxRecordsPerShard: request.maxRecordsPerShard,
    signal: request.signal,
    onProgress: (p) => request.onProgress?.({ phase: 'sample', ...p }),
  }, { logger, ...sources.sampler });
  const via = request.sampleConsumer && details.arn
    ? await sampleConsumerArn(gateway, request.target, details.arn, consumers, request.sampleConsumer, logger, request.signal)
    : undefined;
  if (request.sampleConsumer && !details.arn) throw new Error(`Stream "${request.stream}" has no ARN to register a consumer on.`);
  let sample: ProducerSample;
  try {
    sample = await sampleWith(via?.arn);
  } finally {
    if (via?.registered) await gateway.deregisterConsumer(request.target, details.arn!, request.sampleConsumer!.name).catch((error: unknown) => logger.warn(`could not deregister the doctor's consumer: ${String(error)}`));
  }
  const producerFindings = analyzeProducer(sample, { details, priceTable: request.priceTable, enhancedFanOutConsumers: consumers.length });
  const findings = await withConsumerSide(sources.metrics, request, { details, shards, consumers, sample }, producerFindings);
  if (sources.lambda) {
    request.onProgress?.({ phase: 'lambda' });
    const busiestShardRecordsPerSecond = Math.max(0, ...shardFigures(sample).map((f) => f.meanRecordsPerSecond));
    findings.push(...(await diagnoseLambdaMappings(sources.lambda, { stream: request.stream, streamArn: details.arn, consumerArns: consumers.map((c) => c.arn), busiestShardRecordsPerSecond, signal: request.signal })));
  }
  if (sources.kcl && request.kcl) {
    request.onProgress?.({ phase: 'kcl' });
    const latestSequenceByShard = new Map(sample.shards.flatMap((s) => (s.lastSequenceNumber ? [[s.shard.shardId, s.lastSequenceNumber] as const] : [])));
    findings.push(...(await diagnoseKclLeases(sources.kcl, request.kcl, { stream: request.stream, shards, latestSequenceByShard, probe: gatewayNewerRecordProbe(gateway, request.target, request.stream), signal: request.signal })));
  }
  return buildReport(request, details, shards, consumers, sample, findings);
}

/** The producer findings (with CloudWatch evidence when there is a metrics source) and the consumer side's. */
async function withConsumerSide(
  metrics: DoctorMetricsSource | undefined,
  request: DiagnoseRequest,
  { details, shards, consumers, sample }: { details: StreamDetails; shards: readonly ShardInfo[]; consumers: readonly ConsumerInfo[]; sample: ProducerSample },
  producerFindings: readonly Finding[],
): Promise<Finding[]> {
  const stream = request.stream;
  const contention = { stream, openShards: details.openShardCount, pollingReaders: request.pollingReaders, sampleThrottles: sample.readThrottles, enhancedFanOutConsumers: consumers.length };
  if (!metrics) return [...producerFindings, ...analyzeReadContention(contention)];
  request.onProgress?.({ phase: 'cloudwatch' });
  const endMs = sample.windowEndMs;
  const startMs = endMs - Math.max(request.metricsLookbackMs ?? 3_600_000, sample.windowEndMs - sample.windowStartMs);
  const periodSeconds = metricPeriodSeconds(startMs, endMs);
  const shardMetricsOn = details.enhancedMonitoring.length > 0;
  const data = await metrics.streamMetrics({
    target: request.target, stream, startMs, endMs, periodSeconds, signal: request.signal,
    shardIds: shardMetricsOn ? shards.filter((s) => s.endingSequenceNumber === undefined).map((s) => s.shardId) : [],
    consumerNames: consumers.map((c) => c.name),
  });
  const observedSeconds = data.getRecordsCalls.length * periodSeconds;
  return [
    ...withCloudWatchEvidence(stream, producerFindings, data),
    ...analyzeReadContention({ ...contention, observedCalls: sumOf(data.getRecordsCalls), observedSeconds, readThrottles: sumOf(data.readThrottled) }),
    ...analyzeIteratorAge({ subject: { stream }, readerLabel: 'Polling readers', metricName: 'GetRecords.IteratorAgeMilliseconds', points: data.iteratorAgeMs, retentionHours: details.retentionHours }),
    ...analyzeConsumers({ stream, details, consumers, metrics: data.consumers, windowMinutes: (endMs - startMs) / 60_000, priceTable: request.priceTable }),
  ];
}

function buildReport(
  request: DiagnoseRequest,
  details: StreamDetails,
  shards: readonly ShardInfo[],
  consumers: readonly ConsumerInfo[],
  sample: ProducerSample,
  findings: readonly Finding[],
): DoctorReport {
  return {
    stream: request.stream,
    region: request.target.region,
    details,
    shards,
    consumers,
    windowStartMs: sample.windowStartMs,
    windowEndMs: sample.windowEndMs,
    windowSeconds: windowSeconds(sample),
    sampledRecords: sample.records,
    sampledBytes: sample.bytes,
    distinctKeys: sample.records > 0 ? sample.distinctKeys.estimate() : 0,
    truncated: sample.truncated,
    getRecordsCalls: sample.getRecordsCalls,
    readThrottles: sample.readThrottles,
    shardLoads: shardFigures(sample),
    findings: sortFindings(findings),
  };
}

/**
 * The ARN of the consumer to sample through: an existing ACTIVE one by name, or a new one registered
 * (and waited for until ACTIVE) when `temporary` is set.
 */
async function sampleConsumerArn(
  gateway: KinesisGateway,
  target: ConnectionTarget,
  streamArn: string,
  consumers: readonly ConsumerInfo[],
  wanted: { readonly name: string; readonly temporary?: boolean },
  logger: ILogger,
  signal?: AbortSignal,
): Promise<{ arn: string; registered: boolean }> {
  const existing = consumers.find((c) => c.name === wanted.name);
  if (!wanted.temporary) {
    if (!existing) throw new Error(`The stream has no enhanced fan-out consumer named "${wanted.name}" (registered: ${consumers.map((c) => c.name).join(', ') || 'none'}).`);
    if (existing.status !== 'ACTIVE') throw new Error(`Consumer "${wanted.name}" is ${existing.status}, not ACTIVE.`);
    return { arn: existing.arn, registered: false };
  }
  if (existing) throw new Error(`A consumer named "${wanted.name}" already exists; pick another name for the temporary one.`);
  // Nothing the doctor registered may outlive a failed run: it is billed while it exists.
  const consumer = await registerConsumerUntilActive(gateway, target, streamArn, wanted.name, {
    signal,
    onDeregistered: (error) => error !== undefined && logger.warn(`could not deregister the doctor's consumer "${wanted.name}": ${String(error)}`),
  });
  return { arn: consumer.arn, registered: true };
}
