/**
 * `kinesis-studio design <kinesis_requirement.md> [--out FILE] [--prices seed|aws] [--overwrite-edited]`
 *
 * Writes `kinesis_streaming_architecture.md` through the same plan as the Generate Architecture
 * command and `@kinesis /design`: the same gate (complete checklist and confirmation), the same
 * document, and hand-edited sections kept unless --overwrite-edited says otherwise.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isPriceTableId, type PriceTableId } from '../core/analysis/cost';
import { errorMessage } from '../core/errorMessage';
import { ARCHITECTURE_FILE_NAME } from '../core/requirements/architecture';
import { planArchitectureWrite } from '../core/requirements/architectureWrite';

export const DESIGN_USAGE = `Usage: kinesis-studio design <kinesis_requirement.md> [--out FILE] [--prices seed|aws] [--overwrite-edited]

  --out FILE           where to write (default: ${ARCHITECTURE_FILE_NAME} beside the requirement file)
  --prices TABLE       seed (default) or aws, for the cost section
  --overwrite-edited   replace sections edited by hand (default: keep them)

Exit codes: 0 written (or already up to date), 1 the requirement file is not ready (reasons on stderr),
2 usage error or unreadable file.`;

export interface DesignIo {
  out(text: string): void;
  err(text: string): void;
}

interface DesignArgs {
  readonly file: string;
  readonly out?: string;
  readonly prices: PriceTableId;
  readonly overwriteEdited: boolean;
}

function parseDesignArgs(rest: readonly string[]): DesignArgs | string {
  let file: string | undefined;
  let out: string | undefined;
  let prices: PriceTableId = 'seed';
  let overwriteEdited = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inlineValue ?? rest[++i];
    if (flag === '--out') {
      out = value();
      if (!out) return '--out needs a file name.';
    } else if (flag === '--prices') {
      const table = value();
      if (table === undefined || !isPriceTableId(table)) return '--prices must be "seed" or "aws".';
      prices = table;
    } else if (flag === '--overwrite-edited') overwriteEdited = true;
    else if (flag.startsWith('-')) return `Unknown option "${flag}".`;
    else if (file === undefined) file = arg;
    else return `Unexpected argument "${arg}".`;
  }
  if (file === undefined) return 'Missing <kinesis_requirement.md>.';
  return { file, out, prices, overwriteEdited };
}

/** Runs `design` (the arguments after the command name) and returns the exit code. */
export function runDesign(rest: readonly string[], io: DesignIo): number {
  const args = parseDesignArgs(rest);
  if (typeof args === 'string') {
    io.err(`${args}\n\n${DESIGN_USAGE}`);
    return 2;
  }
  const outFile = args.out ?? path.join(path.dirname(args.file), ARCHITECTURE_FILE_NAME);
  let requirements: string;
  let existing: string | undefined;
  try {
    requirements = readFileSync(args.file, 'utf8');
    existing = existsSync(outFile) ? readFileSync(outFile, 'utf8') : undefined;
  } catch (error) {
    io.err(`Cannot read ${errorMessage(error)}`);
    return 2;
  }
  const plan = planArchitectureWrite({
    requirements,
    requirementsOptions: { priceTable: args.prices },
    existingArchitecture: existing,
    handEditedSections: args.overwriteEdited ? 'overwrite' : 'keep',
  });
  if (plan.kind === 'refused') {
    io.err(`Not ready to write the architecture: ${args.file}\n${plan.reasons.map((r) => `- ${r}`).join('\n')}`);
    return 1;
  }
  if (plan.unchanged) {
    io.out(`${outFile} is already up to date.`);
    return 0;
  }
  try {
    writeFileSync(outFile, plan.text);
  } catch (error) {
    io.err(`Cannot write ${outFile}: ${errorMessage(error)}`);
    return 2;
  }
  io.out(`Wrote ${outFile}.`);
  if (plan.keptSections.length) io.out(`Kept the sections edited by hand: ${plan.keptSections.join(', ')} (--overwrite-edited replaces them).`);
  if (plan.overwrittenSections.length) io.out(`Replaced the sections edited by hand: ${plan.overwrittenSections.join(', ')}.`);
  return 0;
}
