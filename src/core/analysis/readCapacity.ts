/**
 * Read-side capacity of one stream. Polling (shared-throughput) consumers share 2 MB/s and 5
 * GetRecords calls/s per shard; each enhanced fan-out (EFO) consumer gets its own 2 MB/s per shard
 * pushed over SubscribeToShard (~70 ms) and a stream takes at most 20 of them. The seed adds its own
 * rule: three or more consumers means enhanced fan-out. Firehose reads by polling and cannot be
 * switched, so it always stays on shared throughput.
 */
import { formatNumber } from './format';
import { MB, SHARED_THROUGHPUT_MIN_LATENCY_MS } from './limits';

export const SHARD_READ_BYTES_PER_SECOND = 2 * MB;
export const SHARD_GET_RECORDS_PER_SECOND = 5;
/** Lambda and the KCL each poll every shard about once a second. */
export const POLLS_PER_CONSUMER_PER_SECOND = 1;
export const MAX_ENHANCED_FAN_OUT_CONSUMERS = 20;
/** The seed's rule of thumb. */
export const SEED_FAN_OUT_CONSUMER_COUNT = 3;

export type ConsumerType = 'lambda' | 'kcl' | 'flink' | 'firehose' | 'other';

export interface ReadConsumer {
  readonly name: string;
  readonly type: ConsumerType;
  readonly enhancedFanOut: boolean;
}

export type ReadFindingCode = 'enhancedFanOutRecommended' | 'sharedThroughputExceeded' | 'getRecordsExceeded' | 'enhancedFanOutLimit';

export interface ReadFinding {
  readonly code: ReadFindingCode;
  /** Which rule fired: per-shard bytes, GetRecords calls, latency, the seed's consumer count, or the EFO limit. */
  readonly basis: 'throughput' | 'getRecords' | 'latency' | 'consumerCount' | 'limit';
  readonly message: string;
}

export interface ReadAssessment {
  readonly consumers: readonly ReadConsumer[];
  readonly sharedThroughput: number;
  readonly enhancedFanOut: number;
  /** Peak bytes/s each shard serves to each reader, assuming keys spread evenly. */
  readonly perShardPeakBytes?: number;
  /** Consumer names the rules move to enhanced fan-out (not already on it). */
  readonly switchToEnhancedFanOut: readonly string[];
  /** EFO and shared counts once the switches are applied. */
  readonly advised: { readonly enhancedFanOut: number; readonly sharedThroughput: number };
  readonly findings: readonly ReadFinding[];
}

const TYPE_PATTERNS: readonly [ConsumerType, RegExp][] = [
  ['firehose', /firehose|s3 archiv|archival|delivery stream/i],
  ['flink', /flink|kinesis (data )?analytics|managed service for apache/i],
  ['lambda', /lambda/i],
  ['kcl', /\bkcl\b|client library|\bec2\b|\becs\b|\beks\b|fargate|container|application|spark|worker/i],
];

export function consumerType(name: string): ConsumerType {
  return TYPE_PATTERNS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'other';
}

export const CONSUMER_TYPE_LABELS: Readonly<Record<ConsumerType, string>> = {
  lambda: 'Lambda',
  kcl: 'KCL / EC2 application',
  flink: 'Flink (Kinesis Analytics)',
  firehose: 'Firehose',
  other: 'other',
};

export interface ReadInput {
  readonly consumers: readonly ReadConsumer[];
  readonly shards?: number;
  readonly peakBytesPerSecond?: number;
  /** The tightest latency any requirement on the stream states. */
  readonly minLatencyMs?: number;
}

