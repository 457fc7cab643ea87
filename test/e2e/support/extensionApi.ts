import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { KinesisStudioApi } from '../../../src/extension';

export const EXTENSION_ID = 'kinesis-studio.kinesis-studio';
/** Repository root, from the compiled location out/test/e2e/support/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Activates Kinesis Studio and returns its API. */
export async function activateExtension(): Promise<KinesisStudioApi> {
  const extension = vscode.extensions.getExtension<KinesisStudioApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
  return extension.activate();
}

/** Updates a `kinesis.*` user setting and waits for the change to reach the extension. */
export async function setKinesisSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('kinesis').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Runs `fn` with environment variables changed (undefined deletes), restoring them afterwards. */
export async function withEnv<T>(changes: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  };
  apply(changes);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/**
 * Activates the extension with mutations allowed and starts local mode on the kinesis-local
 * package in node_modules (no install question); fails with the last error when it does not start.
 */
export async function startLocalKinesis(): Promise<KinesisStudioApi> {
  const api = await activateExtension();
  await setKinesisSetting('readOnly', false);
  await setKinesisSetting('localEmulatorPath', path.join(REPO_ROOT, 'node_modules', 'kinesis-local'));
  await vscode.commands.executeCommand('kinesis.startLocal');
  assert.strictEqual(api.connections.current.kind, 'local', `local mode did not start: ${api.errors.lastMessage}`);
  return api;
}
