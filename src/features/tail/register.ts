/**
 * "Kinesis: Tail Stream": opens a records viewer on a stream, a shard or through a consumer. Several
 * viewers may be open at once; each owns its reader, which stops when its panel closes. Reading is
 * not a mutation, so this works in read-only mode too.
 */
import * as vscode from 'vscode';
import type { KinesisGateway } from '../../core/kinesis/gateway';
import type { ILogger } from '../../core/logging';
import { createStreamTail } from '../../core/tail/reader';
import { TailSession } from '../../core/tail/session';
import { CommandIds } from '../../platform/commandIds';
import { registerCommand, type ErrorPresenter } from '../../platform/errors';
import { Disposable } from '../../platform/lifecycle';
import type { KinesisSettings } from '../../platform/settings';
import { TAIL_VIEWER_VIEW_TYPE } from '../../shared/tailProtocol';
import type { ConnectionManager } from '../../services/connectionManager';
import { resolveTailRequest } from './tailRequest';
import { TailViewer, tailViewerPanelOptions, type TailViewerHandle } from './tailViewer';


export interface TailDeps {
  readonly extensionUri: vscode.Uri;
  readonly settings: KinesisSettings;
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly errors: ErrorPresenter;
  readonly logger: ILogger;
  /** The extension runs in test mode (`ExtensionMode.Test`): viewers accept the e2e suites' test hooks. */
  readonly testHooks: boolean;
  /** Why mutations are refused now (the one MutationGuard), or undefined: a put from a viewer asks it first. */
  readonly guard: { readonly refusal: string | undefined };
}

class TailViewers extends Disposable {
  readonly #viewers = new Set<TailViewer>();
  readonly #deps: TailDeps;

  constructor(deps: TailDeps) {
    super();
    this.#deps = deps;
    this._register({ dispose: () => { for (const v of [...this.#viewers]) v.dispose(); } });
  }

  get viewers(): readonly TailViewerHandle[] {
    return [...this.#viewers];
  }

  async open(arg?: unknown): Promise<TailViewerHandle | undefined> {
    const request = await resolveTailRequest(this.#deps.gateway, this.#deps.connections, arg);
    if (!request) return undefined;
    const { options } = request;
    const logger = this.#deps.logger;
    logger.info(`tailing ${options.stream} in ${request.region}: ${request.description}`);
    const panel = vscode.window.createWebviewPanel(TAIL_VIEWER_VIEW_TYPE, vscode.l10n.t('Tail: {0}', options.stream), vscode.ViewColumn.Active, tailViewerPanelOptions(this.#deps.extensionUri));
    // The session is created before its viewer, and tells the viewer about changes once it exists.
    const ref: { viewer?: TailViewer } = {};
    let reportedFatal = false;
    const session = new TailSession({
      maxRecords: this.#deps.settings.values.tailMaxRecords,
      createTail: (listener) => createStreamTail(this.#deps.gateway, options, (event) => {
        if (event.kind === 'error') {
          logger.warn(`tail of ${options.stream}${event.shardId ? ` (${event.shardId})` : ''}: ${event.error.message}${event.fatal ? ' (stopped)' : ' (retrying)'}`);
          if (event.fatal && !reportedFatal) {
            reportedFatal = true;
            this.#deps.errors.present(event.error, CommandIds.tailStream);
          }
        }
        listener(event);
      }, { logger }),
      onChange: () => ref.viewer?.markDirty(),
    });
    const opened = new TailViewer(panel, session, {
      extensionUri: this.#deps.extensionUri,
      logger,
      init: { stream: options.stream, region: request.region, description: request.description, filter: session.filter },
      testHooks: this.#deps.testHooks,
      mutationRefusal: () => this.#deps.guard.refusal,
    });
    ref.viewer = opened;
    this.#viewers.add(opened);
    opened.onDidDispose(() => {
      this.#viewers.delete(opened);
      logger.info(`stopped tailing ${options.stream}: ${session.received} record(s) received`);
    });
    session.start();
    return opened;
  }
}

/** Open viewers, for tests. */
export interface TailHandle {
  readonly viewers: readonly TailViewerHandle[];
}

export function registerTail(deps: TailDeps): { disposable: vscode.Disposable; handle: TailHandle } {
  const viewers = new TailViewers(deps);
  return {
    handle: viewers,
    disposable: vscode.Disposable.from(
      viewers,
      registerCommand(CommandIds.tailStream, (arg?: unknown) => viewers.open(arg), deps.errors),
    ),
  };
}
