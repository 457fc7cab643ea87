/**
 * The load chart's numbers, DOM-free (plain-Node unit tests import it): averaging a long window into
 * the points drawn, and the text summary that says what the chart shows.
 */
import { formatInteger } from '../common/format';
import * as l10n from '@vscode/l10n';

/** Points per line at most: a long window is averaged into buckets. */
export const MAX_POINTS = 300;

export interface ShardSeries {
  readonly shardId: string;
  readonly recordsPerSecond: readonly number[];
}

/** Averages a series into at most `points` buckets. */
export function downsample(series: readonly number[], points = MAX_POINTS): number[] {
  if (series.length <= points) return [...series];
  const size = series.length / points;
  return Array.from({ length: points }, (_, i) => {
    const from = Math.floor(i * size);
    const to = Math.max(from + 1, Math.floor((i + 1) * size));
    let sum = 0;
    for (let j = from; j < to; j++) sum += series[j];
    return sum / (to - from);
  });
}

/** One line per shard: "shardId-000000000001: mean 12 records/s, peak 980 records/s". */
export function chartSummary(series: readonly ShardSeries[]): string[] {
  return series.map(({ shardId, recordsPerSecond }) => {
    const peak = recordsPerSecond.reduce((a, b) => Math.max(a, b), 0);
    const mean = recordsPerSecond.length ? recordsPerSecond.reduce((a, b) => a + b, 0) / recordsPerSecond.length : 0;
    return l10n.t('{0}: mean {1} records/s, peak {2} records/s over {3} s', shardId, formatInteger(mean), formatInteger(peak), recordsPerSecond.length);
  });
}
