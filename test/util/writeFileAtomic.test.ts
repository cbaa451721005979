import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeWriteError } from "../../src/util/describeWriteError.js";
import { writeFileAtomic } from "../../src/util/writeFileAtomic.js";

const tmp = () => mkdtempSync(join(tmpdir(), "clvlab-write-"));

/** A pid that belonged to a process that has exited (what a SIGKILLed writer leaves behind). */
const deadPid = (): number => {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
};

describe("writeFileAtomic", () => {
  it("replaces the target of a symbolic link and keeps the link", () => {
    const dir = tmp();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "out.csv"), "old\n");
    symlinkSync(join("real", "out.csv"), join(dir, "link.csv"));
    writeFileAtomic(join(dir, "link.csv"), "new\n");
    expect(lstatSync(join(dir, "link.csv")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.csv"))).toBe(join("real", "out.csv"));
    expect(readFileSync(join(dir, "real", "out.csv"), "utf8")).toBe("new\n");
    expect(readdirSync(join(dir, "real"))).toEqual(["out.csv"]); // no temporary file left
  });

  it("creates the target of a dangling symbolic link instead of replacing the link", () => {
    const dir = tmp();
    symlinkSync("target.csv", join(dir, "link.csv"));
    writeFileAtomic(join(dir, "link.csv"), "x\n");
    expect(lstatSync(join(dir, "link.csv")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "target.csv"), "utf8")).toBe("x\n");
  });

  it("writes straight through to a FIFO, which stays a FIFO", async () => {
    const dir = tmp();
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    // A reader in another process: the write blocks until it opens the pipe.
    const reader = spawn(process.execPath, ["-e", `process.stdout.write(require("fs").readFileSync(${JSON.stringify(fifo)}, "utf8"))`]);
    let got = "";
    reader.stdout.on("data", (b: Buffer) => (got += b.toString()));
    const done = new Promise((res) => reader.on("close", res));
    writeFileAtomic(fifo, "through the pipe\n");
    await done;
    expect(got).toBe("through the pipe\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["pipe"]);
  });

  it("removes stale temporary files of dead writers of the same target, keeps live writers' and other targets'", () => {
    const dir = tmp();
    const dead = deadPid();
    const stale = `.out.csv.${dead}.1700000000000.tmp`;
    const live = `.out.csv.${process.ppid}.1700000000001.tmp`;
    const other = `.other.csv.${dead}.1700000000002.tmp`;
    const foreign = `.out.csv.notours.tmp`;
    for (const f of [stale, live, other, foreign]) writeFileSync(join(dir, f), "partial");
    writeFileAtomic(join(dir, "out.csv"), "a\n");
    expect(readdirSync(dir).sort()).toEqual([foreign, live, other, "out.csv"].sort());
  });

  it("refuses a folder as output with a message naming the path, the cause and the fix", () => {
    const dir = tmp();
    expect(() => writeFileAtomic(dir, "x")).toThrow(`cannot write ${dir}: it is a folder (EISDIR): give a file name inside it, e.g. ${dir}/out.csv`);
  });

  it("explains a file in the way of an output folder without a raw Node message", () => {
    const dir = tmp();
    writeFileSync(join(dir, "file"), "");
    expect(() => writeFileAtomic(join(dir, "file", "out.csv"), "x")).toThrow(/^cannot write .*file\/out\.csv: a file is in the way of a folder on the path \(EEXIST\): move that file or choose another path$/);
  });

  it("writes the requested mode whatever the umask, and keeps an existing file's mode by default", () => {
    const dir = tmp();
    const old = process.umask(0o077);
    try {
      writeFileAtomic(join(dir, "report.html"), "<p>", { mode: 0o644 });
      expect(statSync(join(dir, "report.html")).mode & 0o777).toBe(0o644);
      writeFileSync(join(dir, "kept.csv"), "");
      chmodSync(join(dir, "kept.csv"), 0o640);
      writeFileAtomic(join(dir, "kept.csv"), "new");
      expect(statSync(join(dir, "kept.csv")).mode & 0o777).toBe(0o640);
      writeFileAtomic(join(dir, "fresh.csv"), "new");
      expect(statSync(join(dir, "fresh.csv")).mode & 0o777).toBe(0o600); // 0o666 under umask 077
    } finally {
      process.umask(old);
    }
  });
});

describe("describeWriteError", () => {
  const err = (code: string) => Object.assign(new Error(`${code}: raw node text`), { code });
  it("names the path, the cause and the fix for a read-only disk, a full disk and a denied permission", () => {
    expect(describeWriteError(err("EROFS"), "/mnt/ro/out.csv").message).toBe("cannot write /mnt/ro/out.csv: the file system is read-only (EROFS): write to a folder on a writable disk");
    expect(describeWriteError(err("ENOSPC"), "big.parquet").message).toBe("cannot write big.parquet: no space left on the device (ENOSPC): free some space or write to another disk");
    expect(describeWriteError(err("EACCES"), "/root/x.csv").message).toBe("cannot write /root/x.csv: permission denied (EACCES): write to a folder you own or change its permissions");
    const e = describeWriteError(err("ENOSPC"), "big.parquet") as NodeJS.ErrnoException;
    expect(e.code).toBe("ENOSPC");
    expect((e.cause as Error).message).toBe("ENOSPC: raw node text");
  });
  it("keeps an unknown error's text after the path, and does not wrap a message twice", () => {
    const once = describeWriteError(new Error("something odd"), "a.csv");
    expect(once.message).toBe("cannot write a.csv: something odd");
    expect(describeWriteError(once, "a.csv")).toBe(once);
  });
});
