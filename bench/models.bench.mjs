// Fit time of BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma, standard errors included, on simulated customers whose
// T is continuous and varies per customer, so no two customers are alike and compressing identical rows cannot help
// (each figure records the input's compression ratio, distinct rows / rows, to show it). Each figure also records the
// likelihood evaluations (on the full data, and on the warm-start subsamples) and the peak RSS of this process so far.
// Side by side with lifetimes 0.11.3 on the same machine: ../shared/peers/compare.sh (goals: BG/NBD 100k >= 15x,
// 1M >= 25x; Gamma-Gamma 1M >= 20x; Pareto/NBD 100k >= 25x; MBG/NBD 1M >= 25x).
import { fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, simulateBgNbd, simulateParetoNbd } from "../dist/index.js";
import { peakRssMb, record, seconds } from "./lib.mjs";

/** Distinct rows / rows over the given columns (1 means no two rows alike). */
function compressionRatio(columns) {
  const n = columns[0].length;
  const seen = new Set();
  for (let i = 0; i < n; i++) seen.add(columns.map((c) => c[i]).join(","));
  return seen.size / n;
}

/** Fits `fit` (best of `repeats`), checks convergence and standard errors, and records the figure. */
async function figure(name, fit, data, columns, sizes, repeats, target) {
  let m;
  const t = await seconds(() => {
    m = fit(data);
  }, repeats);
  if (!m.converged || !Object.values(m.standardErrors).every(Number.isFinite)) throw new Error(`${name} at ${JSON.stringify(sizes)} did not converge`);
  const ratio = compressionRatio(columns);
  const notes = `input compression ratio ${ratio.toFixed(4)} (distinct rows / rows); likelihood evaluations ${m.likelihoodEvaluations} on the full data + ${m.subsampleEvaluations} on warm-start subsamples; ${m.iterations} iterations; peak RSS ${peakRssMb().toFixed(0)} MB`;
  record({ name, value: t, unit: "s", sizes, ...(target ? { target } : {}), notes });
  record({ name: `${name}: likelihood evaluations on the full data`, value: m.likelihoodEvaluations, unit: "evaluations", sizes, notes: `plus ${m.subsampleEvaluations} on warm-start subsamples` });
}

for (const n of [10_000, 100_000, 1_000_000]) {
  const repeats = n < 1_000_000 ? 3 : 2;
  const bg = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { seed: 1, customers: n, T: { min: 26, max: 78 }, spend: { p: 6.25, q: 3.74, v: 15.44 }, transactions: false });
  const s = bg.summary;
  const rft = [s.frequency, s.recency, s.T];
  await figure("fit bg-nbd (incl. standard errors)", fitBgNbd, s, rft, { customers: n }, repeats, n === 1_000_000 ? 1 : undefined);
  await figure("fit mbg-nbd (incl. standard errors)", fitMbgNbd, s, rft, { customers: n }, repeats);
  const keep = [];
  for (let i = 0; i < n; i++) if (s.frequency[i] > 0) keep.push(i);
  const gg = { frequency: Float64Array.from(keep, (i) => s.frequency[i]), monetaryValue: Float64Array.from(keep, (i) => s.monetaryValue[i]) };
  await figure("fit gamma-gamma (incl. standard errors)", fitGammaGamma, gg, [gg.frequency, gg.monetaryValue], { customers: n, repeatBuyers: keep.length }, repeats);
  if (n <= 100_000) {
    const pn = simulateParetoNbd({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { seed: 2, customers: n, T: { min: 26, max: 78 }, transactions: false });
    await figure("fit pareto-nbd (incl. standard errors)", fitParetoNbd, pn.summary, [pn.summary.frequency, pn.summary.recency, pn.summary.T], { customers: n }, n < 100_000 ? 3 : 1);
  }
}
