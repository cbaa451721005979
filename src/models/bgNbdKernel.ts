// The BG/NBD-family prediction kernel (internal): weighted sums of expected purchases over several horizons,
// Σ_k w_k E[Y(t_k) | x, t_x, T], for many customers, sharing work across customers with the same frequency.
//
// E[Y(t) | x, t_x, T] = P(alive) · m_x(t / (α + T)), where m_x(u) is the expected purchases in the next u·(α+T) of a
// customer alive now (aliveMean; it depends on u only). For a frequency x shared by many customers,
// S_x(λ) = Σ_k w_k m_x(t_k e^(−λ)) is one smooth function of λ = ln(α + T) (analytic in the strip |Im λ| < π:
// its singularities sit at α + T ≤ 0), so a Chebyshev interpolant of a few dozen terms, fitted once per x to a
// relative 1e-13, replaces the 2F1 per customer and horizon; per customer there remain one log, one log1p, one exp
// and a short Clenshaw sum. Rare frequencies (and any x whose interpolant does not reach the tolerance) are
// evaluated directly. For many customers whose α + T spans a moderate range, the interpolants are re-interpolated
// in α + T itself (inAlphaPlusT), which leaves the log1p and the exp (fastExp) of P(alive) for repeat buyers only.
// Grouping by frequency is in frequencyGroups.ts, the interpolants in discountedTable.ts.
import { fastExp } from "../numeric/fastExp.js";
import type { BgNbdParams } from "./bgNbdParams.js";
import { aliveMeanAt, discountedTable, inAlphaPlusT, interpolated, type DiscountedTable } from "./discountedTable.js";
import { groupByFrequency, type FrequencyGroups } from "./frequencyGroups.js";
import { predictionRowValid } from "./plainRft.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/**
 * Σ_k w_k E[Y(t_k) | x, t_x, T] for customers [start, end) into out[0 .. end−start): P(alive) from the dead log-odds
 * (one log1p, one exp) times S_x(ln(α + T)) from the group's interpolant, or directly for uninterpolated groups.
 */
export function evaluateDiscounted(p: BgNbdParams, modified: boolean, table: DiscountedTable, groups: FrequencyGroups, times: Float64Array, weights: Float64Array, tx: Float64Array, T: Float64Array, start: number, end: number, out: Float64Array): void {
  const group = groups.group;
  for (let i = start; i < end; i++) out[i - start] = discountedOne(p, modified, table, groups.x, group[i]!, times, weights, tx[i]!, T[i]!);
}

/** One customer of group `g` (frequency xs[g]) for {@link evaluateDiscounted}. */
function discountedOne(p: BgNbdParams, modified: boolean, table: DiscountedTable, xs: Float64Array, g: number, times: Float64Array, weights: Float64Array, ti: number, Ti: number): number {
  const c = p.alpha + Ti;
  const S = table.len[g]! > 0 ? interpolated(table, g, Math.log(c)) : directSum(p, modified, xs[g]!, times, weights, c);
  return timesAlive(S, table.logOdds[g]!, table.A[g]!, p.alpha, Ti, ti);
}

/** Σ_k w_k m_x(t_k / c) evaluated directly (a group without an interpolant). */
function directSum(p: BgNbdParams, modified: boolean, x: number, times: Float64Array, weights: Float64Array, c: number): number {
  const s = modified ? 1 : 0;
  let S = 0;
  for (let k = 0; k < times.length; k++) S += weights[k]! * aliveMeanAt(p, x, s, times[k]! / c);
  return S;
}

/**
 * S times P(alive): (r+x)·ln((α+T)/(α+t_x)) through log1p, no cancellation when t_x is close to T. BG/NBD customers
 * without repeat purchases (often half of them) are alive for sure: no log1p or exp. e^ by fastExp when `fast`, else
 * Math.exp: a flag, not the function as an argument, so that a loop that inlines this call inlines fastExp too.
 */
