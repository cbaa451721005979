// Model diagnostic charts (issue 4, item 6). Each returns an SVG string rendered by renderPlot.
export type { PurchaseModelForCharts } from "./types.js";
export type { PeriodTransactionsOptions } from "./plotPeriodTransactions.js";
export { plotPeriodTransactions, periodTransactionsData } from "./plotPeriodTransactions.js";
export type { CalibrationHoldoutOptions, CalibrationHoldoutSummary } from "./plotCalibrationHoldout.js";
export { plotCalibrationHoldout, calibrationHoldoutData } from "./plotCalibrationHoldout.js";
export type { TrackingOptions } from "./plotTracking.js";
export { plotTracking, trackingData } from "./plotTracking.js";
export type { HeatmapOptions } from "./plotAliveHeatmap.js";
export { plotAliveHeatmap, heatmapData } from "./plotAliveHeatmap.js";
