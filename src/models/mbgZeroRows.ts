// MBG/NBD's customers without repeat purchases summed by quadrature rules over ln(c + T) (internal).
import { empiricalChebyshevRules, type QuadratureRule } from "../numeric/empiricalChebyshevRules.js";
import { bgRows, EMPTY, fillLogs, NONE, rowSet, type BgRows, type RowSet } from "./bgNbdRows.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/** Rows without repeat purchases below this many are summed row by row (the rules cost ~40 rows and a pass to build). */
const ZERO_ROWS_MIN = 2000;
/** Nodes of the rule, and of the coarser rule whose difference from it must stay below ZERO_TOLERANCE. */
const FINE = 27, COARSE = 19;
/**
 * Accepted |fine − coarse| relative to Σ|weight|·|term|: the difference estimates the coarse rule's error, and the fine
 * rule's is smaller still (the error falls geometrically in the nodes): about the rounding of a sum over the rows.
 * Narrow ranges of T (a cohort) pass with room to spare; wide ones with a small α may fall back to exact sums.
 */
const ZERO_TOLERANCE = 1e-12;

/**
 * MBG/NBD's terms of the rows without repeat purchases (x = 0, t_x = 0): as functions of T alone,
 * ln[(α/(α+T))^r + a/b] and its derivatives are analytic in v = ln(c + T) (c = α when built), so
 * their sum over the rows is a 27-node interpolatory quadrature of the rows' empirical distribution of v
 * (empiricalChebyshevRules), evaluated through the same row loop. Each evaluation checks the 27-node sums against a
 * 19-node rule's; where they differ (α far from c, a near-singular term) those rows are summed exactly, and the rule is
 * rebuilt at the new α. Undefined when there are too few such rows; then every row runs in the loop.
 */
export function bgZeroRows(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, lbx: Float64Array, ibx: Float64Array): { others: RowSet; add(r: number, alpha: number, a: number, hess: boolean, acc: Float64Array): void; sums(): { rule: number; exact: number } } | undefined {
  const split = splitZeroRows(x, tx, T, w, slot, lbx, ibx);
  if (!split) return undefined;
  const { zero, zeroWeights, others, Tmin, Tmax } = split;
  const nz = zero.length;
  const k0 = slot[zero[0]!]!;
  const v = new Float64Array(nz);
  let rule: { c: number; fine: BgRows; coarse: BgRows; size: BgRows } | undefined;
  let exact: RowSet | undefined;
  let failed = false, builds = 0, byRule = 0, byRow = 0;
  const build = (c: number) => {
    const [fine, coarse] = zeroRules(T, zero, zeroWeights, Tmin, Tmax, c, v);
    const nodes = (q: QuadratureRule, weights: Float64Array): BgRows => {
      const n = q.nodes.length, zeros = new Float64Array(n);
      const Tn = Float64Array.from(q.nodes, (vj) => Math.max(0, Math.exp(vj) - c));
      return { m: n, x: zeros, tx: zeros, T: Tn, w: weights, slot: new Int32Array(n).fill(k0), slotT: NONE, slotT2: NONE, logT: EMPTY, log1T: EMPTY, logt: EMPTY, log1t: EMPTY, lbx, ibx };
    };
    return { c, fine: nodes(fine, fine.weights), coarse: nodes(coarse, coarse.weights), size: nodes(fine, fine.weights.map(Math.abs)) };
  };
  const fine = new Float64Array(15), coarse = new Float64Array(15), size = new Float64Array(15);
  return {
    others,
    sums: () => ({ rule: byRule, exact: byRow }),
    add(r, alpha, a, hess, acc) {
      if (!rule || (failed && builds < 4 && Math.abs(Math.log(alpha / rule.c)) > 0.1)) {
        rule = build(alpha);
        builds++;
        failed = false;
      }
      bgRows(rule.fine, r, alpha, a, true, hess, fine.fill(0));
      bgRows(rule.coarse, r, alpha, a, true, hess, coarse.fill(0));
      bgRows(rule.size, r, alpha, a, true, hess, size.fill(0));
      let ok = true;
      for (let e = 0; e < (hess ? 15 : 5); e++) if (!(Math.abs(fine[e]! - coarse[e]!) <= ZERO_TOLERANCE * Math.abs(size[e]!))) ok = false;
      if (ok) {
        for (let e = 0; e < 15; e++) acc[e] += fine[e]!;
        byRule++;
        return;
      }
      failed = true;
      byRow++;
      if (!exact) {
        const zeros = new Float64Array(nz);
        exact = rowSet(zeros, zeros, Float64Array.from(zero, (i) => T[i]!), zeroWeights, new Int32Array(nz).fill(k0), lbx, ibx);
      }
      fillLogs(exact, alpha);
      bgRows(exact.rows, r, alpha, a, true, hess, acc);
    },
  };
}

