import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import { validatePartitionKey } from '../../core/kinesis/validation';
import type { ILogger } from '../../core/logging';
import {
  aggregateOptionOf, AGGREGATION_MODES, createFailedRecordWriter, openDataFile, putRecordsFromSource, sniffFormat, validateFieldPath,
  type AggregationMode, type PartitionKeySource, type PutRecordsFromSourceResult, type RecordFormat, type RecordRange,
} from '../../core/bulkPut';
import { UserFacingError } from '../../platform/errors';
import type { MutationGuard } from '../../platform/readOnly';
import type { ConnectionManager } from '../../services/connectionManager';
import { isProgrammatic, requireRegion, resolveStream } from './streamArgs';

export interface PutRecordsFromFileArgs {
  readonly region?: string;
  readonly stream: string;
  readonly file: string;
  /** Default: sniffed from the file's name and first bytes. */
  readonly format?: RecordFormat;
  readonly partitionKey: PartitionKeySource;
  /** Where records that could not be stored are written for re-sending. Default `<file>.failed.ndjson`. */
  readonly failedRecordsFile?: string;
  /** KPL aggregation. Default: the `kinesis.put.aggregate` setting. */
  readonly aggregate?: AggregationMode | boolean;
  /** Cancels the run (tests; the UI uses the progress notification's Cancel button). */
  readonly signal?: AbortSignal;
}

export interface PutRecordsFromFileOutcome extends PutRecordsFromSourceResult {
  /** Set when at least one record failed. */
  readonly failedRecordsFile?: string;
}

/** `kinesis.put.aggregate`, read when the command runs (a setting of this command only). */
function aggregationSetting(): AggregationMode {
  const value = vscode.workspace.getConfiguration('kinesis').get<string>('put.aggregate', 'off');
  return (AGGREGATION_MODES as readonly string[]).includes(value) ? value as AggregationMode : 'off';
}

/**
 * "Put Records from File": streams NDJSON, a JSON array or plain lines into a stream in batches,
 * several requests in flight, retrying only failed entries, with a cancellable progress bar and a
 * file of failed records the user can send again. Writes are paced per shard (core/kinesis/pacing.ts)
 * so a large file runs at the shards' write limit instead of bouncing off it, and small records can
 * be packed into KPL aggregates.
 */
export class PutFromFileCommand {
  constructor(
    private readonly gateway: KinesisGateway,
    private readonly connections: ConnectionManager,
    private readonly guard: MutationGuard,
    private readonly logger: ILogger,
  ) {}

