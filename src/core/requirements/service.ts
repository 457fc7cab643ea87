/**
 * The one requirements engine of the extension: built once at activation and shared by diagnostics,
 * hover, CodeLens, quick fixes, the Architect panel and the chat participant. Each document text is
 * parsed once and analysed once per price table, however many of them ask.
 */
import type { PriceTableId } from '../analysis/cost';
import type { VersionedTextDocument } from '../documents';
import { nullLogger, type ILogger } from '../logging';
import type { Position } from '../text';
import { analyzeRequirementDocument, type DocumentAnalysis } from './analyze';
import { checkGenerationGate, type GenerationGate } from './architecture';
import { getCodeLenses, type CoreCodeLens } from './codeLenses';
import { getHover, type CoreHover } from './hover';
import type { RequirementDocument } from './model';
import { resolveRequirementsOptions, type RequirementsOptions } from './options';
import { parseRequirementDocument } from './parser';
import { getQuickFixes, type CoreQuickFix } from './quickFixes';
import { validateRequirementDocument, type RequirementDiagnostic } from './validate';

/** The two steps the service caches. Tests pass wrappers that count calls. */
export interface RequirementsEngine {
  parse(text: string): RequirementDocument;
  analyze(model: RequirementDocument, options: RequirementsOptions): DocumentAnalysis;
}

export const DEFAULT_REQUIREMENTS_ENGINE: RequirementsEngine = {
  parse: parseRequirementDocument,
  analyze: analyzeRequirementDocument,
};

/** Collaborators and settings for {@link createRequirementsService}. */
export interface RequirementsServiceConfig {
  readonly logger?: ILogger;
  readonly options?: Partial<RequirementsOptions>;
  readonly engine?: RequirementsEngine;
}

/**
 * Everything the adapters need, computed once per document text. `priceTable` defaults to the
 * options' table; the panel asks for both tables to show them side by side.
 */
export interface RequirementsService {
  readonly options: RequirementsOptions;
  /**
   * Replaces the options (e.g. after a settings change). Returns false, and keeps every cached
   * result, when the resolved options are the same. A new default price table keeps the analyses
   * too (each is cached per table); a new threshold drops them. Parses are always kept.
   */
  updateOptions(options: Partial<RequirementsOptions>): boolean;
  parse(document: VersionedTextDocument): RequirementDocument;
  analyze(document: VersionedTextDocument, priceTable?: PriceTableId): DocumentAnalysis;
  /**
   * The analysis of a text meant for `uri` that is not an editor version yet (the chat plans an
   * update, then writes it). It replaces the cached text of `uri`, so when the editor reports the
   * written version with this text, nothing is parsed or analysed again.
   */
  analyzeText(uri: string, text: string, priceTable?: PriceTableId): DocumentAnalysis;
  getDiagnostics(document: VersionedTextDocument, priceTable?: PriceTableId): readonly RequirementDiagnostic[];
  getHover(document: VersionedTextDocument, position: Position): CoreHover | undefined;
  getCodeLenses(document: VersionedTextDocument): readonly CoreCodeLens[];
  getQuickFixes(document: VersionedTextDocument, diagnostic: RequirementDiagnostic): readonly CoreQuickFix[];
  checkGenerationGate(document: VersionedTextDocument): GenerationGate;
  /** Forget a document (call on close: a reopened document starts again at version 1). */
  evict(uri: string): void;
}

interface AnalysisEntry {
  readonly analysis: DocumentAnalysis;
  diagnostics?: readonly RequirementDiagnostic[];
  lenses?: readonly CoreCodeLens[];
}

interface DocumentEntry {
  /** Undefined while the text came from {@link RequirementsService.analyzeText} only. */
  version: number | undefined;
  readonly text: string;
  readonly model: RequirementDocument;
  readonly analyses: Map<PriceTableId, AnalysisEntry>;
}

export function createRequirementsService(config: RequirementsServiceConfig = {}): RequirementsService {
  return new CachingRequirementsService(config.logger ?? nullLogger, resolveRequirementsOptions(config.options), config.engine ?? DEFAULT_REQUIREMENTS_ENGINE);
}

