// Row shape of delimited text: one field per header column, and every line-end convention.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const repro = fileURLToPath(new URL("../../../shared/data/repro/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clvlab-shape-"));
let counter = 0;
function file(content: string | Uint8Array, ext = ".csv"): string {
  const p = join(dir, `f${++counter}${ext}`);
  writeFileSync(p, content);
  return p;
}

describe("a row with more or fewer fields than the header", () => {
  it("thousands.csv: an unquoted thousands separator is an error naming file, line, column, value and the fix (not amount 1)", async () => {
    const p = repro + "thousands.csv";
    await expect(loadTransactions(p)).rejects.toThrow(
      `${p} line 3, column "#4": 4 fields where the header has 3, extra field "234.56": quote a field that contains the delimiter ("1,234.56") and write amounts without thousands separators (1234.56)`,
    );
  });

  it("thousands.csv with invalidRows reject: the row is counted as wrong_field_count with its example, the others are read", async () => {
    const log = await loadTransactions(repro + "thousands.csv", { invalidRows: "reject" });
    expect([...log.amount]).toEqual([5, 10]);
    expect(log.report.rowsRead).toBe(3);
    expect(log.report.counts).toEqual({ wrong_field_count: 1 });
    expect(log.report.examples).toEqual([{ reason: "wrong_field_count", file: repro + "thousands.csv", line: 3, column: "#4", value: "234.56" }]);
  });

  it("a quoted thousands separator is one field (and still not a plain number: unparseable amount)", async () => {
    const p = file('customer_id,date,amount\nA,2024-01-02,"1,234.56"\n');
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 2, column "amount": cannot read amount "1,234.56"`);
  });

  it("a row with fewer fields is an error naming the first missing column; rejected with the same reason on request", async () => {
    const p = file("customer_id,date,amount\nA,2024-01-02,3\nB,2024-01-03\n");
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 3, column "amount": 2 fields where the header has 3, missing field "": give every row one field per header column`);
    const log = await loadTransactions(p, { invalidRows: "reject" });
    expect(log.customerIds).toEqual(["A"]);
    expect(log.report.counts).toEqual({ wrong_field_count: 1 });
  });

  it("trailing empty fields (a trailing delimiter) carry no value and are read", async () => {
    const log = await loadTransactions(file("customer_id,date,amount\nA,2024-01-02,3,\nB,2024-01-03,4,,\n"));
    expect([...log.amount]).toEqual([3, 4]);
  });

  it("checks whitespace-separated files against the column names too", async () => {
    const p = file("1 19970101 1 2.5\n2 19970102 1 3 extra\n", ".txt");
    await expect(loadTransactions(p, { delimiter: "whitespace", header: false, columnNames: ["customer_id", "date", "quantity", "amount"] })).rejects.toThrow(
      `${p} line 2, column "#5": 5 fields where the header has 4, extra field "extra"`,
    );
  });
});

describe("line ends: LF, CRLF and bare CR", () => {
  const expected = { ids: ["a", "b", "c"], amount: [1, 2, 3] };
  it("reads a file with bare CR line ends (old Mac) like one with LF", async () => {
    const log = await loadTransactions(file("customer_id,date,amount\ra,2024-01-01,1\rb,2024-01-02,2\rc,2024-01-03,3\r"));
    expect(log.customerIds).toEqual(expected.ids);
    expect([...log.amount]).toEqual(expected.amount);
  });

  it("counts bare-CR lines in messages", async () => {
    const p = file("customer_id,date,amount\ra,2024-01-01,1\rb,2024-01-02,x\r");
    await expect(loadTransactions(p)).rejects.toThrow(`${p} line 3, column "amount"`);
  });

  it("keeps a CR inside a quoted field as data, and mixes CR, CRLF and LF", async () => {
    const log = await loadTransactions(file('customer_id,date,amount,note\r\na,2024-01-01,1,"two\rlines"\rb,2024-01-02,2,x\nc,2024-01-03,3,"y\r\nz"'));
    expect(log.customerIds).toEqual(expected.ids);
    expect(log.attributes.note).toEqual(["two\rlines", "x", "y\r\nz"]);
  });

  it("reads bare CR line ends in whitespace-separated files", async () => {
    const log = await loadTransactions(file("a 20240101 1\rb 20240102 2\rc 20240103 3", ".txt"), { delimiter: "whitespace", header: false, columnNames: ["customer_id", "date", "amount"] });
    expect([...log.day]).toEqual([dayNumber("2024-01-01"), dayNumber("2024-01-02"), dayNumber("2024-01-03")]);
  });
});

describe("ambiguous headers and compressed files", () => {
  it("two customer_id columns are an error naming both, with the option that picks one", async () => {
    const p = file("customer_id,date,amount,Customer ID\na,2024-01-01,1,b\n");
    await expect(loadTransactions(p)).rejects.toThrow(`ambiguous customer column in ${p}: "customer_id", "Customer ID" could each be it; name the one to use with columns.customer (CLI --customer-col "customer_id")`);
    const log = await loadTransactions(p, { columns: { customer: "Customer ID" } });
    expect(log.customerIds).toEqual(["b"]);
  });

  it("amount and revenue together are ambiguous", async () => {
    const p = file("customer_id,date,amount,revenue\na,2024-01-01,1,2\n");
    await expect(loadTransactions(p)).rejects.toThrow(`ambiguous amount column in ${p}: "amount", "revenue" could each be it; name the one to use with columns.amount (CLI --amount-col "amount")`);
    expect([...(await loadTransactions(p, { columns: { amount: "revenue" } })).amount]).toEqual([2]);
  });

  it("order_date and ship_date are ambiguous (no silent pick of the first date-like column)", async () => {
    const p = file("customer_id,order_date,ship_date,amount\na,2024-01-01,2024-01-05,1\n");
    await expect(loadTransactions(p)).rejects.toThrow(`ambiguous date column in ${p}: "order_date", "ship_date" could each be it; name the one to use with columns.date (CLI --date-col "order_date")`);
    const log = await loadTransactions(p, { columns: { date: "ship_date" } });
    expect([...log.day]).toEqual([dayNumber("2024-01-05")]);
    expect(log.attributes.order_date).toEqual(["2024-01-01"]);
  });

  it("reads .csv.gz as gzip-compressed CSV, the same as the plain file", async () => {
    const text = "customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2\n";
    const plain = await loadTransactions(file(text));
    const gz = await loadTransactions(file(gzipSync(Buffer.from(text)), ".csv.gz"));
    expect(gz.customerIds).toEqual(plain.customerIds);
    expect([...gz.amount]).toEqual([...plain.amount]);
  });

  it("a .csv.gz that is not gzip, and a gzipped Parquet, are clvlab errors with the fix", async () => {
    const bad = file("customer_id,date,amount\n", ".csv.gz");
    await expect(loadTransactions(bad)).rejects.toThrow(`${bad}: not a readable gzip file`);
    const pq = file(gzipSync(Buffer.from("x")), ".parquet.gz");
    await expect(loadTransactions(pq)).rejects.toThrow(`${pq}: gzip is read for delimited text only (.csv.gz, .tsv.gz, .txt.gz): decompress it first (gunzip)`);
  });
});
