import { DAYS_PER_UNIT, type TransactionLog } from "../data/types.js";
import { choleskyLower } from "../numeric/linearAlgebra.js";
import { loadModel, type PurchaseModel } from "../models/loadModel.js";
import { createRng } from "../random/createRng.js";
import type { CustomerSummary } from "../summaries/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { bundleModels, summaryAt, type ClvBundle } from "./clvBundle.js";
import { poissonQuantile } from "./poissonQuantile.js";
import { resolveThresholds, severityOf, type DriftThresholds, type Severity } from "./severity.js";

/** One tracking period: actual vs expected repeat purchases and revenue, with the band. */
export interface TrackingPeriod {
  readonly index: number;
  /** First and last day of the period, ISO (inclusive). */
  readonly start: string;
  readonly end: string;
  readonly expectedPurchases: number;
  readonly actualPurchases: number;
  readonly lowerPurchases: number;
  readonly upperPurchases: number;
  readonly expectedRevenue: number;
  readonly actualRevenue: number;
  readonly lowerRevenue: number;
  readonly upperRevenue: number;
  /** (actual − expected) / expected purchases. */
  readonly trackingError: number;
  readonly outside: boolean;
}

/** Realized vs predicted since the reference end. */
export interface TrackingResult {
  readonly period: "week" | "month";
  /** Days per period (a month is 365.25/12 days, rounded at each period edge). */
  readonly periodDays: number;
  readonly band: "poisson" | "bootstrap";
  readonly level: number;
  readonly referenceEnd: string;
  readonly currentEnd: string;
  /** Customers tracked: those with a purchase on or before the reference end (later customers are not in the forecast). */
  readonly customers: number;
  readonly periods: TrackingPeriod[];
  /** Σ |actual − expected| / Σ expected over the periods (purchases). */
  readonly trackingError: number;
  /** Σ actual / Σ expected − 1 over the periods (purchases). */
  readonly cumulativeBias: number;
  /** Cumulative repeat purchases since the reference end vs the central band of a Poisson count with the cumulative expectation: catches a steady shift too small for any one period. */
  readonly cumulativeActual: number;
  readonly cumulativeExpected: number;
  readonly cumulativeLower: number;
  readonly cumulativeUpper: number;
  readonly cumulativeOutside: boolean;
  /** Periods in a row outside the band, counting back from the last period. */
  readonly consecutiveOutside: number;
  readonly maxConsecutiveOutside: number;
  readonly status: Severity;
  readonly reasons: string[];
}

/** Options of {@link trackRealizedVsPredicted}. */
export interface RealizedTrackingOptions {
  /** Last day the forecast knows (ISO). Default: the model's training end. */
  referenceEnd?: string;
  /** Last day of actuals (ISO). Default: the last day in the log. Only whole periods are tracked. */
  currentEnd?: string;
  /** "week" (default) or "month". */
  period?: "week" | "month";
  /** "poisson" (default): Poisson quantiles of the expected count; "bootstrap": parametric bootstrap of the parameters (their asymptotic normal on the log scale) plus Poisson noise. */
  band?: "poisson" | "bootstrap";
  /** Central coverage of the band (default 0.95). */
  level?: number;
  /** Central coverage of the cumulative check's Poisson band (default 0.99). */
  cumulativeLevel?: number;
  /** Bootstrap draws (default 200) and seed (default 0). */
  draws?: number;
  seed?: number;
  thresholds?: Partial<DriftThresholds>;
}

function checkEnum(name: string, v: string, allowed: readonly string[]): void {
  if (!allowed.includes(v)) throw new Error(`invalid ${name} ${JSON.stringify(v)}: use ${allowed.join(" or ")}`);
}

