import { describe, expect, it } from "vitest";
import type { ClvBundle } from "../../src/monitoring/clvBundle.js";
import { MONITORING_SNAPSHOT_VERSION } from "../../src/monitoring/monitorModel.js";
import { REVIEW_ACTIONS } from "../../src/reports/monitoringReport.js";
import { predictionFeatures } from "../../src/monitoring/predictionFeatures.js";
import { maxSeverity, severityExitCode } from "../../src/monitoring/severity.js";
import { MONITORING_SNAPSHOT_SCHEMA } from "../../src/monitoring/snapshotSchema.js";
import type { CustomerSummary } from "../../src/summaries/types.js";

// Published BG/NBD estimates on CDNOW (Fader, Hardie & Lee 2005), weeks.
const FHL = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

function bundle(over: Partial<ClvBundle> = {}): ClvBundle {
  return {
    kind: "clv-btyd-bundle",
    purchaseModel: { model: "bg-nbd", params: FHL, timeUnit: "weeks" },
    spendModel: null,
    purchaseInverseHessian: null,
    spendInverseHessian: null,
    timeUnit: "weeks",
    trainingStart: "1997-01-01",
    trainingEnd: "1997-09-30",
    customers: 2357,
    transactions: 4000,
    files: {},
    lineage: { parent: null, decision: "initial", reason: "test", dataHash: "0", fullFitEnd: "1997-09-30" },
    fitEvaluations: { purchase: 0, purchaseSubsample: 0, spend: 0 },
    ...over,
  };
}

// Customer 1516 of CDNOW (x 26, t_x 30.857, T 31 weeks; 27 purchase days worth 1,350) and a one-time buyer.
const summary: CustomerSummary = {
  timeUnit: "weeks",
  observationEnd: "1997-09-30",
  customerId: ["1516", "7"],
  frequency: Float64Array.from([26, 0]),
  recency: Float64Array.from([30.857142857142858, 0]),
  T: Float64Array.from([31, 20]),
  monetaryValue: Float64Array.from([50, 0]),
  firstPurchase: Int32Array.from([0, 0]),
  lastPurchase: Int32Array.from([0, 0]),
  totalSpend: Float64Array.from([1350, 12]),
  orders: Int32Array.from([27, 1]),
};

describe("predictionFeatures", () => {
  it("gives P(alive) 0.9689 for x = 26, t_x = 30.857, T = 31 under the published BG/NBD (Fader, Hardie & Lee 2005)", () => {
    const f = predictionFeatures(bundle(), summary);
    expect(f.numeric.p_alive![0]!.toFixed(4)).toBe("0.9689");
    // A one-time buyer is alive for sure under BG/NBD (dropout happens only after a repeat purchase).
    expect(f.numeric.p_alive![1]).toBe(1);
    expect(f.customers).toBe(2);
    expect(f.asOf).toBe("1997-09-30");
    expect(f.timeUnit).toBe("weeks");
  });

  it("without a spend model and with no discounting, CLV = mean spend per purchase day × expected purchases over the horizon", () => {
    const f = predictionFeatures(bundle(), summary, { months: 12, discountRate: 0 });
    const e = f.numeric.expected_purchases!;
    // 12 months of 365.25/12 days = 52.18 weeks: a little above the published E[Y(52)] = 25.757.
    expect(e[0]!).toBeGreaterThan(25.757);
    expect(e[0]!).toBeLessThan(25.757 + 0.2);
    expect(f.numeric.clv![0]!).toBeCloseTo((1350 / 27) * e[0]!, 9);
    expect(f.numeric.clv![1]!).toBeCloseTo(12 * e[1]!, 9);
  });

  it("discounts CLV at the annual rate: 10 % a year lowers a 12-month CLV by less than 10 % and more than 0", () => {
    const plain = predictionFeatures(bundle(), summary, { discountRate: 0 }).numeric.clv!;
    const disc = predictionFeatures(bundle(), summary).numeric.clv!;
    const ratio = disc[0]! / plain[0]!;
    // Purchases spread over the year are discounted by (1.1)^(−k/12), k = 1..12: between 1.1^−1 and 1.1^(−1/12).
    expect(ratio).toBeGreaterThan(1 / 1.1);
    expect(ratio).toBeLessThan(Math.pow(1.1, -1 / 12));
  });

  it("rejects a bad horizon, a summary in another unit and something that is not a bundle, saying what to do", () => {
    expect(() => predictionFeatures(bundle(), summary, { months: 0 })).toThrow(/invalid horizon 0 months: use a positive number such as 12/);
    expect(() => predictionFeatures(bundle(), { ...summary, timeUnit: "days" })).toThrow(/summary in days but the model in weeks: summarize in weeks/);
    expect(() => predictionFeatures({ kind: "clv-pipeline", timeUnit: "weeks" } as unknown as ClvBundle, summary)).toThrow(/not a monitored CLV model \(kind "clv-pipeline"\): train one with trainClvBundle/);
  });

  // Once a defect: the time units were compared before the kind was checked, so another stored object
  // (no timeUnit) was reported as "summary in weeks but the model in undefined".
  it("names the wrong kind of stored object, not an undefined time unit, when given something that is not a bundle", () => {
    expect(() => predictionFeatures({ kind: "clv-pipeline" } as unknown as ClvBundle, summary)).toThrow(/not a monitored CLV model \(kind "clv-pipeline"\)/);
  });
});

describe("severity exit codes and review actions", () => {
  it("maps none, moderate and major to exit codes 0, 1 and 2 (the worst of several levels decides)", () => {
    expect(severityExitCode("none")).toBe(0);
    expect(severityExitCode("moderate")).toBe(1);
    expect(severityExitCode("major")).toBe(2);
    expect(severityExitCode(maxSeverity("none", "major", "moderate"))).toBe(2);
    expect(severityExitCode(maxSeverity())).toBe(0);
  });

  it("has one review action per status, escalating from the warm update to a full refit", () => {
    expect(Object.keys(REVIEW_ACTIONS).sort()).toEqual(["major", "moderate", "none"]);
    expect(REVIEW_ACTIONS.none).toMatch(/^No action/);
    expect(REVIEW_ACTIONS.moderate).toMatch(/^Review/);
    expect(REVIEW_ACTIONS.major).toMatch(/clvlab update --policy full/);
  });

  it("the snapshot schema pins the version the snapshot writer stamps", () => {
    const props = MONITORING_SNAPSHOT_SCHEMA.properties as Record<string, { const?: unknown }>;
    expect(props.schemaVersion!.const).toBe(MONITORING_SNAPSHOT_VERSION);
    expect(MONITORING_SNAPSHOT_VERSION).toBe(1);
    expect(MONITORING_SNAPSHOT_SCHEMA.$id).toMatch(/monitoring-snapshot-1\.json$/);
  });
});
