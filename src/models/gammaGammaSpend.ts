// The Gamma-Gamma conditional expected spend, written once for the model class and the stacked predictor.

/** Gamma-Gamma parameters: transaction value ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v). Mean spend pv/(q−1). */
export type GammaGammaParams = {
  p: number;
  q: number;
  v: number;
};

/**
 * E[Z | x, z̄] = p(v + x z̄)/(px + q − 1) per customer (Fader & Hardie 2013, eq. 5). Customers with no repeat purchase
 * (x = 0), and repeat buyers whose mean spend z̄ is zero or negative (no usable spend information), get the population
 * mean pv/(q−1), never zero. With `constantSpend` (the degenerate limit p, q → ∞ of data whose mean spend never
 * varies) every customer gets that constant.
 * @see https://brucehardie.com/notes/025/gamma_gamma.pdf
 * @example gammaGammaConditionalSpend({ p: 6.25, q: 3.74, v: 15.44 }, [2], [30]) // ≈ [27.6]
 */
export function gammaGammaConditionalSpend(params: GammaGammaParams, frequency: ArrayLike<number>, monetaryValue: ArrayLike<number>, constantSpend?: number, into?: Float64Array): Float64Array {
  const n = frequency.length;
  // `into` (length n) spares the allocation when called per block and posterior draw.
  const out = into ?? new Float64Array(n);
  if (constantSpend !== undefined) return out.fill(constantSpend);
  const { p, q, v } = params;
  if (!(q > 1)) throw new Error(`gamma-gamma q = ${q} <= 1: the mean spend is infinite; refit with more repeat buyers or a penalty`);
  const mean = (p * v) / (q - 1);
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!, z = monetaryValue[i]!;
    if (x < 0) throw new Error(`gamma-gamma conditionalExpectedSpend: frequency row ${i + 1} is ${x}: repeat purchases cannot be negative`);
    out[i] = x > 0 && z > 0 ? (p * (v + x * z)) / (p * x + q - 1) : mean;
  }
  return out;
}
