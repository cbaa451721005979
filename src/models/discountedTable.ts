// The per-frequency Chebyshev interpolants of the BG/NBD-family prediction kernel (internal): building them, in
// ln(α + T) and re-interpolated in α + T, and reading one.
import { log2F1 } from "../numeric/special/log2F1.js";
import { chebyshevAdaptive, chebyshevEval } from "../numeric/chebyshev.js";
import { aliveMean, amplification, oneMinusScaled2F1 } from "./aliveMeanSeries.js";
import type { BgNbdParams } from "./bgNbdParams.js";
import type { FrequencyGroups } from "./frequencyGroups.js";

/** Relative tolerance of the interpolants: below the 2F1's own rounding (the textbook form is taken to ~1e-11). */
const TOLERANCE = 1e-13;
/** Groups whose α + T spans at most this factor are re-interpolated in α + T itself for evaluateDiscountedByX. */
const MAX_C_RATIO = 9;
/** Relative tolerance of that re-interpolation: a tenth of TOLERANCE (1e-15 is below the rounding noise of the values it starts from). */
const C_TOLERANCE = 1e-14;

/**
 * m_x(u): expected purchases in the next u·(α + T) of a BG/NBD (MBG/NBD: `s` = 1) customer with frequency x who is
 * alive now — C/(a−1)·[1 − (1+u)^−(r+x) 2F1(r+x, b+x+s; C; u/(1+u))], C = a+b+x−1+s (Fader, Hardie & Lee 2005,
 * eq. 10), with the cancellation-free series where that form loses its digits (aliveMean).
 */
export function aliveMeanAt(p: BgNbdParams, x: number, s: number, u: number): number {
  const { r, a, b } = p;
  const A = r + x, C = a + b + x - 1 + s;
  return aliveMean(A, a, C, u, 1, () => {
    const z = u / (1 + u);
    const la = -Math.log1p(u);
    // a + b < 1 makes C ≤ 0 for x = 0 and 2F1 negative: the signed form (small parameters, no overflow).
    if (C <= 0) return [(C / (a - 1)) * oneMinusScaled2F1(A * la, A, b + x + s, C, z), 1];
    const lf = log2F1(A, b + x + s, C, z);
    const L = A * la + lf;
    return [(C / (a - 1)) * -Math.expm1(L), amplification(A, la, lf, L)];
  });
}

/**
 * Per frequency group: the interpolant of S_x(λ) on [lo, hi] cut into `pieces` equal parts of `len` coefficients each
 * from `offset` (len 0: evaluate directly), ln P(dead)/P(alive) at T = t_x, and r + x.
 */
export interface DiscountedTable {
  lo: Float64Array;
  hi: Float64Array;
  offset: Int32Array;
  len: Int32Array;
  pieces: Int32Array;
  coef: Float64Array;
  logOdds: Float64Array;
  A: Float64Array;
}

/**
 * The per-frequency interpolants of S_x(λ) = Σ_k w_k m_x(t_k e^−λ) for parameters `p` (horizons `times` > 0 with
 * weights `weights`), over each group's λ = ln(α + T) range.
 */
export function discountedTable(p: BgNbdParams, modified: boolean, times: Float64Array, weights: Float64Array, groups: FrequencyGroups): DiscountedTable {
  const G = groups.x.length, s = modified ? 1 : 0, K = times.length;
  const lo = new Float64Array(G), hi = new Float64Array(G), store = pieceStore(G);
  const logOdds = new Float64Array(G), A = new Float64Array(G);
  let tMin = Infinity, tMax = 0;
  for (let k = 0; k < K; k++) {
    tMin = Math.min(tMin, times[k]!);
    tMax = Math.max(tMax, times[k]!);
  }
  for (let g = 0; g < G; g++) {
    const x = groups.x[g]!;
    A[g] = p.r + x;
    // BG/NBD: no repeat purchase, no unobserved drop-out (P(alive) = 1); MBG/NBD allows a drop-out at time 0.
    logOdds[g] = !modified && x === 0 ? -Infinity : Math.log(p.a / (p.b + x - 1 + s));
    const l0 = Math.log(p.alpha + groups.minT[g]!);
    // A group with one T still gets a small interval (the interpolant is then exact to rounding).
    const l1 = Math.max(Math.log(p.alpha + groups.maxT[g]!), l0 + 1e-3);
    lo[g] = l0;
    hi[g] = l1;
    // Interpolate when it costs less than the direct evaluations it replaces (~50 evaluations of m per fit).
    if (K === 0 || groups.count[g]! * K < 100) continue;
    let S: (lam: number) => number;
    if (K <= 2) {
      S = (lam) => {
        let v = 0;
        for (let k = 0; k < K; k++) v += weights[k]! * aliveMeanAt(p, x, s, times[k]! * Math.exp(-lam));
        return v;
      };
    } else {
      // Two levels: m_x/u as a function of ln u over every horizon's range, then S_x from it.
      const hm = chebyshevAdaptive((l) => aliveMeanAt(p, x, s, Math.exp(l)) / Math.exp(l), Math.log(tMin) - l1, Math.log(tMax) - l0, TOLERANCE, 27, 243);
      if (!hm) continue;
      const mlo = Math.log(tMin) - l1, mhi = Math.log(tMax) - l0;
      S = (lam) => {
        let v = 0;
        for (let k = 0; k < K; k++) {
          const lu = Math.log(times[k]!) - lam;
          v += weights[k]! * Math.exp(lu) * chebyshevEval(hm, 0, hm.length, mlo, mhi, lu);
        }
        return v;
      };
    }
    // A wide range of ln(α + T) (small α, T from ~0) may need a few pieces.
    for (let P = 1; P <= 8; P *= 2) {
      const all = fitPieces(S, l0, l1, P, TOLERANCE);
      if (!all) continue;
      store.add(g, all, P);
      break;
    }
  }
  return { lo, hi, offset: store.offset, len: store.len, pieces: store.pieces, coef: store.coef(), logOdds, A };
}

