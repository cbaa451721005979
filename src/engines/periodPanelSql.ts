// The period panel of the Five Lenses from SQL aggregates (internal): per customer and period net spend, last
// purchase day and orders, per customer first and second order day; assembled into the same PeriodPanel the
// in-memory `periodPanel` builds, so lens1 … lens5 run unchanged on it.
import { dayNumber, isoDate } from "../time/dayNumber.js";
import {
  NO_DAY, parsePeriodKind, periodLabel, periodOrdinal, periodStartDay, type PeriodKind, type PeriodPanel, type PeriodPanelOptions,
} from "../summaries/periodPanel.js";
import { DIALECTS, type SqlDialect } from "./dialects.js";
import { cents, ident, transactionsSql, type SourceRelation } from "./queries.js";
import type { QueryColumns } from "./sqlEngine.js";

function ordinalSql(d: SqlDialect, kind: PeriodKind, dateCol: string): string {
  const r = DIALECTS[d];
  const date = `CAST(${dateCol} AS DATE)`;
  switch (kind) {
    case "day":
      return r.dayNumber(dateCol);
    case "week":
      // 1970-01-01 was a Thursday: +3 puts Mondays at multiples of 7 (as periodOrdinal).
      return r.intDiv(`${r.dayNumber(dateCol)} + 3`, "7");
    case "month":
      return `(${r.year(date)} * 12 + ${r.month(date)} - 1)`;
    case "quarter":
      return `(${r.year(date)} * 4 + ${r.intDiv(`${r.month(date)} - 1`, "3")})`;
    case "year":
      return r.year(date);
  }
}

/** Transactions with their period ordinal, order key and row number, inside [start, end] (day numbers). */
function windowSql(d: SqlDialect, src: SourceRelation, kind: PeriodKind, start: number, end: number): string {
  const r = DIALECTS[d];
  const day = r.dayNumber(ident(d, src.date));
  const dayText = `CAST(${day} AS ${r.text})`;
  const okey = src.orderId
    ? `CASE WHEN ${ident(d, src.orderId)} IS NULL OR CAST(${ident(d, src.orderId)} AS ${r.text}) = '' THEN concat('d', ${dayText}) ELSE concat('o', CAST(${ident(d, src.orderId)} AS ${r.text})) END`
    : dayText;
  const base = transactionsSql(d, src).replace(/ FROM .*$/s, "");
  // Margin cents per row as the in-memory panel: toCents(amount) − toCents(cost).
  const margin = src.cost ? `, ${cents(r, ident(d, src.amount))} - ${cents(r, ident(d, src.cost))} AS mcents` : "";
  return `SELECT * FROM (${base}, ${ordinalSql(d, kind, ident(d, src.date))} AS ord, ${okey} AS okey${margin} FROM ${src.from}) AS t WHERE dnum >= ${start} AND dnum <= ${end}`;
}

type Run = (sql: string) => Promise<QueryColumns>;
const num = (v: number | string | null | undefined): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * Builds the period panel of the Five Lenses in an engine. Customers are listed by first appearance when the
 * source has a row number (DuckDB on CSV), else by id; `firstPurchaseRow` is -1 (attribute cohorts need the
 * in-memory log); margins (amount − cost, in cents) when the source has a cost column, as in memory.
 */
