/**
 * extensionTestsPath module for `npm run bench` (bench/tailView.bench.mjs): streams 100,000 records
 * into an open tail viewer in the real extension host and records the largest gap between animation
 * frames the page saw while they arrived, and how fast rows reached the page. Not a test: it writes
 * numbers, the bench prints them.
 *
 * kinesis-local puts ~800 records/s, so the producer puts KPL aggregates of 1,000 user records each
 * (100 Kinesis records become 100,000 rows), before the viewer opens at TRIM_HORIZON: the rows then
 * stream in as fast as the reader and the host deliver them, the hardest case for the page.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { aggregate } from '../../../src/core/decode';
import type { KinesisStudioApi } from '../../../src/extension';
import type { TailViewerHandle } from '../../../src/features/tail/tailViewer';
import { driverAction, sleep, waitFor, webviewFrames } from '../support/driver';
import { resultsDir } from '../support/env';

const STREAM = 'tail-bench';
const TOTAL_ROWS = 100_000;
const USER_RECORDS_PER_AGGREGATE = 1_000;
const AGGREGATES_PER_PUT = 5;

/** Rows fed straight into the open viewer's session (no emulator, no reader) by {@link injectRows}. */
const INJECTED_ROWS = 300_000;
const INJECT_CHUNK = 5_000;
/** Target rate: one chunk every 50 ms = 100,000 rows/s, twice the goal of 50,000. */
const INJECT_EVERY_MS = 50;

/**
 * The viewer apart from the emulator (kinesis-local serves ~15,000 rows/s of KPL here): rows fed
 * into the session as the reader would, at up to 100,000 rows/s, while the page measures its
 * frames. Returns the rate achieved, the frame gaps, and how long the page took to show the last
 * row after the last chunk (its lag behind the host).
 */
async function injectRows(viewer: TailViewerHandle) {
  const encoder = new TextEncoder();
  const arrival = new Date();
  const chunks = Array.from({ length: INJECTED_ROWS / INJECT_CHUNK }, (_, c) => Array.from({ length: INJECT_CHUNK }, (_, i) => {
    const n = c * INJECT_CHUNK + i;
    return { partitionKey: `device-${n % 997}`, sequenceNumber: String(10n ** 20n + BigInt(n)), approximateArrivalTimestamp: arrival, data: encoder.encode(JSON.stringify({ injected: n, cpu: n % 100 })) };
  }));
  const receivedBefore = viewer.session.received;
  const postedBefore = viewer.viewsPosted;
  viewer.resetFrameStats();
  await waitFor(() => viewer.frameStats && viewer.frameStats.frames > 0, 10_000, 'a frame report before injecting');
  const started = performance.now();
  for (let c = 0; c < chunks.length; c++) {
    viewer.session.handle({ kind: 'records', shardId: 'shardId-000000000000', records: chunks[c] });
    const due = started + (c + 1) * INJECT_EVERY_MS;
    await sleep(Math.max(0, due - performance.now()));
  }
  const injectMs = performance.now() - started;
  const lastId = receivedBefore + INJECTED_ROWS - 1;
  // The page shows the newest row once the host's next view carries it.
  await waitFor(async () => (await driverAction({ action: 'count', selector: `#row-${lastId}`, frames: webviewFrames })).count === 1, 30_000, 'the last injected row shown');
  const lagMs = performance.now() - started - injectMs;
  await sleep(2_000);
  const stats = viewer.frameStats!;
  return {
    rows: INJECTED_ROWS, injectMs, rowsPerSecond: INJECTED_ROWS / (injectMs / 1000), lagMs,
    maxFrameGapMs: stats.maxFrameGapMs, frames: stats.frames, maxMessageMs: stats.maxMessageMs, maxRenderMs: stats.maxRenderMs,
    maxLongTaskMs: stats.maxLongTaskMs, viewsPosted: viewer.viewsPosted - postedBefore,
  };
}

