// Pareto/NBD likelihood pieces (internal). The likelihood is written as
//   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^{T} (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ],
// and the integral as a difference of two 2F1 terms, each summed in log space (log2F1), so that frequencies in the
// thousands stay finite (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions").
import { log2F1 } from "../special/log2F1.js";

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}
export const PNBD_NAMES = ["r", "alpha", "s", "beta"] as const;

const h = new Float64Array(5);

/**
 * log of one end of the integral, log[ s/m · (c+t)^-m · 2F1(...) ] with m = r+s+x, where c is the larger of α, β,
 * and its gradient with respect to (r, α, s, β) into g (when given).
 */
function logEnd(r: number, alpha: number, s: number, beta: number, x: number, t: number, g: Float64Array | undefined): number {
  const m = r + s + x;
  if (alpha >= beta) {
    const at = alpha + t;
    const z = (alpha - beta) / at;
    const lf = log2F1(m, s + 1, m + 1, z, g ? h : undefined);
    const lat = Math.log(at);
    if (g) {
      g[0] = -1 / m - lat + h[1]! + h[3]!;
      g[1] = -m / at + (h[4]! * (beta + t)) / (at * at);
      g[2] = 1 / s - 1 / m - lat + h[1]! + h[2]! + h[3]!;
      g[3] = -h[4]! / at;
    }
    return Math.log(s / m) - m * lat + lf;
  }
  const bt = beta + t;
  const w = (beta - alpha) / bt;
  const lf = log2F1(m, r + x, m + 1, w, g ? h : undefined);
  const lbt = Math.log(bt);
  if (g) {
    g[0] = -1 / m - lbt + h[1]! + h[2]! + h[3]!;
    g[1] = -h[4]! / bt;
    g[2] = 1 / s - 1 / m - lbt + h[1]! + h[3]!;
    g[3] = -m / bt + (h[4]! * (alpha + t)) / (bt * bt);
  }
  return Math.log(s / m) - m * lbt + lf;
}

const g1 = new Float64Array(4);
const g2 = new Float64Array(4);

/**
 * For one customer: returns log[(α+T)^-(r+x)(β+T)^-s + A] (A the integral term) and writes its gradient into
 * `grad` (when given). `aliveOut[0]` receives P(alive) = first term / total.
 */
export function paretoRowLog(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, grad: Float64Array | undefined, aliveOut?: Float64Array): number {
  const laT = Math.log(alpha + T), lbT = Math.log(beta + T);
  const le = -(r + x) * laT - s * lbT;
  if (tx >= T) {
    if (grad) {
      grad[0] = -laT;
      grad[1] = -(r + x) / (alpha + T);
      grad[2] = -lbT;
      grad[3] = -s / (beta + T);
    }
    if (aliveOut) aliveOut[0] = 1;
    return le;
  }
  const l1 = logEnd(r, alpha, s, beta, x, tx, grad ? g1 : undefined);
  const l2 = logEnd(r, alpha, s, beta, x, T, grad ? g2 : undefined);
  const M = Math.max(le, l1);
  const e0 = Math.exp(le - M), e1 = Math.exp(l1 - M), e2 = Math.exp(l2 - M);
  let S = e0 + e1 - e2;
  // The integral is positive; rounding can only make e1 - e2 slightly negative when t_x ≈ T.
  const A = e1 - e2 > 0 ? e1 - e2 : 0;
  S = e0 + A;
  if (aliveOut) aliveOut[0] = e0 / S;
  if (grad) {
    const useA = A > 0 ? 1 : 0;
    grad[0] = (e0 * -laT + useA * (e1 * g1[0]! - e2 * g2[0]!)) / S;
    grad[1] = (e0 * (-(r + x) / (alpha + T)) + useA * (e1 * g1[1]! - e2 * g2[1]!)) / S;
    grad[2] = (e0 * -lbT + useA * (e1 * g1[2]! - e2 * g2[2]!)) / S;
    grad[3] = (e0 * (-s / (beta + T)) + useA * (e1 * g1[3]! - e2 * g2[3]!)) / S;
  }
  return M + Math.log(S);
}
