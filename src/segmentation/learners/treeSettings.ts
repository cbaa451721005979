// Settings of one boosted-trees fit: the validated options with their defaults (documented on FitBoostedTreesOptions).
import type { FitBoostedTreesOptions } from "./fitBoostedTrees.js";

/** Validated settings with defaults filled in. @internal (read by fitBoostedTrees.ts and growHistogramTree.ts) */
export interface TreeSettings {
  trees: number;
  depth: number;
  learningRate: number;
  minLeaf: number;
  leafPenalty: number;
  bins: number;
  subsample: number;
  maxSampleRows: number;
  maxRows: number;
  poisson: boolean;
  offset: Float64Array | undefined;
  maxDeltaStep: number;
}

/**
 * The options of fitBoostedTrees checked against the target (`n` rows) and completed with their defaults
 * (Friedman 2002 for the subsample; XGBoost's max_delta_step for Poisson); a bad option throws naming the value
 * and the fix. @internal
 * @see https://xgboost.readthedocs.io/en/stable/parameter.html
 * @example resolveOptions({ loss: "poisson", trees: 100 }, y, y.length).depth; // 3
 */
export function resolveOptions(options: FitBoostedTreesOptions, y: Float64Array, n: number): TreeSettings {
  if (y.length !== n) throw new Error(`target has ${y.length} values for ${n} rows: give one target per row`);
  const depth = options.depth ?? 3;
  const subsample = options.subsample ?? 0.8;
  if (!Number.isInteger(depth) || depth < 1 || depth > 10) throw new Error(`invalid depth ${depth}: use an integer 1..10`);
  if (!(subsample > 0 && subsample <= 1)) throw new Error(`invalid subsample ${subsample}: use a fraction in (0, 1]`);
  const maxSampleRows = options.maxSampleRows ?? Infinity;
  const maxRows = options.maxRows ?? Infinity;
  if (!(maxRows >= 1)) throw new Error(`invalid maxRows ${maxRows}: use a whole number of rows ≥ 1`);
  if (!(maxSampleRows >= 1)) throw new Error(`invalid maxSampleRows ${maxSampleRows}: use a whole number of rows ≥ 1`);
  const poisson = (options.loss ?? "squared") === "poisson";
  if (options.loss !== undefined && options.loss !== "squared" && options.loss !== "poisson") throw new Error(`invalid loss ${JSON.stringify(options.loss)}: use "squared" or "poisson"`);
  const offset = options.offset;
  if (offset && !poisson) throw new Error("an offset needs loss \"poisson\" (it is on the log scale)");
  if (offset && offset.length !== n) throw new Error(`offset has ${offset.length} values for ${n} rows: give one per row`);
  if (poisson) for (let i = 0; i < n; i++) if (!(y[i]! >= 0)) throw new Error(`poisson loss needs targets ≥ 0, row ${i} has ${y[i]}`);
  return {
    trees: options.trees ?? 150,
    depth,
    learningRate: options.learningRate ?? 0.05,
    minLeaf: options.minLeaf ?? 20,
    leafPenalty: options.leafPenalty ?? 1,
    bins: Math.min(255, options.bins ?? 32),
    subsample,
    maxSampleRows,
    maxRows: Math.floor(maxRows),
    poisson,
    offset,
    maxDeltaStep: options.maxDeltaStep ?? 0.7,
  };
}
