import * as vscode from 'vscode';

/** Base class that owns disposables: everything a component registers is disposed with it. */
export abstract class Disposable implements vscode.Disposable {
  #disposables: vscode.Disposable[] = [];
  #isDisposed = false;

  protected get isDisposed(): boolean {
    return this.#isDisposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.#isDisposed) {
      disposable.dispose();
    } else {
      this.#disposables.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this.#isDisposed) {
      return;
    }
    this.#isDisposed = true;
    // Dispose in reverse order so later registrations, which may depend on earlier ones, go first.
    for (const d of this.#disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }
}
