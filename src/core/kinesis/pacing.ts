/**
 * Per-shard pacing for the one put pipeline ({@link putEntries}): a write rate per shard that adapts
 * to throttling, so a producer runs at a shard's limit instead of bouncing off it.
 *
 * - **Prediction.** Each entry's shard is predicted from the stream's {@link ShardMap} (MD5 of the
 *   partition key, or the explicit hash key, against the open shards' ranges), the way Kinesis
 *   routes it. Entries the map cannot place are sent unpaced.
 * - **Rate.** Each shard has a fraction f of its ceiling (default AWS's 1,000 records/s and 1 MiB/s)
 *   and a reservation clock (GCRA, the token bucket's continuous form): a request that carries n
 *   records and b bytes for a shard costs max(n ÷ fR, b ÷ fB) seconds of that shard's time, and goes
 *   out once every shard it touches has that time free. The clock may lag real time by up to
 *   `toleranceMs` (a small bucket depth), so the round trip of one request does not cost the next.
 * - **Adaptation (AIMD with a remembered ceiling).** A throttled entry
 *   (ProvisionedThroughputExceededException) cuts its shard's f by `decrease` (at most once per
 *   `decreaseHoldMs`: one overload shows up in several answers; cuts that follow each other closely
 *   deepen geometrically, so a rate far above the limit comes down in a few seconds while an isolated
 *   throttle at the limit costs 2%) and remembers the f that was throttled; every request that goes through unthrottled adds `increasePerSecond` × its cost in
 *   seconds while f is well below that remembered rate, and only `probePerSecond` near or above it,
 *   up to 1. A plain AIMD probes past the limit every few seconds; this one rarely does.
 * - **Cool-down.** A shard throttled twice in a row has its clock pushed past a short cool-down
 *   (50 ms, doubling while it stays throttled, at most 1 s): its budget is spent for the moment, and
 *   re-sending into it at once would only use up the entries' attempts. The ceiling is the documented limit, which AWS enforces: probing above it
 *   would only throttle.
 * - **Reshards.** An answer that puts an entry in another shard than predicted marks the map stale;
 *   the owner ({@link putRecordsFromSource}) fetches the shards again and calls {@link setShardMap}.
 *
 * vscode-free; the clock is injectable, so tests run it in virtual time against the simulator's
 * accounting.
 */
import { MIB, SHARD_WRITE_RECORDS_PER_SECOND } from '../analysis/limits';
import { ShardMap } from '../analysis/shardMap';
import { errorMessage } from '../errorMessage';
import { nullLogger, type ILogger } from '../logging';
import type { PutRecordsEntry, PutRecordsEntryResult, ShardInfo } from './gateway';
import { entrySize } from './putRecords';
import { SHARD_THROTTLE_CODE } from './retry';

export { SHARD_THROTTLE_CODE };


/** A shard's write ceiling. */
export interface ShardWriteLimits {
  readonly recordsPerSecond: number;
  /** Data + partition key bytes per second. */
  readonly bytesPerSecond: number;
}

/** What AWS enforces per shard: 1,000 records/s and 1 MiB/s. */
export const AWS_SHARD_WRITE_LIMITS: ShardWriteLimits = { recordsPerSecond: SHARD_WRITE_RECORDS_PER_SECOND, bytesPerSecond: MIB };

/** The deepest single cut: half the rate. */
const MAX_CUT = 0.5;

