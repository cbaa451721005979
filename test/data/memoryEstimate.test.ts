// A load that would run out of memory stops first with what it needs and what to do (tested with a small forced
// limit, never by exhausting memory).
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";

const dir = mkdtempSync(join(tmpdir(), "clvlab-mem-"));
const p = join(dir, "big.csv");
// 100,000 rows of about 21 bytes (2 MB)
writeFileSync(p, "customer_id,date,amount\n" + Array.from({ length: 100_000 }, (_, i) => `${i % 5000},2024-01-01,${i % 100}.5\n`).join(""));

describe("memory estimate before a load", () => {
  it("stops with the input size, the estimated need, the limit and what to do when the estimate exceeds the limit", async () => {
    // the estimate, from the file size: rows = bytes / 24 (a CSV row), need = 32 MB + 48 B per row
    const size = statSync(p).size;
    const rows = Math.round(size / 24);
    const need = ((32 * 2 ** 20 + (size / 24) * 48) / 2 ** 20).toFixed(1);
    await expect(loadTransactions(p, { memoryLimit: 8 * 2 ** 20 })).rejects.toThrow(
      `input too large for the memory available: ${(size / 2 ** 20).toFixed(1)} MB in 1 source (about ${rows.toLocaleString("en-US")} rows) needs an estimated ${need} MB, the limit is 8.0 MB: run with NODE_OPTIONS=--max-old-space-size=256 (MB) on a machine with that much memory, run it through DuckDB instead (--engine duckdb on summarize, fit, score, lenses and validate), or load fewer files at a time`,
    );
  });

  it("takes the limit from CLVLAB_MEMORY_LIMIT_MB (for the CLI) when no option is given", async () => {
    const before = process.env.CLVLAB_MEMORY_LIMIT_MB;
    process.env.CLVLAB_MEMORY_LIMIT_MB = "16";
    try {
      await expect(loadTransactions(p)).rejects.toThrow("the limit is 16.0 MB");
    } finally {
      if (before === undefined) delete process.env.CLVLAB_MEMORY_LIMIT_MB;
      else process.env.CLVLAB_MEMORY_LIMIT_MB = before;
    }
  });

  it("loads when the estimate fits: by default the limit is the V8 heap limit", async () => {
    expect(getHeapStatistics().heap_size_limit).toBeGreaterThan(64 * 2 ** 20);
    expect((await loadTransactions(p)).length).toBe(100_000);
    expect((await loadTransactions(p, { memoryLimit: 64 * 2 ** 20 })).length).toBe(100_000);
  });

  it("rejects a limit that is not a positive number", async () => {
    await expect(loadTransactions(p, { memoryLimit: -1 })).rejects.toThrow("invalid memoryLimit -1: use a number of bytes > 0");
  });
});
