// Reports: the Five Lenses customer-base audit (Markdown and self-contained HTML).
export type { FiveLensesReport, FiveLensesReportOptions } from "./fiveLensesReport.js";
export { fiveLensesReport } from "./fiveLensesReport.js";
export type { LensesBundle } from "./lensesDocument.js";
export { fiveLensesReportFromPanel, type FiveLensesPanelExtras } from "./fiveLensesReportFromPanel.js";
export { projectAnnualRevenue } from "./projectAnnualRevenue.js";
