// The BTYD base learner of the stacked predictor (internal): summaries from encoded sequences, fits, predictions, draws.
import { fitGammaGamma } from "../../models/gammaGamma.js";
import { gammaGammaConditionalSpend } from "../../models/gammaGammaSpend.js";
import { loadModel } from "../../models/loadModel.js";
import { MODEL_IDS, type BaseLearnerName } from "../../models/modelIds.js";
import { MODEL_REGISTRY } from "../../models/registry.js";
import type { Rng } from "../../random/createRng.js";

export type BtydModelName = BaseLearnerName;

/** BTYD summary in weeks (the literature's unit for CDNOW). */
export type BtydSummary = {
  timeUnit: "weeks";
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
};

/** Fitted purchase and spend parameters (plain numbers, stored in the pipeline). */
export interface BtydFit {
  model: BtydModelName;
  params: Record<string, number>;
  /** Gamma-Gamma p, q, v (v is the rate of the gamma prior on ν). */
  spend: { p: number; q: number; v: number; constantSpend?: number };
  warnings: string[];
}

export function btydSummary(s: { purchaseDays: Int32Array; firstPurchase: Int32Array; lastPurchase: Int32Array; repeatSpend: Float64Array }, asOfDay: number): BtydSummary {
  const n = s.purchaseDays.length;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = s.purchaseDays[i]! - 1;
    frequency[i] = x;
    recency[i] = (s.lastPurchase[i]! - s.firstPurchase[i]!) / 7;
    T[i] = (asOfDay - s.firstPurchase[i]!) / 7;
    monetaryValue[i] = x > 0 ? s.repeatSpend[i]! / x : 0;
  }
  return { timeUnit: "weeks", frequency, recency, T, monetaryValue };
}

/** Inverse Hessians (log-parameters, mean objective) of a fit's purchase and spend models: a warm start's curvature. */
export interface BtydCurvature {
  purchase?: readonly number[];
  spend?: readonly number[];
}

export function fitBtyd(sum: BtydSummary, model: BtydModelName, weights?: Float64Array, start?: BtydFit, curvature?: BtydCurvature, standardErrors = true): BtydFit {
  const data: Record<string, unknown> = weights ? { ...sum, weights } : { ...sum };
  const fitWith = (opts: { initialParams?: Record<string, number>; initialInverseHessian?: readonly number[]; penalty?: number }) => MODEL_REGISTRY[model].fit(data, { ...opts, standardErrors });
  const warnings: string[] = [];
  let fit: ReturnType<typeof fitWith>;
  try {
    fit = fitWith(start ? { initialParams: start.params, ...(curvature?.purchase ? { initialInverseHessian: curvature.purchase } : {}) } : {});
  } catch (err) {
    // A weakly identified parameter (Pareto/NBD's beta on a short window) can run the optimizer into overflow: a small
    // L2 penalty on the log-parameters keeps it finite.
    fit = fitWith({ ...(start ? { initialParams: start.params } : {}), penalty: 0.01 });
    warnings.push(`${model} fit failed (${err instanceof Error ? err.message : String(err)}); refitted with penalty 0.01`);
  }
  warnings.push(...fit.warnings);
  let spend = start?.spend ?? { p: 1, q: 2, v: 1 };
  try {
    const gg = fitGammaGamma(data, start ? { initialParams: start.spend, ...(curvature?.spend ? { initialInverseHessian: curvature.spend } : {}) } : {});
    if (gg.constantSpend !== undefined) {
      // Every repeat buyer spends the same: the degenerate limit, a constant spend per purchase.
      spend = { ...gg.params, constantSpend: gg.constantSpend };
      warnings.push(...gg.warnings);
    } else if (gg.params.q > 1) spend = { ...gg.params };
    else warnings.push(`gamma-gamma q = ${gg.params.q.toFixed(3)} <= 1 (infinite mean spend): kept the previous spend parameters`);
  } catch (err) {
    if (!start) {
      // No repeat buyers with positive spend: fall back to an exponential-like spend model with the observed mean.
      let s = 0;
      let w = 0;
      for (let i = 0; i < sum.frequency.length; i++) if (sum.frequency[i]! > 0 && sum.monetaryValue[i]! > 0) {
        s += sum.monetaryValue[i]!;
        w++;
      }
      const mean = w > 0 ? s / w : 1;
      spend = { p: 1, q: 101, v: 100 * mean };
    }
    warnings.push(`gamma-gamma fit failed (${err instanceof Error ? err.message : String(err)}): used fallback spend parameters`);
  }
  const params: Record<string, number> = { ...fit.params };
  for (const [k, v] of Object.entries(params)) if (!Number.isFinite(v)) throw new Error(`${model} fit gave ${k} = ${v}: the calibration data cannot identify the model (too few repeat buyers?)`);
  return { model, params, spend, warnings };
}

/**
 * The curvature at a fit's optimum (its models refitted from their parameters; the inverse Hessians come from the
 * observed information there), so refits on resampled data start a Newton-like step from their optimum.
 */
