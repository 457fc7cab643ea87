/**
 * Deterministic number formatting for the human-readable working (hovers, CLI, the architecture
 * document). Implemented by hand rather than with Intl so output never depends on the host's ICU data.
 */

/** Groups thousands with commas and drops trailing zeros: 13392 → "13,392", 2.5 → "2.5". */
export function formatNumber(value: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(maxFractionDigits);
  const [whole, fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmedFraction = fraction.replace(/0+$/, '');
  return (negative ? '-' : '') + grouped + (trimmedFraction ? '.' + trimmedFraction : '');
}

/** US dollars with cents: 299.088 → "$299.09", 3557.088 → "$3,557.09". */
export function formatUsd(value: number): string {
  const negative = value < 0;
  const [whole, cents] = Math.abs(value).toFixed(2).split('.');
  return (negative ? '-' : '') + '$' + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + cents;
}

/** Prices like $0.0015 keep all their significant digits. */
export function formatPrice(value: number): string {
  return '$' + String(value);
}

/** Bytes in decimal units, the same units the capacity arithmetic uses: 2000 → "2 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${formatNumber(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${formatNumber(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${formatNumber(bytes / 1e3)} KB`;
  return `${formatNumber(bytes)} B`;
}

export function formatHours(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return `${formatNumber(hours)} h (${formatNumber(hours / 24)} days)`;
  return `${formatNumber(hours)} h`;
}

export function plural(count: number, singular: string, pluralForm = singular + 's'): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
