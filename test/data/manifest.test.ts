// Incremental loads with a manifest: identity (path + content), the exclusive lock, and files a producer is
// still writing.
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { describeLoadReport } from "../../src/data/rows/describeLoadReport.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";

const root = mkdtempSync(join(tmpdir(), "clvlab-manifest-"));
let counter = 0;
function folder(): { dir: string; manifest: string } {
  const dir = join(root, `d${++counter}`);
  mkdirSync(dir);
  return { dir, manifest: join(root, `m${counter}.json`) };
}

describe("manifest identity is the path plus the content", () => {
  it("two new files with identical bytes in one run both count", async () => {
    const { dir, manifest } = folder();
    const text = "customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2\n";
    writeFileSync(join(dir, "day1.csv"), text);
    writeFileSync(join(dir, "day2.csv"), text);
    const log = await loadTransactions(dir, { manifest });
    expect(log.length).toBe(4);
    expect(log.report.files!.map((f) => f.skipped)).toEqual([undefined, undefined]);
    expect((await loadTransactions(dir, { manifest })).length).toBe(0);
  });

  it("a new file with the bytes of a file ingested in an earlier run counts; the same path with the same bytes is skipped", async () => {
    const { dir, manifest } = folder();
    writeFileSync(join(dir, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    expect((await loadTransactions(dir, { manifest })).length).toBe(1);
    copyFileSync(join(dir, "a.csv"), join(dir, "b.csv"));
    const second = await loadTransactions(dir, { manifest });
    expect(second.length).toBe(1);
    expect(second.report.files).toEqual([
      { file: join(dir, "a.csv"), rowsRead: 0, skipped: "already_ingested" },
      { file: join(dir, "b.csv"), rowsRead: 1 },
    ]);
  });
});

describe("a file a producer is still writing", () => {
  it("defers an unterminated final line, then reads the grown file from where the last run stopped (no 'changed' error)", async () => {
    const { dir, manifest } = folder();
    const p = join(dir, "live.csv");
    writeFileSync(p, "customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2");
    const first = await loadTransactions(dir, { manifest });
    expect(first.customerIds).toEqual(["a"]);
    expect(first.report.files).toEqual([{ file: p, rowsRead: 1, deferred: "unterminated_final_line" }]);
    expect(describeLoadReport(first.report)).toContain(`deferred the last line of ${p}: it has no line end yet (it is read by the next load, once complete)`);
    const entry = JSON.parse(readFileSync(manifest, "utf8")).files[p];
    expect(entry.size).toBe("customer_id,date,amount\na,2024-01-01,1\n".length);
    // the producer finishes the line and writes another, with a bad amount on line 4 to check line numbers
    appendFileSync(p, "0\nc,2024-01-03,x\n");
    await expect(loadTransactions(dir, { manifest })).rejects.toThrow(`${p} line 4, column "amount": cannot read amount "x"`);
    const second = await loadTransactions(dir, { manifest, invalidRows: "reject" });
    expect(second.customerIds).toEqual(["b"]);
    expect([...second.amount]).toEqual([20]);
    expect(second.report.files).toEqual([{ file: p, rowsRead: 2, fromByte: entry.size }]);
    expect((await loadTransactions(dir, { manifest })).length).toBe(0);
    expect(JSON.parse(readFileSync(manifest, "utf8")).files[p].rows).toBe(3);
  });

  it("defers an unterminated JSON line the same way", async () => {
    const { dir, manifest } = folder();
    const p = join(dir, "live.jsonl");
    writeFileSync(p, '{"customer_id":"a","date":"2024-01-01","amount":1}\n{"customer_id":"b","da');
    expect((await loadTransactions(dir, { manifest })).customerIds).toEqual(["a"]);
    appendFileSync(p, 'te":"2024-01-02","amount":2}\n');
    expect((await loadTransactions(dir, { manifest })).customerIds).toEqual(["b"]);
  });

  it("a change inside the ingested part is still an error", async () => {
    const { dir, manifest } = folder();
    const p = join(dir, "a.csv");
    writeFileSync(p, "customer_id,date,amount\na,2024-01-01,1\n");
    await loadTransactions(dir, { manifest });
    writeFileSync(p, "customer_id,date,amount\nz,2024-01-01,1\nb,2024-01-02,2\n");
    await expect(loadTransactions(dir, { manifest })).rejects.toThrow(/changed since it was ingested .* reloading it would count rows twice/);
  });
});

describe("compressed files in an incremental load", () => {
  it("a .csv.gz is ingested once; a changed one is an error (gzip cannot be continued at a byte)", async () => {
    const { dir, manifest } = folder();
    const p = join(dir, "a.csv.gz");
    writeFileSync(p, gzipSync(Buffer.from("customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2")));
    expect((await loadTransactions(dir, { manifest })).length).toBe(2); // complete gzip: its last line is not deferred
    expect((await loadTransactions(dir, { manifest })).length).toBe(0);
    writeFileSync(p, gzipSync(Buffer.from("customer_id,date,amount\na,2024-01-01,1\nb,2024-01-02,2\nc,2024-01-03,3\n")));
    await expect(loadTransactions(dir, { manifest })).rejects.toThrow(/changed since it was ingested .*this format cannot be appended to/);
  });
});

function pq(ids: string[]): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "customer_id", data: ids },
        { name: "date", data: ids.map(() => "2024-01-01") },
        { name: "amount", data: new Float64Array(ids.length).fill(1) },
      ],
    }),
  );
}

