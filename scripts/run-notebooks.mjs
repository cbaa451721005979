// Executes notebooks in a fresh tslab kernel each (Jupyter nbclient), fails on the first cell error,
// and writes the rendered HTML to reports/<notebook>.html.
// Usage: node scripts/run-notebooks.mjs [--dir notebooks] [--out-dir reports] [name-substring ...]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureJupyter, PYTHON } from "./ensure-jupyter.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let dir = join(root, "notebooks");
let outDir = join(root, "reports");
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--dir") dir = resolve(args[++i]);
  else if (args[i] === "--out-dir") outDir = resolve(args[++i]);
  else filters.push(args[i]);
}

if (!existsSync(join(root, "dist", "index.js")) || !existsSync(join(root, "node_modules", "clvlab"))) {
  console.error("notebooks: the built package is missing; run `npm run build` first (notebooks import \"clvlab\")");
  process.exit(1);
}
ensureJupyter();

// A project-local kernelspec (tslab install needs IPython; this does not), found through JUPYTER_PATH.
const jupyterPath = join(root, ".jupyter-runtime");
const specDir = join(jupyterPath, "kernels", "tslab");
mkdirSync(specDir, { recursive: true });
writeFileSync(
  join(specDir, "kernel.json"),
  JSON.stringify(
    {
      argv: [join(root, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
      display_name: "TypeScript (tslab)",
      language: "typescript",
    },
    null,
    2,
  ),
);

const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb") && (filters.length === 0 || filters.some((s) => f.includes(s))))
  .sort();
if (notebooks.length === 0) {
  console.error(`notebooks: no notebook in ${dir}${filters.length ? ` matches ${filters.join(", ")}` : ""}`);
  process.exit(1);
}
const env = {
  ...process.env,
  JUPYTER_PATH: jupyterPath,
  JUPYTER_RUNTIME_DIR: join(jupyterPath, "runtime"),
  JUPYTER_PLATFORM_DIRS: "1",
};
for (const nb of notebooks) {
  const html = join(outDir, basename(nb, ".ipynb") + ".html");
  const t0 = Date.now();
  process.stdout.write(`notebook ${nb} ... `);
  const r = spawnSync(PYTHON, [join(root, "scripts", "execute_notebook.py"), join(dir, nb), html, "--kernel", "tslab"], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    process.stdout.write("FAILED\n");
    process.stderr.write(r.stderr || r.stdout || `exit ${r.status}\n`);
    console.error(`notebooks: ${nb} failed; partial output in ${html}`);
    process.exit(1);
  }
  process.stdout.write(`ok (${((Date.now() - t0) / 1000).toFixed(1)} s) -> ${html}\n`);
}
console.log(`notebooks: ${notebooks.length} passed, 0 failed`);
