import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");

function notebook(cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript" },
    },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  });
}

// Each test starts a Jupyter kernel (tslab), 10-20 s under load on a busy 2-core machine: an explicit, generous limit.
const KERNEL_TIMEOUT = 180_000;

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(cells: string[]) {
  // Inside the repo, so that `import ... from "clvlab"` resolves as it does from notebooks/.
  mkdirSync(join(root, ".jupyter-runtime"), { recursive: true });
  const dir = mkdtempSync(join(root, ".jupyter-runtime", "test-nb-"));
  made.push(dir);
  const out = join(dir, "out");
  writeFileSync(join(dir, "broken.ipynb"), notebook(cells));
  const r = spawnSync(process.execPath, [join(root, "scripts", "run-notebooks.mjs"), "--dir", dir, "--out-dir", out], {
    encoding: "utf8",
  });
  return { ...r, html: join(out, "broken.html") };
}

describe("scripts/run-notebooks.mjs", () => {
  it("exits non-zero and prints the notebook, the cell and its error when a cell throws", () => {
    const r = run(['const ok = 1 + 1;\nconsole.log("first cell ran", ok);', 'throw new Error("deliberate failure 4711");', 'console.log("never runs");']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("broken.ipynb");
    expect(r.stderr).toMatch(/cell 2/);
    expect(r.stderr).toContain("deliberate failure 4711");
    // The partial report is still written, so the failure can be read there.
    expect(existsSync(r.html)).toBe(true);
    expect(readFileSync(r.html, "utf8")).toContain("first cell ran");
  }, KERNEL_TIMEOUT);

  it("fails on a type error in a cell (tslab type-checks cells)", () => {
    const r = run(['const n: number = "not a number";']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not assignable to type 'number'/);
  }, KERNEL_TIMEOUT);

  it("renders a notebook that imports clvlab by name, with its Plot chart as <svg>", () => {
    const r = run([
      'import { renderPlot } from "clvlab";\nimport * as Plot from "@observablehq/plot";\nimport * as tslab from "tslab";\ntslab.display.html(renderPlot({ marks: [Plot.dot([[1, 2], [3, 4]])] }));',
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(r.html, "utf8")).toMatch(/<svg[^>]*class="plot-/);
  }, KERNEL_TIMEOUT);
});

describe("scripts/execute_notebook.py", () => {
  it("replaces a kernel that never becomes ready with a fresh one and runs the notebook", () => {
    mkdirSync(join(root, ".jupyter-runtime"), { recursive: true });
    const dir = mkdtempSync(join(root, ".jupyter-runtime", "test-nb-"));
    made.push(dir);
    // A kernelspec whose first kernel exits at once (as a tslab kernel that lost its start-up race never answers),
    // and whose later kernels are tslab.
    const marker = join(dir, "first-start-failed");
    const spec = join(dir, "kernels", "flaky");
    mkdirSync(spec, { recursive: true });
    const tslab = join(root, "node_modules", ".bin", "tslab");
    const script = `if [ -e '${marker}' ]; then exec '${tslab}' kernel --config-path "$0"; else touch '${marker}'; exit 1; fi`;
    writeFileSync(join(spec, "kernel.json"), JSON.stringify({ argv: ["/bin/sh", "-c", script, "{connection_file}"], display_name: "flaky", language: "typescript" }));
    writeFileSync(join(dir, "nb.ipynb"), notebook(['console.log("ran in a fresh kernel", 6 * 7);']));
    const html = join(dir, "nb.html");
    const r = spawnSync("/usr/bin/python3", [join(root, "scripts", "execute_notebook.py"), join(dir, "nb.ipynb"), html, "--kernel", "flaky"], {
      encoding: "utf8",
      env: { ...process.env, JUPYTER_PATH: dir, JUPYTER_RUNTIME_DIR: join(dir, "runtime"), JUPYTER_PLATFORM_DIRS: "1" },
    });
    expect(existsSync(marker)).toBe(true);
    expect(r.stderr).toMatch(/kernel flaky did not start \(.*\); starting a fresh one \(attempt 2 of 3\)/);
    expect(r.status).toBe(0);
    expect(readFileSync(html, "utf8")).toContain("ran in a fresh kernel 42");
  }, KERNEL_TIMEOUT);
});
