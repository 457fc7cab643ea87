/**
 * Messages between the Architect panel's extension host side (src/features/panel) and its webview
 * (src/webview/panel). Both bundles import this file: the webview only for types (so zod never ships in the
 * webview bundle), the host for the zod schemas that validate every message before it is used.
 *
 * Every message carries `source`, the URI of the requirement file the panel shows; the host ignores
 * messages whose source is not its document. The envelope shared with the tail viewer's protocol is
 * in ./webviewMessages.ts, the host side's handling in src/platform/webviewHost.ts.
 */
// zod/mini: the same validators as the chained API, but tree-shakable (the full API added ~440 KB
// of minified code to the extension bundle, parsed at activation).
import * as z from 'zod/mini';
import type { NoticeMessage } from './webviewMessages';

export { ARCHITECT_PANEL_VIEW_TYPE } from './viewTypes';

export type PriceTableKey = 'seed' | 'aws';
export type CapacityModeKey = 'provisioned' | 'onDemand';

/** One line of a cost breakdown (already computed by the core, with its working). */
export interface CostItemView {
  readonly id: string;
  readonly label: string;
  readonly amount: number;
  readonly working: string;
}

export interface ModeCostView {
  /** Undefined when throughput is unknown; a lower bound when the estimate is not complete. */
  readonly total?: number;
  readonly items: readonly CostItemView[];
}

export interface CostView {
  readonly priceTableLabel: string;
  /** Provisioned fixed at the peak shard count: the figure beside the shard count. */
  readonly provisioned: ModeCostView;
  readonly onDemand: ModeCostView;
  /** The shard count `provisioned` is for (the peak count). */
  readonly provisionedShards?: number;
  /** Provisioned auto-scaled to the average load (the seed's cost rule), for `autoScaledShards` shards. */
  readonly autoScaled: ModeCostView;
  readonly autoScaledShards?: number;
  /** The cheapest option that carries the peak on this price table, and why. */
  readonly recommended?: 'fixedAtPeak' | 'autoScaled' | 'onDemand';
  readonly modeReason: string;
  readonly complete: boolean;
  readonly notes: readonly string[];
}

export interface CapacityView {
  readonly shards?: number;
  readonly shardsByRecords?: number;
  readonly recommendedMode: CapacityModeKey;
  readonly modeReason: string;
  /** The calculation, one readable step per entry. */
  readonly steps: readonly string[];
}

export interface ColumnView {
  readonly index: number;
  readonly header: string;
  readonly kind?: string;
}

export interface CellView {
  readonly text: string;
  readonly present: boolean;
}

export interface RequirementRowView {
  readonly index: number;
  /** 0-based line in the file. */
  readonly line: number;
  /** Identity used to re-base edits when the file changed meanwhile. */
  readonly label: string;
  readonly streamName: string;
  readonly cells: readonly CellView[];
  readonly status?: 'complete' | 'inProgress' | 'blocked';
  readonly capacity: CapacityView;
  readonly costs: Readonly<Record<PriceTableKey, CostView>>;
  readonly partitionKey?: { readonly text: string; readonly risk: string; readonly reason: string };
}

export interface StreamView {
  readonly name: string;
  readonly requirementLabels: readonly string[];
  readonly capacity: CapacityView;
  readonly costs: Readonly<Record<PriceTableKey, CostView>>;
  readonly plannedShards?: number;
}

export interface WarningView {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly line: number;
  readonly character: number;
}

export interface ChecklistItemView {
  readonly index: number;
  readonly text: string;
  readonly checked: boolean;
  readonly line: number;
}

/** Everything the panel renders for one document version. */
export interface PanelSnapshot {
  readonly version: number;
  readonly fileName: string;
  readonly title?: string;
  readonly columns: readonly ColumnView[];
  readonly rows: readonly RequirementRowView[];
  readonly streams: readonly StreamView[];
  readonly totals: Readonly<Record<PriceTableKey, { readonly provisioned?: number; readonly onDemand?: number; readonly complete: boolean }>>;
  readonly requiredShards?: number;
  readonly warnings: readonly WarningView[];
  readonly checklist: readonly ChecklistItemView[];
  readonly gate: { readonly allowed: boolean; readonly reasons: readonly string[] };
  /** The `kinesis.priceTable` setting: which table is shown first. */
  readonly defaultPriceTable: PriceTableKey;
  /** Seeds the partition-key simulator: the largest required shard count, and a key hint. */
  readonly simulator: { readonly shardCount: number; readonly partitionKey?: string };
}

/** One part of an architect reply: the seed's four headings, in order. */
export interface ReplyPartView {
  readonly heading: string;
  /** Markdown-like text: lines, "- " bullets, "1. " questions, **bold** (rendered as text, never markup). */
  readonly text: string;
}

