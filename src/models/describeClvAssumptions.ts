import { CLV_DEFAULTS } from "./clvDefaults.js";
import type { ClvOptions } from "./customerLifetimeValue.js";

/**
 * The assumptions behind a CLV figure, in the words printed beside every CLV total: margin, discount rate and
 * horizon, with their units. Options left out take {@link CLV_DEFAULTS}, as {@link customerLifetimeValue} does.
 * @example describeClvAssumptions({}) // "margin 30%, 10%/year discount, 12 months"
 */
export function describeClvAssumptions(options: Pick<ClvOptions, "months" | "discountRate" | "discountRatePeriod" | "margin" | "discounting"> = {}): string {
  const pct = (x: number): string => `${Number((x * 100).toPrecision(4))}%`;
  const months = options.months ?? CLV_DEFAULTS.months;
  const horizon = Number.isFinite(months) ? `${months} month${months === 1 ? "" : "s"}` : "an unlimited horizon";
  const cont = options.discounting === "continuous" ? " (continuous)" : "";
  return `margin ${pct(options.margin ?? CLV_DEFAULTS.margin)}, ${pct(options.discountRate ?? CLV_DEFAULTS.discountRate)}/${options.discountRatePeriod ?? "year"} discount${cont}, ${horizon}`;
}