export async function sqlPeriodPanel(d: SqlDialect, src: SourceRelation, run: Run, options: PeriodPanelOptions = {}): Promise<PeriodPanel> {
  const kind = options.period ?? "month";
  parsePeriodKind(kind);
  const userEnd = options.observationEnd === undefined ? undefined : dayNumber(options.observationEnd);
  const userStart = options.observationStart === undefined ? undefined : dayNumber(options.observationStart);
  if (userEnd !== undefined && userStart !== undefined && userStart > userEnd)
    throw new Error(`observationStart ${options.observationStart} is after observationEnd ${options.observationEnd}: swap them`);
  const tx = transactionsSql(d, src);
  const { st, used } = await windowRowCounts(d, tx, run, userStart ?? -2147483647, userEnd ?? 2147483647);
  if (!(used > 0)) throw new Error(`no transactions in the observation window${userEnd !== undefined ? ` ending ${options.observationEnd}` : ""}: check observationStart/observationEnd and the input`);
  const startDay = userStart ?? num(st.min_day![0]);
  const endDay = userEnd ?? num(st.max_day![0]);
  const firstOrd = periodOrdinal(kind, startDay), lastOrd = periodOrdinal(kind, endDay);
  const nPeriods = lastOrd - firstOrd + 1;
  const { periodLabels, pStart, pEnd, pComplete } = periodGrid(kind, firstOrd, nPeriods, endDay, userStart);

  const { customerIds, index } = await sourceCustomers(d, src, tx, run);
  const nCust = customerIds.length;
  const { cells, oc, fc, fa } = await windowAggregates(d, src, kind, startDay, endDay, run);
  const { customer, periodIndex, ordersCol, spendCents, spend, lastPurchaseDay, customerOffset, marginCents, totalCents, totalMargin } =
    panelRows(cells, oc, index, firstOrd, nPeriods, nCust, !!src.cost);
  const { firstPurchaseDay, secondPurchaseDay, acquisitionPeriod, observed, withoutPurchase } = customerFirsts(fc, fa, index, nCust, kind, firstOrd);
  return {
    period: kind,
    timeZone: "UTC",
    observationStart: isoDate(startDay),
    observationEnd: isoDate(endDay),
    customerIds,
    periodLabels,
    periodStart: pStart,
    periodEnd: pEnd,
    periodComplete: pComplete,
    customer,
    periodIndex,
    orders: ordersCol,
    spend,
    spendCents,
    ...(marginCents ? { margin: marginCents.map((v) => v / 100), marginCents, totalMarginCents: totalMargin } : {}),
    lastPurchaseDay,
    customerOffset,
    firstPurchaseDay,
    secondPurchaseDay,
    acquisitionPeriod,
    firstPurchaseRow: new Int32Array(nCust).fill(-1),
    rows: { used, beforeObservationStart: num(st.before_rows![0]), afterObservationEnd: num(st.after_rows![0]) },
    customersObserved: observed,
    customersWithoutPurchase: withoutPurchase,
    totalSpendCents: totalCents,
  };
}

/** Rows before, inside and after the window [lo, hi] (day numbers) and the first and last day inside it, in one scan of the source. */
async function windowRowCounts(d: SqlDialect, tx: string, run: Run, lo: number, hi: number): Promise<{ st: QueryColumns; used: number }> {
  const big = DIALECTS[d].bigint;
  const st = await run(
    `SELECT CAST(SUM(CASE WHEN dnum < ${lo} THEN 1 ELSE 0 END) AS ${big}) AS before_rows, CAST(SUM(CASE WHEN dnum > ${hi} THEN 1 ELSE 0 END) AS ${big}) AS after_rows, ` +
      `CAST(SUM(CASE WHEN dnum >= ${lo} AND dnum <= ${hi} THEN 1 ELSE 0 END) AS ${big}) AS used_rows, ` +
      `CAST(MIN(CASE WHEN dnum >= ${lo} AND dnum <= ${hi} THEN dnum ELSE 2147483647 END) AS ${big}) AS min_day, CAST(MAX(CASE WHEN dnum >= ${lo} AND dnum <= ${hi} THEN dnum ELSE -2147483647 END) AS ${big}) AS max_day FROM (${tx}) AS x`,
  );
  return { st, used: num(st.used_rows![0]) };
}

