/**
 * Diagnostics for `.kinesis` record files. Codes are stable strings (tests and users' filters key on
 * them), so never rename one. The same checks decide whether a block may be sent: a block with an
 * error-severity diagnostic is never put.
 */
import { DEFAULT_MAX_RECORD_BYTES, MIB, RAISED_MAX_RECORD_BYTES } from '../analysis/limits';
import { validateHashKey, validatePartitionKey, validateRegionName, validateStreamName } from '../kinesis/validation';
import { entrySize } from '../kinesis/putRecords';
import type { DiagnosticSeverity, EditorDiagnostic } from '../documents';
import { range, type Range } from '../text';
import { encodeBody } from './encoding';
import {
  DEFAULT_RECORD_FILE_ENCODING,
  headerOf,
  RECORD_FILE_ENCODINGS,
  RECORD_FILE_HEADERS,
  type RecordBlock,
  type RecordFile,
  type RecordFileEncoding,
} from './model';

export const RecordFileDiagnosticCodes = {
  missingStream: 'kinesis.recordFile.missingStream',
  invalidStreamName: 'kinesis.recordFile.invalidStreamName',
  unknownStream: 'kinesis.recordFile.unknownStream',
  missingPartitionKey: 'kinesis.recordFile.missingPartitionKey',
  invalidPartitionKey: 'kinesis.recordFile.invalidPartitionKey',
  unknownHeader: 'kinesis.recordFile.unknownHeader',
  duplicateHeader: 'kinesis.recordFile.duplicateHeader',
  invalidEncoding: 'kinesis.recordFile.invalidEncoding',
  invalidRegion: 'kinesis.recordFile.invalidRegion',
  /** Only when sending: the block has no region header and no region is selected. */
  missingRegion: 'kinesis.recordFile.missingRegion',
  invalidExplicitHashKey: 'kinesis.recordFile.invalidExplicitHashKey',
  emptyBody: 'kinesis.recordFile.emptyBody',
  invalidJson: 'kinesis.recordFile.invalidJson',
  invalidBase64: 'kinesis.recordFile.invalidBase64',
  invalidHex: 'kinesis.recordFile.invalidHex',
  /** Over the 10 MiB Kinesis maximum (or `maxRecordBytes`): no stream accepts it. */
  recordTooLarge: 'kinesis.recordFile.recordTooLarge',
  /** Over the 1 MiB default: only streams whose maximum record size was raised accept it. */
  recordAboveDefaultSize: 'kinesis.recordFile.recordAboveDefaultSize',
  textOutsideBlock: 'kinesis.recordFile.textOutsideBlock',
  missingSeparator: 'kinesis.recordFile.missingSeparator',
} as const;

export type RecordFileDiagnosticCode = (typeof RecordFileDiagnosticCodes)[keyof typeof RecordFileDiagnosticCodes];

/** A record-file diagnostic: the shared editor-neutral shape plus the block it belongs to. */
export interface RecordFileDiagnostic extends EditorDiagnostic<RecordFileDiagnosticCode> {
  /** The block the diagnostic belongs to; undefined for text outside blocks. */
  readonly blockIndex?: number;
}

/** What validation knows beyond the text. Everything is optional: without it those checks are skipped. */
export interface RecordFileValidationContext {
  /** The region of blocks without a `region:` header (the connection's current region). */
  readonly defaultRegion?: string;
  /**
   * The live stream names of `region`, or undefined when they are not known (no connection, listing
   * failed, not loaded yet): then no block in that region gets an unknown-stream diagnostic.
   */
  readonly streamsIn?: (region: string) => ReadonlySet<string> | undefined;
  /** Data + partition key limit above which a record is an error. Default 10 MiB (the raised maximum). */
  readonly maxRecordBytes?: number;
}

/** The region a block goes to: its `region:` header, else the default. */
export function blockRegion(block: RecordBlock, defaultRegion: string | undefined): string | undefined {
  return headerOf(block, 'region')?.value || defaultRegion;
}

/** The block's encoding, when its `encoding:` header (if any) names a known one. */
export function blockEncoding(block: RecordBlock): RecordFileEncoding | undefined {
  const header = headerOf(block, 'encoding');
  if (!header) return DEFAULT_RECORD_FILE_ENCODING;
  const value = header.value.toLowerCase();
  return (RECORD_FILE_ENCODINGS as readonly string[]).includes(value) ? (value as RecordFileEncoding) : undefined;
}

export function validateRecordFile(file: RecordFile, context: RecordFileValidationContext = {}): RecordFileDiagnostic[] {
  const diagnostics: RecordFileDiagnostic[] = [];
  for (const stray of file.strayLines) {
    diagnostics.push({
      code: RecordFileDiagnosticCodes.textOutsideBlock,
      severity: 'error',
      message: 'This line is outside any block. Start a block with "PUT <stream>", or make the line a comment with "--".',
      range: stray,
    });
  }
  for (const block of file.blocks) diagnostics.push(...validateBlock(file, block, context));
  return diagnostics;
}

