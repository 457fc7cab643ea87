/**
 * The stdin spool on the real file system: what goes past is what lands in the file, the file is
 * private, and remove() deletes it (and its exit hook) however often it is called.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { createStdinSpool, SpoolWriteError, STDIN_SPOOL_PREFIX } from '../../../src/cli/stdinSpool';

describe('createStdinSpool', () => {
  const parent = mkdtempSync(path.join(tmpdir(), 'spool-unit-'));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('passes every chunk through unchanged and writes the same bytes to a private file', async () => {
    const spool = createStdinSpool(parent);
    const chunks = ['first line\n', Buffer.from('second ☃\n'), new Uint8Array([0xff, 0x00, 0x0a]), 'x'.repeat(300_000)];
    const seen: (Uint8Array | string)[] = [];
    for await (const chunk of spool.copy(chunks)) seen.push(chunk);
    await spool.close();
    assert.deepEqual(seen, chunks);
    const expected = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c))));
    assert.deepEqual(readFileSync(spool.path), expected);
    assert.equal(spool.bytesWritten, expected.length);
    assert.equal(statSync(spool.path).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(spool.path)).mode & 0o777, 0o700);
    assert.ok(path.basename(path.dirname(spool.path)).startsWith(STDIN_SPOOL_PREFIX));
    spool.remove();
  });

  it('remove() deletes the file and its directory, drops its exit and signal hooks, and may be called again', async () => {
    const hooks = process.listenerCount('exit');
    const termHooks = process.listenerCount('SIGTERM');
    const spool = createStdinSpool(parent);
    assert.equal(process.listenerCount('exit'), hooks + 1, 'removed on exit too');
    if (process.platform !== 'win32') assert.equal(process.listenerCount('SIGTERM'), termHooks + 1, 'and on SIGTERM');
    for await (const chunk of spool.copy(['a\n'])) void chunk;
    spool.remove();
    spool.remove();
    assert.equal(existsSync(spool.path), false);
    assert.deepEqual(readdirSync(parent).filter((n) => n.startsWith(STDIN_SPOOL_PREFIX)), []);
    assert.equal(process.listenerCount('exit'), hooks);
    assert.equal(process.listenerCount('SIGTERM'), termHooks);
  });

  it('an error reading the input propagates, and the spool can still be removed', async () => {
    const spool = createStdinSpool(parent);
    async function* failing(): AsyncGenerator<string> {
      yield 'ok\n';
      throw new Error('EIO: the pipe broke');
    }
    await assert.rejects(async () => {
      for await (const chunk of spool.copy(failing())) void chunk;
    }, /the pipe broke/);
    spool.remove();
    assert.equal(existsSync(path.dirname(spool.path)), false);
  });

  it('a spool that cannot be written fails with a SpoolWriteError naming the folder, not as a read error', async () => {
    const spool = createStdinSpool(parent);
    // The file is opened asynchronously: with its directory gone the open fails, as a full or vanished temp folder would.
    rmSync(path.dirname(spool.path), { recursive: true, force: true });
    await assert.rejects(async () => {
      for await (const chunk of spool.copy(Array.from({ length: 50 }, () => 'y'.repeat(64 * 1024)))) void chunk;
      await spool.close();
    }, (error: unknown) => error instanceof SpoolWriteError && error.message.includes(parent) && /ENOENT/.test(error.message));
    spool.remove();
  });
});
