/**
 * Messages between a tail viewer's host side (src/features/tail) and its page (src/webview/tail).
 * Like the Architect panel's (src/shared/protocol.ts): every message carries `source`, the viewer's
 * id, and the host validates every message it receives with the zod schemas below before using it.
 * The page imports only types from here (so zod never ships in its bundle); the row codec it needs
 * lives in ./tailRows. The wire types are derived from the session's own types (type-only imports).
 *
 * Rows flow one way in batches (at most ~10 a second): the page appends them, and drops every row
 * whose id is below `oldestId` (the host's ring evicted it). A batch with `reset` replaces the rows.
 *
 * Test hooks (`select`, `resetStats`, `stats`, `selection`) exist only for the e2e suites and the
 * viewer benchmark: the host posts and accepts them only when the extension runs in test mode, and
 * the page measures and reports only when the host said so (`data-test-hooks`).
 */
import * as z from 'zod/mini';
import { FILTER_MODES, type FilterMode } from '../core/tail/filter';
import type { DetailView, SessionStatus, ShardStats } from '../core/tail/session';
import type { NoticeMessage } from './webviewMessages';

export { TAIL_VIEWER_VIEW_TYPE } from './viewTypes';

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

// ---- host -> page -----------------------------------------------------------------------------------

export type ToTailView =
  | { readonly type: 'init'; readonly source: string; readonly init: TailViewerInit }
  /** `rows` is encodeRowViews (./tailRows) of the batch: one string clones and travels far faster than thousands of objects. */
  | { readonly type: 'rows'; readonly source: string; readonly reset: boolean; readonly rows: string; readonly count: number; readonly status: TailStatusView }
  | { readonly type: 'filterResult'; readonly source: string; readonly mode: TailFilterMode; readonly text: string; readonly error?: string }
  | { readonly type: 'detail'; readonly source: string; readonly detail?: TailDetailView; readonly requestedId: number }
  | NoticeMessage
  /** Test hook: select rows by id (or all) as a user would. */
  | { readonly type: 'select'; readonly source: string; readonly ids: readonly number[] | 'all' }
  /** Test hook: starts a fresh frame-gap measurement (for one second even if no row arrives). */
  | { readonly type: 'resetStats'; readonly source: string };

export type ToTailViewType = ToTailView['type'];

// ---- page -> host (validated) -------------------------------------------------------------------------

const source = z.string().check(z.minLength(1), z.maxLength(200));
const id = z.int().check(z.nonnegative());
const ids = z.array(id);
const milliseconds = z.number().check(z.nonnegative());
const count = z.int().check(z.nonnegative());

const userMessages = [
  z.strictObject({ type: z.literal('ready'), source }),
  z.strictObject({ type: z.literal('setFilter'), source, mode: z.enum(FILTER_MODES), text: z.string().check(z.maxLength(10_000)) }),
  z.strictObject({ type: z.literal('pause'), source }),
  z.strictObject({ type: z.literal('resume'), source }),
  z.strictObject({ type: z.literal('showDetail'), source, id }),
  z.strictObject({ type: z.literal('export'), source, ids }),
  z.strictObject({ type: z.literal('copy'), source, id }),
] as const;

const testMessages = [
  /** Test hook: the rows the page has selected, so a test can act on what a user picked. */
  z.strictObject({ type: z.literal('selection'), source, ids }),
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
