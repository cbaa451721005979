// Coverage by folder of src/: sums vitest's v8 json-summary (coverage/coverage-summary.json) over each top-level
// folder and prints statements, branches, functions and lines, marking core folders below the 90% line target.
//   node scripts/coverage-by-folder.mjs [coverage/coverage-summary.json]
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const file = resolve(root, process.argv[2] ?? "coverage/coverage-summary.json");
/** The library's computational core (issue target: more than 90% lines); cli, charts, reports etc. are not core. */
const CORE = new Set([
  "time", "numeric", "random", "data", "summaries", "models", "lenses", "segmentation",
  "validation", "monitoring", "bayes", "engines", "store",
]);
const METRICS = ["statements", "branches", "functions", "lines"];
const TARGET = 90;

let summary;
try {
  summary = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.error(`coverage-by-folder: cannot read ${file} (${e.message}): run npm run coverage first`);
  process.exit(1);
}

/** Top-level folder under src/ of a covered file ("(src)" for files directly in src/). */
function folderOf(path) {
  const parts = relative(resolve(root, "src"), path).split(/[\\/]/);
  return parts.length > 1 ? parts[0] : "(src)";
}

const folders = new Map();
for (const [path, entry] of Object.entries(summary)) {
  if (path === "total") continue;
  const name = folderOf(path);
  let sums = folders.get(name);
  if (!sums) folders.set(name, (sums = { files: 0, ...Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }])) }));
  sums.files++;
  for (const m of METRICS) {
    sums[m].covered += entry[m].covered;
    sums[m].total += entry[m].total;
  }
}

/** Percentage with one decimal, truncated (not rounded) so that 89.96 never prints as 90.0. */
const pct = ({ covered, total }) => (total === 0 ? 100 : Math.floor((1000 * covered) / total) / 10);
const row = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(14) : String(c).padStart(11))).join("");

console.log(`\ncoverage by folder of src/ (% covered; * core folder below ${TARGET}% lines)`);
console.log(row(["folder", "files", ...METRICS]));
const names = [...folders.keys()].sort();
for (const name of names) {
  const s = folders.get(name);
  const flag = CORE.has(name) && pct(s.lines) < TARGET ? " *" : "";
  console.log(row([name + flag, s.files, ...METRICS.map((m) => pct(s[m]).toFixed(1))]));
}
const t = summary.total;
console.log(row(["all", names.reduce((n, k) => n + folders.get(k).files, 0), ...METRICS.map((m) => pct(t[m]).toFixed(1))]));
