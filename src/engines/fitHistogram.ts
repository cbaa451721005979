import { MODEL_IDS, type PurchaseModelName } from "../models/modelIds.js";
import type { FitOptions } from "../models/fitReport.js";
import { fitBgNbd, type BgNbdModel } from "../models/bgNbd.js";
import { fitMbgNbd, type MbgNbdModel } from "../models/mbgNbd.js";
import { fitParetoNbd, type ParetoNbdModel } from "../models/paretoNbd.js";
import { fitGammaGamma, type GammaGammaModel } from "../models/gammaGamma.js";
import { DAYS_PER_UNIT } from "../data/types.js";
import type { CustomerHistogram, SpendData } from "./types.js";

/** Purchase models that fit on the (frequency, recency, T) histogram. */
export type HistogramModelName = PurchaseModelName;

/** A purchase model fitted on a histogram, with the histogram's resolution recorded. */
export interface HistogramFit<M> {
  readonly model: M;
  /** Cell width of recency and T, days (1: exact, nothing rounded). */
  readonly resolutionDays: number;
  readonly cells: number;
  readonly customers: number;
  /** JSON of the model with the histogram it was fitted on. */
  toJSON(): Record<string, unknown>;
}

/**
 * Fits BG/NBD, Pareto/NBD or MBG/NBD on a weighted (frequency, recency, T) histogram — their likelihoods depend on
 * customers only through these three numbers, so at 1-day resolution the fit equals the fit on every customer.
 * Coarser cells round recency and T to the cell width (see docs/engines.md for the measured effect).
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf (BG/NBD likelihood in (x, t_x, T))
 * @example const { model } = fitHistogram(await engine.histogram({ timeUnit: "weeks" }), "bg-nbd");
 */
export function fitHistogram(h: CustomerHistogram, modelName: typeof MODEL_IDS.bgNbd, options?: FitOptions): HistogramFit<BgNbdModel>;
export function fitHistogram(h: CustomerHistogram, modelName: typeof MODEL_IDS.paretoNbd, options?: FitOptions): HistogramFit<ParetoNbdModel>;
export function fitHistogram(h: CustomerHistogram, modelName: typeof MODEL_IDS.mbgNbd, options?: FitOptions): HistogramFit<MbgNbdModel>;
export function fitHistogram(h: CustomerHistogram, modelName: HistogramModelName, options?: FitOptions): HistogramFit<BgNbdModel | ParetoNbdModel | MbgNbdModel>;
export function fitHistogram(h: CustomerHistogram, modelName: HistogramModelName, options: FitOptions = {}): HistogramFit<BgNbdModel | ParetoNbdModel | MbgNbdModel> {
  const data = { frequency: h.frequency, recency: lowestCellRecency(h), T: h.T, weights: h.weights, timeUnit: h.timeUnit };
  const model =
    modelName === MODEL_IDS.bgNbd ? fitBgNbd(data, options) : modelName === MODEL_IDS.paretoNbd ? fitParetoNbd(data, options) : modelName === MODEL_IDS.mbgNbd ? fitMbgNbd(data, options) : undefined;
  if (!model) throw new Error(`invalid model "${String(modelName)}" for a histogram fit: use bg-nbd, pareto-nbd or mbg-nbd`);
  const histogram = { resolutionDays: h.resolutionDays, cells: h.cells, customers: h.customers, observationEnd: h.observationEnd, ...(h.calibrationEnd ? { calibrationEnd: h.calibrationEnd } : {}) };
  return { model, ...histogram, toJSON: () => ({ ...model.toJSON(), histogram }) };
}

/**
 * Repeat buyers whose last purchase came within half a cell of their first round to recency 0, which no exact
 * summary has (and the fits reject); their true recency lies in (0, width/2): give them its midpoint, width/4.
 */
function lowestCellRecency(h: CustomerHistogram): Float64Array {
  if (h.resolutionDays <= 1) return h.recency;
  const quarter = h.resolutionDays / 4 / DAYS_PER_UNIT[h.timeUnit];
  return h.recency.map((r, i) => (r === 0 && h.frequency[i]! > 0 ? quarter : r));
}

/** A Gamma-Gamma fit on exact sufficient data or on a stated hash sample of customers. */
export interface SpendFit {
  readonly model: GammaGammaModel;
  readonly sampleRate: number;
  readonly sample?: string;
  toJSON(): Record<string, unknown>;
}

/**
 * Fits Gamma-Gamma on an engine's spend data (repeat buyers' frequency and mean repeat spend with counts): exact
 * when the data fit in memory, else on the deterministic hash sample the engine drew (stated in `sample`; the
 * standard errors are those of the sample).
 * @see https://brucehardie.com/notes/025/gamma_gamma.pdf
 * @example const gg = fitSpend(await engine.spendData({ timeUnit: "weeks" }));
 */
export function fitSpend(d: SpendData, options: FitOptions = {}): SpendFit {
  const model = fitGammaGamma({ frequency: d.frequency, monetaryValue: d.monetaryValue, weights: d.weights }, options);
  const spendData = { sampleRate: d.sampleRate, ...(d.sample ? { sample: d.sample } : {}) };
  return { model, ...spendData, toJSON: () => ({ ...model.toJSON(), spendData }) };
}
