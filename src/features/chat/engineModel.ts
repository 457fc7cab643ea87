/**
 * Makes `@kinesis` reachable in a host with no language model. VS Code resolves a model for every
 * chat request before any participant runs: the one picked in the chat view, else Copilot's default,
 * else it answers "Language model unavailable" (ExtHostChatAgents2.getModelForRequest). So while no
 * other model exists, Kinesis Studio offers one of its own, "Kinesis requirements engine (no AI)":
 * the chat view then picks it (the first available model) and the request reaches the participant,
 * which recognises the vendor and answers from the deterministic engine without sending anything to
 * it. As soon as any other model appears, the stand-in withdraws, so it never competes with a real one.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../../core/logging';
import { ENGINE_MODEL_VENDOR } from './participantId';

export const ENGINE_MODEL_ID = 'requirements-engine';

const ENGINE_MODEL: vscode.LanguageModelChatInformation = {
  id: ENGINE_MODEL_ID,
  name: 'Kinesis requirements engine (no AI)',
  family: 'kinesis-requirements-engine',
  version: '1',
  tooltip: 'No language model is installed: @kinesis answers from Kinesis Studio\'s deterministic requirements engine.',
  detail: 'for @kinesis without a language model',
  maxInputTokens: 100_000,
  maxOutputTokens: 4_000,
  // The chat view offers only tool-calling models in agent mode; this one never calls tools.
  capabilities: { toolCalling: true, imageInput: false },
};

/** What the stand-in says when something other than `@kinesis` sends it a request. */
export const ENGINE_MODEL_REPLY = 'This is not a language model: it is Kinesis Studio\'s requirements engine, offered because no language model is installed. Ask `@kinesis` (for example "@kinesis clickstream 10K/s peak, 2KB records"), or use the Architect panel\'s conversation.';

export function registerEngineModel(logger: ILogger): vscode.Disposable {
  if (!vscode.lm?.registerLanguageModelChatProvider) return new vscode.Disposable(() => undefined);
  const changed = new vscode.EventEmitter<void>();
  // Unknown until the first check; offering the model meanwhile is what lets the first request through.
  let othersExist = false;
  const recheck = async () => {
    const others = (await vscode.lm.selectChatModels()).some((m) => m.vendor !== ENGINE_MODEL_VENDOR);
    if (others !== othersExist) {
      othersExist = others;
      logger.info(others ? 'a language model is installed: withdrawing the requirements-engine stand-in' : 'no language model is installed: offering the requirements-engine stand-in for @kinesis');
      changed.fire();
    }
  };
  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => (othersExist ? [] : [ENGINE_MODEL]),
    provideLanguageModelChatResponse: async (_model, _messages, _options, progress) => {
      progress.report(new vscode.LanguageModelTextPart(ENGINE_MODEL_REPLY));
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4),
  };
  const check = () => recheck().catch((error: unknown) => logger.warn(`checking for other language models failed: ${String(error)}`));
  const disposables = [
    changed,
    vscode.lm.registerLanguageModelChatProvider(ENGINE_MODEL_VENDOR, provider),
    vscode.lm.onDidChangeChatModels(check),
  ];
  void check();
  return vscode.Disposable.from(...disposables);
}
