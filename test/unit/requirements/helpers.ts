/**
 * Shared test helpers. Fixtures are read from the repository, found by walking up from the compiled
 * test (any outDir inside the repo) or, for an outDir outside it, from the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseRequirementDocument } from '../../../src/core/requirements/parser';
import type { RequirementDocument } from '../../../src/core/requirements/model';

const FIXTURES = path.join('test', 'fixtures', 'requirements');

function findUp(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, FIXTURES))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function repoRoot(): string {
  const root = findUp(__dirname) ?? findUp(process.cwd());
  if (!root) throw new Error(`Cannot find the repository (a folder with package.json and ${FIXTURES}) above ${__dirname} or ${process.cwd()}`);
  return root;
}

export function readFixture(name: string): string {
  return readFileSync(path.join(repoRoot(), FIXTURES, name), 'utf8');
}

export function parseFixture(name: string): RequirementDocument {
  return parseRequirementDocument(readFixture(name));
}

export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Approximate equality for money: sums of float products are exact to far better than a millionth of a cent. */
export function assertClose(actual: number | undefined, expected: number, message?: string): void {
  if (actual === undefined || Math.abs(actual - expected) > 1e-6) {
    throw new Error(`${message ?? 'value'}: expected ${expected}, got ${actual}`);
  }
}

/** A minimal requirement document with the given table (header + rows) and extra sections. */
export function requirementDoc(table: string, extra = ''): string {
  return `# Session\n\n## Streaming Requirements Analysis\n${table.trim()}\n\n${extra}`;
}

export const SEED_HEADER =
  '| Requirement # | Description | Records/Sec (Peak/Avg) | Record Size | Latency Requirement | Durability | Processing Type | Status |\n|---|---|---|---|---|---|---|---|';
