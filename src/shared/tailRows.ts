/**
 * The tail viewer's row codec, apart from its protocol so that the page bundle gets these three
 * functions and nothing else (the protocol's zod schemas are for the host only).
 *
 * A batch of rows travels as one string: each row a JSON array on its own line (JSON escapes
 * newlines in strings, so a line never breaks inside a row), its id first. One string clones and
 * travels far faster than thousands of objects, and the page keeps the lines and decodes only the
 * rows it paints.
 */
import type { TailRowView } from './tailProtocol';

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
