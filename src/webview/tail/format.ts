/** How the tail viewer writes times, shard ids, sizes and lag. DOM-free (unit-tested in plain Node). */
import * as l10n from '@vscode/l10n';

/** "14:03:07.042" in the viewer's local time; "—" when the record has no arrival time. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "shardId-000000000012" → "#12" (the full id is in the tooltip). */
export function shortShard(shardId: string): string {
  const match = /^shardId-(\d+)$/.exec(shardId);
  return match ? `#${Number(match[1])}` : shardId;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatLag(ms: number | undefined): string {
  if (ms === undefined) return l10n.t('lag —');
  if (ms < 1000) return l10n.t('lag {0} ms', ms);
  if (ms < 120_000) return l10n.t('lag {0} s', (ms / 1000).toFixed(1));
  return l10n.t('lag {0} min', Math.round(ms / 60_000));
}

/** Sequence numbers of one shard share a long prefix: the end is what tells them apart. */
export function shortSequence(sequence: string, keep: number): string {
  return sequence.length > keep ? `…${sequence.slice(-keep)}` : sequence;
}
