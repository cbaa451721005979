// The Five Lenses customer-base audit (Fader, Hardie & Ross, The Customer-Base Audit, 2022).
export type { WindowInfo, ActivitySummary } from "./types.js";
export type { Lens1Options, Lens1Result, Lens1Decile, Lens1Rfm, DistributionSummary } from "./lens1.js";
export { lens1 } from "./lens1.js";
export type { Lens2Options, Lens2Result, Lens2Group, Lens2GroupRow } from "./lens2.js";
export { lens2 } from "./lens2.js";
export type { Lens3Options, Lens3Result, TimeToSecondPurchase } from "./lens3.js";
export { lens3 } from "./lens3.js";
export type { Lens4Options, Lens4Result, Lens4Cell } from "./lens4.js";
export { lens4 } from "./lens4.js";
export type { Lens5Options, Lens5Result, HealthFactor, HealthFactorName } from "./lens5.js";
export { lens5, HEALTH_WEIGHTS, HEALTH_FACTOR_LABELS } from "./lens5.js";
export type { TrendTest } from "./mannKendallTrend.js";
export { mannKendallTrend } from "./mannKendallTrend.js";
