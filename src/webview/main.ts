/**
 * The Architect panel's page. It renders the snapshot the host posts (every value through DOM text
 * APIs), turns edits into typed messages carrying the document version they were made against, and
 * runs the partition-key simulator locally.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Chart } from 'chart.js';
import type {
  CapacityModeKey,
  CostView,
  FromWebview,
  PanelSnapshot,
  PanelState,
  PriceTableKey,
  RequirementRowView,
  ToWebview,
} from '../shared/protocol';
import { renderCostChart, renderShardChart } from './charts';
import { append, el, formatDecimal, formatInteger, formatUsd, replaceChildren } from './dom';
import { MAX_SHARDS, simulate, type SimulationInput } from './simulation';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type UiState = NonNullable<PanelState['ui']>;
type Outgoing = FromWebview extends infer M ? (M extends { type: infer T } ? { type: T } & Omit<M, 'type' | 'source'> : never) : never;

/** A form control of @vscode-elements (value-bearing custom elements). */
interface ValueElement extends HTMLElement {
  value: string;
}
interface CheckboxElement extends HTMLElement {
  checked: boolean;
  disabled: boolean;
}
interface ButtonElement extends HTMLElement {
  disabled: boolean;
}

const STATUS_TEXT: Record<NonNullable<RequirementRowView['status']>, string> = {
  complete: 'Complete',
  inProgress: 'In progress',
  blocked: 'Blocked',
};

function readState(vscode: VsCodeApi): UiState {
  const state = vscode.getState();
  if (state && typeof state === 'object' && 'ui' in state && state.ui && typeof state.ui === 'object') return state.ui as UiState;
  return {};
}

class ArchitectPanelApp {
  readonly #vscode: VsCodeApi;
  readonly #source: string;
  #snapshot: PanelSnapshot | undefined;
  #ui: UiState;
  #requestId = 0;
  /** The version and text a cell had when the user started editing it. */
  #editing: { key: string; version: number; expected: string } | undefined;
  #tableStale = false;
  #costChart: Chart | undefined;
  #shardChart: Chart | undefined;
  #simTimer: ReturnType<typeof setTimeout> | undefined;
  #lastSimulation: Awaited<ReturnType<typeof simulate>>;

  readonly #root: HTMLElement;
  readonly #notice = el('div', { id: 'notice', class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  readonly #header = el('header', { class: 'panel-header' });
  readonly #requirements = el('section', { id: 'requirements', attrs: { 'aria-labelledby': 'requirements-title' } });
  readonly #capacity = el('section', { id: 'capacity', attrs: { 'aria-labelledby': 'capacity-title' } });
  readonly #costs = el('section', { id: 'costs', attrs: { 'aria-labelledby': 'costs-title' } });
  readonly #warnings = el('section', { id: 'warnings', attrs: { 'aria-labelledby': 'warnings-title' } });
  readonly #checklist = el('section', { id: 'checklist', attrs: { 'aria-labelledby': 'checklist-title' } });
  readonly #simulator = el('section', { id: 'simulator', attrs: { 'aria-labelledby': 'simulator-title' } });
  readonly #costCanvas = el('canvas', { id: 'cost-chart', attrs: { role: 'img', 'aria-label': 'Monthly cost by stream and cost item' } });
  readonly #shardCanvas = el('canvas', { id: 'shard-chart', attrs: { role: 'img', 'aria-label': 'Keys per shard' } });
  readonly #simStats = el('p', { id: 'sim-stats', class: 'sim-stats', attrs: { 'aria-live': 'polite' } });
  readonly #simTable = el('tbody');

