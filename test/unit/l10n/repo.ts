import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root: the first folder above the compiled test holding Kinesis Studio's package.json. */
export function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'kinesis-studio') return dir;
  }
  throw new Error(`Kinesis Studio's package.json not found above ${__dirname}`);
}

export function readJson<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot(), relativePath), 'utf8')) as T;
}

/** A loosely typed view of package.json: the tests walk it by the contribution points' documented shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = Record<string, any>;
