import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ConnectionTarget } from '../../../src/core/kinesis/gateway';
import { RecordFileDiagnosticCodes as Codes } from '../../../src/core/recordFile';
import type { KinesisStudioApi } from '../../../src/extension';
import type { RecordFilePutOutcome } from '../../../src/features/recordFiles/recordFileCommands';
import { driverAction, hasDriver, screenshot, sleep, waitFor } from '../support/driver';
import { setKinesisSetting, startLocalKinesis } from '../support/extensionApi';

const ORDERS = 'rf-orders';
const EVENTS = 'rf-events';
const SOURCE = 'Kinesis Studio';

/** Three problems and one valid block; nothing in this file may ever be sent. */
const DIAGNOSTICS_FILE = [
  '-- diagnostics sample', //          0
  `PUT ${ORDERS}`, //                  1
  'partition-key: ok', //              2
  'encoding: json', //                 3
  '{ "ok": true }', //                 4
  '###', //                            5
  'PUT no-such-stream', //             6
  'partition-key: k', //               7
  'hello', //                          8
  '###', //                            9
  `PUT ${ORDERS}`, //                  10
  'encoding: json', //                 11
  '{ "missing": "key" }', //           12
  '###', //                            13
  `PUT ${EVENTS}`, //                  14
  'partition-key: k', //               15
  'encoding: json', //                 16
  '{ "cpu": 10,', //                   17
  '###', //                            18
  '',
].join('\n');