  async run(arg?: unknown): Promise<PutRecordsFromFileOutcome | undefined> {
    this.guard.assertMutationAllowed('put records');
    const args = isProgrammatic(arg) ? arg as Partial<PutRecordsFromFileArgs> : await this.#ask(arg);
    if (!args) {
      return undefined;
    }
    const region = requireRegion(this.connections, args.region);
    if (!args.stream || !args.file || !args.partitionKey) {
      throw new UserFacingError('Give stream, file and partitionKey ({ kind: "field", path } | { kind: "fixed", value } | { kind: "random" }).');
    }
    const keyProblem = args.partitionKey.kind === 'field' ? validateFieldPath(args.partitionKey.path)
      : args.partitionKey.kind === 'fixed' ? validatePartitionKey(args.partitionKey.value) : undefined;
    if (keyProblem) {
      throw new UserFacingError(keyProblem);
    }
    const mode = args.aggregate ?? aggregationSetting();
    if (typeof mode !== 'boolean' && !AGGREGATION_MODES.includes(mode)) {
      throw new UserFacingError(vscode.l10n.t('aggregate must be one of {0} (or true / false).', AGGREGATION_MODES.join(', ')));
    }
    const aggregate = aggregateOptionOf(mode);
    const file = args.file;
    const size = await stat(file).then((s) => s.size, () => { throw new UserFacingError(`Cannot read ${file}: check that the file exists.`); });
    const format = args.format ?? sniffFormat(await readPrefix(file), path.basename(file));
    const failedRecordsFile = args.failedRecordsFile ?? `${file}.failed.ndjson`;
    const writer = createFailedRecordWriter(failedRecordsFile);
    const stream = args.stream;
    const target = this.connections.targetFor(region);
    this.logger.info(`putting records from ${path.basename(file)} (${size} bytes, ${format}) into ${stream} in ${region}, paced per shard, aggregation ${aggregate ? String(mode) : 'off'}`);

    const result = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: `Putting records into "${stream}"`, cancellable: true,
    }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      if (args.signal?.aborted) {
        abort.abort();
      }
      args.signal?.addEventListener('abort', () => abort.abort(), { once: true });
      let reported = 0;
      try {
        return await putRecordsFromSource({
          gateway: this.gateway, target, stream, logger: this.logger, signal: abort.signal, pacing: true, aggregate,
          source: openDataFile(file, { format, partitionKey: args.partitionKey! }),
          onFailedRecord: (record) => writer.write(record),
          onProgress: (p) => {
            const percent = size > 0 && p.bytesRead !== undefined ? Math.min(100, (p.bytesRead / size) * 100) : 0;
            progress.report({
              increment: percent - reported,
              message: `${p.sent.toLocaleString('en-US')} sent · ${p.failed.toLocaleString('en-US')} failed · ${p.retried.toLocaleString('en-US')} retried`,
            });
            reported = percent;
          },
        });
      } finally {
        await writer.close();
      }
    });
    const outcome: PutRecordsFromFileOutcome = { ...result, failedRecordsFile: writer.written > 0 ? failedRecordsFile : undefined };
    this.logger.info(`put from file done: ${summarize(outcome)}`);
    void this.#report(outcome, stream);
    return outcome;
  }

  async #report(outcome: PutRecordsFromFileOutcome, stream: string): Promise<void> {
    const summary = summarize(outcome);
    const actions = outcome.failedRecordsFile ? ['Open Failed Records'] : [];
    const show = outcome.error || outcome.failedCount > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const prefix = outcome.error ? `Stopped: ${outcome.error.message} ` : outcome.cancelled ? 'Cancelled. ' : '';
    const picked = await show(`${prefix}"${stream}": ${summary}`, ...actions);
    if (picked && outcome.failedRecordsFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(outcome.failedRecordsFile));
    }
  }

  async #ask(arg: unknown): Promise<Partial<PutRecordsFromFileArgs> | undefined> {
    const { region, stream } = await resolveStream(this.gateway, this.connections, arg, 'Put Records from File');
    const [file] = await vscode.window.showOpenDialog({ title: `Records to put into "${stream}"`, canSelectMany: false,
      filters: { 'Records': ['ndjson', 'jsonl', 'json', 'txt', 'log', 'csv'], 'All files': ['*'] } }) ?? [];
    if (!file) {
      return undefined;
    }
    const sniffed = sniffFormat(await readPrefix(file.fsPath), path.basename(file.fsPath));
    const formats: { label: string; description: string; format: RecordFormat }[] = [
      { label: 'NDJSON', description: 'one JSON value per line', format: 'ndjson' },
      { label: 'JSON array', description: 'a top-level [ … ] of records (read as a stream)', format: 'json-array' },
      { label: 'Plain lines', description: 'each line is a text record', format: 'lines' },
    ];
    const format = (await vscode.window.showQuickPick(formats.map((f) => ({ ...f, picked: f.format === sniffed, detail: f.format === sniffed ? 'detected' : undefined })),
      { title: 'Record format' }))?.format;
    if (!format) {
      return undefined;
    }
    const keyKinds = [
      ...(format === 'lines' ? [] : [{ label: 'A field of each record', description: 'e.g. user.id: same key, same shard, in order', source: 'field' as const }]),
      { label: 'Random', description: 'spreads records evenly; no ordering between them', source: 'random' as const },
      { label: 'One fixed key', description: 'every record goes to the same shard', source: 'fixed' as const },
    ];
    const keyKind = (await vscode.window.showQuickPick(keyKinds, { title: 'Partition key' }))?.source;
    if (!keyKind) {
      return undefined;
    }
    let partitionKey: PartitionKeySource = { kind: 'random' };
    if (keyKind !== 'random') {
      const value = await vscode.window.showInputBox({
        title: 'Partition key',
        prompt: keyKind === 'field' ? 'Field path, e.g. user.id or items[0].sku' : 'The partition key (1–256 characters)',
        validateInput: keyKind === 'field' ? validateFieldPath : validatePartitionKey,
        ignoreFocusOut: true,
      });
      if (value === undefined) {
        return undefined;
      }
      partitionKey = keyKind === 'field' ? { kind: 'field', path: value } : { kind: 'fixed', value };
    }
    const aggregate = await this.#askAggregation();
    if (!aggregate) {
      return undefined;
    }
    return { region, stream, file: file.fsPath, format, partitionKey, aggregate };
  }

  /** The wizard's Aggregation step; the setting's choice comes first and is marked. */
  async #askAggregation(): Promise<AggregationMode | undefined> {
    const current = aggregationSetting();
    const choices: { label: string; description: string; mode: AggregationMode }[] = [
      { label: vscode.l10n.t('No aggregation'), description: vscode.l10n.t('one Kinesis record per record; any consumer reads them'), mode: 'off' },
      { label: vscode.l10n.t('KPL aggregation'), description: vscode.l10n.t('packs small records into aggregates of up to 1 MiB: many more records/s per shard; consumers must de-aggregate (KCL, tail)'), mode: 'on' },
      { label: vscode.l10n.t('KPL aggregation, aligned to 25 KB'), description: vscode.l10n.t('as above, aggregates closed near PUT payload unit boundaries (fewer billed units)'), mode: 'aligned' },
    ];
    const ordered = [...choices.filter((c) => c.mode === current), ...choices.filter((c) => c.mode !== current)];
    const picked = await vscode.window.showQuickPick(
      ordered.map((c) => ({ ...c, detail: c.mode === current ? vscode.l10n.t('the kinesis.put.aggregate setting') : undefined })),
      { title: vscode.l10n.t('Aggregation') },
    );
    return picked?.mode;
  }
}

