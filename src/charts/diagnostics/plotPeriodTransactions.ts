import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import type { PurchaseModelForCharts } from "./types.js";

/** Options of {@link plotPeriodTransactions}. */
export interface PeriodTransactionsOptions {
  /** Last bar collects this many repeat purchases and more (default 7, shown as "7+"). */
  maxFrequency?: number;
  title?: string;
}

/**
 * Model vs actual number of customers by repeat purchases in the calibration period, the model's count being
 * Σ_i P(X(T_i) = n) over customers (BTYD's `plotFrequencyInCalibration`; lifetimes' `plot_period_transactions`).
 * Returns an SVG string.
 * @see Fader, Hardie & Lee (2005), fig. 2 — https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example html = plotPeriodTransactions(fitBgNbd(summary), summary)
 */
export function plotPeriodTransactions(model: PurchaseModelForCharts, customers: { frequency: ArrayLike<number>; T: ArrayLike<number> }, options: PeriodTransactionsOptions = {}): string {
  const rows = periodTransactionsData(model, customers, options.maxFrequency ?? 7);
  // Grouped bars: one facet per bin, actual and model side by side.
  return renderPlot({
    title: options.title ?? `Repeat purchases in calibration: actual vs ${model.model}`,
    fx: { label: "repeat purchases in calibration", domain: [...new Set(rows.map((r) => r.bin))] },
    x: { axis: null, domain: ["actual", "model"] },
    y: { label: "customers", grid: true },
    color: { legend: true, domain: ["actual", "model"], range: ["#4c78a8", "#f58518"] },
    marks: [Plot.barY(rows, { fx: "bin", x: "source", y: "customers", fill: "source", tip: true }), Plot.ruleY([0])],
  });
}

/** Rows { bin, source: "actual" | "model", customers } behind the chart. */
export function periodTransactionsData(model: PurchaseModelForCharts, customers: { frequency: ArrayLike<number>; T: ArrayLike<number> }, maxFrequency: number): { bin: string; source: string; customers: number }[] {
  const K = maxFrequency;
  const actual = new Float64Array(K + 1);
  const expected = new Float64Array(K + 1);
  const byT = new Map<number, number>();
  for (let i = 0; i < customers.frequency.length; i++) {
    actual[Math.min(K, customers.frequency[i]!)]++;
    const T = customers.T[i]!;
    byT.set(T, (byT.get(T) ?? 0) + 1);
  }
  for (const [T, count] of byT) {
    let below = 0;
    for (let n = 0; n < K; n++) {
      const p = model.probabilityOfPurchases(n, T);
      expected[n] += count * p;
      below += p;
    }
    expected[K] += count * Math.max(0, 1 - below);
  }
  const label = (n: number) => (n === K ? `${K}+` : String(n));
  const rows: { bin: string; source: string; customers: number }[] = [];
  for (let n = 0; n <= K; n++) rows.push({ bin: label(n), source: "actual", customers: actual[n]! }, { bin: label(n), source: "model", customers: expected[n]! });
  return rows;
}
