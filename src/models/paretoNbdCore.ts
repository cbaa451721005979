// Pareto/NBD likelihood pieces (internal). The likelihood is written as
//   L = Γ(r+x) / Γ(r) · α^r β^s [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ],
// and the integral as a difference of two 2F1 terms, each summed in log space (log2F1), so that frequencies in the
// thousands stay finite (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions").
// The factor α^r β^s is folded into every term (r·ln α − (r+x)·ln(α+t) as −r·ln1p(t/α) − x·ln(α+t)), so that large r
// and α (the homogeneous-rate limit an optimizer may walk toward) do not cancel two huge numbers into noise.
import { log2F1 } from "../numeric/special/log2F1.js";

export type ParetoNbdParams = {
  r: number;
  alpha: number;
  s: number;
  beta: number;
};
export const PNBD_NAMES = ["r", "alpha", "s", "beta"] as const;

/**
 * One parameter point of the Pareto/NBD with what every row at that point shares: ln α, ln β (the optimizer evaluates
 * all rows at the same parameters) and scratch space for gradients. Built per evaluation, so nothing lives at module level.
 */
export interface ParetoPoint {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
  readonly la: number;
  readonly lb: number;
  readonly h: Float64Array;
  readonly ge: Float64Array;
  readonly g1: Float64Array;
  readonly g2: Float64Array;
  readonly gq: Float64Array;
}

/** The {@link ParetoPoint} of (r, α, s, β). */
export function paretoPoint(r: number, alpha: number, s: number, beta: number): ParetoPoint {
  return { r, alpha, s, beta, la: Math.log(alpha), lb: Math.log(beta), h: new Float64Array(5), ge: new Float64Array(4), g1: new Float64Array(4), g2: new Float64Array(4), gq: new Float64Array(4) };
}

/**
 * log of one end of the integral with α^r β^s folded in, log[ α^r β^s · s/m · (c+t)^-m · 2F1(...) ] with m = r+s+x,
 * where c is the larger of α, β, and its gradient with respect to (r, α, s, β) into g (when given). Depends on (x, t)
 * only, so a caller may evaluate it once per distinct pair.
 */
export function logEnd(P: ParetoPoint, x: number, t: number, g: Float64Array | undefined): number {
  const { r, alpha, s, beta, h } = P;
  const m = r + s + x;
  if (alpha >= beta) {
    const at = alpha + t;
    const z = (alpha - beta) / at;
    const lf = log2F1(m, s + 1, m + 1, z, g ? h : undefined);
    const lat = Math.log(at);
    const l1p = r < SMALL ? lat - P.la : Math.log1p(t / alpha);
    // ln(β/(α+t)) as −ln1p((α−β+t)/β) once s is large: s times a difference of logs would keep only noise.
    const lba = s < SMALL ? P.lb - lat : -Math.log1p((alpha - beta + t) / beta);
    if (g) {
      g[0] = -1 / m - l1p + h[1]! + h[3]!;
      g[1] = ((r * t) / alpha - s - x) / at + (h[4]! * (beta + t)) / (at * at);
      g[2] = 1 / s - 1 / m + lba + h[1]! + h[2]! + h[3]!;
      g[3] = -h[4]! / at + s / beta;
    }
    return Math.log(s / m) - r * l1p - x * lat + s * lba + lf;
  }
  const bt = beta + t;
  const w = (beta - alpha) / bt;
  const lf = log2F1(m, r + x, m + 1, w, g ? h : undefined);
  const lbt = Math.log(bt);
  const l1p = s < SMALL ? lbt - P.lb : Math.log1p(t / beta);
  const lab = r < SMALL ? P.la - lbt : -Math.log1p((beta - alpha + t) / alpha);
  if (g) {
    g[0] = -1 / m + lab + h[1]! + h[2]! + h[3]!;
    g[1] = -h[4]! / bt + r / alpha;
    g[2] = 1 / s - 1 / m - l1p + h[1]! + h[3]!;
    g[3] = ((s * t) / beta - r - x) / bt + (h[4]! * (alpha + t)) / (bt * bt);
  }
  return Math.log(s / m) - s * l1p - x * lbt + r * lab + lf;
}

/** Below this multiplier, k·ln(1 + t/c) is taken as k·(ln(c+t) − ln c): exact to ~1e-11, one transcendental fewer. */
const SMALL = 1e4;


/** Beyond this 2F1 argument the series needs ~1/(1-z) terms; the integral is then taken by quadrature instead. */
const SERIES_LIMIT = 0.99;

