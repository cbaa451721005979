// The BG/NBD and MBG/NBD log-likelihood with its analytic gradient and per-value caches, apart from the predictions
// so the fitting kernel reads on its own; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { logPochhammerTable } from "../numeric/special/logPochhammerTable.js";
import { compressIfUseful, groupByValue, sharedValues, strided } from "./compressRows.js";
import { readRft, type CustomerData } from "./columns.js";
import { type Likelihood } from "./maximumLikelihood.js";
import { named } from "./fitReport.js";
import { checkHorizons, predictionProblem } from "./checkPredictions.js";
import { BG_NAMES, type BgNbdParams } from "./bgNbdParams.js";
import { bgAlive, bgConditional, bgExpected } from "./bgNbdPredictions.js";

/** Builds the compressed likelihood of the BG/NBD (modified = false) or MBG/NBD (true). */
export function bgNbdLikelihood(data: CustomerData, modified: boolean, what: string): { lik: Likelihood; start: Float64Array; n: number; timeUnit: ReturnType<typeof readRft>["timeUnit"] } {
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

/** The BG/NBD-family likelihood on (compressed) rows. */
function bgKernel(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, modified: boolean): Likelihood {
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
  // ln(α+T) and ln(α+t_x) once per distinct T and t_x (CDNOW: 84 and 257 values for 1,016 rows); the same
  // operations as per row, so the log-likelihood is bit-identical.
  // Large uncompressed inputs (continuous times) have nearly all values distinct and keep the per-row logs.
  const gT = sharedValues(T, w), gt = sharedValues(tx, w);
  const slotT = gT?.slot, slotT2 = gt?.slot, nT = gT?.distinct.length ?? 0, nt = gt?.distinct.length ?? 0;
  const logT = new Float64Array(nT), log1T = new Float64Array(nT), logt = new Float64Array(nt), log1t = new Float64Array(nt);
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
  const none = new Int32Array(0);
  const rows: BgRows = { m, x, tx, T, w, slot, slotT: slotT ?? none, slotT2: slotT2 ?? none, logT, log1T, logt, log1t, lbx, ibx };
  const sums = new Float64Array(15);
  return {
    names: BG_NAMES,
    totalWeight: W,
    analyticGradient: true,
    analyticHessian: true,
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
      const la0 = Math.log(alpha);
      // acc = [ll, ∂r, ∂α, ∂a, ∂b, then the Hessian entries (see bgRows)], the Hessian accumulated only when asked for
      // (standard errors, warm starts); the per-frequency terms below and the row loop add into the same sums.
      const acc = sums.fill(0);
      const H = grad !== undefined && hess !== undefined;
      for (let j = 0; j < nT; j++) {
        logT[j] = Math.log(alpha + gT!.distinct[j]!);
        log1T[j] = logT[j]! - la0;
      }
      for (let j = 0; j < nt; j++) {
        logt[j] = Math.log(alpha + gt!.distinct[j]!);
        log1t[j] = logt[j]! - la0;
      }
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
      bgRows(rows, r, alpha, a, modified, H, acc);
      if (grad) for (let j = 0; j < 4; j++) grad[j] = acc[1 + j]!;
      if (H) {
        for (let j = 0; j < 16; j++) hess[j] = acc[HESSIAN_SLOTS[j]!]!;
      }
      return acc[0]!;
    },
  };
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
