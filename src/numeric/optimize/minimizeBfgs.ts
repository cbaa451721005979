// In-house quasi-Newton (BFGS) minimizer: the models need a small, dependency-free optimizer on log-parameters with
// analytic gradients and a transparent convergence report; no kept JS library offers both.

/** An objective: returns f(x) and writes ∇f(x) into `grad`. Non-finite values mean "outside the feasible region". */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeBfgs}. */
export interface MinimizeOptions {
  /** Maximum quasi-Newton iterations (default 500). */
  maxIterations?: number;
  /** Converged when max |∇f| is below this (default 1e-8). */
  gradientTolerance?: number;
  /** Starting inverse Hessian (n×n, row-major), e.g. from a fit on a subsample; default a scaled identity. */
  initialInverseHessian?: Float64Array;
}

/** Outcome of a minimization. */
export interface MinimizeResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Max |∇f| at `x`. */
  gradientNorm: number;
  method: string;
  message: string;
}

/**
 * Minimizes a smooth function with BFGS (inverse-Hessian update) and a backtracking line search that
 * enforces the Armijo condition and skips updates that would break positive definiteness.
 * @see Nocedal & Wright (2006), Numerical Optimization, ch. 6 — https://doi.org/10.1007/978-0-387-40065-5
 * @example minimizeBfgs((x, g) => { g[0] = 2 * (x[0] - 1); return (x[0] - 1) ** 2; }, new Float64Array([0]))
 */
export function minimizeBfgs(fn: ObjectiveWithGradient, x0: Float64Array, options: MinimizeOptions = {}): MinimizeResult {
  const maxIt = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-8;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fn(x, g);
  let evals = 1;
  if (!Number.isFinite(f) || !allFinite(g)) {
    return { x, f, gradient: g, iterations: 0, evaluations: evals, converged: false, gradientNorm: NaN, method: "bfgs", message: `objective not finite at the starting point (${f})` };
  }
  const H = new Float64Array(n * n);
  let firstStep = startInverseHessian(H, n, options.initialInverseHessian);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  let it = 0;
  let message = "maximum iterations reached";
  let stalls = 0;
  for (; it < maxIt; it++) {
    const gn = maxAbs(g);
    if (gn < gtol) {
      message = "gradient below tolerance";
      return done(true);
    }
    const { slope, reset } = searchDirection(H, g, d, n);
    if (reset) firstStep = true;
    // The predicted decrease is below the resolution of f: the gradient is at its rounding-noise floor (sums over a
    // million rows), and further steps cannot improve f. Stop instead of line-searching on noise.
    if (-slope < 1e-14 * Math.max(1, Math.abs(f)) && gn < Math.max(gtol * 1e3, 1e-6)) {
      message = "decrease below floating-point resolution (gradient at its noise floor)";
      return done(true);
    }
    // Keep the first (unscaled) step modest in log-parameter space.
    let step = 1;
    if (firstStep) step = Math.min(1, 1 / Math.max(1e-12, Math.sqrt(dot(d, d))));
    const search = lineSearch(fn, x, f, d, slope, step, xNew, gNew);
    evals += search.evaluations;
    if (!search.accepted) {
      // No decrease possible at machine precision: accept convergence if the gradient is already tiny.
      message = "line search found no decrease";
      return done(maxAbs(g) < Math.max(gtol * 1e3, 1e-6));
    }
    const fNew = search.f;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    const relChange = Math.abs(f - fNew) / Math.max(1, Math.abs(f));
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y))) {
      updateInverseHessian(H, s, y, Hy, sy, n, firstStep);
      firstStep = false;
    }
    stalls = relChange < 1e-16 ? stalls + 1 : 0;
    if (stalls >= 3) {
      message = "no relative progress";
      return done(maxAbs(g) < Math.max(gtol * 1e3, 1e-6));
    }
  }
  return done(maxAbs(g) < gtol);

  function done(converged: boolean): MinimizeResult {
    return { x, f, gradient: g, iterations: it, evaluations: evals, converged, gradientNorm: maxAbs(g), method: "bfgs", message };
  }
}

/** Fills H with the starting inverse Hessian: the caller's when it has n×n entries, else the identity. Returns whether the first step is unscaled (the identity, to be rescaled after it). */
function startInverseHessian(H: Float64Array, n: number, initial: Float64Array | undefined): boolean {
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  if (initial && initial.length === n * n) {
    H.set(initial);
    return false;
  }
  return true;
}

/** Writes the search direction d = −H g and returns its slope dᵀg; when that is not a descent direction (numerical drift), resets H to the identity and d to steepest descent (`reset` then). */
function searchDirection(H: Float64Array, g: Float64Array, d: Float64Array, n: number): { slope: number; reset: boolean } {
  // d = -H g
  let slope = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v -= H[i * n + j]! * g[j]!;
    d[i] = v;
    slope += v * g[i]!;
  }
  if (!(slope < 0)) {
    // Not a descent direction (numerical drift): reset to steepest descent.
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    slope = -dot(g, g);
    return { slope, reset: true };
  }
  return { slope, reset: false };
}

/**
 * Backtracking line search from x along d (at most 30 trials): the first step whose point is finite and meets the
 * Armijo condition is accepted, its point and gradient left in xNew and gNew.
 */
function lineSearch(fn: ObjectiveWithGradient, x: Float64Array, f: number, d: Float64Array, slope: number, step: number, xNew: Float64Array, gNew: Float64Array): { accepted: boolean; f: number; evaluations: number } {
  const n = x.length;
  let fNew = NaN;
  let evaluations = 0;
  for (let ls = 0; ls < 30; ls++) {
    for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
    fNew = fn(xNew, gNew);
    evaluations++;
    if (Number.isFinite(fNew) && allFinite(gNew) && fNew <= f + 1e-4 * step * slope) return { accepted: true, f: fNew, evaluations };
    // Cubic/quadratic interpolation would be faster; a safeguarded quadratic fit is enough here.
    if (Number.isFinite(fNew)) {
      const q = (-slope * step * step) / (2 * (fNew - f - slope * step));
      step = Math.min(0.5 * step, Math.max(0.1 * step, q));
    } else step *= 0.2;
  }
  return { accepted: false, f: fNew, evaluations };
}

/** The BFGS update of the inverse Hessian from the step s and gradient change y (sᵀy = sy > 0), after scaling the identity on the first step (Nocedal & Wright eq. 6.20). */
function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, Hy: Float64Array, sy: number, n: number, firstStep: boolean): void {
  if (firstStep) {
    // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20).
    const scale = sy / dot(y, y);
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = scale;
  }
  let yHy = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += H[i * n + j]! * y[j]!;
    Hy[i] = v;
    yHy += y[i]! * v;
  }
  const rho = 1 / sy;
  const c = (1 + yHy * rho) * rho;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) H[i * n + j] = H[i * n + j]! + c * s[i]! * s[j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}
