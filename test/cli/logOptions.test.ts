// The shared log options of every command, run through the built CLI (dist/cli/main.js, built by `npm run build`).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const CLI = join(ROOT, "dist/cli/main.js");
const dir = mkdtempSync(join(tmpdir(), "clvlab-logopts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: dir });

// Three purchases of two customers, written day-first; a = 31 Jan and 1 Mar 2024 (30 days apart), b = 15 Feb.
const DMY = "customer_id,date,amount\na,31/01/2024,10\nb,15/02/2024,12\na,01/03/2024,5\n";

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  writeFileSync(join(dir, "dmy.csv"), DMY);
  writeFileSync(join(dir, "comma.csv"), "customer_id;date;amount\na;2024-01-31;10,5\na;2024-02-10;4,25\nb;2024-02-15;12\n");
}, 120_000);

describe("commands that read a log", () => {
  it("exit non-zero when --skip-invalid rejects every row, naming the commonest reason, an example and --date-format", () => {
    const r = run("summarize", "dmy.csv", "--skip-invalid", "--out", "s.csv");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no usable rows in dmy\.csv: 3 of 3 rows are unparseable date \(e\.g\. dmy\.csv line 2, column "date", value "31\/01\/2024"\); give the layout of the dates with --date-format/);
    expect(existsSync(join(dir, "s.csv"))).toBe(false);
  });

  it("read day-first dates with --date-format DD/MM/YYYY (a: 1 repeat, recency 30 days, T 30 days)", () => {
    const r = run("summarize", "dmy.csv", "--date-format", "DD/MM/YYYY");
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(["customer_id,frequency,recency,T,monetary_value", "a,1,30,30,5", "b,0,0,15,0"]);
    // The observation end was not given: the last day in the data is used and printed.
    expect(r.stderr).toContain("observation end: 2024-03-01 (the last day in the data; --observation-end to change)");
  });

  it("read decimal-comma amounts with --decimal-comma (a's repeat purchase is 4,25)", () => {
    const r = run("summarize", "comma.csv", "--delimiter", ";", "--decimal-comma");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("a,1,10,15,4.25");
    const plain = run("summarize", "comma.csv", "--delimiter", ";");
    expect(plain.status).toBe(1);
    expect(plain.stderr).toMatch(/cannot read amount "10,5".*--decimal-comma/);
  });

  it("reject an unknown date layout with the layouts it takes", () => {
    const r = run("summarize", "dmy.csv", "--date-format", "DD/YYYY");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid date format "DD\/YYYY": use YYYY-MM-DD, DD\/MM\/YYYY/);
  });

  it("count rows after the observation end as outside the window, not as rejected", () => {
    const r = run("summarize", "dmy.csv", "--date-format", "DD/MM/YYYY", "--observation-end", "2024-02-29");
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("rows after the observation end: 1 (outside the window; not errors)");
    expect(r.stderr).toContain("rows rejected: 0");
  });

  it("take the same options on score, lenses and summarize, and say every default in --help", () => {
    for (const cmd of ["summarize", "score", "lenses"]) {
      const help = run(cmd, "--help").stdout.replace(/\s+/g, " ");
      for (const flag of ["--customer-col", "--date-col", "--amount-col", "--date-format", "--decimal-comma", "--observation-end", "--skip-invalid", "--time-zone"]) expect(help, `${cmd} ${flag}`).toContain(flag);
      expect(help, cmd).toContain("(default: the last day in the data");
    }
    expect(run("score", "--help").stdout.replace(/\s+/g, " ")).toMatch(/--margin <m>.*\(default: "0\.30"\)/);
  });

  it("score without --observation-end and --out prints the CSV and the CLV total with margin, discount and horizon", () => {
    const r = run("score", join(ROOT, "data/cdnow_transactions.csv"), "--observation-end", "1997-09-30");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive,expected_spend,clv");
    expect(r.stderr).toMatch(/total CLV \d+\.\d\d \(margin 30%, 10%\/year discount, 12 months\)/);
  });
});

describe("count data (no amount column)", () => {
  it("summarize and score count purchases and leave spend outputs out, saying so; the counts equal those of the log with amounts", () => {
    // CDNOW without its amount and quantity columns: the same purchases, as a grocery panel would record them.
    const lines = readFileSync(join(ROOT, "data/cdnow_transactions.csv"), "utf8").trim().split("\n");
    writeFileSync(join(dir, "counts.csv"), lines.map((l) => l.split(",").slice(0, 2).join(",")).join("\n") + "\n");
    const counts = run("summarize", "counts.csv", "--time-unit", "weeks", "--observation-end", "1997-09-30");
    expect(counts.status).toBe(0);
    expect(counts.stderr).toContain("no amount column found: purchases are counted, spend-based outputs are left out");
    const withAmounts = run("summarize", join(ROOT, "data/cdnow_transactions.csv"), "--time-unit", "weeks", "--observation-end", "1997-09-30");
    const drop = (t: string) => t.trim().split("\n").map((l) => l.split(",").slice(0, 4).join(","));
    expect(counts.stdout.split("\n")[0]).toBe("customer_id,frequency,recency,T");
    expect(drop(counts.stdout)).toEqual(drop(withAmounts.stdout));
    const score = run("score", "counts.csv", "--observation-end", "1997-09-30");
    expect(score.status).toBe(0);
    expect(score.stdout.split("\n")[0]).toBe("customer_id,frequency,recency,T,expected_purchases,p_alive");
    expect(score.stderr).toMatch(/expected purchases in the next 12 months: \d+\.\d\d \(no amounts: expected spend and CLV left out\)/);
    // --no-amount says it explicitly, even when an amount column exists.
    expect(run("summarize", join(ROOT, "data/cdnow_transactions.csv"), "--no-amount").stderr).toContain("no amount column (--no-amount)");
  });
});

describe("clvlab demo on another file", () => {
  it("ends at the last day of that file and names its outputs after it", () => {
    const out = join(dir, "demo");
    const r = run("demo", "--data", join(ROOT, "data/cdnow_transactions.csv"), "--out-dir", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("observation end: 1998-06-30 (the last day in the data");
    expect(r.stdout).toContain("lens 1 (1997-07..1998-06): 812 customers");
    expect(existsSync(join(out, "cdnow-audit", "report.html"))).toBe(true);
    expect(readFileSync(join(out, "cdnow_clv_scores.csv"), "utf8").trim().split("\n")).toHaveLength(2358);
    expect(existsSync(join(out, "texas-audit"))).toBe(false);
  });
});
