import { treeValue, type BoostedTrees } from "./fitBoostedTrees.js";
import type { FeatureMatrix } from "../types.js";

/**
 * Predictions of gradient-boosted trees: base score plus the sum of the trees' leaf values; for a log link (Poisson
 * loss) exp(score + offset), where `offset` is the same log-scale offset the trees were fitted with (default 0).
 * @see https://doi.org/10.1214/aos/1013203451 (Friedman 2001)
 * @example predictBoostedTrees(fitBoostedTrees(x, y), x);
 */
export function predictBoostedTrees(model: BoostedTrees, x: FeatureMatrix, offset?: Float64Array): Float64Array {
  if (x.cols !== model.cols) throw new Error(`features have ${x.cols} columns, the trees were fitted on ${model.cols}`);
  if (offset && offset.length !== x.rows) throw new Error(`offset has ${offset.length} values for ${x.rows} rows: give one per row`);
  const log = model.link === "log";
  const out = new Float64Array(x.rows).fill(model.baseScore);
  for (let i = 0; i < x.rows; i++) {
    let s = model.baseScore;
    for (let t = 0; t < model.trees; t++) s += treeValue(model, t, x.data, i * x.cols);
    out[i] = log ? Math.exp(s + (offset ? offset[i]! : 0)) : s;
  }
  return out;
}