/** The fine and coarse rules over v = ln(c + T) of the rows `zero` (v: scratch of their length). */
function zeroRules(T: Float64Array, zero: Int32Array, weights: Float64Array, Tmin: number, Tmax: number, c: number, v: Float64Array): [QuadratureRule, QuadratureRule] {
  for (let j = 0; j < zero.length; j++) v[j] = Math.log(c + T[zero[j]!]!);
  const lo = Math.log(c + Tmin);
  return empiricalChebyshevRules(v, weights, lo, Math.max(Math.log(c + Tmax), lo + 1e-3), [FINE, COARSE]) as [QuadratureRule, QuadratureRule];
}

/**
 * The rows with x = 0 as indices with their weights and range of T (their exact row set is only built if a rule is
 * ever rejected), and the others (x > 0) as a row set; undefined below ZERO_ROWS_MIN such rows.
 */
function splitZeroRows(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, lbx: Float64Array, ibx: Float64Array): { zero: Int32Array; zeroWeights: Float64Array; others: RowSet; Tmin: number; Tmax: number } | undefined {
  const m = x.length, nz = countZeros(x);
  if (nz < ZERO_ROWS_MIN) return undefined;
  // Exact sizes: V8 counts a typed array's whole allocation toward its garbage-collection budget, written or not.
  const zero = new Int32Array(nz), zw = new Float64Array(nz);
  const k = m - nz;
  const ox = new Float64Array(k), ot = new Float64Array(k), oT = new Float64Array(k), ow = new Float64Array(k), os = new Int32Array(k);
  const out = new Float64Array(3);
  if (splitLoop(x, tx, T, w, slot, zero, zw, ox, ot, oT, ow, os, out) !== nz) return undefined;
  return { zero, zeroWeights: zw, others: rowSet(ox, ot, oT, ow, os, lbx, ibx), Tmin: out[0]!, Tmax: out[1]! };
}

/** The number of zeros in `x`, without a branch per row (zeros and non-zeros interleave at random). */
function countZeros(x: Float64Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) n += Number(x[i] === 0);
  return n;
}

/**
 * The one pass of splitZeroRows, apart so that nothing after its loop lacks type feedback (warmed up at load): the
 * number of rows with x = 0 (−1 if one has t_x ≠ 0: not a function of T alone), their least and greatest T into out.
 */
function splitLoop(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, zero: Int32Array, zw: Float64Array, ox: Float64Array, ot: Float64Array, oT: Float64Array, ow: Float64Array, os: Int32Array, out: Float64Array): number {
  let Tmin = Infinity, Tmax = -Infinity, j = 0, k = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, Ti = T[i]!;
    if (xi === 0) {
      // Fitting data has t_x = 0 here (validateSummary).
      if (tx[i] !== 0) return -1;
      zero[j] = i;
      zw[j++] = w[i]!;
      if (Ti < Tmin) Tmin = Ti;
      if (Ti > Tmax) Tmax = Ti;
    } else {
      ox[k] = xi;
      ot[k] = tx[i]!;
      oT[k] = Ti;
      ow[k] = w[i]!;
      os[k++] = slot[i]!;
    }
  }
  out[0] = Tmin;
  out[1] = Tmax;
  return j;
}

// The one-pass set-up loops meet a million rows once per fit, on the full data first: optimized at load (see
// optimizeAtLoad), on rows with and without repeat purchases interleaved.
{
  const R = 40, x = new Float64Array(R), tx = new Float64Array(R), T = new Float64Array(R), w = new Float64Array(R), slot = new Int32Array(R);
  for (let i = 0; i < R; i++) {
    x[i] = i % 3 === 0 ? 0 : 1 + (i % 4);
    tx[i] = x[i] === 0 ? 0 : 1 + i / 4;
    T[i] = 12 + i;
    w[i] = 1 + (i % 5);
    slot[i] = i % 4;
  }
  const nz = 14, zero = new Int32Array(nz), zw = new Float64Array(nz), others = new Float64Array(R - nz), os = new Int32Array(R - nz), out = new Float64Array(3), v = new Float64Array(nz);
  optimizeAtLoad((k) => {
    countZeros(x);
    splitLoop(x, tx, T, w, slot, zero, zw, others, others, others, others, os, out);
    if (k % 8 === 0) zeroRules(T, zero, zw, 12, 51, 4 + k, v);
  });
}
