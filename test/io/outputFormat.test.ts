import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCsv } from "../../src/io/formatCsv.js";
import { outputFormat } from "../../src/io/outputFormat.js";
import { writeTable } from "../../src/io/writeTable.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-io-"));

describe("outputFormat", () => {
  it("maps .ndjson to JSON lines and a device or FIFO without extension to CSV; an absent name without extension is an error", () => {
    expect(outputFormat("scores.ndjson")).toBe("jsonl");
    expect(outputFormat("scores.JSON")).toBe("json");
    expect(outputFormat("/dev/null")).toBe("csv");
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    expect(outputFormat(fifo)).toBe("csv");
    expect(() => outputFormat(join(dir, "report"))).toThrow(`unsupported output ${join(dir, "report")}: use a file name ending in .csv, .parquet, .json or .jsonl (or - for standard output)`);
  });
});

describe("formatCsv", () => {
  it("applies csvFormat to numbers only, writes NaN and null as empty cells whatever the format, and quotes header names", () => {
    const text = formatCsv({ "id,x": ["a", "b"], v: [1.23456, NaN], w: [null as unknown as number, 2] }, { csvFormat: { v: (x) => x.toFixed(2), w: (x) => `<${x}>` } });
    expect(text).toBe('"id,x",v,w\na,1.23,\nb,,<2>\n');
  });

  it("a number column of a plain array stays numeric; a column with one string is text (and goes through csvCell)", () => {
    expect(formatCsv({ n: [1, -2.5], t: ["-2.5", "x"] })).toBe(`n,t\n1,"'-2.5"\n-2.5,x\n`);
  });

  it("no columns give a header line only", () => {
    expect(formatCsv({})).toBe("\n");
  });
});

describe("writeTable", () => {
  it("the format option overrides the extension; JSON writes ±Infinity and NaN as null", () => {
    const p = join(dir, "t.txt");
    writeTable(p, { id: ["a", "b"], v: Float64Array.of(Infinity, NaN) }, { format: "json" });
    expect(JSON.parse(readFileSync(p, "utf8"))).toEqual([{ id: "a", v: null }, { id: "b", v: null }]);
  });
});
