import * as path from 'path';

/**
 * Environment variables the tier-3 driver (test/e2e/harness/driver.mjs) sets on code-server's process.
 * The extension host inherits them, so the in-host runner and the tests read them from process.env.
 * Keep these names in sync with the driver.
 */
export const E2E_ENV = {
  /** Directory for results.json, mocha.log and the action channel (actions/). */
  resultsDir: 'KINESIS_E2E_RESULTS_DIR',
  /** Directory where relative screenshot paths are written (<repo>/test-results/screenshots). */
  screenshotsDir: 'KINESIS_E2E_SCREENSHOTS_DIR',
  /** Optional mocha grep pattern. */
  grep: 'KINESIS_E2E_GREP',
  /** '1' makes the smoke suite's negative-control test fail (proves a red run turns the exit code non-zero). */
  forceFail: 'KINESIS_E2E_FORCE_FAIL',
  /** The host state of this run ('default', 'no-model', …): see HOST_PROFILES in the driver. */
  hostProfile: 'KINESIS_E2E_HOST_PROFILE',
} as const;

/** The host profile this run was started with. */
export function hostProfile(): string {
  return process.env[E2E_ENV.hostProfile] || 'default';
}

/**
 * The one mocha grep of a run: the suites of this host profile (`[host:<name>]` in the title; the
 * default profile takes the untagged ones), narrowed by the user's grep when one is given.
 */
export function profileGrep(profile: string, userGrep: string | undefined): RegExp {
  const escaped = profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const profilePart = profile === 'default' ? '(?!.*\\[host:)' : `(?=.*\\[host:${escaped}\\])`;
  return new RegExp(`^${profilePart}${userGrep ? `(?=.*(?:${userGrep}))` : ''}`);
}

/** Repository root, from the compiled location out/test/e2e/support/. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Results directory; falls back to <repo>/test-results/e2e when run outside the driver (e.g. test-electron). */
export function resultsDir(): string {
  return process.env[E2E_ENV.resultsDir] || path.join(REPO_ROOT, 'test-results', 'e2e');
}

/** Screenshot directory for relative screenshot names. */
export function screenshotsDir(): string {
  return process.env[E2E_ENV.screenshotsDir] || path.join(REPO_ROOT, 'test-results', 'screenshots');
}
