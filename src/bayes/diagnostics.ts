// Convergence diagnostics as ArviZ computes them (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021): rank-normalised
// split R-hat, bulk and tail ESS, MCSE, 94% HDI; and the sampler checks (divergences, tree depth, E-BFMI).

/** Draws of one quantity: one Float64Array per chain (equal lengths). */
export type ChainDraws = readonly Float64Array[];

/**
 * Rank-normalised split R-hat: the larger of the R-hat of the rank-normalised split chains and of their folded
 * (|x − median|) version. Values above 1.01 mean the chains have not mixed.
 * @see https://doi.org/10.1214/20-BA1221 (Vehtari et al. 2021); arviz.rhat(method="rank")
 * @example rhat([chain1, chain2, chain3, chain4]) // ≈ 1.00 for well-mixed chains
 */
export function rhat(chains: ChainDraws): number {
  const split = splitChains(chains);
  const all = pooled(split);
  const med = median(all);
  const folded = split.map((c) => c.map((v) => Math.abs(v - med)));
  return Math.max(basicRhat(zScale(split)), basicRhat(zScale(folded)));
}

/**
 * Bulk effective sample size: Geyer's initial-monotone-sequence ESS of the rank-normalised split chains.
 * @see https://doi.org/10.1214/20-BA1221; arviz.ess(method="bulk")
 * @example essBulk([draws]) // ≈ draws.length for independent draws
 */
export function essBulk(chains: ChainDraws): number {
  return essGeyer(zScale(splitChains(chains)));
}

/**
 * Tail effective sample size: the smaller ESS of the indicators x ≤ q5% and x ≤ q95% on split chains.
 * @see https://doi.org/10.1214/20-BA1221; arviz.ess(method="tail")
 * @example essTail([draws])
 */
export function essTail(chains: ChainDraws): number {
  const split = splitChains(chains);
  const all = pooled(split).sort();
  const q05 = quantileSorted(all, 0.05), q95 = quantileSorted(all, 0.95);
  const ind = (q: number) => split.map((c) => c.map((v) => (v <= q ? 1 : 0)));
  return Math.min(essGeyer(ind(q05)), essGeyer(ind(q95)));
}

/** ESS of the mean (split chains, no rank normalisation), as ArviZ's `ess(method="mean")`. */
export function essMean(chains: ChainDraws): number {
  return essGeyer(splitChains(chains));
}

/**
 * Monte Carlo standard error of the posterior mean: sd / √ESS_mean; and of the sd (ArviZ's mcse(method="sd")).
 * @see arviz.mcse
 * @example mcse([chain1, chain2]).mean
 */
export function mcse(chains: ChainDraws): { mean: number; sd: number } {
  const all = pooled(chains);
  const m = mean(all);
  const sd = Math.sqrt(variance(all, m));
  const sq = chains.map((c) => c.map((v) => (v - m) * (v - m)));
  const essSq = essGeyer(splitChains(sq));
  const sqAll = pooled(sq);
  const evar = mean(sqAll);
  let m4 = 0;
  for (const v of sqAll) m4 += v * v;
  m4 /= sqAll.length;
  const varvar = (m4 - evar * evar) / essSq;
  return { mean: sd / Math.sqrt(essMean(chains)), sd: Math.sqrt(varvar / evar / 4) };
}

/**
 * Highest-density interval of the pooled draws (the narrowest interval holding `prob` of them), as `az.hdi`.
 * @example hdi([draws], 0.94) // [lower, upper]
 */
export function hdi(chains: ChainDraws, prob = 0.94): [number, number] {
  const s = pooled(chains).sort();
  const n = s.length;
  const inc = Math.floor(prob * n);
  const nInt = n - inc;
  let best = 0, width = Infinity;
  for (let i = 0; i < nInt; i++) {
    const w = s[i + inc]! - s[i]!;
    if (w < width) {
      width = w;
      best = i;
    }
  }
  return [s[best]!, s[Math.min(best + inc, n - 1)]!];
}

/** E-BFMI per chain: Σ(E_n − E_{n−1})² / Σ(E_n − Ē)²; below 0.3 the momentum resampling explores the energy poorly. */
export function ebfmi(energy: Float64Array): number {
  const m = mean(energy);
  let num = 0, den = 0;
  for (let i = 0; i < energy.length; i++) {
    if (i > 0) num += (energy[i]! - energy[i - 1]!) ** 2;
    den += (energy[i]! - m) ** 2;
  }
  return num / den;
}

