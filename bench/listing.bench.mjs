// Explorer listing: our gateway.listStreams (all pages, mapping, logging) against a bare-SDK
// ListStreams paging loop, over 2,000 streams in kinesalite (fast, in-memory, loopback only).
// Both use the same page size, so the ratio is the gateway's own overhead. Goal: ≤ 1.2×.
import path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const STREAMS = 2_000;
const PAGE_SIZE = 1_000; // the gateway's default ListStreams Limit
const CREATE_PARALLELISM = 16;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 9;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function importCompiled(repoRoot, relative) {
  const mod = await import(pathToFileURL(path.join(repoRoot, relative)).href);
  return mod.default ?? mod;
}

export default async function ({ repoRoot }) {
  const { createAwsGateway } = await importCompiled(repoRoot, 'out/src/core/kinesis/awsGateway.js');
  const { nullLogger } = await importCompiled(repoRoot, 'out/src/core/logging.js');
  const { startKinesalite } = await importCompiled(repoRoot, 'out/test/support/emulators.js');
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { KinesisClient, CreateStreamCommand, ListStreamsCommand } = require('@aws-sdk/client-kinesis');
  const { NodeHttpHandler } = require('@smithy/node-http-handler');

  const emulator = await startKinesalite({ shardLimit: STREAMS + 10 });
  const raw = new KinesisClient({
    endpoint: emulator.endpoint,
    region: emulator.target.region,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler(),
  });
  // A logger that formats like the real output channel would, so the cost of logging is included.
  const lines = [];
  const logger = { ...nullLogger, info: (m) => lines.push(m), debug: (m) => lines.push(m) };
  const gateway = createAwsGateway({ logger, pageSizes: { listStreams: PAGE_SIZE } });
  try {
    const setupStarted = performance.now();
    const names = Array.from({ length: STREAMS }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
    const queue = [...names];
    await Promise.all(Array.from({ length: CREATE_PARALLELISM }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        await raw.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
      }
    }));
    console.log(`created ${STREAMS} streams in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    /** The ceiling: the bare SDK paging by ExclusiveStartStreamName, names only. */
    const rawListing = async () => {
      const all = [];
      let start;
      for (;;) {
        const out = await raw.send(new ListStreamsCommand({ Limit: PAGE_SIZE, ExclusiveStartStreamName: start }));
        all.push(...(out.StreamNames ?? []));
        if (!out.HasMoreStreams || !out.StreamNames?.length) break;
        start = out.StreamNames[out.StreamNames.length - 1];
      }
      return all.length;
    };
    const gatewayListing = async () => (await gateway.listStreams(emulator.target)).length;

    const timings = { raw: [], gateway: [] };
    for (let run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
      // Alternate the order so neither side always runs on a warmer server.
      const order = run % 2 === 0 ? ['raw', 'gateway'] : ['gateway', 'raw'];
      for (const which of order) {
        const started = performance.now();
        const count = await (which === 'raw' ? rawListing() : gatewayListing());
        const elapsed = performance.now() - started;
        if (count !== STREAMS) throw new Error(`${which} listed ${count} streams, expected ${STREAMS}`);
        if (run >= WARMUP_RUNS) timings[which].push(elapsed);
      }
    }
    const rawMs = median(timings.raw);
    const gatewayMs = median(timings.gateway);
    return [
      { name: `gateway.listStreams, ${STREAMS} streams (median of ${MEASURED_RUNS})`, value: gatewayMs.toFixed(1), unit: 'ms', goal: '' },
      { name: `raw SDK ListStreams paging, Limit ${PAGE_SIZE}`, value: rawMs.toFixed(1), unit: 'ms', goal: '' },
      { name: 'listing ratio gateway / raw', value: (gatewayMs / rawMs).toFixed(2), unit: '×', goal: '≤ 1.2×' },
    ];
  } finally {
    gateway.dispose();
    raw.destroy();
    await emulator.stop();
  }
}
