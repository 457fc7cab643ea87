/**
 * Turns what a user typed into record bytes, with the encoding always stated, never guessed: an
 * earlier tool base64-decoded anything that looked like base64 and corrupted plain text like "test".
 */

export type RecordEncoding = 'text' | 'json' | 'base64' | 'file';
import { errorMessage } from '../errorMessage';
export const RECORD_ENCODINGS: readonly RecordEncoding[] = ['text', 'json', 'base64', 'file'];

import { DEFAULT_MAX_RECORD_BYTES, RAISED_MAX_RECORD_BYTES } from '../analysis/limits';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why `data` cannot be sent with `encoding`, naming the rule; undefined when it can. */
export function validateRecordData(data: string, encoding: RecordEncoding): string | undefined {
  switch (encoding) {
    case 'text':
      return undefined;
    case 'json':
      try {
        JSON.parse(data);
        return undefined;
      } catch (error) {
        return `Data is not valid JSON (${errorMessage(error)}). Fix it, or choose the "text" encoding to send it as-is.`;
      }
    case 'base64': {
      const compact = data.replace(/\s+/g, '');
      return BASE64.test(compact) ? undefined : 'Data is not valid base64: use A–Z, a–z, 0–9, + and /, in groups of 4 characters with = padding.';
    }
    case 'file':
      return data.trim() ? undefined : 'Choose a file whose bytes become the record.';
  }
}

/**
 * The bytes of a record. For `file`, `data` is a path and `readFile` reads it.
 * @throws Error naming the rule when the data does not fit the encoding or exceeds `maxBytes`.
 */
export async function encodeRecordData(
  data: string,
  encoding: RecordEncoding,
  readFile: (path: string) => Promise<Uint8Array>,
  maxBytes = DEFAULT_MAX_RECORD_BYTES,
): Promise<Uint8Array> {
  if (!RECORD_ENCODINGS.includes(encoding)) {
    throw new Error(`Unknown encoding "${String(encoding)}": use one of ${RECORD_ENCODINGS.join(', ')}.`);
  }
  const problem = validateRecordData(data, encoding);
  if (problem) {
    throw new Error(problem);
  }
  let bytes: Uint8Array;
  switch (encoding) {
    case 'text':
    case 'json':
      bytes = new TextEncoder().encode(data);
      break;
    case 'base64':
      bytes = Uint8Array.from(Buffer.from(data.replace(/\s+/g, ''), 'base64'));
      break;
    case 'file':
      bytes = await readFile(data);
      break;
  }
  if (bytes.byteLength === 0) {
    throw new Error('A record needs at least 1 byte of data.');
  }
  if (bytes.byteLength > maxBytes) {
    const why = maxBytes === DEFAULT_MAX_RECORD_BYTES ? ' (1 MiB unless the stream\'s maximum record size was raised)' : maxBytes === RAISED_MAX_RECORD_BYTES ? ' (10 MiB, the most any stream takes)' : '';
    throw new Error(`The record is ${bytes.byteLength.toLocaleString('en-US')} bytes; the limit is ${maxBytes.toLocaleString('en-US')} bytes${why}.`);
  }
  return bytes;
}
