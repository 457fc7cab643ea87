/**
 * Record decoding for the tail viewer: text, JSON, gzip, KPL aggregation, base64/hex. vscode-free
 * and browser-safe (no Node imports), so the extension host and the webview can both use it.
 */
export {
  decodeRecord,
  DEFAULT_MAX_HEX_BYTES,
  DEFAULT_MAX_INFLATED_BYTES,
  DEFAULT_MAX_PREVIEW_CHARS,
  summarizeRecord,
  toBase64,
  type DecodedRecord,
  type DecodedUserRecord,
  type DecodedView,
  type DecodedViewKind,
  type DecodeOptions,
  type Gunzip,
  type GzipView,
  type KplView,
  type RecordSummary,
  type RecordSummaryKind,
  type SummarizedUserRecord,
  type SummarizeOptions,
} from './decoders';
export { aggregate, deaggregate, isAggregated, KPL_MAGIC, type DeaggregateOptions, type DeaggregateResult, type UserRecord } from './kpl';
