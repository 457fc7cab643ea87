// Put from file: our pipeline (read NDJSON from disk, derive keys, batch, 4 requests in flight)
// against (a) a raw ceiling: PutRecords requests pre-built in memory, sent with the bare SDK at the
// best of concurrency 1, 2 and 4, and (b) a naive loop of one PutRecord per record. 200,000 records
// of ~200 B into 4-shard kinesalite streams, all in one run. Goals: ≥ 0.9× (a), ≥ 20× (b).
//
// Then peak RSS of putting a large file (default 1 GiB, BENCH_BIG_FILE_MB to change) measured in a
// child process that does nothing else (process.resourceUsage().maxRSS). Goal: < 150 MB. This part
// is slow: kinesalite keeps everything in memory and slows down as it fills (1 GiB is ~5.2M records,
// 10+ minutes and several GB in the emulator process); BENCH_BIG_FILE_MB=256 gives a peak a few MB
// lower. Last, the same for `kinesis-studio put` itself (the production bundle, paced), see cliRows.
//
// kinesalite is single-threaded, is the bottleneck, and slows down as it holds more records (the
// same raw run measured 14k records/s on an empty emulator and 7.5k after 800k records), and on a
// busy 2-core machine one run can be half as fast as the next. So every measured run gets a fresh
// emulator; after one run per concurrency picks the best, ours and the ceiling alternate over three
// rounds, and the ratio compares the best run of each side within those rounds.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RECORDS = 200_000;
const SHARDS = 4;
const NAIVE_RECORDS = 5_000;
const RAW_CONCURRENCIES = [1, 2, 4];
const ROUNDS = 3;
const BIG_FILE_MB = Number(process.env.BENCH_BIG_FILE_MB ?? 1024);
const MIN_FREE_BYTES = 3 * 1024 ** 3;
const MiB = 1024 * 1024;
const STREAM = 'bench';

async function importCompiled(repoRoot, relative) {
  const mod = await import(pathToFileURL(path.join(repoRoot, relative)).href);
  return mod.default ?? mod;
}

/** One NDJSON line of about 200 bytes. */
function recordLine(i) {
  const base = { i, user: { id: `user-${i % 1000}` }, event: 'page_view', ts: 1_700_000_000_000 + i, pad: '' };
  const length = JSON.stringify(base).length;
  base.pad = 'x'.repeat(Math.max(0, 200 - length));
  return JSON.stringify(base);
}

