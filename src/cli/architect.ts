/**
 * `kinesis-studio architect <kinesis_requirement.md> --message "<text>" [--json] [--prices seed|aws]`
 *
 * One turn of the architect interview from the terminal, through the same turn engine as `@kinesis`
 * and the Architect panel: it creates the file from the template when missing, updates it, and prints
 * the four-part reply (or JSON with the reply, stage and changed rows). The interview state lives in
 * the file itself, so repeated calls continue one interview, and chat or the panel can pick it up.
 * No language model is involved. Exit codes: 0 the turn ran, 2 usage error or unreadable/unwritable file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isPriceTableId, type PriceTableId } from '../core/analysis/cost';
import { isoDate } from '../core/architect/messages';
import { architectTurn, type ArchitectCommand } from '../core/architect/turn';
import { analyzeRequirementText } from '../core/chat/update';
import { errorMessage } from '../core/errorMessage';

export const ARCHITECT_USAGE = `Usage: kinesis-studio architect <kinesis_requirement.md> --message "<text>" [--json] [--prices seed|aws] [--report cost|shards|hotshards|explain]

  --message TEXT   what you would tell the architect ("clickstream 10K/s peak, 2KB, keep 24 hours")
  --json           print JSON: { schemaVersion, file, created, stage, changedRows, changes, reply, state }
  --prices TABLE   seed (default) or aws, for the costs in the reply
  --report KIND    add the engine's cost, shard or hot-shard report (or an explanation) to the reply

Creates the file from the template when it does not exist. The interview state is kept in the file,
so repeated calls continue one interview. When the reply says the requirements are confirmed, write
the architecture with: kinesis-studio design <kinesis_requirement.md>

Exit codes: 0 the turn ran, 2 usage error or unreadable/unwritable file.`;

export const ARCHITECT_JSON_SCHEMA_VERSION = 1;

export interface ArchitectIo {
  out(text: string): void;
  err(text: string): void;
}

interface ArchitectArgs {
  readonly file: string;
  readonly message: string;
  readonly json: boolean;
  readonly prices: PriceTableId;
  readonly report: ArchitectCommand;
}

const REPORTS: readonly ArchitectCommand[] = ['cost', 'shards', 'hotshards', 'explain'];

function parseArchitectArgs(rest: readonly string[]): ArchitectArgs | string {
  let file: string | undefined;
  let message: string | undefined;
  let json = false;
  let prices: PriceTableId = 'seed';
  let report: ArchitectCommand = 'requirements';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inlineValue ?? rest[++i];
    if (flag === '--message' || flag === '-m') {
      message = value();
      if (message === undefined) return '--message needs the text of your message.';
    } else if (flag === '--json') json = true;
    else if (flag === '--prices') {
      const table = value();
      if (table === undefined || !isPriceTableId(table)) return '--prices must be "seed" or "aws".';
      prices = table;
    } else if (flag === '--report') {
      const kind = value() as ArchitectCommand | undefined;
      if (kind === undefined || !REPORTS.includes(kind)) return `--report must be one of ${REPORTS.join(', ')}.`;
      report = kind;
    } else if (flag.startsWith('-')) return `Unknown option "${flag}".`;
    else if (file === undefined) file = arg;
    else return `Unexpected argument "${arg}".`;
  }
  if (file === undefined) return 'Missing <kinesis_requirement.md>.';
  if (message === undefined || !message.trim()) return 'Missing --message "<text>".';
  return { file, message, json, prices, report };
}

/** Runs `architect` (the arguments after the command name) and returns the exit code. */
export function runArchitect(rest: readonly string[], io: ArchitectIo, today: string = isoDate(new Date())): number {
  const args = parseArchitectArgs(rest);
  if (typeof args === 'string') {
    io.err(`${args}\n\n${ARCHITECT_USAGE}`);
    return 2;
  }
  let fileText: string | undefined;
  try {
    fileText = existsSync(args.file) ? readFileSync(args.file, 'utf8') : undefined;
  } catch (error) {
    io.err(`Cannot read ${args.file}: ${errorMessage(error)}`);
    return 2;
  }
  const turn = architectTurn({
    fileText, message: args.message, today,
    options: { analyze: analyzeRequirementText({ priceTable: args.prices }), command: args.report },
  });
  if (turn.newFileText !== fileText) {
    try {
      writeFileSync(args.file, turn.newFileText);
    } catch (error) {
      io.err(`Cannot write ${args.file}: ${errorMessage(error)}`);
      return 2;
    }
  }
  if (args.json) {
    io.out(JSON.stringify({
      schemaVersion: ARCHITECT_JSON_SCHEMA_VERSION,
      file: args.file,
      created: turn.createsFile,
      fileChanged: turn.fileChanged,
      stage: turn.stage,
      changedRows: turn.changedRows,
      changes: turn.changes,
      reply: { ...turn.reply, markdown: turn.markdown },
      state: turn.state,
    }, null, 2));
  } else {
    io.out(turn.markdown.trimEnd());
    if (turn.createsFile) io.out(`\n(Created ${args.file} from the template.)`);
    if (turn.stage === 'design') io.out(`\nNext: kinesis-studio design ${args.file}`);
  }
  return 0;
}

