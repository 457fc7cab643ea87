import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Emitter, type DisposableLike } from '../../src/core/events';

describe('core Emitter', () => {
  it('calls every listener in subscription order until it is unsubscribed', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    const a = emitter.event((n) => heard.push(`a${n}`));
    emitter.event((n) => heard.push(`b${n}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    assert.deepEqual(heard, ['a1', 'b1', 'b2']);
  });

  it('a listener that throws neither stops the others nor the caller, and is reported', () => {
    const failures: unknown[] = [];
    const emitter = new Emitter<string>((error) => failures.push(error));
    const heard: string[] = [];
    emitter.event(() => { throw new Error('boom'); });
    emitter.event((s) => heard.push(s));
    emitter.fire('x');
    assert.deepEqual(heard, ['x']);
    assert.equal((failures[0] as Error).message, 'boom');
  });

  it('honours thisArgs and pushes the subscription into a disposables array, as vscode.Event does', () => {
    const emitter = new Emitter<void>();
    const disposables: DisposableLike[] = [];
    const owner = { count: 0, bump(this: { count: number }) { this.count++; } };
    emitter.event(owner.bump, owner, disposables);
    emitter.fire();
    assert.equal(owner.count, 1);
    disposables.forEach((d) => d.dispose());
    emitter.fire();
    assert.equal(owner.count, 1);
  });

  it('after dispose nobody hears anything, and late subscribers are not kept', () => {
    const emitter = new Emitter<number>();
    let heard = 0;
    emitter.event(() => heard++);
    emitter.dispose();
    emitter.event(() => heard++);
    emitter.fire(1);
    assert.equal(heard, 0);
  });
});