/**
 * Realized vs predicted: for the customers known at the reference end, the repeat purchases (purchase days) and
 * revenue (purchase amounts; returns left out) actually seen in each week or month since, against the model's
 * conditional expectation E[X(t_k) − X(t_(k−1)) | data] summed over customers, and revenue as that times each
 * customer's expected spend (Gamma-Gamma). The band is the central `level` interval of a Poisson count with the
 * expected mean (the sum of many customers' counts), or a seeded parametric bootstrap that adds parameter
 * uncertainty. Tracking error = Σ|a − e| / Σe; an alert when the latest periods lie outside the band several times
 * in a row (default 2 moderate, 3 major), which one surprising week cannot cause, and (moderate) when the cumulative
 * count since the reference end lies outside the 99 % Poisson band of its cumulative expectation (a steady small shift).
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (cumulative tracking plots); Efron & Tibshirani (1993), An Introduction to the Bootstrap, §6.5 (parametric bootstrap)
 * @example trackRealizedVsPredicted(bundle, log, { period: "week" }).consecutiveOutside
 */
export function trackRealizedVsPredicted(bundle: ClvBundle, log: TransactionLog, options: RealizedTrackingOptions = {}): TrackingResult & { summary: CustomerSummary } {
  const period = options.period ?? "week";
  checkEnum("period", period, ["week", "month"]);
  const bandKind = options.band ?? "poisson";
  checkEnum("band", bandKind, ["poisson", "bootstrap"]);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`invalid level ${level}: use a coverage in (0, 1) such as 0.95`);
  const t = resolveThresholds(options.thresholds);
  const { purchase, spend } = bundleModels(bundle);
  const refEndIso = options.referenceEnd ?? bundle.trainingEnd;
  const refEnd = dayNumber(refEndIso);
  let lastDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > lastDay) lastDay = log.day[i]!;
  const curEnd = options.currentEnd ? dayNumber(options.currentEnd) : lastDay;
  const perDays = period === "week" ? 7 : 365.25 / 12;
  const edges = periodEdges(refEnd, curEnd, perDays);
  const K = edges.length - 1;
  const summary = summaryAt(log, bundle.timeUnit, refEndIso);
  const n = summary.customerId.length;
  const spendPer = spend ? spend.conditionalExpectedSpend(summary) : Float64Array.from({ length: n }, (_, i) => (summary.orders[i]! > 0 ? Math.max(0, summary.totalSpend[i]! / summary.orders[i]!) : 0));
  const window: TrackingWindow = { edges, summary, spendPer, perUnit: DAYS_PER_UNIT[bundle.timeUnit] };
  const expected = expectedSeries(purchase, window);
  const actual = actualSeries(log, window, refEnd, curEnd);
  const alpha = (1 - level) / 2;
  const band = bandKind === "poisson" ? poissonBand(expected.purchases, alpha) : bootstrapBand(bundle, window, alpha, options.draws ?? 200, options.seed ?? 0);
  const { periods, absErr, sumE, sumA, run, maxRun } = trackPeriods(expected, actual, band, refEnd, edges);

  // The cumulative check is stricter (99 % by default): a Poisson band ignores each customer's latent-rate
  // uncertainty (the sum is overdispersed), which a central 95 % band would turn into ~10 % false alarms.
  const cumLevel = options.cumulativeLevel ?? 0.99;
  if (!(cumLevel > 0 && cumLevel < 1)) throw new Error(`invalid cumulativeLevel ${cumLevel}: use a coverage in (0, 1) such as 0.99`);
  const ca = (1 - cumLevel) / 2;
  const cumLo = K ? poissonQuantile(ca, sumE) : 0, cumHi = K ? poissonQuantile(1 - ca, sumE) : 0;
  const cumulativeOutside = K > 0 && (sumA < cumLo || sumA > cumHi);
  const runStatus = severityOf(run, t.trackingRun);
  const status = runStatus === "none" && cumulativeOutside ? "moderate" : runStatus;
  const reasons: string[] = [];
  if (cumulativeOutside) reasons.push(`cumulative repeat purchases since ${refEndIso}: ${sumA} vs ${sumE.toFixed(1)} expected (${((sumA / sumE - 1) * 100).toFixed(1)}%), outside the ${Math.round(cumLevel * 100)}% Poisson band ${cumLo}-${cumHi}${runStatus === "none" ? " (moderate)" : ""}`);
  if (runStatus !== "none") {
    const last = periods[periods.length - 1]!;
    reasons.push(`the last ${run} ${period}s lie outside the ${Math.round(level * 100)}% band (${status}); latest ${last.start}..${last.end}: ${last.actualPurchases} repeat purchases vs ${last.expectedPurchases.toFixed(1)} expected (${(last.trackingError * 100).toFixed(1)}%)`);
  }
  return {
    period,
    periodDays: round(perDays),
    band: bandKind,
    level,
    referenceEnd: refEndIso,
    currentEnd: isoDate(refEnd + edges[K]!),
    customers: n,
    periods,
    trackingError: sumE > 0 ? round(absErr / sumE) : 0,
    cumulativeBias: sumE > 0 ? round(sumA / sumE - 1) : 0,
    cumulativeActual: sumA,
    cumulativeExpected: round(sumE),
    cumulativeLower: cumLo,
    cumulativeUpper: cumHi,
    cumulativeOutside,
    consecutiveOutside: run,
    maxConsecutiveOutside: maxRun,
    status,
    reasons,
    summary,
  };
}

