// The Five Lenses report as a list of blocks, rendered to Markdown and to HTML (internal).
import type { Lens1Result } from "../lenses/lens1.js";
import type { Lens2Result } from "../lenses/lens2.js";
import type { Lens3Result } from "../lenses/lens3.js";
import type { Lens4Result } from "../lenses/lens4.js";
import { HEALTH_FACTOR_LABELS, type Lens5Result } from "../lenses/lens5.js";
import { escapeMarkup } from "./renderBlocks.js";

export type Block =
  | { kind: "h1" | "h2" | "h3" | "p" | "note"; text: string }
  | { kind: "table"; header: string[]; rows: string[][]; align?: Array<"l" | "r"> }
  | { kind: "kv"; rows: Array<[string, string]> }
  | { kind: "chart"; name: string; caption: string };

export interface LensesBundle {
  lens1: Lens1Result;
  lens2: Lens2Result;
  lens3: Lens3Result;
  lens4: Lens4Result;
  lens5: Lens5Result;
}

export interface DocumentContext {
  title: string;
  currency: string;
  source: string;
  observationStart: string;
  observationEnd: string;
  timeZone: string;
  customers: number;
  rowsUsed: number;
  rowsExcluded: number;
}

const nf0 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const nf2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const int = (x: number | null) => (x === null ? "n/a" : nf0.format(x));
export const num = (x: number | null, d = 2) => (x === null ? "n/a" : x.toFixed(d));
export const pct = (x: number | null, d = 1) => (x === null ? "n/a" : `${(x * 100).toFixed(d)}%`);
export const cur = (c: string) => (x: number | null) => (x === null ? "n/a" : `${x < 0 ? "-" : ""}${c}${nf2.format(Math.abs(x))}`);

export function lensesDocument(l: LensesBundle, raw: DocumentContext): Block[] {
  // User-supplied strings are shown as typed, never read as Markdown or HTML.
  const ctx = { ...raw, title: escapeMarkup(raw.title), source: escapeMarkup(raw.source), timeZone: escapeMarkup(raw.timeZone) };
  const m = cur(ctx.currency);
  return [...headline(l, ctx, m), ...lens1Blocks(l.lens1, m), ...lens2Blocks(l.lens2, m), ...lens3Blocks(l.lens3, ctx, m), ...lens4Blocks(l.lens4, m), ...lens5Blocks(l.lens5, m)];
}

type Money = (x: number | null) => string;

/** Title, what the audit is and on which data, and the headline figures. */
function headline(l: LensesBundle, ctx: DocumentContext, m: Money): Block[] {
  const { lens1: l1, lens2: l2, lens4: l4, lens5: l5 } = l;
  const b: Block[] = [];
  b.push({ kind: "h1", text: ctx.title });
  b.push({
    kind: "p",
    text: `Customer-base audit after Fader, Hardie & Ross, *The Customer-Base Audit* (2022): five lenses, each answering one question about the customers. Data: ${ctx.source}; ${int(ctx.rowsUsed)} transaction rows of ${int(ctx.customers)} customers observed ${ctx.observationStart} to ${ctx.observationEnd} (days in ${ctx.timeZone})${ctx.rowsExcluded ? `; ${int(ctx.rowsExcluded)} rows outside the window excluded` : ""}. Periods: ${l1.period}s. Revenue is net of returns; an order is a distinct order id (else a purchase day); a customer is active in a period when they placed at least one order.`,
  });
  b.push({
    kind: "kv",
    rows: [
      ["Health score (clvlab, 0-1)", num(l5.health.score)],
      ...(l5.projection ? [[`Projected revenue, next 12 months (${l5.projection.model})`, m(l5.projection.annualRevenue)] as [string, string]] : []),
      [`Active customers ${l1.window.from}..${l1.window.to}`, int(l1.customers)],
      [`Revenue ${l1.window.from}..${l1.window.to}`, m(l1.revenue)],
      ["Top 10% customers' share of revenue", pct(l1.concentration.find((c) => c.topPercent === 10)?.share ?? null)],
      [`Retention ${l2.first.from}..${l2.first.to} → ${l2.second.from}..${l2.second.to}`, pct(l2.retentionRate)],
      ["Revenue reconciles to the cent (lenses 2, 4, 5)", l2.reconciliation.revenue && l4.reconciliation.exact && l5.reconciliation.exact ? "yes" : "NO"],
    ],
  });
  return b;
}

