// The BG/NBD and MBG/NBD log-likelihood with its analytic gradient and per-value caches, apart from the predictions
// so the fitting kernel reads on its own; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { logPochhammerTable } from "../numeric/special/logPochhammerTable.js";
import { compressIfUseful, groupByValue, strided } from "./compressRows.js";
import { bgRows, fillLogs, rowSet } from "./bgNbdRows.js";
import { bgZeroRows } from "./mbgZeroRows.js";
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
  const slot = g.slot;
  let W = 0;
  for (let i = 0; i < m; i++) W += w[i]!;
  const shift = modified ? 1 : 0;
  const terms = frequencyTerms(g.distinct, g.slotWeights, shift);
  const { lbx, ibx } = terms;
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
      addFrequencyTerms(terms, r, a, b, modified, grad !== undefined, H, acc);
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

/** Per distinct frequency: its weight, ln(b+x−1+shift) and 1/(b+x−1+shift) (filled at each evaluation), and the Pochhammer tables and scratch of {@link addFrequencyTerms}. */
interface FrequencyTerms {
  xs: Float64Array;
  sw: Float64Array;
  shift: number;
  lbx: Float64Array;
  ibx: Float64Array;
  /** Whether the Pochhammer terms come from running tables up to maxX (whole frequencies, not too sparse). */
  useTable: boolean;
  maxX: number;
  tables: Float64Array[];
  scratch: Float64Array[];
}

/**
 * The per-frequency workspace of the BG/NBD-family likelihood for distinct frequencies `xs` with weights `sw`. Whole
 * frequencies up to a few times the number of distinct ones: the Pochhammer terms for every x from one running sum
 * each (logPochhammerTable) instead of ln Γ and ψ pairs per distinct x.
 */
function frequencyTerms(xs: Float64Array, sw: Float64Array, shift: number): FrequencyTerms {
  const K = xs.length;
  let maxX = 0, whole = true;
  for (let k = 0; k < K; k++) {
    const v = xs[k]!;
    if (!(Number.isInteger(v) && v >= 0)) whole = false;
    else if (v > maxX) maxX = v;
  }
  const useTable = whole && maxX + shift <= Math.max(64, 4 * K);
  const tn = useTable ? maxX + shift + 1 : 0;
  return {
    xs,
    sw,
    shift,
    lbx: new Float64Array(K),
    ibx: new Float64Array(K),
    useTable,
    maxX,
    // values and first and second derivatives of ln (r)_x, ln (b)_n, ln (a+b)_n
    tables: Array.from({ length: 9 }, () => new Float64Array(tn)),
    // first derivatives d1..d3 and second derivatives c1..c3 of one frequency's three terms
    scratch: Array.from({ length: 6 }, () => new Float64Array(1)),
  };
}

/**
 * Adds the terms that depend on x only, one evaluation per distinct frequency, into acc (log-likelihood, gradient and,
 * with H, the Hessian slots): ln Γ(r+x)/Γ(r) and ln B(a, b+x+shift)/B(a, b) = ln (b)_{x+shift} − ln (a+b)_{x+shift},
 * as Pochhammer symbols so that large r or b (homogeneous purchase rate or dropout) do not cancel huge ln Γ values;
 * also fills ln(b+x−1+shift) and its inverse for the row loop.
 */
function addFrequencyTerms(t: FrequencyTerms, r: number, a: number, b: number, modified: boolean, grad: boolean, H: boolean, acc: Float64Array): void {
  const { xs, sw, shift, lbx, ibx, useTable, maxX } = t;
  const [vr, dr, hr, vb, db, hb, vab, dab, hab] = t.tables as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [d1, d2, d3, c1, c2, c3] = t.scratch as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  if (useTable) {
    logPochhammerTable(r, maxX, vr, dr, H ? hr : undefined);
    logPochhammerTable(b, maxX + shift, vb, db, H ? hb : undefined);
    logPochhammerTable(a + b, maxX + shift, vab, dab, H ? hab : undefined);
  }
  for (let k = 0; k < xs.length; k++) {
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
}

/** Where each entry of the row-major 4 × 4 Hessian in (r, α, a, b) sits in acc[5..14] = (rr, rα, αα, ra, rb, αa, αb, aa, ab, bb). */
const HESSIAN_SLOTS = [5, 6, 8, 9, 6, 7, 10, 11, 8, 10, 12, 13, 9, 11, 13, 14];
