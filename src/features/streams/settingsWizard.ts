import * as vscode from 'vscode';
import type { StreamMode } from '../../core/kinesis/gateway';
import {
  MAX_RETENTION_HOURS, MIN_RETENTION_HOURS, validateKmsKeyId, validateRetentionHours, validateWholeNumberText,
} from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askSingleText, confirmModal } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { isProgrammatic } from './streamArgs';

/** A stream's own settings: retention, encryption at rest and capacity mode. */
export class StreamSettingsWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  async setRetention(arg?: unknown): Promise<number | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('change retention'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Set Retention'));
    const target = this.ctx.target(region);
    let hours: number;
    if (isProgrammatic(arg)) {
      hours = Number((arg as { hours?: number }).hours);
    } else {
      const current = (await this.ctx.gateway.describeStream(target, stream)).retentionHours;
      hours = Number(await askSingleText(vscode.l10n.t('Retention of "{0}" (now {1} h)', stream, current), {
        prompt: vscode.l10n.t('Hours to keep records, {0}–{1}. Beyond 24 h is billed as extended retention.', MIN_RETENTION_HOURS, MAX_RETENTION_HOURS), value: String(current),
        validate: (v) => validateWholeNumberText(v) ?? validateRetentionHours(Number(v)),
      }));
    }
    const problem = validateRetentionHours(hours);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.ctx.progress(vscode.l10n.t('Setting retention of "{0}" to {1} h…', stream, hours), (signal) => this.ctx.gateway.setRetention(target, stream, hours, { signal }));
    this.ctx.updated(region, stream);
    return hours;
  }

  async startEncryption(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('start encryption'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Start Encryption'));
    const keyId = isProgrammatic(arg)
      ? (arg as { keyId?: string }).keyId ?? ''
      : await askSingleText(vscode.l10n.t('Encrypt "{0}" at rest', stream), {
        prompt: vscode.l10n.t('KMS key: key id, key ARN, alias (alias/...) or alias ARN. alias/aws/kinesis is the AWS-managed key.'), value: 'alias/aws/kinesis', validate: validateKmsKeyId,
      });
    const problem = validateKmsKeyId(keyId);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.ctx.target(region);
    await this.ctx.progress(vscode.l10n.t('Starting encryption of "{0}"…', stream), async (signal) => {
      await this.ctx.gateway.startEncryption(target, stream, keyId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    this.ctx.updated(region, stream);
  }

  async stopEncryption(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('stop encryption'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Stop Encryption'));
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    if (details.encryption !== 'KMS' || !details.keyId) {
      throw new UserFacingError(vscode.l10n.t('"{0}" is not encrypted, so there is nothing to stop.', stream));
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(vscode.l10n.t('Stop encrypting "{0}"?', stream), vscode.l10n.t('New records will be stored unencrypted; records already stored stay encrypted.'), vscode.l10n.t('Stop Encryption'));
    }
    const keyId = details.keyId;
    await this.ctx.progress(vscode.l10n.t('Stopping encryption of "{0}"…', stream), async (signal) => {
      await this.ctx.gateway.stopEncryption(target, stream, keyId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    this.ctx.updated(region, stream);
  }

  async switchStreamMode(arg?: unknown): Promise<StreamMode | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('switch capacity mode'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Switch Capacity Mode'));
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    const other: StreamMode = details.mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND';
    const mode: StreamMode = isProgrammatic(arg) ? ((arg as { mode?: StreamMode }).mode ?? other) : other;
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      throw new UserFacingError(vscode.l10n.t('Mode must be PROVISIONED or ON_DEMAND, not "{0}".', String(mode)));
    }
    if (mode === details.mode) {
      throw new UserFacingError(mode === 'ON_DEMAND' ? vscode.l10n.t('"{0}" is already on-demand.', stream) : vscode.l10n.t('"{0}" is already provisioned.', stream));
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(mode === 'ON_DEMAND' ? vscode.l10n.t('Switch "{0}" to on-demand?', stream) : vscode.l10n.t('Switch "{0}" to provisioned?', stream),
        mode === 'ON_DEMAND'
          ? vscode.l10n.t('Kinesis will scale shards for you and bill per GB. A stream can switch modes twice per 24 hours.')
          : vscode.l10n.t('The stream keeps its {0} shards and is billed per shard-hour. A stream can switch modes twice per 24 hours.', details.openShardCount),
        vscode.l10n.t('Switch Mode'));
    }
    await this.ctx.progress(vscode.l10n.t('Switching "{0}" to {1}…', stream, mode), async (signal) => {
      await this.ctx.gateway.updateStreamMode(target, details.arn, mode, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    this.ctx.updated(region, stream);
    return mode;
  }
}
