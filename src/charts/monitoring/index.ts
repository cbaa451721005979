// Monitoring charts: reference vs current per feature, PSI by feature, realized vs predicted with its band, segment shares.
export { plotFeatureDrift } from "./plotFeatureDrift.js";
export { plotPsiByFeature } from "./plotPsiByFeature.js";
export { plotTrackingBand } from "./plotTrackingBand.js";
export { plotSegmentShares } from "./plotSegmentShares.js";
