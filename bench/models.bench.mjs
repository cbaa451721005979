// Fit time of BG/NBD, Pareto/NBD and Gamma-Gamma on simulated continuous-time customers (no two alike, so
// compression does not help), standard errors included. Target: BG/NBD at 1M customers in <= 1 s.
// For scale (issue 4): lifetimes 0.11 needs ~22 s for BG/NBD at 1M (1.8 s at 100k) and 4.3 s for Gamma-Gamma at 1M.
import { fitBgNbd, fitGammaGamma, fitParetoNbd, simulateBgNbd, simulateParetoNbd } from "../dist/index.js";
import { record, seconds } from "./lib.mjs";

const sizes = [10_000, 100_000, 1_000_000];
for (const n of sizes) {
  const bg = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.7, b: 3 }, { seed: 1, customers: n, T: { min: 26, max: 78 }, spend: { p: 6, q: 4, v: 15 }, transactions: false });
  let m;
  const tBg = await seconds(() => { m = fitBgNbd(bg.summary); }, n < 1_000_000 ? 3 : 2);
  if (!m.converged || !Number.isFinite(m.standardErrors.r)) throw new Error(`bg-nbd fit at ${n} did not converge`);
  record({ name: "fit bg-nbd (incl. standard errors)", value: tBg, unit: "s", sizes: { customers: n }, ...(n === 1_000_000 ? { target: 1 } : {}) });
  let g;
  const tGg = await seconds(() => { g = fitGammaGamma(bg.summary); }, n < 1_000_000 ? 3 : 2);
  if (!g.converged) throw new Error(`gamma-gamma fit at ${n} did not converge`);
  record({ name: "fit gamma-gamma (incl. standard errors)", value: tGg, unit: "s", sizes: { customers: n, repeatBuyers: g.customers } });
  const pn = simulateParetoNbd({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { seed: 2, customers: n, T: { min: 26, max: 78 }, transactions: false });
  let p;
  const tP = await seconds(() => { p = fitParetoNbd(pn.summary); });
  if (!p.converged) throw new Error(`pareto-nbd fit at ${n} did not converge`);
  record({ name: "fit pareto-nbd (incl. standard errors)", value: tP, unit: "s", sizes: { customers: n } });
}
