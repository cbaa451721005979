import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as aq from "arquero";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const shared = fileURLToPath(new URL("../../../shared/data/cdnow/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clvlab-load-"));
let counter = 0;
function file(text: string, ext = ".csv"): string {
  const p = join(dir, `f${++counter}${ext}`);
  writeFileSync(p, text);
  return p;
}

describe("loadTransactions: CSV", () => {
  it("reads a header CSV with default column names, keeps other columns as attributes", async () => {
    const log = await loadTransactions(file("customer_id,date,amount,city\na,2024-01-05,10.5,Austin\nb,2024-01-06,3,Dallas\na,2024-01-07,2.25,Austin\n"));
    expect(log.length).toBe(3);
    expect(log.customerIds).toEqual(["a", "b"]);
    expect([...log.customer]).toEqual([0, 1, 0]);
    expect([...log.day]).toEqual([dayNumber("2024-01-05"), dayNumber("2024-01-06"), dayNumber("2024-01-07")]);
    expect([...log.amount]).toEqual([10.5, 3, 2.25]);
    expect(log.attributes.city).toEqual(["Austin", "Dallas", "Austin"]);
    expect(log.timeZone).toBe("UTC");
    expect(log.report.rowsRead).toBe(3);
    expect(log.report.rowsUsed).toBe(3);
  });

  it("finds common aliases, handles quotes, CRLF, semicolons and a missing final newline", async () => {
    const log = await loadTransactions(file('Customer ID;Order Date;Revenue;Product\r\n"x;1";2024-02-01;"1.5";"a ""big"" hat"\r\ny;20240202;2;\r\n"x;1";2024-02-03;0;cup'), { delimiter: ";" });
    expect(log.customerIds).toEqual(["x;1", "y"]);
    expect([...log.amount]).toEqual([1.5, 2, 0]);
    expect(log.attributes.Product ?? log.product).toEqual(['a "big" hat', "", "cup"]);
  });

  it("reads the optional columns (order id, quantity, product, cost) and derives cost from a margin column", async () => {
    const log = await loadTransactions(file("customer_id,date,amount,order_id,qty,sku,cost,channel\na,2024-01-01,10,o1,2,hat,4,web\na,2024-01-01,5,o1,,cup,,web\n"));
    expect(log.orderId).toEqual(["o1", "o1"]);
    expect([...log.quantity!]).toEqual([2, 1]);
    expect(log.product).toEqual(["hat", "cup"]);
    expect([...log.cost!]).toEqual([4, NaN]);
    expect(log.attributes).toEqual({ channel: ["web", "web"] });
    const m = await loadTransactions(file("customer_id,date,amount,margin\na,2024-01-01,10,3.5\n"));
    expect([...m.cost!]).toEqual([6.5]);
    expect(m.attributes).toEqual({});
  });

  it("ignores a UTF-8 byte-order mark before the header", async () => {
    const log = await loadTransactions(file("\uFEFFcustomer_id,date,amount\na,2024-01-01,1\n"), { columns: { customer: "customer_id" } });
    expect(log.customerIds).toEqual(["a"]);
  });

  it("takes explicit column names and reports a missing one with the columns found", async () => {
    const p = file("who,when,paid\na,2024-01-01,1\n");
    const log = await loadTransactions(p, { columns: { customer: "who", date: "when", amount: "paid" } });
    expect(log.length).toBe(1);
    await expect(loadTransactions(p)).rejects.toThrow(`missing required column "customer_id" in ${p}: found columns "who", "when", "paid"; name the customer column with columns.customer (CLI --customer-col)`);
    await expect(loadTransactions(p, { columns: { customer: "who", date: "when", amount: "price" } })).rejects.toThrow(/missing column "price" \(amount\) .* found columns "who", "when", "paid"/);
  });

  it("reads the whitespace-separated CDNOW_sample.txt (no header) and CDNOW_master.txt (header) of Fader, Hardie & Lee (2005)", async () => {
    const sample = await loadTransactions(shared + "CDNOW_sample.txt", { delimiter: "whitespace", header: false, columnNames: ["master_id", "customer_id", "date", "quantity", "amount"] });
    expect(sample.length).toBe(6919);
    expect(sample.customerIds.length).toBe(2357);
    expect(sample.report.duplicateRows).toBe(21);
    expect(sample.quantity![0]).toBe(2);
    expect(sample.day[0]).toBe(dayNumber("1997-01-01"));
    let zeros = 0;
    for (const a of sample.amount) if (a === 0) zeros++;
    expect(zeros).toBe(8);
    const master = await loadTransactions(shared + "CDNOW_master.txt", { delimiter: "whitespace", columns: { amount: "dollar_value" } });
    expect(master.length).toBe(69659);
    expect(master.customerIds.length).toBe(23570);
    let mz = 0;
    for (const a of master.amount) if (a === 0) mz++;
    expect(mz).toBe(80);
  });

  it("reads a large file across read chunks the same as the small pieces", async () => {
    const rows: string[] = ["customer_id,date,amount,note"];
    for (let i = 0; i < 700_000; i++) rows.push(`c${i % 5003},2024-0${1 + (i % 9)}-1${i % 10},${(i % 1000) / 100},"n,${i % 7}"`);
    const log = await loadTransactions(file(rows.join("\n") + "\n"));
    expect(log.length).toBe(700_000);
    expect(log.customerIds.length).toBe(5003);
    let sum = 0;
    for (const a of log.amount) sum += a;
    let want = 0;
    for (let i = 0; i < 700_000; i++) want += (i % 1000) / 100;
    expect(sum).toBeCloseTo(want, 6);
    expect(log.attributes.note![699_999]).toBe(`n,${699_999 % 7}`);
  });
});