export async function run(): Promise<void> {
  const dir = resultsDir();
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const extension = vscode.extensions.getExtension<KinesisStudioApi>('kinesis-studio.kinesis-studio');
  if (!extension) throw new Error('kinesis-studio.kinesis-studio is not installed in the bench host');
  const api = await extension.activate();
  const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
  const config = vscode.workspace.getConfiguration('kinesis');
  await config.update('localEmulatorPath', path.join(repoRoot, 'node_modules', 'kinesis-local'), vscode.ConfigurationTarget.Global);
  await config.update('tail.maxRecords', TOTAL_ROWS, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('kinesis.startLocal');
  if (api.connections.current.kind !== 'local') throw new Error(`local mode did not start: ${api.errors.lastMessage}`);
  const target = api.connections.targetFor(api.connections.current.region!);
  await vscode.commands.executeCommand('kinesis.createStream', { name: STREAM, mode: 'PROVISIONED', shardCount: 4 });
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');

  const encoder = new TextEncoder();
  const putStarted = performance.now();
  let sequence = 0;
  for (let put = 0; put * AGGREGATES_PER_PUT * USER_RECORDS_PER_AGGREGATE < TOTAL_ROWS; put++) {
    const entries = Array.from({ length: AGGREGATES_PER_PUT }, (_, a) => ({
      partitionKey: `aggregate-${put}-${a}`,
      data: aggregate(Array.from({ length: USER_RECORDS_PER_AGGREGATE }, () => {
        const i = sequence++;
        return { partitionKey: `device-${i % 997}`, data: encoder.encode(JSON.stringify({ seq: i, device: { id: `d${i % 997}` }, cpu: (i * 7) % 100, site: ['dub', 'fra', 'iad', 'syd'][i % 4] })) };
      })),
    }));
    const result = await api.gateway.putRecords(target, STREAM, entries);
    if (result.failedCount > 0) throw new Error(`${result.failedCount} aggregates were not put`);
  }
  const putMs = performance.now() - putStarted;

  const openedAt = performance.now();
  const viewer = await vscode.commands.executeCommand<TailViewerHandle>('kinesis.tailStream', { stream: STREAM, start: 'TRIM_HORIZON' });
  if (!viewer) throw new Error(`kinesis.tailStream failed: ${api.errors.lastMessage}`);
  let hostHadAllAt: number | undefined;
  const hostWatch = setInterval(() => {
    if (hostHadAllAt === undefined && viewer.session.received >= TOTAL_ROWS) hostHadAllAt = performance.now();
  }, 10);
  await waitFor(() => viewer.ready, 30_000, 'viewer ready');

  await waitFor(() => viewer.frameStats?.rowsShown === TOTAL_ROWS, 300_000, `${TOTAL_ROWS} rows shown (now ${viewer.frameStats?.rowsShown})`);
  const shownMs = performance.now() - openedAt;
  // When the host's session had every row: the reader's (and emulator's) ceiling in this run.
  const hostHadAllMs = hostHadAllAt === undefined ? undefined : hostHadAllAt - openedAt;
  // The page stops measuring 1 s after the last rows arrived, then reports within 0.5 s.
  await sleep(2_000);
  const stats = viewer.frameStats!;
  // Baseline in the same run: the same page, 100,000 rows kept, nothing arriving.
  viewer.resetFrameStats();
  await waitFor(() => viewer.frameStats && viewer.frameStats.frames > 0, 10_000, 'an idle frame report');
  await sleep(1_500);
  const idle = viewer.frameStats!;
  // Second baseline: the same idle page while two other processes keep both cores busy, as the
  // emulator and the extension host do while rows stream in. Tells the machine's share of a gap.
  const burners = [0, 1].map(() => spawn(process.execPath, ['-e', 'const end = Date.now() + 4000; while (Date.now() < end) {}'], { stdio: 'ignore' }));
  await sleep(300);
  viewer.resetFrameStats();
  await waitFor(() => viewer.frameStats && viewer.frameStats.frames > 0, 10_000, 'a busy-machine frame report');
  await sleep(1_500);
  const busy = viewer.frameStats!;
  for (const burner of burners) burner.kill();
  clearInterval(hostWatch);
  const injected = await injectRows(viewer);
  const measured = {
    hostHadAllMs,
    hostRowsPerSecond: hostHadAllMs ? TOTAL_ROWS / (hostHadAllMs / 1000) : undefined,
    injected,
    rows: TOTAL_ROWS,
    putMs,
    shownMs,
    rowsPerSecond: TOTAL_ROWS / (shownMs / 1000),
    maxFrameGapMs: stats.maxFrameGapMs,
    maxMessageMs: stats.maxMessageMs,
    maxRenderMs: stats.maxRenderMs,
    maxLongTaskMs: stats.maxLongTaskMs,
    longTaskSource: stats.longTaskSource,
    frames: stats.frames,
    domRows: stats.domRows,
    idleMaxFrameGapMs: idle.maxFrameGapMs,
    idleFrames: idle.frames,
    busyMaxFrameGapMs: busy.maxFrameGapMs,
    busyFrames: busy.frames,
    viewsPosted: viewer.viewsPosted,
    rowsPosted: viewer.rowsPosted,
    received: viewer.session.received,
  };
  fs.writeFileSync(path.join(dir, 'bench-tailview.json'), JSON.stringify(measured));
  viewer.dispose();
  await vscode.commands.executeCommand('kinesis.stopLocal');
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ passed: 1, failed: 0, pending: 0, failures: [], durationMs: Date.now() - started }));
}
