import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it, vi } from "vitest";
import { runSummarize } from "../../src/cli/summarize.js";
import { csvCell } from "../../src/io/csvCell.js";
import { formatCsv } from "../../src/io/formatCsv.js";
import { outputFormat } from "../../src/io/outputFormat.js";
import { writeTable } from "../../src/io/writeTable.js";

const REPRO = resolve("../shared/data/repro/negative_clv.csv");
const tmp = () => mkdtempSync(join(tmpdir(), "clvlab-table-"));
const readParquet = async (path: string) => {
  const buf = readFileSync(path);
  return parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
};

describe("csvCell (OWASP CSV injection, RFC 4180 quoting)", () => {
  it("prefixes ' and quotes a cell starting with =, +, -, @, tab or carriage return", () => {
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell("+SUM(1+1)")).toBe(`"'+SUM(1+1)"`);
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell("@SUM(A1:A2)")).toBe(`"'@SUM(A1:A2)"`);
    expect(csvCell("\t=1+1")).toBe(`"'\t=1+1"`);
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell(`=HYPERLINK("x")`)).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it("leaves ordinary ids bare and quotes only commas, quotes and line breaks", () => {
    expect(csvCell("C0001")).toBe("C0001");
    expect(csvCell("a b")).toBe("a b");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("a,b")).toBe(`"a,b"`);
    expect(csvCell(`"quoted"`)).toBe(`"""quoted"""`);
  });
});

describe("formatCsv", () => {
  it("writes missing numbers as empty cells, negative numbers as numbers, and text through csvCell", () => {
    const csv = formatCsv({ customer_id: ["-7", "b"], clv: Float64Array.of(-1.5, NaN), n: Int32Array.of(2, 0) }, { csvFormat: { clv: (x) => x.toFixed(2) } });
    expect(csv).toBe(`customer_id,clv,n\n"'-7",-1.50,2\nb,,0\n`);
  });
  it("refuses columns of different lengths", () => {
    expect(() => formatCsv({ a: [1, 2], b: [1] })).toThrow("column b has 1 values but a has 2: give columns of one length");
  });
});

describe("writeTable chooses the writer by the extension", () => {
  const columns = { customer_id: ["=x", "b"], frequency: Int32Array.of(3, 0), clv: Float64Array.of(12.5, NaN) };
  it("writes CSV, Parquet (NaN as null), JSON and JSON lines with the same values", async () => {
    const dir = tmp();
    for (const ext of ["csv", "parquet", "json", "jsonl"]) writeTable(join(dir, `t.${ext}`), columns);
    expect(readFileSync(join(dir, "t.csv"), "utf8")).toBe(`customer_id,frequency,clv\n"'=x",3,12.5\nb,0,\n`);
    const rows = await readParquet(join(dir, "t.parquet"));
    expect(rows).toEqual([{ customer_id: "=x", frequency: 3, clv: 12.5 }, { customer_id: "b", frequency: 0, clv: null }]);
    expect(JSON.parse(readFileSync(join(dir, "t.json"), "utf8"))).toEqual(rows);
    expect(readFileSync(join(dir, "t.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l))).toEqual(rows);
  });
  it("writes CSV to standard output for -", () => {
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    try {
      writeTable("-", { id: ["a"], x: [1] });
    } finally {
      spy.mockRestore();
    }
    expect(out).toBe("id,x\na,1\n");
  });
  it("refuses an unknown extension or a folder, naming the path and the fix", () => {
    expect(() => outputFormat("clv.xlsx")).toThrow("unsupported output clv.xlsx: use a file name ending in .csv, .parquet, .json or .jsonl (or - for standard output)");
    expect(outputFormat("CLV.PARQUET")).toBe("parquet");
    expect(outputFormat("-")).toBe("csv");
    const dir = tmp();
    expect(() => outputFormat(dir)).toThrow(`cannot write ${dir}: it is a folder (EISDIR): give a file name inside it, e.g. ${dir}/out.csv`);
  });
});

describe("summarize escapes formula-like customer ids (negative_clv.csv reproduction)", () => {
  it("writes every id starting with =, +, -, @ or tab with a leading ' and quoted; other ids are unchanged", async () => {
    const { csv } = await runSummarize([REPRO], { timeUnit: "weeks" });
    const lines = csv.trim().split("\n");
    expect(lines.length).toBe(212);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain(`\n"'=cmd|' /C calc'!A0",`);
    expect(csv).toContain(`\n"'+SUM(1+1)*cmd|' /C calc'!A0",`);
    expect(csv).toContain(`\n"'-2+3+cmd|' /C calc'!A0",`);
    expect(csv).toContain(`\n"'@SUM(A1:A2)",`);
    expect(csv).toContain(`\n"'\t=1+1",`);
    expect(csv).toContain(`\n"""quoted""",`);
    expect(csv).toContain(`\n<script>alert(1)</script>,`);
  });
});
