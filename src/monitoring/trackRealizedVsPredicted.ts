import type { TransactionLog } from "../data/types.js";
import type { CustomerSummary } from "../summaries/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { summaryAt, type ClvBundle } from "./clvBundle.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { poissonQuantile } from "./poissonQuantile.js";
import { bootstrapBand, expectedSeries, poissonBand } from "./trackingBand.js";
import { bundleForecast, pipelineForecast, type Forecast } from "./trackingForecast.js";
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
 * customer's expected spend (Gamma-Gamma); for a stacked pipeline (`clvlab train`), its stacked expected purchases and
 * value over the days since the reference end, differenced per period. The band is the central `level` interval of a Poisson count with the
 * expected mean (the sum of many customers' counts), or a seeded parametric bootstrap that adds parameter
 * uncertainty. Tracking error = Σ|a − e| / Σe; an alert when the latest periods lie outside the band several times
 * in a row (default 2 moderate, 3 major), which one surprising week cannot cause, and (moderate) when the cumulative
 * count since the reference end lies outside the 99 % Poisson band of its cumulative expectation (a steady small shift).
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (cumulative tracking plots); Efron & Tibshirani (1993), An Introduction to the Bootstrap, §6.5 (parametric bootstrap)
 * @example trackRealizedVsPredicted(bundle, log, { period: "week" }).consecutiveOutside
 */
export function trackRealizedVsPredicted(model: ClvBundle | ClvPipeline, log: TransactionLog, options: RealizedTrackingOptions = {}): TrackingResult & { summary?: CustomerSummary } {
  const refEndIso = options.referenceEnd ?? (model?.kind === "clv-pipeline" ? model.calibrationEnd : model?.trainingEnd);
  let lastDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > lastDay) lastDay = log.day[i]!;
  const curEnd = options.currentEnd ?? (lastDay > -Infinity ? isoDate(lastDay) : refEndIso);
  if (options.band === "bootstrap" && model.kind === "clv-pipeline") throw new Error("bootstrap band: a stacked pipeline has no parameter curvature to draw from; use band poisson");
  const forecast = model.kind === "clv-pipeline" ? pipelineForecast(model, log, refEndIso) : bundleForecast(model, summaryAt(log, model.timeUnit, refEndIso));
  const edges = trackingEdges(refEndIso, curEnd, options.period ?? "week");
  return trackFromActuals(model, forecast, logActuals(log, forecast.customerIds, dayNumber(refEndIso), edges), { ...options, referenceEnd: refEndIso, currentEnd: curEnd });
}

/**
 * Realized vs predicted of a BTYD bundle on prepared inputs: the summary at the reference end and the actual repeat
 * purchase days and purchase cents per period (of {@link trackingEdges}) of its customers, e.g. computed by a SQL
 * engine (`clvlab monitor --engine`); the forecast, band and alerts are those of {@link trackRealizedVsPredicted}.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (cumulative tracking plots)
 * @example trackRealizedVsPredictedData(bundle, refSummary, { purchases, revenueCents }, { referenceEnd: "2024-06-30", currentEnd: "2024-12-31" })
 */
export function trackRealizedVsPredictedData(bundle: ClvBundle, summary: CustomerSummary, actuals: TrackingActuals, options: RealizedTrackingOptions & { referenceEnd: string; currentEnd: string }): TrackingResult & { summary?: CustomerSummary } {
  return trackFromActuals(bundle, bundleForecast(bundle, summary), actuals, options);
}

/** Actual repeat purchase days and purchase cents (amount ≥ 0, summed in integer cents) per tracking period. */
export interface TrackingActuals {
  readonly purchases: Float64Array;
  readonly revenueCents: Float64Array;
}

/**
 * Period edges of the tracking, in days after the reference end: 0, then each whole week (7 days) or month
 * (365.25/12 days, rounded) that ends on or before the current end. Period k holds days (edges[k−1], edges[k]].
 * @example trackingEdges("2024-06-30", "2024-07-20", "week") // [0, 7, 14]
 */
export function trackingEdges(referenceEnd: string, currentEnd: string, period: "week" | "month"): number[] {
  checkEnum("period", period, ["week", "month"]);
  const refEnd = dayNumber(referenceEnd), curEnd = dayNumber(currentEnd);
  const perDays = period === "week" ? 7 : 365.25 / 12;
  const edges: number[] = [0];
  for (let k = 1; refEnd + Math.round(k * perDays) <= curEnd; k++) edges.push(Math.round(k * perDays));
  return edges;
}

