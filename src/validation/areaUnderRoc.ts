import { checkProbabilityPairs } from "./checkProbabilities.js";

/**
 * Area under the ROC curve of "buys again" forecasts: the probability that a random holdout buyer gets a higher
 * P(X > 0) than a random non-buyer (ties count one half), by the Mann-Whitney rank sum with mid-ranks. 0.5 is chance,
 * 1 a perfect ranking; it judges ranking only, not calibration (see {@link brierScore}). NaN when only one class occurs.
 * Written in-house: a sort and a rank sum, no package needed.
 * @see Hanley & McNeil (1982), The meaning and use of the area under a ROC curve, Radiology 143(1) 29-36, https://doi.org/10.1148/radiology.143.1.7063747
 * @example areaUnderRoc(new Float64Array([0.9, 0.4, 0.4, 0.1]), new Float64Array([2, 0, 1, 0])) // { value: 0.875, positives: 2, negatives: 2 }
 */
export function areaUnderRoc(probabilityAny: ArrayLike<number>, actualCounts: ArrayLike<number>): { value: number; positives: number; negatives: number } {
  const n = checkProbabilityPairs("areaUnderRoc", probabilityAny, actualCounts);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => probabilityAny[a]! - probabilityAny[b]!);
  let rankSum = 0, pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && probabilityAny[order[j + 1]!]! === probabilityAny[order[i]!]!) j++;
    const mid = (i + j) / 2 + 1; // mid-rank of the tie group, ranks from 1
    for (let k = i; k <= j; k++) {
      if (actualCounts[order[k]!]! > 0) {
        rankSum += mid;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  const value = pos > 0 && neg > 0 ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
  return { value, positives: pos, negatives: neg };
}
