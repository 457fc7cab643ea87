/**
 * The Architect panel's page. It renders the snapshot the host posts (every value through DOM text
 * APIs), turns edits into typed messages carrying the document version they were made against, and
 * runs the partition-key simulator locally.
 */
// First: loads the host's l10n bundle before the other modules below evaluate their strings.
import '../common/l10n';
import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Chart } from 'chart.js';
import type {
  CapacityModeKey,
  ConversationEntryView,
  FromWebview,
  PanelSnapshot,
  PanelState,
  PriceTableKey,
  RequirementRowView,
  ToWebview,
  ToWebviewType,
} from '../../shared/protocol';
import type { NoticeLevel } from '../../shared/webviewMessages';
import { append, el, readBodyJson, replaceChildren } from '../common/dom';
import { fillPlaceholders } from '../common/l10n';
import { formatInteger, formatUsd } from '../common/format';
import { listenToHost } from '../common/hostListener';
import { createPosterForVsCode, type MessagePoster } from '../common/messaging';
import { vscodeApi, type VsCodeApi } from '../common/vscodeApi';
import { renderCapacity } from './capacitySection';
import { renderCostChart } from './charts';
import { ConversationSection } from './conversationSection';
import type { ButtonElement, CheckboxElement, ValueElement } from './elements';
import { SimulatorSection } from './simulatorSection';

type UiState = NonNullable<PanelState['ui']>;

/** Every message type the host may send (the page drops anything else). */
const HOST_MESSAGE_TYPES: Record<ToWebviewType, true> = { update: true, notice: true, editResult: true, conversation: true };

const STATUS_TEXT: Record<NonNullable<RequirementRowView['status']>, string> = {
  complete: l10n.t('Complete'),
  inProgress: l10n.t('In progress'),
  blocked: l10n.t('Blocked'),
};

function readState(vscode: VsCodeApi): UiState {
  const state = vscode.getState();
  if (state && typeof state === 'object' && 'ui' in state && state.ui && typeof state.ui === 'object') return state.ui as UiState;
  return {};
}

function readConversation(vscode: VsCodeApi): readonly ConversationEntryView[] {
  const state = vscode.getState();
  if (state && typeof state === 'object' && 'conversation' in state && Array.isArray(state.conversation)) return state.conversation as ConversationEntryView[];
  return [];
}

class ArchitectPanelApp {
  readonly #vscode: VsCodeApi;
  readonly #poster: MessagePoster<FromWebview>;
  readonly #source: string;
  #snapshot: PanelSnapshot | undefined;
  #ui: UiState;
  #history: readonly ConversationEntryView[];
  #requestId = 0;
  /** The version and text a cell had when the user started editing it. */
  #editing: { key: string; version: number; expected: string } | undefined;
  #tableStale = false;
  #costChart: Chart | undefined;

  readonly #root: HTMLElement;
  readonly #notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #header = el('header', { class: 'panel-header' });
  readonly #requirements = el('section', { id: 'requirements', attrs: { 'aria-labelledby': 'requirements-title' } });
  readonly #capacity = el('section', { id: 'capacity', attrs: { 'aria-labelledby': 'capacity-title' } });
  readonly #costs = el('section', { id: 'costs', attrs: { 'aria-labelledby': 'costs-title' } });
  readonly #warnings = el('section', { id: 'warnings', attrs: { 'aria-labelledby': 'warnings-title' } });
  readonly #checklist = el('section', { id: 'checklist', attrs: { 'aria-labelledby': 'checklist-title' } });
  readonly #simulator: SimulatorSection;
  readonly #conversation: ConversationSection;
  readonly #costCanvas = el('canvas', { id: 'cost-chart', attrs: { role: 'img', 'aria-label': l10n.t('Monthly cost by stream and cost item') } });

