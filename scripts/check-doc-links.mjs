// Checks the links of the docs: relative links (and #anchors) in docs/*.md and README.md, and local hrefs of the
// generated API reference (docs/api, from `npm run docs`) when it exists. Exits non-zero listing broken links.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), ".."));
const slug = (h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
const anchorsOf = new Map();
function anchors(file) {
  if (!anchorsOf.has(file)) {
    const text = readFileSync(file, "utf8");
    const set = new Set();
    if (file.endsWith(".md")) for (const m of text.matchAll(/^#+\s+(.*)$/gm)) set.add(slug(m[1]));
    else for (const m of text.matchAll(/\sid="([^"]+)"/g)) set.add(m[1]);
    anchorsOf.set(file, set);
  }
  return anchorsOf.get(file);
}
const broken = [];
function check(from, target) {
  if (/^(https?:|mailto:|data:|javascript:)/.test(target) || target === "") return;
  const [path, hash] = target.split("#");
  const file = path ? resolve(dirname(from), decodeURIComponent(path)) : from;
  if (!existsSync(file)) return broken.push(`${from}: ${target} (no such file)`);
  if (hash && (file.endsWith(".md") || file.endsWith(".html")) && statSync(file).isFile() && !anchors(file).has(hash)) broken.push(`${from}: ${target} (no anchor #${hash})`);
}
const md = [join(root, "README.md"), ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(root, "docs", f))];
for (const f of md) {
  const text = readFileSync(f, "utf8").replace(/```[\s\S]*?```/g, "");
  for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) check(f, m[1]);
}
const api = join(root, "docs", "api");
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith(".html")) for (const m of readFileSync(p, "utf8").matchAll(/href="([^"]+)"/g)) check(p, m[1]);
  }
}
if (existsSync(api)) walk(api);
if (broken.length) {
  console.error(`broken links: ${broken.length}\n${broken.slice(0, 50).join("\n")}`);
  process.exit(1);
}
console.log(`links ok: ${md.length} Markdown files${existsSync(api) ? " and the API reference" : ""}`);
