import * as vscode from 'vscode';
import type { ILogger } from '../core/logging';

/** The one "Kinesis Studio" log channel, seen by the core through {@link ILogger}. */
export class OutputChannelLogger implements ILogger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Kinesis Studio', { log: true });
  }

  trace(message: string): void { this.channel.trace(message); }
  debug(message: string): void { this.channel.debug(message); }
  info(message: string): void { this.channel.info(message); }
  warn(message: string): void { this.channel.warn(message); }
  error(message: string | Error): void {
    this.channel.error(typeof message === 'string' ? message : (message.stack ?? message.message));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
