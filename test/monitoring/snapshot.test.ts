import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { trainClvBundle } from "../../src/monitoring/clvBundle.js";
import { monitorModel } from "../../src/monitoring/monitorModel.js";
import { poissonQuantile } from "../../src/monitoring/poissonQuantile.js";
import { validateMonitoringSnapshot } from "../../src/monitoring/snapshotSchema.js";
import { snapshotToPrometheus } from "../../src/monitoring/snapshotToPrometheus.js";
import { trackRealizedVsPredicted } from "../../src/monitoring/trackRealizedVsPredicted.js";
import { monitoringReport } from "../../src/reports/monitoringReport.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const log = await loadTransactions("data/texas_transactions.csv");
const model = trainClvBundle(log, { trainingEnd: "2024-06-30" });
const snap = monitorModel(model, log, { modelId: "test-model", currentEnd: "2024-09-30", attributes: ["city"], createdAt: new Date("2024-10-01T00:00:00Z") });

describe("monitoring snapshot", () => {
  it("validates against its schema after a JSON round trip", () => {
    expect(validateMonitoringSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual([]);
  });

  it("holds bins and statistics, not rows: small whatever the number of customers", () => {
    const text = JSON.stringify(snap);
    expect(text.length).toBeLessThan(40_000);
    expect(text).not.toContain("C0001");
    const rate = snap.features.find((f) => f.name === "purchase_rate")!;
    expect(rate.referenceProportions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(rate.labels.length).toBe(rate.edges.length + 1);
  });

  it("names the path and the problem of an invalid snapshot", () => {
    const bad = JSON.parse(JSON.stringify(snap));
    bad.features[0].status = "severe";
    delete bad.tracking.periods[0].outside;
    bad.extra = 1;
    const errors = validateMonitoringSnapshot(bad);
    expect(errors).toContain('$.features[0].status: "severe" is not one of "none", "moderate", "major"');
    expect(errors).toContain('$.tracking.periods[0]: missing required property "outside"');
    expect(errors).toContain('$: unexpected property "extra"');
  });

  it("writes the same figures as Prometheus text exposition", () => {
    const prom = snapshotToPrometheus(snap);
    const rr = snap.features.find((f) => f.name === "recency_ratio")!;
    expect(prom).toContain(`clvlab_feature_psi{model="test-model",feature="recency_ratio",group="input"} ${rr.statistics.psi}`);
    expect(prom).toContain("# TYPE clvlab_feature_psi gauge");
    expect(prom).toContain(`clvlab_monitoring_status{model="test-model"} 0`);
    // Every sample line: name{labels} number.
    for (const line of prom.trim().split("\n")) if (!line.startsWith("#")) expect(line).toMatch(/^[a-z_]+\{[^}]*\} -?[0-9.e+-]+$/);
  });

  it("renders a self-contained HTML report with the drift and tracking charts", () => {
    const html = monitoringReport(snap);
    expect(html).toContain("<svg");
    expect(html).toContain("Population stability index by feature");
    expect(html).toContain("Repeat purchases per week");
    expect(html).not.toMatch(/<script|src="http/);
  });
});

describe("realized vs predicted", () => {
  it("uses Poisson quantiles that match scipy.stats.poisson.ppf", () => {
    // scipy 1.17.1: poisson.ppf(0.975, 100) = 120, ppf(0.025, 100) = 81, ppf(0.975, 3.2) = 7, ppf(0.025, 2500) = 2402.
    expect(poissonQuantile(0.975, 100)).toBe(120);
    expect(poissonQuantile(0.025, 100)).toBe(81);
    expect(poissonQuantile(0.975, 3.2)).toBe(7);
    expect(poissonQuantile(0.025, 2500)).toBe(2402);
  });

  it("counts actual repeat purchase days of the reference customers per week", () => {
    const t = snap.tracking;
    expect(t.periods.length).toBe(13);
    expect(t.periods[0]!.start).toBe("2024-07-01");
    expect(t.periods[0]!.end).toBe("2024-07-07");
    // Hand count from the CSV: distinct (customer, day) purchases in 2024-07-01..07 by customers first seen by 2024-06-30.
    const first = new Map<number, number>();
    for (let i = 0; i < log.length; i++) if (log.amount[i]! >= 0) first.set(log.customer[i]!, Math.min(first.get(log.customer[i]!) ?? Infinity, log.day[i]!));
    const ref = dayNumber("2024-06-30");
    const days = new Set<string>();
    for (let i = 0; i < log.length; i++) {
      const d = log.day[i]!;
      if (log.amount[i]! >= 0 && d > ref && d <= ref + 7 && first.get(log.customer[i]!)! <= ref) days.add(`${log.customer[i]}-${d}`);
    }
    expect(t.periods[0]!.actualPurchases).toBe(days.size);
  });

  it("gives a seeded, reproducible parametric bootstrap band at least as wide as the Poisson band", () => {
    const a = trackRealizedVsPredicted(model, log, { currentEnd: "2024-08-31", band: "bootstrap", draws: 50, seed: 3 });
    const b = trackRealizedVsPredicted(model, log, { currentEnd: "2024-08-31", band: "bootstrap", draws: 50, seed: 3 });
    const p = trackRealizedVsPredicted(model, log, { currentEnd: "2024-08-31" });
    expect(a.periods.map((x) => x.upperPurchases)).toEqual(b.periods.map((x) => x.upperPurchases));
    const widthB = a.periods.reduce((s, x) => s + x.upperPurchases - x.lowerPurchases, 0);
    const widthP = p.periods.reduce((s, x) => s + x.upperPurchases - x.lowerPurchases, 0);
    expect(widthB).toBeGreaterThan(0.8 * widthP);
  });

  it("rejects an unknown period or band", () => {
    expect(() => trackRealizedVsPredicted(model, log, { period: "day" as never })).toThrow(/invalid period "day": use week or month/);
    expect(() => trackRealizedVsPredicted(model, log, { band: "normal" as never })).toThrow(/invalid band "normal"/);
  });
});
