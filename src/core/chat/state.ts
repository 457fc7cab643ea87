/**
 * What `@kinesis` remembers between turns. It travels in each reply's ChatResult metadata, so the
 * conversation (not the extension) owns it: a new chat starts fresh, and old chats keep their state.
 */

/** A shard-count and consumer-pattern decision put to the user before it is written down. */
export interface DesignProposal {
  /** Text for the Data Flow "Stream Configuration" bullet. */
  readonly streamConfiguration: string;
  /** Text for the Design Considerations "Shard Management" bullet. */
  readonly shardManagement: string;
  /** Text for the Design Considerations "Consumer Patterns" bullet. */
  readonly consumerPatterns: string;
  /** The proposal as bullet points for the reply. */
  readonly summary: readonly string[];
  /** Identifies the numbers it was computed from; a changed table makes it stale. */
  readonly basis: string;
}

export interface ConversationState {
  /** We asked whether there are other producers, consumers or requirements (the seed insists). */
  readonly askedOtherSources: boolean;
  /** The user answered that there are none. */
  readonly otherSourcesAnswered: boolean;
  readonly pendingProposal?: DesignProposal;
  /** The user agreed to the proposal and it was written to the file. */
  readonly proposalAccepted: boolean;
  /** The user confirmed that every requirement is captured (needed before /design). */
  readonly confirmed: boolean;
  /** Concepts already explained, so each is explained once, before first use. */
  readonly explained: readonly string[];
}

export const INITIAL_STATE: ConversationState = {
  askedOtherSources: false,
  otherSourcesAnswered: false,
  proposalAccepted: false,
  confirmed: false,
  explained: [],
};

/** Reads state back from ChatResult metadata, tolerating anything malformed (old or foreign results). */
export function readState(metadata: unknown): ConversationState | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined;
  const state = (metadata as { kinesisState?: unknown }).kinesisState;
  if (!state || typeof state !== 'object') return undefined;
  const s = state as Partial<ConversationState>;
  return {
    askedOtherSources: s.askedOtherSources === true,
    otherSourcesAnswered: s.otherSourcesAnswered === true,
    ...(s.pendingProposal && typeof s.pendingProposal === 'object' ? { pendingProposal: s.pendingProposal } : {}),
    proposalAccepted: s.proposalAccepted === true,
    confirmed: s.confirmed === true,
    explained: Array.isArray(s.explained) ? s.explained.filter((e): e is string => typeof e === 'string') : [],
  };
}
