import * as vscode from 'vscode';
import { describeError } from '../../platform/errors';
import type { KinesisGateway, StreamListEntry } from '../../core/kinesis/gateway';
import type { Remedy } from '../../core/kinesis/errors';
import type { ILogger } from '../../core/logging';
import { Disposable } from '../../platform/lifecycle';
import type { ConnectionManager } from '../connection/connectionManager';

export interface RegionNode {
  readonly kind: 'region';
  readonly region: string;
}

export interface StreamNode {
  readonly kind: 'stream';
  readonly parent: RegionNode;
  readonly region: string;
  readonly stream: StreamListEntry;
}

/** A child that explains an empty or failed listing, so the tree never goes blank. */
export interface MessageNode {
  readonly kind: 'message';
  readonly parent: RegionNode;
  readonly severity: 'error' | 'info';
  readonly text: string;
  readonly detail?: string;
  readonly remedies?: readonly Remedy[];
}

export type ExplorerNode = RegionNode | StreamNode | MessageNode;

/**
 * Caches the listing per region and says when it changed. The tree provider only maps these plain
 * nodes to TreeItems, so the listing logic is testable without a view.
 */
export class ExplorerModel extends Disposable {
  readonly #onDidChange = this._register(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChange = this.#onDidChange.event;
  readonly #regionNodes = new Map<string, RegionNode>();
  readonly #children = new Map<string, Promise<ExplorerNode[]>>();
  #generation = 0;
  #credentialsProblem: string | undefined;

  constructor(
    private readonly gateway: KinesisGateway,
    private readonly connections: ConnectionManager,
    private readonly logger: ILogger,
  ) {
    super();
    this._register(connections.onDidChange(() => this.refresh()));
  }

  /** Set when listing failed for want of credentials; the view then shows its welcome content instead. */
  get credentialsProblem(): string | undefined {
    return this.#credentialsProblem;
  }

  roots(): RegionNode[] {
    if (this.#credentialsProblem) {
      return [];
    }
    return this.connections.current.regions.map((region) => {
      let node = this.#regionNodes.get(region);
      if (!node) {
        node = { kind: 'region', region };
        this.#regionNodes.set(region, node);
      }
      return node;
    });
  }

  children(node: RegionNode): Promise<ExplorerNode[]> {
    let pending = this.#children.get(node.region);
    if (!pending) {
      pending = this.#loadRegion(node);
      this.#children.set(node.region, pending);
    }
    return pending;
  }

  /** Forgets cached listings (all, or one region) and tells the view. */
  refresh(node?: RegionNode): void {
    this.#generation++;
    this.#credentialsProblem = undefined;
    if (node) {
      this.#children.delete(node.region);
    } else {
      this.#children.clear();
    }
    this.#onDidChange.fire(node);
  }

  async #loadRegion(node: RegionNode): Promise<ExplorerNode[]> {
    const generation = this.#generation;
    try {
      const problem = this.connections.current.problem;
      if (problem) {
        throw problem;
      }
      const streams = await this.gateway.listStreams(this.connections.targetFor(node.region));
      if (streams.length === 0) {
        return [{ kind: 'message', parent: node, severity: 'info', text: 'No streams in this region' }];
      }
      return [...streams]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((stream): StreamNode => ({ kind: 'stream', parent: node, region: node.region, stream }));
    } catch (error) {
      const { message, remedies } = describeError(error);
      this.logger.warn(`listing streams in ${node.region} failed: ${message}`);
      if (generation === this.#generation) {
        // A failed listing is not cached: the next expand or Retry asks again.
        this.#children.delete(node.region);
        if (remedies.includes('ssoLogin') || remedies.includes('switchProfile')) {
          this.#credentialsProblem = message;
          this.#onDidChange.fire(undefined);
        }
      }
      return [{ kind: 'message', parent: node, severity: 'error', text: 'Could not list streams', detail: message, remedies }];
    }
  }
}
