import type { PriceTableId } from '../analysis/cost';

/** Settings the requirements engine honours; the extension maps its `kinesis.*` settings onto these. */
export interface RequirementsOptions {
  /** Which price table costs use: the seed's constants (default) or AWS us-east-1 list prices. */
  readonly priceTable: PriceTableId;
  /** Monthly cost (US dollars, provisioned, per requirement) above which a warning is shown. */
  readonly monthlyCostThreshold: number;
  /** Report each unticked Validation Checklist item. */
  readonly reportUncheckedItems: boolean;
  /**
   * Price and plan reads as the read-side rules advise (consumers they switch count as enhanced
   * fan-out) instead of as the file states. The architecture document uses this; editor features
   * show the file as written, with the advice as diagnostics.
   */
  readonly applyReadAdvice: boolean;
}

export const DEFAULT_REQUIREMENTS_OPTIONS: RequirementsOptions = {
  priceTable: 'seed',
  monthlyCostThreshold: 1000,
  reportUncheckedItems: true,
  applyReadAdvice: false,
};

/** Fills unset options with defaults and ignores invalid values rather than failing. */
export function resolveRequirementsOptions(options: Partial<RequirementsOptions> = {}): RequirementsOptions {
  const threshold = options.monthlyCostThreshold;
  return {
    priceTable: options.priceTable === 'aws' ? 'aws' : 'seed',
    monthlyCostThreshold:
      typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0 ? threshold : DEFAULT_REQUIREMENTS_OPTIONS.monthlyCostThreshold,
    reportUncheckedItems: options.reportUncheckedItems ?? DEFAULT_REQUIREMENTS_OPTIONS.reportUncheckedItems,
    applyReadAdvice: options.applyReadAdvice ?? DEFAULT_REQUIREMENTS_OPTIONS.applyReadAdvice,
  };
}
