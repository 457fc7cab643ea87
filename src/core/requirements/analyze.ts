/**
 * Joins the model to the pure analysis functions: capacity, cost and partition-key assessment per
 * requirement and per stream. Diagnostics, hovers, lenses, the CLI and the architecture document all
 * read this one result, so they can never disagree about a number.
 */
import { estimateCapacity, estimateStreamCapacity, type CapacityEstimate } from '../analysis/capacity';
import { getPriceTable, type CostEstimate, type PriceTable, type StreamCostSettings, type TrafficClass } from '../analysis/cost';
import { chooseCapacityMode, type ModeChoice } from '../analysis/modeChoice';
import { adviseProducer, type ProducerFinding } from '../analysis/producerAdvice';
import { assessReadCapacity, consumerType, type ReadAssessment, type ReadConsumer } from '../analysis/readCapacity';
import { classifyPartitionKey, estimateHottestShardShare, type PartitionKeyAssessment, type ShardShareEstimate } from '../analysis/hotShards';
import { MAX_RETENTION_HOURS, RAISED_MAX_RECORD_BYTES } from '../analysis/limits';
import type { PartitionKeyMention, PlannedShardCount, Requirement, RequirementDocument } from './model';
import { resolveRequirementsOptions, type RequirementsOptions } from './options';
import { statesEnhancedFanOut } from './parser';

/** How the document's consumers read: enhanced fan-out ones cost extra and get ~70 ms latency. */
export interface ConsumerSummary {
  readonly names: readonly string[];
  readonly enhancedFanOut: number;
  readonly sharedThroughput: number;
  /** True when the document commits to enhanced fan-out anywhere. */
  readonly usesEnhancedFanOut: boolean;
}

/** The partition key that applies to a requirement and what it implies. */
export interface PartitionKeyAnalysis {
  readonly mention: PartitionKeyMention;
  readonly assessment: PartitionKeyAssessment;
  /** For a constant key: all traffic on one shard. */
  readonly hottestShard?: ShardShareEstimate;
}

/**
 * One requirement row with its capacity (peak), cost and partition-key verdict. `cost` is the
 * auto-scaled (average-sized) estimate, the seed's rule; `modeChoice` holds all three labelled
 * options (fixed at peak, auto-scaled, on-demand) and the recommendation, which `capacity`'s
 * `recommendedMode`/`modeReason` repeat so every reader shows the same mode.
 */
export interface RequirementAnalysis {
  readonly requirement: Requirement;
  readonly streamName: string;
  readonly capacity: CapacityEstimate;
  readonly cost: CostEstimate;
  readonly modeChoice: ModeChoice;
  readonly read: ReadAssessment;
  readonly producer: readonly ProducerFinding[];
  readonly partitionKey?: PartitionKeyAnalysis;
  /** Why Kinesis Data Streams alone cannot meet it (then the architecture proposes an alternative). */
  readonly beyondKinesis: readonly string[];
}

/** A stream: one requirement, or several sharing a Stream column value, sized and priced together. */
export interface StreamAnalysis {
  readonly name: string;
  readonly requirementIndexes: readonly number[];
  readonly capacity: CapacityEstimate;
  readonly cost: CostEstimate;
  readonly modeChoice: ModeChoice;
  readonly read: ReadAssessment;
  readonly retentionHours?: number;
  /** The shard count the Stream Configuration bullet plans for this stream, if any. */
  readonly plannedShards?: PlannedShardCount;
}

/** Everything the engine computes for one document. */
export interface DocumentAnalysis {
  readonly model: RequirementDocument;
  readonly options: RequirementsOptions;
  readonly priceTable: PriceTable;
  readonly consumers: ConsumerSummary;
  readonly requirements: readonly RequirementAnalysis[];
  readonly streams: readonly StreamAnalysis[];
  /** An unnamed planned shard count when it covers more than one stream (compared to the total). */
  readonly plannedTotalShards?: PlannedShardCount;
  readonly totals: {
    readonly requiredShards?: number;
    /** Auto-scaled: shards sized for the average (the seed's cost rule). */
    readonly provisionedMonthly?: number;
    readonly fixedAtPeakMonthly?: number;
    readonly onDemandMonthly?: number;
    /** Each stream at its recommended option. */
    readonly recommendedMonthly?: number;
    /** False when any figure above is a lower bound or missing. */
    readonly complete: boolean;
  };
}

