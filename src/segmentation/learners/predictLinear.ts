import type { LinearModel } from "./fitRidge.js";
import type { FeatureMatrix } from "../types.js";

/**
 * Predictions intercept + x·β of a linear model for every row.
 * @see https://doi.org/10.1080/00401706.1970.10488634
 * @example predictLinear(fitRidge(x, y), x);
 */
export function predictLinear(model: LinearModel, x: FeatureMatrix): Float64Array {
  const p = model.coefficients.length;
  if (x.cols !== p) throw new Error(`features have ${x.cols} columns, the model has ${p} coefficients`);
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < p; j++) s += model.coefficients[j]! * x.data[i * p + j]!;
    out[i] = s;
  }
  return out;
}
