// Scoring-time inputs shared by predictClv and bootstrapIntervals (internal).
import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../util/dayNumber.js";
import { btydPredict, btydSummary, type BtydPrediction, type BtydSummary } from "./btydBase.js";
import { encodeSequences, type EncodedSequences } from "./encodeSequences.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { predictGmm, type GmmPrediction } from "./predictGmm.js";
import { designMatrix, headBasePredictions } from "./stackedHead.js";
import { selectColumns } from "./trainClvPipeline.js";
import type { FeatureMatrix } from "./types.js";

export interface ScoreInputs {
  asOfDay: number;
  enc: EncodedSequences;
  summary: BtydSummary;
  /** BTYD predictions at the inner horizon (index 0). */
  btyd: BtydPrediction;
  x: FeatureMatrix;
  segments: GmmPrediction;
  zPurchases: FeatureMatrix;
  zValue: FeatureMatrix;
}

export function scoreInputs(pipeline: ClvPipeline, log: TransactionLog, asOf?: string): ScoreInputs {
  if (pipeline?.kind !== "clv-pipeline") throw new Error(`not a clv pipeline (kind ${JSON.stringify((pipeline as { kind?: unknown })?.kind)}): load one saved by \`clvlab train\``);
  let maxDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > maxDay) maxDay = log.day[i]!;
  const asOfDay = asOf === undefined ? maxDay : dayNumber(asOf);
  const enc = encodeSequences(log, { asOf: isoDate(asOfDay), halfLifeDays: pipeline.halfLifeDays, normalization: pipeline.normalization });
  const summary = btydSummary(enc, asOfDay);
  const btyd = btydPredict(pipeline.btyd, summary, [pipeline.innerHorizonDays / 7]);
  const x = designMatrix(enc, btyd, 0);
  const segments = predictGmm(pipeline.gmm, selectColumns(enc, pipeline.segmentColumns));
  const k = pipeline.gmm.k;
  const bv = new Float64Array(enc.rows);
  for (let i = 0; i < enc.rows; i++) bv[i] = btyd.expected[0]![i]! * btyd.spend[i]!;
  const zPurchases = headBasePredictions(pipeline.purchases, x, btyd.expected[0]!, segments.probabilities, k);
  const zValue = headBasePredictions(pipeline.value, x, bv, segments.probabilities, k);
  return { asOfDay, enc, summary, btyd, x, segments, zPurchases, zValue };
}
