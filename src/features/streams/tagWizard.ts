import * as vscode from 'vscode';
import { parseTags } from '../../core/kinesis/tags';
import { MAX_TAGS_PER_STREAM, validateTags } from '../../core/kinesis/validation';
import { UserFacingError } from '../../platform/errors';
import { askSingleText } from '../../platform/wizard';
import type { StreamOperationContext } from './operationContext';
import { invocationTarget, isProgrammatic } from './streamArgs';

/** Add, remove and list a stream's tags. */
export class TagWizard {
  constructor(private readonly ctx: StreamOperationContext) {}

  /** Returns the stream's tags after the change. */
  async addTags(arg?: unknown): Promise<Record<string, string> | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('tag a stream'));
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Add Tags'));
    const target = this.ctx.target(region);
    let tags: Record<string, string>;
    if (isProgrammatic(arg)) {
      tags = { ...((arg as { tags?: Record<string, string> }).tags ?? {}) };
    } else {
      const text = await askSingleText(vscode.l10n.t('Add Tags to "{0}"', stream), {
        prompt: vscode.l10n.t('Tags as key=value, separated by commas (keys 1–128 characters, values 0–256)'), placeholder: vscode.l10n.t('dept=fin, env=prod'),
        validate: (v) => v.trim() ? parseTags(v).problem : vscode.l10n.t('Enter at least one key=value pair.'),
      });
      tags = parseTags(text).tags;
    }
    if (Object.keys(tags).length === 0) {
      throw new UserFacingError(vscode.l10n.t('Give at least one tag (key=value).'));
    }
    const existing = await this.ctx.gateway.listTags(target, stream);
    const merged = { ...existing, ...tags };
    const problem = validateTags(tags) ?? (Object.keys(merged).length > MAX_TAGS_PER_STREAM
      ? vscode.l10n.t('A stream can have at most {0} tags; "{1}" would have {2}.', MAX_TAGS_PER_STREAM, stream, Object.keys(merged).length) : undefined);
    if (problem) {
      throw new UserFacingError(problem);
    }
    await this.ctx.progress(vscode.l10n.t('Tagging "{0}"…', stream), (signal) => this.ctx.gateway.addTags(target, stream, tags, { signal }));
    this.ctx.updated(region, stream);
    return merged;
  }

  /** Returns the keys removed. */
  async removeTags(arg?: unknown): Promise<string[] | undefined> {
    this.ctx.assertMutationAllowed(vscode.l10n.t('remove tags'));
    const invocation = invocationTarget(arg);
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('Remove Tags'));
    const target = this.ctx.target(region);
    let keys: string[];
    if (isProgrammatic(arg)) {
      keys = [...((arg as { keys?: string[] }).keys ?? [])];
    } else if (invocation.tagKey) {
      keys = [invocation.tagKey];
    } else {
      const existing = await this.ctx.gateway.listTags(target, stream);
      if (Object.keys(existing).length === 0) {
        throw new UserFacingError(vscode.l10n.t('"{0}" has no tags.', stream));
      }
      const picked = await vscode.window.showQuickPick(Object.entries(existing).map(([key, value]) => ({ label: key, description: value })),
        { title: vscode.l10n.t('Remove Tags from "{0}"', stream), canPickMany: true, placeHolder: vscode.l10n.t('Choose the tags to remove') });
      if (!picked?.length) {
        return undefined;
      }
      keys = picked.map((p) => p.label);
    }
    if (keys.length === 0) {
      throw new UserFacingError(vscode.l10n.t('Name at least one tag key to remove.'));
    }
    await this.ctx.progress(vscode.l10n.t('Removing tags from "{0}"…', stream), (signal) => this.ctx.gateway.removeTags(target, stream, keys, { signal }));
    this.ctx.updated(region, stream);
    return keys;
  }

  async listTags(arg?: unknown): Promise<Record<string, string>> {
    const { region, stream } = await this.ctx.streamFrom(arg, vscode.l10n.t('List Tags'));
    const tags = await this.ctx.gateway.listTags(this.ctx.target(region), stream);
    if (!isProgrammatic(arg)) {
      const entries = Object.entries(tags);
      void vscode.window.showQuickPick(entries.length ? entries.map(([key, value]) => ({ label: key, description: value })) : [{ label: vscode.l10n.t('No tags'), description: '' }],
        { title: vscode.l10n.t('Tags of "{0}" ({1})', stream, entries.length), placeHolder: vscode.l10n.t('Tags (read-only view)') });
    }
    return tags;
  }
}
