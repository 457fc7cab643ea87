/**
 * Client side of the tier-3 action channel: lets a test running inside the extension host ask the
 * driver (test/e2e/harness/driver.mjs, which owns the Playwright page) to act on the workbench UI.
 *
 * Protocol: the test writes <results>/actions/<id>.json (temp file + rename); the driver performs it and
 * answers <id>.result.json = { ok: true, ... } | { ok: false, error }. Screenshots must be taken before
 * the test run ends (views are empty at teardown).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { E2E_ENV, resultsDir } from './env';

/** Frame chain of a webview's own document: the outer webview iframe, then its active inner frame. */
export const webviewFrames = ['iframe.webview.ready', '#active-frame'] as const;

/**
 * Where a selector is looked up: the workbench page (default), a frame chain (e.g. `webviewFrames`),
 * or `frame: 'auto'` = the first frame, at any depth, that contains the selector.
 */
export interface Where {
  frames?: readonly string[];
  frame?: 'auto';
  /** Playwright timeout of the action in ms (driver default 10 s). */
  timeout?: number;
}

export interface ScreenshotResult {
  path: string;
  bytes: number;
  sha1: string;
  width?: number;
  height?: number;
  /** Mean luminance 0-255: tells dark from light themes. */
  meanLuma?: number;
}

export type DriverRequest =
  | { action: 'screenshot'; path?: string; fullPage?: boolean }
  | ({ action: 'click' | 'hover' | 'text' | 'value' | 'count' | 'html'; selector: string; max?: number } & Where)
  | ({ action: 'fill'; selector: string; value: string } & Where)
  | ({ action: 'press'; selector: string; key: string } & Where)
  | ({ action: 'waitFor'; selector: string; state?: 'attached' | 'detached' | 'visible' | 'hidden' } & Where)
  | { action: 'type'; text: string; delay?: number }
  | { action: 'keyboard'; key: string }
  | { action: 'evaluate'; expression: string }
  | { action: 'frames' };

/** The answer fields per action (all answers also carry `ms`, and `where` for selector actions). */
export interface DriverResponses {
  screenshot: ScreenshotResult;
  click: { where: string };
  hover: { where: string };
  fill: { where: string };
  press: { where: string };
  waitFor: { where: string };
  text: { where: string; text: string };
  value: { where: string; value: string };
  count: { where: string; count: number };
  html: { where: string; html: string };
  type: object;
  keyboard: object;
  evaluate: { value: unknown };
  frames: { frames: string[] };
}

export type DriverResponse<R extends DriverRequest> = DriverResponses[R['action']] & { ok: true; ms: number };

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `fn` every 100 ms until it returns a truthy value (which is returned), or throws after `ms`. */
export async function waitFor<T>(fn: () => T | Promise<T>, ms: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${ms} ms waiting for ${what}${cause}`);
    }
    await sleep(100);
  }
}

let sequence = 0;

/** True when a driver is listening (i.e. the tests run under driver.mjs, not e.g. test-electron). */
export function hasDriver(): boolean {
  return !!process.env[E2E_ENV.resultsDir];
}

/** Sends one action to the driver and returns its answer; throws if the driver reports a failure. */
export async function driverAction<R extends DriverRequest>(req: R, timeoutMs = 30_000): Promise<DriverResponse<R>> {
  const dir = path.join(resultsDir(), 'actions');
  fs.mkdirSync(dir, { recursive: true });
  const id = `${process.pid}-${String(++sequence).padStart(5, '0')}`;
  const tmp = path.join(dir, `${id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(req));
  fs.renameSync(tmp, path.join(dir, `${id}.json`));
  const resultFile = path.join(dir, `${id}.result.json`);
  const describe = `driver action ${req.action}${'selector' in req ? ` ${req.selector}` : ''}`;
  await waitFor(() => fs.existsSync(resultFile), timeoutMs, describe);
  const res = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { ok: boolean; error?: string };
  if (!res.ok) throw new Error(`${describe} failed: ${res.error}`);
  return res as DriverResponse<R>;
}

/**
 * Screenshot of the whole workbench. `name` is a file name relative to <repo>/test-results/screenshots
 * ('.png' is added if missing).
 */
export function screenshot(name: string, options: { fullPage?: boolean } = {}): Promise<DriverResponse<{ action: 'screenshot' }>> {
  const file = name.endsWith('.png') ? name : `${name}.png`;
  return driverAction({ action: 'screenshot', path: file, ...options });
}

export const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;

/**
 * Switches the colour theme (user settings) and waits until it is active, plus a short pause so
 * webviews repaint with the new CSS variables before a screenshot.
 */
export async function setTheme(name: string, settleMs = 1000): Promise<void> {
  const config = () => vscode.workspace.getConfiguration('workbench');
  await config().update('colorTheme', name, vscode.ConfigurationTarget.Global);
  const expectedKind = /light/i.test(name) ? [vscode.ColorThemeKind.Light, vscode.ColorThemeKind.HighContrastLight]
    : /dark|high contrast/i.test(name) ? [vscode.ColorThemeKind.Dark, vscode.ColorThemeKind.HighContrast]
      : undefined;
  await waitFor(() => config().get('colorTheme') === name
    && (!expectedKind || expectedKind.includes(vscode.window.activeColorTheme.kind)), 15_000, `theme '${name}' active`);
  await sleep(settleMs);
}
