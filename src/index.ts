// The public API of clvlab: one entry point. Each area re-exports its own public functions.
export const version = "0.1.0";
export type { PlotOptions } from "./charts/renderPlot.js";
export { renderPlot } from "./charts/renderPlot.js";
export type { Rng } from "./random/createRng.js";
export { createRng } from "./random/createRng.js";
export { dayNumber, isoDate } from "./util/dayNumber.js";
export { writeFileAtomic } from "./util/writeFileAtomic.js";
export type { TimeUnit, TransactionLog, RejectionReason, RejectionReport } from "./data/types.js";
export { DAYS_PER_UNIT } from "./data/types.js";
export type { TransactionRecord } from "./data/transactionLogFromRecords.js";
export { transactionLogFromRecords } from "./data/transactionLogFromRecords.js";
export * from "./summaries/index.js";
