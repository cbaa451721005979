// `clvlab validate --engine duckdb`: the calibration summary, holdout actuals and calibration tracking computed in
// SQL give the in-memory comparison on CDNOW (the Fader, Hardie & Lee 2005 split: calibration to 1997-09-30,
// holdout to 1998-06-30, 1,882 holdout repeat purchase days of the 2,357 customers per ../shared/data/README).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../src/cli/validate.js";
import { near } from "./sameSummary.js";

const CDNOW = "data/cdnow_transactions.csv";
const OPTS = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", models: "naive-rate,naive-cohort,bg-nbd,mbg-nbd" };

describe("clvlab validate --engine duckdb", () => {
  it("gives the in-memory holdout metrics, fits and row counts on CDNOW within 1e-9 relative (1,882 holdout purchase days)", async () => {
    const mem = mkdtempSync(join(tmpdir(), "clv-val-mem-")), eng = mkdtempSync(join(tmpdir(), "clv-val-duck-"));
    await runValidate([CDNOW], { ...OPTS, out: mem });
    const text = await runValidate([CDNOW], { ...OPTS, out: eng, engine: "duckdb" });
    expect(text).toContain("engine: duckdb");
    const a = JSON.parse(readFileSync(join(mem, "metrics.json"), "utf8")), b = JSON.parse(readFileSync(join(eng, "metrics.json"), "utf8"));
    const bad: string[] = [];
    for (const k of ["settings", "rows", "holdout", "fits", "warnings"]) near(b[k], a[k], k, bad);
    expect(bad).toEqual([]);
    const actual = a.holdout.find((r: Record<string, unknown>) => r.target === "purchases" && r.model === "bg-nbd").actualTotal;
    expect(actual).toBe(1882);
    expect(b.rows.customers).toBe(2357);
  }, 60_000);

  it("refuses the stacked model and --folds on an engine, naming the fix", async () => {
    const out = mkdtempSync(join(tmpdir(), "clv-val-"));
    await expect(runValidate([CDNOW], { ...OPTS, models: "bg-nbd,stacked", out, engine: "duckdb" })).rejects.toThrow(/the stacked model needs the log in memory: with --engine duckdb list --models/);
    await expect(runValidate([CDNOW], { ...OPTS, folds: "2", out, engine: "duckdb" })).rejects.toThrow(/--folds \(cross-validation\) reads the log in memory/);
  });
});
