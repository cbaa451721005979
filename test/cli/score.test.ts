import { describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { runScore } from "../../src/cli/score.js";

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
    for (const l of lines.slice(1)) {
      const [, , , , e, p, s, clv] = l.split(",").map(Number);
      expect(e! >= 0 && p! >= 0 && p! <= 1 && s! > 0 && clv! >= 0).toBe(true);
    }
  });

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
