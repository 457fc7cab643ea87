/**
 * One architect turn, the same in `@kinesis`, the Architect panel and `kinesis-studio architect`:
 * the user's message (and, with a model, its checked proposals) → the requirement file's new text,
 * with the interview state inside it, and the seed's four-part reply. No VS Code, no file system:
 * callers read the file, call this, and write `newFileText` (or apply `edit`).
 */
import type { DocumentAnalysis } from '../requirements/analyze';
import { ARCHITECTURE_FILE_NAME } from '../requirements/architecture';
import { planArchitectureWrite, type ArchitectureWritePlan } from '../requirements/architectureWrite';
import type { TextEdit } from '../text';
import {
  costReport, hotShardReport, renderFourPartReply, runRequirementsTurn, shardReport, type FourPartReply, type Stage, type TurnOutcome,
} from '../chat/conversation';
import { explainConcepts } from '../chat/explain';
import { extractRequirementInfo } from '../chat/extract';
import type { ConversationState } from '../chat/state';
import { analyzeRequirementText, chatRequirementTemplate, minimalEdit, planRequirementUpdate, type RequirementTextAnalyzer } from '../chat/update';
import { NOT_CONFIRMED_REASON } from './designGate';
import { groundProposals, type FactProposals, type GroundingResult } from './grounding';
import { INITIAL_ARCHITECT_STATE, normaliseArchitectState, readArchitectState, stripArchitectState, writeArchitectState, type ArchitectState } from './state';

export const REQUIREMENT_FILE = 'kinesis_requirement.md';

/** What a turn does besides requirement gathering; the reports prepend the engine's analysis. */
export type ArchitectCommand = 'requirements' | 'cost' | 'shards' | 'hotshards' | 'explain';

export interface ArchitectTurnOptions {
  /** The extension passes its shared engine (so one edit is analysed once); default: a fresh analysis. */
  readonly analyze?: RequirementTextAnalyzer;
  /** The file name the reply mentions; default kinesis_requirement.md. */
  readonly fileName?: string;
  readonly command?: ArchitectCommand;
}

export interface ArchitectTurnInput {
  /** The requirement file's current text (an editor's unsaved text wins); undefined when there is no file yet. */
  readonly fileText: string | undefined;
  /**
   * State to continue from when the file carries none (a file written before state lived in it, or the
   * chat's ChatResult metadata). The file's own state always wins.
   */
  readonly state?: ConversationState;
  readonly message: string;
  /** YYYY-MM-DD, recorded in the state. */
  readonly today: string;
  readonly options?: ArchitectTurnOptions;
  /** Facts a language model proposed for this message; applied only where grounded (grounding.ts). */
  readonly proposals?: FactProposals;
}

export interface ArchitectTurn {
  readonly reply: FourPartReply;
  /** The reply as markdown with the four headings. */
  readonly markdown: string;
  /** The text the turn started from: `fileText`, or the template when there was no file. */
  readonly baseText: string;
  /** The whole new file, state block included. */
  readonly newFileText: string;
  /** One minimal edit from `baseText` to `newFileText`; undefined when nothing changed. */
  readonly edit?: TextEdit;
  /** There was no file: create it from `baseText`, then apply `edit` (or write `newFileText`). */
  readonly createsFile: boolean;
  /** The requirement content changed (not only the state). */
  readonly fileChanged: boolean;
  readonly state: ArchitectState;
  readonly stage: Stage;
  /** Labels of the requirement rows added or changed. */
  readonly changedRows: readonly string[];
  /** One line per change, naming the section. */
  readonly changes: readonly string[];
  readonly followup?: TurnOutcome['followup'];
  /** The engine's analysis of the new file. */
  readonly analysis: DocumentAnalysis;
  /** What was done with the model's proposals, when there were any. */
  readonly grounding?: GroundingResult;
}

/** The state a file carries, else `fallback`, else a fresh interview. */
export function stateOf(fileText: string | undefined, fallback?: ConversationState): ArchitectState {
  const own = fileText === undefined ? undefined : readArchitectState(fileText).state;
  return own ?? (fallback ? normaliseArchitectState(fallback) : undefined) ?? INITIAL_ARCHITECT_STATE;
}

