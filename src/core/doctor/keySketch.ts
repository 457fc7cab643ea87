/**
 * Bounded-memory partition-key statistics for the sampler: a stream can carry millions of distinct
 * keys in five minutes, and the doctor must not keep them all.
 * - {@link TopKeys}: the Space-Saving algorithm (Metwally et al., 2005). It keeps at most `capacity`
 *   counters; a key that is not tracked replaces the smallest counter and inherits its count as its
 *   possible overestimate. Any key with more than N ÷ capacity records is guaranteed to be tracked,
 *   which is exactly the guarantee a hot-key finding needs.
 * - {@link DistinctKeys}: HyperLogLog with 4,096 registers (about 1.6% standard error), fed from
 *   the MD5 digest the router computes anyway, so counting distinct keys costs no second hash.
 */

/** One tracked key. `count - error` is a guaranteed lower bound of its true count. */
export interface KeyCount {
  readonly key: string;
  readonly count: number;
  /** How much of `count` may belong to keys this counter replaced. */
  readonly error: number;
  /** Bytes carried by the key's records while it was tracked (a lower bound). */
  readonly bytes: number;
  /** The shard the key's records were read from (the last one seen, for keys that moved in a reshard). */
  readonly shardId: string;
}

interface Counter {
  key: string;
  count: number;
  error: number;
  bytes: number;
  shardId: string;
  /** Position in the heap. */
  slot: number;
}

/** Space-Saving top-k with a min-heap over the counters: O(log capacity) per record. */
export class TopKeys {
  readonly capacity: number;
  readonly #byKey = new Map<string, Counter>();
  readonly #heap: Counter[] = [];
  #total = 0;

  constructor(capacity = 1_024) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
  }

  /** Records counted so far. */
  get total(): number {
    return this.#total;
  }

  /** Keys tracked right now (never more than {@link capacity}). */
  get size(): number {
    return this.#heap.length;
  }

  add(key: string, bytes: number, shardId: string): void {
    this.#total++;
    const known = this.#byKey.get(key);
    if (known) {
      known.count++;
      known.bytes += bytes;
      known.shardId = shardId;
      this.#siftDown(known.slot);
      return;
    }
    if (this.#heap.length < this.capacity) {
      const counter: Counter = { key, count: 1, error: 0, bytes, shardId, slot: this.#heap.length };
      this.#heap.push(counter);
      this.#byKey.set(key, counter);
      this.#siftUp(counter.slot);
      return;
    }
    // Replace the smallest counter: the newcomer may have had up to its count before.
    const smallest = this.#heap[0];
    this.#byKey.delete(smallest.key);
    smallest.error = smallest.count;
    smallest.count++;
    smallest.key = key;
    smallest.bytes = bytes;
    smallest.shardId = shardId;
    this.#byKey.set(key, smallest);
    this.#siftDown(0);
  }

  /** The `limit` largest counters, largest first. */
  top(limit = 10): KeyCount[] {
    return [...this.#heap]
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .slice(0, limit)
      .map(({ key, count, error, bytes, shardId }) => ({ key, count, error, bytes, shardId }));
  }

  #siftUp(slot: number): void {
    const heap = this.#heap;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (heap[parent].count <= heap[slot].count) break;
      this.#swap(slot, parent);
      slot = parent;
    }
  }

  #siftDown(slot: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = slot * 2 + 1;
      const right = left + 1;
      let smallest = slot;
      if (left < heap.length && heap[left].count < heap[smallest].count) smallest = left;
      if (right < heap.length && heap[right].count < heap[smallest].count) smallest = right;
      if (smallest === slot) return;
      this.#swap(slot, smallest);
      slot = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    [heap[a], heap[b]] = [heap[b], heap[a]];
    heap[a].slot = a;
    heap[b].slot = b;
  }
}

const REGISTER_BITS = 12;
const REGISTERS = 1 << REGISTER_BITS;

/** HyperLogLog over 16-byte digests (MD5 is uniform enough, and the router already computed it). */
export class DistinctKeys {
  readonly #registers = new Uint8Array(REGISTERS);

  add(digest: Uint8Array): void {
    const index = (digest[0] << 4) | (digest[1] >> 4);
    // Rank: position of the first 1 bit in the next 32 bits (after the 12 index bits).
    const word = (((digest[1] & 0x0f) << 28) | (digest[2] << 20) | (digest[3] << 12) | (digest[4] << 4) | (digest[5] >> 4)) >>> 0;
    const rank = word === 0 ? 33 : Math.clz32(word) + 1;
    if (rank > this.#registers[index]) this.#registers[index] = rank;
  }

  /** Estimated number of distinct digests added. */
  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (const r of this.#registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / REGISTERS);
    const raw = (alpha * REGISTERS * REGISTERS) / sum;
    // Small ranges: linear counting is exact-ish while registers are still empty.
    if (raw <= 2.5 * REGISTERS && zeros > 0) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
    return Math.round(raw);
  }
}