class CachingRequirementsService implements RequirementsService {
  readonly #logger: ILogger;
  readonly #engine: RequirementsEngine;
  #options: RequirementsOptions;
  readonly #cache = new Map<string, DocumentEntry>();

  constructor(logger: ILogger, options: RequirementsOptions, engine: RequirementsEngine) {
    this.#logger = logger;
    this.#options = options;
    this.#engine = engine;
  }

  get options(): RequirementsOptions {
    return this.#options;
  }

  updateOptions(options: Partial<RequirementsOptions>): boolean {
    const next = resolveRequirementsOptions({ ...this.#options, ...options });
    const previous = this.#options;
    if (next.priceTable === previous.priceTable && next.monthlyCostThreshold === previous.monthlyCostThreshold && next.reportUncheckedItems === previous.reportUncheckedItems) {
      return false;
    }
    this.#options = next;
    // Only the default table changed: every cached analysis is still right for its own table.
    const analysesStillValid = next.monthlyCostThreshold === previous.monthlyCostThreshold && next.reportUncheckedItems === previous.reportUncheckedItems;
    if (!analysesStillValid) for (const entry of this.#cache.values()) entry.analyses.clear();
    this.#logger.info(`requirements options: ${JSON.stringify(next)}`);
    return true;
  }

  parse(document: VersionedTextDocument): RequirementDocument {
    return this.#document(document.uri, document.version, () => document.getText()).model;
  }

  analyze(document: VersionedTextDocument, priceTable?: PriceTableId): DocumentAnalysis {
    return this.#analysis(document, priceTable).analysis;
  }

  analyzeText(uri: string, text: string, priceTable?: PriceTableId): DocumentAnalysis {
    return this.#analysed(uri, this.#document(uri, undefined, () => text), priceTable).analysis;
  }

  getDiagnostics(document: VersionedTextDocument, priceTable?: PriceTableId): readonly RequirementDiagnostic[] {
    const entry = this.#analysis(document, priceTable);
    entry.diagnostics ??= validateRequirementDocument(entry.analysis);
    return entry.diagnostics;
  }

  getHover(document: VersionedTextDocument, position: Position): CoreHover | undefined {
    return getHover(this.analyze(document), position);
  }

  getCodeLenses(document: VersionedTextDocument): readonly CoreCodeLens[] {
    const entry = this.#analysis(document);
    entry.lenses ??= getCodeLenses(entry.analysis);
    return entry.lenses;
  }

  getQuickFixes(document: VersionedTextDocument, diagnostic: RequirementDiagnostic): readonly CoreQuickFix[] {
    return getQuickFixes(this.analyze(document), diagnostic);
  }

  checkGenerationGate(document: VersionedTextDocument): GenerationGate {
    return checkGenerationGate(this.parse(document));
  }

  evict(uri: string): void {
    this.#cache.delete(uri);
  }

  #analysis(document: VersionedTextDocument, priceTable?: PriceTableId): AnalysisEntry {
    return this.#analysed(document.uri, this.#document(document.uri, document.version, () => document.getText()), priceTable);
  }

  /** The cached parse of `uri`: hit on the same version, or on the same text under a new version. */
  #document(uri: string, version: number | undefined, getText: () => string): DocumentEntry {
    const cached = this.#cache.get(uri);
    if (cached && version !== undefined && cached.version === version) return cached;
    const text = getText();
    if (cached && cached.text === text) {
      if (version !== undefined) cached.version = version;
      return cached;
    }
    const entry: DocumentEntry = { version, text, model: this.#engine.parse(text), analyses: new Map() };
    this.#cache.set(uri, entry);
    return entry;
  }

  #analysed(uri: string, entry: DocumentEntry, priceTable: PriceTableId = this.#options.priceTable): AnalysisEntry {
    const cached = entry.analyses.get(priceTable);
    if (cached) return cached;
    const started = Date.now();
    const analysis = this.#engine.analyze(entry.model, { ...this.#options, priceTable });
    const analysed: AnalysisEntry = { analysis };
    entry.analyses.set(priceTable, analysed);
    this.#logger.debug(`analysed ${uri} v${entry.version ?? '-'} (${priceTable} prices): ${analysis.requirements.length} requirements in ${Date.now() - started} ms`);
    return analysed;
  }
}