export function architectTurn(input: ArchitectTurnInput): ArchitectTurn {
  const options = input.options ?? {};
  const fileName = options.fileName ?? REQUIREMENT_FILE;
  const analyze = options.analyze ?? analyzeRequirementText();
  const baseText = input.fileText ?? chatRequirementTemplate();
  const previous = stateOf(input.fileText, input.state);
  const read = extractRequirementInfo(input.message);
  const grounding = input.proposals ? groundProposals(input.message, read, input.proposals) : undefined;
  const info = grounding?.info ?? read;

  const sourcesComplete = previous.otherSourcesAnswered || info.answers.noOtherSources;
  const writeProposal = previous.pendingProposal && info.answers.agreed && info.requirements.length === 0 ? previous.pendingProposal : undefined;
  const confirmed = (previous.confirmed || (info.answers.confirmed && (previous.askedOtherSources || sourcesComplete))) && info.requirements.length === 0;
  // The state block is not part of the requirements: plan on the text without it.
  const content = stripArchitectState(baseText);
  const update = planRequirementUpdate(content, info, { writeProposal, confirmed, sourcesComplete }, analyze);
  const outcome = runRequirementsTurn(info, update, previous, fileName);
  let reply = outcome.reply;
  if (grounding && (grounding.accepted.length || grounding.refused.length)) {
    const line = `The language model's reading was checked against your words: ${grounding.accepted.length} fact(s) applied, ${grounding.refused.length} not applied (asked below).`;
    reply = { ...reply, learned: `${reply.learned}\n- ${line}` };
  }
  const prepend = (lines: readonly string[], heading: string) => {
    reply = { ...reply, nextSteps: `**${heading}**\n\n${lines.join('\n')}\n\n${reply.nextSteps}` };
  };
  if (options.command === 'cost') prepend(costReport(update.analysis), 'Cost estimate (requirements engine)');
  if (options.command === 'shards') prepend(shardReport(update.analysis).map((l) => `- ${l}`), 'Shard sizing (requirements engine)');
  if (options.command === 'hotshards') prepend(hotShardReport(update.analysis).map((l) => `- ${l}`), 'Hot-shard analysis (requirements engine)');
  if (options.command === 'explain') prepend(explainConcepts(input.message).map((l) => `- ${l}`), 'Explanation');

  const state: ArchitectState = { ...outcome.state, stage: outcome.stage, turns: previous.turns + 1, updated: input.today };
  const newFileText = writeArchitectState(update.after, state);
  return {
    reply,
    markdown: renderFourPartReply(reply),
    baseText,
    newFileText,
    edit: minimalEdit(baseText, newFileText),
    createsFile: input.fileText === undefined,
    fileChanged: update.edit !== undefined,
    state,
    stage: outcome.stage,
    changedRows: update.touchedRequirements,
    changes: update.changes,
    followup: outcome.followup,
    analysis: update.analysis,
    grounding,
  };
}

export interface ArchitectDesignInput {
  /** The requirement file's text (state block included). */
  readonly fileText: string;
  /** Fallback state when the file carries none. */
  readonly state?: ConversationState;
  readonly existingArchitecture: string | undefined;
  readonly analysis?: DocumentAnalysis;
  readonly analyze?: RequirementTextAnalyzer;
}

export interface ArchitectDesign {
  readonly plan: ArchitectureWritePlan;
  /** "Next steps" and (when refused) "Questions" for the reply. */
  readonly nextSteps: string;
  readonly questions?: string;
}

/**
 * The design step: the architecture document only after the user confirmed every requirement (state)
 * and the checklist is complete (the gate). Writing `plan.text` is the caller's job.
 */
export function architectDesign(input: ArchitectDesignInput): ArchitectDesign {
  const state = stateOf(input.fileText, input.state);
  const analysis = input.analysis ?? (input.analyze ?? analyzeRequirementText())(stripArchitectState(input.fileText));
  const plan = planArchitectureWrite({
    requirements: analysis,
    existingArchitecture: input.existingArchitecture,
    // The same reason as designGate.ts (planArchitectureWrite drops the duplicate when the analysis carries the state).
    callerRefusals: state.confirmed ? [] : [NOT_CONFIRMED_REASON],
  });
  if (plan.kind === 'refused') {
    return {
      plan,
      nextSteps: [`I can't write \`${ARCHITECTURE_FILE_NAME}\` yet:`, ...plan.reasons.map((r) => `- ${r}`), '- Once these are resolved, ask for the design again.'].join('\n'),
      questions: ['1. Are there requirements, producers or consumers we have not captured yet?', '2. Once everything is in, can you confirm that all requirements are captured?'].join('\n'),
    };
  }
  return {
    plan,
    nextSteps: [
      `Wrote \`${ARCHITECTURE_FILE_NAME}\`: stream designs, requirement mapping, cost tables, hot-shard analysis, trade-offs and validation results, re-evaluated from the requirement file with the engine's numbers.`,
      ...(plan.keptSections.length ? [`Kept your hand-edited sections: ${plan.keptSections.join(', ')} (run "Kinesis: Generate Architecture" to replace them).`] : []),
      'Review the trade-offs section; changing the requirement file and asking for the design again refreshes the document.',
    ].map((l) => `- ${l}`).join('\n'),
    questions: [
      '1. Do the trade-offs in the document match your priorities (cost, latency, operational effort)?',
      '2. Do you expect traffic to grow or spike (seasonal peaks, launches), and by how much?',
    ].join('\n'),
  };
}