describe("loadTransactions: dates and time zones", () => {
  it("reads ISO dates, YYYYMMDD, date-times with and without offsets; naive values in UTC by default", async () => {
    const log = await loadTransactions(file("customer_id,date,amount\na,2024-03-10,1\na,20240310,1\na,2024-03-10T23:30:00,1\na,2024-03-10T23:30:00-06:00,1\na,2024-03-10 08:15:30.250Z,1\na,2024-03-10T05:00:00+0530,1\n"));
    const d = dayNumber("2024-03-10");
    expect([...log.day]).toEqual([d, d, d, d + 1, d, d - 1]);
    expect(log.timestamp[2]).toBe(Date.UTC(2024, 2, 10, 23, 30));
    expect(log.timestamp[3]).toBe(Date.UTC(2024, 2, 11, 5, 30));
    expect(log.timestamp[4]).toBe(Date.UTC(2024, 2, 10, 8, 15, 30, 250));
    expect(log.timestamp[5]).toBe(Date.UTC(2024, 2, 9, 23, 30));
  });

  it("reads naive times in an explicit zone and buckets instants to that zone's calendar days (America/Chicago, across the DST change)", async () => {
    const log = await loadTransactions(file("customer_id,date,amount\na,2024-03-10T23:30:00,1\na,2024-03-11T03:30:00Z,1\na,2024-01-15,1\na,2024-07-01T02:00:00Z,1\n"), { timeZone: "America/Chicago" });
    // 23:30 CDT (UTC-5 after 2024-03-10 02:00) is 04:30 UTC next day
    expect(log.timestamp[0]).toBe(Date.UTC(2024, 2, 11, 4, 30));
    expect(log.day[0]).toBe(dayNumber("2024-03-10"));
    expect(log.day[1]).toBe(dayNumber("2024-03-10")); // 22:30 CDT
    expect(log.timestamp[2]).toBe(Date.UTC(2024, 0, 15, 6)); // local midnight, CST
    expect(log.day[3]).toBe(dayNumber("2024-06-30"));
    expect(log.timeZone).toBe("America/Chicago");
    await expect(loadTransactions(file("customer_id,date,amount\na,2024-01-01,1\n"), { timeZone: "Texas/Houston" })).rejects.toThrow('invalid time zone "Texas/Houston": use an IANA name such as "UTC" or "America/Chicago"');
  });
});

