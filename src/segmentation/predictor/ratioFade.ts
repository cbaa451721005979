// How a year-long stack's learned ratios are carried to customers older than every training customer (internal).
import type { ClvPipeline } from "./pipelineTypes.js";
import { dayNumber } from "../../time/dayNumber.js";

/** Where the fade of a stack trained on a year-long window starts and how fast it goes. */
export interface RatioFade {
  /** Age in days, at the training window's start, of the oldest training customer (A₀). */
  readonly fromAgeDays: number;
  /** The primary BTYD fit's α (the rate of the gamma distribution of purchase rates), in days. */
  readonly alphaDays: number;
}

/**
 * A pipeline's fade, from what it already holds: A₀ is its inner origin less its first training purchase day (the
 * oldest customer a year back), α its primary BTYD fit's (fitted in weeks). Undefined when it does not fade.
 * @example const fade = ratioFadeOf(pipeline); // { fromAgeDays: 545, alphaDays: 62 }
 */
export function ratioFadeOf(pipeline: Pick<ClvPipeline, "ratioFade" | "innerOrigin" | "trainingStart" | "btyd">): RatioFade | undefined {
  if (pipeline.ratioFade !== "prior-share" || pipeline.trainingStart === undefined) return undefined;
  return { fromAgeDays: dayNumber(pipeline.innerOrigin) - dayNumber(pipeline.trainingStart), alphaDays: pipeline.btyd.params.alpha! * 7 };
}

/**
 * Per customer, the power its learned ratios are raised to at scoring: 1 up to the oldest training age A₀, and
 * (α + A₀) / (α + A) for a customer of age A beyond it. Under BTYD's gamma-Poisson purchasing a customer's posterior
 * mean rate (r + x) / (α + T) puts the weight α / (α + T) on the population's gamma and the rest on the customer's
 * own rate x / T, so a fit's misread of the population reaches a customer's forecast less as their history lengthens.
 * The learners measured that misread up to age A₀ only (trees are flat beyond it), so beyond it the correction is
 * carried in proportion to the gamma's weight. Only for ratios learned over a whole year, which correct the level of
 * a yearly rate: over a shorter window they also carry the season, which does not fade with age. Undefined when the
 * pipeline has no fade (every power is 1).
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf (Fader, Hardie & Lee 2005, BG/NBD: E(λ | x, T) = (r + x)/(α + T))
 * @example const powers = fadeExponents({ fromAgeDays: 540, alphaDays: 62 }, asOfDay, enc.firstPurchase);
 */
export function fadeExponents(fade: RatioFade | undefined, asOfDay: number, firstPurchase: ArrayLike<number>): Float64Array | undefined {
  if (fade === undefined) return undefined;
  const { fromAgeDays: a0, alphaDays: alpha } = fade;
  const out = new Float64Array(firstPurchase.length);
  for (let i = 0; i < out.length; i++) {
    const age = asOfDay - firstPurchase[i]!;
    out[i] = age <= a0 ? 1 : (alpha + a0) / (alpha + age);
  }
  return out;
}

/** Raises each row's learned ratios (rows × `width`, in place) to its power from {@link fadeExponents}; no powers, no change. */
export function fadeRatios(ratios: Float64Array, powers: Float64Array | undefined, width = 3): Float64Array {
  if (powers === undefined) return ratios;
  for (let i = 0; i < powers.length; i++) {
    const f = powers[i]!;
    if (f === 1) continue;
    for (let j = i * width; j < (i + 1) * width; j++) ratios[j] = ratios[j]! ** f;
  }
  return ratios;
}