/** Lens 1: one period (who bought, how often, how much, how concentrated). */
function lens1Blocks(l1: Lens1Result, m: Money): Block[] {
  const b: Block[] = [];
  b.push({ kind: "h2", text: `Lens 1 — one period: ${l1.window.from} to ${l1.window.to}` });
  b.push({ kind: "p", text: "Who bought in the period, how often, how much, and how concentrated revenue is. Customer value = a customer's net revenue in the period; AOV = revenue / orders." });
  b.push({
    kind: "kv",
    rows: [
      ["Active customers", int(l1.customers)],
      ["One-time buyers", `${int(l1.oneTimeBuyers)} (${pct(l1.oneTimeBuyerShare)})`],
      ["Orders", int(l1.orders)],
      ["Revenue", m(l1.revenue)],
      ["Orders per customer", num(l1.ordersPerCustomer)],
      ["Average order value", m(l1.averageOrderValue)],
      ["Mean / median customer value", `${m(l1.meanCustomerValue)} / ${m(l1.medianCustomerValue)}`],
      ...(l1.margin !== undefined ? ([["Margin (rate)", `${m(l1.margin)} (${pct(l1.marginRate ?? null)})`]] as Array<[string, string]>) : []),
      ["Gini coefficient of customer value", num(l1.gini, 3)],
      ...l1.concentration.map((c) => [`Top ${c.topPercent}% of customers (${int(c.customers)})`, `${pct(c.share)} of revenue`] as [string, string]),
    ],
  });
  b.push({ kind: "chart", name: "lorenz", caption: "Lorenz curve: the further below the diagonal, the more concentrated revenue is." });
  b.push({ kind: "chart", name: "deciles", caption: "Share of revenue by customer decile." });
  b.push({
    kind: "table",
    header: ["decile", "customers", "revenue", "share", "cum. share", "orders/cust.", "AOV", "mean value"],
    rows: l1.deciles.map((d) => [`D${d.decile}`, int(d.customers), m(d.revenue), pct(d.revenueShare), pct(d.cumulativeRevenueShare), num(d.ordersPerCustomer), m(d.averageOrderValue), m(d.meanCustomerValue)]),
    align: ["l", "r", "r", "r", "r", "r", "r", "r"],
  });
  b.push({ kind: "h3", text: "Purchase counts" });
  b.push({
    kind: "table",
    header: ["orders", "customers", "share", "revenue"],
    rows: l1.purchaseCounts.map((p) => [p.orders, int(p.customers), pct(p.share), m(p.revenue)]),
    align: ["l", "r", "r", "r"],
  });
  b.push({ kind: "h3", text: "RFM distribution" });
  const dist = (name: string, d: Lens1Result["rfm"]["recencyDays"], f: (x: number | null) => string) => [name, f(d.min), f(d.p25), f(d.median), f(d.p75), f(d.p90), f(d.max), f(d.mean)];
  b.push({
    kind: "table",
    header: ["", "min", "p25", "median", "p75", "p90", "max", "mean"],
    rows: [dist("recency (days)", l1.rfm.recencyDays, (x) => num(x, 0)), dist("frequency (orders)", l1.rfm.frequency, (x) => num(x, 1)), dist("monetary (total)", l1.rfm.monetary, m), dist("average value per order", l1.rfm.averageOrderValue, m)],
    align: ["l", "r", "r", "r", "r", "r", "r", "r"],
  });
  // Scores no customer has (many tied values, e.g. most customers with one order) are left out of the grid, and said so.
  const fUsed = [0, 1, 2, 3, 4].filter((f) => l1.rfm.grid.some((row) => row[f]! > 0));
  const fEmpty = [0, 1, 2, 3, 4].filter((f) => !fUsed.includes(f));
  b.push({
    kind: "table",
    header: ["customers: R \\ F", ...fUsed.map((f) => `F${f + 1}`)],
    rows: l1.rfm.grid.map((row, r) => [`R${r + 1}`, ...fUsed.map((f) => int(row[f]!))]).reverse(),
    align: ["l", ...fUsed.map(() => "r" as const)],
  });
  b.push({ kind: "note", text: `RFM scores (the rule of \`rfm()\` too): score = 1 + floor(5 × customers with a strictly worse value / customers); 5 is the most recent, most frequent, highest spend; equal values share a score.${fEmpty.length ? ` ${fEmpty.map((f) => `F${f + 1}`).join(", ")} ${fEmpty.length === 1 ? "has" : "have"} no customers: the order counts tie (${num(l1.rfm.frequency.median, 0)} is the median), so those scores are skipped.` : ""}` });
  return b;
}

