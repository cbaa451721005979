// Synthetic data: the Texas retail generator and the BTYD simulators. One export line per public function.
export type { TexasRetailOptions, TexasRetailData, TexasCustomerTruth } from "./generateTexasRetail.js";
export { generateTexasRetail } from "./generateTexasRetail.js";
export type { TexasCity } from "./texasCities.js";
export { TEXAS_CITIES } from "./texasCities.js";
export type { SimulationOptions, SimulatedCustomers } from "./simulateBgNbd.js";
export { simulateBgNbd } from "./simulateBgNbd.js";
export { simulateParetoNbd } from "./simulateParetoNbd.js";
export type { SegmentedLogOptions, SegmentedLog } from "./simulateSegmentedLog.js";
export { simulateSegmentedLog, SEGMENTED_LOG_SEGMENTS } from "./simulateSegmentedLog.js";
