// Fit / score / train habits through the built CLI (dist/cli/main.js) and the helpers behind them.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressReporter } from "../../src/cli/progress.js";
import { summarizeWarnings } from "../../src/cli/train.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const CLI = join(ROOT, "dist/cli/main.js");
const CDNOW = join(ROOT, "data/cdnow_transactions.csv");
const dir = mkdtempSync(join(tmpdir(), "clvlab-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: dir });

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
}, 120_000);

describe("clvlab fit", () => {
  it("says a transaction log needs clvlab summarize first (or clvlab score), instead of 'not a number'", () => {
    const r = run("fit", CDNOW);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/looks like a transaction log \(columns customer_id, date, quantity, amount\), not a customer summary: run `clvlab summarize .* --out summary\.csv` first .* or pass the log to `clvlab score`/);
  });

  it("saves a model that clvlab score --model reuses: same parameters, same CLV as fitting in score", () => {
    expect(run("summarize", CDNOW, "--time-unit", "weeks", "--observation-end", "1997-09-30", "--out", "s.csv").status).toBe(0);
    const fit = run("fit", "s.csv", "--time-unit", "weeks", "--save", "bg.json");
    expect(fit.status).toBe(0);
    // Fader, Hardie & Lee (2005): r 0.243, alpha 4.41, a 0.793, b 2.43 on CDNOW's 39-week calibration.
    expect(fit.stdout).toMatch(/r\s+0\.2425/);
    const a = run("score", CDNOW, "--observation-end", "1997-09-30", "--model", "bg.json", "--out", "a.csv");
    const b = run("score", CDNOW, "--observation-end", "1997-09-30", "--out", "b.csv");
    expect(a.status).toBe(0);
    expect(a.stdout).toContain("(saved model bg.json)");
    const total = (t: string) => Number(/total CLV (\d+\.\d+)/.exec(t)![1]);
    expect(total(a.stdout)).toBeCloseTo(total(b.stdout), 0);
  });

  it("fits BG/BB to clvlab summarize --periods output (yearly opportunities)", () => {
    // Two donors over whole years 2020..2023: a gives in 2021 and 2023, b only in 2020.
    writeFileSync(join(dir, "don.csv"), "customer_id,date,amount\na,2020-05-01,10\na,2021-05-01,10\na,2023-05-01,10\nb,2020-07-01,5\nc,2020-02-01,5\nc,2021-02-01,5\nc,2022-02-01,5\nc,2023-02-01,5\n");
    const s = run("summarize", "don.csv", "--periods", "year", "--observation-end", "2023-12-31", "--out", "d.csv");
    expect(s.status).toBe(0);
    expect(readFileSync(join(dir, "d.csv"), "utf8").trim().split("\n")).toEqual(["customer_id,frequency,recency,periods", "a,2,3,3", "b,0,0,3", "c,3,3,3"]);
    const f = run("fit", "d.csv", "--model", "bg-bb");
    expect(f.stdout).toMatch(/model: bg-bb \(3 customers/);
  });
});

describe("clvlab lenses", () => {
  it("--cohort all writes one Lens 3 file per cohort, prints every Lens 2 rate with its denominator and the projected revenue with its model", () => {
    const r = run("lenses", join(ROOT, "data/texas_transactions.csv"), "--out-dir", "audit", "--period", "quarter", "--cohort", "all");
    expect(r.status).toBe(0);
    const files = r.stdout.split("\n").filter((l) => /lens3-.*\.json$/.test(l));
    const l4 = JSON.parse(readFileSync(join(dir, "audit", "lens4.json"), "utf8"));
    expect(files).toHaveLength(l4.cohorts.filter((c: { size: number }) => c.size > 0).length);
    const one = JSON.parse(readFileSync(join(dir, "audit", "lens3-2023-Q1.json"), "utf8"));
    expect(one.cohort.label).toBe("2023-Q1");
    expect(r.stdout).toMatch(/lens 2: retention \d+\.\d% \(\d+ of \d+\), churn .*reactivation \d+\.\d% \(\d+ of \d+\), new share/);
    expect(r.stdout).toMatch(/projected revenue next 12 months \d+\.\d\d \(BG\/NBD × Gamma-Gamma fitted to this log/);
  });
});

describe("train warnings and progress", () => {
  it("summarises inner-origin model warnings in one line with their count; --verbose lists them", () => {
    const w = ["BTYD: edge", "inner BTYD (90 d): not converged", "inner BTYD other (90 d): not converged", "inner BTYD (120 d): not converged"];
    expect(summarizeWarnings(w, false)).toEqual(["warning: BTYD: edge", "note: 3 warnings from the inner-origin models that make the training targets (e.g. inner BTYD (90 d): not converged); --verbose lists them"]);
    expect(summarizeWarnings(w, true)).toHaveLength(4);
  });

  it("recognises the pipeline's inner-origin warnings relayed by validate under the model's name (stacked: inner …)", () => {
    const w = ["stacked: mixture: component 0 singular", "stacked: inner BTYD other (136 d): not converged", "stacked: inner BTYD (181 d): edge"];
    expect(summarizeWarnings(w, false)).toEqual(["warning: stacked: mixture: component 0 singular", "note: 2 warnings from the inner-origin models that make the training targets (e.g. stacked: inner BTYD other (136 d): not converged); --verbose lists them"]);
  });

  it("prints progress lines with count and time left when not a terminal, nothing when quiet", async () => {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (d) => (text += String(d)));
    const p = progressReporter({ stream, intervalMs: 20 });
    for (let i = 1; i <= 5; i++) {
      p.update("bootstrap replicates", i, 10);
      await new Promise((r) => setTimeout(r, 30));
    }
    p.stop();
    expect(text).toMatch(/bootstrap replicates \[.*\] \d+% \| \d+\/10 \| .* elapsed, about .* left/);
    const quiet = progressReporter({ quiet: true, stream });
    const before = text;
    quiet.update("x", 1, 2);
    quiet.stop();
    expect(text).toBe(before);
  });

  it("command modules load models, charts, reports, segmentation and stores only when their command runs (fast --version)", () => {
    // Static imports are loaded at start-up; the heavy ones must be dynamic import()s inside the commands.
    const heavy = /^import (?!type)[^;]*from "\.\.\/(models\/(?!clvDefaults|describeClvAssumptions|modelIds)|charts|reports|segmentation|store|summaries|monitoring|validation\/(?!validationModels)|engines\/(?!dialects|generateSql)|bayes|data\/loadTransactions)/m;
    const light = readdirSync(join(ROOT, "src/cli")).filter((f) => f.endsWith(".ts") && f !== "engineOption.ts" && f !== "bayesOptions.ts"); // these two are themselves imported on use
    for (const f of light) {
      const src = readFileSync(join(ROOT, "src/cli", f), "utf8");
      expect(heavy.test(src), f).toBe(false);
    }
    expect(run("--version").stdout.trim()).toBe("0.1.0");
  });
});
