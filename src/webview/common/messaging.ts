/**
 * A page's two message paths, typed by its protocol (src/shared/*Protocol.ts). Shape:
 * markdown-language-features preview-src/messaging.ts (createPosterForVsCode).
 * - Out: one typed poster stamps every message with the page's `source`.
 * - In: every message from the host is checked before the page looks at it: an object of a type
 *   this page knows, for this page's source. Anything else (another page's message, a stray
 *   postMessage from a frame) is dropped without a look at its body.
 * DOM-free, so plain-Node unit tests cover it; ./hostListener.ts attaches it to the window.
 */
import type { WebviewMessage } from '../../shared/webviewMessages';
import type { VsCodeApi } from './vscodeApi';

export interface MessagePoster<M extends WebviewMessage> {
  /** Posts a message to the extension host. */
  postMessage<T extends M['type']>(type: T, body: Omit<Extract<M, { type: T }>, 'type' | 'source'>): void;
}

export function createPosterForVsCode<M extends WebviewMessage>(vscode: Pick<VsCodeApi, 'postMessage'>, source: string): MessagePoster<M> {
  return {
    postMessage(type, body) {
      vscode.postMessage({ ...body, type, source });
    },
  };
}

/**
 * The message if it is one of `types` addressed to `source`, else undefined. `types` is a record
 * of the protocol's type names, so the compiler refuses a name the protocol does not have (a page
 * may accept fewer, as the tail viewer does without test hooks).
 */
export function acceptHostMessage<M extends WebviewMessage>(data: unknown, source: string, types: Readonly<Partial<Record<M['type'], true>>>): M | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { type, source: from } = data as Partial<Record<'type' | 'source', unknown>>;
  if (from !== source || typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(types, type)) return undefined;
  return data as M;
}
