// A large delimited file is read by two threads (the second half in a worker). The result must be the one a
// single-threaded read gives: the same rows, customer codes in first-appearance order, counts, examples with
// their file line numbers, and the same first error. Workers need the compiled module, so this runs on dist/
// (built by `npm run build`); CLVLAB_PARALLEL_MIN_BYTES lowers the size from which files are split.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const distIndex = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "clvlab-par-"));
let k = 0;
function file(text: string): string {
  const p = join(dir, `t${k++}.csv`);
  writeFileSync(p, text);
  return p;
}

type Load = (p: string, o?: object) => Promise<{ length: number; customerIds: readonly string[]; customer: Int32Array; day: Int32Array; timestamp: Float64Array; amount: Float64Array; quantity?: Float64Array; orderId?: readonly string[]; attributes: Record<string, readonly string[]>; report: unknown }>;

async function both(path: string, options: object): Promise<[unknown, unknown]> {
  const { loadTransactions } = (await import(distIndex)) as { loadTransactions: Load };
  const plain = (l: Awaited<ReturnType<Load>>): unknown => ({ ...l, customer: [...l.customer], day: [...l.day], timestamp: [...l.timestamp], amount: [...l.amount], quantity: l.quantity && [...l.quantity] });
  process.env.CLVLAB_PARALLEL_MIN_BYTES = "Infinity";
  const one = await loadTransactions(path, options).then(plain, (e: Error) => e.message);
  process.env.CLVLAB_PARALLEL_MIN_BYTES = "1000";
  const two = await loadTransactions(path, options).then(plain, (e: Error) => e.message);
  return [one, two];
}

afterEach(() => {
  delete process.env.CLVLAB_PARALLEL_MIN_BYTES;
});

describe.skipIf(!existsSync(distIndex))("parallel CSV read (dist/)", () => {
  it("gives the single-threaded result: rows, first-appearance customer codes, string columns, counts and example lines", async () => {
    const lines = ["customer_id,order_id,date,quantity,amount,city"];
    for (let i = 0; i < 3000; i++) {
      const c = i % 7 === 0 ? `x${i}` : String((i * 37) % 500); // integer and text ids, new ids in both halves
      const amount = i % 11 === 0 ? "-3.5" : i % 97 === 0 ? "12x50" : (i % 300).toFixed(2);
      const date = i % 113 === 0 ? "2024-13-01" : `2024-${String(1 + (i % 12)).padStart(2, "0")}-0${1 + (i % 9)}`;
      lines.push(`${c},o${i % 900},${date},${1 + (i % 3)},${amount},${i % 2 ? "Austin" : "Dallas"}`);
    }
    const p = file(lines.join("\r\n") + "\r\n");
    const [one, two] = await both(p, { invalidRows: "reject", observationEnd: "2024-10-31" });
    expect(typeof one).toBe("object");
    expect(two).toEqual(one);
    const r = (one as { report: { counts: Record<string, number>; examples: { line: number }[] } }).report;
    expect(r.counts.unparseable_amount).toBeGreaterThan(5);
    expect(r.counts.after_observation_end).toBeGreaterThan(100);
    // every 113th row has a bad date; those of the second half are counted too (examples stop at 5 per reason)
    expect(r.counts.unparseable_date).toBe(Math.ceil(3000 / 113));
  });

  it("reads on in one thread when a quoted field spans the middle, with the same rows", async () => {
    const lines = ["customer_id,date,amount,note"];
    for (let i = 0; i < 2000; i++) lines.push(`${i % 300},2024-01-0${1 + (i % 9)},${i % 50}.25,${i >= 995 && i <= 1005 ? `"line one\nline two, ${i}"` : "plain"}`);
    const [one, two] = await both(file(lines.join("\n") + "\n"), {});
    expect(typeof one).toBe("object");
    expect(two).toEqual(one);
  });

  it("reports the first bad row of the second half with its file line number", async () => {
    const lines = ["customer_id,date,amount"];
    for (let i = 0; i < 2000; i++) lines.push(i === 1700 ? "5,2024-02-30,1" : `${i % 300},2024-01-0${1 + (i % 9)},${i % 50}`);
    const p = file(lines.join("\n") + "\n");
    const [one, two] = await both(p, {});
    expect(one).toBe(`${p} line 1702, column "date": cannot read date "2024-02-30": use YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time such as 2024-01-31T14:05:00Z; or load with invalidRows: "reject" (CLI --skip-invalid) to count and skip such rows`);
    expect(two).toBe(one);
  });
});
