// Sources that cannot be read as they are: Parquet dates without a date type, damaged Parquet, links to nothing,
// link loops. Each is a clvlab message naming the path, the cause and the fix, or a counted skip.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { describeLoadReport } from "../../src/data/rows/describeLoadReport.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-src-"));
let counter = 0;

function parquet(dateColumn: { data: unknown; type: string; converted_type?: string }): string {
  const buf = parquetWriteBuffer({
    columnData: [
      { name: "customer_id", data: ["a", "b"] },
      { name: "order_date", data: dateColumn.data as never },
      { name: "amount", data: new Float64Array([1, 2]) },
    ],
    schema: [
      { name: "root", num_children: 3 },
      { name: "customer_id", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      { name: "order_date", type: dateColumn.type, repetition_type: "REQUIRED", ...(dateColumn.converted_type ? { converted_type: dateColumn.converted_type } : {}) } as never,
      { name: "amount", type: "DOUBLE", repetition_type: "REQUIRED" },
    ],
  });
  const p = join(dir, `p${++counter}.parquet`);
  writeFileSync(p, new Uint8Array(buf));
  return p;
}

describe("Parquet date columns must carry a DATE or TIMESTAMP type", () => {
  it("INT32 dates such as 20240101 are an error naming the column and physical type, with the fix (not 1970-01-01)", async () => {
    const p = parquet({ data: new Int32Array([20240101, 20240102]), type: "INT32" });
    await expect(loadTransactions(p)).rejects.toThrow(
      `${p}: date column "order_date" is stored as INT32 without a DATE or TIMESTAMP type, so its values (such as 20240101) are not dates: write it as a Parquet DATE or TIMESTAMP column, or as text YYYY-MM-DD`,
    );
  });

  it("DOUBLE and INT64 dates are errors too", async () => {
    const d = parquet({ data: new Float64Array([1704067200000, 1704153600000]), type: "DOUBLE" });
    await expect(loadTransactions(d)).rejects.toThrow(`date column "order_date" is stored as DOUBLE without a DATE or TIMESTAMP type`);
    const l = parquet({ data: new BigInt64Array([1704067200000n, 1704153600000n]), type: "INT64" });
    await expect(loadTransactions(l)).rejects.toThrow(`date column "order_date" is stored as INT64 without a DATE or TIMESTAMP type`);
  });

  it("text dates go through the date parser; DATE and TIMESTAMP columns are read", async () => {
    const days = [dayNumber("2024-01-01"), dayNumber("2024-01-02")];
    const text = parquet({ data: ["2024-01-01", "20240102"], type: "BYTE_ARRAY", converted_type: "UTF8" });
    expect([...(await loadTransactions(text)).day]).toEqual(days);
    const badText = parquet({ data: ["2024-01-01", "1/2/2024"], type: "BYTE_ARRAY", converted_type: "UTF8" });
    await expect(loadTransactions(badText)).rejects.toThrow(`${badText} line 2, column "order_date": cannot read date "1/2/2024"`);
    const date = parquet({ data: [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 0, 2))], type: "INT32", converted_type: "DATE" });
    expect([...(await loadTransactions(date)).day]).toEqual(days);
    const ts = parquet({ data: [new Date(Date.UTC(2024, 0, 1, 9)), new Date(Date.UTC(2024, 0, 2, 9))], type: "INT64", converted_type: "TIMESTAMP_MILLIS" });
    expect([...(await loadTransactions(ts)).day]).toEqual(days);
  });
});

describe("numeric dates in JSON lines and arquero", () => {
  it("a number such as 20240101 (YYYYMMDD) or 1704067200 (epoch seconds) is an unreadable date, not January 1970", async () => {
    const p = join(dir, "num.jsonl");
    writeFileSync(p, '{"customer_id":"a","date":1704067200000,"amount":1}\n{"customer_id":"b","date":20240101,"amount":1}\n{"customer_id":"c","date":1704067200,"amount":1}\n');
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 2, column "date": cannot read date "20240101"`);
    const log = await loadTransactions(p, { invalidRows: "reject" });
    expect(log.customerIds).toEqual(["a"]);
    expect([...log.day]).toEqual([dayNumber("2024-01-01")]);
    expect(log.report.counts).toEqual({ unparseable_date: 2 });
  });

  it("epoch milliseconds before 1970 and Date objects are read", async () => {
    const t = aq.table({ customer_id: ["a", "b"], date: [Date.UTC(1960, 0, 2), new Date(Date.UTC(1969, 11, 31))], amount: [1, 2] });
    expect([...(await loadTransactions(t)).day]).toEqual([dayNumber("1960-01-02"), -1]);
  });
});

describe("damaged and unreadable inputs", () => {
  it("a bit-flipped Parquet file is a clvlab message naming the path, the cause and the fix", async () => {
    const good = parquet({ data: ["2024-01-01", "2024-01-02"], type: "BYTE_ARRAY", converted_type: "UTF8" });
    const bytes = new Uint8Array(readFileSync(good));
    // Damage the data pages (after the 4-byte magic, before the footer), one byte at a time, as a fuzzer would.
    let failures = 0;
    for (let k = 4; k < 60; k++) {
      const copy = bytes.slice();
      copy[k] = copy[k]! ^ 0xff;
      const p = join(dir, `flip${k}.parquet`);
      writeFileSync(p, copy);
      try {
        await loadTransactions(p, { invalidRows: "reject" });
      } catch (err) {
        failures++;
        const msg = (err as Error).message;
        expect(msg.startsWith(`${p}: `)).toBe(true);
        expect(msg).toMatch(/damaged Parquet file|not a readable Parquet file|cannot read date|cannot read amount|missing customer|no data rows/);
        expect(msg).not.toMatch(/^Cannot read properties/);
      }
    }
    expect(failures).toBeGreaterThan(0);
  });

  it("a truncated Parquet file names the path and the fix", async () => {
    const good = parquet({ data: ["2024-01-01", "2024-01-02"], type: "BYTE_ARRAY", converted_type: "UTF8" });
    const p = join(dir, "cut.parquet");
    writeFileSync(p, readFileSync(good).subarray(0, 40));
    await expect(loadTransactions(p)).rejects.toThrow(new RegExp(`^${p.replace(/[.]/g, "\\.")}: not a readable Parquet file \\(.*\\): check the file or its extension`));
  });

  it("a symbolic link to nothing inside an input folder is skipped and reported, not a failed load", async () => {
    const folder = join(dir, "with-link");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    symlinkSync(join(folder, "moved-away.csv"), join(folder, "b.csv"));
    const log = await loadTransactions(folder);
    expect(log.customerIds).toEqual(["a"]);
    expect(log.report.files).toEqual([
      { file: join(folder, "b.csv"), rowsRead: 0, skipped: "dangling_symlink" },
      { file: join(folder, "a.csv"), rowsRead: 1 },
    ]);
    expect(describeLoadReport(log.report)).toContain(`skipped ${join(folder, "b.csv")}: a symbolic link to nothing (its target was moved or deleted)`);
  });

  it("a symbolic link loop is a clvlab message naming the path, the cause and the fix", async () => {
    const folder = join(dir, "loop");
    mkdirSync(folder);
    writeFileSync(join(folder, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    symlinkSync(join(folder, "y.csv"), join(folder, "x.csv"));
    symlinkSync(join(folder, "x.csv"), join(folder, "y.csv"));
    await expect(loadTransactions(folder)).rejects.toThrow(`cannot read "${join(folder, "x.csv")}" (ELOOP): fix the symbolic link loop or leave it out`);
  });
});
