/**
 * Turns the Kinesis records a tail reads into table rows: one row per record, or one per user record
 * when a record is a KPL aggregate (falling back to one raw row when the aggregate does not parse).
 * Each row gets a cheap summary (kind, one-line preview, the decoded text for filtering); the full
 * decoding (every view) is done only for the row the user opens.
 */
import { DEFAULT_MAX_PREVIEW_CHARS, isAggregated, summarizeRecord, type Gunzip, type RecordSummary, type SummarizeOptions } from '../decode';
import type { ReceivedRecord } from '../kinesis/gateway';

export const PREVIEW_CHARS = DEFAULT_MAX_PREVIEW_CHARS;
/** Text kept per row for filtering; longer records are searched in their first 64 KiB. */
export const SEARCH_TEXT_CHARS = 64 * 1024;
/** A gzip record inflating past this is shown as binary in the table (the detail view still tries). */
export const MAX_SUMMARY_INFLATED_BYTES = 16 * 1024 * 1024;

export type RowDataKind = 'json' | 'text' | 'binary';

export interface RowSummary {
  readonly kind: RowDataKind;
  /** The bytes were gzip and inflated: kind/text describe the inflated content. */
  readonly gzip: boolean;
  /** The decoded text (of the inflated bytes for gzip), at most SEARCH_TEXT_CHARS; undefined for binary. */
  readonly text?: string;
  /** True when `text` is the whole decoded text (JSON of a cut text is not parsed). */
  readonly textComplete: boolean;
  /** One line for the table. */
  readonly preview: string;
}

/** One row of the tail table. */
export interface TailRow {
  readonly id: number;
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** KPL user records: the index of this user record in its aggregate (the sub-sequence number). */
  readonly subSequenceNumber?: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  /** ApproximateArrivalTimestamp in ms since the epoch. */
  readonly arrival?: number;
  /** The bytes shown: the user record's for KPL, else the record's. */
  readonly data: Uint8Array;
  /** The whole Kinesis record's bytes (the aggregate, for KPL rows). */
  readonly recordData: Uint8Array;
  /** Set when the record had the KPL magic but could not be deaggregated; the row shows the raw bytes. */
  readonly kplFallbackReason?: string;
  readonly summary: RowSummary;
}

/** Table summary of a (non-KPL) record summary: gzip is a flag, the kind is that of the content. */
function rowSummaryOf(summary: RecordSummary): RowSummary {
  const gzip = summary.kind === 'gzip';
  const kind: RowDataKind = gzip ? (summary.inner ?? 'binary') : summary.kind === 'json' || summary.kind === 'text' ? summary.kind : 'binary';
  if (summary.text === undefined || kind === 'binary') return { kind: 'binary', gzip, textComplete: false, preview: summary.preview };
  const complete = summary.text.length <= SEARCH_TEXT_CHARS;
  // Only objects and arrays count as JSON rows: a scalar such as `42` is exported as the text it is
  // (byte for byte), and the JSON of a cut text is not filtered by JSON path.
  const structured = kind === 'json' && complete && /^\s*[[{]/.test(summary.text);
  return { kind: kind === 'json' && !structured ? 'text' : kind, gzip, text: complete ? summary.text : summary.text.slice(0, SEARCH_TEXT_CHARS), textComplete: complete, preview: summary.preview };
}

function summaryOptions(gunzip: Gunzip | undefined): SummarizeOptions {
  // The filter parses JSON only when a JSON path filter is on; summaries keep the text, not the value.
  return { gunzip, maxInflatedBytes: MAX_SUMMARY_INFLATED_BYTES, maxPreviewChars: PREVIEW_CHARS, parseJson: false };
}

/** Builds the rows of one Kinesis record; `nextId` hands out row ids in order. */
export function rowsOfRecord(shardId: string, record: ReceivedRecord, nextId: () => number, gunzip?: Gunzip): TailRow[] {
  const arrival = record.approximateArrivalTimestamp?.getTime();
  const summary = summarizeRecord(record.data, summaryOptions(gunzip));
  // Object literals of one shape, not `{ ...base }` spreads: spreading made each row ~10x slower to
  // build, which alone put tailing below the raw GetRecords rate (bench/tail.bench.mjs).
  if (summary.kind === 'kpl' && summary.userRecords) {
    const users = summary.userRecords;
    const rows = new Array<TailRow>(users.length);
    for (let index = 0; index < users.length; index++) {
      const user = users[index];
      rows[index] = {
        id: nextId(), shardId, sequenceNumber: record.sequenceNumber, subSequenceNumber: index,
        partitionKey: user.partitionKey, explicitHashKey: user.explicitHashKey, arrival,
        data: user.data, recordData: record.data, kplFallbackReason: undefined, summary: rowSummaryOf(user.summary),
      };
    }
    return rows;
  }
  // A record with the KPL magic that did not deaggregate is shown as the bytes it is, with the reason.
  return [{
    id: nextId(), shardId, sequenceNumber: record.sequenceNumber, subSequenceNumber: undefined,
    partitionKey: record.partitionKey, explicitHashKey: undefined, arrival,
    data: record.data, recordData: record.data,
    kplFallbackReason: isAggregated(record.data) ? summary.fallbackReason : undefined,
    summary: rowSummaryOf(summary),
  }];
}

/**
 * The whole decoded text of a row (inflated when gzip), or undefined for binary data. Rows keep only
 * the first SEARCH_TEXT_CHARS; this decodes again when the text was cut.
 */
export function rowFullText(row: TailRow, gunzip?: Gunzip): string | undefined {
  const { summary } = row;
  if (summary.text === undefined) return undefined;
  if (summary.textComplete) return summary.text;
  // Only the user's bytes are summarized (a KPL row's data is already one user record).
  return summarizeRecord(row.data, summaryOptions(gunzip)).text;
}

/** The parsed JSON of a row, or undefined when it is not JSON. */
export function rowJson(row: TailRow): { value: unknown } | undefined {
  if (row.summary.kind !== 'json' || row.summary.text === undefined) return undefined;
  try {
    return { value: JSON.parse(row.summary.text) as unknown };
  } catch {
    return undefined;
  }
}
