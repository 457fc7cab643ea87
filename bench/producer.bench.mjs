// The producer at real shard limits: the put pipeline through the shard-limit simulator
// (test/support/shardLimitProxy.ts, AWS's 1,000 records/s and 1 MiB/s a shard) in front of
// kinesalite, 4-shard streams, all rows measured in one run:
//   - paced ÷ capacity and throttled %, 100-byte records, uniform keys;
//   - a naive retry loop (bare SDK, 500-record PutRecords, failed entries re-sent after a backoff) ÷ capacity;
//   - skewed keys (half the records on one key): the hot shard's share, the throughput that share
//     allows (1,000 ÷ share records/s) and what the pipeline reached;
//   - KPL-aggregated ÷ unaggregated user records/s for the same 100-byte records, with 1,000 and
//     10,000 distinct keys (the key table's share of each aggregate depends on how often keys repeat).
// Capacity is 4 shards × the per-shard limit over the run's wall time. The shards are half-size
// (500 records/s and 512 KiB/s, BENCH_PRODUCER_SCALE=1 for AWS's full 1,000 and 1 MiB), and the
// pacer is told so, as it knows AWS's: kinesalite takes 7-14k records/s on an idle machine but only
// ~4k with 8 engineers' builds beside it, so at full size the emulator, not the shard limit, set the
// pace (the first runs measured 0.71-0.88 of capacity with every shard's rate at 100% and 0.1-0.4%
// throttled: nothing left for the pacer to win).
// "100-byte records" are 100 bytes of data + partition key, the size Kinesis counts.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SHARDS = 4;
const SCALE = Number(process.env.BENCH_PRODUCER_SCALE ?? 0.5);
const LIMITS = { recordsPerSecond: 1_000 * SCALE, bytesPerSecond: 1024 * 1024 * SCALE };
const RECORDS_PER_SHARD_PER_SECOND = LIMITS.recordsPerSecond;
const CAPACITY = SHARDS * RECORDS_PER_SHARD_PER_SECOND;
const PACED_RECORDS = Number(process.env.BENCH_PRODUCER_RECORDS ?? 60_000);
const NAIVE_RECORDS = 20_000;
const SKEWED_RECORDS = 12_000;
const AGGREGATED_RECORDS = 300_000;
const AGGREGATION_BASELINE_RECORDS = 20_000;
const KEYS = 10_000;

