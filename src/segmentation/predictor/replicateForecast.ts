// A replicate's BTYD forecast (internal): shared by the bootstrap intervals and the point scores.
import type { BtydFit, BtydSummary } from "./btydBase.js";
import { loadModel } from "../../models/loadModel.js";
import { MODEL_IDS } from "../../models/modelIds.js";
import { growth as paretoGrowth } from "../../models/paretoNbd.js";
import { logEnd, paretoAliveLog, paretoPoint, paretoRowFromTerms, usesQuadrature } from "../../models/paretoNbdCore.js";
import { readRft } from "../../models/columns.js";
import { checkPredictions } from "../../models/checkPredictions.js";

/**
 * E[X(t) | x, t_x, T] and P(alive) of a replicate's BTYD model, as btydPredict gives them. Pareto/NBD's E[X(t)] is
 * P(alive) times a closed form (Fader & Hardie 2005, brucehardie.com/notes/009), so its costly part, P(alive) and its
 * hypergeometric terms, is evaluated once for both: the same arithmetic as the model's conditionalExpectedPurchases.
 */
export function replicateForecast(fit: BtydFit, s: BtydSummary, t: number): { expected: Float64Array; alive: Float64Array } {
  if (fit.model === MODEL_IDS.paretoNbd) return paretoForecast(fit, s, t);
  const m = loadModel({ model: fit.model, format: 1, params: fit.params });
  return { expected: m.conditionalExpectedPurchases(t, s), alive: m.probabilityAlive(s) };
}

/** Distinct (x, t) points of a summary's rows: each row's integral ends at t_x and at T (the latter also its alive term). */
interface ParetoEnds {
  atRecency: Int32Array;
  atAge: Int32Array;
  points: number;
}

const endsCache = new WeakMap<BtydSummary, ParetoEnds>();

function paretoEnds(s: BtydSummary): ParetoEnds {
  const known = endsCache.get(s);
  if (known) return known;
  const n = s.T.length;
  const atRecency = new Int32Array(n);
  const atAge = new Int32Array(n);
  const seen = new Map<string, number>();
  const id = (x: number, u: number) => {
    const key = `${x},${u}`;
    let e = seen.get(key);
    if (e === undefined) seen.set(key, (e = seen.size));
    return e;
  };
  for (let i = 0; i < n; i++) {
    atRecency[i] = id(s.frequency[i]!, s.recency[i]!);
    atAge[i] = id(s.frequency[i]!, s.T[i]!);
  }
  const ends = { atRecency, atAge, points: seen.size };
  endsCache.set(s, ends);
  return ends;
}

/**
 * Pareto/NBD's P(alive) and E[X(t)] as the model's probabilityAlive and conditionalExpectedPurchases give them, bit for
 * bit (the same terms combined in the same order), with each term evaluated once per distinct (x, t): the integral's
 * ends (two log 2F1 series, the cost) at t_x and T, and the alive term and E[X(t)]'s closed-form factor at (x, T), are
 * shared by rows with the same frequency and recency or age; rows repeat those far more than whole (x, t_x, T) rows.
 */
function paretoForecast(fit: BtydFit, s: BtydSummary, t: number): { expected: Float64Array; alive: Float64Array } {
  const d = readRft(s, "pareto-nbd probabilityAlive", false);
  const { r, alpha, s: sh, beta } = fit.params as { r: number; alpha: number; s: number; beta: number };
  const P = paretoPoint(r, alpha, sh, beta);
  const ends = paretoEnds(s);
  const E = ends.points;
  const endLog = new Float64Array(E);
  const aliveLog = new Float64Array(E);
  const factor = new Float64Array(E);
  // Bit 1: endLog known; bit 2: aliveLog and factor known.
  const known = new Uint8Array(E);
  const al = new Float64Array(1);
  const alive = new Float64Array(d.n);
  const expected = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i]!, tx = d.tx[i]!, T = d.T[i]!;
    const a = ends.atAge[i]!;
    if (!(known[a]! & 2)) {
      aliveLog[a] = paretoAliveLog(P, x, T, undefined);
      factor[a] = (((r + x) * (beta + T)) / (alpha + T)) * paretoGrowth(sh, t / (beta + T));
      known[a]! |= 2;
    }
    if (tx >= T || usesQuadrature(P, tx)) paretoRowFromTerms(P, x, tx, T, aliveLog[a]!, P.ge, NaN, P.g1, NaN, P.g2, undefined, al);
    else {
      const e = ends.atRecency[i]!;
      if (!(known[e]! & 1)) {
        endLog[e] = logEnd(P, x, tx, undefined);
        known[e]! |= 1;
      }
      if (!(known[a]! & 1)) {
        endLog[a] = logEnd(P, x, T, undefined);
        known[a]! |= 1;
      }
      paretoRowFromTerms(P, x, tx, T, aliveLog[a]!, P.ge, endLog[e]!, P.g1, endLog[a]!, P.g2, undefined, al);
    }
    alive[i] = al[0]!;
    expected[i] = factor[a]! * alive[i]!;
  }
  checkPredictions(alive, "pareto-nbd probabilityAlive", fit.params, d);
  checkPredictions(expected, "pareto-nbd conditionalExpectedPurchases", fit.params, d);
  return { expected, alive };
}
