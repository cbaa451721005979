// DuckDB engine against the in-memory path (the reference: summarizeCustomers, itself checked against the CDNOW
// summary file in test/summaries) on the shipped CDNOW and Texas logs; BG/NBD on the histogram against
// Fader, Hardie & Lee (2005) and against the per-customer fit.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { cellPredictions } from "../../src/engines/cellPredictions.js";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";
import { fitHistogram, fitSpend } from "../../src/engines/fitHistogram.js";
import { openMemoryEngine } from "../../src/engines/memoryEngine.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { customerLifetimeValue } from "../../src/models/customerLifetimeValue.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { expectSameSummary } from "./sameSummary.js";

const CDNOW = "data/cdnow_transactions.csv";
const TEXAS = "data/texas_transactions.csv";
const CDNOW_OPTS = { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" } as const;
const TEXAS_OPTS = { timeUnit: "days", calibrationEnd: "2024-12-31", observationEnd: "2025-06-30" } as const;

describe("duckdb engine", () => {
  let db: DuckDbEngine;
  const dir = mkdtempSync(join(tmpdir(), "clvlab-duckdb-"));
  beforeAll(async () => {
    db = await openDuckDb({ threads: 2 });
  }, 30_000);
  afterAll(async () => {
    await db?.close();
  });

  it("gives the CDNOW calibration/holdout summary of summarizeCustomers: 2,357 customers, counts and times identical, money to the cent", async () => {
    const report = await db.attach({ source: CDNOW });
    const log = await loadTransactions(CDNOW);
    expect(report.rowsRead).toBe(log.report.rowsRead);
    expect(report.duplicateRows).toBe(21); // docs/data.md: CDNOW_sample has 21 exact duplicate rows
    const s = await db.summarize(CDNOW_OPTS);
    expect(s.customerId.length).toBe(2357);
    let repeat = 0;
    for (const f of s.frequency) repeat += f;
    expect(repeat).toBe(2457); // calibration repeat purchases of the 2,357-customer CDNOW sample (docs/data.md)
    expectSameSummary(s, summarizeCustomers(log, CDNOW_OPTS));
  });

  it("gives the Texas summary of summarizeCustomers with its 187 returns counted apart", async () => {
    const report = await db.attach({ source: TEXAS });
    const log = await loadTransactions(TEXAS);
    expect(report.returns).toBe(log.report.returns);
    expect(report.counts.return).toBe(187);
    expect(report.rowsRead).toBe(report.rowsUsed + 187);
    const s = await db.summarize(TEXAS_OPTS);
    expect(s.report.returnRows).toBeGreaterThan(0);
    expectSameSummary(s, summarizeCustomers(log, TEXAS_OPTS));
  });

  it("counts unreadable CSV rows from DuckDB's reject table with line and reason, and refuses them by default", async () => {
    const f = join(dir, "bad.csv");
    writeFileSync(f, "customer_id,date,amount\na,2024-01-01,10\nb,2024-13-01,5\n,2024-01-02,3\nc,2024-01-03,abc\nd,2024-01-04,-2\n");
    const r = await db.attach({ source: f, invalidRows: "reject" });
    expect(r.rowsRead).toBe(5);
    expect(r.counts).toEqual({ unparseable_date: 1, missing_customer: 1, unparseable_amount: 1, return: 1 });
    expect(r.rowsUsed).toBe(1);
    expect(r.examples.find((e) => e.reason === "unparseable_date")?.line).toBe(3);
    await expect(db.attach({ source: f })).rejects.toThrow(/line 3, column "date".*--skip-invalid/);
  });

  it("fits BG/NBD on the 1-day CDNOW histogram to the per-customer fit within 1e-9 relative, at Fader, Hardie & Lee (2005)'s estimates", async () => {
    await db.attach({ source: CDNOW });
    const h = await db.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
    expect(h.customers).toBe(2357);
    expect(h.cells).toBeLessThan(2357);
    const onHist = fitHistogram(h, "bg-nbd");
    const direct = fitBgNbd(summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS));
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(onHist.model.params[k] / direct.params[k] - 1)).toBeLessThan(1e-9);
    // Fader, Hardie & Lee (2005), Table/section 5: r 0.243, alpha 4.414, a 0.793, b 2.426.
    expect(onHist.model.params.r.toFixed(3)).toBe("0.243");
    expect(onHist.model.params.alpha.toFixed(3)).toBe("4.414");
    expect(onHist.toJSON().histogram).toMatchObject({ resolutionDays: 1, customers: 2357 });
    // Gamma-Gamma on the engine's exact sufficient data equals the per-customer fit.
    const gg = fitSpend(await db.spendData(CDNOW_OPTS));
    expect(gg.sampleRate).toBe(1);
    const ggDirect = fitGammaGamma(summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS));
    for (const k of ["p", "q", "v"] as const) expect(Math.abs(gg.model.params[k] / ggDirect.params[k] - 1)).toBeLessThan(1e-6);
  });

  it("summarizes a source larger than one pass in hash slices of customers: the same histogram and spend data as one pass", async () => {
    await db.attach({ source: CDNOW });
    const one = await db.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
    const oneSpend = await db.spendData(CDNOW_OPTS);
    // 6,919 rows at 1,000 a pass: 7 slices.
    const sliced = await openDuckDb({ threads: 1, summaryPassRows: 1000 });
    try {
      await sliced.attach({ source: CDNOW });
      const h = await sliced.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
      const key = (x: typeof h) => Array.from(x.frequency, (f, i) => `${f}|${x.recencySteps[i]}|${x.TSteps[i]}|${x.weights[i]}`).sort();
      expect(h.customers).toBe(2357);
      expect(key(h)).toEqual(key(one));
      const sp = await sliced.spendData(CDNOW_OPTS);
      const spKey = (x: typeof sp) => Array.from(x.frequency, (f, i) => `${f}|${x.monetaryValue[i]}|${x.weights[i]}`).sort();
      expect(spKey(sp)).toEqual(spKey(oneSpend));
    } finally {
      await sliced.close();
    }
  });

  it("chooses a coarser resolution against a small cell budget and the 39-week forecast moves by under 1%", async () => {
    await db.attach({ source: CDNOW });
    const days = await db.countCells(CDNOW_OPTS, 1);
    const h = await db.histogram({ ...CDNOW_OPTS, cellBudget: days - 1 });
    expect(h.resolutionDays).toBe(7);
    expect(h.cells).toBeLessThanOrEqual(days - 1);
    const fine = fitHistogram(await db.histogram({ ...CDNOW_OPTS, resolutionDays: 1 }), "bg-nbd").model;
    const coarse = fitHistogram(h, "bg-nbd").model;
    const s = await db.summarize(CDNOW_OPTS);
    const a = fine.conditionalExpectedPurchases(39, s), b = coarse.conditionalExpectedPurchases(39, s);
    let sa = 0, sb = 0;
    for (let i = 0; i < a.length; i++) { sa += a[i]!; sb += b[i]!; }
    expect(Math.abs(sb / sa - 1)).toBeLessThan(0.01);
    // A second sample customer budget: the resolution is recorded in the model's JSON.
    expect(fitHistogram(h, "bg-nbd").toJSON().histogram).toMatchObject({ resolutionDays: 7 });
  });

  it("scores every CDNOW customer in the engine (Parquet and CSV) equal to the in-memory CLV of customerLifetimeValue", async () => {
    await db.attach({ source: CDNOW });
    const h = await db.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
    const bg = fitHistogram(h, "bg-nbd").model;
    const gg = fitSpend(await db.spendData(CDNOW_OPTS)).model;
    const cells = cellPredictions(bg, h, { horizons: [39], months: 12 });
    const out = join(dir, "scores.parquet");
    const w = await db.score(CDNOW_OPTS, cells, { resolutionDays: 1, spend: gg.params, margin: 0.3 }, { file: out });
    expect(w.customers).toBe(2357);
    const got = await db.query(`SELECT customer_id, clv, p_alive, expected_purchases_39 FROM read_parquet('${out}') ORDER BY customer_id`);
    const s = summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS);
    const clv = customerLifetimeValue(bg, gg, s, { months: 12, margin: 0.3 });
    const exp = bg.conditionalExpectedPurchases(39, s);
    const idx = new Map(s.customerId.map((c, i) => [c, i]));
    let worst = 0;
    for (const r of got) {
      const i = idx.get(String(r.customer_id))!;
      worst = Math.max(worst, Math.abs(Number(r.clv) - clv[i]!) / Math.max(1e-9, clv[i]!), Math.abs(Number(r.expected_purchases_39) - exp[i]!) / Math.max(1e-12, exp[i]!));
    }
    expect(worst).toBeLessThan(1e-9);
    // The in-memory engine writes the same scores to CSV.
    const mem = openMemoryEngine();
    await mem.attach({ source: CDNOW });
    const csv = join(dir, "scores.csv");
    await mem.score(CDNOW_OPTS, cells, { resolutionDays: 1, spend: gg.params, margin: 0.3 }, { file: csv });
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines.length).toBe(2358);
  });
});

