import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cellPredictions } from "../../src/engines/cellPredictions.js";
import { fitHistogram, fitSpend } from "../../src/engines/fitHistogram.js";
import { openMemoryEngine } from "../../src/engines/memoryEngine.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";

// CDNOW 1/10 sample, calibration to 1997-09-30 (Fader, Hardie & Lee 2005; ../shared/data/README.md).
const log = await loadTransactions(new URL("../../data/cdnow_transactions.csv", import.meta.url).pathname);
const calibration = { timeUnit: "weeks" as const, observationEnd: "1997-09-30" };
const engine = openMemoryEngine();
engine.attachLog(log);
const dir = mkdtempSync(join(tmpdir(), "clvlab-memory-engine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("MemoryEngine.histogram", () => {
  it("holds the 2,357 CDNOW customers, their 2,457 repeat purchases and 946 repeat buyers in (frequency, recency, T) cells sorted as the SQL engines sort them", async () => {
    const h = await engine.histogram({ ...calibration, resolutionDays: 1 });
    expect(h.customers).toBe(2357);
    expect(h.resolutionDays).toBe(1);
    let purchases = 0, buyers = 0;
    for (let i = 0; i < h.cells; i++) {
      purchases += h.frequency[i]! * h.weights[i]!;
      if (h.frequency[i]! > 0) buyers += h.weights[i]!;
      if (i > 0) {
        const prev = [h.frequency[i - 1]!, h.recencySteps[i - 1]!, h.TSteps[i - 1]!], cur = [h.frequency[i]!, h.recencySteps[i]!, h.TSteps[i]!];
        const order = prev[0]! - cur[0]! || prev[1]! - cur[1]! || prev[2]! - cur[2]!;
        expect(order).toBeLessThan(0);
      }
    }
    expect(purchases).toBe(2457);
    expect(buyers).toBe(946);
    // Weekly cells are coarser: fewer of them than daily ones.
    expect(await engine.countCells(calibration, 7)).toBeLessThan(h.cells);
  });

  it("fitted at one-day resolution gives the published BG/NBD estimates on CDNOW: r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, log-likelihood -9582.429 (Fader, Hardie & Lee 2005)", async () => {
    const { model } = fitHistogram(await engine.histogram({ ...calibration, resolutionDays: 1 }), "bg-nbd");
    expect(model.params.r).toBeCloseTo(0.2425945, 5);
    expect(model.params.alpha).toBeCloseTo(4.4136019, 3);
    expect(model.params.a).toBeCloseTo(0.7929199, 4);
    expect(model.params.b).toBeCloseTo(2.4258881, 3);
    expect(model.logLikelihood).toBeCloseTo(-9582.429, 3);
  });
});

describe("MemoryEngine.spendData", () => {
  it("gives the 946 repeat buyers' frequency and mean repeat spend, on which Gamma-Gamma recovers p 6.25, q 3.74, v 15.44 (Fader & Hardie 2013)", async () => {
    const d = await engine.spendData(calibration);
    expect(d.sampleRate).toBe(1);
    expect(d.weights.reduce((s, w) => s + w, 0)).toBe(946);
    const { model } = fitSpend(d);
    expect(model.params.p.toFixed(2)).toBe("6.25");
    expect(model.params.q.toFixed(2)).toBe("3.74");
    expect(Math.abs(model.params.v - 15.44)).toBeLessThan(0.01);
  });
});

describe("MemoryEngine.score", () => {
  it("writes one CSV row per customer whose CLV is margin × Gamma-Gamma spend × the cell's discounted purchases and whose P(alive) is the model's", async () => {
    const h = await engine.histogram({ ...calibration, resolutionDays: 1 });
    const { model } = fitHistogram(h, "bg-nbd");
    const spend = fitSpend(await engine.spendData(calibration)).model;
    const cells = cellPredictions(model, h);
    const file = join(dir, "scores.csv");
    const report = await engine.score(calibration, cells, { resolutionDays: 1, spend: spend.params, margin: 0.3 }, { file });
    expect(report.customers).toBe(2357);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(2358);
    expect(lines[0]).toBe("customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases_52,expected_spend,clv");
    const s = await engine.summarize(calibration);
    const alive = model.probabilityAlive(s);
    const spendPer = spend.conditionalExpectedSpend(s);
    const disc = cells.values.discounted_purchases!;
    for (const i of [0, 1, 2, 100, 2356]) {
      const row = lines[i + 1]!.split(",").map(Number);
      expect(lines[i + 1]!.split(",")[0]).toBe(s.customerId[i]);
      expect(row[5]).toBeCloseTo(alive[i]!, 12);
      expect(row[7]).toBeCloseTo(spendPer[i]!, 9);
      // The CLV's discounted purchases are those of one cell of the table (the customer's).
      const perSpend = row[8]! / (0.3 * row[7]!);
      expect(Math.min(...Array.from(disc, (d) => Math.abs(d - perSpend)))).toBeLessThan(1e-9);
    }
  });

  it("refuses a destination other than a .csv file, pointing to the DuckDB engine", async () => {
    await expect(engine.score(calibration, {} as never, { resolutionDays: 1, spend: 10 }, { file: join(dir, "x.parquet") })).rejects.toThrow(
      'memory engine writes scores to a .csv file, got "' + join(dir, "x.parquet") + '": use --engine duckdb for Parquet or tables',
    );
  });
});
