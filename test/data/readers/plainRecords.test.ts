import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../../src/data/loadTransactions.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-plain-"));
let counter = 0;
function file(text: string): string {
  const p = join(dir, `f${++counter}.csv`);
  writeFileSync(p, text);
  return p;
}

// Plain rows (read by the fast path) around every kind of row it leaves to the general path.
const MIXED = [
  "customer_id,date,amount",
  "7,2024-01-05,10.5",
  "7,2024-01-05,3",
  '"8",2024-01-06,"2.25"', // quoted cells
  " 9 ,2024-01-06, 4", // spaces around values
  "10,2024-01-07,1\r", // a CRLF line
  "",
  "11,2024-13-01,5", // no such month
  "12,2024-01-08,1 234", // thousands separator
  ",2024-01-08,6", // no customer
  "x-13,2024-01-09,-2.5", // text id, a return
  "14,2024-01-09,7,", // trailing delimiter
  "15,2024-01-10", // missing field
  "007,2024-01-10,1e2", // leading zero: text id; exponent
  "7,2024-01-11,8", // no final line end
].join("\n");

describe("delimited reader fast path (plain customer, date, amount files)", () => {
  it("gives the same log and report as the general path (forced by an explicit ISO dateFormat) on a file mixing plain and special rows", async () => {
    const path = file(MIXED);
    const fast = await loadTransactions(path, { invalidRows: "reject" });
    const general = await loadTransactions(path, { invalidRows: "reject", dateFormat: "YYYY-MM-DD" });
    expect(fast.customerIds).toEqual(general.customerIds);
    expect([...fast.customer]).toEqual([...general.customer]);
    expect([...fast.day]).toEqual([...general.day]);
    expect([...fast.timestamp]).toEqual([...general.timestamp]);
    expect([...fast.amount]).toEqual([...general.amount]);
    expect(fast.report).toEqual(general.report);
    // Hand count of MIXED: 13 data records (the blank line is none), 4 rejected (month 13, "1 234", no id, 2 fields).
    expect(fast.report.rowsRead).toBe(13);
    expect(fast.length).toBe(9);
    expect(fast.customerIds).toEqual(["7", "8", "9", "10", "x-13", "14", "007"]);
    expect([...fast.amount]).toEqual([10.5, 3, 2.25, 4, 1, -2.5, 7, 100, 8]);
  });

  it("still stops a strict load at the first bad row after plain ones, naming file, line, column and value", async () => {
    const path = file("customer_id,date,amount\n1,2024-01-05,10\n2,2024-01-05,11\n3,2024-01-06,12,50\n4,2024-01-06,1\n");
    await expect(loadTransactions(path)).rejects.toThrow(`${path} line 4, column "#4": 4 fields where the header has 3, extra field "50"`);
    const bad = file("customer_id,date,amount\n1,2024-01-05,10\n2,2024-01-32,11\n");
    await expect(loadTransactions(bad)).rejects.toThrow(`${bad} line 3, column "date": cannot read date "2024-01-32"`);
  });
});
