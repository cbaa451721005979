// The BG/NBD and MBG/NBD log-likelihood with its analytic gradient and per-value caches, apart from the predictions
// so the fitting kernel reads on its own; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { logPochhammerTable } from "../numeric/special/logPochhammerTable.js";
import { compressIfUseful, groupByValue, sharedValues, strided } from "./compressRows.js";
import { empiricalChebyshevRules, type QuadratureRule } from "../numeric/empiricalChebyshevRules.js";
import { readRft, type CustomerData } from "./columns.js";
import { type Likelihood } from "./maximumLikelihood.js";
import { named } from "./fitReport.js";
import { checkHorizons, predictionProblem } from "./checkPredictions.js";
import { BG_NAMES, type BgNbdParams } from "./bgNbdParams.js";
import { bgAlive, bgConditional, bgExpected } from "./bgNbdPredictions.js";

/** Builds the compressed likelihood of the BG/NBD (modified = false) or MBG/NBD (true). */
export function bgNbdLikelihood(data: CustomerData, modified: boolean, what: string): { lik: BgLikelihood; start: Float64Array; n: number; timeUnit: ReturnType<typeof readRft>["timeUnit"] } {
  const d = readRft(data, what, true);
  const c = compressIfUseful([d.x, d.tx, d.T], d.w);
  const [x, tx, T] = c.columns as [Float64Array, Float64Array, Float64Array];
  const lik = bgKernel(x, tx, T, c.weights, modified);
  let sx = 0, sT = 0;
  for (let i = 0; i < x.length; i++) {
    sx += c.weights[i]! * x[i]!;
    sT += c.weights[i]! * T[i]!;
  }
  // Start: r = 1 with alpha matching the mean repeat rate; a = 1, b = 3 (a dropout probability near 1/4).
  const rate = Math.max(sx / Math.max(sT, 1e-12), 1e-6);
  const start = new Float64Array([1, 1 / rate, 1, 3]);
  return { lik, start, n: lik.totalWeight, timeUnit: d.timeUnit };
}

/** The kernel's likelihood, which also counts how the rows without repeat purchases were summed (by rule or row by row). */
export type BgLikelihood = Likelihood & { zeroRowSums(): { rule: number; exact: number } };

