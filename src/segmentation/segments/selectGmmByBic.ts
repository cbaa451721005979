import { fitGmm, type FitGmmOptions } from "./fitGmm.js";
import { defaultWorkers, runBalancedSync, workersAvailable } from "../parallel/runParallel.js";
import { toFeatureMatrix } from "../learners/toFeatureMatrix.js";
import type { FeatureMatrix, GmmModel } from "../types.js";

export interface SelectGmmByBicOptions extends Omit<FitGmmOptions, "k"> {
  /** Smallest k tried. Default 1. */
  kMin?: number;
  /** Largest k tried. Default 8. */
  kMax?: number;
  /** Worker threads (k values are spread over them). Default: one per core, used when the work is large enough to pay. */
  workers?: number;
}

/** One point of the BIC curve. */
export interface BicPoint {
  k: number;
  bic: number;
  logLikelihood: number;
  parameters: number;
  converged: boolean;
  iterations: number;
}

export interface GmmSelection {
  /** The mixture with the lowest BIC. */
  model: GmmModel;
  k: number;
  /** BIC for every k tried, in increasing k. */
  curve: BicPoint[];
  /** Every fitted mixture, in increasing k. */
  models: GmmModel[];
}

/**
 * Fits Gaussian mixtures for k = kMin..kMax and picks the one with the lowest Bayesian information criterion
 * (Schwarz 1978), returning the whole BIC curve. The fits for different k run on worker threads when that pays.
 * @see https://doi.org/10.1214/aos/1176344136 (Schwarz 1978)
 * @example const { model, curve } = selectGmmByBic(encoded, { kMax: 6, seed: 1 });
 */
export function selectGmmByBic(x: FeatureMatrix | readonly (readonly number[])[], options: SelectGmmByBicOptions = {}): GmmSelection {
  const m = toFeatureMatrix(x);
  const kMin = options.kMin ?? 1;
  const kMax = Math.min(options.kMax ?? 8, m.rows);
  if (!Number.isInteger(kMin) || kMin < 1 || !Number.isInteger(kMax) || kMax < kMin)
    throw new Error(`invalid k range ${kMin}..${options.kMax ?? 8}: use integers 1 ≤ kMin ≤ kMax ≤ rows (${m.rows})`);
  const ks: number[] = [];
  for (let k = kMin; k <= kMax; k++) ks.push(k);
  const { workers: w, kMin: _a, kMax: _b, ...fitOptions } = options;
  const cost = m.rows * ks.reduce((s, k) => s + k, 0) * m.cols * m.cols;
  const workers = Math.min(w ?? (cost > 2e7 ? defaultWorkers(2) : 1), ks.length);
  let models: GmmModel[];
  if (workers > 1 && workersAvailable()) {
    // Largest k first onto the least-loaded worker (cost grows with k).
    const data = new Float64Array(m.data.subarray(0, m.rows * m.cols));
    models = runBalancedSync<number, GmmModel>(ks, workers, (k) => k, (group) => ({ kind: "gmm", data, rows: m.rows, cols: m.cols, ks: group, options: fitOptions }), (group) => group.map((k) => fitGmm(m, { ...fitOptions, k })));
  } else models = ks.map((k) => fitGmm(m, { ...fitOptions, k }));
  return gmmSelection(models);
}

/** The selection among fitted mixtures (in increasing k): the lowest BIC, and the curve. */
export function gmmSelection(models: GmmModel[]): GmmSelection {
  let best = models[0]!;
  for (const g of models) if (g.bic < best.bic) best = g;
  return {
    model: best,
    k: best.k,
    curve: models.map((g) => ({ k: g.k, bic: g.bic, logLikelihood: g.logLikelihood, parameters: g.parameters, converged: g.converged, iterations: g.iterations })),
    models,
  };
}