/** Options of {@link ShardPacer}. */
export interface ShardPacerOptions {
  /** The stream's open shards; without one, nothing is paced until {@link ShardPacer.setShardMap}. */
  readonly shardMap?: ShardMap;
  /** Ceiling per shard. Default {@link AWS_SHARD_WRITE_LIMITS}. */
  readonly limits?: ShardWriteLimits;
  /** Starting fraction of the ceiling, (0, 1]. Default 1. */
  readonly initialFraction?: number;
  /** Fraction regained per second of unthrottled sending, below the last throttled rate. Default 0.05. */
  readonly increasePerSecond?: number;
  /**
   * Fraction gained per second when probing at or above 97% of the rate that was last throttled.
   * Default 0.005: the shard is near its limit, so probing slowly keeps throttles rare (the CUBIC
   * idea: win back quickly what a cut lost, then approach the old ceiling carefully).
   */
  readonly probePerSecond?: number;
  /**
   * Multiplier applied on a throttle, (0, 1); a cut within two hold periods of the previous one
   * applies its square, then cube, … (at most halving). Default 0.98: at the documented limit most
   * throttles are a window's edge, not a rate too high, and a mild cut keeps more of the capacity.
   */
  readonly decrease?: number;
  /** Minimum time between two decreases of one shard. Default 1,500 ms (one overload shows up in answers for over a second). */
  readonly decreaseHoldMs?: number;
  /** Lowest fraction. Default 0.05. */
  readonly minFraction?: number;
  /** How far a shard's reservation clock may lag real time (bucket depth). Default 100 ms. */
  readonly toleranceMs?: number;
  /** After a second throttle in a row, the shard takes nothing for this long, doubled per further one. Default 50 ms. */
  readonly throttleCooldownMs?: number;
  /** Cap of that cool-down. Default 1,000 ms (the limit's window). */
  readonly maxThrottleCooldownMs?: number;
  /** Milliseconds; default Date.now. */
  readonly clock?: () => number;
}

/** One shard's pacing state, as {@link ShardPacer.stats} reports it. */
export interface ShardPaceStats {
  readonly shardId: string;
  /** Current fraction of the ceiling. */
  readonly fraction: number;
  readonly sent: number;
  readonly throttled: number;
  readonly decreases: number;
}

interface ShardState {
  fraction: number;
  /** The fraction at the last throttle (1 before any). */
  throttledAt: number;
  /** The reservation clock: when the shard's reserved time ends (ms of the pacer's clock). */
  tat: number;
  lastDecreaseAt: number;
  /** Cuts each within two hold periods of the one before. */
  cutsInARow: number;
  /** Throttled answers in a row (reset by an unthrottled one). */
  throttledInARow: number;
  sent: number;
  throttled: number;
  decreases: number;
}

/** The shard each entry was predicted to go to (undefined: not paced), and the request's wait. */
export interface Reservation {
  readonly shardIds: readonly (string | undefined)[];
  /** Milliseconds to wait before sending. */
  readonly waitMs: number;
}

/** Paces writes per shard; see the module comment. One per (stream, run). */
export class ShardPacer {
  #map: ShardMap | undefined;
  readonly #limits: ShardWriteLimits;
  readonly #initial: number;
  readonly #increase: number;
  readonly #probe: number;
  readonly #decrease: number;
  readonly #hold: number;
  readonly #min: number;
  readonly #tolerance: number;
  readonly #cooldown: number;
  readonly #maxCooldown: number;
  readonly #clock: () => number;
  readonly #shards = new Map<string, ShardState>();
  #stale = false;
  #misrouted = 0;

