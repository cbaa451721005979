// Bayesian fits and posterior summaries. Targets (on a 2-core machine): CDNOW BG/NBD 4 chains × (1000 warm-up +
// 1000 draws) <= 5 s; Pareto/NBD <= 15 s; Laplace at 1M customers <= 2 s; 12-month CLV posterior summaries for
// 1M customers from 1,000 draws <= 30 s and <= 2 GB. PyMC-Marketing's bg_nbd notebook reports about 30 s for the
// CDNOW BG/NBD run. Sizes can be lowered with CLVLAB_BAYES_CLV_CUSTOMERS and CLVLAB_BAYES_CLV_DRAWS;
// CLVLAB_BAYES_ONLY=clv runs only the 1M-customer Laplace fit and the CLV summaries (no MCMC fits).
import { readSharedCsv as csv } from "./sharedData.mjs";
import { customerLifetimeValueIntervals, fitBgBb, fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, simulateBgNbd } from "../dist/index.js";
import { loadavg } from "node:os";
import { peakRssMb, record, seconds } from "./lib.mjs";

const only = process.env.CLVLAB_BAYES_ONLY;
if (only !== undefined && only !== "clv") throw new Error(`invalid CLVLAB_BAYES_ONLY "${only}": use clv, or leave it unset for every figure`);
const c = csv("cdnow/cdnow_customers_summary_with_transactions.csv");
const cd = { frequency: c.x, recency: c.t_x, T: c.T, monetaryValue: c.zbar, timeUnit: "weeks" };
const don = csv("donations.csv");
const opts = { method: "mcmc", chains: 4, warmup: 1000, draws: 1000, seed: 1 };
/** CPU seconds (all threads of this process: the sampler's workers included) and wall seconds of `fn`. */
function timed(fn) {
  const c0 = process.cpuUsage(), t0 = process.hrtime.bigint();
  const value = fn();
  const cu = process.cpuUsage(c0);
  return { value, wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (cu.user + cu.system) / 1e6 };
}

// Wall time on a loaded machine measures the load; CPU time (both cores' work) is the comparable figure: with two
// free cores the wall time is about half of it plus the MLE/Laplace start.
const runs = [
  ["bg-nbd", () => fitBgNbd(cd, opts), 2357, 5],
  ["mbg-nbd", () => fitMbgNbd(cd, opts), 2357],
  ["pareto-nbd", () => fitParetoNbd(cd, opts), 2357, 15],
  ["gamma-gamma", () => fitGammaGamma(cd, opts), 946],
  ["bg-bb", () => fitBgBb(don, opts), 11104],
];
for (const [name, fit, customers, target] of only === "clv" ? [] : runs) {
  const { value: m, wall, cpu } = timed(fit);
  const s = m.posterior.sampler;
  const minEss = Math.min(...m.posterior.summary.map((r) => r.essBulk));
  const maxR = Math.max(...m.posterior.summary.map((r) => r.rhat));
  const data = name === "bg-bb" ? "donations" : "CDNOW";
  const sizes = { customers, chains: 4, draws: 1000, warmup: 1000 };
  const notes = `cpu ${cpu.toFixed(2)} s; sampling ${s.seconds.toFixed(2)} s wall; ${s.gradientEvaluations} gradient evaluations (${(s.leapfrogSteps / (s.chains * s.draws)).toFixed(2)} per kept draw); mean tree depth ${(s.meanTreeDepth.reduce((a, b) => a + b) / s.chains).toFixed(2)}; max R-hat ${maxR.toFixed(4)}; min bulk ESS ${minEss.toFixed(0)}; divergences ${s.divergences}`;
  record({ name: `mcmc ${name} ${data} 4×(1000+1000) wall`, value: wall, unit: "s", sizes, ...(target ? { target } : {}), notes });
  record({ name: `mcmc ${name} ${data} 4×(1000+1000) cpu`, value: cpu, unit: "s", sizes, notes: "process CPU time, both cores" });
  record({ name: `mcmc ${name} ${data} gradient evaluations`, value: s.gradientEvaluations, unit: "evaluations", sizes, notes: "all chains, warm-up included" });
  record({ name: `mcmc ${name} ${data} min bulk ESS per second`, value: minEss / wall, unit: "ESS/s", sizes, notes: `per CPU second ${(minEss / cpu).toFixed(0)}` });
}

const n = 1_000_000;
const sim = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.7, b: 3 }, { seed: 1, customers: n, T: { min: 26, max: 78 }, spend: { p: 6, q: 4, v: 15 }, transactions: false });
const { value: lap, wall: tLap, cpu: cLap } = timed(() => fitBgNbd(sim.summary, { method: "laplace", draws: 1000, seed: 1 }));
record({ name: "laplace bg-nbd (MLE start, MAP, mode, Hessian, 1000 draws)", value: tLap, unit: "s", sizes: { customers: n }, target: 2, notes: `cpu ${cLap.toFixed(2)} s` });

const m = Number(process.env.CLVLAB_BAYES_CLV_CUSTOMERS ?? n);
const draws = Number(process.env.CLVLAB_BAYES_CLV_DRAWS ?? 1000);
const sub = { frequency: sim.summary.frequency.subarray(0, m), recency: sim.summary.recency.subarray(0, m), T: sim.summary.T.subarray(0, m), monetaryValue: sim.summary.monetaryValue.subarray(0, m), timeUnit: "weeks" };
const gg = fitGammaGamma(sub, { method: "laplace", seed: 2 });
const clvOpts = { months: 12, discountRate: 0.1, margin: 0.3, draws };
// Exact (the default): every draw evaluated through the per-frequency interpolants of the expected purchases, both
// cores. CPU time (all threads) is the load-independent figure; on two free cores the wall time is about half of it.
const rss0 = peakRssMb();
const { wall: tExact, cpu: cExact } = timed(() => customerLifetimeValueIntervals(lap, gg, sub, clvOpts));
let repeaters = 0;
for (let i = 0; i < m; i++) if (sub.frequency[i] > 0) repeaters++;
record({ name: "posterior 12-month CLV summaries, exact (mean, sd, 94% interval), wall", value: tExact, unit: "s", sizes: { customers: m, draws }, ...(m === n && draws === 1000 ? { target: 30 } : {}), notes: `cpu ${cExact.toFixed(1)} s (both threads); ${((cExact / (m * draws)) * 1e9).toFixed(1)} ns cpu per customer-draw; no two customers alike (continuous T), ${repeaters} repeat buyers; load average ${loadavg()[0].toFixed(1)}` });
record({ name: "posterior 12-month CLV summaries, exact, cpu", value: cExact, unit: "s", sizes: { customers: m, draws }, notes: "process CPU time, both cores" });
record({ name: "posterior 12-month CLV summaries, exact, peak RSS", value: peakRssMb(), unit: "MB", sizes: { customers: m, draws }, target: 2048, notes: `peak before this step ${rss0.toFixed(0)} MB (the 1M-customer simulation and Laplace fit)` });
// The linearized approximation (k + 1 evaluations per customer instead of one per draw), labelled as such.
const tLin = await seconds(() => customerLifetimeValueIntervals(lap, gg, sub, { ...clvOpts, approximation: "linearized" }));
record({ name: "posterior 12-month CLV summaries, linearized approximation (mean, sd, 94% interval)", value: tLin, unit: "s", sizes: { customers: m, draws } });
record({ name: "peak memory (whole bench process)", value: peakRssMb(), unit: "MB", sizes: { customers: n }, target: 2048 });
