import * as vscode from 'vscode';
import type { StreamChange } from '../core/kinesis/streamChange';
import { Disposable } from '../platform/lifecycle';

/**
 * Where every mutation says what it changed. The explorer and the record files' stream-name cache
 * listen; the code that creates, deletes or reconfigures a stream never needs to know they exist.
 */
export class StreamEvents extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<StreamChange>());
  readonly onDidChange = this.#onDidChange.event;

  announce(change: StreamChange): void {
    this.#onDidChange.fire(change);
  }
}
