/**
 * The Architect panel's conversation pane: a message box, the history, and each reply in the seed's
 * four parts. Every value is rendered through DOM text APIs. New messages are appended (never the
 * whole log re-rendered), so the `role="log"` live region announces only the newest reply.
 */
import * as l10n from '@vscode/l10n';
import type { ConversationEntryView, ConversationView, ReplyPartView } from '../../shared/protocol';
import { append, el, replaceChildren } from '../common/dom';
import type { ButtonElement, ValueElement } from './elements';

const STAGE_TEXT: Record<string, string> = {
  requirements: l10n.t('gathering requirements'),
  throughput: l10n.t('throughput'),
  sources: l10n.t('producers and consumers'),
  partitionKey: l10n.t('partition key'),
  otherSources: l10n.t('other producers and consumers'),
  proposal: l10n.t('shard and consumer proposal'),
  confirm: l10n.t('confirming the requirements'),
  design: l10n.t('ready for the design'),
};

/** "**Cost** `x`" → text with a <strong>; markers never become markup. */
function inline(text: string): (string | HTMLElement)[] {
  return text.replace(/`/g, '').split('**').map((piece, i) => (i % 2 === 1 ? el('strong', {}, piece) : piece));
}

/** A reply part's lines as paragraphs, bullet lists and numbered questions. */
function renderPartText(text: string): HTMLElement[] {
  const blocks: HTMLElement[] = [];
  let list: HTMLElement | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d+\.\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) blocks.push(list = el(tag, {}));
      append(list, el('li', {}, ...inline((bullet ?? numbered)![1])));
      continue;
    }
    list = undefined;
    if (line) blocks.push(el('p', {}, ...inline(line)));
  }
  return blocks;
}

export class ConversationSection {
  readonly element = el('section', { id: 'conversation', attrs: { 'aria-labelledby': 'conversation-title' } });
  readonly #status = el('p', { id: 'architect-status', class: 'muted' });
  readonly #log = el('div', { id: 'architect-log', class: 'architect-log', attrs: { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': l10n.t('Conversation with the architect'), 'data-empty': l10n.t('Your messages and the architect’s replies appear here.'), tabindex: 0 } });
  readonly #input = el('vscode-textarea', {
    id: 'architect-message',
    attrs: { label: l10n.t('Message to the architect'), 'aria-label': l10n.t('Message to the architect'), rows: 3, resize: 'vertical', placeholder: l10n.t('e.g. "Orders arrive at 2K/s peak, 500/s average, 1 KB each, keyed by order_id" — or /design, /cost, /shards') },
  }) as ValueElement;
  readonly #send: ButtonElement;
  #rendered: readonly ConversationEntryView[] = [];
  #busy = false;

  constructor(private readonly onSend: (text: string) => void) {
    this.#send = el('vscode-button', { id: 'architect-send', attrs: { 'aria-label': l10n.t('Send the message to the architect') }, on: { click: () => this.#submit() } }, l10n.t('Send')) as ButtonElement;
    this.#input.addEventListener('keydown', (event) => {
      const e = event as KeyboardEvent;
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.#submit();
      }
    });
    append(this.element,
      el('h2', { id: 'conversation-title' }, l10n.t('Architect conversation')),
      el('p', { class: 'muted hint' }, l10n.t('The architect interviews you and updates the file after every message, with or without a language model. The interview is kept in the file, so @kinesis and kinesis-studio architect continue it.')),
      this.#status,
      this.#log,
      el('div', { class: 'composer' }, this.#input,
        el('div', { class: 'composer-actions' }, this.#send, el('span', { class: 'muted', id: 'architect-keys' }, l10n.t('Enter sends, Shift+Enter adds a line.')))));
    this.#input.setAttribute('aria-describedby', 'architect-keys');
    this.#renderStatus(undefined);
  }

  /** Shows a history restored from the webview state before the host answers. */
  restore(entries: readonly ConversationEntryView[]): void {
    this.#renderEntries(entries);
  }

  update(view: ConversationView): void {
    this.#busy = view.busy;
    this.#send.disabled = view.busy;
    this.#log.setAttribute('aria-busy', String(view.busy));
    this.#renderEntries(view.entries);
    this.#renderStatus(view);
  }

  #submit(): void {
    const text = this.#input.value.trim();
    if (!text || this.#busy) return;
    this.#input.value = '';
    this.onSend(text);
  }

  #renderStatus(view: ConversationView | undefined): void {
    if (!view || view.turns === 0) {
      replaceChildren(this.#status, l10n.t('No interview in this file yet: describe your streaming workload to start one.'));
    } else {
      replaceChildren(this.#status,
        view.turns === 1
          ? l10n.t('Interview: {0} turn · stage: {1}', view.turns, STAGE_TEXT[view.stage ?? ''] ?? view.stage ?? '—')
          : l10n.t('Interview: {0} turns · stage: {1}', view.turns, STAGE_TEXT[view.stage ?? ''] ?? view.stage ?? '—'),
        view.confirmed ? l10n.t(' · requirements confirmed') : '');
    }
    if (view?.busy) append(this.#status, el('span', { class: 'busy' }, l10n.t(' · The architect is answering…')));
  }

  #renderEntries(entries: readonly ConversationEntryView[]): void {
    const old = this.#rendered;
    const extends_ = entries.length >= old.length && old.every((e, i) => JSON.stringify(e) === JSON.stringify(entries[i]));
    if (!extends_) replaceChildren(this.#log);
    const from = extends_ ? old.length : 0;
    entries.slice(from).forEach((entry, i) => this.#log.appendChild(this.#entry(entry, from + i)));
    this.#rendered = entries;
    if (entries.length > from) this.#log.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }

  #entry(entry: ConversationEntryView, index: number): HTMLElement {
    switch (entry.role) {
      case 'user':
        return el('div', { class: 'message message-user', dataset: { index, role: 'user' } },
          el('span', { class: 'speaker' }, l10n.t('You')), el('p', {}, entry.text));
      case 'error':
        return el('div', { class: 'message message-error', dataset: { index, role: 'error' }, attrs: { role: 'alert' } },
          el('span', { class: 'speaker' }, l10n.t('Architect')), el('p', {}, entry.text));
      case 'architect':
        return el('article', { class: 'message message-architect', dataset: { index, role: 'architect' }, attrs: { 'aria-label': l10n.t('Architect reply {0}', index + 1) } },
          el('span', { class: 'speaker' }, l10n.t('Architect')),
          ...entry.parts.map((part: ReplyPartView) => el('section', { class: 'reply-part' }, el('h3', {}, part.heading), ...renderPartText(part.text))));
    }
  }
}
