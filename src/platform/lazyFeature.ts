import * as vscode from 'vscode';
import type { ILogger } from '../core/logging';
import { Disposable } from './lifecycle';

/**
 * A feature whose host code lives in its own bundle and is loaded on first use, so activation never
 * parses it. Until then its commands are placeholders: the first call loads the bundle, lets the
 * feature register its real commands, and runs the call again through them. Other triggers (a
 * document the feature cares about, a chat request, a restored webview) call {@link load}.
 */
export class LazyFeature<Module, Loaded extends { readonly disposable: vscode.Disposable }> extends Disposable {
  readonly #name: string;
  readonly #importBundle: () => Promise<Module>;
  readonly #register: (module: Module) => Loaded;
  readonly #logger: ILogger;
  readonly #commandIds: readonly string[];
  readonly #placeholders: vscode.Disposable[] = [];
  #loading: Promise<Loaded> | undefined;
  #loaded: Loaded | undefined;

  /**
   * @param name what to call the feature in the log
   * @param commandIds the commands the feature registers once loaded
   * @param importBundle loads the feature's bundle (a dynamic import that the build turns into a require)
   * @param register registers the loaded feature; called at most once
   */
  constructor(name: string, commandIds: readonly string[], importBundle: () => Promise<Module>, register: (module: Module) => Loaded, logger: ILogger) {
    super();
    this.#name = name;
    this.#importBundle = importBundle;
    this.#register = register;
    this.#logger = logger;
    this.#commandIds = commandIds;
    this.#registerPlaceholders();
    this._register({ dispose: () => this.#disposePlaceholders() });
    this._register({ dispose: () => this.#loaded?.disposable.dispose() });
  }

  /** The loaded feature, or undefined while its bundle has not been needed yet. */
  get loaded(): Loaded | undefined {
    return this.#loaded;
  }

  /** Loads and registers the feature once; later calls return the same feature. */
  load(): Promise<Loaded> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load(): Promise<Loaded> {
    const started = performance.now();
    try {
      const module = await this.#importBundle();
      if (this.isDisposed) throw new Error(`${this.#name} was disposed while loading`);
      // No await between these two: registering a command id twice throws, and no call can fall
      // in the moment where neither the placeholder nor the real command exists.
      this.#disposePlaceholders();
      const loaded = this.#register(module);
      this.#loaded = loaded;
      this.#logger.info(`${this.#name} loaded in ${(performance.now() - started).toFixed(1)} ms`);
      return loaded;
    } catch (error) {
      // Let a later use try again instead of failing forever on one bad moment.
      this.#loading = undefined;
      if (!this.isDisposed && this.#placeholders.length === 0) this.#registerPlaceholders();
      throw error;
    }
  }

  #registerPlaceholders(): void {
    for (const id of this.#commandIds) {
      this.#placeholders.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await this.load();
        return vscode.commands.executeCommand(id, ...args);
      }));
    }
  }

  #disposePlaceholders(): void {
    for (const placeholder of this.#placeholders.splice(0)) placeholder.dispose();
  }
}
