/**
 * The page side of localisation. A webview page cannot call `vscode.l10n`, so the host passes the
 * bundle VS Code loaded for the display language (`vscode.l10n.bundle`; nothing for English) in the
 * page's `data-l10n` attribute (see src/platform/webviewL10n.ts), and `l10n.t` looks strings up in it.
 *
 * Spell page strings `l10n.t('…')`: @vscode/l10n-dev exports calls of that shape, so they land in the
 * same l10n/bundle.l10n.json as the host's strings and one translation covers both. Aliases such as
 * `const t = l10n.t` are not exported, and the bundle test would not see their strings.
 */

/** A loaded bundle: English message → translation (the export's `{ message, comment }` form is also accepted). */
export type L10nBundle = Readonly<Record<string, string | { readonly message: string }>>;

export type L10nArgs = readonly (string | number | boolean)[] | [Readonly<Record<string, string | number | boolean>>];

export interface PageL10n {
  /** The translation of `message` (English when there is none), with `{0}` / `{name}` filled from `args`. */
  t(message: string, ...args: L10nArgs): string;
}

/** A translator over one bundle; `undefined` (English) returns every message as written. */
export function createL10n(bundle: L10nBundle | undefined): PageL10n {
  return {
    t(message, ...args) {
      const entry = bundle?.[message];
      const template = typeof entry === 'string' ? entry : entry?.message ?? message;
      const named = args.length === 1 && typeof args[0] === 'object' ? args[0] as Readonly<Record<string, unknown>> : undefined;
      // Same placeholder rules as vscode.l10n.t: {0} is positional, {name} is named; unknown ones stay.
      return template.replace(/\{([^{}]+)\}/g, (whole, key: string) => {
        const value = named ? named[key] : /^\d+$/.test(key) ? (args as readonly unknown[])[Number(key)] : undefined;
        return value === undefined ? whole : String(value);
      });
    },
  };
}

let pageL10n: PageL10n | undefined;

/** The page's translator, built on first use from `<body data-l10n>`. */
export const l10n: PageL10n = {
  t(message, ...args) {
    pageL10n ??= createL10n(readBundle());
    return pageL10n.t(message, ...args);
  },
};

/** The body's dataset, typed structurally so the unit tests compile this file without the DOM library. */
type PageGlobal = { readonly document?: { readonly body?: { readonly dataset: Readonly<Record<string, string | undefined>> } } };

function readBundle(): L10nBundle | undefined {
  const raw = (globalThis as PageGlobal).document?.body?.dataset.l10n;
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? parsed as L10nBundle : undefined;
  } catch {
    return undefined;
  }
}

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
