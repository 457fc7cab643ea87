/**
 * Messages between a tail viewer's host side (src/features/tail) and its page (src/webview/tail).
 * Like the Architect panel's (src/shared/protocol.ts): every message carries `source`, the viewer's
 * id, and the host validates every message it receives with the zod schemas below before using it.
 * The page imports only types from here (so zod never ships in its bundle); the row codec it needs
 * lives in ./tailRows. The wire types are derived from the session's own types (type-only imports).
 *
 * The pull model: the host keeps the ring, the filter, the shard chips and the time range
 * (src/core/tail/view.ts). The page says which rows it has in view (`viewport`, by ordinal, or the
 * end while it follows new rows); at most ~10 times a second the host posts a `view`: how many rows
 * are shown, the rows of that window, the histogram and the counters. A new `generation` means
 * what is shown changed as a whole (filter, shards, range): ordinals of an older one mean nothing.
 *
 * Test hooks (`select`, `resetStats`, `stats`) exist only for the e2e suites and the
 * viewer benchmark: the host posts and accepts them only when the extension runs in test mode, and
 * the page measures and reports only when the host said so (`data-test-hooks`).
 */
import * as z from 'zod/mini';
import { FILTER_MODES, type FilterMode } from '../core/tail/filter';
import type { DetailView, SessionStatus, ShardStats } from '../core/tail/session';
import type { Histogram, OrdinalRange, TimeRange } from '../core/tail/view';
import type { NoticeMessage } from './webviewMessages';

export { TAIL_VIEWER_VIEW_TYPE } from './viewTypes';

export type TailFilterMode = FilterMode;
export type { Histogram as TailHistogram, OrdinalRange as TailOrdinalRange, TimeRange as TailTimeRange };

/** Most rows the page may ask for in one window. */
export const MAX_WINDOW_ROWS = 500;

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

// ---- host -> page -----------------------------------------------------------------------------------

export type ToTailView =
  | { readonly type: 'init'; readonly source: string; readonly init: TailViewerInit }
  /**
   * What is shown now: `total` rows from ordinal `firstOrdinal`, the rows of the page's window
   * (`rows` is encodeRowViews (./tailRows): one string clones and travels far faster than objects),
   * the histogram (rows passing the filter and shard chips), the time range and hidden shards in force.
   */
  | {
      readonly type: 'view'; readonly source: string; readonly generation: number; readonly total: number; readonly firstOrdinal: number;
      readonly windowStart: number; readonly rows: string; readonly count: number;
      readonly histogram: Histogram; readonly range?: TimeRange; readonly hiddenShards: readonly string[]; readonly status: TailStatusView;
    }
  /** A record put from this viewer arrived: the page shows it and marks it. */
  | { readonly type: 'highlight'; readonly source: string; readonly generation: number; readonly ordinal: number; readonly id: number }
  | { readonly type: 'filterResult'; readonly source: string; readonly mode: TailFilterMode; readonly text: string; readonly error?: string }
  /** The detail of the row focused at `ordinal` (undefined: no longer kept). */
  | { readonly type: 'detail'; readonly source: string; readonly detail?: TailDetailView; readonly generation: number; readonly ordinal: number }
  | NoticeMessage
  /** Test hook: select rows (ordinal ranges of `generation`, or all) as a user would. */
  | { readonly type: 'select'; readonly source: string; readonly generation: number; readonly ranges: readonly OrdinalRange[] | 'all' }
  /** Test hook: starts a fresh frame-gap measurement (for one second even if no row arrives). */
  | { readonly type: 'resetStats'; readonly source: string };

export type ToTailViewType = ToTailView['type'];

// ---- page -> host (validated) -------------------------------------------------------------------------

const source = z.string().check(z.minLength(1), z.maxLength(200));
const milliseconds = z.number().check(z.nonnegative());
const count = z.int().check(z.nonnegative());

const ordinal = z.int().check(z.nonnegative());
const generation = z.int().check(z.nonnegative());
const shardId = z.string().check(z.minLength(1), z.maxLength(128));
const time = z.number().check(z.nonnegative());

const userMessages = [
  z.strictObject({ type: z.literal('ready'), source }),
  z.strictObject({ type: z.literal('setFilter'), source, mode: z.enum(FILTER_MODES), text: z.string().check(z.maxLength(10_000)) }),
  z.strictObject({ type: z.literal('pause'), source }),
  z.strictObject({ type: z.literal('resume'), source }),
  /** The rows in view: from an ordinal, or the newest (`'end'`) while the table follows new rows. */
  z.strictObject({ type: z.literal('viewport'), source, generation, start: z.union([ordinal, z.literal('end')]), count: z.int().check(z.nonnegative(), z.maximum(MAX_WINDOW_ROWS)) }),
  /** The selection as ordinal ranges of `generation`, and the focused row (its detail is shown). */
  z.strictObject({
    type: z.literal('selection'), source, generation,
    ranges: z.array(z.tuple([ordinal, ordinal])).check(z.maxLength(10_000)),
    focus: z.optional(ordinal),
  }),
  z.strictObject({ type: z.literal('setShards'), source, hidden: z.array(shardId).check(z.maxLength(10_000)) }),
  /** The histogram brush: arrival times from `from` (inclusive) to `to` (exclusive); none clears it. */
  z.strictObject({ type: z.literal('setRange'), source, range: z.optional(z.strictObject({ from: time, to: time })) }),
  /** Export, copy, open and put act on the selection and focus the host last received. */
  z.strictObject({ type: z.literal('export'), source }),
  z.strictObject({ type: z.literal('copy'), source }),
  z.strictObject({ type: z.literal('openJson'), source }),
  z.strictObject({ type: z.literal('putRecord'), source }),
] as const;

const testMessages = [
  /** Test hook: what the page measured about its rendering (the viewer benchmark's frame gaps). */
  z.strictObject({
    type: z.literal('stats'),
    source,
    /** Largest time between two animation frames while rows arrived. */
    maxFrameGapMs: milliseconds,
    frames: count,
    rowsShown: count,
    domRows: count,
    /** Longest time the page spent on one rows message, and on one paint of the table. */
    maxMessageMs: milliseconds,
    maxRenderMs: milliseconds,
    /** Longest task the browser reported blocking this page's thread, and whose it was (this page or another frame). */
    maxLongTaskMs: z.optional(milliseconds),
    longTaskSource: z.optional(z.string().check(z.maxLength(10_000), z.overwrite((text) => text.slice(0, 200)))),
  }),
] as const;

/** What a page may send when test hooks are off. */
export const fromTailViewSchema = z.discriminatedUnion('type', [...userMessages]);
/** What a page may send when the extension runs in test mode. */
export const fromTailViewTestSchema = z.discriminatedUnion('type', [...userMessages, ...testMessages]);

export type FromTailView = z.infer<typeof fromTailViewTestSchema>;
export type FromTailViewType = FromTailView['type'];
export type TailStatsMessage = Extract<FromTailView, { type: 'stats' }>;
/** What the page reports about its rendering: the `stats` message without its envelope. */
export type TailFrameStats = Omit<TailStatsMessage, 'type' | 'source'>;

/** Parses an untrusted message; undefined unless it is a well-formed {@link FromTailView} (test hooks only with `testHooks`). */
export function parseFromTailView(message: unknown, testHooks = false): FromTailView | undefined {
  const result = (testHooks ? fromTailViewTestSchema : fromTailViewSchema).safeParse(message);
  return result.success ? result.data : undefined;
}