async function readPrefix(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) {
    throw new UserFacingError(`Cannot read ${file}: check that the file exists and is readable.`);
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function describeRanges(ranges: readonly RecordRange[]): string {
  const shown = ranges.slice(0, 3).map((r) => (r.fromLine === r.toLine ? `line ${r.fromLine}` : `lines ${r.fromLine}–${r.toLine}`));
  return shown.join(', ') + (ranges.length > 3 ? ` and ${ranges.length - 3} more ranges` : '');
}

/** One sentence: what was sent, retried and failed, and after a cancel exactly which lines were stored. */
export function summarize(o: PutRecordsFromSourceResult & { failedRecordsFile?: string }): string {
  const parts = [`${o.sent.toLocaleString('en-US')} of ${o.recordsRead.toLocaleString('en-US')} records sent`, `${o.retried.toLocaleString('en-US')} retried`,
    `${o.failedCount.toLocaleString('en-US')} failed`];
  let text = parts.join(', ') + '.';
  if (o.kinesisRecordsSent !== undefined) {
    text += ` ${o.kinesisRecordsSent.toLocaleString('en-US')} Kinesis records (KPL aggregates).`;
  }
  if (o.cancelled || o.error) {
    text += ` Stored: ${o.sentRanges.length ? describeRanges(o.sentRanges) : 'none'}.`;
    if (o.notSent.length) text += ` Not sent: ${describeRanges(o.notSent)}.`;
    if (o.unknown.length) text += ` Unknown (sent, no answer): ${describeRanges(o.unknown)}.`;
    if (o.unread) text += ` Not read: from line ${o.unread.afterLine + 1}.`;
  }
  if (o.failedRecordsFile) {
    text += ` Failed records are in ${path.basename(o.failedRecordsFile)}; put that file again to re-send them.`;
  }
  return text;
}
