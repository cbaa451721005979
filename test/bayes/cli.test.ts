import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runFit } from "../../src/cli/fit.js";
import { runScore } from "../../src/cli/score.js";
import { cdnowSummary } from "../models/referenceData.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-bayes-"));
const file = join(dir, "summary.csv");
const cd = cdnowSummary();
writeFileSync(file, "frequency,recency,T\n" + Array.from(cd.frequency, (x, i) => `${x},${cd.recency[i]},${cd.T[i]}`).join("\n") + "\n");

describe("clvlab fit --method", () => {
  test("--method laplace --json adds the prior and the posterior summary table", async () => {
    const out = JSON.parse(await runFit(file, { model: "bg-nbd", timeUnit: "weeks", method: "laplace", json: true, seed: "2" }));
    expect(out.posterior.method).toBe("laplace");
    expect(out.posterior.prior.alpha).toEqual({ dist: "weibull", alpha: 2, beta: 10 });
    expect(out.posterior.summary.map((r: { parameter: string }) => r.parameter)).toEqual(["r", "alpha", "a", "b"]);
    expect(out.posterior.summary[0].sd).toBeGreaterThan(0);
  });
  test("bad flags name the value and the fix", async () => {
    await expect(runFit(file, { method: "hmc" })).rejects.toThrow(/invalid --method "hmc": use mle, map, laplace or mcmc/);
    await expect(runFit(file, { chains: "4" })).rejects.toThrow(/--chains, --draws, --warmup and --seed need --method/);
    await expect(runFit(file, { method: "mcmc", chains: "0" })).rejects.toThrow(/invalid --chains "0": use a whole number >= 1/);
  });
});

describe("clvlab score --intervals", () => {
  test("adds clv_lower ≤ clv ≤ clv_upper per customer (at least 90% of customers bracket the MLE CLV) and states the level", async () => {
    const out = join(dir, "scores.csv");
    const { report } = await runScore([join(process.cwd(), "data/cdnow_transactions.csv")], { observationEnd: "1997-09-30", out, intervals: true, level: "0.9", seed: "4" });
    expect(report.some((l) => /clv_lower, clv_upper: equal-tailed 90% credible interval from parameter uncertainty \(laplace, 400 draws/.test(l))).toBe(true);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive,expected_spend,clv,clv_lower,clv_upper");
    let inside = 0;
    for (const l of lines.slice(1)) {
      const c = l.split(",").map(Number);
      const [clv, lo, hi] = [c[7]!, c[8]!, c[9]!];
      expect(lo).toBeLessThanOrEqual(hi);
      if (clv >= lo - 1e-4 && clv <= hi + 1e-4) inside++;
    }
    expect(inside / (lines.length - 1)).toBeGreaterThan(0.9);
  }, 30_000);
});