/** Writes `count` lines (or until `bytes`) with backpressure, so the generator itself stays small. */
async function writeNdjson(file, { count = Infinity, bytes = Infinity }) {
  const out = createWriteStream(file);
  let written = 0;
  let lines = 0;
  let chunk = '';
  while (lines < count && written < bytes) {
    const line = recordLine(lines++) + '\n';
    chunk += line;
    written += line.length;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return { lines, bytes: written };
}

const rate = (records, ms) => records / (ms / 1000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

export default async function ({ repoRoot }) {
  const { putRecordsFromSource, openDataFile } = await importCompiled(repoRoot, 'out/src/core/bulkPut/index.js');
  const { createAwsGateway } = await importCompiled(repoRoot, 'out/src/core/kinesis/awsGateway.js');
  const { nullLogger } = await importCompiled(repoRoot, 'out/src/core/logging.js');
  const { startKinesalite } = await importCompiled(repoRoot, 'out/test/support/emulators.js');
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { KinesisClient, CreateStreamCommand, PutRecordCommand, PutRecordsCommand, waitUntilStreamExists } = require('@aws-sdk/client-kinesis');
  const { NodeHttpHandler } = require('@smithy/node-http-handler');

  /** A fresh kinesalite with an empty 4-shard stream, and a bare SDK client for it. */
  const freshEmulator = async () => {
    const emulator = await startKinesalite();
    const client = new KinesisClient({
      endpoint: emulator.endpoint,
      region: emulator.target.region,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
    await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: SHARDS }));
    await waitUntilStreamExists({ client, maxWaitTime: 30, minDelay: 1 }, { StreamName: STREAM });
    return {
      emulator,
      client,
      async stop() {
        client.destroy();
        await emulator.stop();
      },
    };
  };
  /** Runs `body` against a fresh emulator; returns the wall time of `body` alone. */
  const timed = async (body) => {
    const env = await freshEmulator();
    try {
      const started = performance.now();
      await body(env);
      return performance.now() - started;
    } finally {
      await env.stop();
    }
  };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-put-'));
  try {
    const file = path.join(dir, 'records.ndjson');
    const generated = await writeNdjson(file, { count: RECORDS });
    console.log(`generated ${fmt(generated.lines)} records, ${(generated.bytes / MiB).toFixed(1)} MiB`);

    // (a) The ceiling: requests built before the clock starts, exactly the bytes and keys we send.
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const requests = [];
    for (let i = 0; i < lines.length; i += 500) {
      requests.push(lines.slice(i, i + 500).map((line) => ({ PartitionKey: JSON.parse(line).user.id, Data: Buffer.from(line) })));
    }
    const rawRun = (concurrency) => timed(async ({ client }) => {
      let next = 0;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < requests.length) {
          const out = await client.send(new PutRecordsCommand({ StreamName: STREAM, Records: requests[next++] }));
          if (out.FailedRecordCount) throw new Error(`raw run: ${out.FailedRecordCount} records failed`);
        }
      }));
    });
    // Ours: from the file on disk, keys from a field, default options (4 requests in flight).
    const oursRun = () => timed(async ({ emulator }) => {
      const gateway = createAwsGateway({ logger: nullLogger });
      try {
        const result = await putRecordsFromSource({
          gateway,
          target: emulator.target,
          stream: STREAM,
          source: openDataFile(file, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } }),
        });
        if (result.error || result.sent !== RECORDS) throw new Error(`our run sent ${result.sent}: ${result.error?.message ?? 'records missing'}`);
      } finally {
        gateway.dispose();
      }
    });

    const probeMs = new Map();
    for (const c of RAW_CONCURRENCIES) {
      probeMs.set(c, await rawRun(c));
      console.log(`raw PutRecords, concurrency ${c}: ${fmt(rate(RECORDS, probeMs.get(c)))} records/s`);
    }
    const bestConcurrency = [...probeMs].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
    const oursTimes = [];
    const ceilingTimes = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs second.
      for (const side of round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours']) {
        const ms = side === 'ours' ? await oursRun() : await rawRun(bestConcurrency);
        (side === 'ours' ? oursTimes : ceilingTimes).push(ms);
        console.log(`round ${round + 1}: ${side === 'ours' ? 'ours' : `raw, concurrency ${bestConcurrency}`}: ${fmt(rate(RECORDS, ms))} records/s`);
      }
    }

    // (b) Naive: one PutRecord per record, one at a time, on a subset.
    const naiveMs = await timed(async ({ client }) => {
      for (let i = 0; i < NAIVE_RECORDS; i++) {
        const { PartitionKey, Data } = requests[Math.floor(i / 500)][i % 500];
        await client.send(new PutRecordCommand({ StreamName: STREAM, PartitionKey, Data }));
      }
    });
    const naiveRate = rate(NAIVE_RECORDS, naiveMs);
    console.log(`naive PutRecord loop: ${fmt(naiveRate)} records/s`);

    const oursRate = rate(RECORDS, Math.min(...oursTimes));
    const ceilingRate = rate(RECORDS, Math.min(...ceilingTimes));
    const rows = [
      { name: `ours: ${fmt(RECORDS)} NDJSON records of ~200 B from disk, ${SHARDS} shards (best of ${ROUNDS})`, value: fmt(oursRate), unit: 'records/s', goal: '' },
      { name: `(a) raw ceiling: pre-built PutRecords, bare SDK, concurrency ${bestConcurrency} (best of ${ROUNDS})`, value: fmt(ceilingRate), unit: 'records/s', goal: '' },
      { name: `    one probe run each at concurrency ${RAW_CONCURRENCIES.join(' / ')}`, value: RAW_CONCURRENCIES.map((c) => fmt(rate(RECORDS, probeMs.get(c)))).join(' / '), unit: 'records/s', goal: '' },
      { name: '    ours / raw, round by round', value: oursTimes.map((ms, i) => (ceilingTimes[i] / ms).toFixed(2)).join(' / '), unit: '×', goal: '' },
      { name: `(b) naive PutRecord loop (${fmt(NAIVE_RECORDS)} records)`, value: fmt(naiveRate), unit: 'records/s', goal: '' },
      { name: 'ours / raw ceiling', value: (oursRate / ceilingRate).toFixed(2), unit: '×', goal: '≥ 0.9×' },
      { name: 'ours / naive loop', value: (oursRate / naiveRate).toFixed(1), unit: '×', goal: '≥ 20×' },
    ];

    const env = await freshEmulator();
    try {
      rows.push(...(await bigFileRow({ dir, target: env.emulator.target, repoRoot })));
    } finally {
      await env.stop();
    }
    rows.push(...(await cliRows({ dir, repoRoot, startKinesalite })));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bigFileRow({ dir, target, repoRoot }) {
  const name = `peak RSS putting a ${BIG_FILE_MB} MiB NDJSON file (child process)`;
  const { bavail, bsize } = statfsSync(os.tmpdir());
  const free = bavail * bsize;
  if (free < MIN_FREE_BYTES) {
    const message = `skipped: ${(free / 1024 ** 3).toFixed(1)} GiB free in ${os.tmpdir()}, need 3 GiB`;
    console.log(message);
    return [{ name, value: message, unit: '', goal: '< 150 MB' }];
  }
  const file = path.join(dir, 'big.ndjson');
  try {
    const generated = await writeNdjson(file, { bytes: BIG_FILE_MB * MiB });
    console.log(`generated ${fmt(generated.lines)} records, ${(generated.bytes / MiB).toFixed(0)} MiB; putting them from a child process…`);
    const resultFile = path.join(dir, 'big-result.json');
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--rss-child', repoRoot, JSON.stringify(target), STREAM, file, resultFile], { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the RSS child exited with code ${code}`);
    const measured = JSON.parse(readFileSync(resultFile, 'utf8'));
    if (measured.sent !== generated.lines) throw new Error(`the RSS child sent ${measured.sent} of ${generated.lines} records: ${measured.error ?? ''}`);
    return [
      { name, value: (measured.maxRssKiB / 1024).toFixed(1), unit: 'MB', goal: '< 150 MB' },
      { name: `  same run: RSS before reading (SDK and code loaded)`, value: (measured.baselineRssKiB / 1024).toFixed(1), unit: 'MB', goal: '' },
      { name: `  same run: ${fmt(generated.lines)} records`, value: fmt(rate(measured.sent, measured.ms)), unit: 'records/s', goal: '' },
    ];
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The same measure for `kinesis-studio put` itself: the production bundle (dist/cli.js, built here),
 * paced as it always is, into a 20-shard kinesalite stream (20,000 records/s allowed, so the
 * emulator, not the pacing, sets the pace). A module preloaded with --require writes the process's
 * peak RSS when it exits. BENCH_CLI_FILE_MB (default 256) sets the file size. No goal: the issue's
 * 150 MB is for the pipeline above. The CLI starts at about the child's baseline (64 MB) but checks
 * the whole file first and paces; it measured 137 MB at 64 MiB and 158 MB at 256 MiB (not yet
 * understood: the JS heap stays near 50 MB, as in the child).
 */
async function cliRows({ dir, repoRoot, startKinesalite }) {
  const fileMb = Number(process.env.BENCH_CLI_FILE_MB ?? 256);
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the production build failed');
  const reporter = path.join(dir, 'report-rss.cjs');
  writeFileSync(reporter, "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const runCli = async (args, resultFile) => {
    const child = spawn(process.execPath, ['--require', reporter, cli, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, BENCH_RSS_FILE: resultFile, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    return { code, stderr, maxRssMb: Number(readFileSync(resultFile, 'utf8')) / 1024 };
  };
  const startup = await runCli(['put', '--help'], path.join(dir, 'rss-help'));
  const file = path.join(dir, 'cli.ndjson');
  const emulator = await startKinesalite({ shardLimit: 50 });
  try {
    const generated = await writeNdjson(file, { bytes: fileMb * MiB });
    const require = createRequire(path.join(repoRoot, 'package.json'));
    const { KinesisClient, CreateStreamCommand, waitUntilStreamExists } = require('@aws-sdk/client-kinesis');
    const { NodeHttpHandler } = require('@smithy/node-http-handler');
    const client = new KinesisClient({
      endpoint: emulator.endpoint, region: emulator.target.region, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, requestHandler: new NodeHttpHandler(),
    });
    await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 20 }));
    await waitUntilStreamExists({ client, maxWaitTime: 30, minDelay: 1 }, { StreamName: STREAM });
    client.destroy();
    console.log(`kinesis-studio put of ${fmt(generated.lines)} records (${fileMb} MiB), 20 shards…`);
    const started = performance.now();
    const put = await runCli(['put', STREAM, '--file', file, '--key-field', 'user.id', '--region', emulator.target.region, '--endpoint', emulator.endpoint], path.join(dir, 'rss-put'));
    if (put.code !== 0) throw new Error(`kinesis-studio put exited ${put.code}: ${put.stderr}`);
    return [
      { name: `peak RSS: kinesis-studio put of a ${fileMb} MiB NDJSON file (production dist/cli.js, paced, 20 shards)`, value: put.maxRssMb.toFixed(1), unit: 'MB', goal: '' },
      { name: '  same run', value: fmt(rate(generated.lines, performance.now() - started)), unit: 'records/s', goal: '' },
      { name: '  kinesis-studio put --help (start-up alone)', value: startup.maxRssMb.toFixed(1), unit: 'MB', goal: '' },
    ];
  } finally {
    await emulator.stop();
    rmSync(file, { force: true });
  }
}

/** Child mode: put one file, write peak RSS and counts to a JSON file. */
async function rssChild([repoRoot, targetJson, stream, file, resultFile]) {
  const { putRecordsFromSource, openDataFile } = await importCompiled(repoRoot, 'out/src/core/bulkPut/index.js');
  const { createAwsGateway } = await importCompiled(repoRoot, 'out/src/core/kinesis/awsGateway.js');
  const { nullLogger } = await importCompiled(repoRoot, 'out/src/core/logging.js');
  const gateway = createAwsGateway({ logger: nullLogger });
  // Load the SDK before measuring the baseline (the gateway loads it lazily on the first call).
  await gateway.listStreams(JSON.parse(targetJson));
  const baselineRssKiB = process.memoryUsage().rss / 1024;
  const started = performance.now();
  let lastLog = 0;
  const result = await putRecordsFromSource({
    gateway,
    target: JSON.parse(targetJson),
    stream,
    source: openDataFile(file, { format: 'ndjson', partitionKey: { kind: 'field', path: 'user.id' } }),
    onProgress: (p) => {
      if (p.elapsedMs - lastLog > 15_000) {
        lastLog = p.elapsedMs;
        console.log(`  … ${fmt(p.sent)} sent, ${(p.bytesRead / MiB).toFixed(0)} MiB read, RSS ${(process.memoryUsage().rss / MiB).toFixed(0)} MB`);
      }
    },
  });
  gateway.dispose();
  writeFileSync(resultFile, JSON.stringify({
    sent: result.sent,
    error: result.error?.message,
    ms: performance.now() - started,
    baselineRssKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
  }));
}

if (process.argv[2] === '--rss-child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  rssChild(process.argv.slice(3)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
