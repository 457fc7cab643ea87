// Tail and decode: the viewer's tail session (our shard reader, every record summarized into table
// rows, KPL aggregates split into their user records, kept in the ring) against a raw loop of GetRecords calls that
// decodes nothing, both reading the same 4-shard kinesalite stream from TRIM_HORIZON in the same run.
// The stream holds 200,000 user records: 100,000 JSON records of ~200 B and 10,000 KPL aggregated
// records of 10 such JSON user records each. Goal: ours ≥ 0.85× the raw loop's rate.
//
// Both sides use the same gateway (same SDK client settings) and no pause between calls
// (minPollIntervalMs 0: kinesalite does not throttle; the product keeps the 5 calls/s default).
// Reading does not change the stream, so one emulator serves every round; the sides alternate over
// five rounds (the 2-core machine is noisy) and the ratio compares the best of each. Our reader issues
// the next GetRecords of a shard before decoding the previous batch when the poll interval allows;
// the raw loop is the plain call-after-call baseline.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SHARDS = 4;
const JSON_RECORDS = 100_000;
const KPL_RECORDS = 10_000;
const USERS_PER_KPL = 10;
const USER_RECORDS = JSON_RECORDS + KPL_RECORDS * USERS_PER_KPL;
const KINESIS_RECORDS = JSON_RECORDS + KPL_RECORDS;
const ROUNDS = 5;
const STREAM = 'tail-bench';
const PUT_CONCURRENCY = 4;

async function importCompiled(repoRoot, relative) {
  const mod = await import(pathToFileURL(path.join(repoRoot, relative)).href);
  return mod.default ?? mod;
}

/** One JSON record of about 200 bytes. */
function jsonRecord(i) {
  const base = { i, user: { id: `user-${i % 1000}` }, event: 'page_view', ts: 1_700_000_000_000 + i, pad: '' };
  base.pad = 'x'.repeat(Math.max(0, 200 - JSON.stringify(base).length));
  return JSON.stringify(base);
}

