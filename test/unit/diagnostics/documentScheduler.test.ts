import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DiagnosticsScheduler, REVALIDATE_DELAY_MS, type DiagnosticsTarget, type Timers } from '../../../src/core/documentScheduler';

/** A clock that only moves when the test says so. */
class FakeClock implements Timers {
  now = 0;
  #timers = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  get pending(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

interface Doc {
  readonly uri: string;
  isClosed: boolean;
  owned: boolean;
  failing?: boolean;
}

function setup() {
  const clock = new FakeClock();
  const events: string[] = [];
  const errors: unknown[] = [];
  const target: DiagnosticsTarget<Doc> = {
    keyOf: (d) => d.uri,
    isClosed: (d) => d.isClosed,
    owns: (d) => d.owned,
    publish: (d) => {
      if (d.failing) throw new Error('parser bug');
      events.push(`publish ${d.uri}@${clock.now}`);
    },
    clear: (d) => events.push(`clear ${d.uri}`),
    evict: (key) => events.push(`evict ${key}`),
    failed: (_d, error) => errors.push(error),
    validated: (d) => events.push(`validated ${d.uri}`),
  };
  const scheduler = new DiagnosticsScheduler(target, { timers: clock });
  const doc = (uri: string, owned = true): Doc => ({ uri, isClosed: false, owned });
  return { clock, events, errors, scheduler, doc };
}

describe('DiagnosticsScheduler', () => {
  it('validates once, the delay after the last of several quick edits', () => {
    const { clock, events, scheduler, doc } = setup();
    const a = doc('a');
    scheduler.changed(a);
    clock.advance(200);
    scheduler.changed(a);
    clock.advance(200);
    scheduler.changed(a);
    assert.deepEqual(events, [], 'nothing while typing');
    assert.equal(scheduler.pendingCount, 1);
    clock.advance(REVALIDATE_DELAY_MS - 1);
    assert.deepEqual(events, []);
    clock.advance(1);
    assert.deepEqual(events, [`publish a@${400 + REVALIDATE_DELAY_MS}`, 'validated a']);
    assert.equal(scheduler.pendingCount, 0);
    assert.equal(clock.pending, 0);
  });

  it('debounces each document on its own', () => {
    const { clock, events, scheduler, doc } = setup();
    scheduler.changed(doc('a'));
    clock.advance(100);
    scheduler.changed(doc('b'));
    clock.advance(REVALIDATE_DELAY_MS);
    assert.deepEqual(events.filter((e) => e.startsWith('publish')), [`publish a@${REVALIDATE_DELAY_MS}`, `publish b@${100 + REVALIDATE_DELAY_MS}`]);
  });

  it('validates at once on open, save or validateAll, and drops the pending validation', () => {
    const { clock, events, scheduler, doc } = setup();
    const a = doc('a');
    scheduler.changed(a);
    clock.advance(100);
    scheduler.validateNow(a);
    assert.deepEqual(events, ['publish a@100', 'validated a']);
    clock.advance(REVALIDATE_DELAY_MS * 2);
    assert.equal(events.length, 2, 'the debounced run was cancelled');
  });

  it('ignores edits of documents the feature does not own, and clears a document it stopped owning', () => {
    const { clock, events, scheduler, doc } = setup();
    const other = doc('other', false);
    scheduler.changed(other);
    assert.equal(scheduler.pendingCount, 0);
    clock.advance(REVALIDATE_DELAY_MS);
    assert.deepEqual(events, []);
    scheduler.validateNow(other);
    assert.deepEqual(events, ['clear other'], 'no diagnostics and no validated event');
  });

  it('evicts on close: the pending validation never runs, the diagnostics and the cache are dropped', () => {
    const { clock, events, scheduler, doc } = setup();
    const a = doc('a');
    scheduler.changed(a);
    a.isClosed = true;
    scheduler.closed(a);
    assert.deepEqual(events, ['clear a', 'evict a']);
    assert.equal(scheduler.pendingCount, 0);
    assert.equal(clock.pending, 0);
    clock.advance(REVALIDATE_DELAY_MS);
    scheduler.validateNow(a);
    assert.deepEqual(events, ['clear a', 'evict a'], 'a closed document is never validated');
  });

  it('clears and reports a document whose diagnostics throw, so no stale squiggle stays', () => {
    const { events, errors, scheduler, doc } = setup();
    const a = { ...doc('a'), failing: true };
    scheduler.validateNow(a);
    assert.deepEqual(events, ['clear a', 'validated a']);
    assert.equal((errors[0] as Error).message, 'parser bug');
  });

  it('does nothing after dispose, and cancels every timer', () => {
    const { clock, events, scheduler, doc } = setup();
    scheduler.changed(doc('a'));
    scheduler.changed(doc('b'));
    scheduler.dispose();
    assert.equal(clock.pending, 0);
    clock.advance(REVALIDATE_DELAY_MS);
    scheduler.changed(doc('a'));
    scheduler.validateNow(doc('a'));
    assert.deepEqual(events, []);
  });
});
