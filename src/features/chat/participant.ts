import * as vscode from 'vscode';
import {
  extractRequirementInfo, findRegionInText, findUnsupportedNumbers, hasFourParts,
  architectInstructions, operatorInstructions, phrasingRequest, readingInstructions, readState, renderFourPartReply,
  type ConversationState, type FourPartReply, type TurnOutcome,
} from '../../core/chat';
import { factProposalsJsonSchema, parseFactProposals, PROPOSE_FACTS_TOOL, type FactProposals } from '../../core/architect/grounding';
import { isoDate } from '../../core/architect/messages';
import { architectDesign, architectTurn, type ArchitectCommand } from '../../core/architect/turn';
import { loadArchitectSession, saveArchitectTurn } from '../../platform/architectSession';
import type { ILogger } from '../../core/logging';
import { ARCHITECTURE_FILE_NAME } from '../../core/requirements/architecture';
import type { RequirementsService } from '../../core/requirements/service';
import { writeTextFile } from '../../platform/textFileWriter';
import type { ConnectionManager } from '../../services/connectionManager';
import { KINESIS_TOOL_NAMES, ListStreamsTool } from '../lmTools/tools';
import { REQUIREMENT_FILE_NAME } from '../requirements/requirementFiles';
import { ENGINE_MODEL_VENDOR, PARTICIPANT_ID } from './participantId';
import { ArchitectFiles } from './requirementFiles';
import { errorDetail, errorMessage } from '../../core/errorMessage';

/** What every `@kinesis` reply returns in ChatResult.metadata (tests and followups read it). */
export interface ArchitectResultMetadata {
  readonly command: string;
  readonly kinesisState?: ConversationState;
  readonly stage?: string;
  /** The requirement file changed in this turn. */
  readonly fileUpdated?: boolean;
  /** Labels of the requirement rows this turn added or changed. */
  readonly changedRows?: readonly string[];
  /** The architecture file was written in this turn. */
  readonly architectureWritten?: boolean;
  /** Why /design refused, when it did. */
  readonly refusedBecause?: readonly string[];
  /** 'model' when the language model phrased the reply, 'engine' when the deterministic reply was used. */
  readonly repliedBy?: 'model' | 'engine';
  /** Why the model was not used, if it was not. */
  readonly modelProblem?: string;
  readonly followup?: TurnOutcome['followup'];
  readonly toolCalls?: readonly string[];
  /** What the engine did with the model's fact proposals ("field=value", refusals with the reason). */
  readonly grounding?: { readonly accepted: readonly string[]; readonly refused: readonly string[] };
  /** The engine's Questions part of this turn (what it asks, refused proposals first). */
  readonly questions?: string;
}

/** Prompts that ask to operate streams rather than to design them. */
const OPERATION_WORDS = /\b(?:list|show|describe|create|delete|put|insert|send|write a record|add (?:a )?tags?|remove (?:a )?tags?|tag|untag|reshard|update (?:the )?shard count|scale)\b[^.]*\b(?:streams?|records?|tags?|shards?)\b/i;

export interface ParticipantDeps {
  /** The extension's one requirements engine: what the chat analyses, diagnostics and the panel reuse. */
  readonly requirements: RequirementsService;
  readonly connections: ConnectionManager;
  readonly logger: ILogger;
}

/** The `@kinesis` handler: requirement gathering, design, analysis reports, explanations and stream operations. */
export class ArchitectParticipant {
  /** The request being answered (tests await it after approving a tool), and the last result. */
  running: Promise<vscode.ChatResult> | undefined;
  lastResult: vscode.ChatResult | undefined;

  constructor(private readonly deps: ParticipantDeps) {}

