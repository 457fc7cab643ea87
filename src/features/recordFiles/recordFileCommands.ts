/**
 * "Put record" (one block), "Put all" (every block) and "New Record File". Sending commands check
 * the mutation guard first, then validate every block they will send (plus a fresh look at the live
 * stream list) before the first record leaves: a file with one bad block sends nothing and says
 * which line is wrong. All take optional arguments so tests and scripts can run them.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { EntryOutcome } from '../../core/kinesis/putRecords';
import type { ILogger } from '../../core/logging';
import {
  blockAtLine,
  describeProblems,
  newRecordFileTemplate,
  prepareRecords,
  RecordFileDiagnosticCodes,
  sendRecords,
  type PreparedRecord,
  type RecordBlock,
  type RecordFile,
  type RecordFileCache,
  type RecordFileDiagnostic,
  type SendRecordsResult,
  type StreamNameCache,
} from '../../core/recordFile';
import { UserFacingError, type ErrorPresenter } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { ConnectionManager } from '../../services/connectionManager';
import { asCoreDocument, toVsRange } from '../../platform/convert';
import { RECORD_FILE_LANGUAGE } from './recordFileDiagnostics';

/** Arguments of the put commands; from a CodeLens `{ uri, blockIndex }`, from the editor title a Uri. */
export interface RecordFilePutArgs {
  /** The `.kinesis` document; default: the active editor's. */
  readonly uri?: vscode.Uri | string;
  /** Which block (0-based) for Put record; default: the block at `line`, else at the cursor. */
  readonly blockIndex?: number;
  /** A 0-based line inside the block, instead of `blockIndex`. */
  readonly line?: number;
  /** Cancels sending (tests; the progress notification's Cancel does the same). */
  readonly signal?: AbortSignal;
}

/** One block's result. */
export interface RecordFileRecordResult {
  readonly blockIndex: number;
  /** The block's `PUT` line, 0-based. */
  readonly line: number;
  readonly region: string;
  readonly stream: string;
  readonly outcome: EntryOutcome;
}

/** What a put command returns (undefined when it was refused before validation, e.g. read-only). */
export type RecordFilePutOutcome =
  | { readonly outcome: 'invalid'; readonly problems: readonly RecordFileDiagnostic[]; readonly message: string }
  | {
    readonly outcome: 'sent';
    readonly total: number;
    readonly sent: number;
    readonly failed: number;
    readonly notSent: number;
    readonly unknown: number;
    readonly retried: number;
    readonly cancelled: boolean;
    readonly records: readonly RecordFileRecordResult[];
  };

export interface NewRecordFileArgs {
  /** The stream of the example block; default: the current region's first stream, else "my-stream". */
  readonly stream?: string;
}

export class RecordFileCommands {
  constructor(
    private readonly gateway: KinesisGateway,
    private readonly connections: ConnectionManager,
    private readonly guard: MutationGuard,
    private readonly files: RecordFileCache,
    private readonly streams: StreamNameCache,
    private readonly errors: ErrorPresenter,
    private readonly logger: ILogger,
  ) {}

  async putRecord(arg?: RecordFilePutArgs | vscode.Uri): Promise<RecordFilePutOutcome | undefined> {
    this.guard.assertMutationAllowed(vscode.l10n.t('put a record'));
    const args = normalize(arg);
    const document = await this.#document(args);
    const file = this.files.get(asCoreDocument(document));
    const block = this.#block(file, document, args);
    return this.#send(document, file, [block], args.signal, 'putRecord');
  }

  async putAll(arg?: RecordFilePutArgs | vscode.Uri): Promise<RecordFilePutOutcome | undefined> {
    this.guard.assertMutationAllowed(vscode.l10n.t('put records'));
    const args = normalize(arg);
    const document = await this.#document(args);
    const file = this.files.get(asCoreDocument(document));
    if (file.blocks.length === 0) {
      throw new UserFacingError(vscode.l10n.t('{0} has no blocks. A block starts with "PUT <stream>", then "partition-key: <key>", then the data.', path.basename(document.uri.path)));
    }
    return this.#send(document, file, file.blocks, args.signal, 'putRecords');
  }

