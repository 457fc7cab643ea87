/**
 * Decodes a Kinesis record's bytes into the views the tail viewer offers: text, pretty JSON, gzip,
 * KPL, and base64/hex. base64 and hex are display encodings of the bytes, never decodings: input is
 * not guessed to be base64, because the seed's MCP server did that and corrupted plain text such as
 * "test" (KINESIS.md, "Known flaw to avoid"). Browser-safe: gzip goes through an injectable inflater.
 */
import { deaggregate, isAggregated } from './kpl';
import { errorMessage } from '../errorMessage';

/** Decompresses a gzip member. Injected so the core runs in a webview, where node:zlib does not exist. */
export type Gunzip = (bytes: Uint8Array) => Uint8Array;

/** Options for {@link decodeRecord}. */
export interface DecodeOptions {
  /**
   * The gzip inflater. Defaults to node:zlib's gunzipSync where Node is present; elsewhere, without
   * one, gzip records get a failed gzip view and fall back to the other views.
   */
  readonly gunzip?: Gunzip;
  /** How many bytes the hex view shows. Default {@link DEFAULT_MAX_HEX_BYTES}. */
  readonly maxHexBytes?: number;
  /** Refuse to inflate beyond this many bytes (gzip bombs). Default {@link DEFAULT_MAX_INFLATED_BYTES}. */
  readonly maxInflatedBytes?: number;
}

export const DEFAULT_MAX_HEX_BYTES = 4096;
/** Kinesis records are at most 10 MiB; a gzip record inflating past 64 MiB is not worth showing. */
export const DEFAULT_MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** One way to show a record's bytes. */
export type DecodedView =
  /** The bytes are valid UTF-8 without binary control characters. */
  | { readonly kind: 'text'; readonly text: string }
  /** The text parses as JSON; `text` is it pretty-printed with 2 spaces. */
  | { readonly kind: 'json'; readonly value: unknown; readonly text: string }
  /** All the bytes in base64 (for copying). */
  | { readonly kind: 'base64'; readonly text: string }
  /** The first `maxHexBytes` bytes as space-separated hex pairs. */
  | { readonly kind: 'hex'; readonly text: string; readonly byteLength: number; readonly truncated: boolean }
  /** The bytes start with the gzip magic 1F 8B; `inner` is the decoded inflated bytes. */
  | { readonly kind: 'gzip'; readonly ok: true; readonly inner: DecodedRecord }
  | { readonly kind: 'gzip'; readonly ok: false; readonly reason: string }
  /** The bytes start with the KPL magic; each user record is decoded one level deep (no nested KPL). */
  | { readonly kind: 'kpl'; readonly ok: true; readonly records: readonly DecodedUserRecord[] }
  | { readonly kind: 'kpl'; readonly ok: false; readonly reason: string };

export type DecodedViewKind = DecodedView['kind'];
export type GzipView = Extract<DecodedView, { kind: 'gzip' }>;
export type KplView = Extract<DecodedView, { kind: 'kpl' }>;

/** A user record from a KPL aggregated record, with its own decoded views. */
export interface DecodedUserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly decoded: DecodedRecord;
}

/** Every view that applies to a record, and the one to show first. */
export interface DecodedRecord {
  readonly byteLength: number;
  /** In a stable order: kpl, gzip, json, text, base64, hex (those that apply). */
  readonly views: readonly DecodedView[];
  /** The first of: KPL (when it parsed), gzip (when it inflated to JSON or text), JSON, text, hex. */
  readonly primary: DecodedView;
}

/** Decodes a record's bytes into every view that applies. Never throws. */
export function decodeRecord(bytes: Uint8Array, options: DecodeOptions = {}): DecodedRecord {
  return decode(bytes, options, { kpl: true, gzip: true });
}

interface Allowed {
  readonly kpl: boolean;
  readonly gzip: boolean;
}

function decode(bytes: Uint8Array, options: DecodeOptions, allowed: Allowed): DecodedRecord {
  const views: DecodedView[] = [];
  let kpl: KplView | undefined;
  let gzip: GzipView | undefined;

  if (allowed.kpl && isAggregated(bytes)) {
    const result = deaggregate(bytes);
    kpl = result.ok
      ? {
          kind: 'kpl',
          ok: true,
          // One level: a user record may be gzip or JSON, but not KPL again.
          records: result.records.map((record) => ({ ...record, decoded: decode(record.data, options, { kpl: false, gzip: true }) })),
        }
      : { kind: 'kpl', ok: false, reason: result.reason };
    views.push(kpl);
  }
  if (allowed.gzip && isGzip(bytes)) {
    gzip = inflate(bytes, options);
    views.push(gzip);
  }
  const text = decodeText(bytes);
  const json = text === undefined ? undefined : parseJson(text.text);
  if (json) views.push(json);
  if (text) views.push(text);
  views.push({ kind: 'base64', text: toBase64(bytes) });
  const hex = toHexView(bytes, options.maxHexBytes ?? DEFAULT_MAX_HEX_BYTES);
  views.push(hex);

  let primary: DecodedView = json ?? text ?? hex;
  if (gzip?.ok && (gzip.inner.primary.kind === 'json' || gzip.inner.primary.kind === 'text')) primary = gzip;
  if (kpl?.ok) primary = kpl;
  return { byteLength: bytes.length, views, primary };
}