  readonly handler: vscode.ChatRequestHandler = (request, context, stream, token) => {
    const running = this.#handle(request, context, stream, token).then((result) => {
      this.lastResult = result;
      return result;
    });
    this.running = running;
    return running;
  };

  async #handle(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    // Requirement facts win over operation words: "devices send 2KB records at 5K/s" is a requirement.
    const command = request.command
      ?? (OPERATION_WORDS.test(request.prompt) && extractRequirementInfo(request.prompt).requirements.length === 0 ? 'streams' : 'requirements');
    try {
      if (command === 'streams') return await this.#operate(request, context, stream, token);
      return await this.#architect(command, request, context, stream, token);
    } catch (error) {
      return this.#handleError(error, command, stream);
    }
  }

  provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
    const followup = (result.metadata as ArchitectResultMetadata | undefined)?.followup;
    return followup ? [{ prompt: followup.prompt, label: followup.label, command: followup.command }] : [];
  }

  // ---- requirement conversation, /design, /cost, /shards, /hotshards, /explain --------------------

  async #architect(command: string, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const files = ArchitectFiles.forWorkspace();
    if (!files) {
      stream.markdown(vscode.l10n.t('Open a folder first: I keep `{0}` in the workspace root and update it after every message.', REQUIREMENT_FILE_NAME));
      return { metadata: { command } satisfies ArchitectResultMetadata };
    }
    stream.progress(vscode.l10n.t('Updating {0}…', REQUIREMENT_FILE_NAME));
    const session = await loadArchitectSession(files.requirementUri);
    const requirementKey = files.requirementUri.toString();
    const analyze = (text: string) => this.deps.requirements.analyzeText(requirementKey, text);
    const turnCommand = command === 'design' ? 'requirements' : (command as ArchitectCommand);
    // The state lives in the file; a chat reply's metadata is only the fallback for files without it.
    // With a model, the model reads and the engine checks; a failing model leaves the reader alone.
    const reading = command === 'requirements' ? await this.#read(request, token) : {};
    const turn = architectTurn({
      fileText: session.fileText, state: latestState(context), message: request.prompt, today: today(),
      options: { analyze, command: turnCommand, fileName: REQUIREMENT_FILE_NAME }, proposals: reading.proposals,
    });
    await saveArchitectTurn(files.requirementUri, turn);
    stream.reference(files.requirementUri);
    if (token.isCancellationRequested) return { metadata: { command, fileUpdated: turn.fileChanged } satisfies ArchitectResultMetadata };

    let reply: FourPartReply = turn.reply;
    const metadata: { -readonly [K in keyof ArchitectResultMetadata]: ArchitectResultMetadata[K] } = {
      command, kinesisState: turn.state, stage: turn.stage, fileUpdated: turn.fileChanged, followup: turn.followup, changedRows: turn.changedRows,
    };
    if (command === 'design') {
      const outcome = architectDesign({ fileText: turn.newFileText, existingArchitecture: await files.readArchitecture(), analysis: turn.analysis });
      metadata.architectureWritten = outcome.plan.kind === 'write';
      metadata.refusedBecause = outcome.plan.kind === 'refused' ? outcome.plan.reasons : undefined;
      reply = { ...reply, nextSteps: outcome.nextSteps, questions: outcome.questions ?? reply.questions };
      if (outcome.plan.kind === 'write') {
        await writeTextFile(files.architectureUri, outcome.plan.text);
        this.deps.logger.info(`wrote ${ARCHITECTURE_FILE_NAME} from ${turn.newFileText.length} characters of requirements`);
        stream.reference(files.architectureUri);
        // The prompt stays English: the engine reads it as the user's next message.
        metadata.followup = { prompt: 'Show the cost estimate.', label: vscode.l10n.t('Show the cost estimate'), command: 'cost' };
      }
    }

    if (turn.grounding) {
      metadata.grounding = {
        accepted: turn.grounding.accepted.map((a) => `${a.field}=${a.value}`),
        refused: turn.grounding.refused.map((r) => `${r.field}=${r.value} (${r.reason})`),
      };
    }
    metadata.questions = reply.questions;
    const phrased = reading.problem || isEngineModel(request.model) ? { problem: reading.problem } : await this.#phrase(request, context, reply, token);
    metadata.repliedBy = phrased.text ? 'model' : 'engine';
    metadata.modelProblem = phrased.problem;
    if (phrased.text) {
      stream.markdown(phrased.text);
      stream.markdown('\n\n');
      stream.anchor(files.requirementUri, REQUIREMENT_FILE_NAME);
    } else {
      if (phrased.problem) stream.markdown(`_${vscode.l10n.t('{0} This reply comes from Kinesis Studio\'s requirements engine.', phrased.problem)}_\n\n`);
      const text = renderFourPartReply(reply);
      const split = text.indexOf('### Next steps');
      stream.markdown(text.slice(0, split));
      stream.markdown(`- ${vscode.l10n.t('File:')} `);
      stream.anchor(files.requirementUri, REQUIREMENT_FILE_NAME);
      if (metadata.architectureWritten) {
        stream.markdown(' · ');
        stream.anchor(files.architectureUri, ARCHITECTURE_FILE_NAME);
      }
      stream.markdown('\n\n');
      stream.markdown(text.slice(split));
    }
    return { metadata };
  }

  /**
   * Asks the model to read the message into fact proposals (a tool call, or the same JSON in its
   * text). A model error is reported and the turn goes on with the reader alone.
   */
  async #read(request: vscode.ChatRequest, token: vscode.CancellationToken): Promise<{ proposals?: FactProposals; problem?: string }> {
    const model = request.model;
    if (!model || isEngineModel(model)) return {};
    const schema = factProposalsJsonSchema();
    const tool: vscode.LanguageModelChatTool = { name: PROPOSE_FACTS_TOOL, description: 'Report the requirement facts the message states, each number with the exact words it came from.', inputSchema: schema };
    const messages = [
      vscode.LanguageModelChatMessage.User(readingInstructions(PROPOSE_FACTS_TOOL, schema)),
      vscode.LanguageModelChatMessage.User(request.prompt),
    ];
    let text = '';
    let input: unknown;
    try {
      const response = await model.sendRequest(messages, {
        tools: [tool], toolMode: vscode.LanguageModelChatToolMode.Required,
        justification: vscode.l10n.t('Kinesis Studio asks the selected model to read your message; its engine checks every number.'),
      }, token);
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelToolCallPart && part.name === PROPOSE_FACTS_TOOL) input ??= part.input;
        else if (part instanceof vscode.LanguageModelTextPart) text += part.value;
      }
    } catch (error) {
      if (error instanceof vscode.LanguageModelError) return { problem: describeModelError(error) };
      throw error;
    }
    const proposals = parseFactProposals(input ?? text);
    if (!proposals && (input !== undefined || text.includes('{'))) this.deps.logger.info('the model\'s fact proposals did not match the schema; reading with the engine alone');
    return { proposals };
  }

  /**
   * Asks the model to phrase the engine's reply. The model's text is used only when it keeps the four
   * headings and brings no number of its own; otherwise the engine's reply stands.
   */
  async #phrase(request: vscode.ChatRequest, context: vscode.ChatContext, reply: FourPartReply, token: vscode.CancellationToken): Promise<{ text?: string; problem?: string }> {
    const draft = renderFourPartReply(reply);
    const model = request.model;
    if (!model) return { problem: vscode.l10n.t('No language model is available.') };
    const messages = [
      vscode.LanguageModelChatMessage.User(architectInstructions(today())),
      ...historyMessages(context),
      vscode.LanguageModelChatMessage.User(phrasingRequest(request.prompt, draft)),
    ];
    let text = '';
    try {
      const response = await model.sendRequest(messages, { justification: vscode.l10n.t('Kinesis Studio phrases its requirement analysis with the selected model.') }, token);
      for await (const part of response.text) text += part;
    } catch (error) {
      if (error instanceof vscode.LanguageModelError) return { problem: describeModelError(error) };
      throw error;
    }
    const history = context.history.filter((t): t is vscode.ChatRequestTurn => t instanceof vscode.ChatRequestTurn).map((t) => t.prompt);
    const invented = findUnsupportedNumbers(text, [draft, request.prompt, ...history]);
    if (!hasFourParts(text) || invented.length) {
      this.deps.logger.info(`model reply discarded (${!hasFourParts(text) ? 'missing the four-part structure' : `numbers not from the engine: ${invented.join(', ')}`})`);
      return {};
    }
    return { text };
  }

  // ---- stream operations through the language-model tools ----------------------------------------

  async #operate(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const tools = vscode.lm.tools.filter((t) => (KINESIS_TOOL_NAMES as readonly string[]).includes(t.name));
    const messages = [
      vscode.LanguageModelChatMessage.User(operatorInstructions(today(), this.deps.connections.current.region)),
      ...historyMessages(context),
      vscode.LanguageModelChatMessage.User(request.prompt),
    ];
    const toolCalls: string[] = [];
    try {
      for (let round = 0; round < 8; round++) {
        const response = await request.model.sendRequest(messages, { tools, justification: vscode.l10n.t('Kinesis Studio runs stream operations through its tools.') }, token);
        const calls: vscode.LanguageModelToolCallPart[] = [];
        let text = '';
        for await (const part of response.stream) {
          if (part instanceof vscode.LanguageModelTextPart) {
            text += part.value;
            stream.markdown(part.value);
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            calls.push(part);
          }
        }
        if (!calls.length) break;
        const results: vscode.LanguageModelToolResultPart[] = [];
        for (const call of calls) {
          toolCalls.push(call.name);
          try {
            const result = await vscode.lm.invokeTool(call.name, { input: call.input, toolInvocationToken: request.toolInvocationToken }, token);
            results.push(new vscode.LanguageModelToolResultPart(call.callId, result.content));
          } catch (error) {
            if (error instanceof vscode.CancellationError || token.isCancellationRequested) throw error;
            results.push(new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart(`Error: ${errorMessage(error)}`)]));
          }
        }
        messages.push(vscode.LanguageModelChatMessage.Assistant(text ? [new vscode.LanguageModelTextPart(text), ...calls] : calls));
        messages.push(vscode.LanguageModelChatMessage.User(results));
      }
    } catch (error) {
      if (!(error instanceof vscode.LanguageModelError)) throw error;
      // Without a model, listing streams still works: it is read-only and needs no interpretation.
      if (/\b(?:list|show)\b/i.test(request.prompt)) {
        stream.markdown(`_${vscode.l10n.t('{0} Listing streams directly.', describeModelError(error))}_\n\n`);
        const region = findRegionInText(request.prompt);
        const result = await vscode.lm.invokeTool(ListStreamsTool.toolId, { input: region ? { region } : {}, toolInvocationToken: request.toolInvocationToken }, token);
        stream.markdown(result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join(''));
        return { metadata: { command: 'streams', toolCalls: [ListStreamsTool.toolId], modelProblem: describeModelError(error) } satisfies ArchitectResultMetadata };
      }
      stream.markdown(vscode.l10n.t('{0} Stream operations from chat need a language model; the Kinesis explorer and the "Kinesis:" commands do the same without one.', describeModelError(error)));
      return { metadata: { command: 'streams', modelProblem: describeModelError(error) } satisfies ArchitectResultMetadata };
    }
    return { metadata: { command: 'streams', toolCalls } satisfies ArchitectResultMetadata };
  }

  #handleError(error: unknown, command: string, stream: vscode.ChatResponseStream): vscode.ChatResult {
    if (error instanceof vscode.CancellationError) {
      return { metadata: { command } };
    }
    if (error instanceof vscode.LanguageModelError) {
      stream.markdown(describeModelError(error));
      return { metadata: { command, modelProblem: describeModelError(error) } };
    }
    this.deps.logger.error(errorDetail(error));
    const message = errorMessage(error);
    stream.markdown(vscode.l10n.t('Something went wrong: {0}. See the "Kinesis Studio" log for details.', message));
    return { errorDetails: { message }, metadata: { command } };
  }
}

