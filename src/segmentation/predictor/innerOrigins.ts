// The inner-origin training blocks: each origin's design, targets and BTYD forecasts, trimmed to common support and stacked.
import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { isoDate } from "../../time/dayNumber.js";
import { btydFeatures, btydPredict, btydSummary, fitBtyd, fitOtherBtyd, type BtydFit, type BtydModelName, type BtydSummary } from "./btydBase.js";
import { encodeSequences } from "../features/encodeSequences.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { designMatrix } from "./stackedHead.js";
import type { FeatureMatrix } from "../types.js";
import { windowTotals } from "./windowTotals.js";
import type { StageClock } from "./stageClock.js";
import type { LevelCurve } from "./calibrateLevels.js";
import { withLag } from "./seasonalLag.js";
import type { TrainSettings } from "./trainSettings.js";
import { warmBtyd, type ScoringFit } from "./scoringFit.js";
import { selectColumns } from "./learnerDesign.js";
import { windowLevelCurve } from "./levelCurves.js";

/** Training rows of one inner origin: design matrix, segments, targets, both BTYD forecasts of the target window, scoring customer and origin index. */
export interface OriginBlock {
  x: FeatureMatrix;
  p: Float64Array;
  yP: Float64Array;
  yV: Float64Array;
  bP: Float64Array;
  aP: Float64Array;
  bV: Float64Array;
  aV: Float64Array;
  group: Int32Array;
  origin: Int32Array;
  /** Coverage of the primary BTYD's predictive intervals of this window's value (when intervals are wanted). */
  curve?: LevelCurve;
}

/** A training block before its segment probabilities: the segmentation features the mixture (fitted meanwhile) scores. */
type PendingBlock = Omit<OriginBlock, "p"> & { segmentFeatures: FeatureMatrix };

/** Encodes customers as of calibrationEnd − H (scoring-time normalization), refits both BTYD models there, and takes the targets from the remaining H days. */
export function innerOriginBlock(log: TransactionLog, win: { origin: number; end: number }, w: number, settings: TrainSettings, scoring: ScoringFit, segmentColumns: readonly number[], warnings: string[], clock: StageClock, warm?: ClvPipeline): PendingBlock {
  const { model, halfLifeDays } = settings;
  const { origin, end } = win;
  const H = end - origin;
  const enc = clock.time("features", () => encodeSequences(log, { asOf: isoDate(origin), halfLifeDays, normalization: scoring.enc.normalization }));
  if (enc.rows < 30) throw new Error(`only ${enc.rows} customers purchased by the inner origin ${isoDate(origin)} (horizon ${H} days): use a later --calibration-end or shorter inner horizons`);
  const target = clock.time("features", () => windowTotals(log, enc.customerIds, origin, end));
  const sum = btydSummary(enc, origin);
  const [fit, other] = settings.innerBase === "scoring-fit" ? [scoring.btyd, scoring.btydOther] : clock.time("btyd", () => innerFits(sum, model, H, origin, warnings, warm));
  const [bg, pn] = model === MODEL_IDS.bgNbd ? [fit, other] : [other, fit];
  const x = clock.time("features", () => withLag(designMatrix(enc, btydFeatures(bg, pn, sum)), log, enc, origin, settings.lagDays));
  const [pr, po] = clock.time("btyd", () => [btydPredict(fit, sum, [H / 7]), btydPredict(other, sum, [H / 7])]);
  const n = enc.rows;
  const bP = new Float64Array(n), aP = new Float64Array(n), bV = new Float64Array(n), aV = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bP[i] = Math.max(1e-9, pr.expected[0]![i]!);
    aP[i] = po.expected[0]![i]!;
    bV[i] = Math.max(1e-9, pr.expected[0]![i]! * pr.spend[i]!);
    aV[i] = po.expected[0]![i]! * po.spend[i]!;
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) group[i] = scoring.customerIndex.get(enc.customerIds[i]!)!;
  const full: PendingBlock = { x, segmentFeatures: selectColumns(enc, segmentColumns), yP: target.purchases, yV: target.value, bP, aP, bV, aV, group, origin: new Int32Array(n).fill(w) };
  const block = settings.minAgeDays > 0 ? keepRows(full, Int32Array.from(enc.firstPurchase, (f) => origin - f), settings.minAgeDays) : full;
  if (settings.intervals && end === settings.calEnd) {
    // Interval coverage is measured on a fit that has not seen the window, whatever base the heads use.
    block.curve = clock.time("intervals", () => {
      // Only the held-out fit's parameters are used (not its warnings): no standard errors.
      const held = settings.innerBase === "scoring-fit" ? fitBtyd(sum, model, undefined, scoring.btyd, undefined, false) : fit;
      return windowLevelCurve(held, sum, held === fit ? pr.alive : btydPredict(held, sum, [H / 7]).alive, target.value, H, settings.seed, w);
    });
  }
  return block;
}