  async newRecordFile(arg?: NewRecordFileArgs): Promise<{ uri: vscode.Uri; stream: string }> {
    let stream = typeof arg?.stream === 'string' && arg.stream ? arg.stream : undefined;
    const region = this.connections.current.region;
    if (!stream && region) {
      // A slow or failing listing must not hold the editor back: fall back to a placeholder.
      const names = await Promise.race([this.streams.load(region), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000))]);
      stream = names && [...names].sort()[0];
    }
    stream ??= 'my-stream';
    const document = await vscode.workspace.openTextDocument({ language: RECORD_FILE_LANGUAGE, content: newRecordFileTemplate(stream) });
    await vscode.window.showTextDocument(document, { preview: false });
    return { uri: document.uri, stream };
  }

  /** `putRecord` sends the one block with PutRecord (its error, if any, is shown as is); `putRecords` batches. */
  async #send(document: vscode.TextDocument, file: RecordFile, blocks: readonly RecordBlock[], signal: AbortSignal | undefined, api: 'putRecord' | 'putRecords'): Promise<RecordFilePutOutcome> {
    const name = path.basename(document.uri.path);
    const defaultRegion = this.connections.current.region;
    const prepared = prepareRecords(file, { defaultRegion }, blocks);
    let problems: RecordFileDiagnostic[] = prepared.ok ? [] : [...prepared.problems];
    if (prepared.ok) problems = await this.#unknownStreams(prepared.records, file);
    if (problems.length > 0 || !prepared.ok) {
      const message = problems.length === 1
        ? vscode.l10n.t('Nothing was sent: {0} has a problem: {1}', name, describeProblems(problems))
        : vscode.l10n.t('Nothing was sent: {0} has {1} problems: {2}', name, problems.length, describeProblems(problems));
      this.errors.present(new UserFacingError(message), 'record file');
      await revealProblem(document, problems[0]);
      return { outcome: 'invalid', problems, message };
    }
    const records = prepared.records;
    const single = records.length === 1;
    const title = single
      ? vscode.l10n.t('Putting the record from line {0} into "{1}"…', records[0].line + 1, records[0].stream)
      : vscode.l10n.t('Putting {0} records from {1}…', records.length, name);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = () => abort.abort();
      token.onCancellationRequested(cancel);
      signal?.addEventListener('abort', cancel, { once: true });
      if (signal?.aborted) abort.abort();
      let reported = 0;
      try {
        if (api === 'putRecord' && single) return await this.#putOne(records[0], abort.signal);
        return await sendRecords({
          gateway: this.gateway,
          targetFor: (region) => this.connections.targetFor(region),
          records,
          signal: abort.signal,
          logger: this.logger,
          onProgress: (done, total) => {
            progress.report({ message: vscode.l10n.t('{0} of {1}', done, total), increment: ((done - reported) / total) * 100 });
            reported = done;
          },
        });
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    });
    const results: RecordFileRecordResult[] = records.map((r, i) => ({ blockIndex: r.blockIndex, line: r.line, region: r.region, stream: r.stream, outcome: result.outcomes[i] }));
    this.logger.info(`${name}: ${result.sent} sent, ${result.failed} failed, ${result.notSent} not sent, ${result.unknown} unknown, ${result.retried} re-sent${result.cancelled ? ' (cancelled)' : ''}`);
    this.#report(name, results, result.cancelled);
    return { outcome: 'sent', total: records.length, sent: result.sent, failed: result.failed, notSent: result.notSent, unknown: result.unknown, retried: result.retried, cancelled: result.cancelled, records: results };
  }

  /** One record with PutRecord, shaped like a one-record {@link sendRecords} result. */
  async #putOne(record: PreparedRecord, signal: AbortSignal): Promise<SendRecordsResult> {
    const notSent = { outcomes: [{ status: 'notSent' } as const], sent: 0, failed: 0, notSent: 1, unknown: 0, retried: 0, requests: 0, cancelled: true };
    if (signal.aborted) return notSent;
    try {
      const stored = await this.gateway.putRecord(this.connections.targetFor(record.region),
        { stream: record.stream, partitionKey: record.partitionKey, data: record.data, explicitHashKey: record.explicitHashKey }, { signal });
      return { outcomes: [{ status: 'sent', ...stored }], sent: 1, failed: 0, notSent: 0, unknown: 0, retried: 0, requests: 1, cancelled: false };
    } catch (error) {
      // Cancelled in flight: Kinesis may or may not have stored it.
      if (signal.aborted) return { ...notSent, outcomes: [{ status: 'unknown' }], notSent: 0, unknown: 1, requests: 1 };
      throw error;
    }
  }

  /** Blocks whose stream is missing from a fresh listing of its region (skipped when listing fails). */
  async #unknownStreams(records: readonly PreparedRecord[], file: RecordFile): Promise<RecordFileDiagnostic[]> {
    const problems: RecordFileDiagnostic[] = [];
    const regions = [...new Set(records.map((r) => r.region))];
    const listed = new Map(await Promise.all(regions.map(async (region) => [region, await this.streams.load(region)] as const)));
    for (const record of records) {
      const names = listed.get(record.region);
      if (names && !names.has(record.stream)) {
        const block = file.blocks[record.blockIndex];
        problems.push({
          code: RecordFileDiagnosticCodes.unknownStream,
          severity: 'error',
          message: vscode.l10n.t('there is no stream "{0}" in {1}.', record.stream, record.region),
          range: block.stream?.range ?? block.putRange,
          blockIndex: record.blockIndex,
        });
      }
    }
    return problems;
  }

  #report(name: string, results: readonly RecordFileRecordResult[], cancelled: boolean): void {
    const sent = results.filter((r) => r.outcome.status === 'sent');
    if (results.length === 1 && sent.length === 1) {
      const r = sent[0];
      const o = r.outcome as Extract<EntryOutcome, { status: 'sent' }>;
      void vscode.window.showInformationMessage(vscode.l10n.t('Record from line {0} stored in "{1}" ({2}): {3}, sequence number {4}.', r.line + 1, r.stream, r.region, o.shardId, o.sequenceNumber));
      return;
    }
    const failed = results.filter((r) => r.outcome.status === 'failed');
    const notSent = results.filter((r) => r.outcome.status === 'notSent');
    const unknown = results.filter((r) => r.outcome.status === 'unknown').length;
    const streams = new Set(sent.map((r) => r.stream)).size;
    const parts = [...(cancelled ? [vscode.l10n.t('Cancelled.')] : []), storedSentence(sent.length, results.length, name, streams)];
    if (failed.length > 0) {
      const first = failed.slice(0, 3).map((r) => {
        const o = r.outcome as Extract<EntryOutcome, { status: 'failed' }>;
        return o.message
          ? vscode.l10n.t('line {0}: {1} ({2})', r.line + 1, o.errorCode, o.message)
          : vscode.l10n.t('line {0}: {1}', r.line + 1, o.errorCode);
      });
      parts.push(vscode.l10n.t('{0} failed: {1}.', failed.length, first.join('; ') + (failed.length > 3 ? '; …' : '')));
    }
    // A request refused as a whole (a missing stream, no access) leaves its records not sent, with the reason.
    const causes = [...new Set(notSent.map((r) => (r.outcome as Extract<EntryOutcome, { status: 'notSent' }>).cause).filter((c) => c !== undefined).map((c) => `${c.code} (${c.message})`))];
    if (notSent.length > 0) {
      parts.push(causes.length > 0
        ? vscode.l10n.t('{0} not sent: {1}.', notSent.length, causes.slice(0, 3).join('; ') + (causes.length > 3 ? '; …' : ''))
        : vscode.l10n.t('{0} not sent.', notSent.length));
    }
    if (unknown > 0) parts.push(vscode.l10n.t('{0} may or may not have been stored (cancelled while in flight, or no answer came back).', unknown));
    const message = parts.join(' ');
    if (failed.length > 0 || unknown > 0 || causes.length > 0) void vscode.window.showWarningMessage(message);
    else void vscode.window.showInformationMessage(message);
  }

  async #document(args: RecordFilePutArgs): Promise<vscode.TextDocument> {
    if (args.uri) {
      const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
      return vscode.workspace.openTextDocument(uri);
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === RECORD_FILE_LANGUAGE) return active;
    throw new UserFacingError(vscode.l10n.t('Open a .kinesis record file first (or run "Kinesis: New Record File").'));
  }

  #block(file: RecordFile, document: vscode.TextDocument, args: RecordFilePutArgs): RecordBlock {
    if (args.blockIndex !== undefined) {
      const block = file.blocks[args.blockIndex];
      if (!block) {
        const fileName = path.basename(document.uri.path);
        throw new UserFacingError(file.blocks.length === 1
          ? vscode.l10n.t('{0} has 1 block; there is no block {1}.', fileName, args.blockIndex + 1)
          : vscode.l10n.t('{0} has {1} blocks; there is no block {2}.', fileName, file.blocks.length, args.blockIndex + 1));
      }
      return block;
    }
    const editor = vscode.window.activeTextEditor;
    const line = args.line ?? (editor?.document === document ? editor.selection.active.line : undefined);
    const block = line !== undefined ? blockAtLine(file, line) : file.blocks.length === 1 ? file.blocks[0] : undefined;
    if (!block) {
      throw new UserFacingError(line !== undefined
        ? vscode.l10n.t('Line {0} is not inside a block: put the cursor in a "PUT <stream>" block.', line + 1)
        : vscode.l10n.t('Which block? Put the cursor in a "PUT <stream>" block, or use its "Put record" CodeLens.'));
    }
    return block;
  }
}

/** "Stored N of M records from F in S streams.": each count's singular and plural are whole sentences. */
function storedSentence(stored: number, total: number, file: string, streams: number): string {
  if (streams === 0) {
    return total === 1 ? vscode.l10n.t('Stored {0} of 1 record from {1}.', stored, file) : vscode.l10n.t('Stored {0} of {1} records from {2}.', stored, total, file);
  }
  if (total === 1) {
    return vscode.l10n.t('Stored {0} of 1 record from {1} in 1 stream.', stored, file);
  }
  return streams === 1
    ? vscode.l10n.t('Stored {0} of {1} records from {2} in 1 stream.', stored, total, file)
    : vscode.l10n.t('Stored {0} of {1} records from {2} in {3} streams.', stored, total, file, streams);
}

function normalize(arg: RecordFilePutArgs | vscode.Uri | undefined): RecordFilePutArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  return arg && typeof arg === 'object' ? arg : {};
}

/** Moves the cursor to the first problem so the user sees what to fix. */
async function revealProblem(document: vscode.TextDocument, problem: RecordFileDiagnostic | undefined): Promise<void> {
  if (!problem) return;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (!editor) return;
  const range = toVsRange(problem.range);
  editor.selection = new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
