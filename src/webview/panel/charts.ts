/**
 * Chart.js, tree-shaken to bar charts, coloured from VS Code's theme variables so charts follow
 * light, dark and high-contrast themes. Charts are rebuilt when the theme changes.
 */
import * as l10n from '@vscode/l10n';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const PALETTE_VARIABLES = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-yellow',
  '--vscode-charts-red',
];
const PALETTE_FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#cca700', '#f14c4c'];

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * Some chart colours carry an alpha channel (charts.orange is the translucent minimap find colour),
 * which makes bars muddy over the editor background: draw them opaque.
 */
export function opaque(color: string): string {
  const hex = /^#([0-9a-f]{6})[0-9a-f]{2}$/i.exec(color);
  if (hex) return `#${hex[1]}`;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])[0-9a-f]$/i.exec(color);
  if (short) return `#${short[1]}${short[2]}${short[3]}`;
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,[^)]*\)$/i.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  return color;
}

export interface ThemeColors {
  readonly foreground: string;
  readonly grid: string;
  readonly palette: readonly string[];
  readonly highlight: string;
  readonly font: string;
}

export function themeColors(): ThemeColors {
  return {
    foreground: cssVariable('--vscode-foreground', '#cccccc'),
    grid: cssVariable('--vscode-editorWidget-border', cssVariable('--vscode-panel-border', '#80808059')),
    palette: PALETTE_VARIABLES.map((v, i) => opaque(cssVariable(v, PALETTE_FALLBACK[i]))),
    highlight: opaque(cssVariable('--vscode-charts-red', '#f14c4c')),
    font: cssVariable('--vscode-font-family', 'sans-serif'),
  };
}

function baseOptions(colors: ThemeColors, stacked: boolean, yTitle: string) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    color: colors.foreground,
    font: { family: colors.font },
    plugins: {
      legend: { labels: { color: colors.foreground, boxWidth: 12 } },
      tooltip: { enabled: true },
    },
    scales: {
      x: { stacked, ticks: { color: colors.foreground, autoSkip: true, maxRotation: 45 }, grid: { color: colors.grid } },
      y: { stacked, beginAtZero: true, title: { display: true, text: yTitle, color: colors.foreground }, ticks: { color: colors.foreground }, grid: { color: colors.grid } },
    },
  };
}

export interface CostSeries {
  readonly label: string;
  readonly values: readonly number[];
}

/** Stacked bars: one bar per stream, one stack segment per cost item. */
export function renderCostChart(existing: Chart | undefined, canvas: HTMLCanvasElement, streams: readonly string[], series: readonly CostSeries[]): Chart {
  const colors = themeColors();
  const datasets: ChartDataset<'bar', number[]>[] = series.map((s, i) => ({
    label: s.label,
    data: [...s.values],
    backgroundColor: colors.palette[i % colors.palette.length],
    borderWidth: 0,
  }));
  existing?.destroy();
  const options = baseOptions(colors, true, 'US$ per month');
  return new Chart(canvas, { type: 'bar', data: { labels: [...streams], datasets }, options });
}

/** One bar per shard; the hottest shard in the highlight colour, the mean as a second dataset. */
export function renderShardChart(existing: Chart | undefined, canvas: HTMLCanvasElement, counts: readonly number[], hottest: number): Chart {
  const colors = themeColors();
  const labels = counts.map((_, i) => String(i));
  const base = colors.palette[0];
  const data = {
    labels,
    datasets: [{
      label: l10n.t('Keys per shard'),
      data: [...counts],
      backgroundColor: counts.map((_, i) => (i === hottest ? colors.highlight : base)),
      borderWidth: 0,
    }],
  };
  if (existing && existing.data.labels?.length === labels.length) {
    existing.data = data;
    existing.update('none');
    return existing;
  }
  existing?.destroy();
  const options = baseOptions(colors, false, 'keys');
  options.plugins.legend = { labels: { color: colors.foreground, boxWidth: 12 } };
  options.scales.x.ticks = { color: colors.foreground, autoSkip: true, maxRotation: 0 };
  return new Chart(canvas, { type: 'bar', data, options: { ...options, plugins: { ...options.plugins, legend: { display: false, labels: options.plugins.legend.labels } } } });
}
