// Each model's likelihood over compressed rows, rebuilt from plain columns so chains on worker threads can
// evaluate it (internal).
import { MODEL_IDS } from "../models/modelIds.js";
import { bgNbdLikelihood } from "../models/bgNbdFamily.js";
import { bgBbKernel } from "../models/bgBb.js";
import { FREQUENCY, MONETARY, PERIODS, RECENCY, WEIGHTS, readColumns, readRft, type CustomerData } from "../models/columns.js";
import { compressIfUseful, compressRows } from "../models/compressRows.js";
import type { Likelihood } from "../models/maximumLikelihood.js";
import type { ModelName } from "../models/fittedModel.js";
import { ggKernel } from "../models/gammaGamma.js";
import { paretoKernel } from "../models/paretoNbd.js";

/** A model's fitting rows as transferable columns (compressed, with weights). */
export interface ModelRows {
  model: ModelName;
  columns: Float64Array[];
  weights: Float64Array;
}

/** Reads and compresses the rows a model's likelihood uses (Gamma-Gamma: repeat buyers with positive spend). */
export function modelRows(model: ModelName, data: CustomerData): ModelRows {
  const what = `fit ${model}`;
  if (model === MODEL_IDS.bgNbd || model === MODEL_IDS.mbgNbd || model === MODEL_IDS.paretoNbd) {
    const d = readRft(data, what, true);
    const c = compressIfUseful([d.x, d.tx, d.T], d.w);
    return { model, columns: c.columns, weights: c.weights };
  }
  if (model === MODEL_IDS.gammaGamma) {
    const d = readColumns(data, [FREQUENCY, MONETARY, WEIGHTS], what);
    const x = d.columns.frequency!, z = d.columns.monetaryValue!, w = d.columns.weights;
    const keep: number[] = [];
    for (let i = 0; i < d.n; i++) if (x[i]! > 0 && z[i]! > 0) keep.push(i);
    const pick = (c: Float64Array | undefined) => Float64Array.from(keep, (i) => (c ? c[i]! : 1));
    const c = compressIfUseful([pick(x), pick(z)], pick(w));
    return { model, columns: c.columns, weights: c.weights };
  }
  const d = readColumns(data, [FREQUENCY, RECENCY, PERIODS, WEIGHTS], what);
  const c = compressRows([d.columns.frequency!, d.columns.recency!, d.columns.periods!], d.columns.weights);
  return { model, columns: c.columns, weights: c.weights };
}

/** The likelihood of the model on its rows. */
export function rowsLikelihood(rows: ModelRows): Likelihood {
  const [a, b, c] = rows.columns as [Float64Array, Float64Array, Float64Array];
  const w = rows.weights;
  switch (rows.model) {
    case MODEL_IDS.bgNbd:
    case MODEL_IDS.mbgNbd:
      return bgNbdLikelihood({ frequency: a, recency: b, T: c, weights: w }, rows.model === MODEL_IDS.mbgNbd, `fit ${rows.model}`).lik;
    case MODEL_IDS.paretoNbd:
      return paretoKernel(a, b, c, w);
    case MODEL_IDS.gammaGamma:
      return ggKernel(a, b, w);
    case MODEL_IDS.bgBb:
      return bgBbKernel(a, b, c, w);
  }
}