  constructor(vscode: VsCodeApi, root: HTMLElement, source: string) {
    this.#vscode = vscode;
    this.#root = root;
    this.#source = source;
    this.#ui = readState(vscode);
    append(root, this.#header, this.#notice, this.#requirements, this.#capacity, this.#costs, this.#warnings, this.#checklist, this.#simulator);
    this.#buildSimulator();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.#onMessage(event.data));
    // VS Code swaps the theme class on <body>; charts read colours once, so redraw them.
    new MutationObserver(() => this.#redrawCharts()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.#saveState();
  }

  start(initial: PanelSnapshot | undefined, error: string | undefined): void {
    if (error) this.#showNotice('error', error);
    if (initial) this.#render(initial);
    this.#post({ type: 'ready' });
  }

  #post(message: Outgoing): void {
    this.#vscode.postMessage({ ...message, source: this.#source });
  }

  #saveState(): void {
    this.#vscode.setState({ source: this.#source, ui: this.#ui } satisfies PanelState);
  }

  #onMessage(data: unknown): void {
    // Messages come only from our extension host, but a malformed one must not break the page.
    if (!data || typeof data !== 'object') return;
    const message = data as ToWebview;
    if (message.source !== this.#source) return;
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
    }
  }

  #showNotice(level: 'info' | 'warning' | 'error', text: string): void {
    replaceChildren(this.#notice,
      el('span', { class: `notice-text notice-${level}` }, text),
      el('vscode-button', { attrs: { secondary: true, 'aria-label': 'Dismiss message' }, on: { click: () => replaceChildren(this.#notice) } }, 'Dismiss'));
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
    this.#renderCapacity(snapshot);
    this.#renderCosts();
    this.#renderWarnings(snapshot);
    this.#renderChecklist(snapshot);
    if (first) this.#applySimulatorDefaults(snapshot);
  }

  // ---- header and generation gate ------------------------------------------------------------

  #renderHeader(s: PanelSnapshot): void {
    const generate = el('vscode-button', {
      id: 'generate',
      attrs: { disabled: !s.gate.allowed, 'aria-describedby': 'gate-reasons' },
      on: { click: () => this.#post({ type: 'generateArchitecture' }) },
    }, 'Generate architecture') as ButtonElement;
    const reasons = s.gate.allowed
      ? el('p', { id: 'gate-reasons', class: 'muted' }, 'All requirements have throughput and the checklist is complete.')
      : el('ul', { id: 'gate-reasons', class: 'gate-reasons', attrs: { 'aria-label': 'Why generation is not available yet' } }, ...s.gate.reasons.map((r) => el('li', {}, r)));
    const totals = s.totals[this.#priceTable];
    replaceChildren(this.#header,
      el('div', { class: 'title-row' },
        el('h1', {}, 'Architect: ', el('span', { class: 'file-name' }, s.fileName)),
        generate),
      s.title ? el('p', { class: 'doc-title' }, s.title) : null,
      el('p', { class: 'summary', id: 'summary' },
        `${formatInteger(s.requiredShards)} shard${s.requiredShards === 1 ? '' : 's'} required in total · `,
        `provisioned ${formatUsd(totals.provisioned, !totals.complete)}/month · on-demand ${formatUsd(totals.onDemand, !totals.complete)}/month `,
        el('span', { class: 'muted' }, `(${this.#priceTable === 'seed' ? 'seed' : 'AWS us-east-1'} prices)`)),
      reasons);
  }

  // ---- requirements table ----------------------------------------------------------------------

  #renderRequirements(s: PanelSnapshot): void {
    this.#tableStale = false;
    const title = el('h2', { id: 'requirements-title' }, 'Requirements');
    if (s.columns.length === 0) {
      replaceChildren(this.#requirements, title, el('p', { class: 'muted' }, 'This file has no Streaming Requirements Analysis table yet.'));
      return;
    }
    const head = el('tr', {},
      el('th', { attrs: { scope: 'col', title: 'Status as the engine reads it, and the line in the file' } }, 'State'),
      ...s.columns.map((c) => el('th', { class: `col-${c.kind ?? 'other'}`, attrs: { scope: 'col' } }, c.header)));
    const body = el('tbody', {}, ...s.rows.map((row) => this.#requirementRow(s.columns, row)));
    replaceChildren(this.#requirements, title,
      el('div', { class: 'table-scroll' },
        el('table', { class: 'requirements', id: 'requirements-table' }, el('thead', {}, head), body)),
      el('p', { class: 'muted hint' }, 'Edit a cell and press Enter (or leave the field) to write it to the file; Escape cancels.'));
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
        attrs: { label: `Requirement ${row.label}, ${column.header}` },
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
          this.#post({
            type: 'editCell',
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
          attrs: { type: 'button', title: `Show line ${row.line + 1} in the editor`, 'aria-label': `Show requirement ${row.label} in the editor (line ${row.line + 1})` },
          on: { click: () => this.#post({ type: 'revealLine', line: row.line }) },
        }, `L${row.line + 1}`)),
      ...cells);
  }

  // ---- capacity and cost per requirement and stream --------------------------------------------

  #costCells(cost: CostView): HTMLElement[] {
    const lowerBound = !cost.complete;
    return [
      el('td', { class: 'num' }, formatUsd(cost.provisioned.total, lowerBound)),
      el('td', { class: 'num' }, formatUsd(cost.onDemand.total, lowerBound)),
    ];
  }

  #renderCapacity(s: PanelSnapshot): void {
    const header = el('thead', {},
      el('tr', {},
        el('th', { attrs: { scope: 'col', rowspan: 2 } }, 'Requirement / stream'),
        el('th', { attrs: { scope: 'col', rowspan: 2 } }, 'Shards (peak)'),
        el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, 'Seed prices / month'),
        el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, 'AWS us-east-1 / month'),
        el('th', { attrs: { scope: 'col', rowspan: 2 } }, 'Recommended')),
      el('tr', {},
        el('th', { attrs: { scope: 'col' } }, 'Provisioned'), el('th', { attrs: { scope: 'col' } }, 'On-demand'),
        el('th', { attrs: { scope: 'col' } }, 'Provisioned'), el('th', { attrs: { scope: 'col' } }, 'On-demand')));
    const line = (kind: 'requirement' | 'stream', name: string, capacity: RequirementRowView['capacity'], costs: RequirementRowView['costs'], planned?: number) => {
      const shards = capacity.shards !== undefined
        ? formatInteger(capacity.shards)
        : capacity.shardsByRecords !== undefined ? `≥ ${formatInteger(Math.max(1, capacity.shardsByRecords))}` : '—';
      const working = el('details', { class: 'working' },
        el('summary', {}, 'Calculation'),
        el('ol', {}, ...capacity.steps.map((step) => el('li', {}, step))),
        ...(['seed', 'aws'] as const).map((table) => this.#costWorking(costs[table])));
      return el('tr', { class: `${kind}-row` },
        el('th', { attrs: { scope: 'row' } },
          el('span', { class: 'kind' }, kind === 'stream' ? 'Stream ' : 'Requirement '), name, working),
        el('td', { class: 'num' }, shards, planned !== undefined ? el('span', { class: 'muted' }, ` (planned ${planned})`) : null),
        ...this.#costCells(costs.seed),
        ...this.#costCells(costs.aws),
        el('td', {}, capacity.recommendedMode === 'onDemand' ? 'On-demand' : 'Provisioned'));
    };
    const rows = [
      ...s.rows.map((r) => line('requirement', `${r.label} · ${r.streamName}`, r.capacity, r.costs)),
      ...s.streams.map((st) => line('stream', `${st.name} (${st.requirementLabels.join(', ')})`, st.capacity, st.costs, st.plannedShards)),
    ];
    replaceChildren(this.#capacity,
      el('h2', { id: 'capacity-title' }, 'Shards and monthly cost'),
      el('p', { class: 'muted hint' }, 'Shards are sized for peak throughput; costs use average throughput. On-demand is priced beside provisioned in both price tables.'),
      el('div', { class: 'table-scroll' }, el('table', { class: 'capacity', id: 'capacity-table' }, header, el('tbody', {}, ...rows))));
  }

  #costWorking(cost: CostView): HTMLElement {
    const items = (label: string, mode: CostView['provisioned']) => el('div', {},
      el('strong', {}, `${cost.priceTableLabel}, ${label}: ${formatUsd(mode.total, !cost.complete)}`),
      el('ul', {}, ...mode.items.map((i) => el('li', {}, `${i.label}: ${formatUsd(i.amount)} (${i.working})`))));
    return el('div', { class: 'cost-working' },
      items('provisioned', cost.provisioned),
      items('on-demand', cost.onDemand),
      cost.notes.length > 0 ? el('ul', { class: 'notes' }, ...cost.notes.map((n) => el('li', {}, n))) : null);
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
      select('cost-price-table', 'Price table', table, [['seed', 'Seed prices'], ['aws', 'AWS us-east-1']], (v) => {
        this.#ui = { ...this.#ui, priceTable: v === 'aws' ? 'aws' : 'seed' };
        this.#saveState();
        if (this.#snapshot) {
          this.#renderHeader(this.#snapshot);
          this.#renderCosts();
        }
      }),
      select('cost-mode', 'Capacity mode', mode, [['provisioned', 'Provisioned'], ['onDemand', 'On-demand']], (v) => {
        this.#ui = { ...this.#ui, chartMode: v === 'onDemand' ? 'onDemand' : 'provisioned' };
        this.#saveState();
        if (this.#snapshot) this.#renderCosts();
      }));
    const wrapper = el('div', { class: 'chart-box' }, this.#costCanvas);
    replaceChildren(this.#costs, el('h2', { id: 'costs-title' }, 'Cost breakdown'), controls, wrapper);
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
  }

  #redrawCharts(): void {
    this.#drawCostChart();
    if (this.#lastSimulation?.ok) {
      this.#shardChart?.destroy();
      this.#shardChart = renderShardChart(undefined, this.#shardCanvas, this.#lastSimulation.counts, this.#lastSimulation.hottest);
    }
  }

  // ---- hot-shard warnings -----------------------------------------------------------------------

  #renderWarnings(s: PanelSnapshot): void {
    const title = el('h2', { id: 'warnings-title' }, `Hot-shard warnings (${s.warnings.length})`);
    if (s.warnings.length === 0) {
      replaceChildren(this.#warnings, title, el('p', { class: 'muted' }, 'No hot-shard risks found in the partition-key design.'));
      return;
    }
    replaceChildren(this.#warnings, title,
      el('ul', { class: 'warnings', id: 'warning-list' }, ...s.warnings.map((w, i) => el('li', { class: `severity-${w.severity}` },
        el('button', {
          class: 'link',
          id: `warning-${i}`,
          attrs: { type: 'button', 'aria-label': `Line ${w.line + 1}: ${w.message} (show in the editor)` },
          on: { click: () => this.#post({ type: 'revealLine', line: w.line, character: w.character }) },
        }, `Line ${w.line + 1}`),
        ' ',
        el('span', {}, w.message)))));
  }

  // ---- checklist ----------------------------------------------------------------------------------

  #renderChecklist(s: PanelSnapshot): void {
    const title = el('h2', { id: 'checklist-title' }, 'Validation checklist');
    if (s.checklist.length === 0) {
      replaceChildren(this.#checklist, title, el('p', { class: 'muted' }, 'This file has no Validation Checklist.'));
      return;
    }
    const done = s.checklist.filter((c) => c.checked).length;
    replaceChildren(this.#checklist, title,
      el('p', { class: 'muted' }, `${done} of ${s.checklist.length} done`),
      el('div', { class: 'checklist', attrs: { role: 'group', 'aria-labelledby': 'checklist-title' } }, ...s.checklist.map((item) => {
        const box = el('vscode-checkbox', {
          id: `check-${item.index}`,
          dataset: { index: item.index },
          props: { checked: item.checked },
        }, item.text) as CheckboxElement;
        // The label is a text node in the light DOM (slotted), never markup.
        box.addEventListener('change', () => {
          this.#post({ type: 'setChecklistItem', requestId: ++this.#requestId, version: s.version, index: item.index, itemText: item.text, checked: box.checked });
        });
        return el('div', { class: 'check-item' }, box);
      })));
  }

  // ---- partition-key simulator -------------------------------------------------------------------

  #simKind!: ValueElement;
  #simPattern!: ValueElement;
  #simKeys!: ValueElement;
  #simShards!: ValueElement;
  #simCount!: ValueElement;

  #buildSimulator(): void {
    const ui = this.#ui;
    const schedule = () => this.#scheduleSimulation();
    this.#simKind = el('vscode-single-select', { id: 'sim-kind', attrs: { 'aria-label': 'Key source' }, on: { change: () => this.#onKindChange() } },
      el('vscode-option', { attrs: { value: 'pattern', selected: ui.simulatorKind !== 'keys' } }, 'Pattern'),
      el('vscode-option', { attrs: { value: 'keys', selected: ui.simulatorKind === 'keys' } }, 'Pasted keys')) as ValueElement;
    this.#simPattern = el('vscode-textfield', {
      id: 'sim-pattern',
      attrs: { label: 'Key pattern', placeholder: 'device-{1..5000} or user#{rand 0-9}' },
      props: { value: ui.simulatorKind !== 'keys' ? (ui.simulatorInput ?? 'device-{1..5000}') : 'device-{1..5000}' },
      on: { input: schedule },
    }) as ValueElement;
    this.#simKeys = el('vscode-textarea', {
      id: 'sim-keys',
      attrs: { label: 'Partition keys, one per line', rows: 6, placeholder: 'One partition key per line' },
      props: { value: ui.simulatorKind === 'keys' ? (ui.simulatorInput ?? '') : '' },
      on: { input: schedule },
    }) as ValueElement;
    this.#simShards = el('vscode-textfield', {
      id: 'sim-shards',
      attrs: { label: 'Shard count', type: 'number', min: 1, max: MAX_SHARDS },
      props: { value: String(ui.simulatorShards ?? 4) },
      on: { input: schedule },
    }) as ValueElement;
    this.#simCount = el('vscode-textfield', {
      id: 'sim-count',
      attrs: { label: 'Number of keys to generate', type: 'number', min: 1, max: 1_000_000 },
      props: { value: String(ui.simulatorCount ?? 100_000) },
      on: { input: schedule },
    }) as ValueElement;
    const field = (label: string, control: HTMLElement, cls = '') => el('label', { class: `control ${cls}` }, el('span', {}, label), control);
    append(this.#simulator,
      el('h2', { id: 'simulator-title' }, 'Partition-key simulator'),
      el('p', { class: 'muted hint' }, 'Routes keys as Kinesis does (MD5 of the key over equal hash ranges). Patterns: {1..N}, {rand A-B}, {choice a|b}, {hex N}, {uuid}, {seq}.'),
      el('div', { class: 'controls' },
        field('Key source', this.#simKind),
        field('Pattern', this.#simPattern, 'sim-pattern-control wide'),
        field('Keys to generate', this.#simCount, 'sim-count-control'),
        field('Shards', this.#simShards)),
      field('Pasted keys', this.#simKeys, 'sim-keys-control wide'),
      this.#simStats,
      el('div', { class: 'chart-box' }, this.#shardCanvas),
      el('details', { class: 'shard-table' },
        el('summary', {}, 'Per-shard counts'),
        el('table', { id: 'sim-table' }, el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' } }, 'Shard'), el('th', { attrs: { scope: 'col' } }, 'Keys'), el('th', { attrs: { scope: 'col' } }, 'vs mean'))), this.#simTable)));
    this.#onKindChange(false);
  }

  #onKindChange(run = true): void {
    const keys = this.#simKind.value === 'keys';
    this.#simulator.classList.toggle('sim-mode-keys', keys);
    this.#simulator.classList.toggle('sim-mode-pattern', !keys);
    if (run) this.#scheduleSimulation();
  }

  #applySimulatorDefaults(s: PanelSnapshot): void {
    if (this.#ui.simulatorShards === undefined) this.#simShards.value = String(Math.min(MAX_SHARDS, Math.max(1, s.simulator.shardCount)));
    this.#scheduleSimulation(0);
  }

  #scheduleSimulation(delay = 120): void {
    if (this.#simTimer) clearTimeout(this.#simTimer);
    this.#simTimer = setTimeout(() => void this.#runSimulation(), delay);
  }

  async #runSimulation(): Promise<void> {
    const kind = this.#simKind.value === 'keys' ? 'keys' : 'pattern';
    const input: SimulationInput = {
      kind,
      text: kind === 'keys' ? this.#simKeys.value : this.#simPattern.value,
      count: Number(this.#simCount.value),
      shards: Number(this.#simShards.value),
    };
    this.#ui = {
      ...this.#ui,
      simulatorKind: kind,
      simulatorInput: input.text.slice(0, 2_000_000),
      simulatorShards: Number.isInteger(input.shards) && input.shards >= 1 && input.shards <= MAX_SHARDS ? input.shards : undefined,
      simulatorCount: Number.isInteger(input.count) && input.count >= 1 && input.count <= 1_000_000 ? input.count : undefined,
    };
    this.#saveState();
    this.#simStats.textContent = 'Simulating…';
    const result = await simulate(input);
    if (!result) return; // superseded by a newer run
    this.#lastSimulation = result;
    if (!result.ok) {
      this.#simStats.textContent = result.error;
      this.#simStats.className = 'sim-stats sim-error';
      return;
    }
    const skewed = result.maxOverMean >= 1.5;
    this.#simStats.className = `sim-stats${skewed ? ' sim-skewed' : ''}`;
    replaceChildren(this.#simStats,
      el('strong', {}, `max/mean ${formatDecimal(result.maxOverMean)}`),
      ` · max ${formatInteger(result.max)} keys on shard ${result.hottest} · mean ${formatDecimal(result.mean)} · `,
      `${formatInteger(result.totalKeys)} keys (${formatInteger(result.distinctKeys)} distinct) over ${formatInteger(result.counts.length)} shards in ${Math.round(result.ms)} ms`,
      skewed ? el('span', { class: 'sim-warning' }, ' · hot shard: the busiest shard takes ≥ 1.5× its fair share') : null);
    this.#shardChart = renderShardChart(this.#shardChart, this.#shardCanvas, result.counts, result.hottest);
    const shown = result.counts.slice(0, 1000);
    replaceChildren(this.#simTable, ...shown.map((count, i) => el('tr', { class: i === result.hottest ? 'hottest' : '' },
      el('td', {}, String(i)), el('td', { class: 'num' }, formatInteger(count)), el('td', { class: 'num' }, result.mean > 0 ? `${formatDecimal(count / result.mean)}×` : '—'))));
  }
}

function parseInitialSnapshot(raw: string | undefined): PanelSnapshot | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as PanelSnapshot;
  } catch {
    return undefined;
  }
}

const vscodeApi = acquireVsCodeApi();
const body = document.body;
const app = new ArchitectPanelApp(vscodeApi, document.getElementById('app') as HTMLElement, body.dataset.source ?? '');
// Initial data travels in escaped data-* attributes (never in an inline script).
app.start(parseInitialSnapshot(body.dataset.snapshot), body.dataset.error || undefined);
