import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runValidate } from "../../src/cli/validate.js";

describe("clvlab validate", () => {
  it("writes metrics.csv, metrics.json and a self-contained report.html for CDNOW, with CV folds and their stability, and prints the tables", async () => {
    const out = mkdtempSync(join(tmpdir(), "clvlab-validate-"));
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const text = await runValidate(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", out, models: "naive-rate,bg-nbd,pareto-nbd", folds: "2", step: "3m", margin: "0.3" });
    write.mockRestore();
    expect(text).toMatch(/purchases\s+pareto-nbd\s+0\.7545\*\s+1\.603\*/);
    expect(text).toContain("cross-validation: 2 expanding folds (1997-09-30..1997-12-31, 1997-12-31..1998-03-31)");
    const csv = readFileSync(join(out, "metrics.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toMatch(/^section,fold,calibrationEnd,observationEnd,target,model,mae,rmse,/);
    expect(csv.filter((l) => l.startsWith("holdout,"))).toHaveLength(6);
    expect(csv.filter((l) => l.startsWith("cv-fold,"))).toHaveLength(12);
    expect(csv.filter((l) => l.startsWith("cv-summary,"))).toHaveLength(6);
    const json = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(json.settings).toMatchObject({ margin: 0.3, discountRate: 0, discountRatePeriod: "year", timeUnit: "weeks", holdoutDays: 273 });
    expect(json.crossValidation.folds).toHaveLength(2);
    expect(json.holdout.find((r: { model: string; target: string }) => r.model === "bg-nbd" && r.target === "purchases").actualTotal).toBe(1882);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(existsSync(join(out, "report.html"))).toBe(true);
  });

  it("names the bad option and the fix", async () => {
    const base = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", out: "/tmp/x" };
    await expect(runValidate(["data/cdnow_transactions.csv"], { ...base, models: "bg-nbd,bgnbd" })).rejects.toThrow(/invalid --models entry "bgnbd": use a comma-separated list of naive-rate/);
    await expect(runValidate(["data/cdnow_transactions.csv"], { ...base, observationEnd: "1997-01-01" })).rejects.toThrow(/--observation-end 1997-01-01 is not after --calibration-end 1997-09-30/);
    await expect(runValidate(["data/cdnow_transactions.csv"], { ...base, step: "3m" })).rejects.toThrow(/--step and --horizon need --folds N/);
    await expect(runValidate(["data/cdnow_transactions.csv"], { ...base, margin: "30" })).rejects.toThrow(/invalid --margin "30": use a share in \(0, 1\]/);
    await expect(runValidate(["data/cdnow_transactions.csv"], { ...base, folds: "4", step: "3m", models: "bg-nbd" })).rejects.toThrow(/only 3 of 4 folds fit/);
  });
});
