/**
 * The Architect panel's partition-key simulator: a key pattern or pasted keys, routed to shards as
 * Kinesis does (./simulation.ts), shown as stats, a chart and a per-shard table. Its inputs are
 * UI state the page persists (the owner saves what {@link SimulatorSection} reports).
 */
import * as l10n from '@vscode/l10n';
import type { Chart } from 'chart.js';
import type { PanelSnapshot, PanelState } from '../../shared/protocol';
import { append, el, replaceChildren } from '../common/dom';
import { formatDecimal, formatInteger } from '../common/format';
import { renderShardChart } from './charts';
import { MAX_SHARDS, simulate, type SimulationInput } from './simulation';
import type { ValueElement } from './elements';

export type SimulatorState = Pick<NonNullable<PanelState['ui']>, 'simulatorKind' | 'simulatorInput' | 'simulatorShards' | 'simulatorCount'>;

export class SimulatorSection {
  readonly element = el('section', { id: 'simulator', attrs: { 'aria-labelledby': 'simulator-title' } });
  readonly #onStateChange: (state: SimulatorState) => void;
  readonly #canvas = el('canvas', { id: 'shard-chart', attrs: { role: 'img', 'aria-label': l10n.t('Keys per shard'), 'aria-describedby': 'sim-stats' } });
  readonly #stats = el('p', { id: 'sim-stats', class: 'sim-stats', attrs: { 'aria-live': 'polite' } });
  readonly #table = el('tbody');
  readonly #kind: ValueElement;
  readonly #pattern: ValueElement;
  readonly #keys: ValueElement;
  readonly #shards: ValueElement;
  readonly #count: ValueElement;
  #chart: Chart | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #last: Awaited<ReturnType<typeof simulate>>;

