// Scoring-time inputs shared by predictClv and bootstrapIntervals (internal).
import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { dayNumber, isoDate } from "../../time/dayNumber.js";
import { btydFeatures, btydSummary, type BtydFit, type BtydSummary } from "./btydBase.js";
import { loadModel } from "../../models/loadModel.js";
import { gammaGammaConditionalSpend } from "../../models/gammaGammaSpend.js";
import { encodeSequences, type EncodedSequences } from "../features/encodeSequences.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { predictGmm, type GmmPrediction } from "../segments/predictGmm.js";
import { basePredictions, designMatrix, learnerRatios } from "./stackedHead.js";
import { selectColumns } from "./learnerDesign.js";
import { withLag } from "./seasonalLag.js";
import type { FeatureMatrix } from "../types.js";
import { distinctRows } from "./distinctRows.js";
import { fadeExponents, fadeRatios, ratioFadeOf } from "./ratioFade.js";
import { replicateForecast } from "./replicateForecast.js";

export interface ScoreInputs {
  asOfDay: number;
  enc: EncodedSequences;
  summary: BtydSummary;
  x: FeatureMatrix;
  segments: GmmPrediction;
  /** Learned ratios to the primary BTYD forecast (ridge, segment ridge, trees), rows × 3, per head, faded beyond the training ages (`fade`). */
  ratiosPurchases: Float64Array;
  ratiosValue: Float64Array;
  /** Per customer, the power the learned ratios were raised to (the pipeline's ratioFade); absent: none. */
  fade?: Float64Array;
}

export function scoreInputs(pipeline: ClvPipeline, log: TransactionLog, asOf?: string): ScoreInputs {
  if (pipeline?.kind !== "clv-pipeline") throw new Error(`not a clv pipeline (kind ${JSON.stringify((pipeline as { kind?: unknown })?.kind)}): load one saved by \`clvlab train\``);
  if (!pipeline.btydOther || !pipeline.innerHorizonsDays) throw new Error("this pipeline was saved by an older clvlab (no second BTYD base learner): retrain it with `clvlab train`");
  let maxDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > maxDay) maxDay = log.day[i]!;
  const asOfDay = asOf === undefined ? maxDay : dayNumber(asOf);
  const enc = encodeSequences(log, { asOf: isoDate(asOfDay), halfLifeDays: pipeline.halfLifeDays, normalization: pipeline.normalization });
  const summary = btydSummary(enc, asOfDay);
  const [bg, pn] = pipeline.btydModel === MODEL_IDS.bgNbd ? [pipeline.btyd, pipeline.btydOther] : [pipeline.btydOther, pipeline.btyd];
  const design = withLag(designMatrix(enc, btydFeatures(bg, pn, summary)), log, enc, asOfDay, pipeline.seasonalLagDays);
  const x = pipeline.learnerColumns ? selectColumns(design, pipeline.learnerColumns) : design;
  const segments = predictGmm(pipeline.gmm, selectColumns(enc, pipeline.segmentColumns));
  const k = pipeline.gmm.k;
  const fade = fadeExponents(ratioFadeOf(pipeline), asOfDay, enc.firstPurchase);
  return {
    asOfDay,
    enc,
    summary,
    x,
    segments,
    ratiosPurchases: fadeRatios(learnerRatios(pipeline.purchases, x, segments.probabilities, k), fade),
    ratiosValue: fadeRatios(learnerRatios(pipeline.value, x, segments.probabilities, k), fade),
    ...(fade ? { fade } : {}),
  };
}

/** Stacked purchases and value of every customer over `days`: base learners at that horizon combined by the meta-learners. */
export function stackAtHorizon(pipeline: ClvPipeline, s: ScoreInputs, days: number): { purchases: FeatureMatrix; value: FeatureMatrix; btydPurchases: Float64Array; spend: Float64Array } {
  const t = days / 7;
  // btydPredict's E[X(t)] and spend, without its P(alive) (not needed here; for Pareto/NBD it costs as much again).
  // Pareto/NBD's E[X(t)] once per distinct (x, t_x, T), its terms once per distinct (x, t): the model's numbers, bit for bit.
  const distinct = distinctRows(s.summary);
  const forecast = (fit: BtydFit) => ({
    expected:
      fit.model === MODEL_IDS.paretoNbd
        ? spread(replicateForecast(fit, distinct.summary, t).expected, distinct.index)
        : loadModel({ model: fit.model, format: 1, params: fit.params }).conditionalExpectedPurchases(t, s.summary),
    spend: gammaGammaConditionalSpend(fit.spend, s.summary.frequency, s.summary.monetaryValue, fit.spend.constantSpend),
  });
  const a = forecast(pipeline.btyd);
  const b = forecast(pipeline.btydOther);
  const n = s.enc.rows;
  const av = new Float64Array(n);
  const bv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    av[i] = a.expected[i]! * a.spend[i]!;
    bv[i] = b.expected[i]! * b.spend[i]!;
  }
  return { purchases: basePredictions(s.ratiosPurchases, a.expected, b.expected), value: basePredictions(s.ratiosValue, av, bv), btydPurchases: a.expected, spend: a.spend };
}

/** Values of distinct rows spread back to every row. */
function spread(values: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]!]!;
  return out;
}
