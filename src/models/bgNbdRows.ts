// The BG/NBD-family row loop (internal): per-row data with caches of ln(α+T) and ln(α+t_x) per distinct value, and
// the one loop that adds the rows' log-likelihood, gradient and Hessian; shared by the likelihood and MBG/NBD's rules.
import { sharedValues } from "./compressRows.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

export const NONE = new Int32Array(0);
export const EMPTY = new Float64Array(0);

/** Rows for {@link bgRows} with their distinct T and t_x values (empty when not shared), whose logs fillLogs caches. */
export interface RowSet {
  rows: BgRows;
  Ts: Float64Array;
  ts: Float64Array;
}

export function rowSet(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, slot: Int32Array, lbx: Float64Array, ibx: Float64Array): RowSet {
  // ln(α+T) and ln(α+t_x) once per distinct T and t_x (CDNOW: 84 and 257 values for 1,016 rows); the same
  // operations as per row, so the log-likelihood is bit-identical.
  // Large uncompressed inputs (continuous times) have nearly all values distinct and keep the per-row logs.
  const gT = sharedValues(T, w), gt = sharedValues(tx, w);
  const Ts = gT?.distinct ?? EMPTY, ts = gt?.distinct ?? EMPTY;
  const logT = new Float64Array(Ts.length), log1T = new Float64Array(Ts.length), logt = new Float64Array(ts.length), log1t = new Float64Array(ts.length);
  return { rows: { m: x.length, x, tx, T, w, slot, slotT: gT?.slot ?? NONE, slotT2: gt?.slot ?? NONE, logT, log1T, logt, log1t, lbx, ibx }, Ts, ts };
}

/** The per-distinct-value logs of a row set at this α. */
export function fillLogs(s: RowSet, alpha: number): void {
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

/** The per-row data of a BG/NBD-family kernel and its per-evaluation caches (slot arrays empty when not shared). */
export interface BgRows {
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
  optimizeAtLoad((k) => bgRows(rows, 0.5, 4, 1, k % 2 === 1, k % 3 !== 0, acc), 12);
}

/**
 * Adds the rows' log-likelihood and gradient to acc = [ll, ∂r, ∂α, ∂a, ∂b] and, when `hess`, their Hessian entries to
 * acc[5..14] = (rr, rα, αα, ra, rb, αa, αb, aa, ab, bb). The row
 * terms are ln(e^A3 + e^A4), whose Hessian is (1−q)∇²A3 + q∇²A4 + q(1−q)(∇A4 − ∇A3)(∇A4 − ∇A3)ᵀ; A3 depends on
 * (r, α) only, A4 on all four (linearly in ln a and ln(b+x−1)).
 */
export function bgRows(d: BgRows, r: number, alpha: number, a: number, modified: boolean, hess: boolean, acc: Float64Array): void {
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