function timesAlive(S: number, logOdds: number, A: number, alpha: number, Ti: number, ti: number, fast = false): number {
  if (logOdds === -Infinity) return S;
  const y = logOdds + A * Math.log1p((Ti - ti) / (alpha + ti));
  return S / (1 + (fast ? fastExp(y) : Math.exp(y)));
}

/**
 * The interpolants of `table` with every piece of every group padded with zeros to one length `L` (stride L), and the
 * pieces per group; a group without an interpolant (`direct` 1) points at one block of zeros (one piece), so the
 * interleaved loop computes 0 for its customers without a branch and they are evaluated after it.
 */
function paddedCoefficients(table: DiscountedTable): { coef: Float64Array; offset: Int32Array; pieces: Int32Array; direct: Int32Array; L: number } {
  const { len, pieces: from, offset: at, coef: src } = table;
  const G = len.length;
  let L = 1, total = 0;
  for (let g = 0; g < G; g++) L = Math.max(L, len[g]!);
  const offset = new Int32Array(G), pieces = new Int32Array(G).fill(1), direct = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    if (len[g]! === 0) direct[g] = 1;
    else {
      offset[g] = L + total; // the first L coefficients are the zero block
      pieces[g] = from[g]!;
      total += from[g]! * L;
    }
  }
  const coef = new Float64Array(L + total);
  for (let g = 0; g < G; g++) {
    const n = len[g]!;
    for (let q = 0; q < (n > 0 ? from[g]! : 0); q++) coef.set(src.subarray(at[g]! + q * n, at[g]! + (q + 1) * n), offset[g]! + q * L);
  }
  return { coef, offset, pieces, direct, L };
}

/**
 * {@link evaluateDiscounted} for every customer when `groups` has `byX` (whole frequencies, no per-customer groups),
 * into `out`, agreeing with it to ~1e-15 relative: the interpolants re-interpolated in α + T when the ranges allow
 * (inAlphaPlusT: no log per customer), e^ by fastExp (no call into C, which spills the loop's registers). Two
 * customers at a time: each Clenshaw recurrence is a chain of dependent multiply-adds, so two interleaved keep the
 * floating-point units busy (the interpolants are padded with zeros to one length, which leaves every sum unchanged).
 * Customers of groups without an interpolant (rare frequencies) are listed in that loop and evaluated after it, which
 * keeps the loop small (it is compiled while a first call runs). With `validate`, every row is checked against
 * predictionRowValid in the same loop (the columns are read once for both). Returns −2 when a row fails that check,
 * else the first row whose value is negative or not finite, else −1. `rowsPerGroup` (default 4000): the customers per
 * interpolated group from which the interpolants are re-interpolated in α + T.
 */
