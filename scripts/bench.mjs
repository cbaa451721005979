// Runs every bench/*.bench.mjs in its own process and writes reports/bench.json.
// Usage: node scripts/bench.mjs [filter]   (filter: substring of the bench file name)
// With a filter, the figures of the other bench files already in reports/bench.json are kept, so areas can be
// re-measured one at a time.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const filter = process.argv[2] ?? "";
const files = readdirSync(join(root, "bench")).filter((f) => f.endsWith(".bench.mjs") && f.includes(filter)).sort();
const dir = mkdtempSync(join(tmpdir(), "clvlab-bench-"));
const failures = [];
const figures = [];
for (const f of files) {
  process.stdout.write(`bench/${f}\n`);
  const out = join(dir, `${f}.jsonl`);
  writeFileSync(out, "");
  const r = spawnSync(process.execPath, ["--max-old-space-size=12288", "--expose-gc", join(root, "bench", f)], {
    stdio: "inherit",
    env: { ...process.env, CLVLAB_BENCH_OUT: out },
  });
  if (r.status !== 0) failures.push(f);
  const recordedAt = new Date().toISOString();
  for (const l of readFileSync(out, "utf8").split("\n").filter(Boolean)) figures.push({ bench: f, recordedAt, ...JSON.parse(l) });
}
const dest = join(root, "reports", "bench.json");
if (filter && existsSync(dest)) {
  const ran = new Set(files);
  const kept = JSON.parse(readFileSync(dest, "utf8")).figures.filter((fig) => fig.bench && !ran.has(fig.bench));
  figures.unshift(...kept);
}
const result = {
  createdAt: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, platform: process.platform },
  figures,
  failures,
};
mkdirSync(join(root, "reports"), { recursive: true });
writeFileSync(dest + ".tmp", JSON.stringify(result, null, 2) + "\n");
renameSync(dest + ".tmp", dest);
console.log(`wrote ${dest}: ${figures.length} figures${failures.length ? `; FAILED: ${failures.join(", ")}` : ""}`);
process.exit(failures.length ? 1 : 0);
