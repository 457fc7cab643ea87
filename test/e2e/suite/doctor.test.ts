import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExplorerNode, GroupNode, StreamNode } from '../../../src/core/explorer/explorerModel';
import type { ConnectionTarget, PutRecordsEntry } from '../../../src/core/kinesis/gateway';
import type { KinesisStudioApi } from '../../../src/extension';
import type { DoctorReportHandle } from '../../../src/features/doctor/reportPanel';
import { driverAction, screenshot, setTheme, sleep, THEMES, waitFor, webviewFrames } from '../support/driver';
import { setKinesisSetting, startLocalKinesis } from '../support/extensionApi';

const STREAM = 'doctor-e2e-hot';
const HOT_KEY = 'tenant-42';
const frames = webviewFrames;

async function pageText(selector: string): Promise<string> {
  return (await driverAction({ action: 'text', selector, frames })).text;
}

async function pageCount(selector: string): Promise<number> {
  return (await driverAction({ action: 'count', selector, frames })).count;
}

suite('Stream Doctor report against local Kinesis', function () {
  let api: KinesisStudioApi;
  let target: ConnectionTarget;
  let hotShard: string;
  let report: DoctorReportHandle;

  /** The hot key's shard as the explorer lists it. */
  async function hotShardNode(): Promise<ExplorerNode> {
    const streamNode = await api.explorer.model.findStream(api.connections.current.region!, STREAM) as StreamNode;
    const groups = await api.explorer.model.children(streamNode);
    const shardsGroup = groups.find((g): g is GroupNode => g.kind === 'group' && g.group === 'shards')!;
    return (await api.explorer.model.children(shardsGroup)).find((n: ExplorerNode) => n.kind === 'shard' && n.shard.shardId === hotShard)!;
  }

  /** The Kinesis explorer with the hot key's shard shown, beside the report (for the screenshots). */
  async function showExplorerBesideReport(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.view.extension.kinesis');
    await api.explorer.treeView.reveal(await hotShardNode(), { select: false, focus: false, expand: true });
    await sleep(800);
  }

  suiteSetup(async function () {
    this.timeout(180_000);
    api = await startLocalKinesis();
    target = api.connections.targetFor(api.connections.current.region!);
    await vscode.commands.executeCommand('kinesis.createStream', { name: STREAM, mode: 'PROVISIONED', shardCount: 4 });
    // One key carries two thirds of the records: Kinesis puts all of them on one shard.
    const data = Buffer.from('{"amount":12.5}', 'utf8');
    const entries: PutRecordsEntry[] = [];
    for (let i = 0; i < 900; i++) entries.push({ partitionKey: i % 3 === 0 ? `user-${i}` : HOT_KEY, data });
    const shards = new Set<string>();
    // Six batches a second apart, so the load chart has a window to show.
    for (let i = 0; i < entries.length; i += 150) {
      const result = await api.gateway.putRecords(target, STREAM, entries.slice(i, i + 150));
      assert.strictEqual(result.failedCount, 0);
      result.entries.forEach((e, j) => { if (e.ok && entries[i + j].partitionKey === HOT_KEY) shards.add(e.shardId); });
      await sleep(1000);
    }
    assert.strictEqual(shards.size, 1);
    hotShard = [...shards][0];
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setKinesisSetting('readOnly', undefined);
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('bad arguments are refused before sampling, with the rule', async () => {
    api.errors.lastMessage = undefined;
    const refused = await vscode.commands.executeCommand('kinesis.diagnoseStream', { stream: STREAM, from: 'yesterday' });
    assert.strictEqual(refused, undefined);
    assert.match(api.errors.lastMessage ?? '', /ISO 8601/);
    api.errors.lastMessage = undefined;
    await vscode.commands.executeCommand('kinesis.diagnoseStream', { stream: STREAM, duration: 'forever' });
    assert.match(api.errors.lastMessage ?? '', /duration must be/);
  });

  test('the report of a hot-key stream names the key and its shard and proposes salting', async function () {
    this.timeout(120_000);
    const opened = await vscode.commands.executeCommand<DoctorReportHandle>('kinesis.diagnoseStream', { stream: STREAM, from: 'TRIM_HORIZON' });
    assert.ok(opened, `kinesis.diagnoseStream returned nothing: ${api.errors.lastMessage}`);
    report = opened;
    await waitFor(() => report.ready, 30_000, 'the report page is ready');
    await driverAction({ action: 'waitFor', selector: '#app[aria-busy="false"] #findings', frames, timeout: 20_000 });
    assert.strictEqual(report.report.sampledRecords, 900);
    assert.match(await pageText('#sample-summary'), /900 record\(s\)/);

    const hot = '.finding[data-code="hot-key"]';
    assert.strictEqual(await pageCount(hot), 1, 'one hot-key finding');
    const card = await pageText(hot);
    assert.match(card, new RegExp(`key "${HOT_KEY}"`));
    assert.match(card, new RegExp(hotShard));
    // Evidence: the top keys table leads with the hot key, on its shard; the chart has its text summary.
    assert.match(await pageText(`${hot} table.top-keys tbody tr:first-child`), new RegExp(`${HOT_KEY}[\\s\\S]*${hotShard}`));
    // Severity order: no warning or info finding is shown before an error.
    const severities = (await pageText('#findings')).length > 0
      ? report.report.findings.map((f) => f.severity) : [];
    const rank = { error: 0, warning: 1, info: 2 } as const;
    assert.ok(severities.every((s, i) => i === 0 || rank[severities[i - 1]] <= rank[s]), severities.join(','));
    assert.match(await pageText(`${hot} .chart-summary`), new RegExp(`${hotShard}: mean \\d+ records/s`));
    await showExplorerBesideReport();
    await screenshot('doctor-report');
    // The fix previews first: salting with its snippet and the ordering trade-off, and a copy button.
    await driverAction({ action: 'click', selector: `${hot} .fix-button`, frames });
    await waitFor(async () => /random/.test(await pageText(`${hot} .fix-preview`)), 10_000, 'the salting preview');
    const preview = await pageText(`${hot} .fix-preview`);
    assert.match(preview, new RegExp(`"${HOT_KEY}#" \\+ random`));
    assert.match(preview, /Trade-off: .*order/i);
    assert.strictEqual(await pageCount(`${hot} .fix-body .copy`), 1, 'salting is guidance to copy');
    assert.strictEqual(await pageCount(`${hot} .fix-body .apply`), 0, 'salting is not applied from the report');
    assert.strictEqual((await driverAction({ action: 'count', selector: `${hot} .fix-button[aria-expanded="true"]`, frames })).count, 1);
  });

  test('the report follows the theme, and the screenshot shows it', async function () {
    this.timeout(60_000);
    await setTheme(THEMES.dark);
    await sleep(800);
    await screenshot('doctor-report-dark');
    await setTheme(THEMES.light);
    await sleep(800);
    await screenshot('doctor-report-light');
    await setTheme(THEMES.dark);
  });

  test('a fix that changes the stream is refused in read-only mode, with the reason in the page', async function () {
    this.timeout(60_000);
    const index = report.report.findings.findIndex((f) => f.fix && ['splitShard', 'mergeShards', 'setShardMetrics'].includes(f.fix.kind));
    assert.ok(index >= 0, `a finding with an applicable fix: ${report.report.findings.map((f) => `${f.code}:${f.fix?.kind}`).join(', ')}`);
    await setKinesisSetting('readOnly', true);
    try {
      await driverAction({ action: 'click', selector: `#finding-${index} .fix-button`, frames });
      const outcome = report.nextFixOutcome();
      await driverAction({ action: 'click', selector: `#finding-${index} .fix-body .apply`, frames });
      assert.strictEqual((await outcome).status, 'refused');
      await waitFor(async () => /read-only/.test(await pageText(`#fix-outcome-${index}`)), 10_000, 'the read-only refusal in the page');
      assert.match(await pageText('#notice'), /kinesis\.readOnly/);
      assert.strictEqual(await driverAction({ action: 'count', selector: '.monaco-dialog-box' }).then((r) => r.count), 0, 'no confirmation was asked');
    } finally {
      await setKinesisSetting('readOnly', false);
    }
  });

  test('with changes allowed, the shard-metrics fix asks first, then enables the metrics through Enhanced Monitoring', async function () {
    this.timeout(60_000);
    const index = report.report.findings.findIndex((f) => f.fix?.kind === 'setShardMetrics');
    assert.ok(index >= 0, `a shard-metrics finding: ${report.report.findings.map((f) => f.code).join(', ')}`);
    const fix = report.report.findings[index].fix;
    assert.ok(fix?.kind === 'setShardMetrics' && fix.enable.length > 0);
    assert.match(await pageText(`#finding-${index} .fix-preview`), /about \$[\d.]+ a month/);
    if (await pageCount(`#finding-${index} .fix-button[aria-expanded="false"]`)) await driverAction({ action: 'click', selector: `#finding-${index} .fix-button`, frames });
    // The button asks with a modal first. Extension tests refuse modal dialogs, which proves the
    // question was asked (it is in the refusal) and that nothing changes without an answer.
    const asked = report.nextFixOutcome();
    await driverAction({ action: 'click', selector: `#finding-${index} .fix-body .apply`, frames });
    const unanswered = await asked;
    assert.notStrictEqual(unanswered.status, 'applied');
    assert.match(unanswered.message, /dialog[\s\S]*Change the shard-level metrics of "doctor-e2e-hot"\?/);
    assert.deepStrictEqual((await api.gateway.describeStream(target, STREAM)).enhancedMonitoring, []);
    // Answered (the handle's confirmed path), the fix goes through the Enhanced Monitoring operation.
    const done = await report.applyFix(index, true);
    assert.strictEqual(done.status, 'applied', done.message);
    const enabled = (await api.gateway.describeStream(target, STREAM)).enhancedMonitoring;
    for (const metric of fix.enable) assert.ok(enabled.includes(metric), `${metric} enabled: ${enabled.join(', ')}`);
    await waitFor(async () => /updated/.test(await pageText(`#fix-outcome-${index}`)), 10_000, 'the outcome in the page');
  });

  test('the explorer marks the stream and the hot key\'s shard, and a new report without findings clears the shard', async function () {
    this.timeout(60_000);
    const region = api.connections.current.region!;
    const streamMark = api.explorer.marks.markFor(region, STREAM);
    assert.ok(streamMark, 'the stream is marked');
    assert.ok(streamMark.titles.some((t) => /tenant-42|hot key/i.test(t)), streamMark.titles.join('; '));
    assert.ok(api.explorer.marks.markFor(region, STREAM, hotShard), 'the hot key\'s shard is marked');
    // The tree items carry the URI the decorations key on, and the decoration says why.
    const shardNode = await hotShardNode();
    const item = api.explorer.provider.getTreeItem(shardNode);
    const decoration = api.explorer.marks.provideFileDecoration(item.resourceUri!);
    assert.ok(decoration?.badge, 'the shard item has a badge');
    assert.match(decoration.tooltip ?? '', /Stream Doctor/);
    // A new report (a window with no records) has no hot-key finding: the shard's mark is cleared.
    const later = await vscode.commands.executeCommand<DoctorReportHandle>('kinesis.diagnoseStream', { stream: STREAM, duration: '5s' });
    assert.ok(later, api.errors.lastMessage);
    assert.ok(!later.report.findings.some((f) => f.subject.shardId === hotShard), later.report.findings.map((f) => f.code).join(', '));
    assert.strictEqual(api.explorer.marks.markFor(region, STREAM, hotShard), undefined);
  });
});
