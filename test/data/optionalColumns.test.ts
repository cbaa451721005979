import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { parseNumberValue } from "../../src/data/values/parseNumber.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-optional-cols-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const SKIP = '; or load with invalidRows: "reject" (CLI --skip-invalid) to count and skip such rows';

describe("optional numeric columns: an unreadable quantity, cost or margin names file, line, column, value and the fix", () => {
  it("quantity and cost", async () => {
    const q = file("q.csv", "customer_id,date,amount,quantity,cost\na,2024-01-05,10,two,3\n");
    await expect(loadTransactions(q)).rejects.toThrow(`${q} line 2, column "quantity": cannot read quantity "two": use a plain number${SKIP}`);
    const c = file("c.csv", "customer_id,date,amount,quantity,cost\na,2024-01-05,10,2,3$\n");
    await expect(loadTransactions(c)).rejects.toThrow(`${c} line 2, column "cost": cannot read cost "3$": use a plain decimal number${SKIP}`);
  });

  it("margin: cost = amount − margin on good rows; a bad margin is an error, or a counted rejection on request", async () => {
    const m = file("m.csv", "customer_id,date,amount,margin\na,2024-01-05,10,4\nb,2024-01-06,10,n/a\n");
    await expect(loadTransactions(m)).rejects.toThrow(`${m} line 3, column "margin": cannot read margin "n/a": use a plain decimal number${SKIP}`);
    const log = await loadTransactions(m, { invalidRows: "reject" });
    expect([...log.cost!]).toEqual([6]);
    expect(log.report.rowsRead).toBe(2);
    expect(log.report.rowsUsed).toBe(1);
    expect(log.report.counts).toEqual({ unparseable_amount: 1 });
    expect(log.report.examples).toEqual([{ reason: "unparseable_amount", file: m, line: 3, column: "margin", value: "n/a" }]);
  });
});

describe("parseNumberValue (JSON lines, Parquet, arquero cells)", () => {
  it("takes numbers and safe bigints as they are, numeric strings through the plain-decimal parser, anything else as NaN", () => {
    expect(parseNumberValue(12.5)).toBe(12.5);
    expect(parseNumberValue(2n ** 53n)).toBe(9007199254740992);
    expect(parseNumberValue(" 1e3 ")).toBe(1000);
    expect(parseNumberValue("1,234.56")).toBeNaN();
    expect(parseNumberValue("$5")).toBeNaN();
    expect(parseNumberValue(null)).toBeNaN();
    expect(parseNumberValue(true)).toBeNaN();
  });
});
