/**
 * Monthly cost estimates, provisioned and on-demand side by side, itemised so a UI can show the
 * breakdown. Follows the seed rule: costs use AVERAGE throughput (shard counts for capacity use peak),
 * so the provisioned shard-hours here are for shards sized to the average rate, which is what a stream
 * that scales with its load pays. Pass `shards` to price a fixed (e.g. peak-sized) stream instead.
 */
import { ceilExact, shardsForThroughput } from './capacity';
import { formatBytes, formatNumber, formatPrice, formatUsd } from './format';
import { EXTENDED_RETENTION_TIER_HOURS, GB, KB, MAX_RETENTION_HOURS, MIN_RETENTION_HOURS } from './limits';

export type PriceTableId = 'seed' | 'aws';

/** On-demand Standard prices. */
export interface OnDemandPrices {
  readonly streamHour: number;
  readonly perGbIn: number;
  /** Each record's size is rounded up to this many bytes when billing data in. */
  readonly billingIncrementBytes: number;
  readonly perGbOut: number;
  readonly enhancedFanOutPerGbOut: number;
  /** Stored data older than 24 h, up to 7 days. */
  readonly extendedRetentionPerGbMonth: number;
  /** Stored data older than 7 days. */
  readonly longTermRetentionPerGbMonth: number;
}

/** One selectable set of prices. All amounts are US dollars. */
export interface PriceTable {
  readonly id: PriceTableId;
  readonly label: string;
  readonly hoursPerMonth: number;
  readonly shardHour: number;
  readonly putPayloadUnitPerMillion: number;
  /** Bytes per PUT payload unit (25 KB, decimal like the rest of the arithmetic). */
  readonly putPayloadUnitBytes: number;
  /** Per shard-hour whenever retention exceeds 24 h. */
  readonly extendedRetentionShardHour: number;
  /** Retention covered by the shard-hour charge; beyond it `longTermRetentionPerGbMonth` applies. */
  readonly extendedRetentionCoversHours: number;
  /** Undefined when the table has no separate long-term tier (the seed's). */
  readonly longTermRetentionPerGbMonth?: number;
  readonly enhancedFanOutConsumerShardHour: number;
  readonly enhancedFanOutPerGb: number;
  readonly onDemand: OnDemandPrices;
}

/**
 * On-demand prices come from the AWS us-east-1 snapshot in KINESIS.md for BOTH tables: the seed states
 * no on-demand prices. AWS prices long-term retention the same in both capacity modes.
 */
const ON_DEMAND_US_EAST_1: OnDemandPrices = {
  streamHour: 0.04,
  perGbIn: 0.08,
  // AWS rounds each record up to the next 1 KiB (1,024 bytes) for on-demand data in.
  billingIncrementBytes: 1024,
  perGbOut: 0.04,
  enhancedFanOutPerGbOut: 0.05,
  extendedRetentionPerGbMonth: 0.1,
  longTermRetentionPerGbMonth: 0.023,
};

export const PRICE_TABLES: Readonly<Record<PriceTableId, PriceTable>> = {
  seed: {
    id: 'seed',
    label: "Seed constants (744 h/month; on-demand from AWS us-east-1)",
    hoursPerMonth: 744,
    shardHour: 0.015,
    putPayloadUnitPerMillion: 0.014,
    putPayloadUnitBytes: 25 * KB,
    extendedRetentionShardHour: 0.023,
    // The seed charges one flat shard-hour rate for any retention beyond 24 h.
    extendedRetentionCoversHours: MAX_RETENTION_HOURS,
    enhancedFanOutConsumerShardHour: 0.013,
    enhancedFanOutPerGb: 0.0015,
    onDemand: ON_DEMAND_US_EAST_1,
  },
  aws: {
    id: 'aws',
    label: 'AWS us-east-1 list prices (730 h/month)',
    hoursPerMonth: 730,
    shardHour: 0.015,
    putPayloadUnitPerMillion: 0.014,
    putPayloadUnitBytes: 25 * KB,
    extendedRetentionShardHour: 0.02,
    extendedRetentionCoversHours: EXTENDED_RETENTION_TIER_HOURS,
    longTermRetentionPerGbMonth: 0.023,
    enhancedFanOutConsumerShardHour: 0.015,
    enhancedFanOutPerGb: 0.013,
    onDemand: ON_DEMAND_US_EAST_1,
  },
};

