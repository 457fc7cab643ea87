/**
 * The architect's design gate, shared by every way of writing the architecture document (the
 * Generate Architecture command, `@kinesis /design`, the Architect panel and `kinesis-studio design`):
 * a requirement file that carries an architect interview is designed only after the user confirmed,
 * in that interview, that every requirement is captured. Files without interview state (written by
 * hand) keep the checklist gate alone.
 */
import { readArchitectState } from './state';

export const NOT_CONFIRMED_REASON = 'The architect interview in this file has not been confirmed yet: tell the architect "I confirm all requirements are captured" (in @kinesis, the Architect panel or kinesis-studio architect), then ask for the design again.';

/** Why the interview in `requirementText` does not allow a design yet; empty when it does (or there is none). */
export function architectDesignRefusals(requirementText: string): string[] {
  const { state } = readArchitectState(requirementText);
  return state && !state.confirmed ? [NOT_CONFIRMED_REASON] : [];
}
