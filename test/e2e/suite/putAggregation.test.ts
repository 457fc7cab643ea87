/**
 * The Aggregation step of "Kinesis: Put Records from File…", driven through the real quick input
 * (the simple file dialog, the format, partition key and aggregation picks) against kinesis-local.
 * What reaches the stream is read back with GetRecords and de-aggregated with src/core/decode/kpl.ts.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { deaggregate, isAggregated } from '../../../src/core/decode/kpl';
import type { ConnectionTarget, ReceivedRecord } from '../../../src/core/kinesis/gateway';
import type { StreamNode } from '../../../src/core/explorer/explorerModel';
import type { KinesisStudioApi } from '../../../src/extension';
import type { PutRecordsFromFileOutcome } from '../../../src/features/streams/putFromFile';
import { driverAction, screenshot, sleep, waitFor } from '../support/driver';
import { setKinesisSetting, startLocalKinesis } from '../support/extensionApi';

const RECORD_COUNT = 60;
const KEYS = 5;
const ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

interface FileRecord { readonly key: string; readonly line: string }

/** Small JSON records keyed by user.id: small enough that many share one KPL aggregate. */
function fileRecords(tag: string): FileRecord[] {
  return Array.from({ length: RECORD_COUNT }, (_, seq) => {
    const key = `user-${seq % KEYS}`;
    return { key, line: JSON.stringify({ user: { id: key }, run: tag, seq }) };
  });
}

/** The file's records grouped by partition key, each key's records in file order. */
function perKey(records: readonly { key: string; line: string }[]): Record<string, string[]> {
  const byKey: Record<string, string[]> = {};
  for (const r of records) (byKey[r.key] ??= []).push(r.line);
  return byKey;
}

async function quickInputHtml(): Promise<string> {
  return (await driverAction({ action: 'html', selector: '.quick-input-widget' })).html;
}

async function quickInputTitle(): Promise<string> {
  return (await driverAction({ action: 'text', selector: '.quick-input-widget .quick-input-title' })).text;
}

/** The visible rows of the quick pick: their accessible labels and which one has keyboard focus. */
async function quickPickRows(): Promise<{ label: string; focused: boolean }[]> {
  const { value } = await driverAction({
    action: 'evaluate',
    expression: `Array.from(document.querySelectorAll(${JSON.stringify(ROWS)})).map((row) => ({ label: row.getAttribute('aria-label') ?? '', focused: row.classList.contains('focused') }))`,
  });
  return value as { label: string; focused: boolean }[];
}

/** Texts in the quick pick's rows that CSS cuts off with an ellipsis (what the user cannot read). */
async function truncatedRowTexts(): Promise<string[]> {
  const { value } = await driverAction({
    action: 'evaluate',
    expression: `Array.from(document.querySelectorAll(${JSON.stringify(ROWS)})).flatMap((row) => Array.from(row.querySelectorAll('*')))
      .filter((el) => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? '')`,
  });
  return value as string[];
}

async function waitForTitle(pattern: RegExp, what: string): Promise<void> {
  await waitFor(async () => pattern.test(await quickInputTitle()), 15_000, what);
}

