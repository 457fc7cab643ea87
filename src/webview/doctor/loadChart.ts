/**
 * The per-shard load chart of a finding: records per second of each shard over the window, one line
 * per shard, with the 1,000 records/s write limit when the load comes near it. Plain SVG built
 * through DOM APIs; colours are CSS classes over VS Code's chart variables (media/doctor.css), so it
 * follows the theme. A text summary beside it says the same for screen readers.
 */
import { formatInteger } from '../common/format';
import * as l10n from '@vscode/l10n';
import { chartSummary, downsample, type ShardSeries } from './chartModel';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 160;
const PAD = { left: 44, right: 8, top: 8, bottom: 22 };
const WRITE_LIMIT = 1000;
/** Shards drawn at most; the rest are named in the summary. */
const MAX_LINES = 8;

function svg(tag: string, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

export function loadChart(series: readonly ShardSeries[], label: string): HTMLElement {
  const drawn = series.slice(0, MAX_LINES);
  const peak = drawn.reduce((m, s) => Math.max(m, ...s.recordsPerSecond), 0);
  const top = Math.max(10, peak >= WRITE_LIMIT / 2 ? Math.max(peak, WRITE_LIMIT) * 1.05 : peak * 1.1);
  const seconds = Math.max(1, ...drawn.map((s) => s.recordsPerSecond.length));
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'load-chart', role: 'img', 'aria-label': label });
  chart.append(
    svg('line', { x1: PAD.left, y1: y(0), x2: WIDTH - PAD.right, y2: y(0), class: 'axis' }),
    svg('text', { x: PAD.left - 4, y: y(0), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, '0'),
    svg('text', { x: PAD.left - 4, y: y(top), class: 'tick', 'text-anchor': 'end', 'dominant-baseline': 'hanging' }, formatInteger(top)),
    svg('text', { x: PAD.left, y: HEIGHT - 4, class: 'tick' }, l10n.t('0 s')),
    svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 4, class: 'tick', 'text-anchor': 'end' }, l10n.t('{0} s', seconds)),
  );
  if (top >= WRITE_LIMIT) {
    chart.append(
      svg('line', { x1: PAD.left, y1: y(WRITE_LIMIT), x2: WIDTH - PAD.right, y2: y(WRITE_LIMIT), class: 'limit' }),
      svg('text', { x: WIDTH - PAD.right - 2, y: y(WRITE_LIMIT) - 3, class: 'tick limit-label', 'text-anchor': 'end' }, l10n.t('1,000 records/s per shard')),
    );
  }
  drawn.forEach((s, index) => {
    const points = downsample(s.recordsPerSecond);
    const step = points.length > 1 ? innerW / (points.length - 1) : 0;
    const path = points.map((v, i) => `${(PAD.left + i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points: points.length === 1 ? `${PAD.left},${y(points[0])} ${WIDTH - PAD.right},${y(points[0])}` : path, class: `series series-${index}` },
      svg('title', {}, s.shardId)));
  });
  const legend = document.createElement('ul');
  legend.className = 'legend';
  drawn.forEach((s, index) => {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch series-${index}`;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, s.shardId);
    legend.append(item);
  });
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const caption = document.createElement('figcaption');
  caption.className = 'chart-summary';
  const lines = chartSummary(series);
  const list = document.createElement('ul');
  for (const line of lines) {
    const li = document.createElement('li');
    li.textContent = line;
    list.append(li);
  }
  caption.append(list);
  figure.append(chart, legend, caption);
  return figure;
}