export function analyzeRequirementDocument(model: RequirementDocument, options: Partial<RequirementsOptions> = {}): DocumentAnalysis {
  const resolved = resolveRequirementsOptions(options);
  const priceTable = getPriceTable(resolved.priceTable);
  const consumers = summariseConsumers(model);
  const streamNames = assignStreamNames(model.requirements);
  const documentConsumers: ReadConsumer[] = model.consumers.map((c) => ({ name: c.name, type: consumerType(c.name), enhancedFanOut: c.enhancedFanOut || (consumers.enhancedFanOut > 0 && !model.consumers.some((m) => m.enhancedFanOut)) }));
  const applyAdvice = resolved.applyReadAdvice;
  const price = (capacity: CapacityEstimate, traffic: TrafficClass[], retentionHours: number | undefined, read: ReadAssessment) => {
    const counts = applyAdvice ? read.advised : { enhancedFanOut: read.enhancedFanOut, sharedThroughput: read.sharedThroughput };
    const settings: StreamCostSettings = {
      retentionHours,
      enhancedFanOutConsumers: read.consumers.length > 0 ? counts.enhancedFanOut : consumers.enhancedFanOut,
      sharedThroughputConsumers: read.consumers.length > 0 ? counts.sharedThroughput : undefined,
    };
    const modeChoice = chooseCapacityMode(capacity, traffic, settings, priceTable);
    return { cost: modeChoice.options.autoScaled.cost, modeChoice, capacity: withModeChoice(capacity, modeChoice), settings };
  };

  const requirements = model.requirements.map((requirement, i): RequirementAnalysis => {
    const profile = trafficOf(requirement);
    const baseCapacity = estimateCapacity(profile);
    const read = assessReadCapacity({
      consumers: consumersOf([requirement], documentConsumers),
      shards: baseCapacity.shards,
      peakBytesPerSecond: baseCapacity.peakBytesPerSecond,
      minLatencyMs: requirement.latencyMs,
    });
    const { cost, modeChoice, capacity, settings } = price(baseCapacity, [profile], requirement.retentionHours, read);
    return {
      requirement,
      streamName: streamNames[i],
      capacity,
      cost,
      modeChoice,
      read,
      producer: adviseProducer({ ...profile, ...settings }, priceTable),
      partitionKey: analysePartitionKey(requirement.partitionKey ?? model.partitionKeyDesign, capacity),
      beyondKinesis: limitsExceeded(requirement),
    };
  });

  const streams = groupStreams(requirements).map(([name, members]): StreamAnalysis => {
    const retentions = members.map((m) => m.requirement.retentionHours).filter((h): h is number => h !== undefined);
    const retentionHours = retentions.length > 0 ? Math.max(...retentions) : undefined;
    if (members.length === 1) {
      const [only] = members;
      return { name, requirementIndexes: [only.requirement.index], capacity: only.capacity, cost: only.cost, modeChoice: only.modeChoice, read: only.read, retentionHours };
    }
    const traffic = members.map((m) => trafficOf(m.requirement));
    const baseCapacity = estimateStreamCapacity(traffic);
    const latencies = members.map((m) => m.requirement.latencyMs).filter((l): l is number => l !== undefined);
    const read = assessReadCapacity({
      consumers: consumersOf(members.map((m) => m.requirement), documentConsumers),
      shards: baseCapacity.shards,
      peakBytesPerSecond: baseCapacity.peakBytesPerSecond,
      minLatencyMs: latencies.length > 0 ? Math.min(...latencies) : undefined,
    });
    const { cost, modeChoice, capacity } = price(baseCapacity, traffic, retentionHours, read);
    return { name, requirementIndexes: members.map((m) => m.requirement.index), capacity, cost, modeChoice, read, retentionHours };
  });

  const planned = model.streamConfiguration?.mode === 'onDemand' ? [] : model.streamConfiguration?.plannedShards ?? [];
  const { streams: withPlans, plannedTotal } = attachPlannedShards(streams, planned);

  const totals = {
    requiredShards: allDefined(withPlans.map((s) => s.capacity.shards)),
    provisionedMonthly: allDefined(withPlans.map((s) => s.cost.provisioned.total)),
    fixedAtPeakMonthly: allDefined(withPlans.map((s) => s.modeChoice.options.fixedAtPeak.monthlyUsd)),
    onDemandMonthly: allDefined(withPlans.map((s) => s.cost.onDemand.total)),
    recommendedMonthly: allDefined(withPlans.map((s) => (s.modeChoice.recommended ? s.modeChoice.options[s.modeChoice.recommended].monthlyUsd : undefined))),
    complete: withPlans.length > 0 && withPlans.every((s) => s.cost.complete && s.capacity.shards !== undefined),
  };
  return { model, options: resolved, priceTable, consumers, requirements, streams: withPlans, plannedTotalShards: plannedTotal, totals };
}