/** The state carried by this participant's most recent reply in the conversation. */
function latestState(context: vscode.ChatContext): ConversationState | undefined {
  for (let i = context.history.length - 1; i >= 0; i--) {
    const turn = context.history[i];
    if (turn instanceof vscode.ChatResponseTurn && turn.participant === PARTICIPANT_ID) {
      const state = readState(turn.result.metadata);
      if (state) return state;
    }
  }
  return undefined;
}

/** Earlier turns with this participant, as model messages, so the model sees the whole conversation. */
function historyMessages(context: vscode.ChatContext): vscode.LanguageModelChatMessage[] {
  const messages: vscode.LanguageModelChatMessage[] = [];
  for (const turn of context.history) {
    if (turn.participant !== PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn) {
      messages.push(vscode.LanguageModelChatMessage.User(turn.prompt));
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
      if (text.trim()) messages.push(vscode.LanguageModelChatMessage.Assistant(text));
    }
  }
  return messages;
}

/** A message for each way a model request can fail, saying what the user can do. */
export function describeModelError(error: vscode.LanguageModelError): string {
  const code = error.code;
  if (code === vscode.LanguageModelError.NoPermissions().code) return vscode.l10n.t('Kinesis Studio was not allowed to use the language model (consent was refused).');
  if (code === vscode.LanguageModelError.Blocked().code) return vscode.l10n.t('The language model refused the request or its quota is exhausted; try again later or pick another model.');
  if (code === vscode.LanguageModelError.NotFound().code) return vscode.l10n.t('The selected language model is not available.');
  return vscode.l10n.t('The language model failed ({0}).', error.message || code);
}

/** The extension's own model for hosts without one (deterministicModel.ts): it never phrases or reads. */
function isEngineModel(model: vscode.LanguageModelChat | undefined): boolean {
  return model?.vendor === ENGINE_MODEL_VENDOR;
}

function today(): string {
  return isoDate(new Date());
}