  constructor(ui: SimulatorState, onStateChange: (state: SimulatorState) => void) {
    this.#onStateChange = onStateChange;
    const schedule = () => this.#schedule();
    this.#kind = el('vscode-single-select', { id: 'sim-kind', attrs: { 'aria-label': l10n.t('Key source') }, on: { change: () => this.#onKindChange() } },
      el('vscode-option', { attrs: { value: 'pattern', selected: ui.simulatorKind !== 'keys' } }, l10n.t('Pattern')),
      el('vscode-option', { attrs: { value: 'keys', selected: ui.simulatorKind === 'keys' } }, l10n.t('Pasted keys'))) as ValueElement;
    this.#pattern = el('vscode-textfield', {
      id: 'sim-pattern',
      attrs: { label: l10n.t('Key pattern'), placeholder: l10n.t('device-{1..5000} or user#{rand 0-9}') },
      props: { value: ui.simulatorKind !== 'keys' ? (ui.simulatorInput ?? 'device-{1..5000}') : 'device-{1..5000}' },
      on: { input: schedule },
    }) as ValueElement;
    this.#keys = el('vscode-textarea', {
      id: 'sim-keys',
      attrs: { label: l10n.t('Partition keys, one per line'), rows: 6, placeholder: l10n.t('One partition key per line') },
      props: { value: ui.simulatorKind === 'keys' ? (ui.simulatorInput ?? '') : '' },
      on: { input: schedule },
    }) as ValueElement;
    this.#shards = el('vscode-textfield', {
      id: 'sim-shards',
      attrs: { label: l10n.t('Shard count'), type: 'number', min: 1, max: MAX_SHARDS },
      props: { value: String(ui.simulatorShards ?? 4) },
      on: { input: schedule },
    }) as ValueElement;
    this.#count = el('vscode-textfield', {
      id: 'sim-count',
      attrs: { label: l10n.t('Number of keys to generate'), type: 'number', min: 1, max: 1_000_000 },
      props: { value: String(ui.simulatorCount ?? 100_000) },
      on: { input: schedule },
    }) as ValueElement;
    const field = (label: string, control: HTMLElement, cls = '') => el('label', { class: `control ${cls}` }, el('span', {}, label), control);
    append(this.element,
      el('h2', { id: 'simulator-title' }, l10n.t('Partition-key simulator')),
      el('p', { class: 'muted hint' }, l10n.t('Routes keys as Kinesis does (MD5 of the key over equal hash ranges). Patterns: {1..N}, {rand A-B}, {choice a|b}, {hex N}, {uuid}, {seq}.')),
      el('div', { class: 'controls' },
        field(l10n.t('Key source'), this.#kind),
        field(l10n.t('Pattern'), this.#pattern, 'sim-pattern-control wide'),
        field(l10n.t('Keys to generate'), this.#count, 'sim-count-control'),
        field(l10n.t('Shards'), this.#shards)),
      field(l10n.t('Pasted keys'), this.#keys, 'sim-keys-control wide'),
      this.#stats,
      el('div', { class: 'chart-box' }, this.#canvas),
      el('details', { class: 'shard-table' },
        el('summary', {}, l10n.t('Per-shard counts')),
        el('table', { id: 'sim-table' }, el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' } }, l10n.t('Shard')), el('th', { attrs: { scope: 'col' } }, l10n.t('Keys')), el('th', { attrs: { scope: 'col' } }, l10n.t('vs mean')))), this.#table)));
    this.#onKindChange(false);
  }

  #onKindChange(run = true): void {
    const keys = this.#kind.value === 'keys';
    this.element.classList.toggle('sim-mode-keys', keys);
    this.element.classList.toggle('sim-mode-pattern', !keys);
    if (run) this.#schedule();
  }

  /** The first snapshot seeds the shard count (unless the user chose one) and runs the simulation. */
  applyDefaults(s: PanelSnapshot, userChoseShards: boolean): void {
    if (!userChoseShards) this.#shards.value = String(Math.min(MAX_SHARDS, Math.max(1, s.simulator.shardCount)));
    this.#schedule(0);
  }

  #schedule(delay = 120): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), delay);
  }

  async #run(): Promise<void> {
    const kind = this.#kind.value === 'keys' ? 'keys' : 'pattern';
    const input: SimulationInput = {
      kind,
      text: kind === 'keys' ? this.#keys.value : this.#pattern.value,
      count: Number(this.#count.value),
      shards: Number(this.#shards.value),
    };
    this.#onStateChange({
      simulatorKind: kind,
      simulatorInput: input.text.slice(0, 2_000_000),
      simulatorShards: Number.isInteger(input.shards) && input.shards >= 1 && input.shards <= MAX_SHARDS ? input.shards : undefined,
      simulatorCount: Number.isInteger(input.count) && input.count >= 1 && input.count <= 1_000_000 ? input.count : undefined,
    });
    this.#stats.textContent = l10n.t('Simulating…');
    const result = await simulate(input);
    if (!result) return; // superseded by a newer run
    this.#last = result;
    if (!result.ok) {
      this.#stats.textContent = result.error;
      this.#stats.className = 'sim-stats sim-error';
      return;
    }
    const skewed = result.maxOverMean >= 1.5;
    this.#stats.className = `sim-stats${skewed ? ' sim-skewed' : ''}`;
    replaceChildren(this.#stats,
      el('strong', {}, l10n.t('max/mean {0}', formatDecimal(result.maxOverMean))),
      l10n.t(' · max {0} keys on shard {1} · mean {2} · ', formatInteger(result.max), result.hottest, formatDecimal(result.mean)),
      l10n.t('{0} keys ({1} distinct) over {2} shards in {3} ms', formatInteger(result.totalKeys), formatInteger(result.distinctKeys), formatInteger(result.counts.length), Math.round(result.ms)),
      skewed ? el('span', { class: 'sim-warning' }, l10n.t(' · hot shard: the busiest shard takes ≥ 1.5× its fair share')) : null);
    this.#chart = renderShardChart(this.#chart, this.#canvas, result.counts, result.hottest);
    // The chart's summary for screen readers: what a sighted user reads off the bars.
    const summary = l10n.t('Keys per shard over {0} shards: the busiest is shard {1} with {2} keys, {3} times the mean of {4}', result.counts.length, result.hottest, formatInteger(result.max), formatDecimal(result.maxOverMean), formatDecimal(result.mean));
    this.#canvas.setAttribute('aria-label', `${summary}${skewed ? l10n.t('; a hot shard') : ''}.`);
    const shown = result.counts.slice(0, 1000);
    replaceChildren(this.#table, ...shown.map((count, i) => el('tr', { class: i === result.hottest ? 'hottest' : '' },
      el('td', {}, String(i)), el('td', { class: 'num' }, formatInteger(count)), el('td', { class: 'num' }, result.mean > 0 ? `${formatDecimal(count / result.mean)}×` : '—'))));
  }

  /** Charts read theme colours once: draw again after a theme change. */
  redrawChart(): void {
    if (!this.#last?.ok) return;
    this.#chart?.destroy();
    this.#chart = renderShardChart(undefined, this.#canvas, this.#last.counts, this.#last.hottest);
  }
}
