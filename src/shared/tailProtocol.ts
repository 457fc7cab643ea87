/**
 * Messages between a tail viewer's host side (src/features/tail) and its page (src/webview/tail).
 * The page imports only types from here; the host validates every message it receives with
 * {@link parseFromTailView} before using it (no zod, so this file stays free of dependencies).
 * The wire types are derived from the session's own types (type-only imports, erased from both bundles).
 *
 * Rows flow one way in batches (at most ~10 a second): the page appends them, and drops every row
 * whose id is below `oldestId` (the host's ring evicted it). A batch with `reset` replaces the rows.
 */

import type { FilterMode } from '../core/tail/filter';
import type { DetailView, SessionStatus, ShardStats } from '../core/tail/session';

export const TAIL_VIEWER_VIEW_TYPE = 'kinesis.tailViewer';

export type TailFilterMode = FilterMode;

/** One table row. */
export interface TailRowView {
  readonly id: number;
  /** ApproximateArrivalTimestamp, ms since the epoch. */
  readonly time?: number;
  readonly shardId: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  /** KPL user records: index in the aggregate. */
  readonly subSequenceNumber?: number;
  /** Bytes of the record (of the user record for KPL). */
  readonly size: number;
  readonly kind: 'json' | 'text' | 'binary';
  readonly gzip?: boolean;
  /** Set when the record had the KPL magic but was shown raw; the reason. */
  readonly kplFallback?: string;
  readonly preview: string;
}

/** A shard's counters as the page shows them (the host's ShardStats without the parent links). */
export type TailShardView = Pick<ShardStats, 'shardId' | 'records' | 'rows' | 'millisBehindLatest' | 'state'>;

/** The session's status as the page shows it: no filter (the page has its own), plus the ring size. */
export type TailStatusView = Omit<SessionStatus, 'filter' | 'shards'> & {
  readonly maxRecords: number;
  readonly shards: readonly TailShardView[];
};

export interface TailDetailView {
  readonly id: number;
  /** Header facts, in order (label, value). */
  readonly facts: readonly (readonly [string, string])[];
  readonly views: readonly DetailView[];
}

export interface TailViewerInit {
  readonly stream: string;
  readonly region: string;
  /** How reading started, in words ("TRIM_HORIZON, all shards", "via consumer X"). */
  readonly description: string;
  readonly filter: { readonly mode: TailFilterMode; readonly text: string };
}

export type ToTailView =
  | { readonly type: 'init'; readonly init: TailViewerInit }
  /** `rows` is {@link encodeRowViews} of the batch: one string clones and travels far faster than thousands of objects. */
  | { readonly type: 'rows'; readonly reset: boolean; readonly rows: string; readonly count: number; readonly status: TailStatusView }
  | { readonly type: 'filterResult'; readonly mode: TailFilterMode; readonly text: string; readonly error?: string }
  | { readonly type: 'detail'; readonly detail?: TailDetailView; readonly requestedId: number }
  | { readonly type: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly message: string }
  /** Test hook: select rows by id (or all) as a user would. */
  | { readonly type: 'select'; readonly ids: readonly number[] | 'all' }
  /** Starts a fresh frame-gap measurement (for one second even if no row arrives). */
  | { readonly type: 'resetStats' };

/** What the page reports about its rendering (the frame-gap measurement of the benchmark). */
export interface TailFrameStats {
  readonly maxFrameGapMs: number;
  readonly frames: number;
  readonly rowsShown: number;
  readonly domRows: number;
  /** Longest time the page spent on one rows message, and on one paint of the table. */
  readonly maxMessageMs: number;
  readonly maxRenderMs: number;
  /** Longest task the browser reported blocking this page's thread, and whose it was (this page or another frame). */
  readonly maxLongTaskMs?: number;
  readonly longTaskSource?: string;
}

export type FromTailView =
  | { readonly type: 'ready' }
  | { readonly type: 'setFilter'; readonly mode: TailFilterMode; readonly text: string }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'showDetail'; readonly id: number }
  | { readonly type: 'export'; readonly ids: readonly number[] }
  | { readonly type: 'copy'; readonly id: number }
  | { readonly type: 'selection'; readonly ids: readonly number[] }
  | ({ readonly type: 'stats' } & TailFrameStats);

/**
 * A batch of rows as one string: each row a JSON array on its own line (JSON escapes newlines in
 * strings, so a line never breaks inside a row), its id first. The page keeps the lines and decodes
 * only the rows it paints.
 */
export function encodeRowViews(rows: readonly TailRowView[]): string {
  return rows.map((r) => JSON.stringify([
    r.id, r.time ?? null, r.shardId, r.partitionKey, r.sequenceNumber, r.subSequenceNumber ?? null, r.size, r.kind, r.gzip ? 1 : 0, r.kplFallback ?? null, r.preview,
  ])).join('\n');
}

/** The id of an encoded row, without decoding the rest. */
export function encodedRowId(line: string): number {
  return parseInt(line.slice(1, line.indexOf(',')), 10);
}

export function decodeRowView(line: string): TailRowView {
  const [id, time, shardId, partitionKey, sequenceNumber, subSequenceNumber, size, kind, gzip, kplFallback, preview] = JSON.parse(line) as [
    number, number | null, string, string, string, number | null, number, TailRowView['kind'], 0 | 1, string | null, string,
  ];
  return {
    id, time: time ?? undefined, shardId, partitionKey, sequenceNumber, subSequenceNumber: subSequenceNumber ?? undefined, size, kind,
    gzip: gzip === 1 || undefined, kplFallback: kplFallback ?? undefined, preview,
  };
}

const FILTER_MODES: readonly string[] = ['text', 'regex', 'jsonPath'];

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The message if it is a well-formed FromTailView, else undefined. */
export function parseFromTailView(raw: unknown): FromTailView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'pause':
    case 'resume':
      return { type: m.type };
    case 'setFilter':
      return typeof m.mode === 'string' && FILTER_MODES.includes(m.mode) && typeof m.text === 'string' && m.text.length <= 10_000
        ? { type: 'setFilter', mode: m.mode as TailFilterMode, text: m.text }
        : undefined;
    case 'showDetail':
    case 'copy':
      return Number.isInteger(m.id) && (m.id as number) >= 0 ? { type: m.type, id: m.id as number } : undefined;
    case 'export':
    case 'selection':
      return isIdList(m.ids) ? { type: m.type, ids: m.ids } : undefined;
    case 'stats':
      return isCount(m.maxFrameGapMs) && isCount(m.frames) && isCount(m.rowsShown) && isCount(m.domRows) && isCount(m.maxMessageMs) && isCount(m.maxRenderMs)
        ? {
            type: 'stats', maxFrameGapMs: m.maxFrameGapMs, frames: m.frames, rowsShown: m.rowsShown, domRows: m.domRows, maxMessageMs: m.maxMessageMs, maxRenderMs: m.maxRenderMs,
            maxLongTaskMs: isCount(m.maxLongTaskMs) ? m.maxLongTaskMs : undefined,
            longTaskSource: typeof m.longTaskSource === 'string' ? m.longTaskSource.slice(0, 200) : undefined,
          }
        : undefined;
    default:
      return undefined;
  }
}
