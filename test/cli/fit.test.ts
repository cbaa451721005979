import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runFit } from "../../src/cli/fit.js";
import { loadModel } from "../../src/models/loadModel.js";
import { GammaGammaModel } from "../../src/models/gammaGamma.js";

const SHARED = resolve(fileURLToPath(new URL("../..", import.meta.url)), "../shared/data");
const summary = join(SHARED, "cdnow/cdnow_customers_summary.csv");

describe("clvlab fit", () => {
  it("prints the Fader, Hardie & Lee (2005) BG/NBD estimates as JSON with the documented fields", async () => {
    const out = JSON.parse(await runFit(summary, { model: "bg-nbd", json: true }));
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["model", "params", "standardErrors", "logLikelihood", "converged", "iterations", "customers"]));
    expect(out.model).toBe("bg-nbd");
    expect(out.params.r.toFixed(4)).toBe("0.2426");
    expect(out.logLikelihood.toFixed(2)).toBe("-9582.43");
    expect(out.customers).toBe(2357);
    expect(out.converged).toBe(true);
  });

  it("fits Gamma-Gamma from the CDNOW file with x/zbar columns (Fader & Hardie 2013: p 6.25, q 3.74) and saves a loadable model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-fit-"));
    const save = join(dir, "gg.json");
    const text = await runFit(join(SHARED, "cdnow/cdnow_customers_summary_with_transactions.csv"), { model: "gamma-gamma", save });
    expect(text).toMatch(/^p\s+6\.24880/m);
    const m = loadModel(JSON.parse(readFileSync(save, "utf8")));
    expect(m.model).toBe("gamma-gamma");
    expect(m instanceof GammaGammaModel && m.params.q.toFixed(2)).toBe("3.74");
  });

  it("says when the time unit is not recorded, and records it with --time-unit", async () => {
    expect(await runFit(summary, { model: "bg-nbd" })).toMatch(/note: no time unit recorded; .* Pass --time-unit days\|weeks\|months/);
    const text = await runFit(summary, { model: "bg-nbd", timeUnit: "weeks" });
    expect(text).toMatch(/^model: bg-nbd \(2357 customers, times in weeks\)/);
    expect(text).not.toMatch(/no time unit recorded/);
  });

  it("reports a bad cell with file, line, column and value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-fit-"));
    const f = join(dir, "bad.csv");
    writeFileSync(f, "customer_id,frequency,recency,T\na,1,2,10\nb,2,oops,10\n");
    await expect(runFit(f, { model: "bg-nbd" })).rejects.toThrow(/bad\.csv line 3, column "recency": value "oops" is not a number/);
    writeFileSync(f, "customer_id,frequency,recency,T\na,1,2,10\nb,2,12,10\n");
    await expect(runFit(f, { model: "bg-nbd" })).rejects.toThrow(/line 3: recency 12 exceeds T 10/);
    await expect(runFit(summary, { model: "bgnbd" })).rejects.toThrow(/unknown model "bgnbd": use bg-nbd, pareto-nbd/);
  });

  it("rejects impossible summaries with the file line and the rule, for every model (Pareto/NBD no longer searches for 7 s first)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-fit-"));
    const f = join(dir, "impossible.csv");
    writeFileSync(f, "customer_id,frequency,recency,T\na,1,2,10\nb,2,0,10\n");
    for (const model of ["bg-nbd", "pareto-nbd", "mbg-nbd"]) await expect(runFit(f, { model })).rejects.toThrow(/impossible\.csv: fit\w+: line 3: frequency is 2 but recency is 0/);
    writeFileSync(f, "customer_id,frequency,recency,T\na,1,2,10\nb,2.5,3,10\n");
    await expect(runFit(f, { model: "pareto-nbd" })).rejects.toThrow(/line 3: frequency is 2\.5: repeat purchases are counted, use a whole number/);
    writeFileSync(f, "customer_id,frequency,monetary_value\na,1,20\nb,-2,30\n");
    await expect(runFit(f, { model: "gamma-gamma" })).rejects.toThrow(/line 3: frequency is -2: repeat purchases cannot be negative/);
  });
});
