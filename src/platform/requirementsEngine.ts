/**
 * The extension's one requirements engine, kept in step with the `kinesis.*` settings and the open
 * documents. activate() builds it once; requirement diagnostics, the Architect panel and the chat
 * participant share it, so one edit is parsed once and analysed once per price table.
 */
import * as vscode from 'vscode';
import type { ILogger } from '../core/logging';
import { createRequirementsService, type RequirementsOptions, type RequirementsService } from '../core/requirements';
import { Disposable } from './lifecycle';
import type { KinesisSettings, KinesisSettingsValues } from './settings';

export function requirementsOptionsFrom(values: KinesisSettingsValues): Partial<RequirementsOptions> {
  return { priceTable: values.priceTable, monthlyCostThreshold: values.monthlyCostThreshold };
}

export class RequirementsEngineHost extends Disposable {
  readonly service: RequirementsService;
  readonly #onDidChangeOptions = this._register(new vscode.EventEmitter<RequirementsOptions>());
  /** Fires when a setting the engine reads changed; other `kinesis.*` changes keep every cached result. */
  readonly onDidChangeOptions = this.#onDidChangeOptions.event;

  constructor(settings: KinesisSettings, logger: ILogger) {
    super();
    this.service = createRequirementsService({ logger, options: requirementsOptionsFrom(settings.values) });
    this._register(settings.onDidChange((values) => {
      if (this.service.updateOptions(requirementsOptionsFrom(values))) this.#onDidChangeOptions.fire(this.service.options);
    }));
    // A reopened document starts again at version 1: never answer it from the closed one's cache.
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.service.evict(document.uri.toString())));
  }
}