describe("duckdb engine: every purchase model and the spend sample", () => {
  let db: DuckDbEngine;
  beforeAll(async () => {
    db = await openDuckDb({ threads: 2 });
    await db.attach({ source: CDNOW });
  }, 30_000);
  afterAll(async () => {
    await db?.close();
  });

  it("fits Pareto/NBD and MBG/NBD on the 1-day histogram equal to their per-customer fits within 1e-9 relative", async () => {
    const h = await db.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
    const s = summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS);
    const pairs = [
      [fitHistogram(h, "pareto-nbd").model.params, fitParetoNbd(s).params],
      [fitHistogram(h, "mbg-nbd").model.params, fitMbgNbd(s).params],
    ] as const;
    for (const [a, b] of pairs)
      for (const k of Object.keys(b)) expect(Math.abs((a as unknown as Record<string, number>)[k]! / (b as unknown as Record<string, number>)[k]! - 1)).toBeLessThan(1e-9);
  });

  it("draws a deterministic, stated hash sample of repeat buyers when the spend data exceed maxRows", async () => {
    const a = await db.spendData(CDNOW_OPTS, 300);
    const b = await db.spendData(CDNOW_OPTS, 300);
    expect(a.sampleRate).toBeLessThan(1);
    expect(a.sample).toMatch(/^hash\(customer_id\) % 1000 < \d+ \(duckdb hash\)$/);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    let n = 0;
    for (const w of a.weights) n += w;
    // 946 repeat buyers (Fader & Hardie 2013); the sample keeps about sampleRate of them.
    expect(Math.abs(n - 946 * a.sampleRate)).toBeLessThan(4 * Math.sqrt(946 * a.sampleRate));
    expect(fitSpend(a).toJSON().spendData).toMatchObject({ sampleRate: a.sampleRate, sample: a.sample });
  });
});
