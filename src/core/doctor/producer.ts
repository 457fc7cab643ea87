/**
 * Producer-side diagnosis of a sampled window: a hot key, a hot shard (uneven ranges or a dense key
 * region), short bursts, write limits, utilisation, capacity mode and the shard-level metrics
 * setting. Pure: the sample and the stream's description in, findings out.
 */
import { estimateStreamMonthlyCost, PRICE_TABLES, type PriceTableId } from '../analysis/cost';
import { formatBytes, formatNumber, formatUsd } from '../analysis/format';
import { SHARD_WRITE_BYTES_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from '../analysis/limits';
import type { StreamDetails } from '../kinesis/gateway';
import { adjacentPairs, keyspaceShare } from '../kinesis/shards';
import type { Finding, FindingEvidence } from './findings';
import type { ProducerSample, ShardLoad } from './producerSample';
import { DOCTOR_SHARD_METRICS, enabledShardMetrics, shardMetricsMonthlyUsd } from './shardMetrics';
import { planWeightedMedianSplit } from './split';

/** A shard doing this many times its even share of the stream's records is hot (and a key making it so). */
export const HOT_FACTOR = 1.5;
/** A key carrying at least this share of its shard's records is what makes the shard hot. */
export const KEY_DOMINANCE = 0.5;
/** Fewer records than this in a shard say nothing about skew. */
export const MIN_RECORDS_FOR_SKEW = 100;
/** The seed's right-sizing thresholds. */
export const UNDER_UTILIZED = 0.5;
export const OVER_UTILIZED = 0.8;
/** A second above this share of a shard's limit counts as busy; a burst is a peak ≥ 4× the mean. */
const BUSY_SHARE = 0.5;
const BURST_PEAK_OVER_MEAN = 4;
/** A burst is short when busy seconds are at most this share of the active seconds. */
const SHORT_BURST_SHARE = 0.1;
/** The other capacity mode must be this much cheaper before the doctor suggests switching. */
const MODE_SAVING = 0.2;

export interface ProducerContext {
  readonly details: StreamDetails;
  readonly priceTable?: PriceTableId;
  /** Registered enhanced fan-out consumers (for the cost comparison). */
  readonly enhancedFanOutConsumers?: number;
}

/** Per-shard figures derived from a sample. */
export interface ShardFigures {
  readonly shardId: string;
  readonly open: boolean;
  readonly records: number;
  readonly bytes: number;
  readonly shareOfStream: number;
  readonly keyspaceShare: number;
  readonly meanRecordsPerSecond: number;
  readonly meanBytesPerSecond: number;
  readonly peakRecordsPerSecond: number;
  readonly peakBytesPerSecond: number;
  /** Seconds above half the shard's record or byte limit. */
  readonly busySeconds: number;
  readonly activeSeconds: number;
  /** Records per second over the window, second by second from its start. */
  readonly series: readonly number[];
}

/** Length of the sampled window in seconds (at least 1). */
export function windowSeconds(sample: ProducerSample): number {
  return Math.max(1, Math.ceil((sample.windowEndMs - sample.windowStartMs) / 1000));
}

/** Longest series the evidence carries: longer windows are summed into this many buckets. */
const MAX_SERIES_POINTS = 300;

export function shardFigures(sample: ProducerSample): ShardFigures[] {
  const seconds = windowSeconds(sample);
  const firstSecond = Math.floor(sample.windowStartMs / 1000);
  const bucketSeconds = Math.ceil(seconds / MAX_SERIES_POINTS);
  return sample.shards.map((load) => {
    let peakRecords = 0;
    let peakBytes = 0;
    let busy = 0;
    const series = new Array<number>(Math.ceil(seconds / bucketSeconds)).fill(0);
    for (const [second, slot] of load.seconds) {
      peakRecords = Math.max(peakRecords, slot.records);
      peakBytes = Math.max(peakBytes, slot.bytes);
      if (slot.records > BUSY_SHARE * SHARD_WRITE_RECORDS_PER_SECOND || slot.bytes > BUSY_SHARE * SHARD_WRITE_BYTES_PER_SECOND) busy++;
      const index = Math.floor((second - firstSecond) / bucketSeconds);
      if (index >= 0 && index < series.length) series[index] += slot.records / bucketSeconds;
    }
    return {
      shardId: load.shard.shardId,
      open: load.open,
      records: load.records,
      bytes: load.bytes,
      shareOfStream: sample.records > 0 ? load.records / sample.records : 0,
      keyspaceShare: keyspaceShare(load.shard),
      meanRecordsPerSecond: load.records / seconds,
      meanBytesPerSecond: load.bytes / seconds,
      peakRecordsPerSecond: peakRecords,
      peakBytesPerSecond: peakBytes,
      busySeconds: busy,
      activeSeconds: load.seconds.size,
      series,
    };
  });
}

function overLimit(f: ShardFigures): boolean {
  return f.peakRecordsPerSecond >= SHARD_WRITE_RECORDS_PER_SECOND || f.peakBytesPerSecond >= SHARD_WRITE_BYTES_PER_SECOND;
}

function percent(fraction: number): string {
  return `${formatNumber(fraction * 100, 1)}%`;
}

function loadFacts(f: ShardFigures): [string, string][] {
  return [
    [`${f.shardId} records in window`, `${formatNumber(f.records)} (${percent(f.shareOfStream)} of the stream)`],
    [`${f.shardId} peak`, `${formatNumber(f.peakRecordsPerSecond)} records/s (limit ${formatNumber(SHARD_WRITE_RECORDS_PER_SECOND)}), ${formatBytes(f.peakBytesPerSecond)}/s (limit ${formatBytes(SHARD_WRITE_BYTES_PER_SECOND)})`],
    [`${f.shardId} mean`, `${formatNumber(f.meanRecordsPerSecond)} records/s, ${formatBytes(f.meanBytesPerSecond)}/s`],
  ];
}

/** Diagnoses the producers from a sample. Findings are unsorted (see sortFindings). */
export function analyzeProducer(sample: ProducerSample, context: ProducerContext): Finding[] {
  const stream = sample.stream;
  const findings: Finding[] = [];
  const figures = shardFigures(sample);
  const open = figures.filter((f) => f.open);
  const openCount = Math.max(1, open.length);
  const evenShare = 1 / openCount;
  const shardSeries = figures.filter((f) => f.records > 0).map((f) => ({ shardId: f.shardId, recordsPerSecond: f.series }));
  const top = sample.topKeys.top(10);
  const topKeys = top.map((k) => ({ partitionKey: k.key, records: k.count, share: sample.records > 0 ? k.count / sample.records : 0, shardId: k.shardId }));
  const loadEvidence = (facts: [string, string][]): FindingEvidence => ({ facts, shardSeries, topKeys });

  if (sample.records === 0) {
    findings.push({
      code: 'no-data', severity: 'info', title: 'No records in the sampled window',
      subject: { stream },
      explanation: 'The doctor read no records between the window\'s start and end, so it cannot judge keys or shard load. Choose an earlier start (e.g. TRIM_HORIZON) or a longer window while producers are writing.',
      evidence: { facts: [['Window', `${new Date(sample.windowStartMs).toISOString()} – ${new Date(sample.windowEndMs).toISOString()}`], ['GetRecords calls', formatNumber(sample.getRecordsCalls)]] },
    });
  }

  // Hot keys: a key dominating a shard that takes more than its even share.
  const hotShardIds = new Set<string>();
  for (const key of top) {
    const shard = figures.find((f) => f.shardId === key.shardId);
    if (!shard || !shard.open || shard.records < MIN_RECORDS_FOR_SKEW) continue;
    const guaranteed = key.count - key.error;
    const shareOfShard = guaranteed / shard.records;
    const shareOfStream = guaranteed / sample.records;
    const shardIsHot = openCount > 1 ? shard.shareOfStream >= HOT_FACTOR * evenShare : overLimit(shard);
    if (shareOfShard < KEY_DOMINANCE || !shardIsHot || hotShardIds.has(shard.shardId)) continue;
    hotShardIds.add(shard.shardId);
    const suffixes = Math.max(10, 2 * openCount);
    findings.push({
      code: 'hot-key',
      severity: overLimit(shard) ? 'error' : 'warning',
      title: `Hot key "${key.key}" on ${shard.shardId}`,
      subject: { stream, shardId: shard.shardId, partitionKey: key.key },
      explanation: `One partition key carries ${percent(shareOfStream)} of the stream's records. A key always hashes to the same shard, so ${shard.shardId} takes ${percent(shard.shareOfStream)} of the traffic where an even spread would give it ${percent(evenShare)}; splitting the shard cannot help, because a single key never splits.`,
      evidence: loadEvidence([
        ['Partition key', key.key],
        ['Records with this key', `${formatNumber(guaranteed)}${key.error ? ` to ${formatNumber(key.count)}` : ''} of ${formatNumber(sample.records)} (${percent(shareOfStream)})`],
        ['Share of its shard', percent(shareOfShard)],
        ['Distinct keys (estimate)', formatNumber(sample.distinctKeys.estimate())],
        ...loadFacts(shard),
      ]),
      fix: {
        kind: 'saltKey',
        partitionKey: key.key,
        suffixes,
        example: `partitionKey = ${JSON.stringify(key.key + '#')} + random(0, ${suffixes - 1})   // e.g. ${JSON.stringify(`${key.key}#7`)}`,
        tradeOff: `The key's records then spread over up to ${suffixes} hash keys, so they are no longer in one shard: their order across suffixes is lost, and a consumer that needs all of them must read every shard and regroup by the original key (keep it in the payload). Salt only this key, not every key.`,
      },
    });
  }

  // Hot shards not explained by one key: uneven ranges or a dense key region. Split at the weighted median.
  const seconds = windowSeconds(sample);
  for (const f of open) {
    if (openCount < 2 && !overLimit(f)) continue;
    if (hotShardIds.has(f.shardId) || f.records < MIN_RECORDS_FOR_SKEW) continue;
    if (openCount > 1 && f.shareOfStream < HOT_FACTOR * evenShare) continue;
    const load = sample.shards.find((s) => s.shard.shardId === f.shardId) as ShardLoad;
    const plan = planWeightedMedianSplit(load, seconds);
    hotShardIds.add(f.shardId);
    const uneven = f.keyspaceShare >= 1.25 * evenShare;
    findings.push({
      code: 'hot-shard',
      severity: overLimit(f) ? 'error' : 'warning',
      title: `Hot shard ${f.shardId}${uneven ? ': uneven hash-key ranges' : ''}`,
      subject: { stream, shardId: f.shardId },
      explanation: uneven
        ? `${f.shardId} owns ${percent(f.keyspaceShare)} of the hash-key space where an even layout gives each shard ${percent(evenShare)}, so with evenly spread keys it takes ${percent(f.shareOfStream)} of the records. Splitting it at the weighted median of its records' hash keys gives two shards with half its load each.`
        : `${f.shardId} takes ${percent(f.shareOfStream)} of the records (even share ${percent(evenShare)}) although no single key dominates it: many busy keys hash into its range. Splitting it at the weighted median of its records' hash keys halves its load.`,
      evidence: loadEvidence([
        ['Hash-key space owned', percent(f.keyspaceShare)],
        ...loadFacts(f),
        ...(load.explicitHashKeyRecords ? [['Records with explicit hash keys (not placed)', formatNumber(load.explicitHashKeyRecords)] as [string, string]] : []),
      ]),
      fix: plan ? { kind: 'splitShard', shardId: f.shardId, newStartingHashKey: plan.newStartingHashKey, preview: plan.preview } : undefined,
    });
  }

  for (const f of open) {
    if (!overLimit(f) || hotShardIds.has(f.shardId)) continue;
    findings.push({
      code: 'write-limit-exceeded', severity: 'error', title: `${f.shardId} reached its write limit`,
      subject: { stream, shardId: f.shardId },
      explanation: `In its busiest second ${f.shardId} took ${formatNumber(f.peakRecordsPerSecond)} records and ${formatBytes(f.peakBytesPerSecond)}; a shard accepts 1,000 records or 1 MB a second, and producers get ProvisionedThroughputExceededException above that.`,
      evidence: loadEvidence(loadFacts(f)),
      fix: { kind: 'advice', steps: ['Add shards (Update Shard Count), or switch the stream to on-demand.', 'Retry throttled PutRecords entries with exponential backoff and jitter.'] },
    });
  }

  // Short bursts: the mean is fine, a few seconds are not.
  for (const f of open) {
    if (f.activeSeconds === 0) continue;
    const activeMean = f.records / f.activeSeconds;
    const nearLimit = f.peakRecordsPerSecond > BUSY_SHARE * SHARD_WRITE_RECORDS_PER_SECOND || f.peakBytesPerSecond > BUSY_SHARE * SHARD_WRITE_BYTES_PER_SECOND;
    const peaky = f.peakRecordsPerSecond >= BURST_PEAK_OVER_MEAN * Math.max(f.meanRecordsPerSecond, 1e-9);
    const short = f.busySeconds <= Math.max(1, SHORT_BURST_SHARE * f.activeSeconds);
    if (!nearLimit || !peaky || !short || activeMean === 0) continue;
    findings.push({
      code: 'burst', severity: overLimit(f) ? 'warning' : 'info', title: `Short bursts on ${f.shardId}`,
      subject: { stream, shardId: f.shardId },
      explanation: `${f.shardId} averages ${formatNumber(f.meanRecordsPerSecond)} records/s but peaks at ${formatNumber(f.peakRecordsPerSecond)} in ${f.busySeconds} second(s): the shard is big enough on average and the peaks are what throttle. Smoothing the producers is cheaper than more shards.`,
      evidence: loadEvidence([...loadFacts(f), ['Seconds above half the limit', `${f.busySeconds} of ${f.activeSeconds} with records`]]),
      fix: {
        kind: 'smoothBursts',
        advice: [
          'Buffer and batch in the producer (KPL RecordMaxBufferedTime, or PutRecords batches sent at a steady pace).',
          'Retry throttled entries with exponential backoff and full jitter instead of immediately.',
          'Spread scheduled jobs that all write at the top of the minute.',
        ],
      },
    });
  }

  findings.push(...utilisationFindings(sample, figures, context));
  findings.push(...shardMetricsFindings(stream, context.details));
  return findings;
}

function utilisationFindings(sample: ProducerSample, figures: readonly ShardFigures[], context: ProducerContext): Finding[] {
  const { details } = context;
  const stream = sample.stream;
  if (sample.records === 0) return [];
  const seconds = windowSeconds(sample);
  const meanRecords = sample.records / seconds;
  const meanBytes = sample.bytes / seconds;
  const recordSize = sample.bytes / sample.records;
  const shards = Math.max(1, details.openShardCount);
  const utilisation = Math.max(meanRecords / (shards * SHARD_WRITE_RECORDS_PER_SECOND), meanBytes / (shards * SHARD_WRITE_BYTES_PER_SECOND));
  const facts: [string, string][] = [
    ['Mean write rate', `${formatNumber(meanRecords)} records/s, ${formatBytes(meanBytes)}/s over ${formatNumber(seconds)} s`],
    ['Provisioned capacity', `${shards} shard(s): ${formatNumber(shards * SHARD_WRITE_RECORDS_PER_SECOND)} records/s, ${formatBytes(shards * SHARD_WRITE_BYTES_PER_SECOND)}/s`],
    ['Utilisation', percent(utilisation)],
  ];
  const findings: Finding[] = [];
  if (details.mode === 'PROVISIONED') {
    if (utilisation < UNDER_UTILIZED && shards > 1) {
      const open = figures.filter((f) => f.open);
      const loadOf = (id: string) => open.find((f) => f.shardId === id)?.records ?? 0;
      const pairs = adjacentPairs(sample.shards.filter((s) => s.open).map((s) => s.shard));
      const coolest = pairs.sort((a, b) => loadOf(a[0].shardId) + loadOf(a[1].shardId) - (loadOf(b[0].shardId) + loadOf(b[1].shardId)))[0];
      findings.push({
        code: 'under-utilized', severity: 'info', title: `Stream at ${percent(utilisation)} of its capacity`,
        subject: { stream, shardId: coolest?.[0].shardId },
        explanation: `Below ${percent(UNDER_UTILIZED)} of the provisioned capacity, merging shards saves shard-hours (the seed's right-sizing rule). Check peaks first: the window may not include the busiest hour.`,
        evidence: { facts },
        fix: coolest ? { kind: 'mergeShards', shardId: coolest[0].shardId, adjacentShardId: coolest[1].shardId } : undefined,
      });
    } else if (utilisation > OVER_UTILIZED) {
      findings.push({
        code: 'over-utilized', severity: 'warning', title: `Stream at ${percent(utilisation)} of its capacity`,
        subject: { stream },
        explanation: `Above ${percent(OVER_UTILIZED)} of the provisioned capacity a small rise throttles producers: add shards (the seed's right-sizing rule).`,
        evidence: { facts },
        fix: { kind: 'advice', steps: [`Update Shard Count to ${Math.ceil(shards * utilisation / 0.6)} to run near 60%.`] },
      });
    }
  }
  const table = PRICE_TABLES[context.priceTable ?? 'seed'];
  const estimate = estimateStreamMonthlyCost([{ averageRecordsPerSecond: meanRecords, recordSizeBytes: recordSize }], {
    retentionHours: details.retentionHours,
    enhancedFanOutConsumers: context.enhancedFanOutConsumers ?? 0,
    ...(details.mode === 'PROVISIONED' ? { shards } : {}),
  }, table);
  const provisioned = estimate.provisioned.total;
  const onDemand = estimate.onDemand.total;
  if (provisioned !== undefined && onDemand !== undefined) {
    const [current, other, otherName] = details.mode === 'PROVISIONED' ? [provisioned, onDemand, 'on-demand'] : [onDemand, provisioned, 'provisioned'];
    if (other < current * (1 - MODE_SAVING)) {
      findings.push({
        code: 'capacity-mode', severity: 'info', title: `${otherName === 'on-demand' ? 'On-demand' : 'Provisioned'} would cost less at the observed rate`,
        subject: { stream },
        explanation: `At the sampled mean rate this stream would cost about ${formatUsd(other)} a month ${otherName} against ${formatUsd(current)} now (${table.label}). A short window may miss the peaks that justify the current mode.`,
        evidence: { facts: [...facts, ['Provisioned (monthly)', formatUsd(provisioned)], ['On-demand (monthly)', formatUsd(onDemand)]] },
        fix: { kind: 'advice', steps: [`Switch Capacity Mode to ${otherName} (at most twice in 24 hours).`] },
      });
    }
  }
  return findings;
}

function shardMetricsFindings(stream: string, details: StreamDetails): Finding[] {
  const enabled = enabledShardMetrics(details.enhancedMonitoring);
  const shards = Math.max(1, details.openShardCount);
  const needed = DOCTOR_SHARD_METRICS.filter((m) => !enabled.includes(m));
  if (enabled.length === 0) {
    const cost = shardMetricsMonthlyUsd(DOCTOR_SHARD_METRICS.length, shards);
    return [{
      code: 'shard-metrics-off', severity: 'info', title: 'Shard-level metrics are off',
      subject: { stream },
      explanation: `Without shard-level metrics CloudWatch shows only stream totals, so throttling on one hot shard and consumer lag per shard stay invisible between samples. The doctor needs ${DOCTOR_SHARD_METRICS.length} of them: ${DOCTOR_SHARD_METRICS.length} × ${shards} shard(s) custom metrics, about ${formatUsd(cost)} a month.`,
      evidence: { facts: [['Enabled shard-level metrics', 'none'], ['Needed', DOCTOR_SHARD_METRICS.join(', ')], ['Cost of the needed ones', `${formatUsd(cost)}/month`]] },
      fix: { kind: 'setShardMetrics', enable: [...DOCTOR_SHARD_METRICS], disable: [], monthlyUsd: cost },
    }];
  }
  const unneeded = enabled.filter((m) => !(DOCTOR_SHARD_METRICS as readonly string[]).includes(m));
  if (details.enhancedMonitoring.includes('ALL') && unneeded.length > 0) {
    const saving = shardMetricsMonthlyUsd(unneeded.length, shards);
    return [{
      code: 'shard-metrics-all', severity: 'info', title: 'All shard-level metrics are enabled',
      subject: { stream },
      explanation: `ALL publishes ${enabled.length} metrics per shard. ${unneeded.join(' and ')} are not needed to find hot shards, throttling or lag; turning them off saves about ${formatUsd(saving)} a month.`,
      evidence: { facts: [['Enabled', 'ALL'], ['Not needed', unneeded.join(', ')], ['Saving', `${formatUsd(saving)}/month`]] },
      // ALL is one setting: turn it off and the needed metrics on (DisableEnhancedMonitoring of single metrics under ALL is not reliable).
      fix: { kind: 'setShardMetrics', enable: [...DOCTOR_SHARD_METRICS], disable: ['ALL'], monthlyUsd: shardMetricsMonthlyUsd(DOCTOR_SHARD_METRICS.length, shards) },
    }];
  }
  if (needed.length > 0) {
    const cost = shardMetricsMonthlyUsd(needed.length, shards);
    return [{
      code: 'shard-metrics-off', severity: 'info', title: `Shard-level metrics ${needed.join(', ')} are off`,
      subject: { stream },
      explanation: `The doctor reads these to see throttling and lag per shard. Enabling them costs about ${formatUsd(cost)} a month.`,
      evidence: { facts: [['Enabled', enabled.join(', ')], ['Missing', needed.join(', ')]] },
      fix: { kind: 'setShardMetrics', enable: needed, disable: [], monthlyUsd: cost },
    }];
  }
  return [];
}
