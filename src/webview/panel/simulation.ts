/**
 * The partition-key simulator, run in the webview: keys are routed exactly as Kinesis does (MD5 of the
 * key, equal hash ranges) with the core's pure-TypeScript MD5. To stay instant for 100,000 keys:
 * each distinct key is hashed once (digests are cached across runs, so changing the shard count
 * re-uses them), and the work is sliced so the page keeps responding; a newer run cancels an older one.
 */
import * as l10n from '@vscode/l10n';
import { equalRangeShardIndex, hottestShard } from '../../core/analysis/hotShards';
import { expandKeyPattern, parseKeyPattern } from '../../core/analysis/keyPatterns';
import { md5PartitionKey } from '../../core/analysis/md5';

export const MAX_KEYS = 1_000_000;
export const MAX_SHARDS = 10_000;
const SLICE_MS = 12;
const MAX_CACHED_DIGESTS = 300_000;

export interface SimulationInput {
  readonly kind: 'pattern' | 'keys';
  readonly text: string;
  readonly count: number;
  readonly shards: number;
}

export type SimulationResult =
  | {
    readonly ok: true;
    readonly counts: number[];
    readonly totalKeys: number;
    readonly distinctKeys: number;
    readonly max: number;
    readonly mean: number;
    readonly maxOverMean: number;
    readonly hottest: number;
    readonly ms: number;
  }
  | { readonly ok: false; readonly error: string };

const digests = new Map<string, Uint8Array>();
let generation = 0;

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs a simulation; resolves undefined when a newer run superseded it. */
export async function simulate(input: SimulationInput): Promise<SimulationResult | undefined> {
  const mine = ++generation;
  const started = performance.now();
  if (!Number.isInteger(input.shards) || input.shards < 1 || input.shards > MAX_SHARDS) {
    return { ok: false, error: l10n.t('Shard count must be a whole number from 1 to {0}.', MAX_SHARDS.toLocaleString('en-US')) };
  }
  let keys: string[];
  if (input.kind === 'pattern') {
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_KEYS) {
      return { ok: false, error: l10n.t('Key count must be a whole number from 1 to {0}.', MAX_KEYS.toLocaleString('en-US')) };
    }
    if (input.text.trim().length === 0) return { ok: false, error: l10n.t('Enter a pattern such as device-{1..5000} or user#{rand 0-9}.') };
    const parsed = parseKeyPattern(input.text.trim());
    if (!parsed.ok) return { ok: false, error: l10n.t('{0} (at character {1})', parsed.error, parsed.offset + 1) };
    keys = expandKeyPattern(parsed.pattern, input.count);
  } else {
    keys = input.text.split(/\r\n|\r|\n/).map((k) => k.trim()).filter((k) => k.length > 0).slice(0, MAX_KEYS);
    if (keys.length === 0) return { ok: false, error: l10n.t('Paste one partition key per line.') };
  }
  await yieldToPage();
  if (mine !== generation) return undefined;

  // Count each distinct key once: patterns like device-{1..5000} repeat keys many times.
  const occurrences = new Map<string, number>();
  for (const key of keys) occurrences.set(key, (occurrences.get(key) ?? 0) + 1);

  const counts = new Array<number>(input.shards).fill(0);
  let sliceStart = performance.now();
  for (const [key, times] of occurrences) {
    let digest = digests.get(key);
    if (!digest) {
      digest = md5PartitionKey(key);
      if (digests.size >= MAX_CACHED_DIGESTS) digests.clear();
      digests.set(key, digest);
    }
    counts[equalRangeShardIndex(digest, input.shards)] += times;
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToPage();
      if (mine !== generation) return undefined;
      sliceStart = performance.now();
    }
  }
  const { max, hottest } = hottestShard(counts);
  const mean = keys.length / input.shards;
  return {
    ok: true,
    counts,
    totalKeys: keys.length,
    distinctKeys: occurrences.size,
    max,
    mean,
    maxOverMean: mean > 0 ? max / mean : 0,
    hottest,
    ms: performance.now() - started,
  };
}