/**
 * f's interpolants on P equal pieces of [l0, l1] (chebyshevAdaptive to `tol`), each padded with zeros to the longest,
 * one after the other; undefined when a piece does not reach the tolerance.
 */
function fitPieces(f: (v: number) => number, l0: number, l1: number, P: number, tol: number, minPoints?: number, maxPoints?: number): Float64Array | undefined {
  const cs: Float64Array[] = [];
  for (let q = 0; q < P; q++) {
    const c = chebyshevAdaptive(f, l0 + ((l1 - l0) * q) / P, q === P - 1 ? l1 : l0 + ((l1 - l0) * (q + 1)) / P, tol, minPoints, maxPoints);
    if (!c) return undefined;
    cs.push(c);
  }
  const L = Math.max(...cs.map((c) => c.length));
  const all = new Float64Array(L * P);
  cs.forEach((c, q) => all.set(c, q * L));
  return all;
}

/** Per-group blocks of fitPieces gathered into one coefficient array, with each group's offset, length and pieces. */
function pieceStore(G: number) {
  const offset = new Int32Array(G), len = new Int32Array(G), pieces = new Int32Array(G), parts: Float64Array[] = [];
  let used = 0;
  return {
    offset,
    len,
    pieces,
    add(g: number, all: Float64Array, P: number): void {
      offset[g] = used;
      len[g] = all.length / P;
      pieces[g] = P;
      parts.push(all);
      used += all.length;
    },
    coef(): Float64Array {
      const coef = new Float64Array(used);
      for (let k = 0, at = 0; k < parts.length; at += parts[k]!.length, k++) coef.set(parts[k]!, at);
      return coef;
    },
  };
}

/**
 * `table` re-interpolated in c = α + T instead of λ = ln(α + T), so that evaluating it takes no log per customer:
 * each group's S_x(ln c) on equal pieces of [α + min T, α + max T], each at most 1/8 of α + min T wide. S_x(ln c) is
 * analytic but at c = 0, so on a piece whose half-width is a sixteenth of its distance from 0 the Chebyshev
 * coefficients fall by a factor ~34 a term: ~9 terms to 1e-14, as many as in λ. Undefined when a group's c spans
 * more than a factor MAX_C_RATIO (more than 64 pieces) or a piece does not converge: the caller then keeps λ.
 */
export function inAlphaPlusT(table: DiscountedTable): DiscountedTable | undefined {
  const G = table.len.length;
  const lo = new Float64Array(G), hi = new Float64Array(G), store = pieceStore(G);
  for (let g = 0; g < G; g++) {
    const c0 = Math.exp(table.lo[g]!), c1 = Math.exp(table.hi[g]!);
    // A group without an interpolant keeps a finite range: the loop computes 0 from its zero block.
    lo[g] = c0;
    hi[g] = c1;
    if (table.len[g]! === 0) continue;
    if (!(c1 <= MAX_C_RATIO * c0)) return undefined;
    const P = Math.max(1, Math.ceil(8 * (c1 / c0 - 1)));
    const all = fitPieces((v) => interpolated(table, g, Math.log(v)), c0, c1, P, C_TOLERANCE, 15, 45);
    if (!all) return undefined;
    store.add(g, all, P);
  }
  return { lo, hi, offset: store.offset, len: store.len, pieces: store.pieces, coef: store.coef(), logOdds: table.logOdds, A: table.A };
}

/** S_x(λ) from group g's interpolant (it must have one), λ = ln(α + T). */
export function interpolated(table: DiscountedTable, g: number, lam: number): number {
  const { lo, hi, offset, len, pieces, coef } = table;
  const n = len[g]!, P = pieces[g]!, l0 = lo[g]!, l1 = hi[g]!;
  if (P === 1) return chebyshevEval(coef, offset[g]!, n, l0, l1, lam);
  // Local coordinate in piece q of P equal pieces.
  const w = (lam - l0) * (P / (l1 - l0));
  const q = Math.min(P - 1, Math.max(0, Math.floor(w)));
  return chebyshevEval(coef, offset[g]! + q * n, n, -1, 1, 2 * (w - q) - 1);
}
