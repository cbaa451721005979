// Prediction time of the BG/NBD + Gamma-Gamma stack for 1M customers whose T is continuous and varies per customer
// (no two alike): E[X(39) | x, t_x, T], P(alive) and the 12-month CLV, each as the first call in a fresh process
// (what a notebook or the CLI pays: compilation included) and as the best of 3 later calls. Side by side with
// lifetimes 0.11.3: ../shared/peers/compare.sh predict.
import { customerLifetimeValue, loadModel, simulateBgNbd } from "../dist/index.js";
import { peakRssMb, record, seconds } from "./lib.mjs";

const n = 1_000_000;
const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const spend = { p: 6.25, q: 3.74, v: 15.44 };
const s = simulateBgNbd(truth, { seed: 7, customers: n, T: { min: 1, max: 78 }, spend, transactions: false }).summary;
const bg = loadModel({ model: "bg-nbd", params: truth });
const gg = loadModel({ model: "gamma-gamma", params: spend });
const clvOptions = { months: 12, discountRate: 0.01, discountRatePeriod: "month", timeUnit: "weeks", unitsPerMonth: 4.345 };
const works = [
  ["E[X(39) | x, t_x, T]", () => bg.conditionalExpectedPurchases(39, s)],
  ["P(alive | x, t_x, T)", () => bg.probabilityAlive(s)],
  ["12-month CLV (BG/NBD + Gamma-Gamma, 1%/month)", () => customerLifetimeValue(bg, gg, s, clvOptions)],
];
const sizes = { customers: n };
for (const [name, fn] of works) {
  const first = await seconds(fn);
  const warm = await seconds(fn, 3);
  const notes = `T continuous per customer (no two rows alike); peak RSS ${peakRssMb().toFixed(0)} MB`;
  record({ name: `${name}, first call`, value: first, unit: "s", sizes, notes });
  record({ name: `${name}, best of 3 later calls`, value: warm, unit: "s", sizes, notes });
}