export function evaluateDiscountedByX(p: BgNbdParams, modified: boolean, table: DiscountedTable, groups: FrequencyGroups, times: Float64Array, weights: Float64Array, x: Float64Array, tx: Float64Array, T: Float64Array, out: Float64Array, validate = false, rowsPerGroup = 4000): number {
  // The re-interpolation costs ~75 evaluations of an interpolant per group (~3 ms for 30 groups in a fresh process) and
  // saves a log per customer: worth it from a few thousand customers per group.
  let interpolatedGroups = 0;
  for (let g = 0; g < table.len.length; g++) interpolatedGroups += +(table.len[g]! > 0);
  const inC = x.length >= rowsPerGroup * interpolatedGroups ? inAlphaPlusT(table) : undefined;
  const use = inC ?? table, log = inC !== undefined ? 0 : 1;
  const { lo, hi, logOdds, A } = use;
  const byX = groups.byX!;
  const { coef, offset, pieces, direct, L } = paddedCoefficients(use);
  const alpha = p.alpha, n = x.length, G = lo.length;
  // Per group: pieces per unit of the coordinate and the last piece (no division per customer).
  const scale = new Float64Array(G), top = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    scale[g] = pieces[g]! / (hi[g]! - lo[g]!);
    top[g] = pieces[g]! - 1;
  }
  let rare = 0;
  for (let g = 0; g < direct.length; g++) rare += direct[g]! * groups.count[g]!;
  const later = new Int32Array(rare + 1);
  let m = 0, bad = n, ok = 1;
  for (let i = 0; i + 1 < n; i += 2) {
    const j = i + 1;
    const xa = x[i]!, xb = x[j]!, Ta = T[i]!, Tb = T[j]!, ta = tx[i]!, tb = tx[j]!;
    // Checked without leaving the loop (one exit less compiles to faster code); the values are then discarded.
    ok &= +predictionRowValid(xa, ta, Ta) & +predictionRowValid(xb, tb, Tb);
    const ga = byX[xa | 0]!, gb = byX[xb | 0]!;
    const la = log === 1 ? Math.log(alpha + Ta) : alpha + Ta, lb = log === 1 ? Math.log(alpha + Tb) : alpha + Tb;
    // The piece (truncation is the floor here: the coordinate is in range up to rounding) and the point in it.
    const wa = (la - lo[ga]!) * scale[ga]!, wb = (lb - lo[gb]!) * scale[gb]!;
    const qa = Math.max(0, Math.min(top[ga]!, wa | 0)), qb = Math.max(0, Math.min(top[gb]!, wb | 0));
    const za = 2 * (wa - qa) - 1, zb = 2 * (wb - qb) - 1;
    const oa = offset[ga]! + qa * L, ob = offset[gb]! + qb * L;
    const ya = 2 * za, yb = 2 * zb;
    let a1 = 0, a2 = 0, b1 = 0, b2 = 0;
    for (let k = L - 1; k > 0; k--) {
      const a0 = ya * a1 - a2 + coef[oa + k]!, b0 = yb * b1 - b2 + coef[ob + k]!;
      a2 = a1;
      a1 = a0;
      b2 = b1;
      b1 = b0;
    }
    const va = timesAlive(za * a1 - a2 + coef[oa]!, logOdds[ga]!, A[ga]!, alpha, Ta, ta, true);
    const vb = timesAlive(zb * b1 - b2 + coef[ob]!, logOdds[gb]!, A[gb]!, alpha, Tb, tb, true);
    out[i] = va;
    out[j] = vb;
    // Rare-frequency customers are listed without a branch (the slot is overwritten unless the count moves on).
    later[m] = i;
    m += direct[ga]!;
    later[m] = j;
    m += direct[gb]!;
    if (bad === n && !(va >= 0 && va < Infinity && vb >= 0 && vb < Infinity)) bad = va >= 0 && va < Infinity ? j : i;
  }
  if (n % 2 === 1) {
    later[m++] = n - 1; // the last customer of an odd count, one at a time
    ok &= +predictionRowValid(x[n - 1]!, tx[n - 1]!, T[n - 1]!);
  }
  if (validate && ok === 0) return -2;
  bad = evaluateListed(p, modified, table, groups, times, weights, x, tx, T, later.subarray(0, m), bad, out);
  return bad === n ? -1 : bad;
}

/**
 * The customers `rows` of {@link evaluateDiscountedByX} one at a time, and the first bad row (below `bad`). Apart from
 * its loop, so that the optimizing compiler spends that loop's inlining budget on the main one.
 */
function evaluateListed(p: BgNbdParams, modified: boolean, table: DiscountedTable, groups: FrequencyGroups, times: Float64Array, weights: Float64Array, x: Float64Array, tx: Float64Array, T: Float64Array, rows: Int32Array, bad: number, out: Float64Array): number {
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const v = discountedOne(p, modified, table, groups.x, groups.byX![x[i]! | 0]!, times, weights, tx[i]!, T[i]!);
    out[i] = v;
    if (i < bad && !(v >= 0 && v < Infinity)) bad = i;
  }
  return bad;
}

