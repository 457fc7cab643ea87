import type { WebviewMessage } from '../../shared/webviewMessages';
import { acceptHostMessage } from './messaging';

/**
 * Calls `onMessage` with every valid message from the host (see acceptHostMessage). `onHandled`,
 * if given, gets the time each message took, counted from before `event.data` is read: reading it
 * is what deserialises the message.
 */
export function listenToHost<M extends WebviewMessage>(
  source: string,
  types: Readonly<Partial<Record<M['type'], true>>>,
  onMessage: (message: M) => void,
  onHandled?: (ms: number) => void,
): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const started = performance.now();
    const message = acceptHostMessage<M>(event.data, source, types);
    if (message) onMessage(message);
    onHandled?.(performance.now() - started);
  });
}
