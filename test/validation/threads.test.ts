// Cross-validation folds run on a worker thread only from the compiled build (dist/, built by `npm test` before vitest).
import { expect, test } from "vitest";
import type * as Clvlab from "../../src/index.js";

// A computed specifier keeps the type checker from resolving dist/ (absent before the first build); types come from src/.
const built = "../../dist/index.js";
const lib = (await import(built)) as typeof Clvlab;

test("cross-validation folds give identical rows on 1 and 2 threads (each fold runs whole on one thread)", () => {
  // Two years of a small segmented log: three folds, so the worker takes one or two of them.
  const { log } = lib.simulateSegmentedLog({ seed: 3, customers: 400, end: "2023-12-31" });
  const o = { start: "2021-01-01", initial: "24m", step: "3m", horizon: "3m", folds: 3, models: ["naive-rate", "bg-nbd"] as const, countScores: false };
  const one = lib.crossValidateTemporal(log, { ...o, models: [...o.models], threads: 1 });
  const two = lib.crossValidateTemporal(log, { ...o, models: [...o.models], threads: 2 });
  expect(two.folds.map((f) => f.calibrationEnd)).toEqual(["2022-12-31", "2023-03-31", "2023-06-30"]);
  expect(two.foldRows).toEqual(one.foldRows);
  expect(two.summaryRows).toEqual(one.summaryRows);
}, 30_000);
