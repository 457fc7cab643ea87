/**
 * The VS Code API of a webview page, declared once. VS Code lets a page call acquireVsCodeApi()
 * only once (a second call throws), so every module asks {@link vscodeApi} instead.
 */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  /** What the page last saved with setState (kept while hidden and across reloads), or undefined. */
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let acquired: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  acquired ??= acquireVsCodeApi();
  return acquired;
}