function trafficOf(requirement: Requirement): TrafficClass & { peakRecordsPerSecond?: number; averageRecordsPerSecond?: number } {
  return {
    peakRecordsPerSecond: requirement.throughput.peakRecordsPerSecond,
    averageRecordsPerSecond: requirement.throughput.averageRecordsPerSecond,
    recordSizeBytes: requirement.recordSizeBytes,
  };
}

/** Names a row must spell out to count as a consumer of its own stream (descriptions say "web application" too). */
const ROW_CONSUMER = /lambda|flink|kinesis (data )?analytics|firehose|\bkcl\b|\bec2\b/i;

/**
 * The Data Flow consumers read every stream (the file does not say which reads which); a row that
 * names a consumer service in its processing type or description adds it to its stream unless a
 * consumer of that type is already listed.
 */
function consumersOf(rows: readonly Requirement[], documentConsumers: readonly ReadConsumer[]): ReadConsumer[] {
  const result = [...documentConsumers];
  for (const row of rows) {
    for (const text of [row.processingType, row.description]) {
      if (!text || !ROW_CONSUMER.test(text)) continue;
      const type = consumerType(text);
      if (result.some((c) => c.type === type)) continue;
      result.push({ name: text, type, enhancedFanOut: statesEnhancedFanOut(text) });
    }
  }
  return result;
}

/** The capacity estimate with its mode taken from the cost-based choice, so no reader can disagree. */
function withModeChoice(capacity: CapacityEstimate, choice: ModeChoice): CapacityEstimate {
  let steps: string[] | undefined;
  return {
    shards: capacity.shards,
    shardsByRecords: capacity.shardsByRecords,
    shardsByVolume: capacity.shardsByVolume,
    peakRecordsPerSecond: capacity.peakRecordsPerSecond,
    peakBytesPerSecond: capacity.peakBytesPerSecond,
    averageRecordsPerSecond: capacity.averageRecordsPerSecond,
    burstRatio: capacity.burstRatio,
    recommendedMode: choice.capacityMode,
    modeReason: choice.reason,
    get steps() {
      steps ??= [
        ...capacity.steps.filter((s) => !s.startsWith('Capacity mode:')),
        `Capacity mode: ${choice.capacityMode === 'onDemand' ? 'on-demand' : 'provisioned'}. ${choice.reason}`,
      ];
      return steps;
    },
    missing: capacity.missing,
  };
}

function summariseConsumers(model: RequirementDocument): ConsumerSummary {
  const names = model.consumers.map((c) => c.name);
  let enhancedFanOut = model.consumers.filter((c) => c.enhancedFanOut).length;
  const pattern = model.designConsiderations.find((i) => /consumer/i.test(i.label));
  const statedInDesign = pattern !== undefined && statesEnhancedFanOut(pattern.value);
  // "Consumer Patterns: enhanced fan-out" without naming which consumer: all of them (at least one).
  if (enhancedFanOut === 0 && statedInDesign) enhancedFanOut = Math.max(1, names.length);
  return {
    names,
    enhancedFanOut,
    sharedThroughput: Math.max(0, names.length - enhancedFanOut),
    usesEnhancedFanOut: enhancedFanOut > 0,
  };
}

