/**
 * The detail pane: the focused record's facts, and one tab per decoded view (JSON, text, Base64,
 * hex, gzip, KPL). The chosen tab is kept while the user moves from record to record.
 */
import type { TailDetailView } from '../../shared/tailProtocol';
import { el } from '../common/dom';
import * as l10n from '@vscode/l10n';

type ViewKind = TailDetailView['views'][number]['kind'];

const VIEW_LABELS: Record<ViewKind, string> = {
  json: 'JSON', text: l10n.t('Text'), base64: 'Base64', hex: 'Hex', gzip: 'gzip', kpl: 'KPL',
};

export class DetailPane {
  readonly element = el('section', { id: 'detail', class: 'detail', attrs: { 'aria-label': l10n.t('Record detail') } });
  #detail: TailDetailView | undefined;
  #kind: ViewKind | undefined;

  constructor() {
    this.#render();
  }

  /** Shows a record's detail (undefined: the record is no longer kept, or none is focused). */
  show(detail: TailDetailView | undefined): void {
    this.#detail = detail;
    this.#render();
  }

  #render(): void {
    const detail = this.#detail;
    if (!detail) {
      this.element.replaceChildren(el('p', { class: 'placeholder' }, l10n.t('Select a record to see it decoded.')));
      return;
    }
    const facts = el('dl', { class: 'facts', id: 'detail-facts' });
    for (const [label, value] of detail.facts) facts.append(el('dt', {}, label), el('dd', {}, value));
    const views = detail.views;
    const kind = views.some((v) => v.kind === this.#kind) ? this.#kind : views[0]?.kind;
    const tabs = el('div', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': l10n.t('Views') } });
    const body = el('pre', { class: 'view-text', id: 'detail-text', attrs: { role: 'tabpanel', tabindex: '0' } });
    const note = el('p', { class: 'view-note', id: 'detail-note' });
    for (const view of views) {
      const tab = el('button', {
        class: `tab${view.kind === kind ? ' active' : ''}`,
        id: `tab-${view.kind}`,
        attrs: { role: 'tab', type: 'button', 'aria-selected': String(view.kind === kind) },
        on: {
          click: () => {
            this.#kind = view.kind;
            this.#render();
          },
        },
      }, VIEW_LABELS[view.kind]);
      tabs.appendChild(tab);
    }
    const shown = views.find((v) => v.kind === kind);
    body.textContent = shown?.text ?? '';
    note.textContent = shown?.note ?? '';
    note.hidden = !shown?.note;
    this.element.replaceChildren(facts, tabs, note, body);
  }
}
