// Synthetic data: the Texas retail generator and the BTYD simulators. One export line per public function.
export type { TexasRetailOptions, TexasRetailData, TexasCity, TexasCustomerTruth } from "./generateTexasRetail.js";
export { generateTexasRetail, TEXAS_CITIES } from "./generateTexasRetail.js";
export type { SimulationOptions, SimulatedCustomers } from "./simulateBgNbd.js";
export { simulateBgNbd } from "./simulateBgNbd.js";
export { simulateParetoNbd } from "./simulateParetoNbd.js";
export type { SegmentedLogOptions, SegmentedLog } from "./simulateSegmentedLog.js";
export { simulateSegmentedLog, SEGMENTED_LOG_SEGMENTS } from "./simulateSegmentedLog.js";
