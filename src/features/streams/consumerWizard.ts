import * as vscode from 'vscode';
import { SHARD_LEVEL_METRICS, validateConsumerName } from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askSingleText, confirmModal } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { invocationTarget, isProgrammatic } from './streamArgs';

/** Who reads a stream and what it reports: enhanced fan-out consumers, shard-level metrics, the ARN. */
export class ConsumerWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  async registerConsumer(arg?: unknown): Promise<string | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('register a consumer'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Register Consumer'));
    const name = isProgrammatic(arg)
      ? (arg as { consumerName?: string }).consumerName ?? ''
      : await askSingleText(vscode.l10n.t('Register an enhanced fan-out consumer on "{0}"', stream), {
        prompt: vscode.l10n.t('Consumer name. Each consumer gets its own 2 MiB/s per shard, billed per consumer-shard-hour.'), validate: validateConsumerName,
      });
    const problem = validateConsumerName(name);
    if (problem) {
      throw new UserFacingError(problem);
    }
    const target = this.ctx.target(region);
    const arn = (await this.ctx.gateway.describeStream(target, stream)).arn;
    await this.ctx.progress(vscode.l10n.t('Registering consumer "{0}"…', name), (signal) => this.ctx.gateway.registerConsumer(target, arn, name, { signal }));
    this.ctx.updated(region, stream);
    return name;
  }

  async deregisterConsumer(arg?: unknown): Promise<string | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('deregister a consumer'));
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Deregister Consumer'));
    const target = this.ctx.target(region);
    const arn = (await this.ctx.gateway.describeStream(target, stream)).arn;
    let name = invocation.consumerName;
    if (!name && !isProgrammatic(arg)) {
      const consumers = await this.ctx.gateway.listConsumers(target, arn);
      if (consumers.length === 0) {
        throw new UserFacingError(vscode.l10n.t('"{0}" has no registered consumers.', stream));
      }
      name = (await vscode.window.showQuickPick(consumers.map((c) => ({ label: c.name, description: c.status })), { title: vscode.l10n.t('Deregister a consumer of "{0}"', stream) }))?.label;
      if (!name) {
        return undefined;
      }
    }
    if (!name) {
      throw new UserFacingError(vscode.l10n.t('Name the consumer to deregister (consumerName).'));
    }
    if (!isProgrammatic(arg)) {
      await confirmModal(vscode.l10n.t('Deregister consumer "{0}"?', name), vscode.l10n.t('Applications reading through it stop receiving records.'), vscode.l10n.t('Deregister'));
    }
    const consumerName = name;
    await this.ctx.progress(vscode.l10n.t('Deregistering consumer "{0}"…', consumerName), (signal) => this.ctx.gateway.deregisterConsumer(target, arn, consumerName, { signal }));
    this.ctx.updated(region, stream);
    return consumerName;
  }

  async setEnhancedMonitoring(arg?: unknown): Promise<readonly string[] | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('change enhanced monitoring'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Enhanced Monitoring'));
    const target = this.ctx.target(region);
    const current = new Set((await this.ctx.gateway.describeStream(target, stream)).enhancedMonitoring);
    let wanted: Set<string>;
    if (isProgrammatic(arg)) {
      const { metrics = [], enabled = true } = arg as { metrics?: string[]; enabled?: boolean };
      wanted = new Set(enabled ? [...current, ...metrics] : [...current].filter((m) => !metrics.includes(m)));
    } else {
      const picked = await vscode.window.showQuickPick(SHARD_LEVEL_METRICS.filter((m) => m !== 'ALL').map((m) => ({ label: m, picked: current.has(m) })),
        { title: vscode.l10n.t('Shard-level metrics of "{0}"', stream), canPickMany: true, placeHolder: vscode.l10n.t('Checked metrics are enabled (billed as CloudWatch custom metrics)') });
      if (!picked) {
        return undefined;
      }
      wanted = new Set(picked.map((p) => p.label));
    }
    const unknown = [...wanted].filter((m) => !SHARD_LEVEL_METRICS.includes(m as typeof SHARD_LEVEL_METRICS[number]));
    if (unknown.length) {
      throw new UserFacingError(vscode.l10n.t('Unknown metric(s) {0}. Use: {1}.', unknown.join(', '), SHARD_LEVEL_METRICS.join(', ')));
    }
    const enable = [...wanted].filter((m) => !current.has(m));
    const disable = [...current].filter((m) => !wanted.has(m));
    await this.ctx.progress(vscode.l10n.t('Updating enhanced monitoring of "{0}"…', stream), async (signal) => {
      if (enable.length) {
        await this.ctx.gateway.setEnhancedMonitoring(target, stream, enable, true, { signal });
      }
      if (disable.length) {
        await this.ctx.gateway.setEnhancedMonitoring(target, stream, disable, false, { signal });
      }
    });
    this.ctx.updated(region, stream);
    return [...wanted];
  }

  async copyArn(arg?: unknown): Promise<string> {
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Copy ARN'));
    const arn = (await this.ctx.gateway.describeStream(this.ctx.target(region), stream)).arn;
    await vscode.env.clipboard.writeText(arn);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', arn), 3000);
    return arn;
  }
}
