import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ActiveConnection, ConnectionManager } from '../../services/connectionManager';

/** package.json `mcpServerDefinitionProviders` id. */
export const MCP_PROVIDER_ID = 'kinesis-studio.mcp';

/**
 * The `kinesis-studio mcp` arguments for the active connection. Names only (profile, region,
 * endpoint): the server resolves credentials itself through the SDK chain, so none are ever put in
 * the definition. Writes are allowed only while the extension itself allows them.
 */
export function mcpServerArgs(cliPath: string, c: ActiveConnection, writesAllowed: boolean, priceTable: string): string[] {
  const args = [cliPath, 'mcp'];
  if (c.kind === 'local') args.push('--local');
  else if (c.profile) args.push('--profile', c.profile);
  if (c.region) args.push('--region', c.region);
  if (c.endpoint) args.push('--endpoint', c.endpoint);
  if (writesAllowed) args.push('--allow-writes');
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') args.push('--workspace', folder.uri.fsPath);
  args.push('--prices', priceTable);
  return args;
}

/**
 * Offers `kinesis-studio mcp` to VS Code's MCP support (agent mode lists its tools), following the
 * active connection and read-only mode. Hosts without the MCP API get nothing.
 */
export function registerMcpServerProvider(deps: { extensionPath: string; version: string; connections: ConnectionManager; guard: MutationGuard; settings: KinesisSettings }): vscode.Disposable {
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function' || typeof vscode.McpStdioServerDefinition !== 'function') {
    return new vscode.Disposable(() => undefined);
  }
  const changed = new vscode.EventEmitter<void>();
  const cliPath = path.join(deps.extensionPath, 'dist', 'cli.js');
  return vscode.Disposable.from(
    changed,
    deps.connections.onDidChange(() => changed.fire()),
    deps.settings.onDidChange(() => changed.fire()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => [
        // The extension host's runtime runs the CLI as plain Node (ELECTRON_RUN_AS_NODE), so no separate Node install is needed.
        new vscode.McpStdioServerDefinition('Kinesis Studio', process.execPath, mcpServerArgs(cliPath, deps.connections.current, deps.guard.refusal === undefined, deps.settings.values.priceTable), { ELECTRON_RUN_AS_NODE: '1' }, deps.version),
      ],
    }),
  );
}