export function getPriceTable(id: PriceTableId = 'seed'): PriceTable {
  return PRICE_TABLES[id];
}

export function isPriceTableId(value: string): value is PriceTableId {
  return value === 'seed' || value === 'aws';
}

/** One kind of record a stream carries. Undefined fields are unknown; the estimate says what it assumed. */
export interface TrafficClass {
  readonly averageRecordsPerSecond?: number;
  /** Used as the average only when no average is stated (a single stated rate). */
  readonly peakRecordsPerSecond?: number;
  readonly recordSizeBytes?: number;
}

/** Stream-wide settings that affect cost. */
export interface StreamCostSettings {
  /** Defaults to 24 h (no extended retention). */
  readonly retentionHours?: number;
  readonly enhancedFanOutConsumers?: number;
  /** Shared-throughput readers; they cost nothing extra when provisioned but each is billed for data out on-demand. Defaults to 1. */
  readonly sharedThroughputConsumers?: number;
  /** Price this many provisioned shards instead of shards sized for the average rate. */
  readonly shards?: number;
}

/** A single-class stream: what one requirement row describes. */
export type CostInput = TrafficClass & StreamCostSettings;

export type CostLineItemId =
  | 'shardHours'
  | 'putPayloadUnits'
  | 'extendedRetention'
  | 'longTermRetention'
  | 'enhancedFanOutConsumerShardHours'
  | 'enhancedFanOutData'
  | 'onDemandStreamHours'
  | 'onDemandDataIn'
  | 'onDemandDataOut'
  | 'onDemandEnhancedFanOutDataOut'
  | 'onDemandExtendedRetention'
  | 'onDemandLongTermRetention';

/** One row of a cost breakdown: amount = quantity × unitPrice, with the working spelled out. */
export interface CostLineItem {
  readonly id: CostLineItemId;
  readonly label: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly amount: number;
  readonly working: string;
}

/** The itemised cost of one capacity mode. */
export interface ModeCost {
  readonly lineItems: readonly CostLineItem[];
  /** Undefined when throughput is unknown. A lower bound when the estimate is not `complete`. */
  readonly total?: number;
}

/** The seed template's cost-table columns. */
export interface CostTableColumns {
  readonly shardHours: number;
  readonly put: number;
  /** Reads: only enhanced fan-out costs extra; shared-throughput GetRecords is included in shard-hours. */
  readonly get: number;
  readonly retention: number;
  readonly total: number;
}

/** A monthly estimate for one stream or requirement. */
export interface CostEstimate {
  readonly priceTable: PriceTableId;
  readonly hoursPerMonth: number;
  /** The records/s the estimate is based on (the average, or the single stated rate). */
  readonly basisRecordsPerSecond?: number;
  readonly provisionedShards?: number;
  readonly provisioned: ModeCost;
  readonly onDemand: ModeCost;
  readonly provisionedColumns?: CostTableColumns;
  /** False when something was unknown and totals are lower bounds (or absent). */
  readonly complete: boolean;
  /** Assumptions and gaps, in words. */
  readonly notes: readonly string[];
}

/** Monthly cost of a stream carrying one kind of record. */
export function estimateMonthlyCost(input: CostInput, table: PriceTable = PRICE_TABLES.seed): CostEstimate {
  return estimateStreamMonthlyCost([input], input, table);
}

