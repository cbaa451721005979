import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it, vi } from "vitest";
import { registerSummarize, runSummarize } from "../../src/cli/summarize.js";

const cdnow = fileURLToPath(new URL("../../data/cdnow_transactions.csv", import.meta.url));
const shared = fileURLToPath(new URL("../../../shared/data/cdnow/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clvlab-cli-"));

describe("clvlab summarize", () => {
  it("writes the calibration/holdout CSV for CDNOW (Fader, Hardie & Lee 2005 split) and reports rows and customers", async () => {
    const out = join(dir, "cdnow.csv");
    const program = new Command().exitOverride();
    registerSummarize(program);
    let printed = "";
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(["summarize", cdnow, "--time-unit", "weeks", "--calibration-end", "1997-09-30", "--observation-end", "1998-06-30", "--out", out], { from: "user" });
    } finally {
      write.mockRestore();
    }
    expect(printed).toContain("rows used: 6919");
    expect(printed).toContain("rows rejected: 0");
    expect(printed).toContain("customers: 2357");
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,frequency,recency,T,monetary_value,frequency_holdout,monetary_value_holdout,duration_holdout");
    expect(lines.length).toBe(2358);
    const rows = lines.slice(1).map((l) => l.split(",").map(Number));
    expect(rows.reduce((a, r) => a + r[1]!, 0)).toBe(2457);
    expect(rows.reduce((a, r) => a + r[5]!, 0)).toBe(1882);
    // customer 1 of cdnow_customers_summary_with_transactions.csv: x 2, t_x 30.43, T 38.86, zbar 22.35
    expect(rows[0]![1]).toBe(2);
    expect(rows[0]![2]).toBeCloseTo(30.43, 2);
    expect(rows[0]![3]).toBeCloseTo(38.86, 2);
    expect(rows[0]![4]).toBeCloseTo(22.345, 6); // (29.73 + 14.96) / 2, printed as 22.35 in the file
    expect(rows[0]![7]).toBe(39);
  });

  it("reads whitespace files with given column names and prints rejected rows by reason", async () => {
    const { csv, report } = await runSummarize([shared + "CDNOW_sample.txt"], { delimiter: "whitespace", header: false, columnNames: "master,customer_id,date,quantity,amount", timeUnit: "weeks", observationEnd: "1997-12-31" });
    expect(csv.split("\n")[0]).toBe("customer_id,frequency,recency,T,monetary_value");
    expect(report).toContain("rows rejected: 0");
    expect(report.find((l) => l.startsWith("rows after the observation end:"))).toMatch(/^rows after the observation end: \d+ \(outside the window; not errors\)$/);
    const p = join(dir, "bad.csv");
    writeFileSync(p, "customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,oops\na,2024-01-03,-2\n");
    const r = await runSummarize([p], { skipInvalid: true });
    // The return is not a rejection: it reduces spend (docs/data.md); it is accounted for on its own line.
    expect(r.report).toContain("rows rejected: 1 (unparseable_amount: 1)");
    expect(r.report).toContain("returns: 1 (negative amounts: they reduce the customer's spend and are not purchases)");
    expect(r.report).toContain(`  unparseable_amount: ${p} line 3, column "amount", value "oops"`);
    expect(r.report).toContain("customers: 1");
  });

  it("fails with the loader's message on bad input and on a bad time unit", async () => {
    const p = join(dir, "bad2.csv");
    writeFileSync(p, "customer_id,date,amount\na,01/02/2024,1\n");
    await expect(runSummarize([p], {})).rejects.toThrow(`${p} line 2, column "date": cannot read date "01/02/2024"`);
    await expect(runSummarize([cdnow], { amountCol: "price" })).rejects.toThrow(/missing column "price" \(amount\)/);
    await expect(runSummarize([cdnow], { timeUnit: "years" })).rejects.toThrow('invalid time unit "years": use days, weeks or months');
  });

  it("exits with status 1 and prints the message from the built CLI (dist/cli/main.js, built by npm test)", () => {
    const p = join(dir, "bad3.csv");
    writeFileSync(p, "customer_id,date,amount\na,2024-01-01,12,50\n");
    const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
    const bad = spawnSync(process.execPath, [main, "summarize", p, "--amount-col", "total"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`clvlab: missing column "total" (amount) in ${p}: found columns "customer_id", "date", "amount"`);
    const ok = spawnSync(process.execPath, [main, "summarize", cdnow, "--time-unit", "weeks"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout.split("\n")[0]).toBe("customer_id,frequency,recency,T,monetary_value");
    expect(ok.stderr).toContain("customers: 2357");
  });

  it("writes Parquet for --out x.parquet and JSON for --out x.json (the writer follows the extension)", async () => {
    const program = new Command().exitOverride();
    registerSummarize(program);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      for (const f of ["s.parquet", "s.json", "s.csv"]) await program.parseAsync(["summarize", cdnow, "--time-unit", "weeks", "--out", join(dir, f)], { from: "user" });
    } finally {
      write.mockRestore();
    }
    const buf = readFileSync(join(dir, "s.parquet"));
    expect(buf.subarray(0, 4).toString()).toBe("PAR1");
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    const json = JSON.parse(readFileSync(join(dir, "s.json"), "utf8")) as Array<Record<string, unknown>>;
    const csv = readFileSync(join(dir, "s.csv"), "utf8").trim().split("\n");
    expect(rows.length).toBe(2357);
    expect(json.length).toBe(2357);
    expect(Object.keys(rows[0]!)).toEqual(["customer_id", "frequency", "recency", "T", "monetary_value"]);
    // The same first customer in all three formats.
    expect(rows[0]).toEqual(json[0]);
    expect(csv[1]).toBe([rows[0]!.customer_id, rows[0]!.frequency, rows[0]!.recency, rows[0]!.T, rows[0]!.monetary_value].join(","));
  });
});
