import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FromWebview, ToWebview, ToWebviewType } from '../../../src/shared/protocol';
import { parseFromWebview } from '../../../src/shared/protocol';
import type { FromTailView, ToTailView } from '../../../src/shared/tailProtocol';
import { parseFromTailView } from '../../../src/shared/tailProtocol';
import { acceptHostMessage, createPosterForVsCode } from '../../../src/webview/common/messaging';

const SOURCE = 'file:///w/kinesis_requirement.md';

function recorder(): { posted: unknown[]; postMessage(message: unknown): void } {
  const posted: unknown[] = [];
  return { posted, postMessage: (message) => { posted.push(message); } };
}

describe('webview poster', () => {
  it('stamps every message with the page source, in the shape the host validates', () => {
    const vscode = recorder();
    const poster = createPosterForVsCode<FromWebview>(vscode, SOURCE);
    poster.postMessage('ready', {});
    poster.postMessage('revealLine', { line: 3, character: 1 });
    poster.postMessage('setChecklistItem', { requestId: 1, version: 2, index: 0, itemText: 'x', checked: true });
    assert.deepEqual(vscode.posted[0], { type: 'ready', source: SOURCE });
    assert.deepEqual(vscode.posted[1], { type: 'revealLine', source: SOURCE, line: 3, character: 1 });
    for (const message of vscode.posted) assert.ok(parseFromWebview(message), JSON.stringify(message));
  });

  it('a body cannot override the type or the source', () => {
    const vscode = recorder();
    const poster = createPosterForVsCode<FromTailView>(vscode, 'tail:1');
    // A caller bypassing the types (or a spread of a received object) must still post as this page.
    poster.postMessage('setShards', { hidden: ['s1'], type: 'export', source: 'tail:2' } as unknown as { hidden: string[] });
    assert.deepEqual(vscode.posted[0], { type: 'setShards', source: 'tail:1', hidden: ['s1'] });
    assert.ok(parseFromTailView(vscode.posted[0]));
  });
});

describe('messages from the host, as the page checks them', () => {
  const panelTypes: Record<ToWebviewType, true> = { update: true, notice: true, editResult: true, conversation: true };

  it('passes a known type for this page', () => {
    const notice: ToWebview = { type: 'notice', source: SOURCE, level: 'info', message: 'hi' };
    assert.equal(acceptHostMessage(notice, SOURCE, panelTypes), notice);
  });

  it('drops another page\'s message, unknown types, inherited names and junk', () => {
    for (const bad of [
      undefined, null, 'notice', 7, [],
      { type: 'notice', source: 'file:///w/other.md', level: 'info', message: 'x' },
      { type: 'notice', level: 'info', message: 'x' },
      { type: 'runScript', source: SOURCE },
      { type: 'toString', source: SOURCE },
      { type: 42, source: SOURCE },
    ]) assert.equal(acceptHostMessage(bad, SOURCE, panelTypes), undefined, JSON.stringify(bad));
  });

  it('a page can accept fewer types than its protocol has (tail test hooks off)', () => {
    const userTypes = { init: true, view: true, filterResult: true, detail: true, notice: true, highlight: true } as const;
    const select: ToTailView = { type: 'select', source: 'tail:1', generation: 1, ranges: 'all' };
    assert.equal(acceptHostMessage<ToTailView>(select, 'tail:1', userTypes), undefined);
    assert.equal(acceptHostMessage<ToTailView>(select, 'tail:1', { ...userTypes, select: true, resetStats: true }), select);
  });
});
