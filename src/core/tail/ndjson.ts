/**
 * Export of tail rows as NDJSON: one JSON object per line, in a fixed key order so files diff well.
 *
 *   {"shardId":…,"sequenceNumber":…,["subSequenceNumber":n,]"partitionKey":…,["explicitHashKey":…,]
 *    "approximateArrivalTimestamp":"ISO"|null,["gzip":true,]"dataEncoding":"json"|"text"|"base64","data":…}
 *
 * `data` is the parsed JSON when the record is JSON, the text when it is text, else the bytes in
 * base64. Records that were gzip are exported inflated, with `"gzip": true`; KPL user records carry
 * their index in the aggregate as `subSequenceNumber`.
 */
import { toBase64 } from '../decode';
import { rowFullText, rowJson, type TailRow } from './rows';

export type ExportedDataEncoding = 'json' | 'text' | 'base64';

/** One exported record (the object behind one NDJSON line). */
export interface ExportedRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly approximateArrivalTimestamp: string | null;
  readonly gzip?: true;
  readonly dataEncoding: ExportedDataEncoding;
  readonly data: unknown;
}

export function exportedRecord(row: TailRow): ExportedRecord {
  const { summary } = row;
  let dataEncoding: ExportedDataEncoding;
  let data: unknown;
  let text: string | undefined;
  const json = rowJson(row);
  if (json) {
    dataEncoding = 'json';
    data = json.value;
  } else if (summary.kind === 'text' && (text = rowFullText(row)) !== undefined) {
    dataEncoding = 'text';
    data = text;
  } else {
    dataEncoding = 'base64';
    data = toBase64(row.data);
  }
  // The gzip flag only describes data that was inflated; base64 always carries the stored bytes.
  const inflated = summary.gzip && dataEncoding !== 'base64';
  return {
    shardId: row.shardId,
    sequenceNumber: row.sequenceNumber,
    ...(row.subSequenceNumber === undefined ? {} : { subSequenceNumber: row.subSequenceNumber }),
    partitionKey: row.partitionKey,
    ...(row.explicitHashKey === undefined ? {} : { explicitHashKey: row.explicitHashKey }),
    approximateArrivalTimestamp: row.arrival === undefined ? null : new Date(row.arrival).toISOString(),
    ...(inflated ? { gzip: true as const } : {}),
    dataEncoding,
    data,
  };
}

/** One line (without the newline). */
export function toNdjsonLine(row: TailRow): string {
  return JSON.stringify(exportedRecord(row));
}

/** The whole file: every row on its own line, ending with a newline (empty for no rows). */
export function toNdjson(rows: Iterable<TailRow>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(toNdjsonLine(row));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
