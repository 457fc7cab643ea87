import * as vscode from 'vscode';

/**
 * What a webview page needs to show its strings in the display language: add these to the page's
 * `data` (WebviewPage.data); the page's entry module imports src/webview/common/l10n.ts first (it
 * loads the bundle into `@vscode/l10n`) and its files call `l10n.t` from `@vscode/l10n`.
 *
 * `vscode.l10n.bundle` is the translation VS Code loaded from l10n/bundle.l10n.<language>.json; it is
 * undefined for English, when the page falls back to the strings as written. The page's strings are
 * exported into the same bundle as the host's (`npm run l10n` scans src/webview too), so one
 * translation file covers both.
 */
export function webviewL10nData(): { readonly l10n: string; readonly lang: string } {
  return { l10n: JSON.stringify(vscode.l10n.bundle ?? {}), lang: vscode.env.language };
}