// ---- internals -------------------------------------------------------------------------------------------------

function splitChains(chains: ChainDraws): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of chains) {
    const half = Math.floor(c.length / 2);
    out.push(c.slice(0, half), c.slice(c.length - half));
  }
  return out;
}
function pooled(chains: ChainDraws): Float64Array {
  let n = 0;
  for (const c of chains) n += c.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const c of chains) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
function variance(a: ArrayLike<number>, m = mean(a)): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return s / (a.length - 1);
}
function median(a: Float64Array): number {
  return quantileSorted(Float64Array.from(a).sort(), 0.5);
}
/** Linear-interpolation quantile (numpy's default) of sorted values. */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q, lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

/** R-hat from between- and within-chain variances (Gelman et al., BDA3), on already split chains. */
function basicRhat(chains: Float64Array[]): number {
  const n = chains[0]!.length;
  const means = chains.map((c) => mean(c));
  const between = n * variance(means);
  const within = mean(chains.map((c, i) => variance(c, means[i]!)));
  return Math.sqrt((between / within + n - 1) / n);
}

/** Rank-normalisation: average ranks over all draws, then Φ⁻¹((r − 3/8)/(S + 1/4)) (Blom). */
function zScale(chains: Float64Array[]): Float64Array[] {
  const all = pooled(chains);
  const S = all.length;
  const idx = Array.from({ length: S }, (_, i) => i).sort((a, b) => all[a]! - all[b]!);
  const z = new Float64Array(S);
  for (let i = 0; i < S; ) {
    let j = i;
    while (j + 1 < S && all[idx[j + 1]!] === all[idx[i]!]) j++;
    const r = (i + j) / 2 + 1; // average rank of ties, 1-based
    const v = normalQuantile((r - 0.375) / (S + 0.25));
    for (let m = i; m <= j; m++) z[idx[m]!] = v;
    i = j + 1;
  }
  const out: Float64Array[] = [];
  let o = 0;
  for (const c of chains) {
    out.push(z.slice(o, o + c.length));
    o += c.length;
  }
  return out;
}

/** ESS by Geyer's initial monotone sequence over several chains (ArviZ's `_ess`), lags computed as needed. */
function essGeyer(chains: Float64Array[]): number {
  const m = chains.length, n = chains[0]!.length;
  if (n < 4) return NaN;
  const means = chains.map((c) => mean(c));
  const acov = (lag: number) => {
    let s = 0;
    for (let c = 0; c < m; c++) {
      const x = chains[c]!, mu = means[c]!;
      let a = 0;
      for (let i = 0; i + lag < n; i++) a += (x[i]! - mu) * (x[i + lag]! - mu);
      s += a / n;
    }
    return s / m;
  };
  const acov0 = acov(0);
  if (!(acov0 > 0)) return NaN; // constant draws
  const meanVar = (acov0 * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) varPlus += variance(means);
  const rho = new Float64Array(n);
  rho[0] = 1;
  let rhoEven = 1;
  let rhoOdd = 1 - (meanVar - acov(1)) / varPlus;
  rho[1] = rhoOdd;
  let t = 1;
  while (t < n - 3 && rhoEven + rhoOdd > 0) {
    rhoEven = 1 - (meanVar - acov(t + 1)) / varPlus;
    rhoOdd = 1 - (meanVar - acov(t + 2)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t + 1] = rhoEven;
      rho[t + 2] = rhoOdd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (rhoEven > 0) rho[maxT + 1] = rhoEven;
  // Initial monotone sequence.
  for (t = 1; t <= maxT - 2; t += 2) {
    if (rho[t + 1]! + rho[t + 2]! > rho[t - 1]! + rho[t]!) {
      rho[t + 1] = (rho[t - 1]! + rho[t]!) / 2;
      rho[t + 2] = rho[t + 1]!;
    }
  }
  const total = m * n;
  let sum = 0;
  for (let i = 0; i <= maxT; i++) sum += rho[i]!;
  let tau = -1 + 2 * sum + (maxT + 1 < n ? rho[maxT + 1]! : 0);
  tau = Math.max(tau, 1 / Math.log10(total));
  return total / tau;
}

/**
 * Standard normal quantile by Acklam's rational approximation (relative error < 1.2e-9; ranks need far less).
 * In-house: simple-statistics' probit is a coarse approximation and @stdlib's quantile is not a dependency yet.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else {
    const q = p - 0.5, r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  return x;
}