describe("an exclusive lock on the manifest", () => {
  it("two concurrent loads of the same new files ingest each row once", async () => {
    const { dir, manifest } = folder();
    writeFileSync(join(dir, "a.parquet"), pq(["a", "b", "c"]));
    writeFileSync(join(dir, "b.parquet"), pq(["d", "e"]));
    const [x, y] = await Promise.all([loadTransactions(dir, { manifest }), loadTransactions(dir, { manifest })]);
    expect(x.length + y.length).toBe(5);
    expect(existsSync(`${manifest}.lock`)).toBe(false);
  });

  it("two concurrent CLI processes (summarize DIR --manifest M, the built dist/) ingest a new file once", async () => {
    const { dir, manifest } = folder();
    const lines = ["customer_id,date,amount"];
    for (let i = 0; i < 100_000; i++) lines.push(`${i % 9973},2024-01-${String(1 + (i % 28)).padStart(2, "0")},${i % 50}.25`);
    writeFileSync(join(dir, "big.csv"), lines.join("\n") + "\n");
    const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
    const run = (): Promise<string> =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, [main, "summarize", dir, "--manifest", manifest, "--out", `${dir}-out-${Math.random().toString(36).slice(2)}.csv`], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        child.stdout.on("data", (b) => (out += String(b)));
        child.stderr.on("data", (b) => (out += String(b)));
        child.on("exit", (code) => (code === 0 ? done(out) : fail(new Error(out))));
      });
    const outs = await Promise.all([run(), run()]);
    const used = outs.map((o) => Number(/rows used: (\d+)/.exec(o)?.[1] ?? NaN));
    expect(used.sort((a, b) => a - b)).toEqual([0, 100_000]);
    expect(JSON.parse(readFileSync(manifest, "utf8")).files[join(dir, "big.csv")].rows).toBe(100_000);
  }, 30_000);

  it("waits for a lock held by a live process, then fails naming the holder and the fix", async () => {
    const { dir, manifest } = folder();
    writeFileSync(join(dir, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], { stdio: "ignore" });
    try {
      writeFileSync(`${manifest}.lock`, `${holder.pid}\n`);
      const t0 = Date.now();
      await expect(loadTransactions(dir, { manifest, lockTimeoutMs: 300 })).rejects.toThrow(
        `manifest ${manifest} is locked by process ${holder.pid} (${manifest}.lock): another load is running; wait for it to finish, or delete ${manifest}.lock if no load is running`,
      );
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
      expect(existsSync(manifest)).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it("proceeds when the holder releases the lock while it waits", async () => {
    const { dir, manifest } = folder();
    writeFileSync(join(dir, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    writeFileSync(`${manifest}.lock`, `${process.pid}\n`);
    setTimeout(() => unlinkSync(`${manifest}.lock`), 150);
    expect((await loadTransactions(dir, { manifest, lockTimeoutMs: 5000 })).length).toBe(1);
  });

  it("breaks a stale lock of a process that is gone, with a warning naming it", async () => {
    const { dir, manifest } = folder();
    writeFileSync(join(dir, "a.csv"), "customer_id,date,amount\na,2024-01-01,1\n");
    const gone = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((r) => gone.on("exit", r));
    writeFileSync(`${manifest}.lock`, `${gone.pid}\n`);
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.message);
    };
    process.on("warning", onWarning);
    try {
      expect((await loadTransactions(dir, { manifest, lockTimeoutMs: 1000 })).length).toBe(1);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toContain(`removed the stale lock ${manifest}.lock of process ${gone.pid}, which is no longer running`);
    expect(existsSync(`${manifest}.lock`)).toBe(false);
  });
});
