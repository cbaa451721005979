// Parameter recovery through the engine on a simulated BG/NBD log (Fader, Hardie & Lee 2005 model; CDNOW-like
// true parameters): the DuckDB summary equals the in-memory one, the histogram fit recovers the truth within
// three standard errors, and week cells move the aggregate forecast by under 1%.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";
import { fitHistogram } from "../../src/engines/fitHistogram.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";
import { isoDate } from "../../src/time/dayNumber.js";
import { expectSameSummary } from "./sameSummary.js";

const TRUTH = { r: 0.5, alpha: 6, a: 0.7, b: 3 };

describe("duckdb engine on a simulated BG/NBD log", () => {
  let db: DuckDbEngine;
  let file = "";
  let end = "";
  beforeAll(async () => {
    const sim = simulateBgNbd(TRUTH, { seed: 14, customers: 15_000, T: { min: 52, max: 104 }, timeUnit: "weeks", spend: { p: 6, q: 4, v: 15 } });
    const tx = sim.transactions!;
    const lines = ["customer_id,date,amount"];
    for (let i = 0; i < tx.length; i++) lines.push(`${tx.customerIds[tx.customer[i]!]},${isoDate(tx.day[i]!)},${tx.amount[i]!.toFixed(2)}`);
    file = join(mkdtempSync(join(tmpdir(), "clvlab-sim-")), "sim.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    end = sim.summary.observationEnd;
    db = await openDuckDb({ threads: 2 });
    await db.attach({ source: file });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it("gives the in-memory summary of the simulated log", async () => {
    const opts = { timeUnit: "weeks", observationEnd: end } as const;
    expectSameSummary(await db.summarize(opts), summarizeCustomers(await loadTransactions(file), opts));
  });

  it("recovers the true BG/NBD parameters from the day histogram within three standard errors, and weeks move the forecast under 1%", async () => {
    const opts = { timeUnit: "weeks", observationEnd: end } as const;
    const days = fitHistogram(await db.histogram({ ...opts, resolutionDays: 1 }), "bg-nbd").model;
    expect(days.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(days.params[k] - TRUTH[k])).toBeLessThan(3 * days.standardErrors[k]);
    const weeks = fitHistogram(await db.histogram({ ...opts, resolutionDays: 7 }), "bg-nbd").model;
    const s = await db.summarize(opts);
    const a = days.conditionalExpectedPurchases(52, s), b = weeks.conditionalExpectedPurchases(52, s);
    let sa = 0, sb = 0;
    for (let i = 0; i < a.length; i++) { sa += a[i]!; sb += b[i]!; }
    expect(Math.abs(sb / sa - 1)).toBeLessThan(0.01);
  });
});
