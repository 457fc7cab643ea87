/**
 * When a feature's diagnostics are recomputed: at once when a document opens or is saved, a pause
 * after the last edit while typing, never for a closed document, and never after dispose. The
 * editor glue (platform/documentDiagnostics.ts) supplies the documents and the publishing; this
 * part is plain TypeScript so its timing is unit-tested with a fake clock.
 */

/** The timer functions the scheduler uses; tests pass a fake clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Typing pauses shorter than this do not revalidate (markdown's diagnostics use the same delay). */
export const REVALIDATE_DELAY_MS = 300;

/** What the scheduler needs from a feature and its documents. */
export interface DiagnosticsTarget<TDocument> {
  /** The document's cache key (its URI string). */
  keyOf(document: TDocument): string;
  isClosed(document: TDocument): boolean;
  /** Whether the feature validates the document (it may stop owning one after a settings change). */
  owns(document: TDocument): boolean;
  /** Computes and shows the document's diagnostics. May throw. */
  publish(document: TDocument): void;
  /** Removes whatever is shown for the document. */
  clear(document: TDocument): void;
  /** Drops what the feature cached for a closed document. */
  evict(key: string): void;
  /** `publish` threw: the diagnostics were cleared, so no stale squiggle points at moved text. */
  failed(document: TDocument, error: unknown): void;
  /** Diagnostics of an owned document were (re)published or cleared after a failure. */
  validated(document: TDocument): void;
}

export class DiagnosticsScheduler<TDocument> {
  readonly #target: DiagnosticsTarget<TDocument>;
  readonly #timers: Timers;
  readonly #delayMs: number;
  readonly #pending = new Map<string, unknown>();
  #disposed = false;

  constructor(target: DiagnosticsTarget<TDocument>, options: { readonly timers?: Timers; readonly delayMs?: number } = {}) {
    this.#target = target;
    this.#timers = options.timers ?? systemTimers;
    this.#delayMs = options.delayMs ?? REVALIDATE_DELAY_MS;
  }

  /** Documents waiting for their debounced validation. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** The text changed: validate once the typing pauses for the delay. */
  changed(document: TDocument): void {
    if (this.#disposed || !this.#target.owns(document)) return;
    const key = this.#target.keyOf(document);
    this.#cancel(key);
    this.#pending.set(key, this.#timers.setTimeout(() => this.validateNow(document), this.#delayMs));
  }

  /** Opened, saved, or everything must be revalidated: validate now (a pending validation is dropped). */
  validateNow(document: TDocument): void {
    this.#cancel(this.#target.keyOf(document));
    if (this.#disposed || this.#target.isClosed(document)) return;
    if (!this.#target.owns(document)) {
      this.#target.clear(document);
      return;
    }
    try {
      this.#target.publish(document);
    } catch (error) {
      this.#target.clear(document);
      this.#target.failed(document, error);
    }
    this.#target.validated(document);
  }

  /** The document closed: forget its pending validation, what it shows and what was cached for it. */
  closed(document: TDocument): void {
    const key = this.#target.keyOf(document);
    this.#cancel(key);
    this.#target.clear(document);
    this.#target.evict(key);
  }

  dispose(): void {
    this.#disposed = true;
    for (const handle of this.#pending.values()) this.#timers.clearTimeout(handle);
    this.#pending.clear();
  }

  #cancel(key: string): void {
    const handle = this.#pending.get(key);
    if (handle === undefined) return;
    this.#timers.clearTimeout(handle);
    this.#pending.delete(key);
  }
}
