// The audit's lenses, charts and document from a period panel: the in-memory panel of `fiveLensesReport`, or the
// panel an engine builds in SQL (`clvlab lenses --engine`), so both write the same report.
import { c3Chart } from "../charts/lenses/c3Chart.js";
import { cohortHeatmapChart } from "../charts/lenses/cohortHeatmapChart.js";
import { decilesChart } from "../charts/lenses/decilesChart.js";
import { healthFactorsChart } from "../charts/lenses/healthFactorsChart.js";
import { lorenzChart } from "../charts/lenses/lorenzChart.js";
import { migrationChart } from "../charts/lenses/migrationChart.js";
import { retentionCurvesChart } from "../charts/lenses/retentionCurvesChart.js";
import { lens1 } from "../lenses/lens1.js";
import { lens2 } from "../lenses/lens2.js";
import { lens3 } from "../lenses/lens3.js";
import { lens4 } from "../lenses/lens4.js";
import { lens5 } from "../lenses/lens5.js";
import { assignCohorts, type Cohorts } from "../summaries/cohorts.js";
import type { PeriodPanel } from "../summaries/periodPanel.js";
import type { FiveLensesReport, FiveLensesReportOptions } from "./fiveLensesReport.js";
import { lensesDocument, type LensesBundle } from "./lensesDocument.js";
import { blocksToHtml, blocksToMarkdown } from "./renderBlocks.js";
import { withoutRevenue } from "./withoutRevenue.js";

/** What the panel alone cannot give: cohorts by log attributes, C3 layers, and lens 5's revenue projection. */
export interface FiveLensesPanelExtras {
  /** Cohorts of lenses 3 and 4. Default: acquisition cohorts by the panel's period. */
  cohorts?: Cohorts;
  /** Layers of lens 5's C3 chart. Default: lens 5's own (acquisition years or quarters). */
  layers?: Cohorts;
  /** Lens 5's forward look (see `projectAnnualRevenue`). Default none. */
  projection?: NonNullable<LensesBundle["lens5"]["projection"]>;
}

/**
 * The customer-base audit of Fader, Hardie & Ross (*The Customer-Base Audit*, 2022) on a period panel: lenses 1-5,
 * the charts and the report (Markdown and self-contained HTML). `options.period`, `observationStart/End`,
 * `cohorts` and `layers` are the panel's and `extras`' business here; title, currency, source, lens 3's cohort and
 * count data are read from `options`.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const panel = await engine.periodPanel({ period: "month" });
 * const { markdown, html } = fiveLensesReportFromPanel(panel, { source: "logs/*.parquet" });
 */
export function fiveLensesReportFromPanel(panel: PeriodPanel, options: FiveLensesReportOptions = {}, extras: FiveLensesPanelExtras = {}): FiveLensesReport {
  const cohorts = extras.cohorts ?? assignCohorts(panel, { by: panel.period });
  const biggest = Math.max(0, ...cohorts.size);
  const lens3Cohort = options.lens3Cohort ?? cohorts.labels[cohorts.size.findIndex((k) => k > 0 && 2 * k >= biggest)];
  const lenses: LensesBundle = {
    lens1: lens1(panel),
    lens2: lens2(panel),
    lens3: lens3(panel, { cohorts, ...(lens3Cohort !== undefined ? { cohort: lens3Cohort } : {}) }),
    lens4: lens4(panel, { cohorts }),
    lens5: lens5(panel, { ...(extras.layers ? { cohorts: extras.layers } : {}), ...(options.countData ? { countData: true } : {}) }),
  };
  if (extras.projection && !options.countData) lenses.lens5.projection = extras.projection;
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