/** The BG/NBD-family likelihood on (compressed) rows. */
function bgKernel(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, modified: boolean): BgLikelihood {
  const g = groupByValue(x, w);
  const m = x.length;
  const K = g.distinct.length;
  const slot = g.slot;
  const xs = g.distinct;
  const sw = g.slotWeights;
  let W = 0;
  for (let i = 0; i < m; i++) W += w[i]!;
  const shift = modified ? 1 : 0;
  const lbx = new Float64Array(K); // ln(b + x - 1 + shift) per distinct x
  const ibx = new Float64Array(K);
  const d1 = new Float64Array(1), d2 = new Float64Array(1), d3 = new Float64Array(1);
  const c1 = new Float64Array(1), c2 = new Float64Array(1), c3 = new Float64Array(1); // second derivatives (Hessian)
  // Whole frequencies up to a few times the number of distinct ones: the Pochhammer terms for every x from one
  // running sum each (logPochhammerTable) instead of ln Γ and ψ pairs per distinct x.
  let maxX = 0, whole = true;
  for (let k = 0; k < K; k++) {
    const v = xs[k]!;
    if (!(Number.isInteger(v) && v >= 0)) whole = false;
    else if (v > maxX) maxX = v;
  }
  const useTable = whole && maxX + shift <= Math.max(64, 4 * K);
  const tn = useTable ? maxX + shift + 1 : 0;
  const vr = new Float64Array(tn), dr = new Float64Array(tn), vb = new Float64Array(tn), db = new Float64Array(tn), vab = new Float64Array(tn), dab = new Float64Array(tn);
  const hr = new Float64Array(tn), hb = new Float64Array(tn), hab = new Float64Array(tn);
  // Customers without repeat purchases (often half of them) have t_x = 0, so their terms are one smooth function of
  // T: on large data they are summed by a quadrature rule over T (bgZeroRows) and the row loop runs on the others.
  // BG/NBD's such rows cost one log each, less than splitting the rows off and building the rule: MBG/NBD only.
  const zero = modified ? bgZeroRows(x, tx, T, w, slot, lbx, ibx) : undefined;
  const rows = zero ? zero.others : rowSet(x, tx, T, w, slot, lbx, ibx);
  const sums = new Float64Array(15);
  return {
    names: BG_NAMES,
    totalWeight: W,
    analyticGradient: true,
    analyticHessian: true,
    // MBG/NBD's plain Newton steps from the warm start take one full-data evaluation more than BG/NBD's (3 instead of
    // 2 at 1M customers); BG/NBD keeps its plain steps and its results.
    subsampleCorrectedSteps: modified,
    zeroRowSums: () => zero?.sums() ?? { rule: 0, exact: 0 },
    subsample() {
      const sub = strided([x, tx, T], w);
      return sub ? bgKernel(sub.columns[0]!, sub.columns[1]!, sub.columns[2]!, sub.weights, modified) : undefined;
    },
    predictionProblem(p) {
      const params = named<BgNbdParams>(BG_NAMES, p);
      const rows = { frequency: x, recency: tx, T };
      return predictionProblem(() => checkHorizons(T).flatMap((t) => [bgConditional(params, t, rows, modified, "check"), bgAlive(params, rows, modified, "check"), Float64Array.of(bgExpected(params, t, modified))]));
    },
    logLik(p, grad, hess) {
      const r = p[0]!, alpha = p[1]!, a = p[2]!, b = p[3]!;
      // acc = [ll, ∂r, ∂α, ∂a, ∂b, then the Hessian entries (see bgRows)], the Hessian accumulated only when asked for
      // (standard errors, warm starts); the per-frequency terms below and the row loop add into the same sums.
      const acc = sums.fill(0);
      const H = grad !== undefined && hess !== undefined;
      fillLogs(rows, alpha);
      // Terms that depend on x only, one evaluation per distinct frequency: ln Γ(r+x)/Γ(r) and
      // ln B(a, b+x+shift)/B(a, b) = ln (b)_{x+shift} − ln (a+b)_{x+shift}, as Pochhammer symbols so that large r or b
      // (homogeneous purchase rate or dropout) do not cancel huge ln Γ values.
      if (useTable) {
        logPochhammerTable(r, maxX, vr, dr, H ? hr : undefined);
        logPochhammerTable(b, maxX + shift, vb, db, H ? hb : undefined);
        logPochhammerTable(a + b, maxX + shift, vab, dab, H ? hab : undefined);
      }
      for (let k = 0; k < K; k++) {
        const xk = xs[k]!, wk = sw[k]!;
        const n = xk + shift;
        if (useTable) {
          d1[0] = dr[xk]!;
          d2[0] = db[n]!;
          d3[0] = dab[n]!;
          if (H) {
            c1[0] = hr[xk]!;
            c2[0] = hb[n]!;
            c3[0] = hab[n]!;
          }
          acc[0] += wk * (vr[xk]! + vb[n]! - vab[n]!);
        } else acc[0] += wk * (logPochhammer(r, xk, grad ? d1 : undefined, H ? c1 : undefined) + logPochhammer(b, n, grad ? d2 : undefined, H ? c2 : undefined) - logPochhammer(a + b, n, grad ? d3 : undefined, H ? c3 : undefined));
        const has = modified || xk > 0;
        const bx = b + n;
        lbx[k] = has ? Math.log(bx - 1) : 0;
        ibx[k] = has ? 1 / (bx - 1) : 0;
        if (grad) {
          acc[1] += wk * d1[0]!;
          acc[3] -= wk * d3[0]!;
          acc[4] += wk * (d2[0]! - d3[0]!);
        }
        if (H) {
          acc[5] += wk * c1[0]!;
          acc[12] -= wk * c3[0]!;
          acc[13] -= wk * c3[0]!;
          acc[14] += wk * (c2[0]! - c3[0]!);
        }
      }
      // Per-row terms with α^r folded in: ln[α^r (α+T)^-(r+x) + [x>0 or MBG] a/(b+x-1) α^r (α+t_x)^-(r+x)],
      // with r·ln α − (r+x)·ln(α+t) written as −r·ln1p(t/α) − x·ln(α+t). The row loops are module-level functions
      // (not closures of this kernel), so the code the JIT optimized on the subsample fits also runs the first
      // full-data evaluation.
      bgRows(rows.rows, r, alpha, a, modified, H, acc);
      if (zero) zero.add(r, alpha, a, H, acc);
      if (grad) for (let j = 0; j < 4; j++) grad[j] = acc[1 + j]!;
      if (H) {
        for (let j = 0; j < 16; j++) hess[j] = acc[HESSIAN_SLOTS[j]!]!;
      }
      return acc[0]!;
    },
  };
}

const NONE = new Int32Array(0);
const EMPTY = new Float64Array(0);

/** Rows for {@link bgRows} with their distinct T and t_x values (empty when not shared), whose logs fillLogs caches. */
interface RowSet {
  rows: BgRows;
  Ts: Float64Array;
  ts: Float64Array;
}

