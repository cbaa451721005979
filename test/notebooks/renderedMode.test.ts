// Rendered notebooks are for reviewers: the HTML is written readable by all (0644), not mkstemp's 0600.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");
const PYTHON = "/usr/bin/python3";
const haveJupyter = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert, nbformat"], { stdio: "ignore" }).status === 0;

describe("execute_notebook.py write_atomic", () => {
  it.skipIf(!haveJupyter)("writes the rendered HTML with mode 0644 under umask 077", () => {
    const out = join(mkdtempSync(join(tmpdir(), "clvlab-nbmode-")), "01_x.html");
    const code = `import os, sys; os.umask(0o077); sys.path.insert(0, ${JSON.stringify(join(root, "scripts"))}); import execute_notebook as e; e.write_atomic(${JSON.stringify(out)}, "<p>ok</p>")`;
    const r = spawnSync(PYTHON, ["-c", code], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(readFileSync(out, "utf8")).toBe("<p>ok</p>");
    expect(statSync(out).mode & 0o777).toBe(0o644);
  });
});
