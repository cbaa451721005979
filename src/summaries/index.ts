// Customer summaries, RFM, period panel and cohorts. One export line per public function.
export type { CustomerSummary } from "./types.js";
export type { SummarizeCustomersOptions, SummaryReport, CustomerSummaryWithReport } from "./summarizeCustomers.js";
export { summarizeCustomers } from "./summarizeCustomers.js";
export type { PeriodKind, PeriodPanel, PeriodPanelOptions } from "./periodPanel.js";
export { periodPanel } from "./periodPanel.js";
export type { CohortSpec, CohortWindow, Cohorts } from "./cohorts.js";
export { assignCohorts } from "./cohorts.js";
export type { RfmOptions, RfmTable } from "./rfm.js";
export { rfm } from "./rfm.js";
export type { DiscreteSummary, SummarizeDiscreteOptions } from "./summarizeDiscrete.js";
export { summarizeDiscrete } from "./summarizeDiscrete.js";
export { quintileScores } from "./quintileScores.js";
export type { SummaryTable } from "./summaryTable.js";
export { summaryTable } from "./summaryTable.js";
