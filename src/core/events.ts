/**
 * A plain event emitter for the core, shaped like VS Code's so a core event can be handed to the
 * VS Code API (a TreeDataProvider's onDidChangeTreeData) and a VS Code event can be handed to the core.
 */

/** Anything that can be disposed; VS Code's Disposable is one. */
export interface DisposableLike {
  dispose(): unknown;
}

/** Subscribes a listener; dispose the result to unsubscribe. Same call shape as `vscode.Event`. */
export type Event<T> = (listener: (event: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]) => DisposableLike;

export class Emitter<T> {
  readonly #listeners = new Set<(event: T) => unknown>();
  readonly #onListenerError: (error: unknown) => void;
  #disposed = false;

  /** `onListenerError` hears a listener's failure; by default it is dropped, as VS Code's emitter logs and drops it. */
  constructor(onListenerError: (error: unknown) => void = () => undefined) {
    this.#onListenerError = onListenerError;
  }

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (!this.#disposed) {
      this.#listeners.add(bound);
    }
    const subscription = { dispose: () => { this.#listeners.delete(bound); } };
    disposables?.push(subscription);
    return subscription;
  };

  /** Calls every listener. A listener that throws neither stops the others nor the code that fired. */
  fire(event: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }
}