/** The periods from the first ordinal on: labels, first and last days, and whether each lies wholly inside the window (as the in-memory panel). */
function periodGrid(kind: PeriodKind, firstOrd: number, nPeriods: number, endDay: number, userStart: number | undefined) {
  const periodLabels: string[] = new Array(nPeriods);
  const pStart = new Int32Array(nPeriods), pEnd = new Int32Array(nPeriods), pComplete = new Uint8Array(nPeriods);
  for (let k = 0; k < nPeriods; k++) {
    periodLabels[k] = periodLabel(kind, firstOrd + k);
    pStart[k] = periodStartDay(kind, firstOrd + k);
    pEnd[k] = periodStartDay(kind, firstOrd + k + 1) - 1;
    pComplete[k] = pEnd[k]! <= endDay && (userStart === undefined || pStart[k]! >= userStart) ? 1 : 0;
  }
  return { periodLabels, pStart, pEnd, pComplete };
}

/** Every customer of the source (the memory panel lists the log's customers, in the window or not), by first appearance when the source has a row number, else by id. */
async function sourceCustomers(d: SqlDialect, src: SourceRelation, tx: string, run: Run): Promise<{ customerIds: string[]; index: Map<string, number> }> {
  const r = DIALECTS[d];
  const custSrc = src.rowNumber ? `SELECT CAST(${ident(d, src.customer)} AS ${r.text}) AS cust, ${ident(d, src.rowNumber)} AS rnum FROM ${src.from}` : `SELECT cust FROM (${tx}) AS x`;
  const cs = await run(`SELECT cust, ${src.rowNumber ? "MIN(rnum)" : "0"} AS rn FROM (${custSrc}) AS c GROUP BY cust ORDER BY rn, cust`);
  const customerIds = cs.cust!.map(String);
  const index = new Map<string, number>();
  customerIds.forEach((c, i) => index.set(c, i));
  return { customerIds, index };
}

/**
 * The window's aggregates, queried in turn: per customer and period net cents (and margin), last purchase day;
 * orders per customer and period (an order counted in the period of its first day); per customer first and second
 * order day; per customer first day of any row.
 */
async function windowAggregates(d: SqlDialect, src: SourceRelation, kind: PeriodKind, startDay: number, endDay: number, run: Run) {
  const r = DIALECTS[d];
  const big = r.bigint;
  const win = windowSql(d, src, kind, startDay, endDay);
  const marginSum = src.cost ? `, CAST(SUM(mcents) AS ${big}) AS cell_margin` : "";
  const cells = await run(`SELECT cust, ord, CAST(SUM(cents) AS ${big}) AS cell_cents${marginSum}, CAST(MAX(CASE WHEN cents >= 0 THEN dnum ELSE ${NO_DAY} END) AS ${big}) AS last_day FROM (${win}) AS w GROUP BY cust, ord`);
  const orders = `SELECT cust, okey, MIN(dnum) AS oday, ${r.argMin("ord", "dnum")} AS oord FROM (${win}) AS w WHERE cents >= 0 GROUP BY cust, okey`;
  const oc = await run(`SELECT cust, oord, CAST(COUNT(*) AS ${big}) AS n FROM (${orders}) AS o GROUP BY cust, oord`);
  const fc = await run(`SELECT cust, CAST(MIN(oday) AS ${big}) AS first_day, CAST(${r.secondSmallest("oday")} AS ${big}) AS second_day FROM (${orders}) AS o GROUP BY cust`);
  const fa = await run(`SELECT cust, CAST(MIN(dnum) AS ${big}) AS first_any FROM (${win}) AS w GROUP BY cust`);
  return { cells, oc, fc, fa };
}

