// Bayesian estimation: priors, NUTS, diagnostics, posterior summaries. Importing this module enables
// `fit*(data, { method: "map" | "laplace" | "mcmc" })`.
import "./register.js";

export type { PriorSpec } from "./priors.js";
export { PRIOR_DISTRIBUTIONS } from "./priors.js";
export type { PriorSet } from "./defaultPriors.js";
export { defaultPriors } from "./defaultPriors.js";
export type { NutsOptions, NutsChain } from "./sampleNuts.js";
export { sampleNuts } from "./sampleNuts.js";
export type { ChainDraws } from "./diagnostics.js";
export { rhat, essBulk, essTail, essMean, mcse, hdi, ebfmi } from "./diagnostics.js";
export type { PosteriorSummary, PosteriorSummaryRow, PosteriorPredictOptions, SamplerStats, PointModel } from "./posterior.js";
export { Posterior } from "./posterior.js";
export { DIAGNOSTIC_THRESHOLDS } from "./fitBayesian.js";
export type { SbcOptions, SbcResult } from "./simulationBasedCalibration.js";
export { simulationBasedCalibration } from "./simulationBasedCalibration.js";
export type { BayesianPurchaseModel, ClvIntervalOptions } from "./customerLifetimeValueIntervals.js";
export { customerLifetimeValueIntervals } from "./customerLifetimeValueIntervals.js";
export type { PpcOptions, PurchaseCountPpcRow, TrackingBandRow, HoldoutBandRow } from "./posteriorPredictiveChecks.js";
export { purchaseCountPpc, trackingBands, calibrationHoldoutBands } from "./posteriorPredictiveChecks.js";
export { plotPurchaseCountPpc, plotTrackingBands, plotCalibrationHoldoutBands } from "../charts/bayes/plotPosteriorPredictive.js";
export { plotTrace, plotRank } from "../charts/bayes/plotTraceRank.js";
