// `clvlab monitor --engine duckdb|clickhouse`: the reference and current customer summaries and the realized tracking
// actuals computed in SQL give the in-memory snapshot (every statistic within 1e-9 relative, the same statuses and exit
// code) for BTYD bundles trained by `clvlab update` on CDNOW (to 1997-09-30, the Fader, Hardie & Lee 2005 calibration
// end; 2,357 customers per ../shared/data/README) and on a Texas slice (to 2024-03-31, monthly tracking).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMonitor, runUpdate, type MonitorCommandOptions } from "../../src/cli/monitor.js";
import { near } from "./sameSummary.js";
import { openClickHouse } from "../../src/engines/clickhouseEngine.js";
import { checkMonitorData } from "../../src/monitoring/monitorModelData.js";
import type { ClvPipeline } from "../../src/segmentation/predictor/pipelineTypes.js";
// @ts-expect-error plain ESM script without types
import { startClickhouseCluster } from "../../scripts/ensure-clickhouse.mjs";

const CDNOW = "data/cdnow_transactions.csv";
const TEXAS = "data/texas_transactions.csv";

/** A model store trained by `clvlab update` on the rows of `file` dated on or before `end` (date in column `dateCol`). */
async function trainedStore(file: string, dateCol: number, end: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "clv-mon-eng-"));
  const lines = readFileSync(file, "utf8").trim().split("\n");
  mkdirSync(join(dir, "tx"));
  writeFileSync(join(dir, "tx", "history.csv"), [lines[0], ...lines.slice(1).filter((l) => l.split(",")[dateCol]! <= end)].join("\n") + "\n");
  await runUpdate([join(dir, "tx")], { model: join(dir, "models") });
  return join(dir, "models", "latest");
}

/** Runs monitor in memory and on `engine`; returns both results and the differences of their snapshots. */
async function both(source: string, engineSource: string, engine: string, o: Omit<MonitorCommandOptions, "out">) {
  const mem = mkdtempSync(join(tmpdir(), "clv-mon-mem-")), eng = mkdtempSync(join(tmpdir(), "clv-mon-eng-"));
  const a = await runMonitor([source], { ...o, out: mem });
  const b = await runMonitor([engineSource], { ...o, out: eng, engine });
  const sa = JSON.parse(readFileSync(join(mem, "snapshot.json"), "utf8")), sb = JSON.parse(readFileSync(join(eng, "snapshot.json"), "utf8"));
  const bad: string[] = [];
  for (const k of Object.keys(sa)) if (k !== "createdAt") near(sb[k], sa[k], k, bad);
  return { a, b, sa, sb, bad };
}

describe("clvlab monitor --engine duckdb", () => {
  let cdnowModel: string, texasModel: string;
  beforeAll(async () => {
    cdnowModel = await trainedStore(CDNOW, 1, "1997-09-30");
    texasModel = await trainedStore(TEXAS, 2, "2024-03-31");
  }, 60_000);

  it("gives the in-memory snapshot on CDNOW: statistics within 1e-9, same alerts, status and exit code", async () => {
    const { a, b, sa, sb, bad } = await both(CDNOW, CDNOW, "duckdb", { model: cdnowModel });
    expect(bad).toEqual([]);
    expect(b.text).toContain("engine: duckdb");
    expect(b.exitCode).toBe(a.exitCode);
    expect(sb.status).toBe(sa.status);
    expect(sa.reference.customers).toBe(2357);
    // 39 whole weeks from 1997-10-01 to 1998-06-30; repeat purchases of the 2,357 customers in them.
    expect(sb.tracking.periods.length).toBe(39);
    expect(sb.tracking.cumulativeActual).toBe(1882); // the holdout repeat purchase days of Fader, Hardie & Lee (2005), as test/engines/validate.test.ts
    expect(sb.features.map((f: { name: string }) => f.name)).toEqual(sa.features.map((f: { name: string }) => f.name));
  }, 60_000);

  it("gives the in-memory snapshot on a Texas slice (returns left out) with monthly tracking, a bootstrap band and a later reference end", async () => {
    const { a, b, sa, sb, bad } = await both(TEXAS, TEXAS, "duckdb", { model: texasModel, period: "month", band: "bootstrap", seed: "7", referenceEnd: "2024-06-30", currentEnd: "2025-03-31" });
    expect(bad).toEqual([]);
    expect(b.exitCode).toBe(a.exitCode);
    expect(sb.tracking.periods.length).toBe(9);
    expect(sb.tracking.periods.reduce((s: number, p: { actualRevenue: number }) => s + p.actualRevenue, 0)).toBeGreaterThan(0);
    expect(sb.current.newCustomers).toBe(sa.current.newCustomers);
  }, 60_000);

  it("refuses log attributes and stacked pipelines on an engine, naming the in-memory engine", async () => {
    const out = mkdtempSync(join(tmpdir(), "clv-mon-"));
    await expect(runMonitor([TEXAS], { model: texasModel, out, engine: "duckdb", attribute: ["city"] })).rejects.toThrow(/log attributes \(city\) read the transaction log: monitor them with the in-memory engine \(--engine memory\)/);
    // The refusal looks only at the kind, before any engine opens (a trained pipeline is exercised in test/cli/monitorPipeline.test.ts).
    expect(() => checkMonitorData({ kind: "clv-pipeline" } as unknown as ClvPipeline, {})).toThrow(/a stacked pipeline's sequence features read the transaction log: monitor it with the in-memory engine \(--engine memory\)/);
  });
});

describe("clvlab monitor --engine clickhouse on a two-shard cluster", () => {
  let cluster: { httpPorts: [number, number]; stop(): Promise<void> };
  let cdnowModel: string;
  beforeAll(async () => {
    cdnowModel = await trainedStore(CDNOW, 1, "1997-09-30");
    cluster = await startClickhouseCluster("clvmon");
    const ch = openClickHouse(`clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`);
    for (const port of cluster.httpPorts) await openClickHouse(`clickhouse://127.0.0.1:${port}/default`).exec("CREATE TABLE cdnow_local (customer_id String, date Date, quantity Int32, amount Float64) ENGINE = MergeTree ORDER BY customer_id");
    await ch.exec("CREATE TABLE cdnow_all AS cdnow_local ENGINE = Distributed(clvmon, default, cdnow_local, cityHash64(customer_id))");
    ch.settings = { insert_distributed_sync: "1" };
    await ch.insertCsv("cdnow_all", CDNOW);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it("gives the in-memory snapshot on CDNOW spread over both shards", async () => {
    const { a, b, sb, bad } = await both(CDNOW, "cdnow_all", `clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`, { model: cdnowModel });
    expect(bad).toEqual([]);
    expect(b.text).toContain("engine: clickhouse");
    expect(b.exitCode).toBe(a.exitCode);
    expect(sb.tracking.periods.length).toBe(39);
  }, 60_000);
});
