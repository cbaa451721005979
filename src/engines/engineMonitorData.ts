// The inputs of monitoring computed by a SQL engine: `clvlab monitor --engine`.
import { dayNumber } from "../time/dayNumber.js";
import type { ClvBundle } from "../monitoring/clvBundle.js";
import { monitorWindow, type MonitorModelOptions } from "../monitoring/monitorModel.js";
import { checkMonitorData, type MonitorData } from "../monitoring/monitorModelData.js";
import { trackingEdges } from "../monitoring/trackRealizedVsPredicted.js";
import type { SqlEngine } from "./sqlEngine.js";

const num = (v: number | string | null | undefined): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * The customer summaries at the reference and current ends and the realized repeat purchase days and purchase cents
 * per tracking period, computed by the engine (the transactions never enter Node; the two summaries and one row per
 * period do), for `monitorModelData`. Same definitions as `monitorModel` on the log. Returns the resolved ends too.
 * A stacked pipeline or log attributes need the log: they are refused, naming the in-memory engine.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (tracking plots)
 * @example
 * const db = await openDuckDb(); await db.attach({ source: "data/cdnow_transactions.csv" });
 * const { data, referenceEnd, currentEnd } = await engineMonitorData(db, bundle, {});
 * const snap = monitorModelData(bundle, data, { referenceEnd, currentEnd });
 */
export async function engineMonitorData(engine: SqlEngine, bundle: ClvBundle, options: MonitorModelOptions = {}): Promise<{ data: MonitorData; referenceEnd: string; currentEnd: string }> {
  checkMonitorData(bundle, options);
  const { timeUnit, refEnd, curEnd } = monitorWindow(bundle, options, (await engine.lastDay()) ?? -Infinity);
  const referenceSummary = await engine.summarize({ timeUnit, observationEnd: refEnd });
  const currentSummary = await engine.summarize({ timeUnit, observationEnd: curEnd });
  const edges = trackingEdges(refEnd, curEnd, options.period ?? "week");
  const K = edges.length - 1;
  const c = await engine.trackingAggregates(dayNumber(refEnd), edges);
  const purchases = new Float64Array(K), revenueCents = new Float64Array(K);
  for (let i = 0; i < c.period_index!.length; i++) {
    const k = num(c.period_index![i]);
    purchases[k] = num(c.purchases![i]);
    revenueCents[k] = num(c.cents![i]);
  }
  return { data: { referenceSummary, currentSummary, trackingActuals: { purchases, revenueCents } }, referenceEnd: refEnd, currentEnd: curEnd };
}
