/**
 * What every webview protocol shares (src/shared/protocol.ts for the Architect panel,
 * src/shared/tailProtocol.ts for the tail viewer), on both sides: each message names its `type` and
 * its `source`, the page it belongs to (a document URI, a viewer id). Either side ignores a message
 * whose source is not its own, so a message can never act on the wrong page.
 *
 * Type-only for the pages, plus one dependency-free function for the host, so nothing here adds
 * code to a webview bundle that the page does not use.
 */

export interface WebviewMessage {
  readonly type: string;
  readonly source: string;
}

export type NoticeLevel = 'info' | 'warning' | 'error';

/** A line of text the page shows in its notice area (refusals, failures, confirmations). */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly source: string;
  readonly level: NoticeLevel;
  readonly message: string;
}

/** The page's first message: it listens now, so the host may post. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly source: string;
}

/** A message as its sender writes it: the poster (page) or host base adds `source`. */
export type WithoutSource<M> = M extends unknown ? Omit<M, 'source'> : never;

export type AcceptedMessage<M> =
  | { readonly ok: true; readonly message: M }
  | { readonly ok: false; readonly reason: 'invalid' | 'otherSource'; readonly source?: string };

/**
 * The host's gate for every message a page posts: well-formed per `parse` (the protocol's zod
 * schema) and from the page the host owns. Anything else is refused with the reason, for the log.
 */
export function acceptMessage<M extends WebviewMessage>(raw: unknown, source: string, parse: (raw: unknown) => M | undefined): AcceptedMessage<M> {
  const message = parse(raw);
  if (!message) return { ok: false, reason: 'invalid' };
  if (message.source !== source) return { ok: false, reason: 'otherSource', source: message.source };
  return { ok: true, message };
}
