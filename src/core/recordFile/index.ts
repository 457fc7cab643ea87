/**
 * `.kinesis` record files: parser, diagnostics, CodeLens/completion/hover models, encoding and
 * sending. Everything here is vscode-free; src/features/recordFiles adapts it to the editor.
 */
import type { VersionedTextDocument } from '../documents';
import type { RecordFile } from './model';
import { parseRecordFile } from './parser';

export * from './encoding';
export * from './languageFeatures';
export * from './model';
export { isCommentLine, isPutLine, isSeparatorLine, parseHeaderLine, parseRecordFile } from './parser';
export * from './send';
export * from './streamCache';
export * from './validate';

/** Parses each document version once, however many providers ask. */
export class RecordFileCache {
  readonly #entries = new Map<string, { version: number; file: RecordFile }>();

  get(document: VersionedTextDocument): RecordFile {
    const cached = this.#entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.file;
    const file = parseRecordFile(document.getText());
    this.#entries.set(document.uri, { version: document.version, file });
    return file;
  }

  evict(uri: string): void {
    this.#entries.delete(uri);
  }
}

/** The example block of "Kinesis: New Record File". */
export function newRecordFileTemplate(stream: string, eol = '\n'): string {
  return [
    '-- Kinesis record file: each block is one record. Use the "Put record" / "Put all" CodeLens to send.',
    '-- Headers: partition-key (required), encoding (text | json | base64 | hex), region, explicit-hash-key.',
    `PUT ${stream}`,
    'partition-key: device-1',
    'encoding: json',
    '{ "deviceId": "device-1", "temperature": 21.5 }',
    '###',
    `PUT ${stream}`,
    'partition-key: device-2',
    'Plain text is sent as UTF-8 (encoding: text is the default).',
    '',
  ].join(eol);
}