/**
 * Monthly cost of a stream carrying several kinds of record. Shards are shared, so they are sized on
 * the summed rate and volume; PUT payload units are counted per record class because each record is
 * rounded up to whole 25 KB units on its own.
 */
export function estimateStreamMonthlyCost(
  traffic: readonly TrafficClass[],
  settings: StreamCostSettings,
  table: PriceTable = PRICE_TABLES.seed,
): CostEstimate {
  const notes: string[] = [];
  let complete = true;
  const hours = table.hoursPerMonth;
  const secondsPerMonth = hours * 3600;

  const classes: { rate: number; size: number; sizeKnown: boolean }[] = [];
  for (const t of traffic) {
    let rate = t.averageRecordsPerSecond;
    if (rate === undefined && t.peakRecordsPerSecond !== undefined) {
      rate = t.peakRecordsPerSecond;
      notes.push('No average rate stated: the single stated rate is used as the average.');
    }
    if (rate === undefined) {
      return {
        priceTable: table.id,
        hoursPerMonth: hours,
        provisioned: { lineItems: [] },
        onDemand: { lineItems: [] },
        complete: false,
        notes: [...notes, 'Throughput unknown: no cost can be estimated.'],
      };
    }
    classes.push({ rate, size: t.recordSizeBytes ?? 0, sizeKnown: t.recordSizeBytes !== undefined });
  }
  if (classes.length === 0) {
    return { priceTable: table.id, hoursPerMonth: hours, provisioned: { lineItems: [] }, onDemand: { lineItems: [] }, complete: false, notes: ['No traffic.'] };
  }
  if (classes.some((c) => !c.sizeKnown)) {
    complete = false;
    notes.push('Record size unknown: sized and priced as if records were tiny, so totals are lower bounds.');
  }

  const rate = sumOf(classes.map((c) => c.rate));
  const bytesPerSecond = sumOf(classes.map((c) => c.rate * c.size));
  const gbPerMonth = (bytesPerSecond * secondsPerMonth) / GB;
  const single = classes.length === 1 ? classes[0] : undefined;
  const rateText = () => (single ? `${formatNumber(rate)} records/s` : `${classes.map((c) => formatNumber(c.rate)).join(' + ')} = ${formatNumber(rate)} records/s`);

  let retention = settings.retentionHours ?? MIN_RETENTION_HOURS;
  if (settings.retentionHours === undefined) notes.push('Retention not stated: priced at the default 24 h.');
  if (retention > MAX_RETENTION_HOURS) {
    notes.push(`Retention of ${formatNumber(retention)} h exceeds the Kinesis maximum; priced at ${formatNumber(MAX_RETENTION_HOURS)} h (archive the rest, e.g. Firehose → S3).`);
    retention = MAX_RETENTION_HOURS;
  }
  retention = Math.max(retention, MIN_RETENTION_HOURS);

  const efoConsumers = settings.enhancedFanOutConsumers ?? 0;
  const sharedConsumers = settings.sharedThroughputConsumers ?? 1;
  if (settings.sharedThroughputConsumers === undefined) notes.push('Consumers not stated: one shared-throughput reader assumed.');

  const shards = settings.shards ?? shardsForThroughput(rate, bytesPerSecond).shards;
  const shardBasis = () =>
    settings.shards !== undefined ? `${formatNumber(shards)} shards (as given)` : `${formatNumber(shards)} shards (sized for ${formatNumber(rate)} records/s average)`;

  const provisioned: CostLineItem[] = [];
  const shardHours = shards * hours;
  provisioned.push(item('shardHours', 'Shard hours', shardHours, 'shard-hours', table.shardHour, () => `${shardBasis()} × ${hours} h × ${formatPrice(table.shardHour)}`));

  const unitsPerRecord = classes.map((c) => Math.max(1, ceilExact(c.size / table.putPayloadUnitBytes)));
  const unitsPerSecond = sumOf(classes.map((c, i) => c.rate * unitsPerRecord[i]));
  const millionUnits = (unitsPerSecond * secondsPerMonth) / 1e6;
  const unitWorking = () =>
    classes
    .map((c, i) => `${formatNumber(c.rate)} records/s × ${unitsPerRecord[i]} unit${unitsPerRecord[i] === 1 ? '' : 's'} (⌈${c.sizeKnown ? formatBytes(c.size) : '?'} ÷ 25 KB⌉)`)
    .join(' + ');
  provisioned.push(
    item('putPayloadUnits', 'PUT payload units', millionUnits, 'million units', table.putPayloadUnitPerMillion, () => `${unitWorking()} × ${formatNumber(secondsPerMonth)} s = ${formatNumber(millionUnits)} million × ${formatPrice(table.putPayloadUnitPerMillion)}`),
  );

  if (retention > MIN_RETENTION_HOURS) {
    provisioned.push(
      item('extendedRetention', 'Extended retention', shardHours, 'shard-hours', table.extendedRetentionShardHour, () => `${formatNumber(retention)} h retention > 24 h: ${formatNumber(shards)} shards × ${hours} h × ${formatPrice(table.extendedRetentionShardHour)}`),
    );
  }
  const longTermPrice = table.longTermRetentionPerGbMonth;
  if (longTermPrice !== undefined && retention > table.extendedRetentionCoversHours) {
    const storedGb = storedGbBetween(bytesPerSecond, table.extendedRetentionCoversHours, retention);
    provisioned.push(
      item('longTermRetention', 'Long-term retention', storedGb, 'GB-month', longTermPrice, () => `data older than ${table.extendedRetentionCoversHours} h: ${formatBytes(bytesPerSecond)}/s × ${formatNumber(retention - table.extendedRetentionCoversHours)} h = ${formatNumber(storedGb)} GB stored × ${formatPrice(longTermPrice)}`),
    );
  }
  if (efoConsumers > 0) {
    provisioned.push(
      item('enhancedFanOutConsumerShardHours', 'Enhanced fan-out consumer-shard hours', efoConsumers * shardHours, 'consumer-shard-hours', table.enhancedFanOutConsumerShardHour, () => `${efoConsumers} consumers × ${formatNumber(shards)} shards × ${hours} h × ${formatPrice(table.enhancedFanOutConsumerShardHour)}`),
      item('enhancedFanOutData', 'Enhanced fan-out data retrieved', efoConsumers * gbPerMonth, 'GB', table.enhancedFanOutPerGb, () => `${efoConsumers} consumers × ${formatNumber(gbPerMonth)} GB × ${formatPrice(table.enhancedFanOutPerGb)}`),
    );
  }

  const increment = table.onDemand.billingIncrementBytes;
  const billedBytesPerSecond = sumOf(classes.map((c) => c.rate * Math.max(1, ceilExact(c.size / increment)) * increment));
  const onDemand = onDemandLineItems(table.onDemand, hours, rateText, billedBytesPerSecond, bytesPerSecond, secondsPerMonth, retention, sharedConsumers, efoConsumers);

  const provisionedTotal = sumOf(provisioned.map((l) => l.amount));
  const amountOf = (ids: CostLineItemId[]) => sumOf(provisioned.filter((l) => ids.includes(l.id)).map((l) => l.amount));
  return {
    priceTable: table.id,
    hoursPerMonth: hours,
    basisRecordsPerSecond: rate,
    provisionedShards: shards,
    provisioned: { lineItems: provisioned, total: provisionedTotal },
    onDemand: { lineItems: onDemand, total: sumOf(onDemand.map((l) => l.amount)) },
    provisionedColumns: {
      shardHours: amountOf(['shardHours']),
      put: amountOf(['putPayloadUnits']),
      get: amountOf(['enhancedFanOutConsumerShardHours', 'enhancedFanOutData']),
      retention: amountOf(['extendedRetention', 'longTermRetention']),
      total: provisionedTotal,
    },
    complete,
    notes: [...new Set(notes)],
  };
}

