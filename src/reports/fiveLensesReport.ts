import { c3Chart } from "../charts/lenses/c3Chart.js";
import { cohortHeatmapChart } from "../charts/lenses/cohortHeatmapChart.js";
import { decilesChart } from "../charts/lenses/decilesChart.js";
import { healthFactorsChart } from "../charts/lenses/healthFactorsChart.js";
import { lorenzChart } from "../charts/lenses/lorenzChart.js";
import { migrationChart } from "../charts/lenses/migrationChart.js";
import { retentionCurvesChart } from "../charts/lenses/retentionCurvesChart.js";
import type { TransactionLog } from "../data/types.js";
import { lens1 } from "../lenses/lens1.js";
import { lens2 } from "../lenses/lens2.js";
import { lens3 } from "../lenses/lens3.js";
import { lens4 } from "../lenses/lens4.js";
import { lens5 } from "../lenses/lens5.js";
import { assignCohorts, type CohortSpec } from "../summaries/cohorts.js";
import { periodPanel, type PeriodKind } from "../summaries/periodPanel.js";
import { fitBgNbd } from "../models/bgNbd.js";
import { customerLifetimeValue } from "../models/customerLifetimeValue.js";
import { fitGammaGamma } from "../models/gammaGamma.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import { lensesDocument, type LensesBundle } from "./lensesDocument.js";
import { blocksToHtml, blocksToMarkdown } from "./renderBlocks.js";
import { withoutRevenue } from "./withoutRevenue.js";

/** Options of {@link fiveLensesReport}. */
export interface FiveLensesReportOptions {
  /** Panel period for every lens. Default `"month"`. */
  period?: PeriodKind;
  /** Observation window, ISO dates, inclusive. Default: the log's first and last day. */
  observationStart?: string;
  observationEnd?: string;
  /** Cohorts of lenses 3 and 4. Default: acquisition cohorts by `period`. */
  cohorts?: CohortSpec;
  /** Cohort followed by lens 3 (a label of `cohorts`). Default: the oldest cohort with at least half as many members as the largest one (an early cohort, not a tiny one). */
  lens3Cohort?: string;
  /** Layers of lens 5's C3 chart. Default: acquisition years (3+ years of data) or quarters. */
  layers?: CohortSpec;
  /** Report title. Default "Customer-base audit". */
  title?: string;
  /** Currency symbol used in the text. Default "$". */
  currency?: string;
  /** Data source named in the report. Default "transaction log". */
  source?: string;
  /** Count data (no amount column): the report says revenue is not available and leaves out its revenue-based parts (see {@link withoutRevenue}). Default false. */
  countData?: boolean;
}

/** The five lens results, the report as Markdown and as self-contained HTML, and each chart's SVG. */
export interface FiveLensesReport {
  lenses: LensesBundle;
  markdown: string;
  html: string;
  charts: Record<string, string>;
}

/**
 * Runs the whole customer-base audit of Fader, Hardie & Ross (*The Customer-Base Audit*, 2022) on a
 * transaction log: builds the period panel, runs lenses 1-5 and renders the report (Markdown, and HTML with
 * the Lorenz curve, deciles, migration, retention curves, C3, cohort heat map and health-factor charts).
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const log = await loadTransactions("data/texas_transactions.csv");
 * const { lenses, html } = fiveLensesReport(log, { period: "month" });
 * writeFileAtomic("reports/lenses.html", html);
 */
export function fiveLensesReport(log: TransactionLog, options: FiveLensesReportOptions = {}): FiveLensesReport {
  const panel = periodPanel(log, {
    period: options.period ?? "month",
    ...(options.observationEnd !== undefined ? { observationEnd: options.observationEnd } : {}),
    ...(options.observationStart !== undefined ? { observationStart: options.observationStart } : {}),
  });
  const cohorts = assignCohorts(panel, options.cohorts ?? { by: panel.period }, log);
  const biggest = Math.max(0, ...cohorts.size);
  const lens3Cohort = options.lens3Cohort ?? cohorts.labels[cohorts.size.findIndex((k) => k > 0 && 2 * k >= biggest)];
  const layers = options.layers ? assignCohorts(panel, options.layers, log) : undefined;
  const lenses: LensesBundle = {
    lens1: lens1(panel),
    lens2: lens2(panel),
    lens3: lens3(panel, { cohorts, ...(lens3Cohort !== undefined ? { cohort: lens3Cohort } : {}) }),
    lens4: lens4(panel, { cohorts }),
    lens5: lens5(panel, { ...(layers ? { cohorts: layers } : {}), ...(options.countData ? { countData: true } : {}) }),
  };
  const projection = options.countData ? undefined : projectAnnualRevenue(log, panel.observationEnd);
  if (projection) lenses.lens5.projection = projection;
  const charts: Record<string, string> = {
    lorenz: lorenzChart(lenses.lens1),
    deciles: decilesChart(lenses.lens1),
    migration: migrationChart(lenses.lens2),
    retentionCurves: retentionCurvesChart(lenses.lens4),
    heatmap: cohortHeatmapChart(lenses.lens4),
    c3: c3Chart(lenses.lens5),
    c3Customers: c3Chart(lenses.lens5, { metric: "activeCustomers" }),
    health: healthFactorsChart(lenses.lens5),
  };
  if (options.countData) for (const k of ["lorenz", "deciles", "c3"]) delete charts[k];
  const title = options.title ?? "Customer-base audit";
  const document = lensesDocument(lenses, {
    title,
    currency: options.currency ?? "$",
    source: options.source ?? "transaction log",
    observationStart: panel.observationStart,
    observationEnd: panel.observationEnd,
    timeZone: panel.timeZone,
    customers: panel.customersObserved,
    rowsUsed: panel.rows.used,
    rowsExcluded: panel.rows.afterObservationEnd + panel.rows.beforeObservationStart,
  });
  const blocks = options.countData ? withoutRevenue(document) : document;
  return { lenses, markdown: blocksToMarkdown(blocks), html: blocksToHtml(blocks, charts, title), charts };
}

/**
 * Lens 5's forward look: next-12-month revenue of today's customers from BG/NBD × Gamma-Gamma fitted to the log up
 * to the observation end (weeks), undiscounted, margin 1. Undefined when the models cannot be fitted (too few repeat
 * buyers), so the audit still renders.
 */
function projectAnnualRevenue(log: TransactionLog, observationEnd: string): NonNullable<LensesBundle["lens5"]["projection"]> | undefined {
  try {
    const s = summarizeCustomers(log, { timeUnit: "weeks", observationEnd });
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
