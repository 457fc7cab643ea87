/**
 * What a stream costs per month before any record is put: the figure the Create Stream wizard shows
 * before it creates anything. Traffic-dependent charges (PUT payload units, data in and out,
 * long-term retention per GB) are left to the full estimate in cost.ts.
 */
import type { StreamMode } from '../kinesis/gateway';
import { formatTags } from '../kinesis/tags';
import { getPriceTable, type PriceTable, type PriceTableId } from './cost';
import { formatPrice, formatUsd, plural } from './format';
import { MIN_RETENTION_HOURS } from './limits';

export interface NewStreamShape {
  readonly mode: StreamMode;
  /** Ignored for on-demand streams. */
  readonly shardCount: number;
  readonly retentionHours: number;
}

/**
 * Provisioned: shard-hours plus the extended-retention shard-hours when retention is over 24 h.
 * On-demand: the stream-hour charge. Returned as one line with its working, in `table`'s prices.
 */
export function describeBaseMonthlyCost(stream: NewStreamShape, table: PriceTable): string {
  const hours = table.hoursPerMonth;
  if (stream.mode === 'ON_DEMAND') {
    const streamHour = table.onDemand.streamHour;
    return `${formatUsd(streamHour * hours)}/month for the stream (${hours} h × ${formatPrice(streamHour)}/stream-hour)`;
  }
  const shards = stream.shardCount;
  const base = shards * hours * table.shardHour;
  const retention = stream.retentionHours > MIN_RETENTION_HOURS ? shards * hours * table.extendedRetentionShardHour : 0;
  return `${formatUsd(base + retention)}/month (${plural(shards, 'shard')} × ${hours} h × ${formatPrice(table.shardHour)}` +
    `${retention ? ` + extended retention ${formatUsd(retention)}` : ''})`;
}

/**
 * The Create Stream confirmation: what is created and what it costs before traffic, priced with the
 * table `kinesis.priceTable` names.
 */
export function describeNewStream(stream: NewStreamShape & { readonly tags: Readonly<Record<string, string>> }, priceTable: PriceTableId): string {
  const cost = describeBaseMonthlyCost(stream, getPriceTable(priceTable));
  return `${stream.mode === 'ON_DEMAND' ? 'On-demand' : `Provisioned, ${plural(stream.shardCount, 'shard')}`}, retention ${stream.retentionHours} h` +
    `${Object.keys(stream.tags).length ? `, tags ${formatTags(stream.tags)}` : ''}.\n\n` +
    `Estimated cost before traffic: ${cost}. Data in and out is billed on top (see the Architect panel for a full estimate).`;
}
