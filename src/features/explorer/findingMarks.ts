/**
 * Marks the streams and shards the Stream Doctor found something about: a badge and colour on their
 * explorer items (a FileDecorationProvider on the items' resourceUri), with the findings' titles as
 * the tooltip. A stream's new report replaces its marks, so a shard whose finding is gone is
 * cleared.
 */
import * as vscode from 'vscode';
import type { Finding, FindingSeverity } from '../../core/doctor/findings';
import { Disposable } from '../../platform/lifecycle';

export const FINDING_MARK_SCHEME = 'kinesis-doctor';

export interface FindingMark {
  /** The most severe of the findings. */
  readonly severity: FindingSeverity;
  readonly titles: readonly string[];
}

const RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };
const COLORS: Readonly<Record<FindingSeverity, string>> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'editorInfo.foreground',
};

/** The resourceUri of a stream's (or shard's) explorer item: what the decorations key on. */
export function findingMarkUri(region: string, stream: string, shardId?: string): vscode.Uri {
  return vscode.Uri.from({ scheme: FINDING_MARK_SCHEME, authority: region, path: `/${encodeURIComponent(stream)}${shardId ? `/${encodeURIComponent(shardId)}` : ''}` });
}

export class FindingMarks extends Disposable implements vscode.FileDecorationProvider {
  /** Key: the mark URI's string. */
  readonly #marks = new Map<string, FindingMark>();
  readonly #onDidChange = this._register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this.#onDidChange.event;

  constructor() {
    super();
    this._register(vscode.window.registerFileDecorationProvider(this));
  }

  /** Replaces the stream's marks with those of its new report's findings. */
  setReport(region: string, stream: string, findings: readonly Pick<Finding, 'severity' | 'title' | 'subject'>[]): void {
    const streamUri = findingMarkUri(region, stream);
    const prefix = streamUri.toString();
    const changed = new Set<string>();
    for (const key of [...this.#marks.keys()]) {
      if (key === prefix || key.startsWith(`${prefix}/`)) {
        this.#marks.delete(key);
        changed.add(key);
      }
    }
    const add = (uri: vscode.Uri, finding: Pick<Finding, 'severity' | 'title'>) => {
      const key = uri.toString();
      const before = this.#marks.get(key);
      this.#marks.set(key, {
        severity: before && RANK[before.severity] <= RANK[finding.severity] ? before.severity : finding.severity,
        titles: [...(before?.titles ?? []), finding.title],
      });
      changed.add(key);
    };
    for (const finding of findings) {
      add(streamUri, finding);
      if (finding.subject.shardId) add(findingMarkUri(region, stream, finding.subject.shardId), finding);
    }
    this.#onDidChange.fire([...changed].map((key) => vscode.Uri.parse(key)));
  }

  markFor(region: string, stream: string, shardId?: string): FindingMark | undefined {
    return this.#marks.get(findingMarkUri(region, stream, shardId).toString());
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== FINDING_MARK_SCHEME) return undefined;
    const mark = this.#marks.get(uri.toString());
    if (!mark) return undefined;
    const decoration = new vscode.FileDecoration(
      mark.severity === 'info' ? 'i' : '!',
      vscode.l10n.t('Stream Doctor: {0}', mark.titles.join('; ')),
      new vscode.ThemeColor(COLORS[mark.severity]),
    );
    return decoration;
  }
}