const PUT_FILE = [
  '-- put sample', //                  0
  `PUT ${ORDERS}`, //                  1
  'partition-key: Device123', //       2
  'encoding: json', //                 3
  '{ "cpu": 10 }', //                  4
  '###', //                            5
  `PUT ${EVENTS}`, //                  6
  'partition-key: text-key', //        7
  '', //                               8
  'CPU: 10%, Storage: 80%', //         9
  '###', //                            10
  `PUT ${EVENTS}`, //                  11
  'partition-key: bin-key', //         12
  'explicit-hash-key: 0', //           13
  'encoding: hex', //                  14
  '00 01 fe ff', //                    15
  '',
].join('\n');

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function flat(d: vscode.Diagnostic): [string, number, number, number, number, vscode.DiagnosticSeverity] {
  return [String(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity];
}

/** TextMate scopes at a position, read from "Developer: Inspect Editor Tokens and Scopes" (VS Code has no API for them). */
async function inspectScopes(editor: vscode.TextEditor, position: vscode.Position): Promise<string> {
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand('editor.action.inspectTMScopes');
  const text = await waitFor(async () => {
    const { text } = await driverAction({ action: 'text', selector: '.token-inspect-widget' });
    return /source\.kinesis/.test(text) ? text : undefined;
  }, 10_000, 'the token inspector');
  await driverAction({ action: 'keyboard', key: 'Escape' });
  await waitFor(async () => (await driverAction({ action: 'count', selector: '.token-inspect-widget' })).count === 0, 5_000, 'the token inspector to close');
  return text;
}

suite('Record files (.kinesis) against local Kinesis', function () {
  let api: KinesisStudioApi;
  let target: ConnectionTarget;
  let diagnosticsUri: vscode.Uri;
  let putUri: vscode.Uri;

  async function readAll(stream: string): Promise<{ partitionKey: string; hex: string; text: string; sequenceNumber: string }[]> {
    const records: { partitionKey: string; hex: string; text: string; sequenceNumber: string }[] = [];
    for (const shard of await api.gateway.listShards(target, stream)) {
      let iterator: string | undefined = await api.gateway.getShardIterator(target, { stream, shardId: shard.shardId, type: 'TRIM_HORIZON' });
      for (let i = 0; iterator && i < 5; i++) {
        const page = await api.gateway.getRecords(target, iterator, 1000);
        records.push(...page.records.map((r) => ({
          partitionKey: r.partitionKey, hex: Buffer.from(r.data).toString('hex'), text: Buffer.from(r.data).toString('utf8'), sequenceNumber: r.sequenceNumber,
        })));
        iterator = page.records.length ? page.nextIterator : undefined;
      }
    }
    return records;
  }

  async function counts(): Promise<[number, number]> {
    return [(await readAll(ORDERS)).length, (await readAll(EVENTS)).length];
  }

  async function ourLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    return lenses.filter((l) => l.command && /^Put (all|record)/.test(l.command.title));
  }

  async function writeAndOpen(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.languageId, 'kinesis', '.kinesis files open in the kinesis language');
    await vscode.window.showTextDocument(document, { preview: false });
    return uri;
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    api = await startLocalKinesis();
    target = api.connections.targetFor(api.connections.current.region!);
    for (const [name, shardCount] of [[ORDERS, 2], [EVENTS, 1]] as const) {
      const created = await vscode.commands.executeCommand('kinesis.createStream', { name, mode: 'PROVISIONED', shardCount });
      assert.ok(created, `createStream ${name} failed: ${api.errors.lastMessage}`);
    }
  });

  suiteTeardown(async () => {
    await setKinesisSetting('readOnly', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kinesis.stopLocal');
  });

  test('diagnostics: unknown stream, missing partition key and invalid JSON, with exact codes and ranges', async function () {
    this.timeout(30_000);
    diagnosticsUri = await writeAndOpen('diagnostics.kinesis', DIAGNOSTICS_FILE);
    // The unknown-stream check waits for the live stream list, which arrives after the first validation.
    await waitFor(() => ourDiagnostics(diagnosticsUri).length === 3, 20_000, 'three diagnostics');
    const shown = ourDiagnostics(diagnosticsUri).map(flat).sort((a, b) => a[1] - b[1]);
    assert.deepStrictEqual(shown, [
      [Codes.unknownStream, 6, 4, 6, 18, vscode.DiagnosticSeverity.Warning],
      [Codes.missingPartitionKey, 10, 0, 10, 13, vscode.DiagnosticSeverity.Error],
      [Codes.invalidJson, 17, 0, 17, 12, vscode.DiagnosticSeverity.Error],
    ]);
    const json = ourDiagnostics(diagnosticsUri).find((d) => d.code === Codes.invalidJson)!;
    assert.match(json.message, /line 18, column 13/);
  });

  test('a file with one invalid block sends nothing and says which lines are wrong', async () => {
    const before = await counts();
    api.errors.lastMessage = undefined;
    const outcome = await vscode.commands.executeCommand<RecordFilePutOutcome>('kinesis.recordFile.putAll', { uri: diagnosticsUri });
    assert.ok(outcome && outcome.outcome === 'invalid', `expected a refusal, got ${JSON.stringify(outcome)}`);
    assert.deepStrictEqual(outcome.problems.map((p) => [p.code, p.range.start.line]), [
      [Codes.missingPartitionKey, 10],
      [Codes.invalidJson, 17],
    ]);
    assert.match(api.errors.lastMessage ?? '', /Nothing was sent: diagnostics\.kinesis has 2 problems: line 11: .*line 18: Invalid JSON/);
    // Only the unknown stream is wrong now: it is refused too, after a fresh look at the stream list.
    const onlyUnknown = DIAGNOSTICS_FILE.replace('PUT rf-orders\nencoding: json', 'PUT rf-orders\npartition-key: x\nencoding: json').replace('{ "cpu": 10,', '{ "cpu": 10 }');
    const unknownUri = await writeAndOpen('unknown-stream.kinesis', onlyUnknown);
    const refused = await vscode.commands.executeCommand<RecordFilePutOutcome>('kinesis.recordFile.putAll', { uri: unknownUri });
    assert.ok(refused && refused.outcome === 'invalid', `expected a refusal, got ${JSON.stringify(refused)}`);
    assert.deepStrictEqual(refused.problems.map((p) => [p.code, p.range.start.line]), [[Codes.unknownStream, 6]]);
    assert.deepStrictEqual(await counts(), before, 'a record was sent from an invalid file');
  });

  test('CodeLens: "Put all (3 records)" at the top and "Put record" on every PUT line; a lens puts its block', async () => {
    putUri = await writeAndOpen('put.kinesis', PUT_FILE);
    const lenses = await waitFor(async () => {
      const found = await ourLenses(putUri);
      return found.length === 4 ? found : undefined;
    }, 10_000, 'four lenses');
    assert.deepStrictEqual(lenses.map((l) => [l.range.start.line, l.command!.title]), [
      [0, 'Put all (3 records)'], [1, 'Put record'], [6, 'Put record'], [11, 'Put record'],
    ]);
    assert.strictEqual(ourDiagnostics(putUri).length, 0, `unexpected diagnostics: ${ourDiagnostics(putUri).map((d) => d.message).join(' | ')}`);

    const first = lenses[1].command!;
    const outcome = await vscode.commands.executeCommand<RecordFilePutOutcome>(first.command, ...(first.arguments ?? []));
    assert.ok(outcome && outcome.outcome === 'sent', `Put record failed: ${api.errors.lastMessage} ${JSON.stringify(outcome)}`);
    assert.strictEqual(outcome.sent, 1);
    const result = outcome.records[0];
    assert.deepStrictEqual([result.blockIndex, result.line, result.stream], [0, 1, ORDERS]);
    assert.strictEqual(result.outcome.status, 'sent');
    const stored = await readAll(ORDERS);
    assert.deepStrictEqual(stored.map((r) => [r.partitionKey, r.text]), [['Device123', '{ "cpu": 10 }']]);
    assert.strictEqual(stored[0].sequenceNumber, result.outcome.status === 'sent' ? result.outcome.sequenceNumber : '');
  });

  test('Put all puts every block with its exact bytes and partition key', async () => {
    const lenses = await ourLenses(putUri);
    const all = lenses[0].command!;
    const outcome = await vscode.commands.executeCommand<RecordFilePutOutcome>(all.command, ...(all.arguments ?? []));
    assert.ok(outcome && outcome.outcome === 'sent', `Put all failed: ${api.errors.lastMessage} ${JSON.stringify(outcome)}`);
    assert.deepStrictEqual([outcome.total, outcome.sent, outcome.failed, outcome.notSent], [3, 3, 0, 0]);
    assert.deepStrictEqual((await readAll(ORDERS)).map((r) => [r.partitionKey, r.text]), [['Device123', '{ "cpu": 10 }'], ['Device123', '{ "cpu": 10 }']]);
    const events = (await readAll(EVENTS)).map((r) => [r.partitionKey, r.hex]).sort();
    assert.deepStrictEqual(events, [
      ['bin-key', '0001feff'],
      ['text-key', Buffer.from('CPU: 10%, Storage: 80%').toString('hex')],
    ]);
  });

  test('read-only mode refuses Put record and Put all before anything is sent', async () => {
    const before = await counts();
    await setKinesisSetting('readOnly', true);
    try {
      await waitFor(() => api.mutationGuard.refusal, 5_000, 'read-only mode on');
      for (const [command, args] of [['kinesis.recordFile.putAll', { uri: putUri }], ['kinesis.recordFile.putRecord', { uri: putUri, blockIndex: 0 }]] as const) {
        api.errors.lastMessage = undefined;
        const outcome = await vscode.commands.executeCommand(command, args);
        assert.strictEqual(outcome, undefined, `${command} ran in read-only mode`);
        assert.match(api.errors.lastMessage ?? '', /read-only mode/);
      }
    } finally {
      await setKinesisSetting('readOnly', false);
    }
    assert.deepStrictEqual(await counts(), before, 'a record was sent in read-only mode');
  });

  test('Put record without arguments sends the block at the cursor, honouring explicit-hash-key', async () => {
    const uri = await writeAndOpen('hash.kinesis', [
      `PUT ${ORDERS}`, 'partition-key: same', 'explicit-hash-key: 0', 'low', '###',
      `PUT ${ORDERS}`, 'partition-key: same', 'explicit-hash-key: 340282366920938463463374607431768211455', 'high', '',
    ].join('\n'));
    const shards: string[] = [];
    for (const line of [2, 8]) {
      const editor = await vscode.window.showTextDocument(uri, { preview: false, selection: new vscode.Range(line, 0, line, 0) });
      assert.strictEqual(editor.selection.active.line, line);
      const outcome = await vscode.commands.executeCommand<RecordFilePutOutcome>('kinesis.recordFile.putRecord');
      assert.ok(outcome && outcome.outcome === 'sent', `Put record failed: ${api.errors.lastMessage}`);
      const record = outcome.records[0];
      assert.strictEqual(record.line, line < 5 ? 0 : 5);
      assert.strictEqual(record.outcome.status, 'sent');
      if (record.outcome.status === 'sent') shards.push(record.outcome.shardId);
    }
    const all = await api.gateway.listShards(target, ORDERS);
    const owner = (hash: bigint) => all.find((s) => BigInt(s.startingHashKey) <= hash && hash <= BigInt(s.endingHashKey))?.shardId;
    assert.deepStrictEqual(shards, [owner(0n), owner((1n << 128n) - 1n)], 'the explicit hash key picked the shard');
    assert.notStrictEqual(shards[0], shards[1]);
    const texts = (await readAll(ORDERS)).filter((r) => r.partitionKey === 'same').map((r) => r.text).sort();
    assert.deepStrictEqual(texts, ['high', 'low']);
  });

  test('completion offers the live stream names after PUT and encodings after "encoding:"', async () => {
    const document = await vscode.workspace.openTextDocument(putUri);
    await vscode.window.showTextDocument(document, { preview: false });
    const streams = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', putUri, new vscode.Position(1, 4));
    const labels = streams.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes(ORDERS) && labels.includes(EVENTS), `stream names missing: ${labels.join(', ')}`);
    const encodings = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', putUri, new vscode.Position(14, 10));
    const encodingLabels = encodings.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const e of ['text', 'json', 'base64', 'hex']) assert.ok(encodingLabels.includes(e), `encoding ${e} missing: ${encodingLabels.join(', ')}`);
  });

  test('New Record File opens an untitled kinesis document for the first stream', async () => {
    const result = await vscode.commands.executeCommand<{ uri: vscode.Uri; stream: string }>('kinesis.newRecordFile');
    assert.ok(result, `newRecordFile failed: ${api.errors.lastMessage}`);
    assert.strictEqual(result.stream, EVENTS);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), result.uri.toString());
    assert.strictEqual(editor.document.languageId, 'kinesis');
    assert.ok(editor.document.isUntitled);
    assert.match(editor.document.getText(), new RegExp(`^PUT ${EVENTS}$`, 'm'));
    await waitFor(async () => (await ourLenses(result.uri)).length === 3, 10_000, 'lenses on the new file');
    assert.deepStrictEqual(ourDiagnostics(result.uri).map((d) => d.message), [], 'the template has problems');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the editor highlights with the kinesis grammar and JSON bodies with the JSON grammar', async function () {
    if (!hasDriver()) this.skip();
    this.timeout(30_000);
    const editor = await vscode.window.showTextDocument(putUri, { preview: false });
    const keyword = await inspectScopes(editor, new vscode.Position(1, 1));
    assert.match(keyword, /keyword\.other\.put\.kinesis/);
    const stream = await inspectScopes(editor, new vscode.Position(1, 6));
    assert.match(stream, /entity\.name\.type\.stream\.kinesis/);
    const header = await inspectScopes(editor, new vscode.Position(2, 3));
    assert.match(header, /support\.type\.property-name\.header\.kinesis/);
    const jsonKey = await inspectScopes(editor, new vscode.Position(4, 4));
    assert.match(jsonKey, /meta\.embedded\.block\.json/);
    assert.match(jsonKey, /support\.type\.property-name\.json/, 'the JSON grammar did not tokenize the body');
    const comment = await inspectScopes(editor, new vscode.Position(0, 3));
    assert.match(comment, /comment\.line\.double-dash\.kinesis/);
  });

  test('screenshot: a record file with CodeLens and diagnostics', async function () {
    if (!hasDriver()) this.skip();
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.window.showTextDocument(diagnosticsUri, { preview: false, selection: new vscode.Range(6, 6, 6, 6) });
    await waitFor(async () => (await driverAction({ action: 'count', selector: '.monaco-editor .codelens-decoration' })).count >= 5, 10_000, 'CodeLens rendered');
    await waitFor(async () => (await driverAction({ action: 'count', selector: '.monaco-editor .squiggly-error' })).count >= 2, 10_000, 'error squiggles rendered');
    await sleep(500);
    const shot = await screenshot('record-file-editor');
    assert.ok(shot.bytes > 10_000, 'the screenshot is empty');
  });

  test('creating the missing stream clears its unknown-stream diagnostic (the cached list follows the explorer)', async function () {
    this.timeout(60_000);
    assert.ok(ourDiagnostics(diagnosticsUri).some((d) => d.code === Codes.unknownStream));
    const created = await vscode.commands.executeCommand('kinesis.createStream', { name: 'no-such-stream', mode: 'PROVISIONED', shardCount: 1 });
    assert.ok(created, `createStream failed: ${api.errors.lastMessage}`);
    await waitFor(() => !ourDiagnostics(diagnosticsUri).some((d) => d.code === Codes.unknownStream), 20_000, 'the unknown-stream diagnostic to go');
    assert.deepStrictEqual(ourDiagnostics(diagnosticsUri).map((d) => d.code).sort(), [Codes.invalidJson, Codes.missingPartitionKey].sort());
  });
});
