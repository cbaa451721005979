import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
// Through the public entry point: these functions keep their names wherever the pipeline's files live.
import { clvTable, DEFAULT_SEGMENT_FEATURES, SEQUENCE_FEATURES, toFeatureMatrix, writeClvTable, type ClvPrediction } from "../../../src/index.js";

// A hand-made prediction: two customers, horizons 30 and 365 days, three segments.
function prediction(withIntervals: boolean): ClvPrediction {
  return {
    customerIds: ["c1", "=c2"],
    asOf: "2024-06-30",
    horizonsDays: [30, 365],
    segment: Int32Array.from([2, 0]),
    segmentProbability: Float64Array.from([0.75, 0.5]),
    probabilities: Float64Array.from([0.1, 0.15, 0.75, 0.5, 0.3, 0.2]),
    k: 3,
    purchases: [Float64Array.from([0.2, 0.1]), Float64Array.from([2.5, 1.25])],
    value: [Float64Array.from([10, 1.5]), Float64Array.from([120.25, 18])],
    btydPurchases: [Float64Array.from([0.2, 0.1]), Float64Array.from([2.4, 1.2])],
    ...(withIntervals
      ? {
          intervals: {
            customerIds: ["c1", "=c2"], horizonDays: 365, levels: [0.95], samples: 200,
            lower: { "0.95": Float64Array.from([40, 0]) }, upper: { "0.95": Float64Array.from([260, 55.5]) },
            // c2's bootstrap interval of the expected value lies above its point forecast (18): the bound moves to it.
            expectedLower: { "0.95": Float64Array.from([100, 20]) }, expectedUpper: { "0.95": Float64Array.from([150, 30]) },
          },
        }
      : {}),
  };
}

describe("clvTable", () => {
  it("lays out id, segment, its probability, one clv_<h>d column per horizon, the interval of the expected value (bracketing the point forecast) and the prediction interval, row by row", () => {
    const t = clvTable(prediction(true));
    expect(t.columnNames()).toEqual(["customer_id", "segment", "segment_probability", "clv_30d", "clv_365d", "clv_lower_95", "clv_upper_95", "clv_pred_lower_95", "clv_pred_upper_95"]);
    expect(t.objects()).toEqual([
      { customer_id: "c1", segment: 2, segment_probability: 0.75, clv_30d: 10, clv_365d: 120.25, clv_lower_95: 100, clv_upper_95: 150, clv_pred_lower_95: 40, clv_pred_upper_95: 260 },
      { customer_id: "=c2", segment: 0, segment_probability: 0.5, clv_30d: 1.5, clv_365d: 18, clv_lower_95: 18, clv_upper_95: 30, clv_pred_lower_95: 0, clv_pred_upper_95: 55.5 },
    ]);
  });

  it("fills the bounds with NaN when the prediction has no intervals", () => {
    const t = clvTable(prediction(false));
    expect([...(t.array("clv_lower_95") as Float64Array)]).toEqual([NaN, NaN]);
    expect([...(t.array("clv_upper_95") as Float64Array)]).toEqual([NaN, NaN]);
  });
});

describe("writeClvTable", () => {
  const dir = mkdtempSync(join(tmpdir(), "clvlab-clvtable-"));

  it("writes CSV with missing bounds as empty cells and a formula-like id escaped (OWASP CSV injection)", () => {
    writeClvTable(clvTable(prediction(false)), join(dir, "t.csv"));
    expect(readFileSync(join(dir, "t.csv"), "utf8")).toBe(
      "customer_id,segment,segment_probability,clv_30d,clv_365d,clv_lower_95,clv_upper_95,clv_pred_lower_95,clv_pred_upper_95\n" + "c1,2,0.75,10,120.25,,,,\n" + `"'=c2",0,0.5,1.5,18,,,,\n`,
    );
  });

  it("round-trips through Parquet: ids as strings, the same numbers, missing bounds as nulls", async () => {
    writeClvTable(clvTable(prediction(false)), join(dir, "t.parquet"));
    const buf = readFileSync(join(dir, "t.parquet"));
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    expect(rows).toEqual([
      { customer_id: "c1", segment: 2, segment_probability: 0.75, clv_30d: 10, clv_365d: 120.25, clv_lower_95: null, clv_upper_95: null, clv_pred_lower_95: null, clv_pred_upper_95: null },
      { customer_id: "=c2", segment: 0, segment_probability: 0.5, clv_30d: 1.5, clv_365d: 18, clv_lower_95: null, clv_upper_95: null, clv_pred_lower_95: null, clv_pred_upper_95: null },
    ]);
  });

  it("writes JSON lines with the interval bounds when present", () => {
    writeClvTable(clvTable(prediction(true)), join(dir, "t.jsonl"));
    const rows = readFileSync(join(dir, "t.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.clv_lower_95, r.clv_upper_95, r.clv_pred_lower_95, r.clv_pred_upper_95])).toEqual([[100, 150, 40, 260], [18, 30, 0, 55.5]]);
  });

  it("refuses an unknown extension before writing, naming the formats", () => {
    expect(() => writeClvTable(clvTable(prediction(false)), join(dir, "t.xlsx"))).toThrow(/unsupported output .*t\.xlsx: use a file name ending in \.csv, \.parquet, \.json or \.jsonl/);
  });
});

describe("toFeatureMatrix", () => {
  it("packs rows into a row-major Float64Array and passes a valid matrix through unchanged", () => {
    const m = toFeatureMatrix([[1, 2, 3], [4, 5, 6]]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect([...m.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toFeatureMatrix(m)).toBe(m);
  });

  it("rejects ragged rows, empty matrices, short data and non-finite values, naming row and column", () => {
    expect(() => toFeatureMatrix([[1, 2], [3]])).toThrow("row 1 has 1 values, expected 2: give every row the same features");
    expect(() => toFeatureMatrix([])).toThrow("empty feature matrix (0 × 0): need at least one row and one column");
    expect(() => toFeatureMatrix({ data: new Float64Array(3), rows: 2, cols: 2 })).toThrow("feature matrix data has 3 values, expected rows × cols = 4");
    expect(() => toFeatureMatrix([[1, 2], [3, NaN]])).toThrow("feature matrix row 1, column 1 is NaN: features must be finite");
    expect(() => toFeatureMatrix({ data: Float64Array.from([0, Infinity]), rows: 1, cols: 2 })).toThrow("feature matrix row 0, column 1 is Infinity");
  });
});

describe("DEFAULT_SEGMENT_FEATURES", () => {
  it("names only features the sequence encoder produces, each once", () => {
    expect(DEFAULT_SEGMENT_FEATURES.length).toBeGreaterThan(0);
    expect(new Set(DEFAULT_SEGMENT_FEATURES).size).toBe(DEFAULT_SEGMENT_FEATURES.length);
    for (const f of DEFAULT_SEGMENT_FEATURES) expect(SEQUENCE_FEATURES).toContain(f);
  });
});
