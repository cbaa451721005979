// The Five Lenses on the period panel an engine builds in SQL against the in-memory audit (periodPanel + lens1 …
// lens5, themselves checked against Fader, Hardie & Ross (2022) definitions in test/lenses): identical results,
// margins (Texas has a cost column) included, and `clvlab lenses --engine duckdb` writes the same files as without.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEngineLenses } from "../../src/cli/engineOption.js";
import { runLenses } from "../../src/cli/lenses.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens2 } from "../../src/lenses/lens2.js";
import { lens3 } from "../../src/lenses/lens3.js";
import { lens4 } from "../../src/lenses/lens4.js";
import { lens5 } from "../../src/lenses/lens5.js";
import { periodPanel, type PeriodPanel } from "../../src/summaries/periodPanel.js";

const CASES = [
  { file: "data/cdnow_transactions.csv", period: "quarter", observationEnd: "1998-06-30" },
  { file: "data/texas_transactions.csv", period: "month", observationEnd: "2025-06-30" },
] as const;

/** The panel fields the lenses read (margins included), compared as plain arrays. */
function core(p: PeriodPanel) {
  const { firstPurchaseRow: _r, ...rest } = p as PeriodPanel & Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as number[]) : v)));
}

describe("lenses on the DuckDB period panel", () => {
  let db: DuckDbEngine;
  beforeAll(async () => {
    db = await openDuckDb({ threads: 2 });
  }, 30_000);
  afterAll(async () => {
    await db?.close();
  });

  for (const c of CASES)
    it(`builds the ${c.file} ${c.period} panel of periodPanel and gives lens 1-5 results identical to the in-memory audit`, async () => {
      await db.attach({ source: c.file });
      const eng = await db.periodPanel({ period: c.period, observationEnd: c.observationEnd });
      const mem = periodPanel(await loadTransactions(c.file, { attributes: "none" }), { period: c.period, observationEnd: c.observationEnd });
      expect(core(eng)).toEqual(core(mem));
      expect(eng.marginCents === undefined).toBe(c.file.includes("cdnow"));
      const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
      expect(plain(lens1(eng))).toEqual(plain(lens1(mem)));
      expect(plain(lens2(eng))).toEqual(plain(lens2(mem)));
      expect(plain(lens3(eng))).toEqual(plain(lens3(mem)));
      expect(plain(lens4(eng))).toEqual(plain(lens4(mem)));
      expect(plain(lens5(eng))).toEqual(plain(lens5(mem)));
    });
});

/** Every file an audit wrote, by name. */
function readAll(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

describe("clvlab lenses --engine duckdb", () => {
  for (const c of CASES)
    it(`writes the same lens JSON, report.md and report.html as the in-memory audit on ${c.file} (margins and lens 5's projection included)`, async () => {
      const mem = mkdtempSync(join(tmpdir(), "clv-lens-mem-")), eng = mkdtempSync(join(tmpdir(), "clv-lens-duck-"));
      const memLines = await runLenses([c.file], { period: c.period, outDir: mem, observationEnd: c.observationEnd });
      const engLines = await runEngineLenses([c.file], { engine: "duckdb", period: c.period, outDir: eng, observationEnd: c.observationEnd });
      const a = readAll(mem), b = readAll(eng);
      expect(Object.keys(b)).toEqual(["lens1.json", "lens2.json", "lens3.json", "lens4.json", "lens5.json", "report.html", "report.md"]);
      expect(b).toEqual(a);
      expect(engLines).toContain("reconciliation to the cent: lens 2 ok, lens 4 ok, lens 5 ok");
      if (c.file.includes("texas")) {
        // The cost column reaches the engine's lenses: margin totals to the cent.
        expect(JSON.parse(b["lens1.json"]!).margin).toBeTypeOf("number");
        expect(JSON.parse(b["lens1.json"]!).margin).toBe(JSON.parse(a["lens1.json"]!).margin);
      }
      expect(b["report.md"]).toContain("Projected revenue of today");
      expect(engLines.filter((l) => l.startsWith("health score"))).toEqual(memLines.filter((l) => l.startsWith("health score")));
    }, 60_000);
});
