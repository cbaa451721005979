// Summary comparison shared by the engine tests.
import { expect } from "vitest";
import type { CustomerSummaryWithReport } from "../../src/summaries/summarizeCustomers.js";

/** Counts and times bit-identical; money to the cent (the engine sums integer cents, memory sums floats). */
export function expectSameSummary(a: CustomerSummaryWithReport, b: CustomerSummaryWithReport): void {
  expect(a.customerId.length).toBe(b.customerId.length);
  expect(a.report).toEqual(b.report);
  expect(a.timeUnit).toBe(b.timeUnit);
  expect(a.durationHoldout).toBe(b.durationHoldout);
  const at = new Map(a.customerId.map((c, i) => [c, i]));
  let mismatches = 0;
  for (let j = 0; j < b.customerId.length; j++) {
    const i = at.get(b.customerId[j]!);
    if (i === undefined) {
      mismatches++;
      continue;
    }
    const same =
      a.frequency[i] === b.frequency[j] && a.recency[i] === b.recency[j] && a.T[i] === b.T[j] && a.orders[i] === b.orders[j] &&
      a.firstPurchase[i] === b.firstPurchase[j] && a.lastPurchase[i] === b.lastPurchase[j] &&
      Math.round(a.totalSpend[i]! * 100) === Math.round(b.totalSpend[j]! * 100) &&
      Math.abs(a.monetaryValue[i]! - b.monetaryValue[j]!) <= 1e-9 * Math.max(1, b.monetaryValue[j]!) &&
      (a.frequencyHoldout === undefined || (a.frequencyHoldout[i] === b.frequencyHoldout![j] && Math.abs(a.monetaryValueHoldout![i]! - b.monetaryValueHoldout![j]!) <= 1e-9 * Math.max(1, b.monetaryValueHoldout![j]!)));
    if (!same) mismatches++;
  }
  expect(mismatches).toBe(0);
}


/** Differences of two JSON values: numbers within 1e-9 relative (absolute below 1), everything else equal; pushed to `bad` by path. */
export function near(a: unknown, b: unknown, path: string, bad: string[]): void {
  if (typeof a === "number" && typeof b === "number") {
    if (!(a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) bad.push(`${path}: ${a} vs ${b}`);
  } else if (a && typeof a === "object" && b && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, bad);
  } else if (a !== b) bad.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}
