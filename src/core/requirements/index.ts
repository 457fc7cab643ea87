/**
 * The requirements engine behind diagnostics, the panel, the chat participant and the CLI. Adapters
 * call the service (it caches per document version); the pure functions are exported for tests and
 * one-off use.
 */
import { nullLogger, type ILogger } from '../logging';
import type { Position } from '../text';
import { analyzeRequirementDocument, type DocumentAnalysis } from './analyze';
import { checkGenerationGate, generateArchitectureDocument, type GenerationGate } from './architecture';
import { getCodeLenses, type CoreCodeLens } from './codeLenses';
import { getHover, type CoreHover } from './hover';
import type { RequirementDocument } from './model';
import { resolveRequirementsOptions, type RequirementsOptions } from './options';
import { parseRequirementDocument } from './parser';
import { getQuickFixes, type CoreQuickFix } from './quickFixes';
import { validateRequirementDocument, type CoreDiagnostic } from './validate';

export * from './analyze';
export * from './architecture';
export * from './codeLenses';
export * from './edits';
export * from './hover';
export * from './model';
export * from './options';
export { parseRequirementDocument } from './parser';
export * from './quickFixes';
export * from './template';
export * from './validate';
export * from './valueParsers';

/** The minimum the engine needs from an open document (VS Code's TextDocument satisfies it). */
export interface RequirementsTextDocument {
  readonly uri: string;
  /** Increases with every change; the cache key together with `uri`. */
  readonly version: number;
  getText(): string;
}

/** Collaborators and settings for {@link createRequirementsService}. */
export interface RequirementsServiceConfig {
  readonly logger?: ILogger;
  readonly options?: Partial<RequirementsOptions>;
}

/** Everything the adapters need, computed once per document version. */
export interface RequirementsService {
  readonly options: RequirementsOptions;
  /** Replaces the options (e.g. after a settings change) and drops every cached result. */
  updateOptions(options: Partial<RequirementsOptions>): void;
  parse(document: RequirementsTextDocument): RequirementDocument;
  analyze(document: RequirementsTextDocument): DocumentAnalysis;
  getDiagnostics(document: RequirementsTextDocument): readonly CoreDiagnostic[];
  getHover(document: RequirementsTextDocument, position: Position): CoreHover | undefined;
  getCodeLenses(document: RequirementsTextDocument): readonly CoreCodeLens[];
  getQuickFixes(document: RequirementsTextDocument, diagnostic: CoreDiagnostic): readonly CoreQuickFix[];
  checkGenerationGate(document: RequirementsTextDocument): GenerationGate;
  /** The architecture document text; callers check the gate and ask the user first. */
  generateArchitecture(document: RequirementsTextDocument): string;
  /** Forget a document (call on close). */
  evict(uri: string): void;
}

interface CacheEntry {
  readonly version: number;
  readonly analysis: DocumentAnalysis;
  diagnostics?: readonly CoreDiagnostic[];
  lenses?: readonly CoreCodeLens[];
}

export function createRequirementsService(config: RequirementsServiceConfig = {}): RequirementsService {
  return new CachingRequirementsService(config.logger ?? nullLogger, resolveRequirementsOptions(config.options));
}

class CachingRequirementsService implements RequirementsService {
  readonly #logger: ILogger;
  #options: RequirementsOptions;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(logger: ILogger, options: RequirementsOptions) {
    this.#logger = logger;
    this.#options = options;
  }

  get options(): RequirementsOptions {
    return this.#options;
  }

  updateOptions(options: Partial<RequirementsOptions>): void {
    this.#options = resolveRequirementsOptions({ ...this.#options, ...options });
    this.#cache.clear();
    this.#logger.info(`requirements options: ${JSON.stringify(this.#options)}`);
  }

  parse(document: RequirementsTextDocument): RequirementDocument {
    return this.#entry(document).analysis.model;
  }

  analyze(document: RequirementsTextDocument): DocumentAnalysis {
    return this.#entry(document).analysis;
  }

  getDiagnostics(document: RequirementsTextDocument): readonly CoreDiagnostic[] {
    const entry = this.#entry(document);
    entry.diagnostics ??= validateRequirementDocument(entry.analysis);
    return entry.diagnostics;
  }

  getHover(document: RequirementsTextDocument, position: Position): CoreHover | undefined {
    return getHover(this.#entry(document).analysis, position);
  }

  getCodeLenses(document: RequirementsTextDocument): readonly CoreCodeLens[] {
    const entry = this.#entry(document);
    entry.lenses ??= getCodeLenses(entry.analysis);
    return entry.lenses;
  }

  getQuickFixes(document: RequirementsTextDocument, diagnostic: CoreDiagnostic): readonly CoreQuickFix[] {
    return getQuickFixes(this.#entry(document).analysis, diagnostic);
  }

  checkGenerationGate(document: RequirementsTextDocument): GenerationGate {
    return checkGenerationGate(this.#entry(document).analysis.model);
  }

  generateArchitecture(document: RequirementsTextDocument): string {
    return generateArchitectureDocument(this.#entry(document).analysis);
  }

  evict(uri: string): void {
    this.#cache.delete(uri);
  }

  #entry(document: RequirementsTextDocument): CacheEntry {
    const cached = this.#cache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const started = Date.now();
    const analysis = analyzeRequirementDocument(parseRequirementDocument(document.getText()), this.#options);
    const entry: CacheEntry = { version: document.version, analysis };
    this.#cache.set(document.uri, entry);
    this.#logger.debug(`analysed ${document.uri} v${document.version}: ${analysis.requirements.length} requirements in ${Date.now() - started} ms`);
    return entry;
  }
}
