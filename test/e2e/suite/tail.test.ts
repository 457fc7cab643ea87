import * as assert from 'assert';
import { gzipSync } from 'zlib';
import * as vscode from 'vscode';
import { aggregate } from '../../../src/core/decode';
import type { ConnectionTarget, PutRecordsEntry } from '../../../src/core/kinesis/gateway';
import type { ExportedRecord } from '../../../src/core/tail/ndjson';
import type { KinesisStudioApi } from '../../../src/extension';
import type { ExplorerNode, GroupNode, StreamNode } from '../../../src/core/explorer/explorerModel';
import type { TailViewerHandle } from '../../../src/features/tail/tailViewer';
import { driverAction, screenshot, setTheme, sleep, THEMES, waitFor, webviewFrames } from '../support/driver';
import { setKinesisSetting, startLocalKinesis } from '../support/extensionApi';

const STREAM = 'tail-e2e';
const frames = webviewFrames;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

async function webviewText(selector: string): Promise<string> {
  return (await driverAction({ action: 'text', selector, frames })).text;
}

async function webviewCount(selector: string): Promise<number> {
  return (await driverAction({ action: 'count', selector, frames })).count;
}

async function click(selector: string): Promise<void> {
  await driverAction({ action: 'click', selector, frames });
}

/** The number in a counter of the status strip ("1,011" → 1011). */
async function counter(id: 'shown-count' | 'received-count' | 'selected-count'): Promise<number> {
  return Number((await webviewText(`#${id}`)).replace(/,/g, ''));
}

