// Chains run on worker threads only from the compiled build (dist/, built by `npm test` before vitest).
import { expect, test } from "vitest";
import type * as Clvlab from "../../src/index.js";
import { cdnowSummary } from "../models/referenceData.js";

// A computed specifier keeps the type checker from resolving dist/ (absent before the first build); types come from src/.
const built = "../../dist/index.js";
const lib = (await import(built)) as typeof Clvlab;

test("MCMC draws are identical with 1, 2 and 3 threads for the same seed (each chain has its own seed and thread)", () => {
  const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };
  const o = { method: "mcmc" as const, chains: 3, warmup: 50, draws: 30, seed: 11 };
  const draws = [1, 2, 3].map((threads) => lib.fitBgNbd(cd, { ...o, threads }).posterior!.draws);
  for (const k of ["r", "alpha", "a", "b"])
    for (let c = 0; c < 3; c++) {
      expect(Array.from(draws[1]![k]![c]!)).toEqual(Array.from(draws[0]![k]![c]!));
      expect(Array.from(draws[2]![k]![c]!)).toEqual(Array.from(draws[0]![k]![c]!));
    }
}, 30_000);

test("posterior CLV summaries of a BG/NBD posterior are identical with 1 and 2 threads (each draw's interpolants are built over all customers, on whichever thread)", () => {
  const sim = lib.simulateBgNbd({ r: 0.5, alpha: 6, a: 0.7, b: 3 }, { seed: 3, customers: 60_000, T: { min: 26, max: 78 }, spend: { p: 6, q: 4, v: 15 }, transactions: false });
  const s = { ...sim.summary, timeUnit: "weeks" as const };
  const bg = lib.fitBgNbd(s, { method: "laplace", draws: 8, seed: 1 });
  const gg = lib.fitGammaGamma(s, { method: "laplace", draws: 8, seed: 2 });
  const [one, two] = [1, 2].map((threads) => lib.customerLifetimeValueIntervals(bg, gg, s, { months: 12, discountRate: 0.1, margin: 0.3, threads }));
  for (const k of ["mean", "sd", "lower", "upper"] as const) expect(Array.from(two![k])).toEqual(Array.from(one![k]));
}, 60_000);
