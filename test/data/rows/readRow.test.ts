// One set of row checks for every reader: the same rows give the same messages, fixes and counts from CSV,
// JSON lines, Parquet and arquero.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../../src/data/loadTransactions.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-rows-"));
const rows = [
  { customer_id: "a", date: "2024-01-01", amount: "1.5", quantity: "2" },
  { customer_id: "c", date: "2024-01-02", amount: "$3", quantity: "1" },
  { customer_id: "b", date: "2024-13-01", amount: "1", quantity: "1" },
  { customer_id: "d", date: "2024-01-03", amount: "4", quantity: "two" },
  { customer_id: "", date: "2024-01-04", amount: "5", quantity: "1" },
];
const cols = ["customer_id", "date", "amount", "quantity"] as const;

function sources(): Record<string, string | aq.ColumnTable> {
  const csv = join(dir, "t.csv");
  writeFileSync(csv, [cols.join(","), ...rows.map((r) => cols.map((c) => r[c]).join(","))].join("\n") + "\n");
  const jsonl = join(dir, "t.jsonl");
  writeFileSync(jsonl, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const parquet = join(dir, "t.parquet");
  writeFileSync(parquet, new Uint8Array(parquetWriteBuffer({ columnData: cols.map((c) => ({ name: c, data: rows.map((r) => r[c]) })) })));
  const table = aq.table(Object.fromEntries(cols.map((c) => [c, rows.map((r) => r[c])])));
  return { csv, jsonl, parquet, table };
}

describe("the row checks are one function used by every reader", () => {
  it("gives the same first error (column, value and the same fix text) from CSV, JSON lines, Parquet and arquero", async () => {
    const messages: string[] = [];
    for (const [name, src] of Object.entries(sources())) {
      const err = await loadTransactions(src).then(() => undefined, (e: Error) => e.message);
      expect(err, name).toBeDefined();
      messages.push(err!.replace(/^.*? line \d+/, "LINE"));
    }
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe(
      'LINE, column "amount": cannot read amount "$3": use a plain decimal number such as 12.50 (no currency sign or thousands separator; decimalComma (CLI --decimal-comma) reads 12,50); or load with invalidRows: "reject" (CLI --skip-invalid) to count and skip such rows',
    );
  });

  it("counts the same rejections with the same examples from every reader", async () => {
    const reports: Array<{ counts: object; examples: Array<[string, number, string | undefined, string | undefined]> }> = [];
    for (const src of Object.values(sources())) {
      const log = await loadTransactions(src, { invalidRows: "reject" });
      expect(log.customerIds[log.customer[0]!]).toBe("a");
      expect([...log.quantity!]).toEqual([2]);
      reports.push({ counts: log.report.counts, examples: log.report.examples.map((e): [string, number, string | undefined, string | undefined] => [e.reason, e.line, e.column, e.value]) });
    }
    expect(reports[0]).toEqual({
      counts: { unparseable_date: 1, unparseable_amount: 2, missing_customer: 1 },
      examples: [
        ["unparseable_amount", 3, "amount", "$3"],
        ["unparseable_date", 4, "date", "2024-13-01"],
        ["unparseable_amount", 5, "quantity", "two"],
        ["missing_customer", 6, "customer_id", ""],
      ],
    });
    // CSV counts its header line; JSON lines have none, Parquet and arquero count rows from 1
    reports.slice(1).forEach((r) => {
      expect(r.counts).toEqual(reports[0]!.counts);
      expect(r.examples).toEqual(reports[0]!.examples.map(([a, line, c, v]) => [a, line - 1, c, v]));
    });
  });
});