  constructor(options: ShardPacerOptions = {}) {
    this.#map = options.shardMap;
    this.#limits = options.limits ?? AWS_SHARD_WRITE_LIMITS;
    this.#initial = options.initialFraction ?? 1;
    this.#increase = options.increasePerSecond ?? 0.05;
    this.#probe = options.probePerSecond ?? 0.005;
    this.#decrease = options.decrease ?? 0.98;
    this.#hold = options.decreaseHoldMs ?? 1_500;
    this.#min = options.minFraction ?? 0.05;
    this.#tolerance = options.toleranceMs ?? 100;
    this.#cooldown = options.throttleCooldownMs ?? 50;
    this.#maxCooldown = options.maxThrottleCooldownMs ?? 1_000;
    this.#clock = options.clock ?? Date.now;
    if (!(this.#limits.recordsPerSecond > 0 && this.#limits.bytesPerSecond > 0)) throw new RangeError('Shard limits must be positive.');
    if (!(this.#initial > 0 && this.#initial <= 1)) throw new RangeError('initialFraction must be in (0, 1].');
    if (!(this.#decrease > 0 && this.#decrease < 1)) throw new RangeError('decrease must be in (0, 1).');
  }

  get shardMap(): ShardMap | undefined {
    return this.#map;
  }

  /** True once an answer placed an entry in a shard the map did not predict (a reshard): fetch the shards again. */
  get stale(): boolean {
    return this.#stale;
  }

  /** Entries Kinesis put in another shard than predicted. */
  get misrouted(): number {
    return this.#misrouted;
  }

  /** Takes a fresh shard map (after a reshard). Shards that stay keep their rate; new ones start at the initial fraction. */
  setShardMap(map: ShardMap): void {
    this.#map = map;
    this.#stale = false;
    const open = new Set(map.shards.map((s) => s.shardId));
    for (const id of [...this.#shards.keys()]) if (!open.has(id)) this.#shards.delete(id);
  }

  /** The shard `entry` is predicted to go to. */
  predict(entry: PutRecordsEntry): string | undefined {
    return this.#map?.route(entry.partitionKey, entry.explicitHashKey)?.shardId;
  }

  /**
   * Reserves each touched shard's time for one request of `entries` and says how long to wait
   * before sending it. Reservations are made in call order, so concurrent requests queue fairly.
   */
  reserve(entries: readonly PutRecordsEntry[]): Reservation {
    const now = this.#clock();
    const shardIds = entries.map((e) => this.predict(e));
    const load = new Map<string, { records: number; bytes: number }>();
    for (let i = 0; i < entries.length; i++) {
      const id = shardIds[i];
      if (id === undefined) continue;
      let l = load.get(id);
      if (!l) load.set(id, (l = { records: 0, bytes: 0 }));
      l.records++;
      l.bytes += entrySize(entries[i].partitionKey, entries[i].data);
    }
    let waitMs = 0;
    for (const [id, l] of load) {
      const state = this.#state(id);
      const costMs = this.#costMs(state, l.records, l.bytes);
      state.tat = Math.max(state.tat, now - this.#tolerance) + costMs;
      waitMs = Math.max(waitMs, state.tat - now);
    }
    return { shardIds, waitMs };
  }

  /** Learns from one answered request: `results[i]` answers `entries[i]`, predicted as in `reservation`. */
  observe(entries: readonly PutRecordsEntry[], reservation: Reservation, results: readonly (PutRecordsEntryResult | undefined)[]): void {
    const now = this.#clock();
    const tally = new Map<string, { ok: number; okBytes: number; throttled: number }>();
    for (let i = 0; i < entries.length; i++) {
      const predicted = reservation.shardIds[i];
      const result = results[i];
      if (!result) continue;
      if (result.ok && predicted !== undefined && result.shardId !== predicted) {
        this.#misrouted++;
        this.#stale = true;
      }
      const id = result.ok ? result.shardId : predicted;
      if (id === undefined) continue;
      let t = tally.get(id);
      if (!t) tally.set(id, (t = { ok: 0, okBytes: 0, throttled: 0 }));
      if (result.ok) {
        t.ok++;
        t.okBytes += entrySize(entries[i].partitionKey, entries[i].data);
      } else if (result.errorCode === SHARD_THROTTLE_CODE) t.throttled++;
    }
    for (const [id, t] of tally) {
      const state = this.#state(id);
      state.sent += t.ok;
      state.throttled += t.throttled;
      if (t.throttled > 0) {
        // Throttled again: the shard's budget is spent for now. Nothing more goes to it for a cool-down
        // that doubles while it stays throttled, so re-sends do not burn their attempts within one second.
        state.throttledInARow++;
        if (state.throttledInARow > 1) state.tat = Math.max(state.tat, now + Math.min(this.#maxCooldown, this.#cooldown * 2 ** (state.throttledInARow - 2)));
        if (now - state.lastDecreaseAt >= this.#hold) {
          // A throttle soon after the last cut means the rate is still above the limit: cut deeper
          // each time (decrease, decrease², …), so a start far above the limit converges in seconds
          // while an isolated throttle at the limit's edge costs only a mild cut.
          state.cutsInARow = now - state.lastDecreaseAt < 2 * this.#hold ? state.cutsInARow + 1 : 1;
          state.throttledAt = state.fraction;
          state.fraction = Math.max(this.#min, state.fraction * Math.max(MAX_CUT, this.#decrease ** state.cutsInARow));
          state.lastDecreaseAt = now;
          state.decreases++;
        }
      } else if (t.ok > 0) {
        state.throttledInARow = 0;
        const perSecond = state.fraction < 0.97 * state.throttledAt ? this.#increase : this.#probe;
        state.fraction = Math.min(1, state.fraction + (perSecond * this.#costMs(state, t.ok, t.okBytes)) / 1_000);
      }
    }
  }

  /** Per-shard state, in shard-map order when a map is known. */
  stats(): ShardPaceStats[] {
    return [...this.#shards].map(([shardId, s]) => ({ shardId, fraction: s.fraction, sent: s.sent, throttled: s.throttled, decreases: s.decreases }));
  }

  #state(id: string): ShardState {
    let state = this.#shards.get(id);
    if (!state) this.#shards.set(id, (state = { fraction: this.#initial, throttledAt: 1, tat: -Infinity, lastDecreaseAt: -Infinity, cutsInARow: 0, throttledInARow: 0, sent: 0, throttled: 0, decreases: 0 }));
    return state;
  }

  #costMs(state: ShardState, records: number, bytes: number): number {
    return (1_000 * Math.max(records / this.#limits.recordsPerSecond, bytes / this.#limits.bytesPerSecond)) / state.fraction;
  }
}

/**
 * Entries a paced request carries per shard: the largest burst one request lands on a shard. 25
 * rather than 50: against the simulator's one-second windows the bench measured paced ÷ capacity
 * 0.958–0.967 with 25 and 0.944–0.953 with 50 (a smaller burst overshoots a window's edge by less,
 * so fewer throttles cut the rates); 10 was slower again (0.93: four requests in flight carry too
 * little).
 */
export const PACED_ENTRIES_PER_SHARD = 25;

/**
 * A paced request carries at least this many entries whatever the shard count: with one or two
 * shards, 25 a request would need a round trip under 100 ms to reach 1,000 records/s a shard.
 */
export const PACED_MIN_ENTRIES_PER_REQUEST = 50;

/**
 * Entries per paced request: {@link PACED_ENTRIES_PER_SHARD} per shard, at least
 * {@link PACED_MIN_ENTRIES_PER_REQUEST}, within `maxRecords`. One request lands on its shards at
 * once; a 500-entry request into one shard is half a second of its budget in one burst, which a
 * per-second limit may throttle however well the requests are spaced.
 */
export function pacedBatchRecords(shardCount: number, maxRecords: number): number {
  return Math.min(maxRecords, Math.max(PACED_MIN_ENTRIES_PER_REQUEST, PACED_ENTRIES_PER_SHARD * shardCount));
}

/** Lists a stream's shards (a bound `gateway.listShards`). */
export type ListStreamShards = () => Promise<readonly ShardInfo[]>;

/**
 * A pacer for one stream, primed with its shard map, for puts that are not a whole
 * {@link putRecordsFromSource} run (`.kinesis` Put all, the put_records tool). When the shards cannot
 * be listed (no kinesis:ListShards permission, say) the put goes unpaced rather than not at all.
 */
export async function createStreamPacer(listShards: ListStreamShards, logger: ILogger = nullLogger, options: Omit<ShardPacerOptions, 'shardMap'> = {}): Promise<ShardPacer | undefined> {
  try {
    const map = new ShardMap(await listShards());
    return map.shards.length > 0 ? new ShardPacer({ ...options, shardMap: map }) : undefined;
  } catch (error) {
    logger.warn(`Put: could not list the shards, sending unpaced: ${errorMessage(error)}`);
    return undefined;
  }
}

/** After a reshard (answers from shards the map did not predict) gives the pacer the stream's current shards. */
export async function refreshStalePacer(pacer: ShardPacer | undefined, listShards: ListStreamShards, logger: ILogger = nullLogger): Promise<boolean> {
  if (!pacer?.stale) return false;
  try {
    pacer.setShardMap(new ShardMap(await listShards()));
    logger.info(`Put: the shards changed (records went to unexpected shards); now ${pacer.shardMap?.shards.length} open shards.`);
    return true;
  } catch (error) {
    logger.warn(`Put: could not fetch the shards again: ${errorMessage(error)}`);
    return false;
  }
}