const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/**
 * log[ α^r β^s · s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ] by Gauss-Legendre quadrature, with its gradient in g.
 * Used where the 2F1 argument is close to 1: β (or α) far larger than T, as when the optimizer walks toward the
 * homogeneous-dropout limit s, β → ∞ with s/β fixed. The integrand is decreasing, so panels are placed at equal
 * drops of its log (at most 2 each) and the range is cut where it has fallen by e^-45 (negligible).
 */
function logIntegralByQuadrature(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, g: Float64Array | undefined): number {
  const k1 = r + x, k2 = s + 1;
  // The integrand's log at t_x, with α^r β^s folded in.
  const f0 = -r * Math.log1p(tx / alpha) - x * Math.log(alpha + tx) - s * Math.log1p(tx / beta) - Math.log(beta + tx);
  if (!Number.isFinite(f0)) return -Infinity; // parameters so extreme the integrand underflows: likelihood 0
  // The log integrand relative to its value at t_x, with log1p so that β ≫ τ keeps its precision.
  const rel = (t: number) => -k1 * Math.log1p((t - tx) / (alpha + tx)) - k2 * Math.log1p((t - tx) / (beta + tx));
  const total = -rel(T);
  const drop = Math.min(total, 45);
  const panels = Math.max(1, Math.ceil(drop / 2));
  // Boundary j is where the log integrand has dropped by j·drop/panels (bisection; it is monotone).
  const bounds = new Float64Array(panels + 1);
  bounds[0] = tx;
  for (let j = 1; j <= panels; j++) {
    if (j === panels && total <= 45) {
      bounds[j] = T;
      break;
    }
    const target = -(j * drop) / panels;
    let lo = bounds[j - 1]!, hi = T;
    for (let it = 0; it < 200 && hi - lo > 1e-12 * (1 + Math.abs(hi)); it++) {
      const mid = 0.5 * (lo + hi);
      if (rel(mid) > target) lo = mid;
      else hi = mid;
    }
    bounds[j] = 0.5 * (lo + hi);
  }
  let sum = 0, dr = 0, da = 0, ds = 0, db = 0;
  for (let j = 0; j < panels; j++) {
    const a = bounds[j]!, b = bounds[j + 1]!;
    const hw = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (let k = 0; k < 8; k++) {
      const t = mid + hw * GL_X[k]!;
      const w = GL_W[k]! * hw * Math.exp(rel(t));
      sum += w;
      if (g) {
        // d/dθ of ln[α^r β^s (α+t)^-(r+x) (β+t)^-(s+1)], in forms that do not cancel for large r, α, s, β.
        dr -= w * Math.log1p(t / alpha);
        da += (w * ((r * t) / alpha - x)) / (alpha + t);
        ds -= w * Math.log1p(t / beta);
        db += (w * ((s * t) / beta - 1)) / (beta + t);
      }
    }
  }
  if (!(sum > 0)) {
    // The integrand falls so steeply from t_x (r or s astronomically large, as a diverging optimizer can try) that no
    // node resolves it: use the endpoint (Laplace) limit ∫ e^f ≈ e^f(t_x) / |f'(t_x)|, exact as the decay steepens.
    const a = k1 / (alpha + tx), b = k2 / (beta + tx), d = a + b;
    if (!(d > 0) || !Number.isFinite(d)) throw new Error(`pareto/nbd integral is not positive for x=${x}, t_x=${tx}, T=${T} at r=${r}, alpha=${alpha}, s=${s}, beta=${beta}`);
    if (g) {
      g[0] = -Math.log1p(tx / alpha) - 1 / (alpha + tx) / d;
      g[1] = ((r * tx) / alpha - x) / (alpha + tx) + a / (alpha + tx) / d;
      g[2] = 1 / s - Math.log1p(tx / beta) - 1 / (beta + tx) / d;
      g[3] = ((s * tx) / beta - 1) / (beta + tx) + b / (beta + tx) / d;
    }
    return Math.log(s) + f0 - Math.log(d);
  }
  if (g) {
    g[0] = dr / sum;
    g[1] = da / sum;
    g[2] = 1 / s + ds / sum;
    g[3] = db / sum;
  }
  return Math.log(s) + f0 + Math.log(sum);
}

/** The 2F1 argument at the start of the integral (its largest): near 1 the series is slow. */
function seriesArgument(alpha: number, beta: number, t: number): number {
  return alpha >= beta ? (alpha - beta) / (alpha + t) : (beta - alpha) / (beta + t);
}

/**
 * For one customer: returns log[α^r β^s ((α+T)^-(r+x)(β+T)^-s + A)] (A the integral term), the log-likelihood but for
 * ln Γ(r+x) − ln Γ(r), and writes its gradient into `grad` (when given). `aliveOut[0]` receives P(alive) = first term
 * / total.
 */
