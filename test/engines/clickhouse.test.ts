// ClickHouse engine on a real two-shard cluster started by the test (MergeTree shards behind a Distributed table
// keyed by cityHash64(customer_id)): summaries identical to the in-memory path (summarizeCustomers), the histogram
// fit equal to the per-customer fit, scores written by the engine equal to the in-memory CLV.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { runEngineLenses } from "../../src/cli/engineOption.js";
import { runLenses } from "../../src/cli/lenses.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { cellPredictions } from "../../src/engines/cellPredictions.js";
import { ClickHouseEngine, openClickHouse } from "../../src/engines/clickhouseEngine.js";
import { fitHistogram, fitSpend } from "../../src/engines/fitHistogram.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { customerLifetimeValue } from "../../src/models/customerLifetimeValue.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens2 } from "../../src/lenses/lens2.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
// @ts-expect-error plain ESM script without types
import { startClickhouseCluster } from "../../scripts/ensure-clickhouse.mjs";

interface Cluster {
  httpPorts: [number, number];
  stop(): Promise<void>;
}
import { expectSameSummary } from "./sameSummary.js";

const CDNOW = "data/cdnow_transactions.csv";
const TEXAS = "data/texas_transactions.csv";
const CDNOW_OPTS = { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" } as const;
const TEXAS_OPTS = { timeUnit: "days", calibrationEnd: "2024-12-31", observationEnd: "2025-06-30" } as const;

describe("clickhouse engine on a two-shard cluster", () => {
  let cluster: Cluster;
  let ch: ClickHouseEngine;
  const shards: ClickHouseEngine[] = [];
  beforeAll(async () => {
    cluster = (await startClickhouseCluster("clv2")) as Cluster;
    ch = openClickHouse(`clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`);
    for (const port of cluster.httpPorts) {
      const s = openClickHouse(`clickhouse://127.0.0.1:${port}/default`);
      shards.push(s);
      await s.exec("CREATE TABLE cdnow_local (customer_id String, date Date, quantity Int32, amount Float64) ENGINE = MergeTree ORDER BY customer_id");
      await s.exec(
        "CREATE TABLE texas_local (customer_id String, order_id String, date Date, product String, quantity Int32, amount Float64, cost Float64, city String, channel String) ENGINE = MergeTree ORDER BY customer_id",
      );
    }
    await ch.exec("CREATE TABLE cdnow_all AS cdnow_local ENGINE = Distributed(clv2, default, cdnow_local, cityHash64(customer_id))");
    await ch.exec("CREATE TABLE texas_all AS texas_local ENGINE = Distributed(clv2, default, texas_local, cityHash64(customer_id))");
    ch.settings = { insert_distributed_sync: "1" };
    await ch.insertCsv("cdnow_all", CDNOW);
    await ch.insertCsv("texas_all", TEXAS);
    ch.settings = {};
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it("spreads CDNOW over both shards by customer", async () => {
    const counts = await Promise.all(shards.map(async (s) => Number((await s.query("SELECT toInt64(count()) AS n FROM cdnow_local"))[0]!.n)));
    expect(counts[0]! > 0 && counts[1]! > 0).toBe(true);
    expect(counts[0]! + counts[1]!).toBe(6919);
  });

  it("gives the CDNOW summary of summarizeCustomers through the Distributed table", async () => {
    const report = await ch.attach({ source: "cdnow_all" });
    expect(report.rowsRead).toBe(6919);
    expect(report.duplicateRows).toBe(21);
    expectSameSummary(await ch.summarize(CDNOW_OPTS), summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS));
  });

  it("gives the Texas summary of summarizeCustomers, returns counted apart, through the Distributed table", async () => {
    const report = await ch.attach({ source: "texas_all", countDuplicates: false });
    expect(report.counts.return).toBe(187);
    const merged = await ch.summarize(TEXAS_OPTS);
    expectSameSummary(merged, summarizeCustomers(await loadTransactions(TEXAS), TEXAS_OPTS));
  });

  it("fits BG/NBD on the cluster's histogram equal to the per-customer fit within 1e-9 and scores every customer into a table", async () => {
    await ch.attach({ source: "cdnow_all" });
    const h = await ch.histogram({ ...CDNOW_OPTS, resolutionDays: 1 });
    expect(h.customers).toBe(2357);
    const bg = fitHistogram(h, "bg-nbd").model;
    const s = summarizeCustomers(await loadTransactions(CDNOW), CDNOW_OPTS);
    const direct = fitBgNbd(s);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(bg.params[k] / direct.params[k] - 1)).toBeLessThan(1e-9);
    const gg = fitSpend(await ch.spendData(CDNOW_OPTS)).model;
    const cells = cellPredictions(bg, h, { months: 12 });
    const w = await ch.score(CDNOW_OPTS, cells, { resolutionDays: 1, spend: gg.params }, { table: "scores" });
    expect(w.customers).toBe(2357);
    const clv = customerLifetimeValue(bg, gg, s, { months: 12 });
    const idx = new Map(s.customerId.map((c, i) => [c, i]));
    const got = await ch.query("SELECT customer_id, clv FROM scores");
    let worst = 0;
    for (const r of got) worst = Math.max(worst, Math.abs(Number(r.clv) - clv[idx.get(String(r.customer_id))!]!) / clv[idx.get(String(r.customer_id))!]!);
    expect(got.length).toBe(2357);
    expect(worst).toBeLessThan(1e-9);
    // The same scores streamed by the server to a CSV file (never held in the Node heap).
    const csv = join(mkdtempSync(join(tmpdir(), "clvlab-ch-")), "scores.csv");
    expect((await ch.score(CDNOW_OPTS, cells, { resolutionDays: 1, spend: gg.params }, { file: csv })).customers).toBe(2357);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines.length).toBe(2358);
    expect(lines[0]).toContain("clv");
  });

  it("builds the Texas month panel on the cluster: lens 1 and lens 2 equal the in-memory audit to the cent", async () => {
    await ch.attach({ source: "texas_all", countDuplicates: false });
    const eng = await ch.periodPanel({ period: "month", observationEnd: "2025-06-30" });
    const mem = periodPanel(await loadTransactions(TEXAS, { attributes: "none" }), { period: "month", observationEnd: "2025-06-30" });
    expect(eng.totalSpendCents).toBe(mem.totalSpendCents);
    expect(eng.rows).toEqual(mem.rows);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === "margin" || k === "marginRate" ? undefined : v)));
    expect(strip(lens1(eng))).toEqual(strip(lens1(mem)));
    expect(strip(lens2(eng))).toEqual(strip(lens2(mem)));
  });

  for (const c of [
    { table: "texas_all", file: TEXAS, period: "month", observationEnd: "2025-06-30" },
    { table: "cdnow_all", file: CDNOW, period: "quarter", observationEnd: "1998-06-30" },
  ])
    it(`clvlab lenses --engine clickhouse on ${c.table} writes the in-memory audit's lens JSON, report.md and report.html (margins to the cent)`, async () => {
      const mem = mkdtempSync(join(tmpdir(), "clv-lens-mem-")), eng = mkdtempSync(join(tmpdir(), "clv-lens-ch-"));
      await runLenses([c.file], { period: c.period, outDir: mem, observationEnd: c.observationEnd });
      const lines = await runEngineLenses([c.table], { engine: `clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`, period: c.period, outDir: eng, observationEnd: c.observationEnd });
      const files = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f), "utf8").replaceAll(c.table, c.file)]));
      const a = files(mem), b = files(eng);
      expect(Object.keys(b)).toEqual(["lens1.json", "lens2.json", "lens3.json", "lens4.json", "lens5.json", "report.html", "report.md"]);
      expect(b).toEqual(a);
      expect(lines).toContain("reconciliation to the cent: lens 2 ok, lens 4 ok, lens 5 ok");
      if (c.table === "texas_all") expect(JSON.parse(b["lens1.json"]!).margin).toBe(JSON.parse(a["lens1.json"]!).margin);
    }, 60_000);
});
