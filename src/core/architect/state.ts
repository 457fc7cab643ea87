/**
 * The architect interview's state (stage, pending proposal, concepts explained) stored WITH the
 * requirement file, as one HTML comment at its end. The requirement parser only reads headings,
 * lists and tables, so the comment is invisible to the engine and to rendered markdown, and it
 * travels with the file: chat, the Architect panel and `kinesis-studio architect` all continue the
 * same interview, across reloads, copies and commits. Because the state changes in the same edit as
 * the rows it describes, undoing a turn in the editor also undoes its state (a sidecar file would
 * keep saying "proposal agreed" after the agreed rows were undone).
 */
import type { Stage } from '../chat/conversation';
import { INITIAL_STATE, type ConversationState, type DesignProposal } from '../chat/state';

/** The persisted state: the conversation's memory plus where the interview stands. */
export interface ArchitectState extends ConversationState {
  /** The stage the last turn ended in; undefined before the first turn. */
  readonly stage?: Stage;
  /** How many turns the interview has had. */
  readonly turns: number;
  /** The date (YYYY-MM-DD) of the last turn. */
  readonly updated?: string;
}

export const INITIAL_ARCHITECT_STATE: ArchitectState = { ...INITIAL_STATE, turns: 0 };

/** The comment's first words: how the block is found again. */
export const STATE_MARKER = 'kinesis-studio architect state';
const STATE_VERSION = 1;
const STAGES: readonly Stage[] = ['requirements', 'throughput', 'sources', 'partitionKey', 'otherSources', 'proposal', 'confirm', 'design'];
// A blank line before the block belongs to it (writeArchitectState adds one); a line's own newline does not.
const BLOCK = new RegExp(String.raw`(?:(?<=\n)\r?\n)?<!--\s*${STATE_MARKER}\b[^\n]*\n([\s\S]*?)-->[ \t]*(?:\r?\n)?`, 'g');

/** What reading a file's state found: the state, or why there is none. */
export interface StateReading {
  readonly state?: ArchitectState;
  /** 'none': no block; 'malformed': a block whose content is not valid state (it is replaced on the next turn). */
  readonly problem?: 'none' | 'malformed';
}

/** Reads the state block of a requirement file; tolerant of hand edits, old versions and garbage. */
export function readArchitectState(fileText: string): StateReading {
  const blocks = [...fileText.matchAll(BLOCK)];
  const last = blocks.at(-1);
  if (!last) return { problem: 'none' };
  let json: unknown;
  try {
    json = JSON.parse(last[1]);
  } catch {
    return { problem: 'malformed' };
  }
  const state = normaliseArchitectState(json);
  return state ? { state } : { problem: 'malformed' };
}

/** The file text without any state block, byte for byte as it was before the block was added. */
export function stripArchitectState(fileText: string): string {
  return fileText.replace(BLOCK, '');
}

/** The file text with `state` as its one state block, at the end. */
export function writeArchitectState(fileText: string, state: ArchitectState): string {
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';
  const body = stripArchitectState(fileText);
  const separated = body === '' || body.endsWith('\n') ? body : body + eol;
  return `${separated}${eol}${renderStateBlock(state, eol)}${eol}`;
}

/** The comment itself. `--` never appears in it, so user text in a proposal cannot close it early. */
export function renderStateBlock(state: ArchitectState, eol: '\n' | '\r\n' = '\n'): string {
  const json = JSON.stringify({ v: STATE_VERSION, ...state }).replace(/--/g, '-\\u002d');
  return `<!-- ${STATE_MARKER}: the interview's stage, pending proposal and explained concepts, shared by @kinesis, the Architect panel and kinesis-studio architect. Delete this comment to restart the interview.${eol}${json}${eol}-->`;
}

/**
 * Anything → a valid state, or undefined when it is not state at all. Fields that are missing or of
 * the wrong type take their initial value; a malformed proposal is dropped (it is proposed again).
 */
export function normaliseArchitectState(value: unknown): ArchitectState | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const s = value as Record<string, unknown>;
  const known = ['askedOtherSources', 'otherSourcesAnswered', 'proposalAccepted', 'confirmed', 'explained', 'stage', 'turns', 'pendingProposal'];
  if (!known.some((k) => k in s)) return undefined;
  const proposal = normaliseProposal(s.pendingProposal);
  return {
    askedOtherSources: s.askedOtherSources === true,
    otherSourcesAnswered: s.otherSourcesAnswered === true,
    ...(proposal ? { pendingProposal: proposal } : {}),
    proposalAccepted: s.proposalAccepted === true,
    confirmed: s.confirmed === true,
    explained: Array.isArray(s.explained) ? [...new Set(s.explained.filter((e): e is string => typeof e === 'string'))] : [],
    ...(typeof s.stage === 'string' && (STAGES as readonly string[]).includes(s.stage) ? { stage: s.stage as Stage } : {}),
    turns: typeof s.turns === 'number' && Number.isInteger(s.turns) && s.turns >= 0 ? s.turns : 0,
    ...(typeof s.updated === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.updated) ? { updated: s.updated } : {}),
  };
}

function normaliseProposal(value: unknown): DesignProposal | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const p = value as Record<string, unknown>;
  const text = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const streamConfiguration = text('streamConfiguration');
  const shardManagement = text('shardManagement');
  const consumerPatterns = text('consumerPatterns');
  const basis = text('basis');
  const summary = Array.isArray(p.summary) && p.summary.every((l) => typeof l === 'string') ? (p.summary as string[]) : undefined;
  if (streamConfiguration === undefined || shardManagement === undefined || consumerPatterns === undefined || basis === undefined || !summary) return undefined;
  return { streamConfiguration, shardManagement, consumerPatterns, summary, basis };
}
