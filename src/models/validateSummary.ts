// The one set of customer-summary rules every fit and prediction checks (internal).
import { predictionRowValid } from "./plainRft.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/** Summary columns a model reads (canonical names; absent columns are not checked). */
export interface SummaryColumns {
  frequency?: Float64Array;
  recency?: Float64Array;
  T?: Float64Array;
  periods?: Float64Array;
  monetaryValue?: Float64Array;
  weights?: Float64Array;
}

/**
 * Checks a customer summary against the BTYD rules and throws on the first impossible row, naming the row (1-based),
 * the value, the rule and the fix: frequency >= 0; recency >= 0, 0 when frequency is 0, and not past T (continuous
 * time) or between frequency and periods (discrete, BG/BB); T > 0 (T = 0 only for a customer without repeat
 * purchases); periods a whole number >= 1; weights >= 0. Data to fit (`fitting`, default true) must also be observable
 * histories: whole-number frequencies, and recency > 0 when frequency > 0. Predictions may be asked at those limit
 * points (a P(alive) grid at recency 0), where the formulas are defined. Finiteness and numeric type are checked
 * when the columns are read.
 * @example validateSummary({ frequency, recency, T }, "fitBgNbd")
 */
export function validateSummary(c: SummaryColumns, what: string, fitting = true): void {
  const { frequency: x, recency: tx, T, periods: n, weights: w } = c;
  const len = (x ?? tx ?? T ?? n ?? w)?.length ?? 0;
  // The common shapes first, in tight loops that only say whether every row passes (the general loop below costs
  // ~80 ns a row, most of a million-customer fit); on any failure the general loop finds and names the row.
  if (!n && x && (!w || allNonNegative(w))) {
    if (tx && T ? tx.length === x.length && T.length === x.length && continuousRowsValid(x, tx, T, fitting) : !tx && !T && frequenciesValid(x, fitting)) return;
  }
  const fail = (i: number, text: string): never => {
    throw new Error(`${what}: row ${i + 1}: ${text}`);
  };
  for (let i = 0; i < len; i++) {
    const xi = x ? x[i]! : NaN;
    if (x) {
      if (xi < 0) fail(i, `frequency is ${xi}: repeat purchases cannot be negative`);
      if (fitting && !Number.isInteger(xi)) fail(i, `frequency is ${xi}: repeat purchases are counted, use a whole number`);
    }
    if (w && !(w[i]! >= 0)) fail(i, `weights is ${w[i]}: weights are non-negative counts`);
    if (n) {
      const ni = n[i]!, ti = tx ? tx[i]! : 0;
      if (!Number.isInteger(ni) || ni < 1) fail(i, `periods is ${ni}: use the number of transaction opportunities, an integer >= 1`);
      if (x && xi > ni) fail(i, `frequency is ${xi}: use an integer between 0 and periods (${ni})`);
      if (tx && (!Number.isInteger(ti) || ti < xi || ti > ni || (xi === 0 && ti !== 0))) fail(i, `recency is ${ti}: use the period of the last transaction (>= frequency ${xi}, <= periods ${ni}, 0 when frequency is 0)`);
      continue;
    }
    if (!tx) continue;
    const ti = tx[i]!;
    if (ti < 0) fail(i, `recency is ${ti}: recency cannot be negative`);
    if (x && xi === 0 && ti !== 0) fail(i, `frequency is 0 but recency is ${ti}: recency must be 0 when there are no repeat purchases`);
    if (fitting && x && xi > 0 && ti === 0) fail(i, `frequency is ${xi} but recency is 0: a customer with repeat purchases has a last purchase after the first, so recency must be > 0 (check the time unit or the summary)`);
    if (T) {
      const Ti = T[i]!;
      if (!(Ti > 0) && !(Ti === 0 && xi === 0)) fail(i, `T is ${Ti}: the observation time must be positive`);
      if (ti > Ti * (1 + 1e-9) + 1e-12) fail(i, `recency ${ti} exceeds T ${Ti}: recency is measured from the first purchase and cannot pass the end of observation`);
    }
  }
}

/** Whether every (x, t_x, T) row passes the continuous-time rules of {@link validateSummary} (the prediction rules, plus whole frequencies and t_x > 0 for repeat buyers when fitting). */
function continuousRowsValid(x: Float64Array, tx: Float64Array, T: Float64Array, fitting: boolean): boolean {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, ti = tx[i]!;
    if (!predictionRowValid(xi, ti, T[i]!)) return false;
    if (fitting && xi > 0 && (ti === 0 || Math.floor(xi) !== xi)) return false;
  }
  return true;
}

/** Whether every frequency passes the rules of {@link validateSummary} (non-negative; whole when fitting). */
function frequenciesValid(x: Float64Array, fitting: boolean): boolean {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi >= 0) || (fitting && (Math.floor(xi) !== xi || xi === Infinity))) return false;
  }
  return true;
}

function allNonNegative(w: Float64Array): boolean {
  for (let i = 0; i < w.length; i++) if (!(w[i]! >= 0)) return false;
  return true;
}

// The checks meet a million rows once per fit, before anything else: optimized at load (see optimizeAtLoad).
{
  const R = 40, x = new Float64Array(R), tx = new Float64Array(R), T = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    x[i] = i % 3 === 0 ? 0 : 1 + (i % 4);
    tx[i] = x[i] === 0 ? 0 : 1 + i / 4;
    T[i] = 12 + i;
  }
  optimizeAtLoad((k) => {
    continuousRowsValid(x, tx, T, k % 2 === 0);
    frequenciesValid(x, k % 2 === 0);
    allNonNegative(T);
  });
}
