import { describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { runScore } from "../../src/cli/score.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const TIDY = join(ROOT, "data/cdnow_transactions.csv");

describe("clvlab score", () => {
  it("scores the CDNOW calibration customers (2,357; BG/NBD as Fader, Hardie & Lee 2005) and writes expected purchases, P(alive), spend and CLV", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-score-"));
    const out = join(dir, "scores.csv");
    expect(existsSync(TIDY)).toBe(true);
    const { report } = await runScore([TIDY], { observationEnd: "1997-09-30", out, months: "12", discountRate: "0.10", margin: "0.30" });
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive,expected_spend,clv");
    expect(lines.length - 1).toBe(2357);
    // From the raw log (exact day counts) the fit reproduces the published r 0.2425945, alpha 4.4136019, a 0.7929199, b 2.4258881.
    expect(report.join("\n")).toMatch(/bg-nbd: r 0\.24259, alpha 4\.4136, a 0\.79292, b 2\.4259/);
    // Independent check through the library: the same summary, the same fits, each column recomputed per customer.
    const log = await loadTransactions([TIDY], { attributes: "none", observationEnd: "1997-09-30" });
    const s = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "1997-09-30" });
    const bg = fitBgNbd(s);
    const gg = fitGammaGamma(s);
    const horizonWeeks = 365.25 / 7; // 12 months of 365.25/12 days, in weeks
    const expected = bg.conditionalExpectedPurchases(horizonWeeks, s);
    const alive = bg.probabilityAlive(s);
    const spend = gg.conditionalExpectedSpend(s);
    const monthly = Math.pow(1.1, 1 / 12) - 1;
    const perMonth = 365.25 / 12 / 7;
    const rows = new Map(lines.slice(1).map((l) => [l.split(",")[0]!, l.split(",").map(Number)] as const));
    let checked = 0;
    for (let i = 0; i < s.customerId.length; i += 97) {
      const row = rows.get(String(s.customerId[i]))!;
      expect(row[1]).toBe(s.frequency[i]);
      expect(row[2]).toBeCloseTo(s.recency[i]!, 4);
      expect(row[3]).toBeCloseTo(s.T[i]!, 4);
      expect(row[4]).toBe(Number(expected[i]!.toPrecision(7)));
      expect(row[5]).toBe(Number(alive[i]!.toPrecision(7)));
      expect(row[6]).toBeCloseTo(spend[i]!, 4);
      // CLV by the discrete formula of Fader, Hardie & Lee (2005) with lifetimes' monthly steps, written out here:
      // margin × spend × Σ_k [E(k months) − E(k−1 months)] / (1 + d)^k, d = 1.1^(1/12) − 1.
      const one = { frequency: [s.frequency[i]!], recency: [s.recency[i]!], T: [s.T[i]!] };
      let disc = 0;
      for (let k = 1; k <= 12; k++) {
        const step = bg.conditionalExpectedPurchases(k * perMonth, one)[0]! - bg.conditionalExpectedPurchases((k - 1) * perMonth, one)[0]!;
        disc += step / Math.pow(1 + monthly, k);
      }
      expect(row[7]).toBeCloseTo(0.3 * spend[i]! * disc, 3);
      checked++;
    }
    expect(checked).toBe(25);
    // Published spot check (Fader, Hardie & Lee 2005; ../shared/data/README.md): customer 1516 has x = 26,
    // t_x = 30.857, T = 31 weeks; P(alive) 0.9689 and E[Y(52 weeks)] 25.757 under the published parameters.
    const c1516 = rows.get("1516")!;
    expect(c1516.slice(1, 4)).toEqual([26, 30.8571, 31]);
    expect(c1516[5]!.toFixed(4)).toBe("0.9689");
    const spot = { frequency: [26], recency: [30.857142857142858], T: [31] };
    expect(bg.conditionalExpectedPurchases(52, spot)[0]!.toFixed(3)).toBe("25.757");
    // The CSV horizon is 52.18 weeks (12 × 365.25/12 days), so its value is 25.757 plus about 0.18 weeks of purchases.
    expect(c1516[4]!).toBeGreaterThan(25.757);
    expect(c1516[4]!).toBeLessThan(25.757 + 0.2 * 26 / 31);
    // Report total = sum of the CLV column (to the cent, up to the per-row rounding to 4 decimals).
    const total = Number(report.find((l) => l.includes("total CLV"))!.match(/total CLV ([\d.]+)/)![1]);
    const sum = lines.slice(1).reduce((a, l) => a + Number(l.split(",")[7]), 0);
    expect(Math.abs(total - sum)).toBeLessThan(2357 * 5e-5 + 0.005);
    for (const l of lines.slice(1)) {
      const [, , , , e, p, sp, clv] = l.split(",").map(Number);
      expect(e! >= 0 && p! >= 0 && p! <= 1 && sp! > 0 && clv! >= 0).toBe(true);
    }
  }, 60_000);

  it("scores with --model pareto-nbd: customer 1516 (x 26, t_x 30.857, T 31) has P(alive) 0.9979 (Fader, Hardie & Lee 2005 spot check)", async () => {
    const { csv, report } = await runScore([TIDY], { observationEnd: "1997-09-30", model: "pareto-nbd" });
    expect(report.join("\n")).toMatch(/pareto-nbd: r 0\.55\d+, alpha 10\.\d+, s 0\.\d+, beta \d+/);
    const row = csv.split("\n").find((l) => l.startsWith("1516,"))!.split(",").map(Number);
    expect(row[5]!.toFixed(4)).toBe("0.9979");
    // Published E[Y(52)] 25.456; the CSV horizon is 52.18 weeks, so slightly more but by less than 0.2 weeks of purchases.
    expect(row[4]!).toBeGreaterThan(25.45);
    expect(row[4]!).toBeLessThan(25.46 + 0.2 * 26 / 31);
  }, 60_000);

  it("rejects a bad horizon, margin or model with the value and the fix", async () => {
    await expect(runScore([TIDY], { observationEnd: "1997-09-30", months: "-1" })).rejects.toThrow(/invalid --months "-1"/);
    await expect(runScore([TIDY], { observationEnd: "1997-09-30", margin: "30" })).rejects.toThrow(/invalid --margin "30": use a fraction/);
    await expect(runScore([TIDY], { observationEnd: "1997-09-30", model: "gg" })).rejects.toThrow(/invalid --model "gg"/);
    await expect(runScore([TIDY], { observationEnd: "30/09/1997" })).rejects.toThrow(/invalid --observation-end/);
  });

  it("writes Parquet for --out x.parquet with full-precision numbers and the CSV's columns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-score-pq-"));
    const { csv } = await runScore([TIDY], { observationEnd: "1997-09-30", out: join(dir, "s.parquet") });
    const buf = readFileSync(join(dir, "s.parquet"));
    expect(buf.subarray(0, 4).toString()).toBe("PAR1");
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    const lines = csv.trim().split("\n");
    expect(rows.length).toBe(lines.length - 1);
    expect(Object.keys(rows[0]!).join(",")).toBe(lines[0]);
    const first = lines[1]!.split(",");
    expect(String(rows[0]!.customer_id)).toBe(first[0]);
    expect((rows[0]!.clv as number).toFixed(4)).toBe(first[7]);
  });

  it("writes the CSV to standard output for --out -", async () => {
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((c) => ((out += String(c)), true));
    let csv = "";
    try {
      ({ csv } = await runScore([TIDY], { observationEnd: "1997-09-30", out: "-" }));
    } finally {
      spy.mockRestore();
    }
    expect(out).toBe(csv);
    expect(out.split("\n")[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive,expected_spend,clv");
  });

  it("scores the negative_clv.csv reproduction (211 customers buying every two months; 163 CLVs were negative) with no negative or non-finite number", async () => {
    const { csv, report } = await runScore([join(ROOT, "../shared/data/repro/negative_clv.csv")], { observationEnd: "2024-12-31" });
    const rows = csv.trim().split("\n").slice(1);
    expect(rows.length).toBe(211);
    for (const l of rows) {
      // Ids may hold commas inside quotes: read the last four numeric cells.
      const [e, p, s, clv] = l.split(",").slice(-4).map(Number);
      expect(e! >= 0 && p! >= 0 && p! <= 1 && s! > 0 && clv! >= 0 && Number.isFinite(clv!)).toBe(true);
      // At the homogeneous-rate limit everyone alive buys at r/alpha ≈ 0.058 a week: 3.034 purchases in 12 months.
      expect(Math.abs(e! - 3.034 * p!)).toBeLessThan(0.01);
    }
    expect(report.join("\n")).toMatch(/predictions are valid \(checked on the fitted customers\)/);
  });
});