export function assessReadCapacity(input: ReadInput): ReadAssessment {
  const { consumers, shards } = input;
  const findings: ReadFinding[] = [];
  const efo = consumers.filter((c) => c.enhancedFanOut);
  const shared = consumers.filter((c) => !c.enhancedFanOut);
  const switchable = shared.filter((c) => c.type !== 'firehose');
  const perShard = shards !== undefined && input.peakBytesPerSecond !== undefined ? input.peakBytesPerSecond / shards : undefined;
  const toSwitch = new Set<string>();
  const switchFirst = (count: number) => {
    for (const c of switchable) {
      if (count <= 0) break;
      if (!toSwitch.has(c.name)) {
        toSwitch.add(c.name);
        count--;
      }
    }
  };

  if (perShard !== undefined && shared.length * perShard > SHARD_READ_BYTES_PER_SECOND * (1 + 1e-12)) {
    const fits = Math.max(0, Math.floor((SHARD_READ_BYTES_PER_SECOND / perShard) * (1 + 1e-12)));
    findings.push({
      code: 'sharedThroughputExceeded',
      basis: 'throughput',
      message: `${shared.length} shared-throughput consumers × ${formatNumber(perShard / MB, 3)} MB/s per shard at peak = ${formatNumber((shared.length * perShard) / MB, 3)} MB/s, above the 2 MB/s per shard they share (${fits} fit). Enhanced fan-out gives each consumer its own 2 MB/s per shard.`,
    });
    switchFirst(shared.length - fits);
  }
  const polls = shared.length * POLLS_PER_CONSUMER_PER_SECOND;
  if (polls > SHARD_GET_RECORDS_PER_SECOND) {
    findings.push({
      code: 'getRecordsExceeded',
      basis: 'getRecords',
      message: `${shared.length} polling consumers × ${POLLS_PER_CONSUMER_PER_SECOND} GetRecords call/s per shard = ${polls} calls/s, above the ${SHARD_GET_RECORDS_PER_SECOND} per shard they share: reads get throttled and lag grows.`,
    });
    switchFirst(shared.length - SHARD_GET_RECORDS_PER_SECOND - toSwitch.size);
  }
  if (input.minLatencyMs !== undefined && input.minLatencyMs < SHARED_THROUGHPUT_MIN_LATENCY_MS && efo.length === 0 && consumers.length > 0) {
    findings.push({
      code: 'enhancedFanOutRecommended',
      basis: 'latency',
      message: `${formatNumber(input.minLatencyMs)} ms latency is below what polling consumers deliver (about ${SHARED_THROUGHPUT_MIN_LATENCY_MS} ms or more): the latency-critical consumer needs enhanced fan-out (~70 ms).`,
    });
    if (toSwitch.size === 0) switchFirst(1);
  }
  if (consumers.length >= SEED_FAN_OUT_CONSUMER_COUNT && switchable.length > 0) {
    findings.push({
      code: 'enhancedFanOutRecommended',
      basis: 'consumerCount',
      message: `${consumers.length} consumers read this stream (${SEED_FAN_OUT_CONSUMER_COUNT} or more): use enhanced fan-out so each gets its own 2 MB/s per shard and ~70 ms delivery${consumers.some((c) => c.type === 'firehose') ? ' (Firehose keeps polling: it cannot use enhanced fan-out)' : ''}.`,
    });
    switchFirst(switchable.length);
  }

  // Never advise past the per-stream limit.
  const room = Math.max(0, MAX_ENHANCED_FAN_OUT_CONSUMERS - efo.length);
  const switches = [...toSwitch].slice(0, room);
  if (efo.length > MAX_ENHANCED_FAN_OUT_CONSUMERS || efo.length + toSwitch.size > MAX_ENHANCED_FAN_OUT_CONSUMERS) {
    findings.push({
      code: 'enhancedFanOutLimit',
      basis: 'limit',
      message: `${efo.length + toSwitch.size} enhanced fan-out consumers would be needed, above the ${MAX_ENHANCED_FAN_OUT_CONSUMERS} a stream allows: split the consumers over two streams or fan out through one consumer.`,
    });
  }
  return {
    consumers,
    sharedThroughput: shared.length,
    enhancedFanOut: efo.length,
    perShardPeakBytes: perShard,
    switchToEnhancedFanOut: switches,
    advised: { enhancedFanOut: efo.length + switches.length, sharedThroughput: shared.length - switches.length },
    findings,
  };
}