/** The panel's rows sorted by customer then period (orders, cents, spend, last purchase day, margin), each customer's row offset, and the totals of cents and margin. */
function panelRows(cells: QueryColumns, oc: QueryColumns, index: ReadonlyMap<string, number>, firstOrd: number, nPeriods: number, nCust: number, hasCost: boolean) {
  // Assemble rows sorted by customer then period.
  const m = cells.cust!.length;
  const rowCust = new Int32Array(m), rowPer = new Int32Array(m), rowCents = new Float64Array(m), rowLast = new Int32Array(m);
  const rowMargin = hasCost ? Float64Array.from(cells.cell_margin!, num) : undefined;
  for (let i = 0; i < m; i++) {
    const c = index.get(String(cells.cust![i]));
    if (c === undefined) throw new Error(`panel: customer ${String(cells.cust![i])} is missing from the customer list`);
    rowCust[i] = c;
    rowPer[i] = num(cells.ord![i]) - firstOrd;
    rowCents[i] = num(cells.cell_cents![i]);
    rowLast[i] = num(cells.last_day![i]);
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => rowCust[a]! - rowCust[b]! || rowPer[a]! - rowPer[b]!);
  const key = (c: number, p: number) => c * nPeriods + p;
  const orderCount = new Map<number, number>();
  for (let i = 0; i < oc.cust!.length; i++) orderCount.set(key(index.get(String(oc.cust![i]))!, num(oc.oord![i]) - firstOrd), num(oc.n![i]));
  const customer = new Int32Array(m), periodIndex = new Int32Array(m), ordersCol = new Int32Array(m), spendCents = new Float64Array(m), spend = new Float64Array(m), lastPurchaseDay = new Int32Array(m);
  const customerOffset = new Int32Array(nCust + 1);
  const marginCents = rowMargin ? new Float64Array(m) : undefined;
  let totalCents = 0, totalMargin = 0;
  for (let j = 0, c = 0; j < m; j++) {
    const i = order[j]!;
    customer[j] = rowCust[i]!;
    periodIndex[j] = rowPer[i]!;
    ordersCol[j] = orderCount.get(key(rowCust[i]!, rowPer[i]!)) ?? 0;
    spendCents[j] = rowCents[i]!;
    spend[j] = rowCents[i]! / 100;
    lastPurchaseDay[j] = rowLast[i]!;
    totalCents += rowCents[i]!;
    if (marginCents) {
      marginCents[j] = rowMargin![i]!;
      totalMargin += rowMargin![i]!;
    }
    while (c <= rowCust[i]!) customerOffset[c++] = j;
    if (j === m - 1) while (c <= nCust) customerOffset[c++] = m;
  }
  if (m === 0) customerOffset.fill(0);
  return { customer, periodIndex, ordersCol, spendCents, spend, lastPurchaseDay, customerOffset, marginCents, totalCents, totalMargin };
}

/**
 * Per customer first and second purchase day and acquisition period; a customer seen in the window with returns only
 * takes the first day of any row, and is counted as without purchase.
 */
function customerFirsts(fc: QueryColumns, fa: QueryColumns, index: ReadonlyMap<string, number>, nCust: number, kind: PeriodKind, firstOrd: number) {
  const firstPurchaseDay = new Int32Array(nCust).fill(NO_DAY), secondPurchaseDay = new Int32Array(nCust).fill(NO_DAY);
  const acquisitionPeriod = new Int32Array(nCust).fill(-1);
  const hasPurchase = new Uint8Array(nCust);
  for (let i = 0; i < fc.cust!.length; i++) {
    const c = index.get(String(fc.cust![i]))!;
    hasPurchase[c] = 1;
    firstPurchaseDay[c] = num(fc.first_day![i]);
    const s2 = fc.second_day![i];
    if (s2 !== null && s2 !== undefined) secondPurchaseDay[c] = num(s2);
  }
  let observed = 0, withoutPurchase = 0;
  for (let i = 0; i < fa.cust!.length; i++) {
    const c = index.get(String(fa.cust![i]))!;
    observed++;
    if (!hasPurchase[c]) {
      withoutPurchase++;
      firstPurchaseDay[c] = num(fa.first_any![i]);
    }
    acquisitionPeriod[c] = periodOrdinal(kind, firstPurchaseDay[c]!) - firstOrd;
  }
  return { firstPurchaseDay, secondPurchaseDay, acquisitionPeriod, observed, withoutPurchase };
}