describe("loadTransactions: validation (every bad-input case names file, line, column, value and the fix)", () => {
  it("unparseable date", async () => {
    const p = file("customer_id,date,amount\na,2024-01-01,1\nb,2024-13-01,2\n");
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 3, column "date": cannot read date "2024-13-01": use YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time such as 2024-01-31T14:05:00Z, or give the layout with dateFormat (CLI --date-format), e.g. DD/MM/YYYY; or load with invalidRows: "reject" (CLI --skip-invalid) to count and skip such rows`);
  });

  it("unparseable amount", async () => {
    const p = file("customer_id,date,amount\na,2024-01-01,$1.00\n");
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 2, column "amount": cannot read amount "$1.00": use a plain decimal number such as 12.50 (no currency sign or thousands separator; decimalComma (CLI --decimal-comma) reads 12,50)`);
  });

  it("missing customer id", async () => {
    const p = file("customer_id,date,amount\n,2024-01-01,1\n");
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 2, column "customer_id": missing customer id ""`);
  });

  it("empty input: an empty file, a header-only file, an empty folder", async () => {
    const empty = file("");
    await expect(loadTransactions(empty)).rejects.toThrow(`empty input: ${empty} has no header line`);
    const headerOnly = file("customer_id,date,amount\n");
    await expect(loadTransactions(headerOnly)).rejects.toThrow(`empty input: ${headerOnly} has no data rows`);
    const folder = join(dir, "empty-folder");
    mkdirSync(folder);
    await expect(loadTransactions(folder)).rejects.toThrow(`empty input: folder ${folder} has no data files`);
  });

  it("counts every rejected row by reason with examples when invalidRows is reject (nothing dropped silently)", async () => {
    const p = file("customer_id,date,amount\na,2024-01-01,1\nb,someday,2\nc,2024-01-02,abc\n,2024-01-02,3\na,2024-01-03,-4\nd,2024-02-01,5\n");
    const log = await loadTransactions(p, { invalidRows: "reject", observationEnd: "2024-01-31" });
    const r = log.report;
    expect(r.rowsRead).toBe(6);
    expect(r.counts).toEqual({ unparseable_date: 1, unparseable_amount: 1, missing_customer: 1, after_observation_end: 1, return: 1 });
    expect(r.rowsUsed).toBe(1);
    expect(r.rowsUsed + Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.rowsRead);
    expect(log.length).toBe(2); // the purchase and the return
    expect(r.examples).toContainEqual({ reason: "unparseable_date", file: p, line: 3, column: "date", value: "someday" });
    expect(r.examples).toContainEqual({ reason: "unparseable_amount", file: p, line: 4, column: "amount", value: "abc" });
    expect(log.customerIds).toEqual(["a"]); // rejected rows add no customers
  });

  it("counts exact duplicate rows, keeps them by default and drops them on request", async () => {
    const p = file("customer_id,date,amount\na,2024-01-01,1\na,2024-01-01,1\na,2024-01-01,1.0\na,2024-01-01,2\n");
    const kept = await loadTransactions(p);
    expect(kept.length).toBe(4);
    expect(kept.report.duplicateRows).toBe(2);
    const dropped = await loadTransactions(p, { duplicates: "drop" });
    expect(dropped.length).toBe(2);
    expect(dropped.report.counts.duplicate_row).toBe(2);
    expect(dropped.report.rowsUsed).toBe(2);
  });

  it("finds every exact duplicate in a large log (partitioned hash), counting only later copies", async () => {
    const rows: string[] = ["customer_id,date,amount"];
    for (let i = 0; i < 200_000; i++) rows.push(i % 10 === 9 ? rows[i - 4]! : `c${i},2024-01-0${1 + (i % 9)},${i % 97}`);
    const log = await loadTransactions(file(rows.join("\n")));
    expect(log.report.duplicateRows).toBe(20_000);
    const dropped = await loadTransactions(file(rows.join("\n")), { duplicates: "drop" });
    expect(dropped.length).toBe(180_000);
    expect(dropped.customerIds.length).toBe(180_000);
  });

  it("finds the same duplicates in a date-ordered log (per-timestamp runs) as in any order (partitioned hash)", async () => {
    const rows: string[] = [];
    for (let i = 0; i < 30_000; i++) rows.push(i % 7 === 6 ? rows[i - 3]! : `c${i % 5000},2024-01-0${1 + (i % 9)}T0${i % 3}:00:00Z,${i % 13}`);
    const byDate = rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.split(",")[1]!.localeCompare(b.r.split(",")[1]!) || a.i - b.i).map((x) => x.r);
    const header = "customer_id,date,amount\n";
    const a = await loadTransactions(file(header + rows.join("\n")), { duplicates: "drop" });
    const b = await loadTransactions(file(header + byDate.join("\n")), { duplicates: "drop" });
    expect(b.report.duplicateRows).toBe(a.report.duplicateRows);
    expect(a.report.duplicateRows).toBeGreaterThan(4000);
    const key = (l: typeof a): string[] => Array.from({ length: l.length }, (_, i) => `${l.customerIds[l.customer[i]!]},${l.timestamp[i]},${l.amount[i]}`).sort();
    expect(key(b)).toEqual(key(a));
    expect(new Set(key(b)).size).toBe(b.length); // what is left is distinct
  });

  it("reports an unterminated quote and a file without header that has no column names", async () => {
    const p = file('customer_id,date,amount\n"a,2024-01-01,1\n');
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 2: unterminated quoted field`);
    const q = file("a 2024-01-01 1\n", ".txt");
    await expect(loadTransactions(q, { delimiter: "whitespace", header: false })).rejects.toThrow("a file without a header needs columnNames");
  });
});

