import * as vscode from 'vscode';
import { KINESIS_TOOL_NAMES } from '../../core/tools/names';
import type { ToolDeps } from './tools';

/**
 * Registers every tool of the core registry as a language-model tool (package.json
 * `languageModelTools`, generated from the same registry): Copilot agent mode and the `@kinesis`
 * participant call them. Writes confirm the exact effect and honour read-only and restricted mode.
 * The tools (zod, the requirements engine, the decoders) are in their own bundle, dist/lmTools.js,
 * loaded when a tool is first prepared: activation registers names only.
 */
export function registerLanguageModelTools(deps: ToolDeps): vscode.Disposable {
  if (!vscode.lm?.registerTool) {
    return new vscode.Disposable(() => undefined);
  }
  let loading: Promise<Map<string, vscode.LanguageModelTool<unknown>>> | undefined;
  const toolNamed = async (name: string) => {
    loading ??= import('./tools').then((m) => m.createLanguageModelTools(deps));
    return (await loading).get(name)!;
  };
  return vscode.Disposable.from(...KINESIS_TOOL_NAMES.map((name) => vscode.lm.registerTool<unknown>(name, {
    prepareInvocation: async (options, token) => (await toolNamed(name)).prepareInvocation?.(options, token),
    invoke: async (options, token) => (await toolNamed(name)).invoke(options, token),
  })));
}