/** Actuals from the log: distinct purchase days per customer in each period; revenue from purchase rows (amount ≥ 0). */
function logActuals(log: TransactionLog, customerIds: readonly string[], refEnd: number, edges: readonly number[]): TrackingActuals {
  const K = edges.length - 1;
  const index = new Map<string, number>();
  customerIds.forEach((id, i) => index.set(id, i));
  const logToSummary = new Int32Array(log.customerIds.length).fill(-1);
  log.customerIds.forEach((id, c) => (logToSummary[c] = index.get(id) ?? -1));
  const purchases = new Float64Array(K), revenueCents = new Float64Array(K);
  const seen = new Set<number>();
  const span = edges[K]! + 1;
  const periodOf = new Int32Array(span).fill(-1);
  for (let k = 1; k <= K; k++) for (let d = edges[k - 1]! + 1; d <= edges[k]!; d++) periodOf[d] = k - 1;
  for (let r = 0; r < log.length; r++) {
    const d = log.day[r]! - refEnd;
    if (d <= 0 || d >= span || log.amount[r]! < 0) continue;
    const k = periodOf[d]!;
    const i = logToSummary[log.customer[r]!]!;
    if (k < 0 || i < 0) continue;
    // Money in integer cents (half away from zero, as the SQL engines), so every engine sums the same revenue.
    revenueCents[k] += Math.round(log.amount[r]! * 100);
    const key = i * span + d;
    if (!seen.has(key)) {
      seen.add(key);
      purchases[k]++;
    }
  }
  return { purchases, revenueCents };
}

/** The tracking of a forecast against its actuals (shared by the log and the engine paths). */
function trackFromActuals(model: ClvBundle | ClvPipeline, forecast: Forecast, actuals: TrackingActuals, options: RealizedTrackingOptions & { referenceEnd: string; currentEnd: string }): TrackingResult & { summary?: CustomerSummary } {
  const period = options.period ?? "week";
  checkEnum("period", period, ["week", "month"]);
  const bandKind = options.band ?? "poisson";
  checkEnum("band", bandKind, ["poisson", "bootstrap"]);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`invalid level ${level}: use a coverage in (0, 1) such as 0.95`);
  const t = resolveThresholds(options.thresholds);
  const refEndIso = options.referenceEnd;
  const refEnd = dayNumber(refEndIso);
  const perDays = period === "week" ? 7 : 365.25 / 12;
  const edges = trackingEdges(refEndIso, options.currentEnd, period);
  const K = edges.length - 1;
  if (bandKind === "bootstrap" && model.kind === "clv-pipeline") throw new Error("bootstrap band: a stacked pipeline has no parameter curvature to draw from; use band poisson");
  if (actuals.purchases.length !== K || actuals.revenueCents.length !== K) throw new Error(`tracking actuals cover ${actuals.purchases.length} periods, the window ${K}: compute them on trackingEdges`);
  const n = forecast.customerIds.length;
  const expected = expectedSeries(forecast.cumulative, edges, refEndIso);
  const actualP = actuals.purchases;
  const actualR = Float64Array.from(actuals.revenueCents, (c) => c / 100);

  const alpha = (1 - level) / 2;
  const { lo, hi } = bandKind === "poisson" ? poissonBand(expected.purchases, alpha) : bootstrapBand(model as ClvBundle, forecast, edges, refEndIso, alpha, options.draws ?? 200, options.seed ?? 0);

  const periods: TrackingPeriod[] = [];
  let absErr = 0, sumE = 0, sumA = 0, run = 0, maxRun = 0;
  for (let k = 0; k < K; k++) {
    const e = expected.purchases[k]!, a = actualP[k]!;
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
      actualRevenue: round(actualR[k]!),
      lowerRevenue: round(lo[k]! * ratio),
      upperRevenue: round(hi[k]! * ratio),
      trackingError: e > 0 ? round((a - e) / e) : 0,
      outside,
    });
  }
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
    ...(forecast.summary ? { summary: forecast.summary } : {}),
  };
}

const round = (x: number) => Number(x.toPrecision(8));