/** The horizons t > 0 of weight w ≠ 0 (others contribute nothing), after checking every time and weight. */
export function usedHorizons(times: ArrayLike<number>, weights: ArrayLike<number>): { times: Float64Array; weights: Float64Array } {
  const ts: number[] = [], ws: number[] = [];
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!, w = weights[k]!;
    if (!(t >= 0) || !Number.isFinite(t)) throw new Error(`invalid time ${t}: use a non-negative number`);
    if (!Number.isFinite(w)) throw new Error(`invalid weight ${w} of time ${t}: use a finite number`);
    if (t > 0 && w !== 0) {
      ts.push(t);
      ws.push(w);
    }
  }
  return { times: Float64Array.from(ts), weights: Float64Array.from(ws) };
}

/**
 * Σ_k w_k E[Y(t_k) | x, t_x, T] per customer (horizons with t = 0 or w = 0 contribute nothing); `groups`, when the
 * caller has them, must be groupByFrequency(x, T) (or, with `byX`, groupByFrequency(x, T, false)); the rows must be
 * valid (readRft).
 */
export function bgWeightedConditional(p: BgNbdParams, modified: boolean, times: ArrayLike<number>, weights: ArrayLike<number>, x: Float64Array, tx: Float64Array, T: Float64Array, groups?: FrequencyGroups): Float64Array {
  const h = usedHorizons(times, weights);
  const out = new Float64Array(x.length);
  if (h.times.length === 0) return out;
  const g = groups ?? groupByFrequency(x, T);
  const table = discountedTable(p, modified, h.times, h.weights, g);
  if (g.byX) evaluateDiscountedByX(p, modified, table, g, h.times, h.weights, x, tx, T, out);
  else evaluateDiscounted(p, modified, table, g, h.times, h.weights, tx, T, 0, x.length, out);
  return out;
}

// A process's first prediction meets a million rows: the grouping pass and the evaluation loop (in λ and in α + T,
// BG/NBD and MBG/NBD, odd and even counts, with and without the row check) are optimized at load (see
// optimizeAtLoad) on 40 or 41 customers of two frequencies, interpolated at two horizons (50 customers of each build
// the tables). Three more of single frequencies make groups without an interpolant but are not evaluated, so that only
// the main loop's own path (not discountedOne's 2F1) gathers the type feedback it is compiled from.
{
  const R = 103, x = new Float64Array(R), tx = new Float64Array(R), T = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    x[i] = i < 100 ? 2 * (i % 2) : i - 96; // 0 and 2 (50 each), then 4, 5, 6
    T[i] = 30 + (i % 17) / 16; // a narrow range: one piece per interpolant, in λ and in α + T (a cheap load)
    tx[i] = x[i]! > 0 ? T[i]! * (0.2 + (i % 7) / 10) : 0;
  }
  const badTx = tx.slice();
  badTx[37] = T[37]! + 1; // recency after T
  const times = Float64Array.of(13, 39), weights = Float64Array.of(0.5, 1), out = new Float64Array(R);
  // The shape of a model's params (FittedModel freezes a copy): another shape would deoptimize the first large call.
  const p = Object.freeze({ r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 });
  const groups = groupByFrequency(x, T, false)!;
  const tables = [discountedTable(p, false, times, weights, groups), discountedTable(p, true, times, weights, groups)];
  optimizeAtLoad((k) => {
    groupByFrequency(x, T, k % 2 === 0);
    // The first 41 or 40 customers (both frequencies): fewer rows a call, less load time before the loop is optimized.
    const modified = k % 16 < 8, t = k % 32 === 5 ? badTx : tx, n = k % 8 < 4 ? 41 : 40;
    evaluateDiscountedByX(p, modified, tables[+modified]!, groups, times, weights, x.subarray(0, n), t.subarray(0, n), T.subarray(0, n), out, k % 2 === 1, k % 8 === 1 || k % 8 === 2 ? 0 : 4000);
  });
}
