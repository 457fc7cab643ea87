/**
 * `kinesis-studio <command>`: analyze (the default, src/cli/analyze.ts), design, architect, mcp,
 * doctor, put and tail. Exit codes are each command's (see their usage texts).
 *
 * Each command's module is loaded only when that command runs: the bundle holds the requirements
 * engine, the MCP SDK with zod, and the doctor's extra AWS clients, and loading them all for `put`
 * or `tail` cost about 35 MB of the process's memory before the first record.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { processIo } from './io';

/** The version in package.json beside dist/ (read at run time: importing it would make tsc emit a second package.json into out/). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Every command's usage, for `kinesis-studio --help`. */
async function allUsages(): Promise<string> {
  const [analyze, design, architect, mcp, doctor, put, tail] = await Promise.all([
    import('./analyze'), import('./design'), import('./architect'), import('./mcpArgs'), import('./doctor'), import('./put'), import('./tail'),
  ]);
  return [analyze.ANALYZE_USAGE, design.DESIGN_USAGE, architect.ARCHITECT_USAGE, mcp.MCP_USAGE, doctor.DOCTOR_USAGE, put.PUT_USAGE, tail.TAIL_USAGE].join('\n\n');
}

/** Runs one command and resolves to its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const help = argv.includes('--help') || argv.includes('-h');
  if (command === 'put' || command === 'tail') {
    const { interruptOnSigint } = await import('./streamCommand');
    // Ctrl+C stops them cleanly and they report what was sent or read.
    const interrupt = interruptOnSigint(processIo);
    try {
      const run = command === 'put' ? (await import('./put')).runPut : (await import('./tail')).runTail;
      return await run(rest, processIo, { signal: interrupt.signal });
    } finally {
      interrupt.dispose();
    }
  }
  // The MCP server runs until its client goes away.
  if (command === 'mcp' && !help) return (await import('./mcp')).runMcp(rest, packageVersion());
  if (command === 'doctor') return (await import('./doctor')).runDoctor(rest, processIo);
  const io = processIo;
  if (help) {
    io.out(await allUsages());
    return 0;
  }
  if (command === 'design') return (await import('./design')).runDesign(rest, io);
  if (command === 'architect') return (await import('./architect')).runArchitect(rest, io);
  return (await import('./analyze')).runAnalyze(argv, io);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kinesis-studio: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
