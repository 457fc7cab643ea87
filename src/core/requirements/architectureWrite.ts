/**
 * "Write the architecture document" as one pure plan: the gate, generation, the sections edited by
 * hand and the merge. The Generate Architecture command and `@kinesis /design` both call it (and a
 * CLI `design` can), so they can never disagree about what gets written; writing the text is the
 * caller's job (platform/textFileWriter.ts in the extension).
 */
import { architectDesignRefusals } from '../architect/designGate';
import { analyzeRequirementDocument, type DocumentAnalysis } from './analyze';
import { checkGenerationGate, findHandEditedSections, generateArchitectureDocument, mergeArchitectureDocument } from './architecture';
import type { RequirementsOptions } from './options';
import { parseRequirementDocument } from './parser';

export interface ArchitectureWriteInput {
  /** The analysed requirement file, or its text (then analysed here with `requirementsOptions`). */
  readonly requirements: DocumentAnalysis | string;
  readonly requirementsOptions?: Partial<RequirementsOptions>;
  /** The architecture file's current text; undefined when there is none yet. */
  readonly existingArchitecture: string | undefined;
  /** Reasons to refuse that only the caller knows (the chat: not confirmed yet); listed before the gate's. */
  readonly callerRefusals?: readonly string[];
  /** What happens to sections edited by hand: kept unless the caller says otherwise, so no hand-written text is lost by default. */
  readonly handEditedSections?: 'keep' | 'overwrite';
}

/** A generated section of the existing file whose text no longer matches its hash. */
export interface HandEditedSection {
  readonly id: string;
  readonly title: string;
}

/** What to write when the gate lets generation run. */
export interface ArchitectureWrite {
  readonly kind: 'write';
  /** The whole file to write. */
  readonly text: string;
  /** True when the existing file already has exactly this text. */
  readonly unchanged: boolean;
  /** Every hand-edited section of the existing file, kept or not (callers ask the user about them). */
  readonly handEditedSections: readonly HandEditedSection[];
  /** Titles of the hand-edited sections whose text was kept. */
  readonly keptSections: readonly string[];
  /** Titles of the hand-edited sections replaced by generated text. */
  readonly overwrittenSections: readonly string[];
}

export type ArchitectureWritePlan = { readonly kind: 'refused'; readonly reasons: readonly string[] } | ArchitectureWrite;

export function planArchitectureWrite(input: ArchitectureWriteInput): ArchitectureWritePlan {
  const analysis = typeof input.requirements === 'string'
    ? analyzeRequirementDocument(parseRequirementDocument(input.requirements), input.requirementsOptions)
    : input.requirements;
  const reasons = [...new Set([...(input.callerRefusals ?? []), ...architectDesignRefusals(analysis.model.text), ...checkGenerationGate(analysis.model).reasons])];
  if (reasons.length > 0) return { kind: 'refused', reasons };

  const generated = generateArchitectureDocument(analysis);
  const existing = input.existingArchitecture;
  if (existing === undefined) {
    return { kind: 'write', text: generated, unchanged: false, handEditedSections: [], keptSections: [], overwrittenSections: [] };
  }
  const edited = findHandEditedSections(existing)
    .filter((s) => s.state === 'edited')
    .map(({ id, title }): HandEditedSection => ({ id, title }));
  const keep = (input.handEditedSections ?? 'keep') === 'keep';
  const text = mergeArchitectureDocument(existing, generated, new Set(keep ? edited.map((s) => s.id) : []));
  const titles = edited.map((s) => s.title);
  return {
    kind: 'write',
    text,
    unchanged: text === existing,
    handEditedSections: edited,
    keptSections: keep ? titles : [],
    overwrittenSections: keep ? [] : titles,
  };
}