/** Period boundaries in days after the reference end (0, then one per whole week or month up to the current end). */
function periodEdges(refEnd: number, curEnd: number, perDays: number): number[] {
  const edges: number[] = [0];
  for (let k = 1; refEnd + Math.round(k * perDays) <= curEnd; k++) edges.push(Math.round(k * perDays));
  return edges;
}

/** What the tracked periods share: their edges, the customers at the reference end and their expected spend per purchase. */
interface TrackingWindow {
  readonly edges: readonly number[];
  readonly summary: CustomerSummary;
  readonly spendPer: Float64Array;
  /** Days per time unit of the model. */
  readonly perUnit: number;
}

/** Expected repeat purchases and revenue per period, summed over customers: differences of E[X(t_k) | data]. */
function expectedSeries(model: PurchaseModel, w: TrackingWindow): { purchases: Float64Array; revenue: Float64Array } {
  const K = w.edges.length - 1;
  const n = w.summary.customerId.length;
  const p = new Float64Array(K), r = new Float64Array(K);
  let prevP = 0, prevR = 0;
  for (let k = 1; k <= K; k++) {
    const e = model.conditionalExpectedPurchases(w.edges[k]! / w.perUnit, w.summary);
    let sp = 0, sr = 0;
    for (let i = 0; i < n; i++) {
      sp += e[i]!;
      sr += e[i]! * w.spendPer[i]!;
    }
    p[k - 1] = sp - prevP;
    r[k - 1] = sr - prevR;
    prevP = sp;
    prevR = sr;
  }
  return { purchases: p, revenue: r };
}

/** Actuals: distinct purchase days per customer in each period; revenue from purchase rows (amount ≥ 0). */
function actualSeries(log: TransactionLog, w: TrackingWindow, refEnd: number, curEnd: number): { purchases: Float64Array; revenue: Float64Array } {
  const K = w.edges.length - 1;
  const index = new Map<string, number>();
  w.summary.customerId.forEach((id, i) => index.set(id, i));
  const logToSummary = new Int32Array(log.customerIds.length).fill(-1);
  log.customerIds.forEach((id, c) => (logToSummary[c] = index.get(id) ?? -1));
  const actualP = new Float64Array(K), actualR = new Float64Array(K);
  const seen = new Set<number>();
  const span = curEnd - refEnd + 1;
  const periodOf = new Int32Array(span).fill(-1);
  for (let k = 1; k <= K; k++) for (let d = w.edges[k - 1]! + 1; d <= w.edges[k]!; d++) periodOf[d] = k - 1;
  for (let r = 0; r < log.length; r++) {
    const d = log.day[r]! - refEnd;
    if (d <= 0 || d >= span || log.amount[r]! < 0) continue;
    const k = periodOf[d]!;
    const i = logToSummary[log.customer[r]!]!;
    if (k < 0 || i < 0) continue;
    actualR[k] += log.amount[r]!;
    const key = i * span + d;
    if (!seen.has(key)) {
      seen.add(key);
      actualP[k]++;
    }
  }
  return { purchases: actualP, revenue: actualR };
}

/** Central band of each period's count: Poisson quantiles alpha and 1 − alpha of the expected count. */
function poissonBand(expected: Float64Array, alpha: number): { lo: Float64Array; hi: Float64Array } {
  const K = expected.length;
  const lo = new Float64Array(K), hi = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    lo[k] = poissonQuantile(alpha, expected[k]!);
    hi[k] = poissonQuantile(1 - alpha, expected[k]!);
  }
  return { lo, hi };
}

