// Learner design helpers: the covariate-shift guard over the learner columns, and column selection from a feature matrix.
import { isoDate } from "../../time/dayNumber.js";
import { shiftedShare } from "./shiftedShare.js";
import type { FeatureMatrix } from "../types.js";
import type { TrainSettings } from "./trainSettings.js";

/** Learner columns whose scoring-time share outside the training range is at most maxShift (at least the least shifted one); warns about the rest. */
export function shiftGuard(xTrain: FeatureMatrix, xScore: FeatureMatrix, designNames: readonly string[], settings: TrainSettings, warnings: string[]): number[] {
  const shift = shiftedShare(xTrain, xScore);
  const learnerColumns: number[] = [];
  const shifted: string[] = [];
  for (let j = 0; j < xTrain.cols; j++) {
    if (shift[j]! <= settings.maxShift) learnerColumns.push(j);
    else shifted.push(`${designNames[j]} (${(100 * shift[j]!).toFixed(0)}% outside)`);
  }
  if (learnerColumns.length === 0) {
    // Every feature is shifted: keep the least shifted one so the learners still run, and say so.
    let best = 0;
    for (let j = 1; j < xTrain.cols; j++) if (shift[j]! < shift[best]!) best = j;
    learnerColumns.push(best);
    shifted.splice(best, 1);
    warnings.push(`every learner feature is shifted between the inner origins and ${isoDate(settings.calEnd)}: the learners keep only the least shifted, ${designNames[best]} (${(100 * shift[best]!).toFixed(0)}% outside); raise maxFeatureShift or use shorter inner horizons`);
  }
  if (shifted.length > 0) warnings.push(`learners leave out features shifted between training and scoring time: ${shifted.join(", ")}`);
  return learnerColumns;
}

/** Columns of a feature matrix (the mixture's subset of the encoder's features). */
export function selectColumns(x: FeatureMatrix, cols: readonly number[]): FeatureMatrix {
  const out = new Float64Array(x.rows * cols.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = x.data[i * x.cols + cols[j]!]!;
  return { data: out, rows: x.rows, cols: cols.length };
}