/** Diagnostics of one block (see {@link validateRecordFile}). */
export function validateBlock(file: RecordFile, block: RecordBlock, context: RecordFileValidationContext = {}): RecordFileDiagnostic[] {
  const out: RecordFileDiagnostic[] = [];
  const add = (code: RecordFileDiagnosticCode, message: string, at: Range, severity: DiagnosticSeverity = 'error') =>
    out.push({ code, severity, message, range: at, blockIndex: block.index });

  // Stream name.
  if (!block.stream) {
    add(RecordFileDiagnosticCodes.missingStream, 'Name the stream after PUT, e.g. "PUT my-stream".', block.keywordRange);
  } else {
    const problem = validateStreamName(block.stream.text);
    if (problem) add(RecordFileDiagnosticCodes.invalidStreamName, problem, block.stream.range);
  }

  // Headers.
  const seen = new Set<string>();
  for (const header of block.headers) {
    if (!(RECORD_FILE_HEADERS as readonly string[]).includes(header.key)) {
      add(RecordFileDiagnosticCodes.unknownHeader,
        `Unknown header "${header.name}". Headers are ${RECORD_FILE_HEADERS.join(', ')}. If this line is the record's data, put a blank line above it.`,
        header.nameRange);
      continue;
    }
    if (seen.has(header.key)) {
      add(RecordFileDiagnosticCodes.duplicateHeader, `"${header.key}" is set twice in this block; only the first one counts. Remove this line.`, header.range);
      continue;
    }
    seen.add(header.key);
    const valueOrName = header.value ? header.valueRange : header.nameRange;
    switch (header.key) {
      case 'partition-key': {
        const problem = validatePartitionKey(header.value);
        if (problem) add(RecordFileDiagnosticCodes.invalidPartitionKey, problem, valueOrName);
        break;
      }
      case 'encoding':
        if (blockEncoding(block) === undefined) {
          add(RecordFileDiagnosticCodes.invalidEncoding,
            `${header.value ? `Unknown encoding "${header.value}"` : 'The encoding is empty'}: use one of ${RECORD_FILE_ENCODINGS.join(', ')} (text is the default).`,
            valueOrName);
        }
        break;
      case 'region': {
        const problem = header.value ? validateRegionName(header.value) : 'The region is empty: name one, e.g. "region: us-east-1", or remove the line to use the current region.';
        if (problem) add(RecordFileDiagnosticCodes.invalidRegion, problem, valueOrName);
        break;
      }
      case 'explicit-hash-key': {
        const problem = validateHashKey(header.value);
        if (problem) add(RecordFileDiagnosticCodes.invalidExplicitHashKey, `Explicit hash key: ${problem}`, valueOrName);
        break;
      }
    }
  }

  const partitionKey = headerOf(block, 'partition-key');
  if (!partitionKey) {
    add(RecordFileDiagnosticCodes.missingPartitionKey,
      'This block has no partition key. Add a line "partition-key: <key>" below PUT: records with the same key go to the same shard, in order.',
      block.putRange);
  }

  // Live stream list.
  const region = blockRegion(block, context.defaultRegion);
  if (block.stream && region && context.streamsIn && !validateStreamName(block.stream.text) && !(headerOf(block, 'region') && validateRegionName(region))) {
    const streams = context.streamsIn(region);
    if (streams && !streams.has(block.stream.text)) {
      add(RecordFileDiagnosticCodes.unknownStream, `There is no stream "${block.stream.text}" in ${region}.`, block.stream.range, 'warning');
    }
  }

  // Body.
  for (const line of block.putLikeBodyLines) {
    add(RecordFileDiagnosticCodes.missingSeparator,
      'This line is part of the previous record\'s data. To start a new block here, put a line "###" above it.',
      range(line, 0, line, file.lines.lineLength(line)), 'warning');
  }
  const encoding = blockEncoding(block);
  if (!block.body) {
    add(RecordFileDiagnosticCodes.emptyBody, 'This block has no data: write the record below its headers (a record needs at least 1 byte).', block.putRange);
  } else if (encoding) {
    const encoded = encodeBody(block.body.text, encoding);
    if (!encoded.ok) {
      if (encoded.json) {
        const at = bodyPosition(block, encoded.json.offset);
        add(RecordFileDiagnosticCodes.invalidJson,
          `${encoded.message} (line ${at.line + 1}, column ${at.character + 1}). Fix it, or use "encoding: text" to send it as-is.`,
          block.body.range);
      } else {
        add(encoding === 'hex' ? RecordFileDiagnosticCodes.invalidHex : RecordFileDiagnosticCodes.invalidBase64, encoded.message, block.body.range);
      }
    } else if (encoded.bytes.byteLength === 0) {
      add(RecordFileDiagnosticCodes.emptyBody, 'The data decodes to 0 bytes: a record needs at least 1 byte.', block.body.range);
    } else {
      const max = context.maxRecordBytes ?? RAISED_MAX_RECORD_BYTES;
      const size = entrySize(partitionKey?.value ?? '', encoded.bytes);
      const sizeText = `The record is ${size.toLocaleString('en-US')} bytes (data + partition key)`;
      if (size > max) {
        add(RecordFileDiagnosticCodes.recordTooLarge,
          `${sizeText}; the limit is ${max.toLocaleString('en-US')} bytes (${max / MIB} MiB). Store the payload elsewhere (e.g. S3) and send a reference.`,
          block.body.range);
      } else if (size > DEFAULT_MAX_RECORD_BYTES) {
        // Streams may raise their maximum record size up to 10 MiB; Kinesis answers for the others.
        add(RecordFileDiagnosticCodes.recordAboveDefaultSize,
          `${sizeText}, over the 1 MiB default maximum record size: only a stream whose maximum was raised (UpdateMaxRecordSize) accepts it.`,
          block.body.range, 'warning');
      }
    }
  }
  return out;
}

/** The document position of a UTF-16 offset into a block's body text (whose lines are joined with `\n`). */
export function bodyPosition(block: RecordBlock, offset: number): { line: number; character: number } {
  const body = block.body;
  if (!body) return { line: block.line, character: 0 };
  const before = body.text.slice(0, Math.max(0, Math.min(offset, body.text.length)));
  const lineOffset = before.split('\n').length - 1;
  const character = before.length - (before.lastIndexOf('\n') + 1);
  return { line: body.startLine + lineOffset, character };
}
