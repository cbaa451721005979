import gammainc from "@stdlib/math-base-special-gammainc";

/** Chi-square test of homogeneity for one categorical feature. */
export interface ChiSquareResult {
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** Cramér's V = √(χ² / (N · (min(2, k) − 1))): the effect size, in [0, 1]. */
  readonly cramersV: number;
  readonly categories: string[];
  readonly referenceProportions: number[];
  readonly currentProportions: number[];
}

/**
 * Pearson chi-square test that two samples of a categorical feature (segments, cohorts, city) share one
 * distribution: the 2 × k contingency table of counts, χ² = Σ (O − E)² / E with E from the margins,
 * k − 1 degrees of freedom (categories empty in both samples are dropped), p-value from the regularised upper incomplete
 * gamma function Q((k−1)/2, χ²/2) (@stdlib). Same as scipy.stats.chi2_contingency without continuity
 * correction. Cramér's V is reported as the effect size, because at large N every small shift is significant.
 * @see Pearson K. (1900), Philosophical Magazine 50, 157–175; Cramér H. (1946), Mathematical Methods of Statistics, p. 282
 * @example chiSquareHomogeneity({ a: 10, b: 20 }, { a: 20, b: 10 }).pValue
 */
export function chiSquareHomogeneity(reference: Readonly<Record<string, number>>, current: Readonly<Record<string, number>>): ChiSquareResult {
  const cats = [...new Set([...Object.keys(reference), ...Object.keys(current)])].sort();
  const r: number[] = [], c: number[] = [], kept: string[] = [];
  for (const k of cats) {
    const a = reference[k] ?? 0, b = current[k] ?? 0;
    if (!(a >= 0 && b >= 0) || !Number.isFinite(a + b)) throw new Error(`chi-square: category ${JSON.stringify(k)} has an invalid count (${a}, ${b}): use non-negative counts`);
    if (a + b > 0) {
      r.push(a);
      c.push(b);
      kept.push(k);
    }
  }
  const R = r.reduce((s, v) => s + v, 0), C = c.reduce((s, v) => s + v, 0), N = R + C;
  if (!(R > 0 && C > 0)) throw new Error(`chi-square: a sample is empty (reference ${R}, current ${C} counts): give counts in both`);
  let chi = 0;
  for (let k = 0; k < kept.length; k++) {
    const col = r[k]! + c[k]!;
    const er = (R * col) / N, ec = (C * col) / N;
    chi += (r[k]! - er) ** 2 / er + (c[k]! - ec) ** 2 / ec;
  }
  const df = kept.length - 1;
  const pValue = df > 0 ? gammainc(chi / 2, df / 2, true, true) : 1;
  return {
    statistic: chi,
    degreesOfFreedom: df,
    pValue,
    cramersV: df > 0 ? Math.sqrt(chi / N) : 0,
    categories: kept,
    referenceProportions: r.map((v) => v / R),
    currentProportions: c.map((v) => v / C),
  };
}