function onDemandLineItems(
  prices: OnDemandPrices,
  hours: number,
  rateText: () => string,
  billedBytesPerSecond: number,
  bytesPerSecond: number,
  secondsPerMonth: number,
  retention: number,
  sharedConsumers: number,
  efoConsumers: number,
): CostLineItem[] {
  const items: CostLineItem[] = [];
  const gbPerMonth = (bytesPerSecond * secondsPerMonth) / GB;
  items.push(item('onDemandStreamHours', 'On-demand stream hours', hours, 'stream-hours', prices.streamHour, () => `1 stream × ${hours} h × ${formatPrice(prices.streamHour)}`));
  const gbIn = (billedBytesPerSecond * secondsPerMonth) / GB;
  items.push(item('onDemandDataIn', 'On-demand data in', gbIn, 'GB', prices.perGbIn, () => `${rateText()}, each record rounded up to 1 KiB: ${formatBytes(billedBytesPerSecond)}/s × ${formatNumber(secondsPerMonth)} s = ${formatNumber(gbIn)} GB × ${formatPrice(prices.perGbIn)}`));
  if (sharedConsumers > 0) {
    items.push(item('onDemandDataOut', 'On-demand data out', sharedConsumers * gbPerMonth, 'GB', prices.perGbOut, () => `${sharedConsumers} shared consumer${sharedConsumers === 1 ? '' : 's'} × ${formatNumber(gbPerMonth)} GB × ${formatPrice(prices.perGbOut)}`));
  }
  if (efoConsumers > 0) {
    items.push(item('onDemandEnhancedFanOutDataOut', 'On-demand enhanced fan-out data out', efoConsumers * gbPerMonth, 'GB', prices.enhancedFanOutPerGbOut, () => `${efoConsumers} consumers × ${formatNumber(gbPerMonth)} GB × ${formatPrice(prices.enhancedFanOutPerGbOut)}`));
  }
  if (retention > MIN_RETENTION_HOURS) {
    const upTo = Math.min(retention, EXTENDED_RETENTION_TIER_HOURS);
    const storedGb = storedGbBetween(bytesPerSecond, MIN_RETENTION_HOURS, upTo);
    items.push(item('onDemandExtendedRetention', 'On-demand extended retention', storedGb, 'GB-month', prices.extendedRetentionPerGbMonth, () => `data aged 24-${upTo} h: ${formatNumber(storedGb)} GB stored × ${formatPrice(prices.extendedRetentionPerGbMonth)}`));
  }
  if (retention > EXTENDED_RETENTION_TIER_HOURS) {
    const storedGb = storedGbBetween(bytesPerSecond, EXTENDED_RETENTION_TIER_HOURS, retention);
    items.push(item('onDemandLongTermRetention', 'On-demand long-term retention', storedGb, 'GB-month', prices.longTermRetentionPerGbMonth, () => `data older than ${EXTENDED_RETENTION_TIER_HOURS} h: ${formatNumber(storedGb)} GB stored × ${formatPrice(prices.longTermRetentionPerGbMonth)}`));
  }
  return items;
}

/** Steady-state bytes held for ages between `fromHours` and `toHours`, in GB (billed per GB-month). */
function storedGbBetween(bytesPerSecond: number, fromHours: number, toHours: number): number {
  return (bytesPerSecond * (toHours - fromHours) * 3600) / GB;
}

/** The working text is built on first read: most analyses never display it. */
function item(id: CostLineItemId, label: string, quantity: number, unit: string, unitPrice: number, working: () => string): CostLineItem {
  const amount = quantity * unitPrice;
  let text: string | undefined;
  return {
    id,
    label,
    quantity,
    unit,
    unitPrice,
    amount,
    get working() {
      text ??= `${working()} = ${formatUsd(amount)}`;
      return text;
    },
  };
}

function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}
