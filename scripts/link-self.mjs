// Makes `import ... from "clvlab"` resolve to this checkout (notebooks import the built package by name, as users do).
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "clvlab");
mkdirSync(dirname(link), { recursive: true });
let ok = false;
try {
  const st = lstatSync(link);
  ok = st.isSymbolicLink() && resolve(dirname(link), readlinkSync(link)) === root;
  if (!ok) rmSync(link, { recursive: true, force: true });
} catch {
  /* absent */
}
if (!ok) symlinkSync("..", link, "dir");
if (!existsSync(join(link, "dist", "index.js"))) {
  console.error("link-self: dist/index.js is missing; run `npm run build` first");
  process.exit(1);
}
