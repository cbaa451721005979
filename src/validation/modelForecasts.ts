// Calibration-only forecasts of every model the validation compares (internal): cumulative expected purchases and
// value at each period boundary of the holdout, plus P(X > 0) and the count distribution where a model gives them.
import { MODEL_IDS } from "../models/modelIds.js";
import type { ValidationModelName } from "./validationModels.js";

export { VALIDATION_MODELS, checkModels, type ValidationModelName } from "./validationModels.js";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import { fitBgNbd, type BgNbdModel } from "../models/bgNbd.js";
import { fitGammaGamma } from "../models/gammaGamma.js";
import { fitMbgNbd, type MbgNbdModel } from "../models/mbgNbd.js";
import { fitParetoNbd, type ParetoNbdModel } from "../models/paretoNbd.js";
import { predictClv } from "../segmentation/predictor/predictClv.js";
import { trainClvPipeline, type TrainClvPipelineOptions } from "../segmentation/predictor/trainClvPipeline.js";
import type { CustomerSummary } from "../summaries/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { forecastBgBb } from "./bgBbForecast.js";
import { conditionalCountDistribution } from "./conditionalCountDistribution.js";
import type { CountDistribution } from "./types.js";


/** Acquisition cohort label of a first-purchase day: calendar quarter (YYYY-Qn) or month (YYYY-MM). */
export function cohortLabel(day: number, by: "quarter" | "month"): string {
  const iso = isoDate(day);
  return by === "month" ? iso.slice(0, 7) : `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

/** One model's forecast. */
export interface ModelForecast {
  /** Expected purchases and value (currency, undiscounted, before margin) per customer, cumulative at each boundary. */
  cumPurchases: Float64Array[];
  cumValue: Float64Array[];
  probabilityAny?: Float64Array;
  distribution?: CountDistribution;
  fit?: { params: Record<string, number>; converged: boolean; logLikelihood: number; warnings: string[] };
  /** Stacked predictor: most probable segment per customer and the 95% interval of holdout value (undiscounted). */
  segment?: Int32Array;
  interval95?: { lower: Float64Array; upper: Float64Array };
}

export interface ForecastContext {
  log: TransactionLog; // the calibration log: rows after the calibration end are already cut
  summary: CustomerSummary;
  calibrationEnd: string;
  timeUnit: TimeUnit;
  boundaries: readonly number[]; // cumulative day offsets of the period ends
  cohort: readonly string[];
  maxCount: number; // 0: no count distribution
  stacked: Partial<TrainClvPipelineOptions>;
}

/** Fits `name` on the calibration data in `ctx` and forecasts the holdout. */
export function forecastModel(name: ValidationModelName, ctx: ForecastContext): ModelForecast {
  const { summary: s, boundaries } = ctx;
  const n = s.customerId.length;
  const unit = DAYS_PER_UNIT[ctx.timeUnit];
  if (name === "stacked") {
    const H = boundaries[boundaries.length - 1]!;
    // Heads trained for this holdout's length (horizon-specific stack) unless the caller sets the training windows.
    const pipeline = trainClvPipeline(ctx.log, { replicates: 0, targetHorizonDays: H, ...ctx.stacked, calibrationEnd: ctx.calibrationEnd });
    const pred = predictClv(pipeline, ctx.log, { asOf: ctx.calibrationEnd, horizonsDays: [...boundaries], intervals: pipeline.replicates.length > 0, intervalHorizonDays: H, seed: ctx.stacked.seed ?? 0 });
    if (pred.customerIds.length !== n || pred.customerIds.some((id, i) => id !== s.customerId[i])) throw new Error("stacked predictor scored other customers than the calibration summary: report this as a bug");
    const out: ModelForecast = { cumPurchases: pred.purchases, cumValue: pred.value, segment: pred.segment, fit: { params: {}, converged: true, logLikelihood: NaN, warnings: [...pipeline.warnings] } };
    if (pred.intervals) out.interval95 = { lower: pred.intervals.lower["0.95"]!, upper: pred.intervals.upper["0.95"]! };
    return out;
  }
  if (name === MODEL_IDS.bgBb) {
    // Discrete opportunities: BG/BB's count of opportunities with a purchase is the purchase count (checked discrete).
    const f = forecastBgBb(ctx.log, s, dayNumber(ctx.calibrationEnd), ctx.timeUnit, boundaries);
    const gg = fitGammaGamma(s);
    const spend = gg.conditionalExpectedSpend(s);
    const m = f.model;
    return {
      cumPurchases: f.cumPurchases,
      cumValue: f.cumPurchases.map((c) => c.map((v, i) => v * spend[i]!)),
      fit: { params: { ...(m.params as unknown as Record<string, number>) }, converged: m.converged, logLikelihood: m.logLikelihood, warnings: [...m.warnings, ...gg.warnings.map((w) => `gamma-gamma: ${w}`)] },
    };
  }
  // Spend per purchase day: Gamma-Gamma for the BTYD models; the customer's or the cohort's mean for the baselines.
  let spend: Float64Array;
  let rate: Float64Array | undefined;
  if (name === "naive-rate" || name === "naive-cohort") {
    rate = new Float64Array(n);
    spend = new Float64Array(n);
    if (name === "naive-rate") {
      for (let i = 0; i < n; i++) {
        rate[i] = s.T[i]! > 0 ? s.frequency[i]! / s.T[i]! : 0;
        spend[i] = s.orders[i]! > 0 ? Math.max(0, s.totalSpend[i]!) / s.orders[i]! : 0;
      }
    } else {
      const agg = new Map<string, { x: number; T: number; spend: number; orders: number }>();
      for (let i = 0; i < n; i++) {
        const g = agg.get(ctx.cohort[i]!) ?? { x: 0, T: 0, spend: 0, orders: 0 };
        g.x += s.frequency[i]!;
        g.T += s.T[i]!;
        g.spend += Math.max(0, s.totalSpend[i]!);
        g.orders += s.orders[i]!;
        agg.set(ctx.cohort[i]!, g);
      }
      for (let i = 0; i < n; i++) {
        const g = agg.get(ctx.cohort[i]!)!;
        rate[i] = g.T > 0 ? g.x / g.T : 0;
        spend[i] = g.orders > 0 ? g.spend / g.orders : 0;
      }
    }
    const cumPurchases = boundaries.map((b) => rate!.map((r) => (r * b) / unit));
    const out: ModelForecast = { cumPurchases, cumValue: cumPurchases.map((c) => c.map((v, i) => v * spend[i]!)) };
    // A baseline's count is Poisson with its mean: the only distribution a rate alone implies.
    const t = boundaries[boundaries.length - 1]! / unit;
    out.probabilityAny = rate.map((r) => -Math.expm1(-r * t));
    if (ctx.maxCount > 0) out.distribution = poissonRows(cumPurchases[cumPurchases.length - 1]!, ctx.maxCount);
    return out;
  }
  const model: BgNbdModel | ParetoNbdModel | MbgNbdModel = name === MODEL_IDS.bgNbd ? fitBgNbd(s) : name === MODEL_IDS.paretoNbd ? fitParetoNbd(s) : fitMbgNbd(s);
  const gg = fitGammaGamma(s);
  spend = gg.conditionalExpectedSpend(s);
  const cumPurchases = cumulativeExpectations(model, s, boundaries, unit);
  const out: ModelForecast = {
    cumPurchases,
    cumValue: cumPurchases.map((c) => c.map((v, i) => v * spend[i]!)),
    fit: { params: { ...(model.params as unknown as Record<string, number>) }, converged: model.converged, logLikelihood: model.logLikelihood, warnings: [...model.warnings, ...gg.warnings.map((w) => `gamma-gamma: ${w}`)] },
  };
  const t = boundaries[boundaries.length - 1]! / unit;
  if (ctx.maxCount > 0) {
    const d = conditionalCountDistribution(model, s, t, ctx.maxCount);
    out.distribution = d.distribution;
    out.probabilityAny = d.probabilityAny;
  } else {
    out.probabilityAny = conditionalCountDistribution(model, s, t, 1).probabilityAny;
  }
  return out;
}

/**
 * E[Y(t_k) | x, t_x, T] at every boundary. Pareto/NBD's is P(alive) × (r+x)(β+T)/(α+T) × G_s(t/(β+T)), G_s(u) =
 * (1 − (1+u)^(1−s))/(s − 1): the model is asked once, at the last boundary, and the earlier ones follow by the ratio
 * of G_s, so P(alive) (the costly part) is not recomputed per week. BG/NBD-family expectations are cheap: asked each time.
 */
function cumulativeExpectations(model: BgNbdModel | ParetoNbdModel | MbgNbdModel, s: CustomerSummary, boundaries: readonly number[], unit: number): Float64Array[] {
  const K = boundaries.length;
  if (model.model !== MODEL_IDS.paretoNbd) return boundaries.map((b) => model.conditionalExpectedPurchases(b / unit, s));
  const last = model.conditionalExpectedPurchases(boundaries[K - 1]! / unit, s);
  const { s: shape, beta } = model.params;
  const G = (u: number) => (Math.abs(shape - 1) < 1e-10 ? Math.log1p(u) : -Math.expm1(-(shape - 1) * Math.log1p(u)) / (shape - 1));
  return boundaries.map((b, k) => {
    if (k === K - 1) return last;
    return last.map((e, i) => {
      const bt = beta + s.T[i]!;
      const g = G(boundaries[K - 1]! / unit / bt);
      return g > 0 ? (e * G(b / unit / bt)) / g : 0;
    });
  });
}

/** Poisson(mean) rows with the tail in the last column. */
function poissonRows(mean: Float64Array, maxCount: number): CountDistribution {
  const w = maxCount + 1;
  const p = new Float64Array(mean.length * w);
  for (let i = 0; i < mean.length; i++) {
    const m = mean[i]!;
    let term = Math.exp(-m), s = 0;
    for (let k = 0; k < maxCount; k++) {
      p[i * w + k] = term;
      s += term;
      term *= m / (k + 1);
    }
    p[i * w + maxCount] = Math.max(0, 1 - s);
  }
  return { maxCount, probabilities: p };
}