function analysePartitionKey(mention: PartitionKeyMention | undefined, capacity: CapacityEstimate): PartitionKeyAnalysis | undefined {
  if (!mention) return undefined;
  const assessment = classifyPartitionKey(mention.text);
  const hottestShard =
    assessment.pattern === 'static'
      ? estimateHottestShardShare({ shardCount: capacity.shards ?? capacity.shardsByRecords ?? 1, distinctKeys: 1, topKeyShare: 1 })
      : undefined;
  return { mention, assessment, hottestShard };
}

function limitsExceeded(requirement: Requirement): string[] {
  const reasons: string[] = [];
  if (requirement.retentionHours !== undefined && requirement.retentionHours > MAX_RETENTION_HOURS) {
    reasons.push(`retention of ${requirement.fields.retention?.text ?? requirement.retentionHours + ' h'} exceeds the 8,760 h (365 days) maximum`);
  }
  if (requirement.recordSizeBytes !== undefined && requirement.recordSizeBytes > RAISED_MAX_RECORD_BYTES) {
    reasons.push('records exceed the 10 MiB maximum record size');
  }
  return reasons;
}

/** Stream names: the Stream column when given, else one stream per requirement named after its description. */
function assignStreamNames(requirements: readonly Requirement[]): string[] {
  const used = new Set<string>();
  return requirements.map((r) => {
    if (r.stream) return sanitiseStreamName(r.stream);
    let name = deriveStreamName(r);
    if (used.has(name)) name = `${name}${sanitiseStreamName(r.label)}`;
    used.add(name);
    return name;
  });
}

const LEADING_VERBS = /^(ingest|ingesting|process|processing|archive|archiving|capture|collect|stream|track|store|send|handle|publish|consume|receive|deliver|log|record|aggregate|analyze|analyse|monitor)\b\s*/i;

function deriveStreamName(r: Requirement): string {
  const words = (r.description ?? '')
    .replace(LEADING_VERBS, '')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !/^(the|a|an|of|for|from|and|to|with|by|on|in)$/i.test(w))
    .slice(0, 3);
  if (words.length === 0) return `Requirement${sanitiseStreamName(r.label)}`;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Kinesis stream names allow [a-zA-Z0-9_.-], 1-128 characters. */
function sanitiseStreamName(name: string): string {
  const cleaned = name.trim().replace(/\s+/g, '-').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 128);
  return cleaned || 'Stream';
}

function groupStreams(requirements: readonly RequirementAnalysis[]): [string, RequirementAnalysis[]][] {
  const groups = new Map<string, { name: string; members: RequirementAnalysis[] }>();
  for (const r of requirements) {
    const key = r.streamName.toLowerCase();
    const group = groups.get(key) ?? { name: r.streamName, members: [] };
    group.members.push(r);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => [g.name, g.members]);
}

/**
 * Matches planned counts to streams: a named count (`ClickStream: 12 shards`) to the stream of that
 * name; a single unnamed count to the only stream, or to the total when there are several.
 */
function attachPlannedShards(
  streams: StreamAnalysis[],
  planned: readonly PlannedShardCount[],
): { streams: StreamAnalysis[]; plannedTotal?: PlannedShardCount } {
  const normalise = (name: string) => name.toLowerCase().replace(/[-_.\s]/g, '').replace(/stream$/, '');
  const byName = new Map<string, PlannedShardCount>();
  let unnamed: PlannedShardCount | undefined;
  for (const p of planned) {
    if (p.streamName && streams.some((s) => normalise(s.name) === normalise(p.streamName as string))) byName.set(normalise(p.streamName), p);
    else unnamed ??= p;
  }
  const result = streams.map((s) => {
    const plannedShards = byName.get(normalise(s.name)) ?? (streams.length === 1 ? unnamed : undefined);
    return plannedShards ? { ...s, plannedShards } : s;
  });
  return { streams: result, plannedTotal: streams.length > 1 && byName.size === 0 ? unnamed : undefined };
}

function allDefined(values: readonly (number | undefined)[]): number | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  return sum(values as number[]);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
