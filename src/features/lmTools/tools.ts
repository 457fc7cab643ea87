import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import { KINESIS_TOOL_NAMES, type KinesisToolName } from '../../core/tools/names';
import { KINESIS_TOOLS, prepareTool, runTool, toolErrorText } from '../../core/tools/registry';
import { ToolInputError, type ToolContext, type ToolDefinition } from '../../core/tools/types';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamEvents } from '../../services/streamEvents';
import type { StreamOperations } from '../streams/streamOperations';
import { CommandIds } from '../../platform/commandIds';

export { ToolInputError };

/** What the tools need from the extension; the tools themselves live in the core registry (src/core/tools). */
export interface ToolDeps {
  readonly operations: StreamOperations;
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly guard: MutationGuard;
  readonly settings: KinesisSettings;
  /** Where a tool's change is announced; without it the explorer is refreshed as a whole. */
  readonly streamEvents?: StreamEvents;
}

/** "ap-southeast-2 on Local Kinesis (http://127.0.0.1:4567)" or "... with AWS profile dev". */
function whereText(connections: ConnectionManager, region: string): string {
  const c = connections.current;
  return c.kind === 'local' ? `${region} on Local Kinesis (${c.endpoint ?? 'local endpoint'})` : `${region} with AWS profile "${c.profile ?? 'default'}"${c.endpoint ? ` at ${c.endpoint}` : ''}`;
}

/** The registry's view of the extension: the active connection, read-only and restricted mode, the first workspace folder. */
export function vscodeToolContext(deps: ToolDeps, token?: vscode.CancellationToken): ToolContext {
  const abort = new AbortController();
  token?.onCancellationRequested(() => abort.abort());
  const folder = vscode.workspace.workspaceFolders?.[0];
  return {
    gateway: deps.gateway,
    target: (region) => deps.connections.targetFor(region),
    defaultRegion: deps.connections.current.region,
    describeWhere: (region) => whereText(deps.connections, region),
    priceTable: deps.settings.values.priceTable,
    // The guard covers both kinesis.readOnly and Workspace Trust's restricted mode.
    writeRefusal: () => deps.guard.refusal,
    workspace: folder && {
      root: folder.uri.fsPath,
      async readFile(relativePath) {
        const uri = vscode.Uri.joinPath(folder.uri, relativePath);
        // joinPath normalises "..": a path that leaves the folder is refused, not read.
        if (!uri.path.startsWith(folder.uri.path.replace(/\/?$/, '/'))) throw new Error('the path leaves the workspace folder.');
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      },
    },
    signal: abort.signal,
  };
}

/**
 * One registry tool as a VS Code language-model tool: the confirmation states the exact effect, a
 * bad call or a refused write is reported without asking, and changes are announced to the explorer.
 */
export class RegistryLanguageModelTool implements vscode.LanguageModelTool<unknown> {
  constructor(private readonly tool: ToolDefinition, private readonly deps: ToolDeps) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): vscode.PreparedToolInvocation {
    const prepared = prepareTool(this.tool, options.input, vscodeToolContext(this.deps));
    // invoke() reports a problem to the model; there is nothing to confirm.
    if (prepared.problem || !prepared.confirmation) return { invocationMessage: prepared.progress };
    return {
      invocationMessage: prepared.progress,
      confirmationMessages: { title: prepared.confirmation.title, message: new vscode.MarkdownString(prepared.confirmation.message) },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    let output;
    try {
      output = await runTool(this.tool, options.input, vscodeToolContext(this.deps, token));
    } catch (error) {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
      // Thrown so agent mode marks the call failed; the message says what to change.
      throw new Error(toolErrorText(error));
    }
    const changes = output.changes ?? [];
    if (this.deps.streamEvents) for (const change of changes) this.deps.streamEvents.announce(change);
    else if (changes.length) void vscode.commands.executeCommand(CommandIds.refreshExplorer);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(output.text)]);
  }
}

export { KINESIS_TOOL_NAMES };

/** The list tool, by id: `@kinesis` calls it directly when no model is available. */
export const ListStreamsTool = { toolId: 'kinesis_listStreams' satisfies KinesisToolName } as const;

/** The language-model tool for each registry tool, by name. */
export function createLanguageModelTools(deps: ToolDeps): Map<string, RegistryLanguageModelTool> {
  return new Map(KINESIS_TOOLS.map((tool) => [tool.name, new RegistryLanguageModelTool(tool, deps)]));
}
