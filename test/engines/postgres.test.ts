// The PostgreSQL text of the summary and histogram queries, run on a real PostgreSQL 15 server started by the test
// (its own temporary folder, a Unix socket, no TCP; ended by pid), gives exactly the rows DuckDB gives for the
// DuckDB text of the same descriptions on CDNOW (DuckDB's summary equals summarizeCustomers: duckdb.test.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";
import { generateSql } from "../../src/engines/generateSql.js";

const CDNOW = resolve("data/cdnow_transactions.csv");
const PORT = 5400 + (process.pid % 500);

/** The PostgreSQL bin folder; installs Debian's postgresql with apt when missing (root), else fails with the command. */
function postgresBin(): string {
  const find = () => {
    const root = "/usr/lib/postgresql";
    if (!existsSync(root)) return undefined;
    const v = readdirSync(root).sort().reverse().find((d) => existsSync(join(root, d, "bin", "postgres")));
    return v ? join(root, v, "bin") : undefined;
  };
  let bin = find();
  if (!bin && process.getuid?.() === 0) {
    spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    bin = find();
  }
  if (!bin) throw new Error("PostgreSQL is not installed: sudo apt-get install -y postgresql, then run the tests again");
  return bin;
}

describe("postgres SQL on a real PostgreSQL server", () => {
  let dir = "";
  let server: ChildProcess | undefined;
  let db: DuckDbEngine;
  const asPostgres = (cmd: string, args: string[]) => (process.getuid?.() === 0 ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", cmd, ...args]] : [cmd, args]) as [string, string[]];
  const psql = (sql: string): string[] => {
    const r = spawnSync("psql", ["-h", dir, "-p", String(PORT), "-U", "postgres", "-X", "-q", "-At", "-F", ",", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
    return r.stdout.trim().split("\n").filter(Boolean);
  };

  beforeAll(async () => {
    const bin = postgresBin();
    dir = mkdtempSync(join(tmpdir(), "clvlab-pg-"));
    if (process.getuid?.() === 0) {
      // The server refuses to run as root: the folder belongs to the postgres user the package created.
      const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
      chownSync(dir, id("-u"), id("-g"));
    }
    const [c1, a1] = asPostgres(join(bin, "initdb"), ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    const init = spawnSync(c1, a1, { encoding: "utf8" });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const [c2, a2] = asPostgres(join(bin, "postgres"), ["-D", join(dir, "data"), "-p", String(PORT), "-k", dir, "-c", "listen_addresses=", "-c", "fsync=off"]);
    server = spawn(c2, a2, { stdio: "ignore" });
    const until = Date.now() + 20_000;
    for (;;) {
      if (spawnSync("psql", ["-h", dir, "-p", String(PORT), "-U", "postgres", "-X", "-At", "-c", "select 1"]).status === 0) break;
      if (server.exitCode !== null || Date.now() > until) throw new Error(`postgres did not start (exit ${server.exitCode}) in ${dir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    psql("CREATE TABLE tx (customer_id text, date date, quantity integer, amount double precision)");
    psql(`\\copy tx FROM '${CDNOW}' CSV HEADER`);
    db = await openDuckDb({ threads: 2 });
    await db.exec(`CREATE TABLE tx AS SELECT * FROM read_csv('${CDNOW}', types = {'customer_id': 'VARCHAR'})`);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise<void>((r) => server!.once("exit", () => r()));
      process.kill(server.pid, "SIGINT"); // fast shutdown
      const t = setTimeout(() => server?.exitCode === null && process.kill(server.pid!, "SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const rowsOf = async (dialect: "postgres" | "duckdb", step: "summary" | "histogram") => {
    const sql = generateSql({ dialect, step, table: "tx", observationEnd: "1998-06-30", calibrationEnd: "1997-09-30", resolutionDays: step === "histogram" ? 7 : 1 });
    if (dialect === "postgres") return psql(sql).sort();
    return (await db.query(sql)).map((r) => Object.values(r).join(",")).sort();
  };

  it("gives DuckDB's CDNOW summary rows exactly (2,357 customers, integer days and cents)", async () => {
    const pg = await rowsOf("postgres", "summary");
    expect(pg.length).toBe(2357);
    expect(pg).toEqual(await rowsOf("duckdb", "summary"));
  });

  it("gives DuckDB's week histogram exactly", async () => {
    const pg = await rowsOf("postgres", "histogram");
    expect(pg.length).toBeGreaterThan(100);
    expect(pg).toEqual(await rowsOf("duckdb", "histogram"));
  });
});
