// The interval level curves: how often the BTYD predictive intervals covered on held-out inner windows.
import type { TransactionLog } from "../../data/types.js";
import { createRng } from "../../random/createRng.js";
import { isoDate } from "../../time/dayNumber.js";
import { btydPredict, btydSummary, fitBtyd, type BtydFit, type BtydSummary } from "./btydBase.js";
import { encodeSequences } from "../features/encodeSequences.js";
import { windowTotals } from "./windowTotals.js";
import { levelCurve, type LevelCurve } from "./calibrateLevels.js";
import type { TrainSettings } from "./trainSettings.js";
import type { ScoringFit } from "./scoringFit.js";
import type { OriginBlock } from "./innerOrigins.js";

/**
 * The interval recalibration curves: those of the training windows that end at the calibration end, else (a
 * same-calendar window a year back) one measured on the most recent window of the target horizon, whose customers are
 * nearest in age to the scoring ones.
 */
export function levelCurves(log: TransactionLog, blocks: readonly OriginBlock[], settings: TrainSettings, scoring: ScoringFit): LevelCurve[] | undefined {
  if (!settings.intervals) return undefined;
  const curves = blocks.flatMap((b) => (b.curve ? [b.curve] : []));
  if (curves.length > 0 || settings.lagDays === undefined) return curves;
  const { calEnd, model, halfLifeDays, lagDays: h } = settings;
  const origin = calEnd - h;
  const enc = encodeSequences(log, { asOf: isoDate(origin), halfLifeDays, normalization: scoring.enc.normalization });
  if (enc.rows < 30) return [];
  const sum = btydSummary(enc, origin);
  const fit = fitBtyd(sum, model, undefined, scoring.btyd, undefined, false);
  const alive = btydPredict(fit, sum, [h / 7]).alive;
  return [windowLevelCurve(fit, sum, alive, windowTotals(log, enc.customerIds, origin, calEnd).value, h, settings.seed, blocks.length)];
}

/**
 * Interval recalibration on a held-out slice of the calibration period: the inner fit saw only days up to the window's
 * start, and the window's realized values say how often its predictive intervals cover (at most 2,000 customers, 200 draws each).
 */
export function windowLevelCurve(fit: BtydFit, sum: BtydSummary, alive: Float64Array, value: Float64Array, H: number, seed: number, w: number): LevelCurve {
  const rng = createRng((Math.imul(seed + 1, 0x2545f491) + w + 1) >>> 0);
  const n = value.length;
  const m = Math.min(n, 2000);
  // A random subset, in index order (partial Fisher-Yates), keeps the cost bounded on large bases.
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const pick = idx.subarray(0, m).sort();
  const sub = (a: Float64Array) => Float64Array.from(pick, (i) => a[i]!);
  const s: BtydSummary = { timeUnit: "weeks", frequency: sub(sum.frequency), recency: sub(sum.recency), T: sub(sum.T), monetaryValue: sub(sum.monetaryValue) };
  return levelCurve(fit, s, sub(alive), sub(value), H, 200, rng);
}