function rowSet(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, lbx: Float64Array, ibx: Float64Array): RowSet {
  // ln(α+T) and ln(α+t_x) once per distinct T and t_x (CDNOW: 84 and 257 values for 1,016 rows); the same
  // operations as per row, so the log-likelihood is bit-identical.
  // Large uncompressed inputs (continuous times) have nearly all values distinct and keep the per-row logs.
  const gT = sharedValues(T, w), gt = sharedValues(tx, w);
  const Ts = gT?.distinct ?? EMPTY, ts = gt?.distinct ?? EMPTY;
  const logT = new Float64Array(Ts.length), log1T = new Float64Array(Ts.length), logt = new Float64Array(ts.length), log1t = new Float64Array(ts.length);
  return { rows: { m: x.length, x, tx, T, w, slot, slotT: gT?.slot ?? NONE, slotT2: gt?.slot ?? NONE, logT, log1T, logt, log1t, lbx, ibx }, Ts, ts };
}

/** The per-distinct-value logs of a row set at this α. */
function fillLogs(s: RowSet, alpha: number): void {
  const la0 = Math.log(alpha);
  const { logT, log1T, logt, log1t } = s.rows;
  for (let j = 0; j < s.Ts.length; j++) {
    logT[j] = Math.log(alpha + s.Ts[j]!);
    log1T[j] = logT[j]! - la0;
  }
  for (let j = 0; j < s.ts.length; j++) {
    logt[j] = Math.log(alpha + s.ts[j]!);
    log1t[j] = logt[j]! - la0;
  }
}

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
function bgZeroRows(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, lbx: Float64Array, ibx: Float64Array): { others: RowSet; add(r: number, alpha: number, a: number, hess: boolean, acc: Float64Array): void; sums(): { rule: number; exact: number } } | undefined {
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

/** Where each entry of the row-major 4 × 4 Hessian in (r, α, a, b) sits in acc[5..14] = (rr, rα, αα, ra, rb, αa, αb, aa, ab, bb). */
const HESSIAN_SLOTS = [5, 6, 8, 9, 6, 7, 10, 11, 8, 10, 12, 13, 9, 11, 13, 14];

/** The per-row data of a BG/NBD-family kernel and its per-evaluation caches (slot arrays empty when not shared). */
interface BgRows {
  m: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  slot: Int32Array;
  slotT: Int32Array;
  slotT2: Int32Array;
  logT: Float64Array;
  log1T: Float64Array;
  logt: Float64Array;
  log1t: Float64Array;
  lbx: Float64Array;
  ibx: Float64Array;
}

// A dozen calls on three rows at load (V8 allocates type feedback only after a function's first calls): the code
// compiled while the first large call is in its row loop (on-stack replacement) then knows every branch and the
// stores after the loop, and does not deoptimize mid-fit.
{
  const x = Float64Array.of(0, 2, 1), tx = Float64Array.of(0, 5, 0.5), T = Float64Array.of(10, 10, 30), w = Float64Array.of(1, 1, 1);
  const e = new Float64Array(0), none = new Int32Array(0);
  const rows: BgRows = { m: 3, x, tx, T, w, slot: Int32Array.of(0, 1, 2), slotT: none, slotT2: none, logT: e, log1T: e, logt: e, log1t: e, lbx: Float64Array.of(0, 1, 0.5), ibx: Float64Array.of(0, 0.4, 0.5) };
  const acc = new Float64Array(15);
  for (let k = 0; k < 12; k++) {
    bgRows(rows, 0.5, 4, 1, k % 2 === 1, k % 3 !== 0, acc);
    // The one-pass set-up loops too: they meet a million rows once per fit.
    const z = new Int32Array(3), f = new Float64Array(3);
    splitLoop(x, tx, T, w, rows.slot, z, f, f, f, f, f, z, f);
    countZeros(x);
    zeroRules(T, Int32Array.of(0), w, 10, 10 + k, 4, new Float64Array(1));
  }
}

/**
 * Adds the rows' log-likelihood and gradient to acc = [ll, ∂r, ∂α, ∂a, ∂b] and, when `hess`, their Hessian entries to
 * acc[5..14] = (rr, rα, αα, ra, rb, αa, αb, aa, ab, bb). The row
 * terms are ln(e^A3 + e^A4), whose Hessian is (1−q)∇²A3 + q∇²A4 + q(1−q)(∇A4 − ∇A3)(∇A4 − ∇A3)ᵀ; A3 depends on
 * (r, α) only, A4 on all four (linearly in ln a and ln(b+x−1)).
 */
function bgRows(d: BgRows, r: number, alpha: number, a: number, modified: boolean, hess: boolean, acc: Float64Array): void {
  const { m, x, tx, T, w, slot, slotT, slotT2, logT, log1T, logt, log1t, lbx, ibx } = d;
  const hasT = slotT.length > 0, hasT2 = slotT2.length > 0;
  const lA = Math.log(a), la0 = Math.log(alpha);
  // Reciprocals instead of divisions (a dozen a row otherwise).
  const ia = 1 / alpha, ia2 = ia * ia, iA = 1 / a, iA2 = iA * iA;
  let ll = acc[0]!, gr = acc[1]!, gal = acc[2]!, ga = acc[3]!, gb = acc[4]!;
  let hrr = acc[5]!, hra = acc[6]!, haa = acc[7]!, hrA = acc[8]!, hrB = acc[9]!, haA = acc[10]!, haB = acc[11]!, hAA = acc[12]!, hAB = acc[13]!, hBB = acc[14]!;
  for (let i = 0; i < m; i++) {
    const wi = w[i]!, xi = x[i]!, k = slot[i]!, rx = r + xi;
    const Ti = T[i]!;
    const aT = alpha + Ti;
    const jT = hasT ? slotT[i]! : -1;
    const lT = jT >= 0 ? logT[jT]! : Math.log(aT);
    const big = rx > 1e4;
    const l1T = big ? Math.log1p(Ti / alpha) : jT >= 0 ? log1T[jT]! : lT - la0;
    const A3 = -r * l1T - xi * lT;
    const iaT = 1 / aT;
    const dA3 = (r * Ti * ia - xi) * iaT;
    // ∂²A3/∂r∂α = T/(α(α+T)); ∂²A3/∂α² = −r/α² + (r+x)/(α+T)², over one denominator without cancellation.
    const h3ra = hess ? Ti * ia * iaT : 0;
    const h3aa = hess ? (xi * alpha * alpha - r * Ti * (2 * alpha + Ti)) * ia2 * iaT * iaT : 0;
    if (!modified && xi === 0) {
      ll += wi * A3;
      gr -= wi * l1T;
      gal += wi * dA3;
      hra += wi * h3ra;
      haa += wi * h3aa;
      continue;
    }
    const ti = tx[i]!;
    const at = alpha + ti;
    const jt = hasT2 ? slotT2[i]! : -1;
    const lt = jt >= 0 ? logt[jt]! : ti === 0 ? la0 : Math.log(at);
    const l1t = big ? Math.log1p(ti / alpha) : jt >= 0 ? log1t[jt]! : lt - la0;
    const u = lA - lbx[k]! + rx * (big ? Math.log1p((Ti - ti) / at) : lT - lt);
    let q: number;
    if (u > 0) {
      const e = Math.exp(-u);
      ll += wi * (A3 + u + Math.log1p(e));
      q = 1 / (1 + e);
    } else {
      const e = Math.exp(u);
      ll += wi * (A3 + Math.log1p(e));
      q = e / (1 + e);
    }
    const q1 = 1 - q;
    gr -= wi * (q1 * l1T + q * l1t);
    const iat = 1 / at;
    const dA4 = (r * ti * ia - xi) * iat;
    gal += wi * (q1 * dA3 + q * dA4);
    ga += wi * q * iA;
    const ib = ibx[k]!;
    gb -= wi * q * ib;
    if (!hess) continue;
    const h4ra = ti * ia * iat;
    const h4aa = (xi * alpha * alpha - r * ti * (2 * alpha + ti)) * ia2 * iat * iat;
    // ∇A4 − ∇A3 = (l1T − l1t, dA4 − dA3, 1/a, −1/(b+x−1)), scaled by √(w q (1−q)) through c.
    const c = wi * q * q1;
    const er = l1T - l1t, ea = dA4 - dA3, eA = iA;
    hrr += c * er * er;
    hra += wi * (q1 * h3ra + q * h4ra) + c * er * ea;
    haa += wi * (q1 * h3aa + q * h4aa) + c * ea * ea;
    hrA += c * er * eA;
    hrB -= c * er * ib;
    haA += c * ea * eA;
    haB -= c * ea * ib;
    hAA += c * eA * eA - wi * q * iA2;
    hAB -= c * eA * ib;
    hBB += c * ib * ib + wi * q * ib * ib;
  }
  acc[0] = ll;
  acc[1] = gr;
  acc[2] = gal;
  acc[3] = ga;
  acc[4] = gb;
  acc[5] = hrr;
  acc[6] = hra;
  acc[7] = haa;
  acc[8] = hrA;
  acc[9] = hrB;
  acc[10] = haA;
  acc[11] = haB;
  acc[12] = hAA;
  acc[13] = hAB;
  acc[14] = hBB;
}