/**
 * The block's rows of customers at least `minAge` days old at the origin (common-support trimming): younger training
 * customers have no counterpart among the scoring customers, and the ratios learned on them (a holiday buyer not yet
 * through a season looks like a light buyer) would be carried to customers who are all older.
 * @see https://doi.org/10.1093/biomet/asn055 (Crump, Hotz, Imbens & Mitnik 2009, limited overlap)
 */
function keepRows(b: PendingBlock, age: Int32Array, minAge: number): PendingBlock {
  const idx: number[] = [];
  for (let i = 0; i < age.length; i++) if (age[i]! >= minAge) idx.push(i);
  if (idx.length < 30) return b;
  const f = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
  const rows = (m: FeatureMatrix): FeatureMatrix => {
    const data = new Float64Array(idx.length * m.cols);
    idx.forEach((i, r) => data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols));
    return { data, rows: idx.length, cols: m.cols };
  };
  return { ...b, x: rows(b.x), segmentFeatures: rows(b.segmentFeatures), yP: f(b.yP), yV: f(b.yV), bP: f(b.bP), aP: f(b.aP), bV: f(b.bV), aV: f(b.aV), group: Int32Array.from(idx, (i) => b.group[i]!), origin: Int32Array.from(idx, (i) => b.origin[i]!) };
}

/** Both BTYD models refitted at an inner origin on the data up to it (the "inner-fit" base). */
function innerFits(sum: BtydSummary, model: BtydModelName, H: number, origin: number, warnings: string[], warm?: ClvPipeline): [BtydFit, BtydFit] {
  const fit = fitBtyd(sum, model, undefined, warmBtyd(warm, model));
  warnings.push(...fit.warnings.map((m) => `inner BTYD (${H} d): ${m}`));
  const other = fitOtherBtyd(sum, fit, `at the inner origin ${isoDate(origin)}`, warm?.btydOther);
  warnings.push(...other.warnings.map((m) => `inner BTYD other (${H} d): ${m}`));
  return [fit, other];
}

/** Every origin's rows stacked in origin order. */
export function concatBlocks(blocks: readonly OriginBlock[]): Omit<OriginBlock, "x"> & { x: FeatureMatrix; count: number } {
  const cat = (f: (b: OriginBlock) => Float64Array) => {
    const out = new Float64Array(blocks.reduce((s, b) => s + f(b).length, 0));
    let o = 0;
    for (const b of blocks) out.set(f(b), (o += f(b).length) - f(b).length);
    return out;
  };
  const count = blocks.reduce((s, b) => s + b.x.rows, 0);
  return {
    count,
    x: { data: cat((b) => b.x.data), rows: count, cols: blocks[0]!.x.cols },
    p: cat((b) => b.p),
    group: Int32Array.from(cat((b) => Float64Array.from(b.group))),
    origin: Int32Array.from(cat((b) => Float64Array.from(b.origin))),
    yP: cat((b) => b.yP),
    yV: cat((b) => b.yV),
    bP: cat((b) => b.bP),
    aP: cat((b) => b.aP),
    bV: cat((b) => b.bV),
    aV: cat((b) => b.aV),
  };
}