  constructor(vscode: VsCodeApi, root: HTMLElement, source: string) {
    this.#vscode = vscode;
    this.#poster = createPosterForVsCode<FromWebview>(vscode, source);
    this.#root = root;
    this.#source = source;
    this.#ui = readState(vscode);
    this.#history = readConversation(vscode);
    this.#conversation = new ConversationSection((text) => this.#poster.postMessage('sendMessage', { requestId: ++this.#requestId, text }));
    this.#conversation.restore(this.#history);
    this.#simulator = new SimulatorSection(this.#ui, (state) => {
      this.#ui = { ...this.#ui, ...state };
      this.#saveState();
    });
    append(root, this.#header, this.#notice, this.#conversation.element, this.#requirements, this.#capacity, this.#costs, this.#warnings, this.#checklist, this.#simulator.element);
    // Messages come only from our extension host, but a malformed one must not break the page.
    listenToHost<ToWebview>(source, HOST_MESSAGE_TYPES, (message) => this.#onMessage(message));
    // VS Code swaps the theme class on <body>; charts read colours once, so redraw them.
    new MutationObserver(() => this.#redrawCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.#saveState();
  }

  start(initial: PanelSnapshot | undefined, error: string | undefined): void {
    if (error) this.#showNotice('error', error);
    if (initial) this.#render(initial);
    this.#poster.postMessage('ready', {});
  }

  #saveState(): void {
    // The same shape as PanelState (the host validates it on restore), with read-only arrays.
    this.#vscode.setState({ source: this.#source, ui: this.#ui, conversation: this.#history } satisfies Omit<PanelState, 'conversation'> & { conversation: readonly ConversationEntryView[] });
  }

  #onMessage(message: ToWebview): void {
    switch (message.type) {
      case 'update':
        this.#render(message.snapshot);
        break;
      case 'notice':
        this.#showNotice(message.level, message.message);
        break;
      case 'editResult':
        if (!message.ok && message.message) this.#showNotice('warning', message.message);
        break;
      case 'conversation':
        this.#history = message.conversation.entries;
        this.#conversation.update(message.conversation);
        this.#saveState();
        break;
    }
  }

  #showNotice(level: NoticeLevel, text: string): void {
    replaceChildren(this.#notice,
      el('span', { class: `notice-text notice-${level}` }, text),
      el('vscode-button', { attrs: { secondary: true, 'aria-label': l10n.t('Dismiss message') }, on: { click: () => replaceChildren(this.#notice) } }, l10n.t('Dismiss')));
  }

  get #priceTable(): PriceTableKey {
    return this.#ui.priceTable ?? this.#snapshot?.defaultPriceTable ?? 'seed';
  }

  get #chartMode(): CapacityModeKey {
    return this.#ui.chartMode ?? 'provisioned';
  }

  #render(snapshot: PanelSnapshot): void {
    const first = !this.#snapshot;
    this.#snapshot = snapshot;
    this.#root.setAttribute('aria-busy', 'false');
    document.body.dataset.version = String(snapshot.version);
    this.#renderHeader(snapshot);
    if (this.#editing) this.#tableStale = true;
    else this.#renderRequirements(snapshot);
    renderCapacity(this.#capacity, snapshot);
    this.#renderCosts();
    this.#renderWarnings(snapshot);
    this.#renderChecklist(snapshot);
    if (first) this.#simulator.applyDefaults(snapshot, this.#ui.simulatorShards !== undefined);
  }

  // ---- header and generation gate ------------------------------------------------------------

  #renderHeader(s: PanelSnapshot): void {
    const generate = el('vscode-button', {
      id: 'generate',
      attrs: { disabled: !s.gate.allowed, 'aria-describedby': 'gate-reasons' },
      on: { click: () => this.#poster.postMessage('generateArchitecture', {}) },
    }, l10n.t('Generate architecture')) as ButtonElement;
    const reasons = s.gate.allowed
      ? el('p', { id: 'gate-reasons', class: 'muted' }, l10n.t('All requirements have throughput and the checklist is complete.'))
      : el('ul', { id: 'gate-reasons', class: 'gate-reasons', attrs: { 'aria-label': l10n.t('Why generation is not available yet') } }, ...s.gate.reasons.map((r) => el('li', {}, r)));
    const totals = s.totals[this.#priceTable];
    const prices = this.#priceTable === 'seed' ? l10n.t('(seed prices)') : l10n.t('(AWS us-east-1 prices)');
    replaceChildren(this.#header,
      el('div', { class: 'title-row' },
        el('h1', {}, ...fillPlaceholders(l10n.t('Architect: {0}'), [el('span', { class: 'file-name' }, s.fileName)])),
        generate),
      s.title ? el('p', { class: 'doc-title' }, s.title) : null,
      el('p', { class: 'summary', id: 'summary' },
        ...fillPlaceholders(s.requiredShards === 1
          ? l10n.t('{0} shard required in total · provisioned, fixed at peak, {1}/month · on-demand {2}/month {3}')
          : l10n.t('{0} shards required in total · provisioned, fixed at peak, {1}/month · on-demand {2}/month {3}'),
        [formatInteger(s.requiredShards), formatUsd(totals.provisioned, !totals.complete), formatUsd(totals.onDemand, !totals.complete), el('span', { class: 'muted' }, prices)])),
      reasons);
  }

  // ---- requirements table ----------------------------------------------------------------------

  #renderRequirements(s: PanelSnapshot): void {
    this.#tableStale = false;
    const title = el('h2', { id: 'requirements-title' }, l10n.t('Requirements'));
    if (s.columns.length === 0) {
      replaceChildren(this.#requirements, title, el('p', { class: 'muted' }, l10n.t('This file has no Streaming Requirements Analysis table yet.')));
      return;
    }
    const head = el('tr', {},
      el('th', { attrs: { scope: 'col', title: l10n.t('Status as the engine reads it, and the line in the file') } }, l10n.t('State')),
      ...s.columns.map((c) => el('th', { class: `col-${c.kind ?? 'other'}`, attrs: { scope: 'col' } }, c.header)));
    const body = el('tbody', {}, ...s.rows.map((row) => this.#requirementRow(s.columns, row)));
    replaceChildren(this.#requirements, title,
      el('div', { class: 'table-scroll' },
        el('table', { class: 'requirements', id: 'requirements-table', attrs: { 'aria-labelledby': 'requirements-title', 'aria-describedby': 'requirements-keys' } }, el('thead', {}, head), body)),
      el('p', { class: 'muted hint', id: 'requirements-keys' }, l10n.t('Tab moves between cells. Edit a cell and press Enter (or leave the field) to write it to the file; Escape cancels.')));
  }

  #requirementRow(columns: PanelSnapshot['columns'], row: RequirementRowView): HTMLTableRowElement {
    const status = row.status
      ? el('span', { class: `status status-${row.status}`, dataset: { status: row.status } }, STATUS_TEXT[row.status])
      : el('span', { class: 'status status-unknown' }, '—');
    const cells = columns.map((column) => {
      const cell = row.cells[column.index] ?? { text: '', present: false };
      const key = `${row.index}:${column.index}`;
      const field = el('vscode-textfield', {
        id: `cell-${row.index}-${column.index}`,
        class: 'cell-input',
        dataset: { row: row.index, col: column.index },
        attrs: { label: l10n.t('Requirement {0}, {1}', row.label, column.header) },
        props: { value: cell.text },
      }) as ValueElement;
      const begin = () => {
        if (this.#editing?.key !== key) this.#editing = { key, version: this.#snapshot?.version ?? 0, expected: cell.text };
      };
      const commit = () => {
        const editing = this.#editing;
        if (!editing || editing.key !== key) return;
        this.#editing = undefined;
        if (field.value !== editing.expected) {
          this.#poster.postMessage('editCell', {
            requestId: ++this.#requestId,
            version: editing.version,
            rowIndex: row.index,
            rowLabel: row.label,
            column: column.index,
            columnHeader: column.header,
            expected: editing.expected,
            text: field.value,
          });
        }
      };
      field.addEventListener('focusin', begin);
      field.addEventListener('input', begin);
      field.addEventListener('change', commit);
      field.addEventListener('keydown', (event) => {
        const key = (event as KeyboardEvent).key;
        if (key === 'Enter') {
          commit();
          field.blur();
        } else if (key === 'Escape') {
          field.value = this.#editing?.expected ?? cell.text;
          this.#editing = undefined;
          field.blur();
        }
      });
      field.addEventListener('focusout', () => {
        commit();
        this.#editing = undefined;
        // Updates that arrived while the user typed are applied once the field is left.
        if (this.#tableStale && this.#snapshot) queueMicrotask(() => { if (!this.#editing && this.#snapshot) this.#renderRequirements(this.#snapshot); });
      });
      return el('td', { class: `col-${column.kind ?? 'other'}` }, field);
    });
    return el('tr', { dataset: { line: row.line + 1, label: row.label } },
      el('td', {}, status,
        el('button', {
          class: 'link',
          attrs: { type: 'button', title: l10n.t('Show line {0} in the editor', row.line + 1), 'aria-label': l10n.t('Show requirement {0} in the editor (line {1})', row.label, row.line + 1) },
          on: { click: () => this.#poster.postMessage('revealLine', { line: row.line }) },
        }, l10n.t('L{0}', row.line + 1))),
      ...cells);
  }

  // ---- cost chart -------------------------------------------------------------------------------

  #renderCosts(): void {
    const table = this.#priceTable;
    const mode = this.#chartMode;
    const select = (id: string, label: string, value: string, options: [string, string][], onChange: (v: string) => void) => {
      const control = el('vscode-single-select', { id, attrs: { 'aria-label': label }, on: { change: (e) => onChange((e.target as ValueElement).value) } },
        ...options.map(([v, text]) => el('vscode-option', { attrs: { value: v, selected: v === value } }, text)));
      return el('label', { class: 'control' }, el('span', {}, label), control);
    };
    const controls = el('div', { class: 'controls' },
      select('cost-price-table', l10n.t('Price table'), table, [['seed', l10n.t('Seed prices')], ['aws', l10n.t('AWS us-east-1')]], (v) => {
        this.#ui = { ...this.#ui, priceTable: v === 'aws' ? 'aws' : 'seed' };
        this.#saveState();
        if (this.#snapshot) {
          this.#renderHeader(this.#snapshot);
          this.#renderCosts();
        }
      }),
      select('cost-mode', l10n.t('Capacity mode'), mode, [['provisioned', l10n.t('Provisioned')], ['onDemand', l10n.t('On-demand')]], (v) => {
        this.#ui = { ...this.#ui, chartMode: v === 'onDemand' ? 'onDemand' : 'provisioned' };
        this.#saveState();
        if (this.#snapshot) this.#renderCosts();
      }));
    const wrapper = el('div', { class: 'chart-box' }, this.#costCanvas);
    replaceChildren(this.#costs, el('h2', { id: 'costs-title' }, l10n.t('Cost breakdown')), controls, wrapper);
    this.#drawCostChart();
  }

  #drawCostChart(): void {
    const s = this.#snapshot;
    if (!s) return;
    const table = this.#priceTable;
    const mode = this.#chartMode;
    const labels = new Map<string, string>();
    for (const st of s.streams) for (const item of st.costs[table][mode].items) labels.set(item.id, item.label);
    const series = [...labels].map(([id, label]) => ({
      label,
      values: s.streams.map((st) => st.costs[table][mode].items.find((i) => i.id === id)?.amount ?? 0),
    }));
    this.#costChart = renderCostChart(this.#costChart, this.#costCanvas, s.streams.map((st) => st.name), series);
    // The chart's summary for screen readers: each stream's monthly total in the shown mode and table.
    const totals = s.streams.map((st) => `${st.name} ${formatUsd(st.costs[table][mode].total, !st.costs[table].complete)}`);
    const streams = totals.length ? totals.join(', ') : l10n.t('no streams yet');
    const label = mode === 'onDemand'
      ? (table === 'seed' ? l10n.t('Monthly on-demand cost by stream (seed prices): {0}.', streams) : l10n.t('Monthly on-demand cost by stream (AWS us-east-1 prices): {0}.', streams))
      : (table === 'seed' ? l10n.t('Monthly provisioned cost by stream (seed prices): {0}.', streams) : l10n.t('Monthly provisioned cost by stream (AWS us-east-1 prices): {0}.', streams));
    this.#costCanvas.setAttribute('aria-label', label);
  }

  #redrawCharts(): void {
    this.#drawCostChart();
    this.#simulator.redrawChart();
  }

  // ---- hot-shard warnings -----------------------------------------------------------------------

  #renderWarnings(s: PanelSnapshot): void {
    const title = el('h2', { id: 'warnings-title' }, l10n.t('Hot-shard warnings ({0})', s.warnings.length));
    if (s.warnings.length === 0) {
      replaceChildren(this.#warnings, title, el('p', { class: 'muted' }, l10n.t('No hot-shard risks found in the partition-key design.')));
      return;
    }
    replaceChildren(this.#warnings, title,
      el('ul', { class: 'warnings', id: 'warning-list' }, ...s.warnings.map((w, i) => el('li', { class: `severity-${w.severity}` },
        el('button', {
          class: 'link',
          id: `warning-${i}`,
          attrs: { type: 'button', 'aria-label': l10n.t('Line {0}: {1} (show in the editor)', w.line + 1, w.message) },
          on: { click: () => this.#poster.postMessage('revealLine', { line: w.line, character: w.character }) },
        }, l10n.t('Line {0}', w.line + 1)),
        ' ',
        el('span', {}, w.message)))));
  }

  // ---- checklist ----------------------------------------------------------------------------------

  #renderChecklist(s: PanelSnapshot): void {
    const title = el('h2', { id: 'checklist-title' }, l10n.t('Validation checklist'));
    if (s.checklist.length === 0) {
      replaceChildren(this.#checklist, title, el('p', { class: 'muted' }, l10n.t('This file has no Validation Checklist.')));
      return;
    }
    const done = s.checklist.filter((c) => c.checked).length;
    replaceChildren(this.#checklist, title,
      el('p', { class: 'muted' }, l10n.t('{0} of {1} done', done, s.checklist.length)),
      el('div', { class: 'checklist', attrs: { role: 'group', 'aria-labelledby': 'checklist-title' } }, ...s.checklist.map((item) => {
        const box = el('vscode-checkbox', {
          id: `check-${item.index}`,
          dataset: { index: item.index },
          attrs: { 'aria-label': l10n.t('Checklist: {0}', item.text) },
          props: { checked: item.checked },
        }, item.text) as CheckboxElement;
        // The label is a text node in the light DOM (slotted), never markup.
        box.addEventListener('change', () => {
          this.#poster.postMessage('setChecklistItem', { requestId: ++this.#requestId, version: s.version, index: item.index, itemText: item.text, checked: box.checked });
        });
        return el('div', { class: 'check-item' }, box);
      })));
  }
}

const body = document.body;
const app = new ArchitectPanelApp(vscodeApi(), document.getElementById('app') as HTMLElement, body.dataset.source ?? '');
app.start(readBodyJson<PanelSnapshot>('snapshot'), body.dataset.error || undefined);
