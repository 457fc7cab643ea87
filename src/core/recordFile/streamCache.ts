/**
 * The live stream names per region that unknown-stream diagnostics and completion read. Reads never
 * wait: {@link StreamNameCache.peek} answers from memory and starts a load when the entry is missing
 * or older than the time to live; listeners hear when a load brings a new answer. A failed listing is
 * remembered as "unknown" for the same time, so a broken connection is not asked on every keystroke.
 */
import { nullLogger, type ILogger } from '../logging';
import { errorMessage } from '../errorMessage';

export const DEFAULT_STREAM_CACHE_TTL_MS = 30_000;

interface Entry {
  /** Undefined when the last listing failed. */
  readonly names?: ReadonlySet<string>;
  readonly loadedAt: number;
}

export interface StreamNameCacheOptions {
  /** Lists the stream names of a region; rejects when it cannot. */
  readonly list: (region: string) => Promise<readonly string[]>;
  readonly ttlMs?: number;
  readonly now?: () => number;
  readonly logger?: ILogger;
}

export class StreamNameCache {
  readonly #options: StreamNameCacheOptions;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #logger: ILogger;
  readonly #entries = new Map<string, Entry>();
  readonly #loading = new Map<string, Promise<ReadonlySet<string> | undefined>>();
  readonly #listeners = new Set<(region: string) => void>();
  /** Bumped by {@link clear}, so a load started before it cannot store an answer from before it. */
  #generation = 0;

  constructor(options: StreamNameCacheOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? DEFAULT_STREAM_CACHE_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? nullLogger;
  }

  /** Called with the region whenever a load finished with a different answer than before. */
  onDidChange(listener: (region: string) => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  /** The names known for `region` (possibly stale), or undefined; refreshes in the background when due. */
  peek(region: string): ReadonlySet<string> | undefined {
    const entry = this.#entries.get(region);
    if (!entry || this.#now() - entry.loadedAt >= this.#ttlMs) void this.load(region);
    return entry?.names;
  }

  /** Lists the region now (joining a load in flight); undefined when listing failed. */
  load(region: string): Promise<ReadonlySet<string> | undefined> {
    const inFlight = this.#loading.get(region);
    if (inFlight) return inFlight;
    const generation = this.#generation;
    const promise = this.#options.list(region).then(
      (names) => new Set(names) as ReadonlySet<string>,
      (error: unknown) => {
        this.#logger.info(`listing streams in ${region} for record files failed; unknown-stream checks are off there: ${errorMessage(error)}`);
        return undefined;
      },
    ).then((names) => {
      this.#loading.delete(region);
      if (generation !== this.#generation) return names;
      const before = this.#entries.get(region);
      this.#entries.set(region, { names, loadedAt: this.#now() });
      if (!sameNames(before?.names, names) || !before) this.#listeners.forEach((l) => l(region));
      return names;
    });
    this.#loading.set(region, promise);
    return promise;
  }

  /** Marks every region stale (after a refresh of the explorer or a connection change). */
  invalidate(): void {
    for (const [region, entry] of this.#entries) this.#entries.set(region, { ...entry, loadedAt: -Infinity });
  }

  /** Forgets everything (a different connection: old names would be wrong). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#loading.clear();
  }
}

function sameNames(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.size !== b.size) return false;
  for (const name of a) if (!b.has(name)) return false;
  return true;
}
