// Stream Doctor memory bench (issue 14): sampling 1,000,000 distinct partition keys must keep the
// sampler's memory bounded (Space-Saving top keys, HyperLogLog distinct count, fixed per-shard
// histograms), so its heap growth is about that of 10,000 keys. Both runs happen in this one process
// with the builder kept alive, the garbage collector forced before each reading. Imports the
// compiled core from out/ (the runner compiles with tsconfig.test.json first).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const MIB = 1024 * 1024;
const SHARDS = 4;
const WINDOW_SECONDS = 300;

function shardsOf(count) {
  const max = (1n << 128n) - 1n;
  const width = (max + 1n) / BigInt(count);
  return Array.from({ length: count }, (_, i) => ({
    shardId: `shardId-${String(i).padStart(12, '0')}`,
    startingHashKey: String(width * BigInt(i)),
    endingHashKey: String(i === count - 1 ? max : width * BigInt(i + 1) - 1n),
    startingSequenceNumber: '1',
  }));
}

function heapUsed() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap growth (bytes) while sampling `keys` distinct keys, and the time it took. */
function sampleKeys(core, md5, keys) {
  const shards = shardsOf(SHARDS);
  const before = heapUsed();
  const builder = new core.ProducerSampleBuilder('bench', shards);
  const data = new Uint8Array(100);
  const startMs = Date.UTC(2026, 0, 1);
  const started = process.hrtime.bigint();
  for (let i = 0; i < keys; i++) {
    const partitionKey = `device-${i}`;
    const hash = md5.digestToBigInt(md5.md5PartitionKey(partitionKey));
    const shard = Number((hash * BigInt(SHARDS)) >> 128n);
    builder.add(shards[shard].shardId, { partitionKey, data, sequenceNumber: String(i), approximateArrivalTimestamp: new Date(startMs + (i % WINDOW_SECONDS) * 1000) });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sample = builder.build(startMs, startMs + WINDOW_SECONDS * 1000);
  const growth = heapUsed() - before;
  return { growth: Math.max(growth, 1), seconds, distinct: sample.distinctKeys.estimate(), kept: sample.topKeys.top(1_000_000).length };
}

export default async function ({ repoRoot }) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const core = require(path.join(repoRoot, 'out/src/core/doctor/producerSample.js'));
  const md5 = require(path.join(repoRoot, 'out/src/core/analysis/md5.js'));
  sampleKeys(core, md5, 10_000); // warm-up: JIT and the sketches' code
  const small = sampleKeys(core, md5, 10_000);
  const large = sampleKeys(core, md5, 1_000_000);
  const ratio = large.growth / small.growth;
  return [
    { name: 'doctor sampler heap growth, 10,000 distinct keys', value: Math.round(small.growth / MIB * 100) / 100, unit: 'MiB', goal: 'bounded' },
    { name: 'doctor sampler heap growth, 1,000,000 distinct keys', value: Math.round(large.growth / MIB * 100) / 100, unit: 'MiB', goal: 'bounded' },
    { name: 'doctor sampler heap growth ratio 1M / 10k keys', value: Math.round(ratio * 100) / 100, unit: '×', goal: '< 3 (memory does not grow with keys)' },
    { name: 'doctor sampler keys kept (top-k) at 1M keys', value: large.kept, unit: 'keys', goal: '≤ 1,024' },
    { name: 'doctor sampler distinct-key estimate at 1M keys', value: Math.round(large.distinct), unit: 'keys', goal: '≈ 1,000,000 (HLL, ±2%)' },
    { name: 'doctor sampler throughput at 1M keys', value: Math.round(1_000_000 / large.seconds), unit: 'records/s', goal: 'informational' },
  ];
}
