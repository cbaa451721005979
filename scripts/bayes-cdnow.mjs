// Fits the five models to CDNOW (BG/BB: the donations data) by MLE, MAP, Laplace and MCMC with default priors and
// prints the diagnostics table per model. Usage: npm run build && node scripts/bayes-cdnow.mjs [chains draws warmup]
import { readSharedCsv as csv } from "../bench/sharedData.mjs";
import { fitBgBb, fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd } from "../dist/index.js";

const c = csv("cdnow/cdnow_customers_summary_with_transactions.csv");
const cd = { frequency: c.x, recency: c.t_x, T: c.T, monetaryValue: c.zbar, timeUnit: "weeks" };
const don = csv("donations.csv");
const [chains, draws, warmup] = process.argv.slice(2).map(Number);
const mc = { method: "mcmc", chains: chains || 4, draws: draws || 1000, warmup: warmup || 1000, seed: 1 };
const models = [
  ["bg-nbd", (o) => fitBgNbd(cd, o)],
  ["mbg-nbd", (o) => fitMbgNbd(cd, o)],
  ["pareto-nbd", (o) => fitParetoNbd(cd, o)],
  ["gamma-gamma", (o) => fitGammaGamma(cd, o)],
  ["bg-bb", (o) => fitBgBb(don, o)],
];
const only = process.env.MODELS?.split(",");
for (const [name, fit] of models) {
  if (only && !only.includes(name)) continue;
  const fmt = (p) => Object.entries(p).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(", ");
  console.log(`\n== ${name} ==`);
  for (const method of ["mle", "map", "laplace"]) {
    const t0 = performance.now();
    const m = fit({ method, seed: 1 });
    console.log(`${method.padEnd(8)} ${((performance.now() - t0) / 1000).toFixed(2)} s  ${fmt(m.params)}`);
  }
  const t0 = performance.now();
  const m = fit(mc);
  const s = m.posterior.sampler;
  console.log(`mcmc     ${((performance.now() - t0) / 1000).toFixed(2)} s total (sampling ${s.seconds.toFixed(2)} s, ${s.chains}×(${s.warmup}+${s.draws}))  ${fmt(m.params)}`);
  console.log(`  divergences ${s.divergences}, tree depth saturated ${s.treeDepthSaturation}, E-BFMI ${s.ebfmi.map((v) => v.toFixed(2)).join(" ")}, step ${s.stepSize.map((v) => v.toPrecision(3)).join(" ")}, accept ${s.meanAcceptance.map((v) => v.toFixed(2)).join(" ")}`);
  for (const r of m.posterior.summary) console.log(`  ${r.parameter.padEnd(6)} mean ${r.mean.toPrecision(4)} sd ${r.sd.toPrecision(3)} hdi [${r.hdiLower.toPrecision(4)}, ${r.hdiUpper.toPrecision(4)}] mcse ${r.mcseMean.toPrecision(2)} ess_bulk ${r.essBulk.toFixed(0)} ess_tail ${r.essTail.toFixed(0)} r_hat ${r.rhat.toFixed(4)}`);
  const minEss = Math.min(...m.posterior.summary.map((r) => r.essBulk));
  console.log(`  min bulk ESS/s ${(minEss / s.seconds).toFixed(0)}; warnings: ${m.warnings.length ? m.warnings.join(" | ") : "none"}`);
}