async function importCompiled(repoRoot, relative) {
  const mod = await import(pathToFileURL(path.join(repoRoot, relative)).href);
  return mod.default ?? mod;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (x) => (100 * x).toFixed(2);

/** NDJSON of `count` records whose data + key is exactly 100 bytes; `keyOf(i)` picks the key. */
function* hundredByteRecords(count, keyOf) {
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    const base = `{"k":"${key}","i":${i},"p":""}`;
    const pad = 'x'.repeat(100 - key.length - base.length);
    chunk += `{"k":"${key}","i":${i},"p":"${pad}"}\n`;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const uniformKey = (i) => `u${(i * 7919) % KEYS}`;
/** 1,000 keys: each repeats ~10 times in a 256 KiB aggregate. */
const fewKeys = (i) => `u${(i * 7919) % 1_000}`;
/** Half the records on one key, the rest spread. */
const skewedKey = (i) => (i % 2 === 0 ? 'hot' : `u${(i * 7919) % KEYS}`);

export default async function ({ repoRoot }) {
  const { putRecordsFromSource, readRecords } = await importCompiled(repoRoot, 'out/src/core/bulkPut/index.js');
  const { createAwsGateway } = await importCompiled(repoRoot, 'out/src/core/kinesis/awsGateway.js');
  const { nullLogger } = await importCompiled(repoRoot, 'out/src/core/logging.js');
  const { startKinesalite } = await importCompiled(repoRoot, 'out/test/support/emulators.js');
  const { startShardLimitProxy } = await importCompiled(repoRoot, 'out/test/support/shardLimitProxy.js');
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { KinesisClient, PutRecordsCommand } = require('@aws-sdk/client-kinesis');
  const { NodeHttpHandler } = require('@smithy/node-http-handler');

  const emulator = await startKinesalite();
  const proxy = await startShardLimitProxy({ upstream: emulator.endpoint, limits: LIMITS });
  const gateway = createAwsGateway({ logger: nullLogger });
  const target = { ...emulator.target, endpoint: proxy.endpoint };
  const streams = ['paced', 'paced4', 'naive', 'skewed', 'unaggregated1k', 'aggregated1k', 'aggregated'];
  for (const name of streams) await gateway.createStream(target, { name, mode: 'PROVISIONED', shardCount: SHARDS });
  for (const name of streams) await gateway.waitForActive(target, name, 30_000);

  const simulated = (stream) => {
    const shards = Object.entries(proxy.counters.byShard[stream] ?? {});
    const accepted = shards.reduce((n, [, s]) => n + s.accepted, 0);
    const throttled = shards.reduce((n, [, s]) => n + s.throttled, 0);
    return { shards, accepted, throttled, throttledShare: throttled / Math.max(1, accepted + throttled) };
  };
  const put = async (stream, count, keyOf, extra = {}) => {
    const started = performance.now();
    const startedAt = Date.now();
    const result = await putRecordsFromSource({
      gateway, target, stream, pacing: { limits: LIMITS }, maxAttempts: 20,
      source: readRecords(hundredByteRecords(count, keyOf), { format: 'ndjson', partitionKey: { kind: 'field', path: 'k' } }),
      ...extra,
    });
    const ms = performance.now() - started;
    if (result.error || result.sent !== count) throw new Error(`${stream}: sent ${result.sent} of ${count}: ${result.error?.message ?? ''}`);
    // The simulator's windows are whole seconds of Date.now: a run of t s touches up to ⌈t⌉ + 1 of them.
    const windows = Math.floor(Date.now() / 1000) - Math.floor(startedAt / 1000) + 1;
    return { result, ms, rate: count / (ms / 1000), windowShare: count / (windows * CAPACITY) };
  };

  try {
    const rows = [];
    // Paced, uniform keys.
    const paced = await put('paced', PACED_RECORDS, uniformKey);
    const pacedSim = simulated('paced');
    console.log(`paced: ${fmt(paced.rate)} records/s, ${pct(pacedSim.throttledShare)}% throttled, fractions ${paced.result.pacing.map((s) => s.fraction.toFixed(3)).join(' ')}`);
    rows.push(
      { name: `paced: ${fmt(PACED_RECORDS)} records of 100 B, ${SHARDS} shards, uniform keys`, value: fmt(paced.rate), unit: 'records/s', goal: '' },
      { name: `paced ÷ capacity (4 × ${fmt(RECORDS_PER_SHARD_PER_SECOND)} records/s)`, value: (paced.rate / CAPACITY).toFixed(3), unit: '×', goal: '≥ 0.95' },
      { name: 'paced: entries throttled', value: pct(pacedSim.throttledShare), unit: '%', goal: '≤ 1%' },
      { name: 'paced ÷ what the simulator could admit in the one-second windows the run touched', value: paced.windowShare.toFixed(3), unit: '×', goal: '' },
    );

    const paced4 = await put('paced4', PACED_RECORDS, uniformKey, { concurrency: 4 });
    const paced4Sim = simulated('paced4');
    console.log(`paced, 4 in flight: ${fmt(paced4.rate)} records/s, ${pct(paced4Sim.throttledShare)}% throttled`);
    rows.push(
      { name: 'paced, 4 requests in flight (paced default 8) ÷ capacity', value: (paced4.rate / CAPACITY).toFixed(3), unit: '×', goal: '' },
      { name: 'paced, 4 requests in flight: entries throttled', value: pct(paced4Sim.throttledShare), unit: '%', goal: '' },
    );

    // Naive: one request at a time, 500 entries, failed entries re-sent after 100 ms × 2^n (≤ 2 s).
    const client = new KinesisClient({
      endpoint: proxy.endpoint, region: emulator.target.region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      requestHandler: new NodeHttpHandler(), maxAttempts: 1,
    });
    const naiveStarted = performance.now();
    let pending = [];
    for (let i = 0; i < NAIVE_RECORDS; i++) pending.push({ PartitionKey: uniformKey(i), Data: Buffer.from('x'.repeat(100 - uniformKey(i).length)) });
    let backoff = 0;
    let next = 0;
    let retry = [];
    while (next < pending.length || retry.length > 0) {
      const batch = retry.length > 0 ? retry.splice(0, 500) : [];
      while (batch.length < 500 && next < pending.length) batch.push(pending[next++]);
      const out = await client.send(new PutRecordsCommand({ StreamName: 'naive', Records: batch }));
      const failed = batch.filter((_, j) => out.Records[j].ErrorCode);
      retry.push(...failed);
      if (failed.length > 0) {
        backoff++;
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** (backoff - 1))));
      } else backoff = 0;
    }
    pending = [];
    client.destroy();
    const naiveRate = NAIVE_RECORDS / ((performance.now() - naiveStarted) / 1000);
    const naiveSim = simulated('naive');
    console.log(`naive: ${fmt(naiveRate)} records/s, ${pct(naiveSim.throttledShare)}% throttled`);
    rows.push(
      { name: `naive retry loop: ${fmt(NAIVE_RECORDS)} records, 500 a request, re-sends after backoff`, value: fmt(naiveRate), unit: 'records/s', goal: '' },
      { name: 'naive ÷ capacity', value: (naiveRate / CAPACITY).toFixed(3), unit: '×', goal: '' },
      { name: 'naive: entries throttled', value: pct(naiveSim.throttledShare), unit: '%', goal: '' },
      { name: 'paced ÷ naive', value: (paced.rate / naiveRate).toFixed(2), unit: '×', goal: '' },
    );

    // Skewed: half on one key.
    const skewed = await put('skewed', SKEWED_RECORDS, skewedKey);
    const skewedSim = simulated('skewed');
    const hot = skewedSim.shards.reduce((a, b) => (b[1].accepted > a[1].accepted ? b : a));
    const hotShare = hot[1].accepted / skewedSim.accepted;
    const achievable = Math.min(CAPACITY, RECORDS_PER_SHARD_PER_SECOND / hotShare);
    console.log(`skewed: hot ${hot[0]} ${pct(hotShare)}%, ${fmt(skewed.rate)} records/s of ${fmt(achievable)} achievable`);
    rows.push(
      { name: `skewed keys (half on one key): the hot shard's share of records`, value: pct(hotShare), unit: '%', goal: '' },
      { name: `skewed: throughput the hot shard allows (${fmt(RECORDS_PER_SHARD_PER_SECOND)} ÷ share)`, value: fmt(achievable), unit: 'records/s', goal: '' },
      { name: 'skewed: reached', value: fmt(skewed.rate), unit: 'records/s', goal: '' },
      { name: 'skewed: reached ÷ achievable', value: (skewed.rate / achievable).toFixed(3), unit: '×', goal: '' },
      { name: 'skewed: entries throttled', value: pct(skewedSim.throttledShare), unit: '%', goal: '≤ 1%' },
    );

    // Aggregated: the same 100-byte records packed into KPL aggregates (one shard each). Each distinct
    // key in an aggregate costs its length + 2 bytes in the key table, so how often keys repeat
    // within an aggregate sets the format's ceiling: with 10,000 keys most appear once per aggregate
    // (~109 B a user record, at most 1 MiB ÷ 109 B ≈ 9.6× the 1,000-record limit); with 1,000 keys
    // each appears ~10 times (~103 B, ≈ 10.2×). Both run; the goal row is the 1,000-key one, against
    // unaggregated records with the same keys.
    const sameKeysUnaggregated = await put('unaggregated1k', AGGREGATION_BASELINE_RECORDS, fewKeys);
    for (const [label, keyOf, stream] of [['1,000 keys', fewKeys, 'aggregated1k'], ['10,000 keys', uniformKey, 'aggregated']]) {
      const aggregated = await put(stream, AGGREGATED_RECORDS, keyOf, { aggregate: true });
      const aggregatedSim = simulated(stream);
      const bytesPerUserRecord = aggregatedSim.shards.reduce((n, [, s]) => n + s.acceptedBytes, 0) / AGGREGATED_RECORDS;
      const ceiling = LIMITS.bytesPerSecond / bytesPerUserRecord / RECORDS_PER_SHARD_PER_SECOND;
      const baseline = keyOf === fewKeys ? sameKeysUnaggregated : paced;
      console.log(`aggregated, ${label}: ${fmt(aggregated.rate)} user records/s in ${fmt(aggregated.result.kinesisRecordsSent)} Kinesis records, ${bytesPerUserRecord.toFixed(1)} B a user record, ${pct(aggregatedSim.throttledShare)}% throttled`);
      rows.push(
        { name: `aggregated, ${label}: ${fmt(AGGREGATED_RECORDS)} user records of 100 B`, value: fmt(aggregated.rate), unit: 'user records/s', goal: '' },
        { name: `aggregated, ${label}: user records/s per shard`, value: fmt(aggregated.rate / SHARDS), unit: 'records/s', goal: '' },
        { name: `aggregated, ${label}: Kinesis records (aggregates) sent`, value: fmt(aggregated.result.kinesisRecordsSent), unit: '', goal: '' },
        { name: `aggregated, ${label}: bytes Kinesis counts per user record (format ceiling ${ceiling.toFixed(2)}× the record limit)`, value: bytesPerUserRecord.toFixed(1), unit: 'B', goal: '' },
        {
          name: `aggregated ÷ unaggregated (paced, ${keyOf === fewKeys ? 'same 1,000 keys' : 'same 10,000 keys'}) user records/s`,
          value: (aggregated.rate / baseline.rate).toFixed(2), unit: '×', goal: keyOf === fewKeys ? '≥ 10×' : '',
        },
        { name: `aggregated, ${label}: entries throttled`, value: pct(aggregatedSim.throttledShare), unit: '%', goal: '' },
      );
    }
    return rows;
  } finally {
    gateway.dispose();
    await proxy.stop();
    await emulator.stop();
  }
}
