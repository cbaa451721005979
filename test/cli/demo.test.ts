import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDemo, shippedDataPath } from "../../src/cli/demo.js";

const out = mkdtempSync(join(tmpdir(), "clvlab-demo-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("clvlab demo (the README's main job)", () => {
  it("audits the shipped Texas data and scores every customer, saying where it wrote", async () => {
    const lines = await runDemo({ outDir: out });
    const text = lines.join("\n");
    expect(text).toContain("reconciliation to the cent: lens 2 ok, lens 4 ok, lens 5 ok");
    expect(text).toContain(`wrote ${join(out, "texas-audit", "report.html")}`);
    const html = readFileSync(join(out, "texas-audit", "report.html"), "utf8");
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
    const csv = readFileSync(join(out, "texas_clv_scores.csv"), "utf8").trim().split("\n");
    // One row per customer of the shipped data (1,000 customers), plus the header.
    expect(csv[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive,expected_spend,clv");
    expect(csv).toHaveLength(1001);
    const clv = csv.slice(1).map((l) => Number(l.split(",").at(-1)));
    expect(clv.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });

  it("says which file is missing when --data does not exist", async () => {
    await expect(runDemo({ outDir: out, data: join(out, "nope.csv") })).rejects.toThrow(/no such file .*nope\.csv/);
  });

  it("finds the shipped data beside the package", () => {
    expect(readFileSync(shippedDataPath("texas_transactions.csv"), "utf8").slice(0, 11)).toBe("customer_id");
  });
});