// ---- fast summary for the tail table -------------------------------------------------------------

/** What {@link summarizeRecord} found a record to be. */
export type RecordSummaryKind = 'json' | 'text' | 'gzip' | 'kpl' | 'binary';

/** Options for {@link summarizeRecord}. */
export interface SummarizeOptions {
  /** As {@link DecodeOptions.gunzip}. */
  readonly gunzip?: Gunzip;
  /** As {@link DecodeOptions.maxInflatedBytes}. */
  readonly maxInflatedBytes?: number;
  /** Length of {@link RecordSummary.preview}. Default {@link DEFAULT_MAX_PREVIEW_CHARS}. */
  readonly maxPreviewChars?: number;
  /** Keep the parsed JSON in {@link RecordSummary.jsonValue} (JSON is parsed either way, to tell it from text). Default true. */
  readonly parseJson?: boolean;
}

export const DEFAULT_MAX_PREVIEW_CHARS = 200;
/** Bytes a binary record's preview shows in hex. */
const BINARY_PREVIEW_BYTES = 32;

/** A user record of a KPL aggregated record, summarized one level deep (never 'kpl' again). */
export interface SummarizedUserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
  readonly summary: RecordSummary;
}

/** One record as the tail table shows it. */
export interface RecordSummary {
  readonly kind: RecordSummaryKind;
  /** Size of the record as stored (before inflating). */
  readonly byteLength: number;
  /**
   * One line (CR, LF and tab shown as spaces) of at most `maxPreviewChars` characters, plus '…' when
   * cut. json/text: the text; gzip: the inflated content's; kpl: the user records' previews joined by
   * ' | '; binary: hex of the first bytes.
   */
  readonly preview: string;
  /** The parsed value when kind is 'json', or 'gzip' with JSON inside (unless parseJson is false). */
  readonly jsonValue?: unknown;
  /** The whole text for json and text (and gzip with text or JSON inside). */
  readonly text?: string;
  /** 'gzip' only: what the inflated bytes are. */
  readonly inner?: 'json' | 'text' | 'binary';
  /** 'kpl' only (the MD5 and the protobuf were valid): the user records, in order. */
  readonly userRecords?: readonly SummarizedUserRecord[];
  /**
   * Set when the bytes looked like gzip or KPL but could not be decoded (bad MD5, corrupt gzip): the
   * record is then summarized as its plain bytes, and this says why.
   */
  readonly fallbackReason?: string;
}

/**
 * Summarizes a record in one cheap pass for the tail's table: what it is, a one-line preview, the
 * parsed JSON, KPL user records. Builds no base64, hex or pretty-printed views (use
 * {@link decodeRecord} for the detail view). Never throws.
 */
export function summarizeRecord(bytes: Uint8Array, options: SummarizeOptions = {}): RecordSummary {
  if (isAggregated(bytes)) {
    // Views, not copies: the aggregate's bytes are kept by whoever keeps the record.
    const result = deaggregate(bytes, { copyData: false });
    if (!result.ok) return { ...summarizeMaybeGzip(bytes, options), fallbackReason: result.reason };
    const userRecords: SummarizedUserRecord[] = new Array(result.records.length);
    for (let i = 0; i < result.records.length; i++) {
      const { partitionKey, explicitHashKey, data } = result.records[i];
      const summary = summarizeMaybeGzip(data, options);
      userRecords[i] = explicitHashKey === undefined ? { partitionKey, data, summary } : { partitionKey, explicitHashKey, data, summary };
    }
    const max = options.maxPreviewChars ?? DEFAULT_MAX_PREVIEW_CHARS;
    let preview = '';
    for (const user of userRecords) {
      preview += (preview ? ' | ' : '') + user.summary.preview;
      if (preview.length >= max) break;
    }
    return { kind: 'kpl', byteLength: bytes.length, preview: cut(preview, max), userRecords };
  }
  return summarizeMaybeGzip(bytes, options);
}

function summarizeMaybeGzip(bytes: Uint8Array, options: SummarizeOptions): RecordSummary {
  if (!isGzip(bytes)) return summarizePlain(bytes, options);
  const limit = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const gunzip = options.gunzip ?? nodeGunzip(limit);
  let failure: string;
  if (!gunzip) {
    failure = 'no gzip inflater is available here';
  } else {
    try {
      const inflated = gunzip(bytes);
      if (inflated.length <= limit) {
        const inner = summarizePlain(inflated, options);
        return {
          kind: 'gzip',
          byteLength: bytes.length,
          preview: inner.preview,
          jsonValue: inner.jsonValue,
          text: inner.text,
          inner: inner.kind === 'json' || inner.kind === 'text' ? inner.kind : 'binary',
        };
      }
      failure = `inflates to more than ${limit} bytes`;
    } catch (error) {
      failure = `cannot inflate: ${errorMessage(error)}`;
    }
  }
  return { ...summarizePlain(bytes, options), fallbackReason: failure };
}

