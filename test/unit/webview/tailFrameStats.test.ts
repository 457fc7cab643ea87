import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FrameStats, STREAMING_WINDOW_MS } from '../../../src/webview/tail/frameStats';

/** A clock whose animation frames the test fires by hand. */
function fakeClock() {
  let now = 0;
  let pending: ((t: number) => void)[] = [];
  return {
    clock: { now: () => now, requestFrame: (callback: (t: number) => void) => { pending.push(callback); } },
    /** Advances time and runs the frames requested so far at that time. */
    frame(afterMs: number) {
      now += afterMs;
      const due = pending;
      pending = [];
      for (const callback of due) callback(now);
    },
    get pendingFrames() { return pending.length; },
  };
}

describe('frame statistics of the tail viewer', () => {
  it('reports nothing until something was measured, then only changes', () => {
    const { clock } = fakeClock();
    const stats = new FrameStats(clock);
    assert.equal(stats.takeReport(0, 0), undefined);
    stats.noteMessage(2.04);
    assert.deepEqual(stats.takeReport(5, 30), { maxFrameGapMs: 0, frames: 0, rowsShown: 5, domRows: 30, maxMessageMs: 2, maxRenderMs: 0, maxLongTaskMs: 0, longTaskSource: undefined });
    assert.equal(stats.takeReport(5, 30), undefined);
    stats.noteMessage(1);
    assert.equal(stats.takeReport(5, 30), undefined, 'a shorter message is no news');
  });

  it('times the gaps between frames while rows arrive, and stops a window after the last batch', () => {
    const fake = fakeClock();
    const stats = new FrameStats(fake.clock);
    stats.noteRowsArrived();
    assert.ok(stats.measuring);
    fake.frame(16);
    fake.frame(16);
    fake.frame(50);
    fake.frame(17);
    const report = stats.takeReport(100, 40);
    assert.equal(report?.frames, 3);
    assert.equal(report?.maxFrameGapMs, 50);
    // No more rows: frames keep being timed until the window has passed, then it stops asking.
    while (stats.measuring) fake.frame(100);
    assert.equal(fake.pendingFrames, 0);
    const frames = stats.takeReport(100, 40)?.frames ?? 0;
    assert.ok(frames >= 3 + Math.floor(STREAMING_WINDOW_MS / 100) - 1, `frames ${frames}`);
  });

  it('a second batch while measuring does not start a second frame loop', () => {
    const fake = fakeClock();
    const stats = new FrameStats(fake.clock);
    stats.noteRowsArrived();
    stats.noteRowsArrived();
    assert.equal(fake.pendingFrames, 1);
  });

  it('long tasks count only while measuring; the longest wins, with its source', () => {
    const fake = fakeClock();
    const stats = new FrameStats(fake.clock);
    stats.noteLongTask(120, 'idle');
    assert.equal(stats.takeReport(0, 0), undefined);
    stats.noteRowsArrived();
    stats.noteLongTask(60, 'self');
    stats.noteLongTask(55, 'other');
    assert.deepEqual([stats.takeReport(0, 0)?.maxLongTaskMs, stats.takeReport(0, 0)], [60, undefined]);
  });

  it('reset forgets the maxima and measures one window even without rows (the idle baseline)', () => {
    const fake = fakeClock();
    const stats = new FrameStats(fake.clock);
    stats.noteRowsArrived();
    fake.frame(16);
    fake.frame(90);
    stats.noteRender(12.345);
    while (stats.measuring) fake.frame(16);
    stats.takeReport(0, 0);
    stats.reset();
    assert.ok(stats.measuring);
    assert.deepEqual(stats.takeReport(0, 0), { maxFrameGapMs: 0, frames: 0, rowsShown: 0, domRows: 0, maxMessageMs: 0, maxRenderMs: 0, maxLongTaskMs: 0, longTaskSource: undefined });
    fake.frame(16);
    fake.frame(20);
    assert.equal(stats.takeReport(0, 0)?.maxFrameGapMs, 20);
  });
});
