import * as vscode from 'vscode';
import type { PriceTableId } from '../../core/analysis/cost';
import type { ConnectionTarget, KinesisGateway } from '../../core/kinesis/gateway';
import type { StreamChange } from '../../core/kinesis/streamChange';
import type { MutationGuard } from '../../platform/readOnly';
import type { KinesisSettings } from '../../platform/settings';
import type { ConnectionManager } from '../../services/connectionManager';
import type { StreamEvents } from '../../services/streamEvents';
import { requireRegion, resolveStream } from './streamArgs';

/** What every stream operation needs. */
export interface StreamOperationDeps {
  readonly gateway: KinesisGateway;
  readonly connections: ConnectionManager;
  readonly guard: MutationGuard;
  readonly streamEvents: StreamEvents;
  readonly settings: KinesisSettings;
}

/**
 * The steps every operation family shares: which region and stream, where to send the call, a
 * cancellable progress notification, and announcing what changed.
 */
export class StreamOperationContext {
  constructor(private readonly deps: StreamOperationDeps) {}

  get gateway(): KinesisGateway {
    return this.deps.gateway;
  }

  /** The price table `kinesis.priceTable` names, read when asked so a change applies at once. */
  get priceTable(): PriceTableId {
    return this.deps.settings.values.priceTable;
  }

  /** Throws MutationRefusedError (read-only mode, restricted workspace) before anything is asked. */
  assertMutationAllowed(action: string): void {
    this.deps.guard.assertMutationAllowed(action);
  }

  /** The given region, else the current one. */
  region(region?: string): string {
    return requireRegion(this.deps.connections, region);
  }

  target(region: string): ConnectionTarget {
    return this.deps.connections.targetFor(region);
  }

  /** The stream an invocation names (node or arguments), or one picked from the palette. */
  streamFrom(arg: unknown, title: string): Promise<{ region: string; stream: string }> {
    return resolveStream(this.deps.gateway, this.deps.connections, arg, title);
  }

  /** Runs `task` under a notification with a Cancel button that aborts its calls. */
  progress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return task(abort.signal);
    }));
  }

  /** Tells the explorer and caches what this operation changed. */
  announce(change: StreamChange): void {
    this.deps.streamEvents.announce(change);
  }

  /** Shorthand for the common case: one stream's configuration changed. */
  updated(region: string, stream: string): void {
    this.announce({ kind: 'updated', region, stream });
  }
}