/** Lens 2: period to period (retained, lost, new, reactivated). */
function lens2Blocks(l2: Lens2Result, m: Money): Block[] {
  const b: Block[] = [];
  b.push({ kind: "h2", text: `Lens 2 — period to period: ${l2.first.from}..${l2.first.to} → ${l2.second.from}..${l2.second.to}` });
  b.push({ kind: "p", text: "Retained = active in both periods; lost = active in the first only; new = first purchase in the second period; reactivated = active in the second, not in the first, first purchase before it." });
  const c = l2.counts;
  b.push({
    kind: "kv",
    rows: [
      ["First-period customers", `${int(c.firstPeriodCustomers)} = ${int(c.retained)} retained + ${int(c.lost)} lost`],
      ["Second-period customers", `${int(c.secondPeriodCustomers)} = ${int(c.retained)} retained + ${int(c.new)} new + ${int(c.reactivated)} reactivated`],
      ["Retention / churn rate", `${pct(l2.retentionRate)} / ${pct(l2.churnRate)}`],
      ["Revenue", `${m(l2.firstSummary.revenue)} → ${m(l2.secondSummary.revenue)} (${m(l2.change.revenue)}, ${pct(l2.change.revenuePercent)})`],
      ["Orders", `${int(l2.firstSummary.orders)} → ${int(l2.secondSummary.orders)}`],
      ["Average order value", `${m(l2.firstSummary.averageOrderValue)} → ${m(l2.secondSummary.averageOrderValue)}`],
    ],
  });
  b.push({ kind: "chart", name: "migration", caption: "Where the first period's customers went, and where the second period's came from." });
  b.push({
    kind: "table",
    header: ["group", "customers", "orders (1st)", "orders (2nd)", "revenue (1st)", "revenue (2nd)", "revenue change"],
    rows: [
      ...l2.groups.filter((g) => g.group !== "noOrders" || g.customers > 0).map((g) => [g.group, int(g.customers), int(g.firstOrders), int(g.secondOrders), m(g.firstRevenue), m(g.secondRevenue), m(g.revenueChange)]),
      ["total", "", int(l2.firstSummary.orders), int(l2.secondSummary.orders), m(l2.firstSummary.revenue), m(l2.secondSummary.revenue), m(l2.change.revenue)],
    ],
    align: ["l", "r", "r", "r", "r", "r", "r"],
  });
  return b;
}

/** Lens 3: one cohort over time, and its time to second purchase. */
function lens3Blocks(l3: Lens3Result, ctx: DocumentContext, m: Money): Block[] {
  const b: Block[] = [];
  const co = l3.cohort;
  b.push({ kind: "h2", text: `Lens 3 — one cohort over time: ${co.label} (${int(co.size)} customers)` });
  b.push({ kind: "p", text: `Age = ${l3.period}s since each member's acquisition; periods without activity are shown as zeros. Retention = share of the members observed at that age who were active.` });
  b.push({
    kind: "table",
    header: ["age", "members", "active", "retention", "repeat share (cum.)", "orders/active", "revenue/active", "revenue/member", "cum. revenue/member"],
    rows: l3.age.map((k, i) => [String(k), int(l3.membersObserved[i]!), int(l3.activeCustomers[i]!), pct(l3.retention[i]!), pct(l3.cumulativeRepeatShare[i]!), num(l3.ordersPerActive[i]!), m(l3.revenuePerActive[i]!), m(l3.revenuePerMember[i]!), m(l3.cumulativeRevenuePerMember[i]!)]),
    align: ["r", "r", "r", "r", "r", "r", "r", "r", "r"],
  });
  const t = l3.timeToSecondPurchase;
  b.push({ kind: "p", text: `Time to second purchase: ${int(t.repeaters)} members repeated (median ${num(t.median, 0)} days, mean ${num(t.mean, 1)} days); ${int(t.notYetRepeated)} had not repeated by ${ctx.observationEnd}.` });
  b.push({ kind: "table", header: ["time to 2nd purchase", "customers"], rows: t.histogram.map((h) => [h.label, int(h.customers)]), align: ["l", "r"] });
  return b;
}

