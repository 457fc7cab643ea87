/** Where the CLI writes and reads; injectable so tests can run a command in-process. */
import { readFileSync } from 'node:fs';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  readFile: (path) => readFileSync(path, 'utf8'),
};
