import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-data-opts-"));
const csv = join(dir, "t.csv");
writeFileSync(csv, "customer_id,date,amount,city\na,2024-01-05,10,Austin\nb,2024-01-06,7.5,Dallas\n");

describe("loadTransactions option errors name the value and the fix", () => {
  it("invalidRows, duplicates and format each accept only their documented values", async () => {
    await expect(loadTransactions(csv, { invalidRows: "skip" as never })).rejects.toThrow('invalid invalidRows "skip": use "error" or "reject"');
    await expect(loadTransactions(csv, { duplicates: "merge" as never })).rejects.toThrow('invalid duplicates "merge": use "keep" or "drop"');
    await expect(loadTransactions(csv, { format: "xlsx" as never })).rejects.toThrow('invalid format "xlsx": use auto, csv, parquet or jsonl');
    await expect(loadTransactions(csv, { observationEnd: "2024-1-5" })).rejects.toThrow('invalid observationEnd "2024-1-5": use YYYY-MM-DD');
  });

  it("a missing path, an empty list and a source that is neither a path nor a table", async () => {
    await expect(loadTransactions(join(dir, "nope.csv"))).rejects.toThrow(`no such file or folder ${JSON.stringify(join(dir, "nope.csv"))}: check the path`);
    await expect(loadTransactions([])).rejects.toThrow("empty input: no source given; pass a file, a folder, an arquero table or a list of them");
    await expect(loadTransactions(42 as never)).rejects.toThrow("invalid source 42: pass a file path, a folder path or an arquero table");
  });

  it("a delimiter of more than one character, and a headerless file without column names", async () => {
    await expect(loadTransactions(csv, { delimiter: ";;" })).rejects.toThrow('invalid delimiter ";;": use one character (",", ";", "\\t", "|") or "whitespace"');
    await expect(loadTransactions(csv, { header: false })).rejects.toThrow(/t\.csv: a file without a header needs columnNames \(the name of each column, in order\)/);
  });

  it("reads a headerless file with columnNames, and refuses a file of blank lines as empty input without a header", async () => {
    const bare = join(dir, "bare.csv");
    writeFileSync(bare, "a,2024-01-05,10\na,2024-01-09,4\n");
    const log = await loadTransactions(bare, { header: false, columnNames: ["customer_id", "date", "amount"] });
    expect(log.length).toBe(2);
    expect([...log.amount]).toEqual([10, 4]);
    const blank = join(dir, "blank.csv");
    writeFileSync(blank, "\n\n\n");
    await expect(loadTransactions(blank)).rejects.toThrow(`empty input: ${blank} has no header line; give a CSV with a header or set header: false and columnNames`);
  });

  it("attributes: a named column that is absent is an error listing the columns found; 'none' keeps no attribute", async () => {
    await expect(loadTransactions(csv, { attributes: ["channel"] })).rejects.toThrow(/missing attribute column "channel" in .*t\.csv: found columns .*city/);
    expect((await loadTransactions(csv, { attributes: ["city"] })).attributes).toEqual({ city: ["Austin", "Dallas"] });
    expect((await loadTransactions(csv, { attributes: "none" })).attributes).toEqual({});
  });

  it("a .gz file that is not gzip says to check or rename it", async () => {
    const fake = join(dir, "plain.csv.gz");
    writeFileSync(fake, "customer_id,date,amount\na,2024-01-05,10\n");
    await expect(loadTransactions(fake)).rejects.toThrow(/plain\.csv\.gz: not a readable gzip file \(.*\): check the file, or rename it if it is not compressed/);
  });
});