function summarizePlain(bytes: Uint8Array, options: SummarizeOptions): RecordSummary {
  const max = options.maxPreviewChars ?? DEFAULT_MAX_PREVIEW_CHARS;
  const text = decodeText(bytes)?.text;
  if (text === undefined) {
    const shown = Math.min(bytes.length, BINARY_PREVIEW_BYTES);
    const pairs = new Array<string>(shown);
    for (let i = 0; i < shown; i++) pairs[i] = HEX_PAIRS[bytes[i]];
    return { kind: 'binary', byteLength: bytes.length, preview: pairs.join(' ') + (shown < bytes.length ? ' …' : '') };
  }
  const preview = cut(oneLine(text), max);
  if (looksLikeJson(text)) {
    try {
      const value: unknown = JSON.parse(text);
      return options.parseJson === false
        ? { kind: 'json', byteLength: bytes.length, preview, text }
        : { kind: 'json', byteLength: bytes.length, preview, jsonValue: value, text };
    } catch {
      // Not JSON after all: plain text.
    }
  }
  return { kind: 'text', byteLength: bytes.length, preview, text };
}

const LINE_BREAKS = /[\r\n\t]/g;

function oneLine(text: string): string {
  // Only the start is shown: replace within a slice a little longer than any preview.
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  return head.includes('\n') || head.includes('\r') || head.includes('\t') ? head.replace(LINE_BREAKS, ' ') : head;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Cheap pre-check: JSON.parse throwing on every plain-text record is slow when tailing. */
function looksLikeJson(text: string): boolean {
  const first = text.trimStart().charAt(0);
  return first !== '' && '{["-0123456789tfn'.includes(first);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function inflate(bytes: Uint8Array, options: DecodeOptions): GzipView {
  const limit = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const gunzip = options.gunzip ?? nodeGunzip(limit);
  if (!gunzip) return { kind: 'gzip', ok: false, reason: 'no gzip inflater is available here' };
  let inflated: Uint8Array;
  try {
    inflated = gunzip(bytes);
  } catch (error) {
    return { kind: 'gzip', ok: false, reason: `cannot inflate: ${errorMessage(error)}` };
  }
  if (inflated.length > limit) return { kind: 'gzip', ok: false, reason: `inflates to more than ${limit} bytes` };
  // Only one gzip level: gzip inside gzip is shown as bytes.
  return { kind: 'gzip', ok: true, inner: decode(inflated, options, { kpl: false, gzip: false }) };
}

interface NodeZlib {
  gunzipSync(bytes: Uint8Array, options?: { maxOutputLength?: number }): Uint8Array;
}

/**
 * node:zlib's gunzipSync when running in Node, found through process.getBuiltinModule (Node ≥ 20.16)
 * rather than an import, so that bundling this file for the webview does not pull in node:zlib.
 */
let nodeZlib: NodeZlib | null | undefined;

function nodeGunzip(limit: number): Gunzip | undefined {
  if (nodeZlib === undefined) {
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    nodeZlib = (host.process?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined) ?? null;
  }
  const zlib = nodeZlib;
  if (!zlib) return undefined;
  return (bytes) => zlib.gunzipSync(bytes, { maxOutputLength: limit });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// C0 controls other than tab, LF, FF and CR, and DEL: valid UTF-8 but a sign of binary data
// (a protobuf or an int array is often pure ASCII), which is better shown as hex than as text.
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function decodeText(bytes: Uint8Array): Extract<DecodedView, { kind: 'text' }> | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  if (BINARY_CONTROL.test(text)) return undefined;
  return { kind: 'text', text };
}

function parseJson(text: string): Extract<DecodedView, { kind: 'json' }> | undefined {
  if (!looksLikeJson(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return { kind: 'json', value, text: JSON.stringify(value, null, 2) };
  } catch {
    return undefined;
  }
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding, without Buffer or btoa so it runs anywhere. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + BASE64_ALPHABET[(n >> 6) & 63] + BASE64_ALPHABET[n & 63];
    if (chunk.length >= 4096) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    chunk += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    chunk += BASE64_ALPHABET[n >> 18] + BASE64_ALPHABET[(n >> 12) & 63] + BASE64_ALPHABET[(n >> 6) & 63] + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHexView(bytes: Uint8Array, maxBytes: number): Extract<DecodedView, { kind: 'hex' }> {
  const shown = Math.min(bytes.length, Math.max(0, Math.floor(maxBytes)));
  const pairs = new Array<string>(shown);
  for (let i = 0; i < shown; i++) pairs[i] = HEX_PAIRS[bytes[i]];
  return { kind: 'hex', text: pairs.join(' '), byteLength: bytes.length, truncated: shown < bytes.length };
}
