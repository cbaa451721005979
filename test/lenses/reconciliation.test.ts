// Reconciliation identities of lenses 2, 4 and 5 on the real data sets, against totals computed here from the raw file text.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens2 } from "../../src/lenses/lens2.js";
import { lens3 } from "../../src/lenses/lens3.js";
import { lens4 } from "../../src/lenses/lens4.js";
import { lens5 } from "../../src/lenses/lens5.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel, type PeriodKind } from "../../src/summaries/periodPanel.js";

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const texas = path("../../data/texas_transactions.csv");
const cdnowCsv = path("../../data/cdnow_transactions.csv");
const cdnowTxt = path("../../../shared/data/cdnow/CDNOW_sample.txt");

/** Sum of an amount column in integer cents, straight from the text (independent of the loader). */
function rawCents(file: string, column: number, sep: RegExp, header: boolean): number {
  const lines = readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  let s = 0;
  for (const l of lines.slice(header ? 1 : 0)) {
    const v = l.trim().split(sep)[column]!;
    const [int, frac = ""] = v.replace("-", "").split(".");
    s += (v.startsWith("-") ? -1 : 1) * (Number(int) * 100 + Number((frac + "00").slice(0, 2)));
  }
  return s;
}

function checkIdentities(log: Awaited<ReturnType<typeof loadTransactions>>, period: PeriodKind, expectedCents: number) {
  const panel = periodPanel(log, { period });
  expect(panel.totalSpendCents).toBe(expectedCents);
  const l2 = lens2(panel);
  const c = l2.counts;
  expect(c.retained + c.lost).toBe(c.firstPeriodCustomers);
  expect(c.retained + c.new + c.reactivated).toBe(c.secondPeriodCustomers);
  expect(l2.reconciliation.revenue).toBe(true);
  expect(Math.round(l2.secondSummary.revenue * 100) - Math.round(l2.firstSummary.revenue * 100)).toBe(l2.reconciliation.revenueChangeCents);
  const l4 = lens4(panel);
  expect(l4.reconciliation.exact).toBe(true);
  expect(l4.reconciliation.actualCents).toBe(expectedCents);
  for (const cell of l4.cells) if (cell.orders > 0) expect(Math.round(cell.decomposedRevenue! * 100)).toBe(Math.round(cell.revenue * 100));
  const l5 = lens5(panel);
  expect(l5.reconciliation).toEqual({ totalRevenueCents: expectedCents, layerSumCents: expectedCents, exact: true });
  const layerCents = l5.revenue.flat().reduce((s, x) => s + Math.round(x * 100), 0);
  expect(layerCents).toBe(expectedCents);
  return { panel, l2, l4, l5 };
}

describe("reconciliation on real data (Fader, Hardie & Ross 2022 lens identities)", () => {
  it("Texas: lens 2 counts, lens 4 decomposition and lens 5 layers reconcile to the cent (monthly and quarterly)", async () => {
    const log = await loadTransactions(texas);
    const cents = rawCents(texas, 5, /,/, true);
    const { panel, l2 } = checkIdentities(log, "month", cents);
    checkIdentities(log, "quarter", cents);
    expect(panel.customersObserved).toBe(1000);
    expect(l2.first.from).toBe("2023-07"); // data end 2025-06-30: the last two years of complete months
    // The margin decomposition carries the margin to the cent too.
    const l4 = lens4(panel);
    const marginCents = l4.cells.reduce((s, x) => s + Math.round((x.margin ?? 0) * 100), 0);
    expect(marginCents).toBe(panel.totalMarginCents);
    // City cohorts cover everyone: lens 5 layers by city still sum to the total.
    const byCity = lens5(panel, { cohorts: assignCohorts(panel, { attribute: "city" }, log) });
    expect(byCity.cohorts).toEqual(["Austin", "Dallas", "Houston", "San Antonio"]);
    expect(byCity.reconciliation.exact).toBe(true);
  });

  it("CDNOW (tidy CSV and the original whitespace sample): the identities hold to the cent; every customer is a Q1 1997 acquisition", async () => {
    const csv = await loadTransactions(cdnowCsv);
    const cents = rawCents(cdnowCsv, 3, /,/, true);
    const { panel, l4 } = checkIdentities(csv, "month", cents);
    expect(panel.customersObserved).toBe(2357);
    expect(l4.cohorts.filter((c) => c.size > 0).map((c) => c.label)).toEqual(["1997-01", "1997-02", "1997-03"]);
    const txt = await loadTransactions(cdnowTxt, { delimiter: "whitespace", header: false, columnNames: ["master_id", "customer_id", "date", "quantity", "amount"] });
    expect(rawCents(cdnowTxt, 4, /\s+/, false)).toBe(cents);
    const q = checkIdentities(txt, "quarter", cents);
    expect(q.l5.cohorts).toEqual(["1997-Q1"]);
    // Lens 1 over the year to 1998-06: one period of the whole base.
    const l1 = lens1(q.panel);
    expect(l1.window).toMatchObject({ from: "1997-Q3", to: "1998-Q2" });
    const l3 = lens3(panel, { cohort: "1997-01" });
    expect(l3.age.length).toBe(18);
    expect(l3.retention[0]).toBe(1);
  });
});
