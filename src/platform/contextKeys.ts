import * as vscode from 'vscode';

/**
 * Context keys the manifest's `when` clauses use. Set them only through {@link setContext} so the
 * full list lives here.
 */
export const ContextKeys = {
  /** 'ready' | 'noRegion' | 'noCredentials' — drives the explorer's viewsWelcome. */
  connectionState: 'kinesis.connectionState',
  /** True while the embedded kinesis-local emulator runs. */
  localRunning: 'kinesis.localRunning',
  /** True when kinesis.readOnly is on or the workspace is untrusted: mutations are hidden. */
  readOnly: 'kinesis.readOnly',
  /** True while the explorer's stream filter is set. */
  filterActive: 'kinesis.filterActive',
  /** Set when activate() failed, so the UI can say so instead of silently showing nothing. */
  activationFailed: 'kinesis.activationFailed',
} as const;

export function setContext(key: (typeof ContextKeys)[keyof typeof ContextKeys], value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
