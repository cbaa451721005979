// The lens identities on random logs (returns, zero amounts, gaps, order ids), for every period kind.
import { describe, expect, it } from "vitest";
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens2 } from "../../src/lenses/lens2.js";
import { lens3 } from "../../src/lenses/lens3.js";
import { lens4 } from "../../src/lenses/lens4.js";
import { lens5 } from "../../src/lenses/lens5.js";
import { createRng } from "../../src/random/createRng.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel, type PeriodKind } from "../../src/summaries/periodPanel.js";
import { isoDate, dayNumber } from "../../src/time/dayNumber.js";

function randomRecords(seed: number): TransactionRecord[] {
  const rng = createRng(seed);
  const out: TransactionRecord[] = [];
  const d0 = dayNumber("2022-01-01");
  for (let c = 0; c < 150; c++) {
    const acq = d0 + rng.int(900);
    const n = 1 + rng.int(8);
    for (let k = 0; k < n; k++) {
      const day = k === 0 ? acq : acq + rng.int(d0 + 1000 - acq);
      const cents = rng.uniform() < 0.05 ? 0 : 1 + rng.int(20000);
      const sign = k > 0 && rng.uniform() < 0.08 ? -1 : 1;
      out.push({ customerId: `c${c}`, date: isoDate(day), amount: (sign * cents) / 100, cost: (sign * Math.round(cents * 0.6)) / 100, orderId: rng.uniform() < 0.5 ? `o${c}-${k >> 1}` : "", city: ["A", "B", "C"][rng.int(3)]! });
    }
  }
  return out;
}

describe("lens identities on random logs (Fader, Hardie & Ross 2022 definitions)", () => {
  for (const period of ["week", "month", "quarter", "year"] as PeriodKind[]) {
    it(`hold to the cent with ${period} periods`, () => {
      for (const seed of [1, 2, 3]) {
        const records = randomRecords(seed);
        const expectedCents = records.reduce((s, r) => s + Math.round(r.amount * 100), 0);
        const log = transactionLogFromRecords(records);
        const panel = periodPanel(log, { period });
        expect(panel.totalSpendCents).toBe(expectedCents);
        // Panel rows: orders never exceed the rows, spend adds up per customer.
        let rowsCents = 0;
        for (let r = 0; r < panel.customer.length; r++) rowsCents += panel.spendCents[r]!;
        expect(rowsCents).toBe(expectedCents);
        const l1 = lens1(panel, { from: panel.periodLabels[0]! });
        expect(l1.deciles.reduce((s, d) => s + d.customers, 0)).toBe(l1.customers);
        expect(Math.round(l1.deciles.reduce((s, d) => s + d.revenue, 0) * 100) + Math.round(l1.revenueWithoutOrders * 100)).toBe(Math.round(l1.revenue * 100));
        if (panel.periodLabels.length >= 2) {
          const l2 = lens2(panel);
          const c = l2.counts;
          expect(c.retained + c.lost).toBe(c.firstPeriodCustomers);
          expect(c.retained + c.new + c.reactivated).toBe(c.secondPeriodCustomers);
          expect(l2.reconciliation.revenue).toBe(true);
        }
        for (const cohorts of [undefined, assignCohorts(panel, { attribute: "city" }, log), assignCohorts(panel, { windows: [{ name: "w", start: "2022-03-01", end: "2022-12-31" }] })]) {
          const l4 = lens4(panel, cohorts ? { cohorts } : {});
          expect(l4.reconciliation.exact).toBe(true);
          const l5 = lens5(panel, cohorts ? { cohorts } : {});
          expect(l5.reconciliation.exact).toBe(true);
          const l3 = lens3(panel, cohorts ? { cohorts } : {});
          for (let k = 0; k < l3.age.length; k++) expect(l3.activeCustomers[k]!).toBeLessThanOrEqual(l3.membersObserved[k]!);
        }
      }
    });
  }
});
