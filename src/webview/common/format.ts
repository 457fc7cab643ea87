/**
 * Number and text formats the pages share. DOM-free (plain-Node unit tests import it), en-US like
 * the rest of the UI.
 */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatUsd(value: number | undefined, lowerBound = false): string {
  if (value === undefined) return '—';
  return (lowerBound ? '≥ ' : '') + usd.format(value);
}

/** "1,234"; "—" when unknown. */
export function formatInteger(value: number | undefined): string {
  return value === undefined ? '—' : integer.format(value);
}

export function formatDecimal(value: number): string {
  return decimal.format(value);
}
