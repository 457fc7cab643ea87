import * as vscode from 'vscode';
import { ContextKeys, setContext } from './contextKeys';
import { Disposable } from './lifecycle';
import type { KinesisSettings } from './settings';

/** Raised when a mutation is refused; the message says why and how to allow it. */
export class MutationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MutationRefusedError';
  }
}

/**
 * One place that decides whether the extension may change anything in AWS: `kinesis.readOnly` and
 * Workspace Trust's restricted mode both forbid it. Menus hide mutations through the context key.
 */
export class MutationGuard extends Disposable {
  constructor(private readonly settings: KinesisSettings) {
    super();
    this._register(settings.onDidChange(() => this.#publish()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.#publish()));
    this.#publish();
  }

  /** Why mutations are refused right now, or undefined when they are allowed. */
  get refusal(): string | undefined {
    if (this.settings.values.readOnly) {
      return vscode.l10n.t('Kinesis Studio is in read-only mode, so nothing in Kinesis is changed. Turn off the "kinesis.readOnly" setting to allow changes.');
    }
    if (!vscode.workspace.isTrusted) {
      return vscode.l10n.t('This workspace is in restricted mode, so Kinesis Studio changes nothing in Kinesis. Trust the workspace to allow changes.');
    }
    return undefined;
  }

  /** Throws {@link MutationRefusedError} when mutations are not allowed. Call before any input is asked. */
  assertMutationAllowed(action: string): void {
    const why = this.refusal;
    if (why) {
      // `action` is the caller's phrase ("delete stream orders"); it is converted with that caller's strings.
      throw new MutationRefusedError(vscode.l10n.t('Cannot {0}: {1}', action, why));
    }
  }

  #publish(): void {
    void setContext(ContextKeys.readOnly, this.refusal !== undefined);
  }
}
