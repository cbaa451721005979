import * as aq from "arquero";

/** The arquero table type, kept structural so the public .d.ts does not depend on arquero's types. */
export type ParameterTable = ReturnType<typeof aq.table>;

/** What a parameter summary needs from a fitted model. */
export interface ParameterSummarySource {
  readonly model: string;
  readonly params: object;
  readonly standardErrors: object;
  readonly confidenceIntervals: { readonly lower: object; readonly upper: object; readonly level: number };
}

/**
 * A fitted model's parameter table — parameter, estimate, std_error, lower_95, upper_95 (Wald intervals from the
 * observed information, as lifetimes' `summary`) — as an arquero table.
 * @see https://lifetimes.readthedocs.io/en/latest/lifetimes.fitters.html (BaseFitter.summary)
 * @example parameterSummary(fitBgNbd(summary)).print()
 */
export function parameterSummary(m: ParameterSummarySource): ParameterTable {
  const names = Object.keys(m.params);
  const get = (o: object) => Float64Array.from(names, (k) => (o as Record<string, number>)[k] ?? NaN);
  const pct = Math.round(m.confidenceIntervals.level * 100);
  return aq.table({
    parameter: names,
    estimate: get(m.params),
    std_error: get(m.standardErrors),
    [`lower_${pct}`]: get(m.confidenceIntervals.lower),
    [`upper_${pct}`]: get(m.confidenceIntervals.upper),
  } as Record<string, unknown[]>);
}

/**
 * The same table as aligned text, one line per parameter (6 significant digits).
 * @example console.log(parameterSummaryText(fitBgNbd(summary)))
 */
export function parameterSummaryText(m: ParameterSummarySource): string {
  const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(6) : "NaN").padStart(10);
  const g = (o: object, k: string) => (o as Record<string, number>)[k] ?? NaN;
  const pct = Math.round(m.confidenceIntervals.level * 100);
  const out = [`parameter   estimate   std.error   ${pct}% interval`];
  for (const k of Object.keys(m.params)) out.push(`${k.padEnd(10)} ${fmt(g(m.params, k))} ${fmt(g(m.standardErrors, k))}   [${fmt(g(m.confidenceIntervals.lower, k)).trim()}, ${fmt(g(m.confidenceIntervals.upper, k)).trim()}]`);
  return out.join("\n");
}
