// Monitoring charts: reference vs current per feature, PSI by feature, realized vs predicted with its band.
export { plotFeatureDrift } from "./plotFeatureDrift.js";
export { plotPsiByFeature } from "./plotPsiByFeature.js";
export { plotTrackingBand } from "./plotTrackingBand.js";