suite('Put Records from File: the Aggregation wizard step against local Kinesis', function () {
  let api: KinesisStudioApi;
  let region: string;
  let target: ConnectionTarget;
  let folder: string;

  async function readStream(stream: string): Promise<ReceivedRecord[]> {
    const records: ReceivedRecord[] = [];
    for (const shard of await api.gateway.listShards(target, stream)) {
      let iterator: string | undefined = await api.gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
      for (let i = 0; iterator && i < 10; i++) {
        const page = await api.gateway.getRecords(target, iterator, 1000);
        records.push(...page.records);
        iterator = page.records.length ? page.nextIterator : undefined;
      }
    }
    return records;
  }

  async function createStream(name: string): Promise<StreamNode> {
    const created = await vscode.commands.executeCommand('kinesis.createStream', { name, mode: 'PROVISIONED', shardCount: 2 });
    assert.ok(created, `createStream ${name} failed: ${api.errors.lastMessage}`);
    await vscode.commands.executeCommand('kinesis.refreshExplorer');
    return await waitFor(() => api.explorer.model.findStream(region, name), 10_000, `stream node ${name}`);
  }

  async function writeRecordsFile(name: string, records: readonly FileRecord[]): Promise<string> {
    const file = path.join(folder, name);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(records.map((r) => r.line).join('\n') + '\n'));
    return file;
  }

  /**
   * Starts the command from the stream's explorer node (so the stream pick is skipped) and gives the
   * file to the simple file dialog; resolves at the format step.
   */
  async function openFormatStep(streamNode: StreamNode, file: string): Promise<{ outcome: Thenable<PutRecordsFromFileOutcome | undefined> }> {
    await vscode.commands.executeCommand('notifications.clearAll');
    // Not awaited: the command waits in the quick inputs the driver answers.
    const outcome = vscode.commands.executeCommand<PutRecordsFromFileOutcome | undefined>('kinesis.putRecordsFromFile', streamNode);
    await waitForTitle(new RegExp(`Records to put into "${streamNode.stream.name}"`), 'the file dialog');
    // The dialog fills in its folder once it has listed it; typing before that would be overwritten.
    await driverAction({ action: 'waitFor', selector: ROWS, timeout: 15_000 });
    await driverAction({ action: 'fill', selector: '.quick-input-widget .quick-input-box input', value: file });
    await sleep(300);
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitForTitle(/^Record format/, 'the format step');
    await waitFor(async () => (await quickPickRows()).length === 3, 10_000, 'three format rows');
    // Wrapped: an async function would otherwise wait for the command it returns.
    return { outcome };
  }

  /**
   * {@link openFormatStep}, then Enter on the format (which must be the detected one, first and
   * focused) and the user.id field, up to the Aggregation step.
   */
  async function walkToAggregationStep(streamNode: StreamNode, file: string, detected = /^NDJSON, /): Promise<{ outcome: Thenable<PutRecordsFromFileOutcome | undefined> }> {
    const { outcome } = await openFormatStep(streamNode, file);
    const formats = await quickPickRows();
    assert.match(formats[0]?.label ?? '', detected, JSON.stringify(formats));
    assert.match(formats[0].label, /detected/, 'the sniffed format is marked');
    assert.ok(formats[0].focused, 'the sniffed format is the one Enter takes');
    await driverAction({ action: 'keyboard', key: 'Enter' });

    await waitFor(async () => /^Partition key/.test(await quickInputTitle()) && (await quickPickRows()).length === 3, 15_000, 'the partition key pick');
    const kinds = await quickPickRows();
    assert.match(kinds[0].label, /^A field of each record/, JSON.stringify(kinds));
    await driverAction({ action: 'keyboard', key: 'Enter' });

    await waitFor(async () => /Field path/.test(await quickInputHtml()), 15_000, 'the field path box');
    await driverAction({ action: 'type', text: 'user.id' });
    await sleep(300);
    await driverAction({ action: 'keyboard', key: 'Enter' });

    await waitForTitle(/^Aggregation$/, 'the Aggregation step');
    await waitFor(async () => (await quickPickRows()).length === 3, 10_000, 'three aggregation rows');
    // Wrapped: an async function would otherwise wait for the command it returns.
    return { outcome };
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await startLocalKinesis();
    region = api.connections.current.region!;
    target = api.connections.targetFor(region);
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  // A test that fails mid-wizard leaves its quick input open; closing it cancels that run.
  teardown(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  suiteTeardown(async () => {
    await setKinesisSetting('put.aggregate', undefined);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('with the setting "aligned" that row comes first and focused; choosing "on" packs the file into fewer KPL records that de-aggregate to the file', async function () {
    this.timeout(180_000);
    await setKinesisSetting('put.aggregate', 'aligned');
    const streamNode = await createStream('agg-wizard-on');
    const records = fileRecords('on');
    const file = await writeRecordsFile('aggregated-records.ndjson', records);
    const { outcome } = await walkToAggregationStep(streamNode, file);

    const rows = await quickPickRows();
    assert.deepStrictEqual(rows.map((r) => r.label.split(',')[0]), ['KPL aggregation', 'No aggregation', 'KPL aggregation'], JSON.stringify(rows));
    assert.match(rows[0].label, /aligned to 25 KB/);
    assert.match(rows[0].label, /kinesis\.put\.aggregate setting ·/, 'the setting\'s row says so');
    assert.ok(rows.slice(1).every((r) => !/kinesis\.put\.aggregate setting/.test(r.label)), 'only the setting\'s row is marked');
    assert.deepStrictEqual(rows.map((r) => r.focused), [true, false, false], 'the setting\'s row is the one Enter takes');
    assert.ok(rows.filter((r) => /^KPL/.test(r.label)).every((r) => /consumers must de-aggregate/.test(r.label)), 'both KPL rows warn about consumers');
    assert.ok(rows.every((r) => !/as above/.test(r.label)), 'no row points at another by position: the order follows the setting');
    assert.deepStrictEqual(await truncatedRowTexts(), [], 'every row can be read in full');
    const shot = await screenshot('put-from-file-aggregation-step');
    assert.ok(shot.bytes > 10_000);

    // Down twice: No aggregation, then plain KPL aggregation ("on").
    await driverAction({ action: 'keyboard', key: 'ArrowDown' });
    await driverAction({ action: 'keyboard', key: 'ArrowDown' });
    const focused = await waitFor(async () => (await quickPickRows()).find((r) => r.focused && /^KPL aggregation, packs/.test(r.label)), 5000, 'the "on" row focused');
    assert.doesNotMatch(focused.label, /aligned/);
    await driverAction({ action: 'keyboard', key: 'Enter' });

    const done = await outcome;
    assert.ok(done, `the wizard run returned nothing: ${api.errors.lastMessage}`);
    assert.strictEqual(done.recordsRead, RECORD_COUNT);
    assert.strictEqual(done.sent, RECORD_COUNT, 'every user record is reported sent');
    assert.strictEqual(done.failedCount, 0);
    assert.strictEqual(done.failedRecordsFile, undefined);

    const stored = await readStream('agg-wizard-on');
    assert.strictEqual(done.kinesisRecordsSent, stored.length, 'the reported Kinesis record count is what the stream holds');
    assert.ok(stored.length < RECORD_COUNT, `${stored.length} Kinesis records for ${RECORD_COUNT} user records: not aggregated`);
    for (const record of stored) {
      assert.deepStrictEqual([...record.data.subarray(0, 4)], [0xf3, 0x89, 0x9a, 0xc2], 'every Kinesis record starts with the KPL magic');
    }
    const userRecords = stored.flatMap((record) => {
      const result = deaggregate(record.data);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      return result.records.map((r) => ({ key: r.partitionKey, line: Buffer.from(r.data).toString('utf8') }));
    });
    assert.strictEqual(userRecords.length, RECORD_COUNT);
    assert.deepStrictEqual(perKey(userRecords), perKey(records), 'the aggregates hold exactly the file\'s records, in order per key');
  });

  test('with the setting "off" "No aggregation" comes first; Enter sends one Kinesis record per user record', async function () {
    this.timeout(180_000);
    await setKinesisSetting('put.aggregate', 'off');
    const streamNode = await createStream('agg-wizard-off');
    const records = fileRecords('off');
    const file = await writeRecordsFile('plain-records.ndjson', records);
    const { outcome } = await walkToAggregationStep(streamNode, file);

    const rows = await quickPickRows();
    assert.match(rows[0].label, /^No aggregation, .*kinesis\.put\.aggregate setting ·/, JSON.stringify(rows));
    assert.ok(rows[0].focused, 'the setting\'s row is the one Enter takes');
    assert.deepStrictEqual(await truncatedRowTexts(), [], 'every row can be read in full');
    await driverAction({ action: 'keyboard', key: 'Enter' });

    const done = await outcome;
    assert.ok(done, `the wizard run returned nothing: ${api.errors.lastMessage}`);
    assert.strictEqual(done.sent, RECORD_COUNT);
    assert.strictEqual(done.failedCount, 0);
    assert.strictEqual(done.kinesisRecordsSent, undefined, 'no aggregates are reported');

    const stored = await readStream('agg-wizard-off');
    assert.strictEqual(stored.length, RECORD_COUNT, 'one Kinesis record per user record');
    assert.ok(stored.every((r) => !isAggregated(r.data)), 'no record is a KPL aggregate');
    const userRecords = stored.map((r) => ({ key: r.partitionKey, line: Buffer.from(r.data).toString('utf8') }));
    assert.deepStrictEqual(perKey(userRecords), perKey(records), 'the stream holds exactly the file\'s records, in order per key');
  });

  test('Escape at the Aggregation step leaves without sending anything', async function () {
    this.timeout(120_000);
    const streamNode = await createStream('agg-wizard-escape');
    const file = await writeRecordsFile('escaped-records.ndjson', fileRecords('escape'));
    const { outcome } = await walkToAggregationStep(streamNode, file);
    await driverAction({ action: 'keyboard', key: 'Escape' });
    assert.strictEqual(await outcome, undefined, 'Escape returns no outcome');
    assert.deepStrictEqual(await readStream('agg-wizard-escape'), [], 'nothing reached the stream');
  });

  test('a JSON array file: the detected format comes first, Enter takes it and every record is read', async function () {
    this.timeout(120_000);
    await setKinesisSetting('put.aggregate', 'off');
    const streamNode = await createStream('agg-wizard-array');
    const records = fileRecords('array');
    const file = path.join(folder, 'array-records.json');
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(JSON.stringify(records.map((r) => JSON.parse(r.line) as unknown))));
    const { outcome } = await walkToAggregationStep(streamNode, file, /^JSON array, /);
    await driverAction({ action: 'keyboard', key: 'Enter' });
    const done = await outcome;
    assert.ok(done, `the wizard run returned nothing: ${api.errors.lastMessage}`);
    assert.strictEqual(done.recordsRead, RECORD_COUNT, 'read as a JSON array, not as one NDJSON line');
    assert.strictEqual(done.sent, RECORD_COUNT);
    const stored = await readStream('agg-wizard-array');
    assert.deepStrictEqual(perKey(stored.map((r) => ({ key: r.partitionKey, line: Buffer.from(r.data).toString('utf8') }))), perKey(records));
  });
});
