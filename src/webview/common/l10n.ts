/**
 * The page side of localisation. A webview page cannot call `vscode.l10n`, so the host passes the
 * bundle VS Code loaded for the display language (`vscode.l10n.bundle`; nothing for English) in the
 * page's `data-l10n` attribute (src/platform/webviewL10n.ts), and this module loads it into
 * `@vscode/l10n`, the library VS Code provides for code outside the extension host.
 *
 * Page files write their strings as
 *   import * as l10n from '@vscode/l10n';
 *   l10n.t('Rows shown: {0}', count)
 * `@vscode/l10n-dev` (npm run l10n) exports `l10n.t` calls only from files that import `vscode` or
 * `@vscode/l10n` themselves, so every page file imports the library, not a re-export of ours. The
 * page's entry module imports this module first, so the bundle is loaded before any other page
 * module evaluates its strings (ES modules evaluate imports in order).
 */
import * as l10n from '@vscode/l10n';

/** A loaded bundle: English message → translation (the export's `{ message, comment }` form is also accepted). */
export type L10nBundle = Readonly<Record<string, string | { readonly message: string; readonly comment: string[] }>>;

/**
 * Loads a bundle (the `data-l10n` JSON) into `@vscode/l10n`. An absent, empty or malformed bundle
 * leaves the English strings as written. Answers whether a translation was loaded.
 */
export function loadPageBundle(raw: string | undefined): boolean {
  if (!raw) return false;
  let bundle: unknown;
  try {
    bundle = JSON.parse(raw);
  } catch {
    return false;
  }
  if (!bundle || typeof bundle !== 'object' || Object.keys(bundle).length === 0) return false;
  l10n.config({ contents: bundle as L10nBundle });
  return true;
}

/** The body's dataset, typed structurally so the unit tests compile this file without the DOM library. */
type PageGlobal = { readonly document?: { readonly body?: { readonly dataset: Readonly<Record<string, string | undefined>> } } };

loadPageBundle((globalThis as PageGlobal).document?.body?.dataset.l10n);

/**
 * Splits a translated message at its `{0}`, `{1}`… placeholders and puts `parts[n]` in place of
 * `{n}`, so a sentence holding live elements (counters, links) is still translated whole:
 * `fillPlaceholders(l10n.t('{0} shown · {1} received'), [shownSpan, receivedSpan])`. Text pieces
 * stay strings; a placeholder without a part stays as written.
 */
export function fillPlaceholders<T>(message: string, parts: readonly T[]): (string | T)[] {
  return message.split(/(\{\d+\})/).filter((piece) => piece !== '').map((piece) => {
    const index = /^\{(\d+)\}$/.exec(piece)?.[1];
    return index !== undefined && Number(index) < parts.length ? parts[Number(index)] : piece;
  });
}
