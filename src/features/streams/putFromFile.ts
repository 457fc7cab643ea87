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
    this.guard.assertMutationAllowed(vscode.l10n.t('put records'));
    const args = isProgrammatic(arg) ? arg as Partial<PutRecordsFromFileArgs> : await this.#ask(arg);
    if (!args) {
      return undefined;
    }
    const region = requireRegion(this.connections, args.region);
    if (!args.stream || !args.file || !args.partitionKey) {
      throw new UserFacingError(vscode.l10n.t('Give stream, file and partitionKey ({0}).', '{ kind: "field", path } | { kind: "fixed", value } | { kind: "random" }'));
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
    const size = await stat(file).then((s) => s.size, () => { throw new UserFacingError(vscode.l10n.t('Cannot read {0}: check that the file exists.', file)); });
    const format = args.format ?? sniffFormat(await readPrefix(file), path.basename(file));
    const failedRecordsFile = args.failedRecordsFile ?? `${file}.failed.ndjson`;
    const writer = createFailedRecordWriter(failedRecordsFile);
    const stream = args.stream;
    const target = this.connections.targetFor(region);
    this.logger.info(`putting records from ${path.basename(file)} (${size} bytes, ${format}) into ${stream} in ${region}, paced per shard, aggregation ${aggregate ? String(mode) : 'off'}`);

    const result = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Putting records into "{0}"', stream), cancellable: true,
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
              message: vscode.l10n.t('{0} sent · {1} failed · {2} retried', p.sent.toLocaleString('en-US'), p.failed.toLocaleString('en-US'), p.retried.toLocaleString('en-US')),
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
    const openFailed = vscode.l10n.t('Open Failed Records');
    const actions = outcome.failedRecordsFile ? [openFailed] : [];
    const show = outcome.error || outcome.failedCount > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const message = outcome.error ? vscode.l10n.t('Stopped: {0} "{1}": {2}', outcome.error.message, stream, summary)
      : outcome.cancelled ? vscode.l10n.t('Cancelled. "{0}": {1}', stream, summary)
        : vscode.l10n.t('"{0}": {1}', stream, summary);
    const picked = await show(message, ...actions);
    if (picked && outcome.failedRecordsFile) {
      await vscode.window.showTextDocument(vscode.Uri.file(outcome.failedRecordsFile));
    }
  }

  async #ask(arg: unknown): Promise<Partial<PutRecordsFromFileArgs> | undefined> {
    const { region, stream } = await resolveStream(this.gateway, this.connections, arg, vscode.l10n.t('Put Records from File'));
    const [file] = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Records to put into "{0}"', stream), canSelectMany: false,
      filters: { [vscode.l10n.t('Records')]: ['ndjson', 'jsonl', 'json', 'txt', 'log', 'csv'], [vscode.l10n.t('All files')]: ['*'] } }) ?? [];
    if (!file) {
      return undefined;
    }
    const sniffed = sniffFormat(await readPrefix(file.fsPath), path.basename(file.fsPath));
    const formats: { label: string; description: string; format: RecordFormat }[] = [
      { label: vscode.l10n.t('NDJSON'), description: vscode.l10n.t('one JSON value per line'), format: 'ndjson' },
      { label: vscode.l10n.t('JSON array'), description: vscode.l10n.t('a top-level [ … ] of records (read as a stream)'), format: 'json-array' },
      { label: vscode.l10n.t('Plain lines'), description: vscode.l10n.t('each line is a text record'), format: 'lines' },
    ];
    // The detected format comes first so Enter takes it: `picked` does nothing in a single-choice pick.
    const ordered = [...formats.filter((f) => f.format === sniffed), ...formats.filter((f) => f.format !== sniffed)];
    const format = (await vscode.window.showQuickPick(ordered.map((f) => ({ ...f, detail: f.format === sniffed ? vscode.l10n.t('detected') : undefined })),
      { title: vscode.l10n.t('Record format') }))?.format;
    if (!format) {
      return undefined;
    }
    const keyKinds = [
      ...(format === 'lines' ? [] : [{ label: vscode.l10n.t('A field of each record'), description: vscode.l10n.t('e.g. user.id: same key, same shard, in order'), source: 'field' as const }]),
      { label: vscode.l10n.t('Random'), description: vscode.l10n.t('spreads records evenly; no ordering between them'), source: 'random' as const },
      { label: vscode.l10n.t('One fixed key'), description: vscode.l10n.t('every record goes to the same shard'), source: 'fixed' as const },
    ];
    const keyKind = (await vscode.window.showQuickPick(keyKinds, { title: vscode.l10n.t('Partition key') }))?.source;
    if (!keyKind) {
      return undefined;
    }
    let partitionKey: PartitionKeySource = { kind: 'random' };
    if (keyKind !== 'random') {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('Partition key'),
        prompt: keyKind === 'field' ? vscode.l10n.t('Field path, e.g. user.id or items[0].sku') : vscode.l10n.t('The partition key (1–256 characters)'),
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

  /**
   * The wizard's Aggregation step; the setting's choice comes first and is marked. Each row's
   * consequence for consumers is in its detail line, which the quick pick never truncates, and no row
   * refers to another by position, since the order follows the setting.
   */
  async #askAggregation(): Promise<AggregationMode | undefined> {
    const current = aggregationSetting();
    const choices: { label: string; description: string; detail: string; mode: AggregationMode }[] = [
      { label: vscode.l10n.t('No aggregation'), description: vscode.l10n.t('one Kinesis record per record'), detail: vscode.l10n.t('any consumer reads them'), mode: 'off' },
      { label: vscode.l10n.t('KPL aggregation'), description: vscode.l10n.t('packs small records into aggregates of up to 1 MiB'),
        detail: vscode.l10n.t('more records/s per shard; consumers must de-aggregate'), mode: 'on' },
      { label: vscode.l10n.t('KPL aggregation, aligned to 25 KB'), description: vscode.l10n.t('aggregates closed near PUT payload unit boundaries'),
        detail: vscode.l10n.t('fewer billed units; consumers must de-aggregate'), mode: 'aligned' },
    ];
    const ordered = [...choices.filter((c) => c.mode === current), ...choices.filter((c) => c.mode !== current)];
    const picked = await vscode.window.showQuickPick(
      ordered.map((c) => ({ ...c, detail: c.mode === current ? vscode.l10n.t('kinesis.put.aggregate setting · {0}', c.detail) : c.detail })),
      { title: vscode.l10n.t('Aggregation') },
    );
    return picked?.mode;
  }
}

