// Lens 5's forward look, shared by the in-memory audit and the audit on an engine's panel.
import { fitBgNbd } from "../models/bgNbd.js";
import { customerLifetimeValue } from "../models/customerLifetimeValue.js";
import { fitGammaGamma } from "../models/gammaGamma.js";
import type { CustomerSummary } from "../summaries/types.js";
import type { LensesBundle } from "./lensesDocument.js";

/**
 * Next-12-month revenue of today's customers from BG/NBD × Gamma-Gamma (Fader, Hardie & Lee 2005; Fader & Hardie
 * 2013) fitted to a weekly customer summary up to the observation end, undiscounted, margin 1. Undefined when the
 * summary cannot be built or the models cannot be fitted (too few repeat buyers), so the audit still renders.
 * @param summary builds the summary (in weeks): the log's `summarizeCustomers`, or an engine's summary.
 * @example
 * const p = projectAnnualRevenue(() => summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "2025-06-30" }));
 */
export function projectAnnualRevenue(summary: () => CustomerSummary): NonNullable<LensesBundle["lens5"]["projection"]> | undefined {
  try {
    const s = summary();
    const bg = fitBgNbd(s);
    const gg = fitGammaGamma(s);
    const clv = customerLifetimeValue(bg, gg, s, { months: 12, discountRate: 0, margin: 1, timeUnit: "weeks" });
    let total = 0;
    for (const v of clv) total += v;
    if (!Number.isFinite(total)) return undefined;
    return { annualRevenue: Math.round(total * 100) / 100, model: "BG/NBD × Gamma-Gamma fitted to this log (weeks), next 12 months, undiscounted revenue", converged: bg.converged && gg.converged, customers: s.customerId.length };
  } catch {
    return undefined;
  }
}
