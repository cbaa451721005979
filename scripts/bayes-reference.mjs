// CDNOW BG/NBD: the default MCMC run (4 × (1000 + 1000), seed 1) against a long reference run (8 × (1000 + 5000),
// seed 99), MAP and Laplace. Prints each posterior mean's difference from the reference in units of the default
// run's MCSE (the check: within 3). Usage: npm run build && node scripts/bayes-reference.mjs
import { readSharedCsv as csv } from "../bench/sharedData.mjs";
import { fitBgNbd } from "../dist/index.js";

const c = csv("cdnow/cdnow_customers_summary.csv");
const cd = { frequency: c.frequency, recency: c.recency, T: c.T, timeUnit: "weeks" };
const run = fitBgNbd(cd, { method: "mcmc", seed: 1 });
const ref = fitBgNbd(cd, { method: "mcmc", chains: 8, warmup: 1000, draws: 5000, seed: 99 });
const map = fitBgNbd(cd, { method: "map" });
const lap = fitBgNbd(cd, { method: "laplace", seed: 1 });
for (const r of run.posterior.summary) {
  const R = ref.posterior.summary.find((x) => x.parameter === r.parameter);
  const z = (r.mean - R.mean) / r.mcseMean;
  console.log(`${r.parameter.padEnd(6)} run ${r.mean.toPrecision(5)} (mcse ${r.mcseMean.toPrecision(2)})  reference ${R.mean.toPrecision(5)} (mcse ${R.mcseMean.toPrecision(2)}, R-hat ${R.rhat.toFixed(4)})  diff/mcse ${z.toFixed(2)}  MAP ${map.params[r.parameter].toPrecision(5)}  Laplace ${lap.params[r.parameter].toPrecision(5)}`);
}