/** One message of the panel's architect conversation. */
export type ConversationEntryView =
  | { readonly role: 'user'; readonly text: string }
  | { readonly role: 'architect'; readonly parts: readonly ReplyPartView[]; readonly changedRows: readonly string[] }
  | { readonly role: 'error'; readonly text: string };

/** The panel's conversation pane: its history and where the interview in the file stands. */
export interface ConversationView {
  readonly entries: readonly ConversationEntryView[];
  /** From the file's architect state (shared with @kinesis and the CLI). */
  readonly stage?: string;
  readonly turns: number;
  readonly confirmed: boolean;
  /** A message is being answered. */
  readonly busy: boolean;
}

// ---- host -> webview ------------------------------------------------------------------------------

export type ToWebview =
  | { readonly type: 'update'; readonly source: string; readonly snapshot: PanelSnapshot }
  | NoticeMessage
  | { readonly type: 'editResult'; readonly source: string; readonly requestId: number; readonly ok: boolean; readonly message?: string }
  | { readonly type: 'conversation'; readonly source: string; readonly conversation: ConversationView };

// ---- webview -> host (validated) --------------------------------------------------------------------

const source = z.string().check(z.minLength(1), z.maxLength(4096));
const count = z.int().check(z.nonnegative());
const version = count;
const requestId = count;
const index = z.int().check(z.nonnegative(), z.maximum(1_000_000));
const shortText = z.string().check(z.maxLength(10_000));

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), source }),
  z.strictObject({
    type: z.literal('editCell'),
    source,
    requestId,
    /** The document version the webview showed when the user started editing. */
    version,
    rowIndex: index,
    rowLabel: shortText,
    column: index,
    columnHeader: shortText,
    /** The cell text the user saw before editing (detects a concurrent change of the same cell). */
    expected: shortText,
    text: shortText,
  }),
  z.strictObject({
    type: z.literal('setChecklistItem'),
    source,
    requestId,
    version,
    index,
    itemText: shortText,
    checked: z.boolean(),
  }),
  z.strictObject({ type: z.literal('revealLine'), source, line: index, character: z.optional(index) }),
  z.strictObject({ type: z.literal('generateArchitecture'), source }),
  /** A message to the architect (an optional leading /design, /cost, /shards, /hotshards or /explain). */
  z.strictObject({ type: z.literal('sendMessage'), source, requestId, text: z.string().check(z.minLength(1), z.maxLength(10_000)) }),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;
export type FromWebviewType = FromWebview['type'];
export type ToWebviewType = ToWebview['type'];
export type EditCellMessage = Extract<FromWebview, { type: 'editCell' }>;
export type SetChecklistItemMessage = Extract<FromWebview, { type: 'setChecklistItem' }>;
export type SendMessageMessage = Extract<FromWebview, { type: 'sendMessage' }>;

const persistedText = z.string().check(z.maxLength(20_000));
const conversationEntrySchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('user'), text: persistedText }),
  z.strictObject({
    role: z.literal('architect'),
    parts: z.array(z.strictObject({ heading: persistedText, text: persistedText })).check(z.maxLength(8)),
    changedRows: z.array(persistedText).check(z.maxLength(100)),
  }),
  z.strictObject({ role: z.literal('error'), text: persistedText }),
]);
/** The most messages a panel keeps (and restores after a reload). */
export const CONVERSATION_HISTORY_LIMIT = 200;

/** What the webview persists with setState, so a restored panel knows its file and UI choices. */
export const panelStateSchema = z.object({
  source,
  ui: z.optional(z.partial(z.object({
    priceTable: z.enum(['seed', 'aws']),
    chartMode: z.enum(['provisioned', 'onDemand']),
    simulatorInput: z.string().check(z.maxLength(2_000_000)),
    simulatorKind: z.enum(['pattern', 'keys']),
    simulatorShards: z.int().check(z.positive(), z.maximum(100_000)),
    simulatorCount: z.int().check(z.positive(), z.maximum(1_000_000)),
  }))),
  /** The conversation pane's history, so a reloaded panel shows it again (the interview itself is in the file). */
  conversation: z.optional(z.array(conversationEntrySchema).check(z.maxLength(CONVERSATION_HISTORY_LIMIT))),
});

export type PanelState = z.infer<typeof panelStateSchema>;

/** Parses an untrusted message; undefined when it is not a well-formed {@link FromWebview}. */
export function parseFromWebview(message: unknown): FromWebview | undefined {
  const result = fromWebviewSchema.safeParse(message);
  return result.success ? result.data : undefined;
}
