/**
 * Stdin copied to a private temporary file as it is read, so `put` can check every record before
 * the first call and then send from the copy: stdin itself cannot be read twice.
 *
 * The copy is streamed (the reader waits while the file's write buffer is full), so memory stays
 * bounded whatever the input size. It lives in its own directory under os.tmpdir() (mkdtemp: 0700)
 * as a 0600 file, and is removed by {@link StdinSpool.remove}, which `put` calls on every way out;
 * a process 'exit' hook removes it too when the process quits at once (a second Ctrl+C), and so does
 * a SIGTERM or SIGHUP (kill, a closed terminal), which then ends the process as it would have.
 */
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ByteInput } from '../core/bulkPut';

/** The temporary directory's name starts with this (tests look for leftovers by it). */
export const STDIN_SPOOL_PREFIX = 'kinesis-studio-stdin-';

/** Signals that end the process by default and carry no 'exit' event. */
const TERMINATING_SIGNALS: readonly NodeJS.Signals[] = process.platform === 'win32' ? [] : ['SIGTERM', 'SIGHUP'];

/** The spool file could not be written (e.g. the temp folder's disk is full). */
export class SpoolWriteError extends Error {
  constructor(readonly directory: string, cause: unknown) {
    super(`Cannot write the temporary copy of stdin in ${directory}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SpoolWriteError';
  }
}

export interface StdinSpool {
  /** The spool file. */
  readonly path: string;
  /** Bytes written so far. */
  readonly bytesWritten: number;
  /**
   * Yields `input`'s chunks unchanged, each after it is handed to the file (waiting while the file
   * is behind). Read it to the end, then call {@link close}. Throws a {@link SpoolWriteError} once a
   * write has failed.
   */
  copy(input: ByteInput): AsyncGenerator<Uint8Array | string>;
  /** Flushes and closes the file; rejects with a {@link SpoolWriteError} if a write failed. */
  close(): Promise<void>;
  /** Deletes the file and its directory. Safe to call more than once. */
  remove(): void;
}

/** Creates the private spool file (see the module comment). */
export function createStdinSpool(directory: string = tmpdir()): StdinSpool {
  const dir = mkdtempSync(path.join(directory, STDIN_SPOOL_PREFIX));
  const file = path.join(dir, 'stdin');
  let out: WriteStream | undefined;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    for (const [signal, handler] of onSignal) process.off(signal, handler);
    out?.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  // Listening to a signal replaces its default action: after removing the spool, raise it again
  // with no listener left, so the process ends by that signal as it would have without the spool.
  const onSignal = TERMINATING_SIGNALS.map((signal) => [signal, () => {
    remove();
    process.kill(process.pid, signal);
  }] as const);
  process.on('exit', remove);
  for (const [signal, handler] of onSignal) process.once(signal, handler);
  // 'wx': never follow or reuse a file someone else put there.
  const writer = (out = createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  let writeError: SpoolWriteError | undefined;
  writer.on('error', (error) => (writeError ??= new SpoolWriteError(directory, error)));
  /** Waits for `event`; a write error meanwhile rejects as a {@link SpoolWriteError}. */
  const until = (event: 'drain' | 'close') => once(writer, event).then(
    () => {
      if (writeError) throw writeError;
    },
    (error: unknown) => {
      throw writeError ?? new SpoolWriteError(directory, error);
    },
  );
  let bytesWritten = 0;
  return {
    path: file,
    get bytesWritten() {
      return bytesWritten;
    },
    async *copy(input) {
      for await (const chunk of input) {
        if (writeError) throw writeError;
        bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
        if (!writer.write(chunk)) await until('drain');
        yield chunk;
      }
    },
    async close() {
      if (writeError) throw writeError;
      writer.end();
      await until('close');
    },
    remove,
  };
}