describe("loadTransactions: other sources", () => {
  const expected = { ids: ["a", "b"], amount: [10.5, 3, 2.25], day: [dayNumber("2024-01-05"), dayNumber("2024-01-06"), dayNumber("2024-01-07")] };

  it("reads JSON lines", async () => {
    const p = file('{"customer_id":"a","date":"2024-01-05","amount":10.5}\n{"customer_id":"b","date":"2024-01-06","amount":"3"}\n\n{"customer_id":"a","date":"2024-01-07T10:00:00Z","amount":2.25}\n', ".jsonl");
    const log = await loadTransactions(p);
    expect(log.customerIds).toEqual(expected.ids);
    expect([...log.amount]).toEqual(expected.amount);
    expect([...log.day]).toEqual(expected.day);
    const bad = file('{"customer_id":"a","date":"2024-01-05","amount":1}\n{"customer_id":"a","date":"x","amount":1}\n', ".jsonl");
    await expect(loadTransactions(bad)).rejects.toThrow(`${bad} line 2, column "date": cannot read date "x"`);
  });

  it("reads Parquet (hyparquet) with string dates, DATE columns and timestamps", async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "customer_id", data: ["a", "b", "a"] },
        { name: "date", data: ["2024-01-05", "2024-01-06", "2024-01-07"] },
        { name: "amount", data: new Float64Array([10.5, 3, 2.25]) },
        { name: "d2", data: [new Date(Date.UTC(2024, 0, 5)), new Date(Date.UTC(2024, 0, 6)), new Date(Date.UTC(2024, 0, 7))] },
        { name: "ts", data: [new Date(Date.UTC(2024, 0, 5, 12)), new Date(Date.UTC(2024, 0, 6, 12)), new Date(Date.UTC(2024, 0, 7, 12))] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        { name: "customer_id", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "date", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
        { name: "amount", type: "DOUBLE", repetition_type: "REQUIRED" },
        { name: "d2", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
        { name: "ts", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "REQUIRED" },
      ],
    });
    const p = join(dir, "t.parquet");
    writeFileSync(p, new Uint8Array(buf));
    for (const date of ["date", "d2", "ts"]) {
      const log = await loadTransactions(p, { columns: { date }, attributes: "none" });
      expect(log.customerIds).toEqual(expected.ids);
      expect([...log.amount]).toEqual(expected.amount);
      expect([...log.day]).toEqual(expected.day);
    }
    // a DATE column is a calendar date in any zone
    const chicago = await loadTransactions(p, { columns: { date: "d2" }, timeZone: "America/Chicago" });
    expect([...chicago.day]).toEqual(expected.day);
  });

  it("reads Parquet with integer ids, DATE days and DOUBLE amounts (fast path) as the same customers as text ids, and rejects a bad amount", async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "customer_id", data: new Int32Array([7, 123, 7, 5]) },
        { name: "date", data: [new Date(Date.UTC(2024, 0, 5)), new Date(Date.UTC(2024, 0, 6)), new Date(Date.UTC(2024, 0, 7)), new Date(Date.UTC(2024, 0, 8))] },
        { name: "amount", data: new Float64Array([10.5, 3, -2.25, NaN]) },
      ],
      schema: [
        { name: "root", num_children: 3 },
        { name: "customer_id", type: "INT32", repetition_type: "REQUIRED" },
        { name: "date", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
        { name: "amount", type: "DOUBLE", repetition_type: "REQUIRED" },
      ],
    });
    const p = join(dir, "int.parquet");
    writeFileSync(p, new Uint8Array(buf));
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 4, column "amount": cannot read amount "NaN"`);
    const csv = file("customer_id,date,amount\n123,2024-01-09,1\n0123,2024-01-09,1\n");
    const log = await loadTransactions([p, csv], { invalidRows: "reject" });
    expect(log.customerIds).toEqual(["7", "123", "0123"]);
    expect([...log.customer]).toEqual([0, 1, 0, 1, 2]);
    expect([...log.day]).toEqual(["2024-01-05", "2024-01-06", "2024-01-07", "2024-01-09", "2024-01-09"].map(dayNumber));
    expect(log.report.counts.unparseable_amount).toBe(1);
    expect(log.report.counts.return).toBe(1);
    expect([...log.amount]).toEqual([10.5, 3, -2.25, 1, 1]);
    expect(log.report.rowsRead).toBe(6);
    expect(log.report.rowsUsed).toBe(4);
  });

  it("reads arquero tables and lists of mixed sources", async () => {
    const t = aq.table({ customer_id: ["a", "b"], date: ["2024-01-05", "2024-01-06"], amount: [10.5, 3] });
    const p = file("customer_id,date,amount\na,2024-01-07,2.25\n");
    const log = await loadTransactions([t, p]);
    expect(log.customerIds).toEqual(expected.ids);
    expect([...log.amount]).toEqual(expected.amount);
    expect(log.report.files!.map((f) => f.rowsRead)).toEqual([2, 1]);
  });

  it("reads a folder recursively in name order", async () => {
    const folder = join(dir, "folder");
    mkdirSync(join(folder, "sub"), { recursive: true });
    writeFileSync(join(folder, "b.csv"), "customer_id,date,amount\nb,2024-01-06,3\n");
    writeFileSync(join(folder, "a.csv"), "customer_id,date,amount\na,2024-01-05,10.5\n");
    writeFileSync(join(folder, "sub", "c.jsonl"), '{"customer_id":"a","date":"2024-01-07","amount":2.25}\n');
    writeFileSync(join(folder, "notes.md"), "ignored");
    const log = await loadTransactions(folder);
    expect(log.customerIds).toEqual(expected.ids);
    expect([...log.amount]).toEqual(expected.amount);
  });
});

describe("loadTransactions: incremental loads with a manifest", () => {
  it("skips files already ingested (same path, same bytes), reads only appended rows, and a re-run adds nothing", async () => {
    const folder = join(dir, "inc");
    mkdirSync(folder);
    const manifest = join(folder, "..", "inc-manifest.json");
    const a = join(folder, "a.csv");
    writeFileSync(a, "customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2\n");
    const first = await loadTransactions(folder, { manifest });
    expect(first.length).toBe(2);
    const again = await loadTransactions(folder, { manifest });
    expect(again.length).toBe(0);
    expect(again.report.files).toEqual([{ file: a, rowsRead: 0, skipped: "already_ingested" }]);
    // identity is path + content: a copy under another name is a new file (see the manifest identity test)
    appendFileSync(a, "c,2024-01-03,3\nc,2024-01-04,x\n");
    await expect(loadTransactions(folder, { manifest })).rejects.toThrow(`${a} line 5, column "amount": cannot read amount "x"`);
    const appended = await loadTransactions(folder, { manifest, invalidRows: "reject" });
    expect(appended.customerIds).toEqual(["c"]);
    expect(appended.length).toBe(1);
    expect(appended.report.examples[0]!.line).toBe(5);
    expect((await loadTransactions(folder, { manifest })).length).toBe(0);
    const m = JSON.parse(readFileSync(manifest, "utf8"));
    expect(m.files[a].rows).toBe(4);
    writeFileSync(a, "customer_id,date,amount\nz,2024-01-01,1\n");
    await expect(loadTransactions(a, { manifest })).rejects.toThrow(/changed since it was ingested .* reloading it would count rows twice/);
  });
});
