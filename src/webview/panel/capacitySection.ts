/**
 * The Architect panel's capacity section: shards and monthly cost per requirement and per stream,
 * in both price tables, with the calculation behind every number one click away.
 */
import * as l10n from '@vscode/l10n';
import type { CostView, PanelSnapshot, RequirementRowView } from '../../shared/protocol';
import { el, replaceChildren } from '../common/dom';
import { formatInteger, formatUsd } from '../common/format';

function costCells(cost: CostView): HTMLElement[] {
  const lowerBound = !cost.complete;
  return [
    el('td', { class: 'num' }, formatUsd(cost.provisioned.total, lowerBound)),
    el('td', { class: 'num' }, formatUsd(cost.onDemand.total, lowerBound)),
  ];
}

/** The "Shards and monthly cost" table: one line per requirement and per stream, each with its working. */
export function renderCapacity(section: HTMLElement, s: PanelSnapshot): void {
  const header = el('thead', {},
    el('tr', {},
      el('th', { attrs: { scope: 'col', rowspan: 2 } }, l10n.t('Requirement / stream')),
      el('th', { attrs: { scope: 'col', rowspan: 2 } }, l10n.t('Shards (peak)')),
      el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, l10n.t('Seed prices / month')),
      el('th', { attrs: { scope: 'colgroup', colspan: 2 } }, l10n.t('AWS us-east-1 / month')),
      el('th', { attrs: { scope: 'col', rowspan: 2 } }, l10n.t('Recommended'))),
    el('tr', {},
      el('th', { attrs: { scope: 'col' } }, l10n.t('Provisioned (fixed at peak)')), el('th', { attrs: { scope: 'col' } }, l10n.t('On-demand')),
      el('th', { attrs: { scope: 'col' } }, l10n.t('Provisioned (fixed at peak)')), el('th', { attrs: { scope: 'col' } }, l10n.t('On-demand'))));
  const line = (kind: 'requirement' | 'stream', name: string, capacity: RequirementRowView['capacity'], costs: RequirementRowView['costs'], planned?: number) => {
    const shards = capacity.shards !== undefined
      ? formatInteger(capacity.shards)
      : capacity.shardsByRecords !== undefined ? `≥ ${formatInteger(Math.max(1, capacity.shardsByRecords))}` : '—';
    const working = el('details', { class: 'working' },
      el('summary', { attrs: { 'aria-label': l10n.t('Calculation for {0}', name) } }, l10n.t('Calculation')),
      el('ol', {}, ...capacity.steps.map((step) => el('li', {}, step))),
      ...(['seed', 'aws'] as const).map((table) => costWorking(costs[table])));
    return el('tr', { class: `${kind}-row` },
      el('th', { attrs: { scope: 'row' } },
        el('span', { class: 'kind' }, kind === 'stream' ? l10n.t('Stream ') : l10n.t('Requirement ')), name, working),
      el('td', { class: 'num' }, shards, planned !== undefined ? el('span', { class: 'muted' }, l10n.t(' (planned {0})', planned)) : null),
      ...costCells(costs.seed),
      ...costCells(costs.aws),
      el('td', { attrs: { title: costs.seed.modeReason } }, capacity.recommendedMode === 'onDemand' ? l10n.t('On-demand') : l10n.t('Provisioned, fixed at peak')));
  };
  const rows = [
    ...s.rows.map((r) => line('requirement', `${r.label} · ${r.streamName}`, r.capacity, r.costs)),
    ...s.streams.map((st) => line('stream', `${st.name} (${st.requirementLabels.join(', ')})`, st.capacity, st.costs, st.plannedShards)),
  ];
  replaceChildren(section,
    el('h2', { id: 'capacity-title' }, l10n.t('Shards and monthly cost')),
    el('p', { class: 'muted hint' }, l10n.t('Shards are sized for peak throughput; the provisioned cost beside them is for that many shards (fixed at peak), with traffic at its average rate. Auto-scaled and on-demand figures are in each calculation; the recommendation is the cheapest option that carries the peak.')),
    // A scrolling region gets keyboard focus, so it can be scrolled without a mouse.
    el('div', { class: 'table-scroll', attrs: { tabindex: 0, role: 'region', 'aria-labelledby': 'capacity-title' } }, el('table', { class: 'capacity', id: 'capacity-table', attrs: { 'aria-labelledby': 'capacity-title' } }, header, el('tbody', {}, ...rows))));
}

function costWorking(cost: CostView): HTMLElement {
  const items = (label: string, mode: CostView['provisioned']) => el('div', {},
    el('strong', {}, `${cost.priceTableLabel}, ${label}: ${formatUsd(mode.total, !cost.complete)}`),
    el('ul', {}, ...mode.items.map((i) => el('li', {}, `${i.label}: ${formatUsd(i.amount)} (${i.working})`))));
  return el('div', { class: 'cost-working' },
    items(l10n.t('provisioned, fixed at peak ({0} shards)', cost.provisionedShards ?? '?'), cost.provisioned),
    items(l10n.t('provisioned, auto-scaled ({0} shards at average; cannot follow short bursts)', cost.autoScaledShards ?? '?'), cost.autoScaled),
    items(l10n.t('on-demand'), cost.onDemand),
    cost.notes.length > 0 ? el('ul', { class: 'notes' }, ...cost.notes.map((n) => el('li', {}, n))) : null);
}
