// The Five Lenses on the period panel an engine builds in SQL against the in-memory audit (periodPanel + lens1 …
// lens5, themselves checked against Fader, Hardie & Ross (2022) definitions in test/lenses): identical results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** The panel fields the lenses read, compared as plain arrays. */
function core(p: PeriodPanel) {
  const { margin: _m, marginCents: _mc, totalMarginCents: _t, firstPurchaseRow: _r, ...rest } = p as PeriodPanel & Record<string, unknown>;
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
      const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "margin" || k === "marginRate" ? undefined : v)));
      expect(strip(lens1(eng))).toEqual(strip(lens1(mem)));
      expect(strip(lens2(eng))).toEqual(strip(lens2(mem)));
      expect(strip(lens3(eng))).toEqual(strip(lens3(mem)));
      expect(strip(lens4(eng))).toEqual(strip(lens4(mem)));
      expect(strip(lens5(eng))).toEqual(strip(lens5(mem)));
    });
});
