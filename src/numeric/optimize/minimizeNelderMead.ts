// In-house Nelder-Mead simplex: a derivative-free fallback when quasi-Newton fails (non-finite gradients, stalls).

/** Options of {@link minimizeNelderMead}. */
export interface NelderMeadOptions {
  /** Maximum function evaluations (default 4000 × dimension). */
  maxEvaluations?: number;
  /** Stop when the simplex's f-spread and size are below these (defaults 1e-12, 1e-9). */
  fTolerance?: number;
  xTolerance?: number;
  /** Initial simplex edge (default 0.5, in the units of x). */
  initialStep?: number;
}

/** Result of {@link minimizeNelderMead}. */
export interface NelderMeadResult {
  x: Float64Array;
  f: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimizes f by the Nelder-Mead simplex method with the standard coefficients (1, 2, 0.5, 0.5).
 * Non-finite values are treated as +∞, so the simplex stays in the feasible region.
 * @see Nelder & Mead (1965), https://doi.org/10.1093/comjnl/7.4.308
 * @example minimizeNelderMead((x) => (x[0] - 3) ** 2, new Float64Array([0]))
 */
export function minimizeNelderMead(f: (x: Float64Array) => number, x0: Float64Array, options: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  const maxEval = options.maxEvaluations ?? 4000 * n;
  const ftol = options.fTolerance ?? 1e-12;
  const xtol = options.xTolerance ?? 1e-9;
  const step = options.initialStep ?? 0.5;
  const F = (x: Float64Array) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  pts.push(Float64Array.from(x0));
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i]! + step;
    pts.push(p);
  }
  for (const p of pts) vals.push(F(p));
  let evals = n + 1;
  const centroid = new Float64Array(n);
  const trial = (coef: number, worst: Float64Array) => {
    const p = new Float64Array(n);
    for (let j = 0; j < n; j++) p[j] = centroid[j]! + coef * (worst[j]! - centroid[j]!);
    return p;
  };
  let converged = false;
  while (evals < maxEval) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]!);
    const sp = order.map((i) => pts[i]!);
    const sv = order.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...sp);
    vals.splice(0, vals.length, ...sv);
    let size = 0;
    for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) size = Math.max(size, Math.abs(pts[i]![j]! - pts[0]![j]!));
    if (Math.abs(vals[n]! - vals[0]!) <= ftol * (Math.abs(vals[0]!) + 1e-300) + 1e-300 && size < xtol) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + pts[i]![j]! / n;
    const worst = pts[n]!;
    const xr = trial(-1, worst);
    const fr = F(xr);
    evals++;
    if (fr < vals[0]!) {
      const xe = trial(-2, worst);
      const fe = F(xe);
      evals++;
      if (fe < fr) { pts[n] = xe; vals[n] = fe; } else { pts[n] = xr; vals[n] = fr; }
    } else if (fr < vals[n - 1]!) {
      pts[n] = xr; vals[n] = fr;
    } else {
      const outside = fr < vals[n]!;
      const xc = trial(outside ? -0.5 : 0.5, worst);
      const fc = F(xc);
      evals++;
      if (fc < (outside ? fr : vals[n]!)) {
        pts[n] = xc; vals[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          for (let j = 0; j < n; j++) pts[i]![j] = pts[0]![j]! + 0.5 * (pts[i]![j]! - pts[0]![j]!);
          vals[i] = F(pts[i]!);
          evals++;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (vals[i]! < vals[best]!) best = i;
  return { x: pts[best]!, f: vals[best]!, evaluations: evals, converged };
}
