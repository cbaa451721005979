// Runs every bench/*.bench.mjs in its own process and writes reports/bench.json.
// Usage: node scripts/bench.mjs [filter]   (filter: substring of the bench file name)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const filter = process.argv[2] ?? "";
const files = readdirSync(join(root, "bench")).filter((f) => f.endsWith(".bench.mjs") && f.includes(filter)).sort();
const out = join(mkdtempSync(join(tmpdir(), "clvlab-bench-")), "figures.jsonl");
writeFileSync(out, "");
const failures = [];
for (const f of files) {
  process.stdout.write(`bench/${f}\n`);
  const r = spawnSync(process.execPath, ["--max-old-space-size=12288", "--expose-gc", join(root, "bench", f)], {
    stdio: "inherit",
    env: { ...process.env, CLVLAB_BENCH_OUT: out },
  });
  if (r.status !== 0) failures.push(f);
}
const figures = readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const result = {
  createdAt: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, platform: process.platform },
  figures,
  failures,
};
mkdirSync(join(root, "reports"), { recursive: true });
const dest = join(root, "reports", "bench.json");
writeFileSync(dest + ".tmp", JSON.stringify(result, null, 2) + "\n");
renameSync(dest + ".tmp", dest);
console.log(`wrote ${dest}: ${figures.length} figures${failures.length ? `; FAILED: ${failures.join(", ")}` : ""}`);
process.exit(failures.length ? 1 : 0);