/** Central band from a seeded parametric bootstrap: parameters from their asymptotic normal on the log scale, then Poisson noise. */
function bootstrapBand(bundle: ClvBundle, w: TrackingWindow, alpha: number, draws: number, seed: number): { lo: Float64Array; hi: Float64Array } {
  if (!Number.isInteger(draws) || draws < 20) throw new Error(`invalid draws ${draws}: use a whole number >= 20 (default 200)`);
  const H = bundle.purchaseInverseHessian;
  if (!H) throw new Error("bootstrap band needs the stored curvature (purchaseInverseHessian): refit the model, or use band poisson");
  const K = w.edges.length - 1;
  const names = Object.keys(bundle.purchaseModel.params);
  const kk = names.length;
  const W = bundle.customers;
  const L = choleskyLower(H.map((v) => v / W), kk);
  if (!L) throw new Error("bootstrap band: the stored covariance is not positive definite; use band poisson");
  const rng = createRng(seed);
  const sims: Float64Array[] = Array.from({ length: K }, () => new Float64Array(draws));
  const z = new Float64Array(kk);
  for (let b = 0; b < draws; b++) {
    for (let j = 0; j < kk; j++) z[j] = rng.normal(0, 1);
    const params: Record<string, number> = {};
    names.forEach((nm, j) => {
      let s = 0;
      for (let m = 0; m <= j; m++) s += L[j * kk + m]! * z[m]!;
      params[nm] = bundle.purchaseModel.params[nm]! * Math.exp(s);
    });
    const m = loadModel({ model: bundle.purchaseModel.model, params, timeUnit: bundle.timeUnit }) as PurchaseModel;
    const e = expectedSeries(m, w).purchases;
    for (let k = 0; k < K; k++) sims[k]![b] = rng.poisson(Math.max(0, e[k]!));
  }
  const lo = new Float64Array(K), hi = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const s = sims[k]!.sort();
    lo[k] = s[Math.floor(alpha * (draws - 1))]!;
    hi[k] = s[Math.ceil((1 - alpha) * (draws - 1))]!;
  }
  return { lo, hi };
}

/** One row per period (expected, actual, band, tracking error) and the totals and runs outside the band. */
function trackPeriods(
  expected: { purchases: Float64Array; revenue: Float64Array },
  actual: { purchases: Float64Array; revenue: Float64Array },
  band: { lo: Float64Array; hi: Float64Array },
  refEnd: number,
  edges: readonly number[],
): { periods: TrackingPeriod[]; absErr: number; sumE: number; sumA: number; run: number; maxRun: number } {
  const { lo, hi } = band;
  const periods: TrackingPeriod[] = [];
  let absErr = 0, sumE = 0, sumA = 0, run = 0, maxRun = 0;
  for (let k = 0; k < expected.purchases.length; k++) {
    const e = expected.purchases[k]!, a = actual.purchases[k]!;
    const ratio = e > 0 ? expected.revenue[k]! / e : 0;
    const outside = a < lo[k]! || a > hi[k]!;
    run = outside ? run + 1 : 0;
    maxRun = Math.max(maxRun, run);
    absErr += Math.abs(a - e);
    sumE += e;
    sumA += a;
    periods.push({
      index: k + 1,
      start: isoDate(refEnd + edges[k]! + 1),
      end: isoDate(refEnd + edges[k + 1]!),
      expectedPurchases: round(e),
      actualPurchases: a,
      lowerPurchases: lo[k]!,
      upperPurchases: hi[k]!,
      expectedRevenue: round(expected.revenue[k]!),
      actualRevenue: round(actual.revenue[k]!),
      lowerRevenue: round(lo[k]! * ratio),
      upperRevenue: round(hi[k]! * ratio),
      trackingError: e > 0 ? round((a - e) / e) : 0,
      outside,
    });
  }
  return { periods, absErr, sumE, sumA, run, maxRun };
}

const round = (x: number) => Number(x.toPrecision(8));