async function waitForCounter(id: 'shown-count' | 'received-count' | 'selected-count', expected: number, ms = 30_000): Promise<void> {
  let last = -1;
  try {
    await waitFor(async () => (last = await counter(id)) === expected, ms, `${id} = ${expected}`);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; it showed ${last}`);
  }
}

suite('Tail viewer against local Kinesis', function () {
  let api: KinesisStudioApi;
  let target: ConnectionTarget;
  let viewer: TailViewerHandle;
  let folder: vscode.Uri;

  async function put(entries: PutRecordsEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 500) {
      const result = await api.gateway.putRecords(target, STREAM, entries.slice(i, i + 500));
      assert.strictEqual(result.failedCount, 0);
    }
  }

  async function openViewer(args: Record<string, unknown>): Promise<TailViewerHandle> {
    const handle = await vscode.commands.executeCommand<TailViewerHandle>('kinesis.tailStream', args);
    assert.ok(handle, `kinesis.tailStream returned nothing: ${api.errors.lastMessage}`);
    await waitFor(() => handle.ready, 30_000, 'the viewer page is ready');
    await driverAction({ action: 'waitFor', selector: '#shown-count', frames, timeout: 20_000 });
    return handle;
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await startLocalKinesis();
    folder = vscode.workspace.workspaceFolders![0].uri;
    target = api.connections.targetFor(api.connections.current.region!);
    await vscode.commands.executeCommand('kinesis.createStream', { name: STREAM, mode: 'PROVISIONED', shardCount: 2 });
    assert.strictEqual((await api.gateway.describeStream(target, STREAM)).openShardCount, 2);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setKinesisSetting('readOnly', undefined);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('bad arguments are refused before any call, with the rule', async () => {
    api.errors.lastMessage = undefined;
    const refused = await vscode.commands.executeCommand('kinesis.tailStream', { stream: STREAM, start: { type: 'AT_TIMESTAMP', timestamp: 'yesterday' } });
    assert.strictEqual(refused, undefined);
    assert.match(api.errors.lastMessage ?? '', /ISO 8601/);
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.tailStream', { stream: STREAM, start: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '12x', shardId: 'shardId-000000000000' } });
    assert.match(api.errors.lastMessage ?? '', /sequence number/i);
  });

  test('shows JSON, text, gzip and KPL records put by the test', async function () {
    this.timeout(90_000);
    viewer = await openViewer({ stream: STREAM, start: 'TRIM_HORIZON' });
    assert.strictEqual(viewer.webviewPanel.title, `Tail: ${STREAM}`);
    await put([
      { partitionKey: 'json-key', data: utf8(JSON.stringify({ device: { id: 'd1' }, cpu: 80 })) },
      { partitionKey: 'text-key', data: utf8('hello tail') },
      { partitionKey: 'gzip-key', data: gzipSync(utf8(JSON.stringify({ device: { id: 'd1' }, cpu: 5, zipped: true }))) },
      {
        partitionKey: 'kpl-outer',
        data: aggregate([0, 1, 2].map((i) => ({ partitionKey: `kpl-u${i}`, data: utf8(JSON.stringify({ user: i })) }))),
      },
    ]);
    await waitForCounter('shown-count', 6);
    // The page got the host's l10n bundle (empty for English) and builds its status strip from one translated sentence.
    assert.strictEqual(await webviewCount('body[data-l10n][data-lang]'), 1, 'the host passes the l10n bundle and language to the page');
    assert.match(await webviewText('#counts'), /^\S.* · 6 shown · \d[\d,]* received · \d+ dropped · \d+ selected$/);
    const table = await webviewText('#viewport');
    for (const expected of ['json-key', 'text-key', 'gzip-key', 'kpl-u0', 'kpl-u1', 'kpl-u2', 'hello tail', '{"device":{"id":"d1"},"cpu":80}', '"zipped":true']) {
      assert.ok(table.includes(expected), `the table shows ${expected}: ${table}`);
    }
    assert.ok(!table.includes('kpl-outer'), 'a KPL record is shown as its user records');
    assert.strictEqual(await webviewCount('#viewport .row:has-text("kpl-u1") .tag:text-is("KPL")'), 1, 'KPL user records are marked');
    assert.strictEqual(await webviewCount('#viewport .row:has-text("gzip-key") .tag:text-is("gzip")'), 1, 'gzip records are marked');
    const status = viewer.session.status();
    assert.strictEqual(status.kinesisRecords, 4);
    assert.deepStrictEqual(status.shards.map((s) => s.shardId).sort(), ['shardId-000000000000', 'shardId-000000000001']);
    assert.strictEqual(await webviewCount('#shards .shard'), 2, 'one counter per shard');
    assert.match(await webviewText('#shards'), /lag/);
  });

  test('the detail pane shows every decoded view of the selected record', async () => {
    await click('#viewport .row:has-text("gzip-key")');
    await waitFor(async () => (await webviewText('#detail-facts')).includes('gzip-key'), 10_000, 'detail of gzip-key');
    assert.match(await webviewText('#detail-text'), /"zipped": true/);
    await click('#tab-hex');
    assert.match(await webviewText('#detail-text'), /^1f 8b/);
    await click('#viewport .row:has-text("kpl-u1")');
    await waitFor(async () => (await webviewText('#detail-facts')).includes('kpl-u1'), 10_000, 'detail of kpl-u1');
    await click('#tab-kpl');
    const kpl = await webviewText('#detail-text');
    assert.match(kpl, /#0 {2}kpl-u0/);
    assert.match(kpl, /▶ #1 {2}kpl-u1/);
  });

  test('the filter narrows rows by text, regex and JSON path, and explains an invalid one', async () => {
    /** Types a filter and waits until the host applied it, then for the rows it leaves. */
    async function filter(mode: 'text' | 'regex' | 'jsonPath', text: string, expectedRows: number): Promise<void> {
      await click(`#mode-${mode}`);
      await driverAction({ action: 'fill', selector: '#filter', value: text, frames });
      await waitFor(() => viewer.session.filter.mode === mode && viewer.session.filter.text === text, 10_000, `filter ${mode} ${text} applied`);
      await waitForCounter('shown-count', expectedRows);
    }
    await filter('text', 'HELLO', 1);
    assert.match(await webviewText('#viewport'), /text-key/);

    await filter('regex', '/^kpl-u[12]$/m', 2);
    assert.match(await webviewText('#viewport'), /kpl-u1[\s\S]*kpl-u2/);

    await filter('jsonPath', '$.device.id == "d1"', 2);
    const shown = await webviewText('#viewport');
    assert.ok(shown.includes('json-key') && shown.includes('gzip-key') && !shown.includes('text-key'), shown);

    await driverAction({ action: 'fill', selector: '#filter', value: '$.cpu >', frames });
    await waitFor(async () => /Invalid JSON path/.test(await webviewText('#filter-error')), 10_000, 'the filter error');
    assert.strictEqual(await counter('shown-count'), 2, 'the previous filter stays in force');
    assert.deepStrictEqual(viewer.session.filter, { mode: 'jsonPath', text: '$.device.id == "d1"' });

    await filter('text', '', 6);
    assert.strictEqual(await webviewText('#filter-error'), '');
  });

  test('pause stops reading; resume shows what was put meanwhile', async function () {
    this.timeout(60_000);
    await click('#pause');
    await waitFor(() => viewer.session.paused, 5_000, 'the session paused');
    await waitFor(async () => (await webviewText('#state')) === 'Paused', 5_000, 'the viewer says Paused');
    assert.strictEqual(await webviewText('#pause'), 'Resume');
    await sleep(1_500); // a GetRecords call in flight when pausing may still land
    const before = viewer.session.received;
    await put(Array.from({ length: 5 }, (_, i) => ({ partitionKey: `paused-${i}`, data: utf8(`while paused ${i}`) })));
    await sleep(3_000);
    assert.strictEqual(viewer.session.received, before, 'no record is read while paused');
    assert.strictEqual(await counter('received-count'), before);
    await click('#pause');
    await waitForCounter('received-count', before + 5);
    await waitForCounter('shown-count', 11);
    assert.match(await webviewText('#viewport'), /paused-4/);
  });

  test('export writes the selection as NDJSON', async function () {
    this.timeout(60_000);
    await click('#viewport .row:has-text("text-key")');
    await waitForCounter('selected-count', 1);
    const exported = vscode.Uri.joinPath(folder, 'tail-one.ndjson');
    viewer.setExportTarget(exported);
    const done = new Promise<{ rows: number }>((resolve) => viewer.onDidExport((e) => resolve(e)));
    await click('#export');
    assert.strictEqual((await done).rows, 1);
    const line = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(exported)).toString('utf8').trim()) as ExportedRecord;
    assert.deepStrictEqual({ ...line, sequenceNumber: undefined, approximateArrivalTimestamp: undefined, shardId: undefined }, {
      partitionKey: 'text-key', dataEncoding: 'text', data: 'hello tail', sequenceNumber: undefined, approximateArrivalTimestamp: undefined, shardId: undefined,
    });
    assert.match(line.shardId, /^shardId-/);
    assert.match(line.approximateArrivalTimestamp ?? '', /^\d{4}-\d\d-\d\dT/);

    // Ctrl+A selects every shown row; the export has one line per row, KPL ones with their index.
    await driverAction({ action: 'press', selector: '#grid', key: 'Control+a', frames });
    await waitForCounter('selected-count', 11);
    await waitFor(() => viewer.selection.length === 11, 5_000, 'the host knows the selection');
    const all = vscode.Uri.joinPath(folder, 'tail-all.ndjson');
    await viewer.exportRows(viewer.selection, all);
    const lines = Buffer.from(await vscode.workspace.fs.readFile(all)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as ExportedRecord);
    assert.strictEqual(lines.length, 11);
    const byKey = new Map(lines.map((l) => [l.partitionKey, l]));
    assert.deepStrictEqual(byKey.get('json-key')?.data, { device: { id: 'd1' }, cpu: 80 });
    assert.strictEqual(byKey.get('gzip-key')?.gzip, true);
    assert.deepStrictEqual(byKey.get('gzip-key')?.data, { device: { id: 'd1' }, cpu: 5, zipped: true });
    assert.deepStrictEqual([0, 1, 2].map((i) => byKey.get(`kpl-u${i}`)?.subSequenceNumber), [0, 1, 2]);

    // Arrow keys move the selection.
    await click('#viewport .row:has-text("json-key")');
    await driverAction({ action: 'press', selector: '#grid', key: 'Shift+ArrowDown', frames });
    await waitForCounter('selected-count', 2);
  });

  test('copy record puts the record on the clipboard', async () => {
    await vscode.env.clipboard.writeText('');
    await click('#viewport .row:has-text("json-key")');
    await click('#copy');
    const copied = await waitFor(async () => {
      const text = await vscode.env.clipboard.readText();
      return text.includes('json-key') ? text : undefined;
    }, 10_000, 'the record on the clipboard');
    const record = JSON.parse(copied) as ExportedRecord;
    assert.strictEqual(record.partitionKey, 'json-key');
    assert.deepStrictEqual(record.data, { device: { id: 'd1' }, cpu: 80 });
  });

  test('1,000 more records: virtualised table, frame gaps reported, screenshots', async function () {
    this.timeout(180_000);
    // End jumps to the newest row: the table follows new rows again (selecting an older row stopped that).
    await driverAction({ action: 'press', selector: '#grid', key: 'End', frames });
    viewer.resetFrameStats();
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      partitionKey: `device-${String(i % 37).padStart(3, '0')}`,
      data: utf8(JSON.stringify({ seq: i, device: { id: `d${i % 37}` }, cpu: (i * 7) % 100, site: ['dub', 'fra', 'iad'][i % 3] })),
    }));
    await put(entries);
    await waitForCounter('shown-count', 1011, 90_000);
    assert.strictEqual(viewer.session.received, 1011);
    const domRows = await webviewCount('#viewport .row');
    assert.ok(domRows < 120, `only the rows in view are in the DOM (${domRows} of 1011)`);
    await waitFor(() => viewer.frameStats && viewer.frameStats.frames > 0, 10_000, 'a frame-gap report');
    console.log(`frame stats after 1,000 records: ${JSON.stringify(viewer.frameStats)}`);
    // Auto-scroll keeps the newest row in view.
    const newest = viewer.session.matchingRows().at(-1)!;
    const newestSeq = (JSON.parse(Buffer.from(newest.data).toString()) as { seq: number }).seq;
    assert.match(await webviewText('#viewport'), new RegExp(`"seq":${newestSeq},`));

    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await click(`#viewport .row:has-text('"seq":${newestSeq},')`);
    await setTheme(THEMES.dark, 1500);
    const dark = await screenshot('tail-viewer-1000-dark');
    await setTheme(THEMES.light, 1500);
    const light = await screenshot('tail-viewer-1000-light');
    assert.ok((dark.meanLuma ?? 0) < (light.meanLuma ?? 0), 'the viewer follows the theme');
    await setTheme(THEMES.dark, 500);
  });

  test('a brush on the histogram limits the table to that time range; Clear range shows every row again', async function () {
    this.timeout(60_000);
    const total = await counter('shown-count');
    assert.ok(await webviewCount('#histogram .bar') > 1, 'the histogram has bars');
    // The first bin holds the first records put; the 1,000 arrived seconds later, in later bins.
    const firstBin = viewer.view.histogram().counts[0];
    assert.ok(firstBin > 0 && firstBin < total, `bin 0 holds some of the rows (${firstBin} of ${total})`);
    await click('#histogram .bar[data-bin="0"]');
    try {
      await waitForCounter('shown-count', firstBin);
      assert.ok(viewer.view.range, 'the host has the range');
      assert.match(await webviewText('#histogram-summary'), new RegExp(`range .*: ${firstBin} shown`));
      assert.strictEqual(await webviewCount('#histogram .bar.in-range'), 1, 'the brushed bar is marked');
    } finally {
      // The later tests need every row: clear the range even when an assertion failed.
      await click('#clear-range');
    }
    await waitForCounter('shown-count', total);
    assert.strictEqual(viewer.view.range, undefined);
  });

  test('shard chips hide and show a shard\'s rows', async function () {
    this.timeout(30_000);
    const total = await counter('shown-count');
    const shard1 = viewer.session.matchingRows().filter((r) => r.shardId === 'shardId-000000000001').length;
    await click('#shards .shard[data-shard="shardId-000000000001"]');
    await waitForCounter('shown-count', total - shard1);
    assert.strictEqual(await webviewCount('#shards .shard[aria-pressed="false"]'), 1, 'the chip says its shard is hidden');
    assert.ok(!(await webviewText('#viewport')).includes('#1 '), 'no row of shard 1 is shown');
    await click('#shards .shard[data-shard="shardId-000000000001"]');
    await waitForCounter('shown-count', total);
  });

  test('a column toggle hides and shows a column', async function () {
    this.timeout(30_000);
    assert.match(await webviewText('#grid .thead'), /Sequence/);
    await click('#columns summary');
    await click('#column-sequence');
    await waitFor(async () => !(await webviewText('#grid .thead')).includes('Sequence'), 5_000, 'the Sequence header hidden');
    const newest = viewer.session.matchingRows().at(-1)!;
    const shortSequence = newest.sequenceNumber.slice(-20);
    assert.ok(!(await webviewText('#viewport')).includes(shortSequence), 'the rows lost their sequence cells');
    assert.match(await webviewText('#grid .thead'), /Partition key[\s\S]*Size/, 'the other columns stay');
    await click('#column-sequence');
    await waitFor(async () => (await webviewText('#grid .thead')).includes('Sequence'), 5_000, 'the Sequence header back');
    assert.ok((await webviewText('#viewport')).includes(shortSequence), 'the sequence cells are back');
    await click('#columns summary');
  });

  test('Open as JSON opens the shown rows, or the selected ones, as a valid JSON document', async function () {
    this.timeout(60_000);
    const shown = await counter('shown-count');
    await driverAction({ action: 'press', selector: '#grid', key: 'Escape', frames });
    await waitForCounter('selected-count', 0);
    assert.match(await webviewText('#open-json'), new RegExp(`Open ${shown.toLocaleString('en-US')} shown as JSON`));
    await click('#open-json');
    const all = await waitFor(() => viewer.lastJsonDocument, 15_000, 'the JSON document');
    assert.strictEqual(all.languageId, 'json');
    assert.ok(all.isUntitled, 'an untitled document: nothing is written to disk');
    const records = JSON.parse(all.getText()) as ExportedRecord[];
    assert.strictEqual(records.length, shown);
    assert.deepStrictEqual(records.find((r) => r.partitionKey === 'json-key')?.data, { device: { id: 'd1' }, cpu: 80 });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // The two oldest rows, chosen with the keyboard (the table shows the newest 1,000 below them).
    await driverAction({ action: 'press', selector: '#grid', key: 'Home', frames });
    await driverAction({ action: 'press', selector: '#grid', key: 'Shift+ArrowDown', frames });
    await waitForCounter('selected-count', 2);
    await click('#open-json');
    const two = await waitFor(() => (viewer.lastJsonDocument !== all ? viewer.lastJsonDocument : undefined), 15_000, 'the second JSON document');
    const selected = JSON.parse(two.getText()) as ExportedRecord[];
    const oldest = viewer.view.window(viewer.view.firstOrdinal, 2).rows;
    assert.deepStrictEqual(selected.map((r) => [r.partitionKey, r.sequenceNumber]), oldest.map((r) => [r.partitionKey, r.sequenceNumber]));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Put record… from the viewer: refused in read-only mode, else prefilled, and the new record is highlighted', async function () {
    this.timeout(90_000);
    // The filter leaves json-key's row, and will let the new record (same key) through.
    await driverAction({ action: 'fill', selector: '#filter', value: 'json-key', frames });
    await waitForCounter('shown-count', 1);
    await click('#viewport .row:has-text("json-key")');
    await waitFor(() => viewer.focusedId !== undefined && viewer.session.row(viewer.focusedId)?.partitionKey === 'json-key', 5_000, 'the host knows the focused row');

    await setKinesisSetting('readOnly', true);
    try {
      await click('#put-record');
      await waitFor(async () => /read-only/.test(await webviewText('#notice')), 10_000, 'the read-only refusal in the page');
      assert.strictEqual(await driverAction({ action: 'count', selector: '.quick-input-widget:visible' }).then((r) => r.count), 0, 'no input box opened');
    } finally {
      await setKinesisSetting('readOnly', false);
    }

    const before = viewer.session.received;
    const putting = viewer.putRecord();
    await driverAction({ action: 'waitFor', selector: '.quick-input-widget input', timeout: 15_000 });
    assert.strictEqual((await driverAction({ action: 'value', selector: '.quick-input-widget input' })).value, 'json-key', 'the key is the focused record\'s');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /encoded/.test((await driverAction({ action: 'html', selector: '.quick-input-widget' })).html), 10_000, 'the encoding step');
    assert.match(await driverAction({ action: 'text', selector: '.quick-input-list .monaco-list-row.focused' }).then((r) => r.text), /^json/, 'JSON is the encoding of the focused record');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /Data \(json\)/.test((await driverAction({ action: 'html', selector: '.quick-input-widget' })).html), 10_000, 'the data step');
    await driverAction({ action: 'type', text: '{"from":"viewer","n":1}' });
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitFor(async () => /Explicit hash key/.test((await driverAction({ action: 'html', selector: '.quick-input-widget' })).html), 10_000, 'the hash key step');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    const outcome = await putting;
    assert.ok(outcome, `the put returned nothing: ${api.errors.lastMessage}`);
    await waitFor(() => viewer.session.received > before, 30_000, 'the new record read');
    const highlighted = await waitFor(() => viewer.highlightedId, 10_000, 'the host found the new record');
    assert.strictEqual(viewer.session.row(highlighted)?.sequenceNumber, outcome.sequenceNumber);
    await waitFor(async () => (await webviewCount('#viewport .row.highlight')) === 1, 10_000, 'one row highlighted');
    assert.match(await webviewText('#viewport .row.highlight'), /json-key[\s\S]*"from":"viewer"/);
    assert.strictEqual(await counter('shown-count'), 2);
    await driverAction({ action: 'fill', selector: '#filter', value: '', frames });
    await waitFor(() => viewer.session.filter.text === '', 10_000, 'the filter cleared');
  });

  test('the viewer works with the keyboard alone: tab order, histogram brush, shard chips, table', async function () {
    this.timeout(60_000);
    const total = await counter('shown-count');
    const focused = (selector: string) => webviewCount(`${selector}:focus`);
    // Tab order: the toolbar, then the histogram, then the shard chips, the columns menu and the table.
    await driverAction({ action: 'press', selector: '#put-record', key: 'Tab', frames });
    assert.strictEqual(await focused('#histogram'), 1, 'the histogram follows the toolbar');
    for (const key of ['Home', 'Shift+ArrowRight']) await driverAction({ action: 'keyboard', key });
    await waitFor(async () => (await counter('shown-count')) < total, 10_000, 'the keyboard brush narrowed the rows');
    assert.strictEqual(await counter('shown-count'), viewer.view.total);
    await driverAction({ action: 'keyboard', key: 'Tab' });
    assert.strictEqual(await focused('#clear-range'), 1, 'Clear range is next while a range is set');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitForCounter('shown-count', total);
    // Clear range hides itself; focus goes on from the histogram.
    await driverAction({ action: 'press', selector: '#histogram', key: 'Tab', frames });
    assert.strictEqual(await focused('#shards .shard[data-shard="shardId-000000000000"]'), 1, 'then the first shard chip');
    await driverAction({ action: 'keyboard', key: 'Space' });
    await waitFor(async () => (await counter('shown-count')) < total, 10_000, 'Space hid shard 0');
    assert.strictEqual(await focused('#shards .shard[data-shard="shardId-000000000000"]'), 1, 'the chip keeps the focus');
    await driverAction({ action: 'keyboard', key: 'Enter' });
    await waitForCounter('shown-count', total);
    for (const key of ['Tab', 'Tab']) await driverAction({ action: 'keyboard', key });
    assert.strictEqual(await focused('#columns summary'), 1, 'then the columns menu');
    await driverAction({ action: 'keyboard', key: 'Tab' });
    assert.strictEqual(await focused('#grid'), 1, 'then the table');
    await driverAction({ action: 'keyboard', key: 'Home' });
    await waitForCounter('selected-count', 1);
    await driverAction({ action: 'keyboard', key: 'Shift+ArrowDown' });
    await waitForCounter('selected-count', 2);
    await waitFor(async () => (await webviewText('#detail-facts')).includes('Partition key'), 10_000, 'the focused row\'s detail');
    assert.strictEqual(await webviewCount('#grid[aria-activedescendant^="row-"]'), 1, 'the grid names its active row');
    for (const selector of ['#histogram[aria-label][aria-describedby="histogram-summary"]', '#filter[aria-label]', '#shards[aria-label]', '#grid[aria-label]', '#mode-regex[aria-label]']) {
      assert.strictEqual(await webviewCount(selector), 1, `${selector} is labelled`);
    }
  });

  test('screenshots in light, dark and high-contrast themes', async function () {
    this.timeout(60_000);
    // The first bar holds the first records put: brushed, the table shows them, one selected.
    await click('#histogram .bar[data-bin="0"]');
    await waitFor(async () => (await counter('shown-count')) < 20, 10_000, 'the brushed rows');
    await click('#viewport .row:has-text("json-key")');
    const shots: Record<string, number> = {};
    for (const [name, theme] of [['dark', THEMES.dark], ['light', THEMES.light], ['hc', 'Default High Contrast']] as const) {
      await setTheme(theme, 1500);
      shots[name] = (await screenshot(`tail-viewer-v2-${name}`)).meanLuma ?? 0;
    }
    assert.ok(shots.dark < shots.light && shots.hc < shots.light, `the viewer follows the theme: ${JSON.stringify(shots)}`);
    await setTheme(THEMES.dark, 500);
    await click('#clear-range');
  });

  test('closing the viewer stops the tail', async () => {
    // Every message the page sent (test hooks included: the suite runs in test mode) carried this
    // viewer's source and the protocol's shape.
    assert.strictEqual(viewer.rejectedMessages, 0, 'the page sent nothing the host refused');
    viewer.webviewPanel.dispose();
    await waitFor(() => viewer.session.state === 'stopped', 10_000, 'the tail stopped');
    assert.ok(viewer.disposed);
  });

  test('from the explorer: the wizard asks where to start, then reads the chosen shard node', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('kinesis.refreshExplorer');
    const region = api.connections.current.region!;
    const streamNode = await waitFor(() => api.explorer.model.findStream(region, STREAM), 10_000, 'stream node') as StreamNode;
    const [shardGroup] = (await api.explorer.provider.getChildren(streamNode)) as GroupNode[];
    const shardNode = ((await api.explorer.provider.getChildren(shardGroup)) as ExplorerNode[])
      .find((n) => n.kind === 'shard' && n.shard.shardId === 'shardId-000000000000');
    assert.ok(shardNode, 'the explorer lists shard 0');
    // Hash key 0 is in shard 0 of two: the record is there whatever ran before.
    await put([{ partitionKey: 'wizard-key', explicitHashKey: '0', data: utf8('from the wizard test') }]);
    // Not awaited: the command waits in the quick pick until the page answers it.
    const opened = vscode.commands.executeCommand<TailViewerHandle | undefined>('kinesis.tailStream', shardNode);
    await driverAction({ action: 'waitFor', selector: '.quick-input-widget .quick-input-list .monaco-list-row', timeout: 15_000 });
    const widget = (await driverAction({ action: 'html', selector: '.quick-input-widget' })).html;
    assert.match(widget, /Where to start reading shardId-000000000000/, 'the start-position pick names the shard node');
    assert.strictEqual((await driverAction({ action: 'count', selector: '.quick-input-widget .quick-input-list .monaco-list-row' })).count, 4, 'four start positions');
    await driverAction({ action: 'type', text: 'TRIM_HORIZON' });
    await driverAction({ action: 'keyboard', key: 'Enter' });
    const handle = await opened;
    assert.ok(handle, `the wizard opened no viewer: ${api.errors.lastMessage}`);
    await waitFor(() => handle.session.matchingRows().some((r) => r.partitionKey === 'wizard-key'), 30_000, 'the record put into shard 0');
    assert.deepStrictEqual(handle.session.status().shards.map((s) => s.shardId), ['shardId-000000000000'], 'only the chosen shard is read');
    assert.ok(handle.session.matchingRows().every((r) => r.shardId === 'shardId-000000000000'));
    handle.dispose();
  });

  test('reading works in read-only mode, with chosen shards', async function () {
    this.timeout(60_000);
    await setKinesisSetting('readOnly', true);
    try {
      const handle = await openViewer({ stream: STREAM, start: 'TRIM_HORIZON', shardIds: ['shardId-000000000001'] });
      await waitFor(() => handle.session.status().shards.some((s) => s.state === 'reading'), 20_000, 'the shard is read');
      assert.deepStrictEqual(handle.session.status().shards.map((s) => s.shardId), ['shardId-000000000001']);
      await waitFor(() => handle.session.received > 0, 20_000, 'records of shard 1');
      assert.ok(handle.session.matchingRows().every((r) => r.shardId === 'shardId-000000000001'));
      handle.dispose();
    } finally {
      await setKinesisSetting('readOnly', false);
    }
  });

  test('markup in keys and data is shown as text, never run', async function () {
    this.timeout(60_000);
    const handle = await openViewer({ stream: STREAM, start: 'LATEST' });
    // A shard reports its lag after its first GetRecords: from then on, a new record is read.
    await waitFor(() => { const shards = handle.session.status().shards; return shards.length === 2 && shards.every((s) => s.millisBehindLatest !== undefined); }, 20_000, 'both shards read from LATEST');
    const key = '<b id="xss-key">k</b>';
    const markup = '<img id="xss-img" src="x" onerror="document.body.dataset.pwned = 1">';
    await put([{ partitionKey: key, data: utf8(markup) }]);
    await waitFor(async () => (await webviewText('#viewport')).includes(markup), 20_000, 'the markup record shown as text');
    assert.ok((await webviewText('#viewport')).includes(key), 'the key is shown literally');
    assert.strictEqual(await webviewCount('#xss-img'), 0, 'no element was created from the data');
    assert.strictEqual(await webviewCount('#xss-key'), 0, 'no element was created from the key');
    assert.strictEqual(await webviewCount('body[data-pwned]'), 0, 'no handler ran');
    handle.dispose();
  });
});
