import * as vscode from 'vscode';
import {
  AddTagsTool, CreateStreamTool, DescribeStreamTool, EstimateTool, ListStreamsTool, PutRecordTool, RemoveTagsTool, UpdateShardCountTool,
  type ToolDeps,
} from './tools';

/**
 * Registers the language-model tools (package.json `languageModelTools`): Copilot agent mode and the
 * `@kinesis` participant call them. Mutating tools confirm the exact effect and honour read-only mode.
 */
export function registerLanguageModelTools(deps: ToolDeps): vscode.Disposable {
  if (!vscode.lm?.registerTool) {
    return new vscode.Disposable(() => undefined);
  }
  return vscode.Disposable.from(
    vscode.lm.registerTool(ListStreamsTool.toolId, new ListStreamsTool(deps)),
    vscode.lm.registerTool(DescribeStreamTool.toolId, new DescribeStreamTool(deps)),
    vscode.lm.registerTool(CreateStreamTool.toolId, new CreateStreamTool(deps)),
    vscode.lm.registerTool(PutRecordTool.toolId, new PutRecordTool(deps)),
    vscode.lm.registerTool(AddTagsTool.toolId, new AddTagsTool(deps)),
    vscode.lm.registerTool(RemoveTagsTool.toolId, new RemoveTagsTool(deps)),
    vscode.lm.registerTool(UpdateShardCountTool.toolId, new UpdateShardCountTool(deps)),
    vscode.lm.registerTool(EstimateTool.toolId, new EstimateTool(deps)),
  );
}