const rate = (records, ms) => records / (ms / 1000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

export default async function ({ repoRoot }) {
  const { createAwsGateway } = await importCompiled(repoRoot, 'out/src/core/kinesis/awsGateway.js');
  const { nullLogger } = await importCompiled(repoRoot, 'out/src/core/logging.js');
  const { aggregate } = await importCompiled(repoRoot, 'out/src/core/decode/index.js');
  const { TailSession } = await importCompiled(repoRoot, 'out/src/core/tail/session.js');
  const { createStreamTail } = await importCompiled(repoRoot, 'out/src/core/tail/reader.js');
  const { startKinesalite } = await importCompiled(repoRoot, 'out/test/support/emulators.js');

  const emulator = await startKinesalite();
  const gateway = createAwsGateway({ logger: nullLogger });
  const target = emulator.target;
  try {
    await gateway.createStream(target, { name: STREAM, mode: 'PROVISIONED', shardCount: SHARDS });
    await gateway.waitForActive(target, STREAM, 30_000);

    // Fill the stream: JSON records and KPL aggregates interleaved, 500 per PutRecords.
    const encoder = new TextEncoder();
    const entries = [];
    let user = 0;
    for (let k = 0; k < KINESIS_RECORDS; k++) {
      if (k % 11 === 10) {
        const users = Array.from({ length: USERS_PER_KPL }, () => {
          const i = user++;
          return { partitionKey: `user-${i % 1000}`, data: encoder.encode(jsonRecord(i)) };
        });
        entries.push({ partitionKey: users[0].partitionKey, data: aggregate(users) });
      } else {
        const i = user++;
        entries.push({ partitionKey: `user-${i % 1000}`, data: encoder.encode(jsonRecord(i)) });
      }
    }
    if (user !== USER_RECORDS) throw new Error(`generated ${user} user records, expected ${USER_RECORDS}`);
    const putStarted = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: PUT_CONCURRENCY }, async () => {
      while (next < entries.length) {
        const batch = entries.slice(next, (next += 500));
        const result = await gateway.putRecords(target, STREAM, batch);
        if (result.failedCount) throw new Error(`${result.failedCount} records failed to put`);
      }
    }));
    const bytes = entries.reduce((sum, e) => sum + e.data.length, 0);
    console.log(`put ${fmt(KINESIS_RECORDS)} Kinesis records (${fmt(USER_RECORDS)} user records, ${(bytes / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - putStarted) / 1000).toFixed(1)} s`);
    const shardIds = (await gateway.listShards(target, STREAM)).map((s) => s.shardId);

    // (a) Raw: every shard read in parallel, GetRecords back to back until caught up; no decoding.
    const rawRun = async () => {
      const started = performance.now();
      let records = 0;
      await Promise.all(shardIds.map(async (shardId) => {
        let iterator = await gateway.getShardIterator(target, { stream: STREAM, shardId, type: 'TRIM_HORIZON' });
        for (;;) {
          const result = await gateway.getRecords(target, iterator, 10_000);
          records += result.records.length;
          if (result.records.length === 0 && (result.millisBehindLatest ?? 0) === 0) break;
          if (!result.nextIterator) break;
          iterator = result.nextIterator;
        }
      }));
      if (records !== KINESIS_RECORDS) throw new Error(`raw loop read ${records} records, expected ${KINESIS_RECORDS}`);
      return performance.now() - started;
    };

    // (b) Ours: what the viewer runs — the tail session over the reader: every record summarized
    // into table rows (KPL split into user records), kept in the ring, taken in batches for the page.
    const oursRun = () => new Promise((resolve, reject) => {
      const started = performance.now();
      let jsonRows = 0;
      let finished = false;
      const session = new TailSession({
        maxRecords: USER_RECORDS,
        createTail: (listener) => createStreamTail(gateway, { target, stream: STREAM, start: { type: 'TRIM_HORIZON' }, minPollIntervalMs: 0 }, (event) => {
          listener(event);
          if (event.kind === 'error' && event.fatal) reject(event.error);
        }),
        onChange: () => {
          while (session.hasPending) {
            for (const row of session.takeBatch(2_500).rows) if (row.summary.kind === 'json') jsonRows++;
          }
          if (finished || session.received < USER_RECORDS) return;
          finished = true;
          const ms = performance.now() - started;
          void session.stop().then(() => {
            if (session.received !== USER_RECORDS || jsonRows !== USER_RECORDS) {
              reject(new Error(`the session made ${session.received} rows (${jsonRows} JSON), expected ${USER_RECORDS}`));
            } else {
              resolve(ms);
            }
          });
        },
      });
      session.start();
    });

    const rawTimes = [];
    const oursTimes = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 === 0 ? ['raw', 'ours'] : ['ours', 'raw']) {
        const ms = side === 'raw' ? await rawRun() : await oursRun();
        (side === 'raw' ? rawTimes : oursTimes).push(ms);
        console.log(`round ${round + 1}: ${side}: ${fmt(rate(KINESIS_RECORDS, ms))} Kinesis records/s (${(ms / 1000).toFixed(2)} s)`);
      }
    }
    const rawBest = Math.min(...rawTimes);
    const oursBest = Math.min(...oursTimes);
    return [
      { name: `(a) raw GetRecords loop, ${SHARDS} shards in parallel, no decoding (best of ${ROUNDS})`, value: fmt(rate(KINESIS_RECORDS, rawBest)), unit: 'Kinesis records/s', goal: '' },
      { name: `    the same in user records (${fmt(USER_RECORDS)} in ${fmt(KINESIS_RECORDS)} Kinesis records)`, value: fmt(rate(USER_RECORDS, rawBest)), unit: 'user records/s', goal: '' },
      { name: `(b) tail session (reader + rows: every record summarized, KPL split) (best of ${ROUNDS})`, value: fmt(rate(KINESIS_RECORDS, oursBest)), unit: 'Kinesis records/s', goal: '' },
      { name: '    the same in decoded user records', value: fmt(rate(USER_RECORDS, oursBest)), unit: 'user records/s', goal: '' },
      { name: '    tail / raw, round by round', value: oursTimes.map((ms, i) => (rawTimes[i] / ms).toFixed(2)).join(' / '), unit: '×', goal: '' },
      { name: 'tail + decode / raw loop', value: (rawBest / oursBest).toFixed(2), unit: '×', goal: '≥ 0.85×' },
    ];
  } finally {
    gateway.dispose();
    await emulator.stop();
  }
}
