// Hand-written: no kept npm package computes PSI (or a two-sample KS test); @stdlib/stats-kstest is one-sample only.
import { binCounts, proportions, referenceBins, sortedFinite, type BinnedShares, type BinningSpec } from "./binning.js";

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Bins fixed on the reference: `{ kind: "quantile", bins: 10 }` (default, deciles), `{ kind: "values", max: 10 }` (0..9, 10+) or explicit edges. */
  binning?: BinningSpec;
  /** Floor for a proportion before the logarithm, so an empty bin adds a finite amount (default 1e-4). */
  epsilon?: number;
}

/** PSI with the bins and proportions it was computed on. */
export interface PsiResult extends BinnedShares {
  readonly psi: number;
}

/**
 * Population stability index of `current` against `reference`: PSI = Σ_i (c_i − r_i) · ln(c_i / r_i) over bins fixed
 * on the reference, where r_i and c_i are the shares of each sample in bin i (each floored at `epsilon`, default
 * 1e-4, so an empty bin counts but cannot make PSI infinite). Bins are reference deciles by default, with duplicate
 * edges merged (a point mass becomes one bin) and open outer bins (current values beyond the reference range still
 * land in the first or last bin); use value bins 0, 1, …, 9, 10+ for zero-inflated counts such as frequency, where
 * decile edges collapse. PSI is the symmetrised Kullback–Leibler divergence J(r, c) on the binned distributions.
 * Rule of thumb (Siddiqi 2006): < 0.1 no shift, 0.1–0.25 moderate, ≥ 0.25 major.
 * @see Siddiqi N. (2006), Credit Risk Scorecards, Wiley, ch. 8; Yurdakul B. (2018), Statistical properties of the population stability index, https://scholarworks.wmich.edu/dissertations/3208
 * @example populationStabilityIndex(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 4, 5, 6), { binning: { kind: "quantile", bins: 2 } }).psi
 */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const eps = options.epsilon ?? 1e-4;
  if (!(eps > 0 && eps < 0.5)) throw new Error(`invalid epsilon ${eps}: use a small positive share such as 1e-4`);
  const ref = sortedFinite(reference);
  const bins = referenceBins(ref, options.binning ?? { kind: "quantile", bins: 10 });
  const cur = sortedFinite(current);
  if (ref.length === 0) throw new Error("psi: the reference sample has no finite values");
  if (cur.length === 0) throw new Error("psi: the current sample has no finite values");
  const r = proportions(binCounts(ref, bins.edges));
  const c = proportions(binCounts(cur, bins.edges));
  return {
    psi: psiFromProportions(r, c, eps),
    edges: bins.edges,
    labels: bins.labels,
    referenceProportions: Array.from(r),
    currentProportions: Array.from(c),
    referenceCount: ref.length,
    currentCount: cur.length,
    referenceNonFinite: reference.length - ref.length,
    currentNonFinite: current.length - cur.length,
  };
}

/** PSI of two proportion vectors over the same bins (internal; also used for categorical shares). */
export function psiFromProportions(r: ArrayLike<number>, c: ArrayLike<number>, eps = 1e-4): number {
  let psi = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = Math.max(r[i]!, eps), ci = Math.max(c[i]!, eps);
    psi += (ci - ri) * Math.log(ci / ri);
  }
  return psi;
}
