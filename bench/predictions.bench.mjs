// Prediction time of the BG/NBD + Gamma-Gamma stack for 1M customers whose T is continuous and varies per customer
// (no two alike): E[X(39) | x, t_x, T], P(alive) and the 12-month CLV, each as the first call in a fresh process
// (what a notebook or the CLI pays: compilation included) and as the best of 3 later calls. Side by side with
// lifetimes 0.11.3: ../shared/peers/compare.sh predict.
import { customerLifetimeValue, loadModel, simulateBgNbd } from "../dist/index.js";
import { existsSync, readFileSync } from "node:fs";
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
// The input's compression ratio: distinct (frequency, recency, T) rows per row (1 = no two customers alike).
const distinct = new Set();
for (let i = 0; i < n; i++) distinct.add(`${s.frequency[i]},${s.recency[i]},${s.T[i]}`);
const compression = distinct.size / n;
// The memory floor of any per-customer prediction: read frequency, recency and T and write a fresh 1M array, nothing
// else (P(alive) adds one log1p and one exp per repeat buyer to it). 10x numpy's P(alive) would be below this floor.
const floorPass = () => {
  const f = s.frequency, r = s.recency, T = s.T, out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f[i] + r[i] + T[i];
  return out;
};
record({ name: "memory floor: read 3 columns, write 1 fresh column, first call", value: await seconds(floorPass), unit: "s", sizes });
record({ name: "memory floor: read 3 columns, write 1 fresh column, best of 3 later calls", value: await seconds(floorPass, 3), unit: "s", sizes });
for (const [name, fn] of works) {
  const first = await seconds(fn);
  const warm = await seconds(fn, 3);
  const notes = `T continuous per customer; distinct rows / rows ${compression.toFixed(4)}; peak RSS ${peakRssMb().toFixed(0)} MB`;
  record({ name: `${name}, first call`, value: first, unit: "s", sizes, notes });
  record({ name: `${name}, best of 3 later calls`, value: warm, unit: "s", sizes, notes });
}

// Per part, side by side with lifetimes: the medians of the last `compare.sh predict` run in this checkout
// (reports/peers.json; nothing when absent), each part a cold first call in its own process on both sides.
const peers = new URL("../reports/peers.json", import.meta.url);
const work = existsSync(peers) ? JSON.parse(readFileSync(peers, "utf8")).areas?.predict?.works?.[0] : undefined;
if (work) {
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const parts = { cond_expected_39: "E[X(39) | x, t_x, T]", p_alive: "P(alive | x, t_x, T)", clv_12m: "12-month CLV" };
  for (const [key, label] of Object.entries(parts)) {
    const peer = median(work.peer_runs.map((r) => r.result.parts[key]));
    const clv = median(work.clvlab_runs.map((r) => r.result.parts[key]));
    const paired = median(work.peer_runs.map((r, i) => r.result.parts[key] / work.clvlab_runs[i].result.parts[key]));
    record({ name: `${label} vs lifetimes, 1M customers (paired ratio, peer / clvlab)`, value: paired, unit: "x (peer / clvlab)", sizes, target: 10,
      notes: `compare.sh predict: lifetimes ${peer.toFixed(4)} s, clvlab ${clv.toFixed(4)} s (medians of ${work.clvlab_runs.length} alternating rounds); T continuous per customer; agreement ${work.agreement}` });
  }
}

