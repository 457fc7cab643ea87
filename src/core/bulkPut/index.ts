/**
 * Bulk put from data files (NDJSON, a JSON array or plain lines; not `.kinesis` record files, which
 * live in core/recordFile): streaming record sources, the pipelined put and the failed-records
 * (resend) file. Everything here is vscode-free; "Put Records from File" wraps it.
 */
export { JsonArrayFormatError } from './jsonScan';
export {
  aggregateOptionOf,
  AGGREGATION_MODES,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_CANCEL_GRACE_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_PACED_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  putRecordsFromSource,
  type AggregationMode,
  type PutProgress,
  type PutRecordsFromSourceOptions,
  type PutRecordsFromSourceResult,
} from './putFromSource';
export type { RecordRange } from './recordRanges';
export {
  DEFAULT_MAX_RECORD_BYTES,
  openDataFile,
  parseFieldPath,
  readRecords,
  sniffFormat,
  validateFieldPath,
  type ByteInput,
  type PartitionKeySource,
  type RecordFormat,
  type RecordSource,
  type RecordSourceOptions,
  type SourceRecord,
} from './recordSource';
export { createFailedRecordWriter, formatResendLine, RESEND_MARKER, RESEND_VERSION, type DataKind, type FailedRecord, type FailedRecordWriter } from './resendFormat';