export function paretoRowLog(P: ParetoPoint, x: number, tx: number, T: number, grad: Float64Array | undefined, aliveOut?: Float64Array): number {
  const { ge, g1, g2 } = P;
  const le = paretoAliveLog(P, x, T, grad ? ge : undefined);
  if (tx >= T || usesQuadrature(P, tx)) return paretoRowFromTerms(P, x, tx, T, le, ge, NaN, g1, NaN, g2, grad, aliveOut);
  const l1 = logEnd(P, x, tx, grad ? g1 : undefined);
  const l2 = logEnd(P, x, T, grad ? g2 : undefined);
  return paretoRowFromTerms(P, x, tx, T, le, ge, l1, g1, l2, g2, grad, aliveOut);
}

/**
 * log[α^r β^s (α+T)^-(r+x) (β+T)^-s], the customer alive at T, and its gradient into g (when given). Depends on (x, T)
 * only, so a caller may evaluate it once per distinct pair.
 */
export function paretoAliveLog(P: ParetoPoint, x: number, T: number, g: Float64Array | undefined): number {
  const { r, alpha, s, beta } = P;
  const laT = Math.log(alpha + T);
  const la1p = r < SMALL ? laT - P.la : Math.log1p(T / alpha);
  const lb1p = s < SMALL ? Math.log(beta + T) - P.lb : Math.log1p(T / beta);
  if (g) {
    g[0] = -la1p;
    g[1] = ((r * T) / alpha - x) / (alpha + T);
    g[2] = -lb1p;
    g[3] = (s * T) / (beta * (beta + T));
  }
  return -r * la1p - x * laT - s * lb1p;
}

/** Whether a row with recency t_x takes its integral by quadrature at P (2F1 argument near 1) instead of from {@link logEnd}. */
export function usesQuadrature(P: ParetoPoint, tx: number): boolean {
  return seriesArgument(P.alpha, P.beta, tx) > SERIES_LIMIT;
}

/**
 * One row's value as {@link paretoRowLog} describes, from its alive term (le, gradient e0g; {@link paretoAliveLog}) and
 * the integral's ends at t_x (l1, e1g) and T (l2, e2g) from {@link logEnd}, read only when t_x < T and the row does not
 * take the quadrature path ({@link usesQuadrature}). The gradients are read only when `grad` is given.
 */
export function paretoRowFromTerms(P: ParetoPoint, x: number, tx: number, T: number, le: number, e0g: Float64Array, l1: number, e1g: Float64Array, l2: number, e2g: Float64Array, grad: Float64Array | undefined, aliveOut?: Float64Array): number {
  const { r, alpha, s, beta, gq } = P;
  // Gradient of the first term (the customer alive at T).
  const e0r = e0g[0]!, e0a = e0g[1]!, e0s = e0g[2]!, e0b = e0g[3]!;
  if (tx >= T) {
    if (grad) {
      grad[0] = e0r;
      grad[1] = e0a;
      grad[2] = e0s;
      grad[3] = e0b;
    }
    if (aliveOut) aliveOut[0] = 1;
    return le;
  }
  if (usesQuadrature(P, tx)) {
    const lA = logIntegralByQuadrature(r, alpha, s, beta, x, tx, T, grad ? gq : undefined);
    const M = Math.max(le, lA);
    const e0 = Math.exp(le - M), eA = Math.exp(lA - M);
    const S = e0 + eA;
    if (aliveOut) aliveOut[0] = e0 / S;
    if (grad) {
      grad[0] = (e0 * e0r + eA * gq[0]!) / S;
      grad[1] = (e0 * e0a + eA * gq[1]!) / S;
      grad[2] = (e0 * e0s + eA * gq[2]!) / S;
      grad[3] = (e0 * e0b + eA * gq[3]!) / S;
    }
    return M + Math.log(S);
  }
  const M = Math.max(le, l1);
  const e0 = Math.exp(le - M), e1 = Math.exp(l1 - M), e2 = Math.exp(l2 - M);
  let S = e0 + e1 - e2;
  // The integral is positive; rounding can only make e1 - e2 slightly negative when t_x ≈ T.
  const A = e1 - e2 > 0 ? e1 - e2 : 0;
  S = e0 + A;
  if (aliveOut) aliveOut[0] = e0 / S;
  if (grad) {
    const useA = A > 0 ? 1 : 0;
    grad[0] = (e0 * e0r + useA * (e1 * e1g[0]! - e2 * e2g[0]!)) / S;
    grad[1] = (e0 * e0a + useA * (e1 * e1g[1]! - e2 * e2g[1]!)) / S;
    grad[2] = (e0 * e0s + useA * (e1 * e1g[2]! - e2 * e2g[2]!)) / S;
    grad[3] = (e0 * e0b + useA * (e1 * e1g[3]! - e2 * e2g[3]!)) / S;
  }
  return M + Math.log(S);
}
