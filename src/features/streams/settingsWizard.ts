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
    this.ctx.assertMutationAllowed('change retention');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Set Retention');
    const target = this.ctx.target(region);
    let hours: number;
    if (isProgrammatic(arg)) {
      hours = Number((arg as { hours?: number }).hours);
    } else {
      const current = (await this.ctx.gateway.describeStream(target, stream)).retentionHours;
      hours = Number(await askSingleText(`Retention of "${stream}" (now ${current} h)`, {
        prompt: `Hours to keep records, ${MIN_RETENTION_HOURS}–${MAX_RETENTION_HOURS}. Beyond 24 h is billed as extended retention.`, value: String(current),
        validate: (v) => validateWholeNumberText(v) ?? validateRetentionHours(Number(v)),
      }));
    }
    const problem = validateRetentionHours(hours);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.ctx.progress(`Setting retention of "${stream}" to ${hours} h…`, (signal) => this.ctx.gateway.setRetention(target, stream, hours, { signal }));
    this.ctx.updated(region, stream);
    return hours;
  }

  async startEncryption(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed('start encryption');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Start Encryption');
    const keyId = isProgrammatic(arg)
      ? (arg as { keyId?: string }).keyId ?? ''
      : await askSingleText(`Encrypt "${stream}" at rest`, {
        prompt: 'KMS key: key id, key ARN, alias (alias/...) or alias ARN. alias/aws/kinesis is the AWS-managed key.', value: 'alias/aws/kinesis', validate: validateKmsKeyId,
      });
    const problem = validateKmsKeyId(keyId);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.ctx.target(region);
    await this.ctx.progress(`Starting encryption of "${stream}"…`, async (signal) => {
      await this.ctx.gateway.startEncryption(target, stream, keyId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    this.ctx.updated(region, stream);
  }

  async stopEncryption(arg?: unknown): Promise<void> {
    this.ctx.assertMutationAllowed('stop encryption');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Stop Encryption');
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    if (details.encryption !== 'KMS' || !details.keyId) {
      throw new UserFacingError(`"${stream}" is not encrypted, so there is nothing to stop.`);
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(`Stop encrypting "${stream}"?`, 'New records will be stored unencrypted; records already stored stay encrypted.', 'Stop Encryption');
    }
    const keyId = details.keyId;
    await this.ctx.progress(`Stopping encryption of "${stream}"…`, async (signal) => {
      await this.ctx.gateway.stopEncryption(target, stream, keyId, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 120_000, { signal });
    });
    this.ctx.updated(region, stream);
  }

  async switchStreamMode(arg?: unknown): Promise<StreamMode | undefined> {
    this.ctx.assertMutationAllowed('switch capacity mode');
    const { region, stream } = await this.ctx.streamFrom(arg, 'Switch Capacity Mode');
    const target = this.ctx.target(region);
    const details = await this.ctx.gateway.describeStream(target, stream);
    const other: StreamMode = details.mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND';
    const mode: StreamMode = isProgrammatic(arg) ? ((arg as { mode?: StreamMode }).mode ?? other) : other;
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND') {
      throw new UserFacingError(`Mode must be PROVISIONED or ON_DEMAND, not "${String(mode)}".`);
    }
    if (mode === details.mode) {
      throw new UserFacingError(`"${stream}" is already ${mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}.`);
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(`Switch "${stream}" to ${mode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}?`,
        `${mode === 'ON_DEMAND' ? 'Kinesis will scale shards for you and bill per GB.' : `The stream keeps its ${details.openShardCount} shards and is billed per shard-hour.`} A stream can switch modes twice per 24 hours.`,
        'Switch Mode');
    }
    await this.ctx.progress(`Switching "${stream}" to ${mode}…`, async (signal) => {
      await this.ctx.gateway.updateStreamMode(target, details.arn, mode, { signal });
      await this.ctx.gateway.waitForActive(target, stream, 300_000, { signal });
    });
    this.ctx.updated(region, stream);
    return mode;
  }
}
