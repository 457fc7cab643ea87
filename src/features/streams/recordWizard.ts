import * as vscode from 'vscode';
import { DEFAULT_MAX_RECORD_BYTES, RAISED_MAX_RECORD_BYTES } from '../../core/analysis/limits';
import { errorMessage } from '../../core/errorMessage';
import type { PutRecordResult } from '../../core/kinesis/gateway';
import { encodeRecordData, RECORD_ENCODINGS, validateRecordData, type RecordEncoding } from '../../core/kinesis/recordData';
import { validateHashKey, validatePartitionKey } from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askPick, askText, BACK, runWizard, storeStep } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { isProgrammatic, type StreamRef } from './streamArgs';

export interface PutRecordArgs extends StreamRef {
  readonly partitionKey: string;
  /** Text, JSON text, base64, or a file path, as `encoding` says. */
  readonly data: string;
  readonly encoding?: RecordEncoding;
  readonly explicitHashKey?: string;
  /** Ask with the wizard anyway, these values filled in (the records viewer's "Put record…"). */
  readonly prompt?: boolean;
}

export interface PutRecordOutcome extends PutRecordResult {
  readonly stream: string;
  readonly region: string;
}

interface RecordInput {
  partitionKey: string;
  data: string;
  encoding: RecordEncoding;
  explicitHashKey?: string;
}

// A function, so the descriptions come from the bundle loaded when the wizard runs, not at module load.
const encodingHelp = (): Record<RecordEncoding, string> => ({
  text: vscode.l10n.t('UTF-8 text, sent as typed (default)'),
  json: vscode.l10n.t('JSON, validated before sending'),
  base64: vscode.l10n.t('binary data written as base64'),
  file: vscode.l10n.t('the bytes of a file'),
});

/** Put Record: one record, its encoding said (never guessed), checked against the stream's record size. */
export class RecordWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  async putRecord(arg?: unknown): Promise<PutRecordOutcome | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('put a record'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Put Record'));
    let input: RecordInput | undefined;
    const args = isProgrammatic(arg) ? arg as Partial<PutRecordArgs> : undefined;
    if (args && !args.prompt) {
      input = { partitionKey: args.partitionKey ?? '', data: args.data ?? '', encoding: args.encoding ?? 'text', explicitHashKey: args.explicitHashKey || undefined };
    } else {
      input = await this.#ask(stream, args);
    }
    if (!input) {
      return undefined;
    }
    const problem = validatePartitionKey(input.partitionKey) ?? (input.explicitHashKey ? validateHashKey(input.explicitHashKey) : undefined);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const data = await this.#encode(input);
    if (data.byteLength > DEFAULT_MAX_RECORD_BYTES) {
      // Only a stream whose maximum record size was raised takes more than 1 MiB: check before sending.
      const details = await this.ctx.gateway.describeStream(this.ctx.target(region), stream);
      const limit = (details.maxRecordSizeKiB ?? DEFAULT_MAX_RECORD_BYTES / 1024) * 1024;
      if (data.byteLength > limit) {
        throw new UserFacingError(vscode.l10n.t('The record is {0} bytes, but "{1}" takes at most {2} bytes (its maximum record size). Raise the stream\'s maximum (UpdateMaxRecordSize, up to 10 MiB) or send less.', data.byteLength.toLocaleString('en-US'), stream, limit.toLocaleString('en-US')));
      }
    }
    const { partitionKey, explicitHashKey } = input;
    const result = await this.ctx.progress(vscode.l10n.t('Putting a record into "{0}"…', stream), (signal) => this.ctx.gateway.putRecord(this.ctx.target(region), { stream, partitionKey, data, explicitHashKey }, { signal }));
    void vscode.window.showInformationMessage(vscode.l10n.t('Record stored in {0}, sequence number {1}.', result.shardId, result.sequenceNumber));
    return { ...result, stream, region };
  }

  async #encode(input: RecordInput): Promise<Uint8Array> {
    try {
      return await encodeRecordData(input.data, input.encoding, async (path) => vscode.workspace.fs.readFile(vscode.Uri.file(path)), RAISED_MAX_RECORD_BYTES);
    } catch (error) {
      throw new UserFacingError(errorMessage(error));
    }
  }

  async #ask(stream: string, prefill?: Partial<PutRecordArgs>): Promise<RecordInput | undefined> {
    const state = { partitionKey: prefill?.partitionKey ?? '', encoding: prefill?.encoding ?? 'text', data: prefill?.data ?? '', explicitHashKey: prefill?.explicitHashKey ?? '' };
    const help = encodingHelp();
    const encodings = RECORD_ENCODINGS.map((e) => ({ label: e, description: help[e] }));
    const ok = await runWizard(vscode.l10n.t('Put Record into "{0}"', stream), state, [
      async (s, p) => storeStep(await askText(p, { prompt: vscode.l10n.t('Partition key (1–256 characters): records with the same key go to the same shard, in order'), value: s.partitionKey, validate: validatePartitionKey }), (v) => { s.partitionKey = v; }),
      async (s, p) => storeStep(await askPick(p, encodings, { placeholder: vscode.l10n.t('How should the data be encoded? (never guessed)'), activeItem: encodings.find((e) => e.label === s.encoding) }), (v) => { s.encoding = v.label as RecordEncoding; }),
      async (s, p) => {
        if (s.encoding === 'file') {
          const [file] = await vscode.window.showOpenDialog({ title: vscode.l10n.t('File whose bytes become the record'), canSelectMany: false }) ?? [];
          if (!file) {
            return BACK;
          }
          s.data = file.fsPath;
          return 'next';
        }
        return storeStep(await askText(p, { prompt: vscode.l10n.t('Data ({0})', s.encoding), value: s.data, validate: (v) => validateRecordData(v, s.encoding) }), (v) => { s.data = v; });
      },
      async (s, p) => storeStep(await askText(p, { prompt: vscode.l10n.t('Explicit hash key (optional, decimal 0 – 2^128-1): overrides the partition key\'s shard'), value: s.explicitHashKey, validate: (v) => v ? validateHashKey(v) : undefined }), (v) => { s.explicitHashKey = v; }),
    ]);
    return ok ? { partitionKey: state.partitionKey, data: state.data, encoding: state.encoding, explicitHashKey: state.explicitHashKey || undefined } : undefined;
  }
}
