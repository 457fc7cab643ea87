import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { escapeAttribute } from '../core/text';

export interface WebviewPage {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** The page's bundle, under dist/. */
  readonly script: string;
  /** Its stylesheet, under media/. */
  readonly style: string;
  readonly title: string;
  /** `data-*` attributes of <body> (names without the prefix): how the page gets its first state. */
  readonly data: Readonly<Record<string, string>>;
  /** The page marks itself ready (aria-busy="false") once it has rendered its first state. */
  readonly busyUntilRendered?: boolean;
  /** Extra CSP sources for images (e.g. `data:` for charts). */
  readonly imageSources?: readonly string[];
}

/**
 * The one HTML shell of our webviews: a strict CSP where only our bundle, carrying a fresh
 * unguessable nonce, may run; styles and fonts from the extension; every value escaped.
 */
export function webviewPageHtml(page: WebviewPage): string {
  const { webview } = page;
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(page.extensionUri, 'dist', page.script));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(page.extensionUri, 'media', page.style));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    ...(page.imageSources ? [`img-src ${[webview.cspSource, ...page.imageSources].join(' ')}`] : []),
  ].join('; ');
  const data = Object.entries(page.data).map(([name, value]) => ` data-${name}="${escapeAttribute(value)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(style.toString())}">
<title>${escapeAttribute(page.title)}</title>
</head>
<body${data}>
<div id="app" role="main"${page.busyUntilRendered ? ' aria-busy="true"' : ''}></div>
<script type="module" nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}