/** Lens 4: cohorts compared at equal age, and the decomposition check. */
function lens4Blocks(l4: Lens4Result, m: Money): Block[] {
  const b: Block[] = [];
  b.push({ kind: "h2", text: "Lens 4 — cohorts compared" });
  b.push({ kind: "p", text: "Cohorts are compared left-aligned, at equal age, so a young cohort is never ranked against an older one on totals it had more time to earn. Revenue per cohort and age = size × share active × orders per active × AOV." });
  b.push({ kind: "chart", name: "retentionCurves", caption: "Retention curves by cohort." });
  b.push({ kind: "chart", name: "heatmap", caption: "Cohort × age heat map of retention." });
  const ages = [1, 3, 6, 12].filter((k) => l4.equalAge.some((e) => e.age === k));
  for (const k of ages.length ? ages : l4.equalAge.slice(-1).map((e) => e.age)) {
    const e = l4.equalAge.find((x) => x.age === k)!;
    b.push({ kind: "h3", text: `At age ${k} (${k} ${l4.period}${k === 1 ? "" : "s"} after acquisition)` });
    b.push({
      kind: "table",
      header: ["rank", "cohort", "retention", "cum. revenue/member"],
      rows: e.cohorts.map((r) => [String(r.rank), r.cohort, pct(r.retention), m(r.cumulativeRevenuePerMember)]),
      align: ["r", "l", "r", "r"],
    });
  }
  const rec = l4.reconciliation;
  b.push({
    kind: "note",
    text: `Decomposition check: decomposed ${m(rec.decomposedCents / 100)} + not decomposable ${m((rec.notDecomposedCents.returnsWithoutOrders + rec.notDecomposedCents.incompletePeriods + rec.notDecomposedCents.beforeAcquisition + rec.notDecomposedCents.unassigned) / 100)} (returns without orders ${m(rec.notDecomposedCents.returnsWithoutOrders / 100)}, incomplete periods ${m(rec.notDecomposedCents.incompletePeriods / 100)}) = actual ${m(rec.actualCents / 100)}: ${rec.exact ? "exact to the cent" : "MISMATCH"}.`,
  });
  return b;
}

/** Lens 5: the health of the customer base (C3, health factors, projection). */
function lens5Blocks(l5: Lens5Result, m: Money): Block[] {
  const b: Block[] = [];
  b.push({ kind: "h2", text: "Lens 5 — the health of the customer base" });
  b.push({ kind: "p", text: `Revenue by acquisition cohort (${l5.cohortBy}) over calendar ${l5.period}s: the C3 chart. Existing customers = acquired before the period.` });
  b.push({ kind: "chart", name: "c3", caption: "C3: revenue stacked by acquisition cohort." });
  b.push({ kind: "chart", name: "c3Customers", caption: "C3: active customers stacked by acquisition cohort." });
  b.push({
    kind: "table",
    header: ["period", "revenue", "active", "existing share", "recent-cohort share", "retention from previous"],
    rows: l5.periods.map((p, i) => [
      p + (l5.periodComplete[i] ? "" : " (partial)"),
      m(l5.totalRevenue[i]!),
      int(l5.totalActiveCustomers[i]!),
      pct(l5.newVsExisting[i]!.existingRevenueShare),
      pct(l5.recentCohortDependence.share[i]!),
      i === 0 ? "" : pct(l5.retentionTrend[i - 1]!.retention),
    ]),
    align: ["l", "r", "r", "r", "r", "r"],
  });
  b.push({ kind: "note", text: `Recent-cohort share: revenue from customers acquired within the last ${l5.recentCohortDependence.recentPeriods} ${l5.period}s. Layers sum to total revenue: ${l5.reconciliation.exact ? "yes, to the cent" : "NO"}.` });
  b.push({ kind: "h3", text: `Health summary: ${num(l5.health.score)} (last window ${l5.health.lastWindow.from}..${l5.health.lastWindow.to})` });
  if (l5.projection)
    b.push({ kind: "p", text: `Projected revenue of today's ${int(l5.projection.customers)} customers over the next 12 months: ${m(l5.projection.annualRevenue)} (${l5.projection.model}${l5.projection.converged ? "" : "; the fit did not converge, read with care"}).` });
  b.push({ kind: "chart", name: "health", caption: "Health factor scores and weights." });
  b.push({
    kind: "table",
    header: ["factor", "what it measures", "value", "rule", "score", "weight", "effective weight"],
    rows: l5.health.factors.map((f) => [HEALTH_FACTOR_LABELS[f.name], f.description, num(f.value, 3), f.rule, num(f.score, 3), num(f.weight), num(f.effectiveWeight, 3)]),
    align: ["l", "l", "r", "l", "r", "r", "r"],
  });
  b.push({ kind: "note", text: l5.health.note });
  return b;
}
