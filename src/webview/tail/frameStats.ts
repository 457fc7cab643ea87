/**
 * The viewer's rendering measurement (for the e2e suite and the viewer benchmark; the page keeps
 * one only when the host enabled test hooks): while rows arrive, and for a window after, every
 * animation frame is timestamped and the largest gap between two frames kept, with the longest
 * message handling, table paint and long task. DOM-free: the clock and requestAnimationFrame come
 * in (unit-tested in plain Node).
 */
import type { TailFrameStats } from '../../shared/tailProtocol';

/** Frame gaps are measured while rows arrived within this window. */
export const STREAMING_WINDOW_MS = 1_000;

export interface FrameClock {
  now(): number;
  requestFrame(callback: (frameTime: number) => void): void;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export class FrameStats {
  readonly #clock: FrameClock;
  #lastActivityAt = -Infinity;
  #lastFrameAt: number | undefined;
  #measuring = false;
  #maxFrameGap = 0;
  #frames = 0;
  #maxMessageMs = 0;
  #maxRenderMs = 0;
  #maxLongTaskMs = 0;
  #longTaskSource: string | undefined;
  #dirty = false;

  constructor(clock: FrameClock) {
    this.#clock = clock;
  }

  /** True while frames are being timed (rows arrived within the window). */
  get measuring(): boolean {
    return this.#measuring;
  }

  /** Rows arrived: time frames from now until the window after the last arrival has passed. */
  noteRowsArrived(): void {
    this.#lastActivityAt = this.#clock.now();
    if (this.#measuring) return;
    this.#measuring = true;
    this.#lastFrameAt = undefined;
    this.#clock.requestFrame((t) => this.#onFrame(t));
  }

  noteMessage(ms: number): void {
    if (ms <= this.#maxMessageMs) return;
    this.#maxMessageMs = ms;
    this.#dirty = true;
  }

  noteRender(ms: number): void {
    if (ms <= this.#maxRenderMs) return;
    this.#maxRenderMs = ms;
    this.#dirty = true;
  }

  /** A long task blocked the thread; only those while measuring count (they explain a frame gap). */
  noteLongTask(ms: number, source: string): void {
    if (!this.#measuring || ms <= this.#maxLongTaskMs) return;
    this.#maxLongTaskMs = ms;
    this.#longTaskSource = source;
    this.#dirty = true;
  }

  /** Starts afresh, and measures for one window even if no row arrives (the bench's idle baseline). */
  reset(): void {
    this.#maxFrameGap = 0;
    this.#frames = 0;
    this.#maxMessageMs = 0;
    this.#maxRenderMs = 0;
    this.#maxLongTaskMs = 0;
    this.#longTaskSource = undefined;
    this.#dirty = true;
    this.noteRowsArrived();
  }

  /** The figures if they changed since the last report (rounded to 0.1 ms), else undefined. */
  takeReport(rowsShown: number, domRows: number): TailFrameStats | undefined {
    if (!this.#dirty) return undefined;
    this.#dirty = false;
    return {
      maxFrameGapMs: round(this.#maxFrameGap), frames: this.#frames, rowsShown, domRows,
      maxMessageMs: round(this.#maxMessageMs), maxRenderMs: round(this.#maxRenderMs), maxLongTaskMs: round(this.#maxLongTaskMs), longTaskSource: this.#longTaskSource,
    };
  }

  #onFrame(now: number): void {
    if (this.#lastFrameAt !== undefined) {
      const gap = now - this.#lastFrameAt;
      this.#frames++;
      if (gap > this.#maxFrameGap) this.#maxFrameGap = gap;
      this.#dirty = true;
    }
    this.#lastFrameAt = now;
    if (now - this.#lastActivityAt < STREAMING_WINDOW_MS) this.#clock.requestFrame((t) => this.#onFrame(t));
    else this.#measuring = false;
  }
}
