/**
 * Hot-shard analysis: what a partition-key design implies, how much of the traffic the hottest shard
 * must take, and a simulator that routes sample keys the way Kinesis does (MD5 of the key as an
 * unsigned 128-bit big-endian integer, matched against each shard's hash-key range).
 */
import { formatNumber } from './format';
import { digestToBigInt, md5PartitionKey, type PartitionKeyHasher } from './md5';

export type PartitionKeyPattern =
  | 'static'
  | 'lowCardinality'
  | 'sequential'
  | 'timestampOnly'
  | 'highCardinality'
  | 'composite'
  | 'unknown';

export type HotShardRisk = 'high' | 'medium' | 'low' | 'unknown';

/** What a partition-key description says about distribution. */
export interface PartitionKeyAssessment {
  readonly pattern: PartitionKeyPattern;
  readonly risk: HotShardRisk;
  readonly reason: string;
}

type ComponentKind = 'static' | 'lowCardinality' | 'sequential' | 'timestamp' | 'random' | 'hashed' | 'highCardinality' | 'unknown';

const RANDOM_WORDS = /\b(rand|random|uuid|guid|nonce|salt)\b|\brandom\s*\(|\{rand\b/;
const HASH_WORDS = /\b(md5|sha1|sha256|sha-256|hash|hashed|murmur)\b/;
const STATIC_WORDS = /\b(constant|static|fixed|hard-?coded|same|single|literal)\b/;
const SEQUENTIAL_WORDS = /\b(auto[-_ ]?increment(ing|ed)?|autoincrement|sequential|sequence|incrementing|serial|counter|monotonic|seq|seq_?(id|no|num))\b/;
const TIME_WORDS = /\b(timestamp|timestamps|time|date|datetime|epoch|created_?at|event_?time|ts|minute|hour|day|time_?bucket|yyyymmdd\w*|iso8601)\b/;
const LOW_CARDINALITY_WORDS =
  /\b(status|state|region|country|category|type|event_?type|kind|level|severity|env|environment|stage|zone|az|gender|priority|channel|source|service|app|application|tenant|flag|bool|boolean|day_of_week|weekday|currency|language|locale|platform|os)\b/;
const HIGH_CARDINALITY_WORDS =
  /\b(user|device|session|customer|account|request|transaction|txn|order|sensor|vehicle|player|client|member|email|ip|message|event|trace|correlation|entity|record|asset|machine|host)(_?id|id)?\b|\b\w+_id\b|\b\w+[a-z]Id\b|\bid\b/;

/** Splits composite keys written as `a + b`, `a#b`, `a|b`, `a and b`, `concat(a, b)`. */
const COMPONENT_SEPARATORS = /\s*(?:\+|#|\|\||\band\b|\bwith\b|,|:|\|)\s*/;

/**
 * Classifies a partition-key description such as `device_id`, `region`, `"orders"`,
 * `user_id + "#" + random(0,9)` or `auto-increment order number`, using the seed's good/bad patterns.
 */
export function classifyPartitionKey(description: string): PartitionKeyAssessment {
  const text = stripFormatting(description);
  if (!text) return { pattern: 'unknown', risk: 'unknown', reason: 'No partition key stated.' };
  const parts = text
    .replace(/\bconcat\s*\(/g, '(')
    .split(COMPONENT_SEPARATORS)
    .map((p) => p.replace(/[()]/g, ' ').trim())
    .filter((p) => p.length > 0);
  const kinds = parts.map(classifyComponent).filter((k) => k !== 'unknown' || parts.length === 1);

  if (kinds.length > 1) return classifyComposite(kinds);
  return describeSingle(kinds[0] ?? 'unknown', text);
}

function stripFormatting(text: string): string {
  return text.replace(/[`*_]{2,}|`/g, '').trim();
}

function classifyComponent(part: string): ComponentKind {
  const quotedLiteral = /^["'][^"']*["']$/.test(part);
  const lower = part.toLowerCase();
  if (HASH_WORDS.test(lower)) return 'hashed';
  if (RANDOM_WORDS.test(lower)) return 'random';
  if (quotedLiteral) return 'static';
  if (STATIC_WORDS.test(lower)) return 'static';
  if (SEQUENTIAL_WORDS.test(lower)) return 'sequential';
  // Identifiers like `user_id` mention no time word, so test high cardinality before time: `device_ts` is rare.
  if (HIGH_CARDINALITY_WORDS.test(part) && !LOW_CARDINALITY_WORDS.test(lower.replace(/_?id\b/, ''))) return 'highCardinality';
  if (TIME_WORDS.test(lower)) return 'timestamp';
  if (LOW_CARDINALITY_WORDS.test(lower)) return 'lowCardinality';
  if (/^\d+$/.test(part)) return 'static';
  return 'unknown';
}

function describeSingle(kind: ComponentKind, text: string): PartitionKeyAssessment {
  switch (kind) {
    case 'static':
      return { pattern: 'static', risk: 'high', reason: `"${text}" is a constant: every record goes to the same shard.` };
    case 'lowCardinality':
      return { pattern: 'lowCardinality', risk: 'high', reason: `"${text}" has few distinct values, so a few shards take all the traffic.` };
    case 'sequential':
      return {
        pattern: 'sequential',
        risk: 'medium',
        reason: `"${text}" is sequential. MD5 spreads distinct IDs evenly, but the seed flags sequential keys: used as explicit hash keys or bucketed by time, the newest range runs hot, and each key carries one record so per-key ordering is meaningless.`,
      };
    case 'timestamp':
      return { pattern: 'timestampOnly', risk: 'high', reason: `"${text}" is a timestamp alone: all records written in the same instant share one key, so the shard for "now" is hot.` };
    case 'random':
    case 'hashed':
    case 'highCardinality':
      return { pattern: 'highCardinality', risk: 'low', reason: `"${text}" has high cardinality and spreads evenly across shards (a single very busy key can still be hot).` };
    default:
      return { pattern: 'unknown', risk: 'unknown', reason: `Cannot tell how "${text}" distributes; describe it as an ID, category, timestamp or constant.` };
  }
}

function classifyComposite(kinds: readonly ComponentKind[]): PartitionKeyAssessment {
  const spreads = kinds.some((k) => k === 'random' || k === 'hashed' || k === 'highCardinality');
  if (spreads) {
    return { pattern: 'composite', risk: 'low', reason: 'Composite key with a high-cardinality, random or hashed part: spreads evenly.' };
  }
  if (kinds.includes('timestamp') || kinds.includes('sequential')) {
    return {
      pattern: 'composite',
      risk: 'medium',
      reason: 'Composite of a low-cardinality part and a time bucket: load spreads over time, but at any moment only the current bucket is written, so add a high-cardinality or random part.',
    };
  }
  return { pattern: 'lowCardinality', risk: 'high', reason: 'Every part of this composite key has few distinct values, so the combination still has low cardinality.' };
}

/** Inputs for the hottest-shard estimate. */
export interface ShardShareInput {
  readonly shardCount: number;
  /** Distinct partition keys in use. */
  readonly distinctKeys: number;
  /** Fraction (0-1) of all records carrying the single busiest key. */
  readonly topKeyShare: number;
}

/** The hottest shard's share of the traffic, with its working. */
export interface ShardShareEstimate {
  /** 1 ÷ shards: each shard's share under perfect distribution. */
  readonly evenShare: number;
  /**
   * The least share the hottest shard can take: a key never splits across shards, so the hottest shard
   * holds at least the top key's share, and at most `min(shards, keys)` shards receive any traffic.
   */
  readonly hottestShare: number;
  /** hottestShare ÷ evenShare: 1 is perfect, N means that shard does N times its fair share. */
  readonly hotFactor: number;
  readonly steps: readonly string[];
}

/** Lower bound on the hottest shard's share of the traffic. Random hashing can only make it worse. */
export function estimateHottestShardShare(input: ShardShareInput): ShardShareEstimate {
  const shards = Math.max(1, Math.floor(input.shardCount));
  const keys = Math.max(1, Math.floor(input.distinctKeys));
  const top = Math.min(1, Math.max(0, input.topKeyShare));
  const usableShards = Math.min(shards, keys);
  const evenShare = 1 / shards;
  const hottestShare = Math.max(top, 1 / usableShards);
  const steps = [
    `Even share: 1 ÷ ${formatNumber(shards)} shards = ${percent(evenShare)}`,
    `Shards that can receive traffic: min(${formatNumber(shards)} shards, ${formatNumber(keys)} keys) = ${formatNumber(usableShards)} → at least ${percent(1 / usableShards)} on the busiest`,
    `A key never splits: the busiest key alone sends ${percent(top)} to one shard`,
    `Hottest shard ≥ max(${percent(1 / usableShards)}, ${percent(top)}) = ${percent(hottestShare)} (${formatNumber(hottestShare / evenShare)}× its even share)`,
  ];
  return { evenShare, hottestShare, hotFactor: hottestShare / evenShare, steps };
}

function percent(fraction: number): string {
  return `${formatNumber(fraction * 100)}%`;
}

/** A shard's hash-key range, inclusive, as decimal strings (the form DescribeStream/ListShards return). */
export interface ShardHashRange {
  readonly shardId?: string;
  readonly startingHashKey: string;
  readonly endingHashKey: string;
}

const HASH_SPACE = 1n << 128n;

/**
 * The ranges CreateStream gives N shards: shard i starts at ⌊i × 2^128 ÷ N⌋ and ends just before the
 * next one starts; the last ends at 2^128 − 1.
 */
export function equalHashRanges(shardCount: number): ShardHashRange[] {
  const n = BigInt(assertShardCount(shardCount));
  const ranges: ShardHashRange[] = [];
  for (let i = 0n; i < n; i++) {
    const start = (i * HASH_SPACE) / n;
    const end = ((i + 1n) * HASH_SPACE) / n - 1n;
    ranges.push({ shardId: `shardId-${String(i).padStart(12, '0')}`, startingHashKey: start.toString(), endingHashKey: end.toString() });
  }
  return ranges;
}

/** Equal ranges are computed with 32-bit limbs in doubles; exact while limb × N stays below 2^53. */
const MAX_FAST_SHARDS = 1 << 21;

function assertShardCount(shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_FAST_SHARDS) {
    throw new RangeError(`shard count must be an integer from 1 to ${MAX_FAST_SHARDS}`);
  }
  return shardCount;
}

/**
 * Index of the equal-range shard that owns a digest, without BigInt: the largest i with
 * ⌊i × 2^128 ÷ N⌋ ≤ h is ⌊((h + 1) × N − 1) ÷ 2^128⌋, i.e. the carry out of h × N + (N − 1), which is
 * computed limb by limb from the least significant 32 bits up.
 */
export function equalRangeShardIndex(digest: Uint8Array, shardCount: number): number {
  let carry = shardCount - 1;
  for (let limb = 3; limb >= 0; limb--) {
    const o = limb * 4;
    const word = ((digest[o] << 24) | (digest[o + 1] << 16) | (digest[o + 2] << 8) | digest[o + 3]) >>> 0;
    const product = word * shardCount + carry;
    carry = Math.floor(product / 0x100000000);
  }
  return carry;
}

/** Which of the given ranges holds the hash key; -1 when none does (a gap, e.g. closed shards). */
export function findShardForHashKey(hashKey: bigint, ranges: readonly ParsedRange[]): number {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const r = ranges[mid];
    if (hashKey < r.start) high = mid - 1;
    else if (hashKey > r.end) low = mid + 1;
    else return r.index;
  }
  return -1;
}

interface ParsedRange {
  readonly start: bigint;
  readonly end: bigint;
  /** Position in the caller's array, so results line up with what was passed in. */
  readonly index: number;
}

function parseRanges(ranges: readonly ShardHashRange[]): ParsedRange[] {
  return ranges
    .map((r, index) => ({ start: BigInt(r.startingHashKey), end: BigInt(r.endingHashKey), index }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** How sample keys spread over shards. */
export interface DistributionReport {
  readonly shardCount: number;
  /** Records per shard, in the order of the shards given (or equal-range order). */
  readonly counts: readonly number[];
  readonly shardIds: readonly string[];
  readonly totalKeys: number;
  /** Keys that fell into no given range (only with explicit ranges that leave gaps). */
  readonly unmatchedKeys: number;
  readonly max: number;
  readonly mean: number;
  /** max ÷ mean: 1 is perfectly even. */
  readonly maxOverMean: number;
  readonly hottestShardIndex: number;
}

/** How the simulator hashes keys. */
export interface SimulationOptions {
  /** Defaults to the pure-TS MD5, which runs in the browser as well as in Node. */
  readonly hasher?: PartitionKeyHasher;
}

/**
 * Routes each key to a shard as Kinesis would. `shards` is either a count (equal hash ranges, as
 * CreateStream makes them) or real ranges from ListShards.
 */
/** The largest per-shard count and the first shard that has it (0 and 0 for no load). */
export function hottestShard(counts: readonly number[]): { max: number; hottest: number } {
  let max = 0;
  let hottest = 0;
  counts.forEach((c, i) => {
    if (c > max) {
      max = c;
      hottest = i;
    }
  });
  return { max, hottest };
}

export function simulateDistribution(
  keys: Iterable<string>,
  shards: number | readonly ShardHashRange[],
  options: SimulationOptions = {},
): DistributionReport {
  const hasher = options.hasher ?? md5PartitionKey;
  let counts: number[];
  let shardIds: string[];
  let unmatched = 0;
  let total = 0;
  if (typeof shards === 'number') {
    const n = assertShardCount(shards);
    counts = new Array<number>(n).fill(0);
    shardIds = Array.from({ length: n }, (_, i) => `shardId-${String(i).padStart(12, '0')}`);
    for (const key of keys) {
      counts[equalRangeShardIndex(hasher(key), n)]++;
      total++;
    }
  } else {
    const parsed = parseRanges(shards);
    counts = new Array<number>(shards.length).fill(0);
    shardIds = shards.map((r, i) => r.shardId ?? `range-${i}`);
    for (const key of keys) {
      const index = findShardForHashKey(digestToBigInt(hasher(key)), parsed);
      if (index < 0) unmatched++;
      else counts[index]++;
      total++;
    }
  }
  const { max, hottest } = hottestShard(counts);
  const mean = counts.length > 0 ? (total - unmatched) / counts.length : 0;
  return {
    shardCount: counts.length,
    counts,
    shardIds,
    totalKeys: total,
    unmatchedKeys: unmatched,
    max,
    mean,
    maxOverMean: mean > 0 ? max / mean : 0,
    hottestShardIndex: hottest,
  };
}
