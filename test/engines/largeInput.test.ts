// A log too large for the Node heap on the default (memory) engine stops before reading with what to do —
// `--engine duckdb` — instead of crashing the heap. The 200M-row input is a real CSV whose head is readable rows and
// whose size is that of 200M rows (a sparse file: no 5 GB written); the size estimate of the data layer
// (24 bytes a CSV row, 48 heap bytes a loaded row) is what is checked, with Node's default heap.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clv-large-"));
const big = join(dir, "transactions_200m.csv");
const ROWS = 200_000_000;
const ROW = "C0000001,2024-01-05,12.34\n"; // 27 bytes, a typical row

describe("a 200M-row log on the default engine", () => {
  writeFileSync(big, "customer_id,date,amount\n" + ROW.repeat(1000));
  truncateSync(big, ROWS * ROW.length);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const cmd of [["summarize", big], ["lenses", big, "--out-dir", join(dir, "audit")], ["score", big, "--out", join(dir, "s.csv")]])
    it(`clvlab ${cmd[0]} stops at once with a message suggesting --engine duckdb, not a heap crash`, () => {
      const env = { ...process.env };
      delete env.CLVLAB_MEMORY_LIMIT_MB;
      delete env.NODE_OPTIONS;
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [main, ...cmd], { encoding: "utf8", env, timeout: 60_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^clvlab: input too large for the memory available: \d\.\d GB in 1 source \(about 2\d\d,\d{3},\d{3} rows\) needs an estimated \d+\.\d GB/);
      expect(r.stderr).toContain("--engine duckdb");
      expect(r.stderr).not.toMatch(/heap out of memory|FATAL ERROR/);
      // Refused from the file size, before reading: seconds, not the minutes a 5 GB parse would take.
      expect(Date.now() - t0).toBeLessThan(30_000);
    }, 60_000);
});
