import { describe, expect, it } from "vitest";
import { describeLoadReport } from "../../../src/data/rows/describeLoadReport.js";
import type { RejectionReport } from "../../../src/data/types.js";

describe("describeLoadReport", () => {
  it("accounts for every row: read, used, returns, rejections by reason with examples, skipped links", () => {
    const report: RejectionReport = {
      rowsRead: 10,
      rowsUsed: 6,
      counts: { return: 1, unparseable_date: 2, missing_customer: 1 },
      examples: [
        { reason: "return", file: "a.csv", line: 3 },
        { reason: "unparseable_date", file: "a.csv", line: 5, column: "date", value: "31/02/2024" },
        { reason: "missing_customer", file: "b.csv", line: 2, column: "customer_id" },
      ],
      files: [
        { file: "a.csv", rowsRead: 7 },
        { file: "b.csv", rowsRead: 3 },
        { file: "gone.csv", rowsRead: 0, skipped: "dangling_symlink" },
      ],
    };
    expect(describeLoadReport(report)).toEqual([
      "rows read: 10",
      "rows used: 6",
      "returns: 1 (negative amounts: they reduce the customer's spend and are not purchases)",
      "rows rejected: 3 (unparseable_date: 2, missing_customer: 1)",
      '  unparseable_date: a.csv line 5, column "date", value "31/02/2024"',
      '  missing_customer: b.csv line 2, column "customer_id"',
      "skipped gone.csv: a symbolic link to nothing (its target was moved or deleted)",
    ]);
    // Every row is either used, a return or rejected.
    expect(report.rowsUsed + 1 + 3).toBe(report.rowsRead);
  });

  it("a clean load says zero rows rejected and nothing else", () => {
    expect(describeLoadReport({ rowsRead: 4, rowsUsed: 4, counts: {}, examples: [] })).toEqual(["rows read: 4", "rows used: 4", "rows rejected: 0"]);
  });
});