export function btydCurvature(sum: BtydSummary, fit: BtydFit): BtydCurvature {
  try {
    const purchase = MODEL_REGISTRY[fit.model].fit({ ...sum }, { initialParams: fit.params }).inverseHessianLog;
    const spend = fit.spend.constantSpend === undefined ? fitGammaGamma({ ...sum }, { initialParams: fit.spend }).inverseHessianLog : undefined;
    return { ...(purchase ? { purchase } : {}), ...(spend ? { spend } : {}) };
  } catch {
    // The warm start is an optimization only: without it the refits start from the parameters alone.
    return {};
  }
}

export interface BtydPrediction {
  /** E[X(t) | history] per horizon (weeks), per customer. */
  expected: Float64Array[];
  alive: Float64Array;
  /** Gamma-Gamma E[Z | x, z̄]. */
  spend: Float64Array;
}

export function btydPredict(fit: BtydFit, sum: BtydSummary, horizonsWeeks: readonly number[]): BtydPrediction {
  const m = loadModel({ model: fit.model, format: 1, params: fit.params });
  const expected = horizonsWeeks.map((t) => m.conditionalExpectedPurchases(t, sum));
  const alive = m.probabilityAlive(sum);
  const spend = gammaGammaConditionalSpend(fit.spend, sum.frequency, sum.monetaryValue, fit.spend.constantSpend);
  return { expected, alive, spend };
}

/**
 * One draw of customer i's value over the next `t` weeks from the model's posterior predictive distribution: alive or
 * not (P(alive)), the individual purchase rate and dropout from their posteriors given alive, the purchase process over
 * (T, T + t], and each purchase's spend from the Gamma-Gamma posterior of ν.
 */
export function drawValue(fit: BtydFit, sum: BtydSummary, i: number, alive: number, t: number, rng: Rng): number {
  const count = drawPurchases(fit, sum, i, alive, t, rng);
  if (count === 0) return 0;
  if (fit.spend.constantSpend !== undefined) return count * fit.spend.constantSpend;
  const x = sum.frequency[i]!;
  const { p, q, v } = fit.spend;
  const z = sum.monetaryValue[i]!;
  const nu = x > 0 && z > 0 ? rng.gamma(q + p * x, v + x * z) : rng.gamma(q, v);
  return rng.gamma(p * count, nu);
}

/** One draw of customer i's purchase count over the next `t` weeks from the model's posterior predictive distribution. */
export function drawPurchases(fit: BtydFit, sum: BtydSummary, i: number, alive: number, t: number, rng: Rng): number {
  if (rng.uniform() >= alive) return 0;
  const x = sum.frequency[i]!;
  const T = sum.T[i]!;
  const pr = fit.params;
  let count = 0;
  if (fit.model === MODEL_IDS.bgNbd) {
    const lambda = rng.gamma(pr.r! + x, pr.alpha! + T);
    const p = rng.beta(pr.a!, pr.b! + x);
    // Poisson purchases; after each one the customer drops out with probability p.
    let s = rng.exponential(lambda);
    while (s <= t) {
      count++;
      if (rng.uniform() < p) break;
      s += rng.exponential(lambda);
    }
  } else {
    const lambda = rng.gamma(pr.r! + x, pr.alpha! + T);
    const mu = rng.gamma(pr.s! + 0, pr.beta! + T);
    const life = rng.exponential(mu);
    count = rng.poisson(lambda * Math.min(life, t));
  }
  return count;
}

/** The other BTYD model of the pair. */
export function otherBtydModel(model: BtydModelName): BtydModelName {
  return model === MODEL_IDS.bgNbd ? MODEL_IDS.paretoNbd : MODEL_IDS.bgNbd;
}

/**
 * Fits the other BTYD model as a base learner (from `start`'s parameters when given: a warm start); if it cannot be
 * fitted at all, falls back to the primary fit (the column then duplicates the primary one) and says so, with the inputs that failed.
 */
export function fitOtherBtyd(sum: BtydSummary, primary: BtydFit, where: string, start?: BtydFit): BtydFit {
  const model = otherBtydModel(primary.model);
  try {
    return fitBtyd(sum, model, undefined, start?.model === model ? start : undefined);
  } catch (err) {
    let x = 0;
    for (let i = 0; i < sum.frequency.length; i++) x += sum.frequency[i]!;
    const msg = `${model} fit ${where} failed (${err instanceof Error ? err.message : String(err)}; ${sum.frequency.length} customers, ${x} repeat purchases, T up to ${Math.max(...sum.T).toFixed(2)} weeks): its base learner repeats ${primary.model}`;
    return { ...primary, warnings: [msg] };
  }
}

/** Horizon-free BTYD features (P(alive), expected purchases over 52 weeks) of both models. */
export function btydFeatures(bg: BtydFit, pn: BtydFit, sum: BtydSummary): { aliveBg: Float64Array; alivePn: Float64Array; yearBg: Float64Array; yearPn: Float64Array } {
  const a = btydPredict(bg, sum, [52]);
  const b = btydPredict(pn, sum, [52]);
  return { aliveBg: a.alive, alivePn: b.alive, yearBg: a.expected[0]!, yearPn: b.expected[0]! };
}
