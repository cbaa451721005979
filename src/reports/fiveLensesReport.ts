import type { TransactionLog } from "../data/types.js";
import { assignCohorts, type CohortSpec } from "../summaries/cohorts.js";
import { periodPanel, type PeriodKind } from "../summaries/periodPanel.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import { fiveLensesReportFromPanel } from "./fiveLensesReportFromPanel.js";
import type { LensesBundle } from "./lensesDocument.js";
import { projectAnnualRevenue } from "./projectAnnualRevenue.js";

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
  const layers = options.layers ? assignCohorts(panel, options.layers, log) : undefined;
  const projection = options.countData ? undefined : projectAnnualRevenue(() => summarizeCustomers(log, { timeUnit: "weeks", observationEnd: panel.observationEnd }));
  return fiveLensesReportFromPanel(panel, options, { cohorts, ...(layers ? { layers } : {}), ...(projection ? { projection } : {}) });
}