async function readPrefix(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) {
    throw new UserFacingError(vscode.l10n.t('Cannot read {0}: check that the file exists and is readable.', file));
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
  const shown = ranges.slice(0, 3).map((r) => (r.fromLine === r.toLine ? vscode.l10n.t('line {0}', r.fromLine) : vscode.l10n.t('lines {0}–{1}', r.fromLine, r.toLine)));
  const more = ranges.length - 3;
  if (more <= 0) return shown.join(', ');
  return more === 1 ? vscode.l10n.t('{0} and 1 more range', shown.join(', ')) : vscode.l10n.t('{0} and {1} more ranges', shown.join(', '), more);
}

/** One sentence: what was sent, retried and failed, and after a cancel exactly which lines were stored. */
export function summarize(o: PutRecordsFromSourceResult & { failedRecordsFile?: string }): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const sentences = [vscode.l10n.t('{0} of {1} records sent, {2} retried, {3} failed.', count(o.sent), count(o.recordsRead), count(o.retried), count(o.failedCount))];
  if (o.kinesisRecordsSent !== undefined) {
    sentences.push(vscode.l10n.t('{0} Kinesis records (KPL aggregates).', count(o.kinesisRecordsSent)));
  }
  if (o.resentAfterReshard) {
    sentences.push(vscode.l10n.t('{0} records were sent again after a reshard: their aggregate landed in a shard that no longer owns their keys.', count(o.resentAfterReshard)));
  }
  if (o.cancelled || o.error) {
    sentences.push(o.sentRanges.length ? vscode.l10n.t('Stored: {0}.', describeRanges(o.sentRanges)) : vscode.l10n.t('Stored: none.'));
    if (o.notSent.length) sentences.push(vscode.l10n.t('Not sent: {0}.', describeRanges(o.notSent)));
    if (o.unknown.length) sentences.push(vscode.l10n.t('Unknown (sent, no answer): {0}.', describeRanges(o.unknown)));
    if (o.unread) sentences.push(vscode.l10n.t('Not read: from line {0}.', o.unread.afterLine + 1));
  }
  if (o.failedRecordsFile) {
    sentences.push(vscode.l10n.t('Failed records are in {0}; put that file again to re-send them.', path.basename(o.failedRecordsFile)));
  }
  return sentences.join(' ');
}
