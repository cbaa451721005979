// Query descriptions to SQL text, for every dialect (internal). Nested subqueries rather than CTEs, because
// ClickHouse 18 has no WITH subqueries; joins with USING, which every target accepts.
import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { DIALECTS, type DialectRules, type SqlDialect } from "./dialects.js";

/** Where the transactions are, and which columns hold the customer, the date and the amount. */
export interface SourceRelation {
  /** A table or view name, or a parenthesised subquery. */
  from: string;
  customer: string;
  date: string;
  amount: string;
  /** Optional order id column (orders of the period panel; purchase days stand for orders without it). */
  orderId?: string;
  /** Optional row-number column giving the input order (customers are then listed by first appearance). */
  rowNumber?: string;
  /** Optional cost-of-goods column (margin = amount − cost in the lenses' panel), as the data layer's `cost`. */
  cost?: string;
}

/** The summary window: day numbers (days since 1970-01-01), inclusive. */
export interface SummaryWindow {
  observationEnd: number;
  /** Equal to `observationEnd` when there is no holdout. */
  calibrationEnd: number;
}

/** Gamma-Gamma parameters and CLV settings used by the score step. */
export interface ScoreSqlOptions {
  /** Histogram resolution in days (cells of the uploaded prediction table). */
  resolutionDays: number;
  /** Name of the uploaded cell table (columns frequency, rb, tb, p_alive, expected_purchases_*, discounted_purchases). */
  cells: string;
  /** Column names of the expected purchases in the cell table, one per horizon. */
  horizonColumns: readonly string[];
  /** Gamma-Gamma p, q, v; or a fixed spend per transaction. */
  spend: { p: number; q: number; v: number } | number;
  /** Margin on spend (default 1). */
  margin?: number;
}

const NO_DAY_HIGH = 2147483647;
const NO_DAY_LOW = -2147483648;

/** A quoted identifier when the name is not a plain one. */
export function ident(d: SqlDialect, name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  if (d === "clickhouse" || d === "spark" || d === "bigquery") return "`" + name.replace(/`/g, "``") + "`";
  return `"${name.replace(/"/g, '""')}"`;
}

/** A double literal that every dialect reads as the same binary64 (exponent form keeps DuckDB off DECIMAL). */
export function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} into SQL: parameters must be finite`);
  return x.toExponential();
}

/** Amount to integer cents, half away from zero (the rounding of `toCents` in the period panel). */
export function cents(r: DialectRules, amount: string): string {
  const a = `CAST(${amount} AS ${r.double})`;
  return `CASE WHEN ${a} < 0 THEN -CAST(FLOOR(-${a} * 100 + 0.5) AS ${r.bigint}) ELSE CAST(FLOOR(${a} * 100 + 0.5) AS ${r.bigint}) END`;
}

/** Transactions as (cust, dnum, cents). */
export function transactionsSql(d: SqlDialect, src: SourceRelation): string {
  const r = DIALECTS[d];
  return `SELECT CAST(${ident(d, src.customer)} AS ${r.text}) AS cust, ${r.dayNumber(ident(d, src.date))} AS dnum, ${cents(r, ident(d, src.amount))} AS cents FROM ${src.from}`;
}

/** One row per customer seen up to the observation end, with the calibration and holdout aggregates (before exclusion). */
export function customerBaseSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow): string {
  const r = DIALECTS[d];
  const cal = w.calibrationEnd, obs = w.observationEnd;
  const firstKey = `CASE WHEN p_rows > 0 THEN dnum ELSE ${NO_DAY_HIGH} END`;
  const perDay =
    `SELECT cust, dnum, ` +
    `SUM(CASE WHEN cents >= 0 THEN cents ELSE 0 END) AS p_cents, ` +
    `SUM(CASE WHEN cents < 0 THEN cents ELSE 0 END) AS r_cents, ` +
    `SUM(CASE WHEN cents >= 0 THEN 1 ELSE 0 END) AS p_rows, ` +
    `SUM(CASE WHEN cents < 0 THEN 1 ELSE 0 END) AS r_rows ` +
    `FROM (${transactionsSql(d, src)}) AS tx WHERE dnum <= ${obs} GROUP BY cust, dnum`;
  return (
    `SELECT cust, ` +
    `MIN(${firstKey}) AS first_day, ` +
    `${r.argMin("p_cents", firstKey)} AS first_cents, ` +
    `SUM(CASE WHEN p_rows > 0 AND dnum <= ${cal} THEN 1 ELSE 0 END) AS orders, ` +
    `MAX(CASE WHEN p_rows > 0 AND dnum <= ${cal} THEN dnum ELSE ${NO_DAY_LOW} END) AS last_day, ` +
    `SUM(CASE WHEN dnum <= ${cal} THEN p_cents ELSE 0 END) AS cal_purchase_cents, ` +
    `SUM(CASE WHEN dnum <= ${cal} THEN r_cents ELSE 0 END) AS cal_return_cents, ` +
    `SUM(CASE WHEN p_rows > 0 AND dnum > ${cal} THEN 1 ELSE 0 END) AS holdout_days, ` +
    `SUM(CASE WHEN dnum > ${cal} THEN p_cents ELSE 0 END) AS holdout_cents, ` +
    `SUM(p_rows) AS purchase_rows, SUM(r_rows) AS return_rows ` +
    `FROM (${perDay}) AS cd GROUP BY cust`
  );
}

/**
 * The BTYD customer summary in integers: frequency (repeat purchase days), first and last purchase day, orders,
 * repeat-day spend and net spend in cents, holdout purchase days and their spend. Same conventions as
 * `summarizeCustomers` (one purchase per customer and day, returns apart, first purchase left out of spend).
 */
export function summarySql(d: SqlDialect, src: SourceRelation, w: SummaryWindow): string {
  const r = DIALECTS[d];
  return (
    `SELECT cust AS customer_id, CAST(orders - 1 AS ${r.bigint}) AS frequency, CAST(first_day AS ${r.bigint}) AS first_day, ` +
    `CAST(last_day AS ${r.bigint}) AS last_day, CAST(orders AS ${r.bigint}) AS orders, ` +
    `CAST(cal_purchase_cents - first_cents AS ${r.bigint}) AS repeat_cents, CAST(cal_purchase_cents + cal_return_cents AS ${r.bigint}) AS total_cents, ` +
    `CAST(holdout_days AS ${r.bigint}) AS holdout_days, CAST(holdout_cents AS ${r.bigint}) AS holdout_cents ` +
    `FROM (${customerBaseSql(d, src, w)}) AS b WHERE first_day <= ${w.calibrationEnd}`
  );
}

/** Row and customer accounting of the summary (one row). */
export function summaryReportSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow): string {
  const r = DIALECTS[d];
  const cal = w.calibrationEnd;
  const s = (e: string) => `CAST(SUM(${e}) AS ${r.bigint})`;
  return (
    `SELECT CAST(COUNT(*) AS ${r.bigint}) AS customers_seen, ${s(`CASE WHEN first_day <= ${cal} THEN 1 ELSE 0 END`)} AS customers, ` +
    `${s(`CASE WHEN first_day <= ${cal} THEN purchase_rows ELSE 0 END`)} AS n_purchase_rows, ` +
    `${s(`CASE WHEN first_day <= ${cal} THEN return_rows ELSE 0 END`)} AS n_return_rows, ` +
    `${s(`CASE WHEN first_day <= ${cal} THEN 0 ELSE purchase_rows + return_rows END`)} AS n_excluded_rows ` +
    `FROM (${customerBaseSql(d, src, w)}) AS b`
  );
}

/** Rows, rows after the observation end, distinct customers and the day range of a source (one row). */
export function sourceStatsSql(d: SqlDialect, src: SourceRelation, observationEnd?: number): string {
  const r = DIALECTS[d];
  const after = observationEnd === undefined ? "0" : `SUM(CASE WHEN dnum > ${observationEnd} THEN 1 ELSE 0 END)`;
  return (
    `SELECT CAST(COUNT(*) AS ${r.bigint}) AS row_count, CAST(${after} AS ${r.bigint}) AS rows_after_end, ` +
    `CAST(COUNT(DISTINCT cust) AS ${r.bigint}) AS customer_count, CAST(MIN(dnum) AS ${r.bigint}) AS min_day, CAST(MAX(dnum) AS ${r.bigint}) AS max_day, ` +
    `CAST(SUM(CASE WHEN cents < 0 THEN 1 ELSE 0 END) AS ${r.bigint}) AS return_rows ` +
    `FROM (${transactionsSql(d, src)}) AS tx`
  );
}

/** The summary as a FROM item: a table the engine materialized (`summary`), else the summary query. */
function summaryFrom(d: SqlDialect, src: SourceRelation, w: SummaryWindow, summary: string | undefined): string {
  return summary ?? `(${summarySql(d, src, w)})`;
}

/** Summary columns plus the histogram cell keys rb, tb (recency and T in steps of `resolutionDays`, rounded half down). */
function keyedSummarySql(d: SqlDialect, src: SourceRelation, w: SummaryWindow, resolutionDays: number, extra = "", summary?: string): string {
  const r = DIALECTS[d];
  const step = Math.round(resolutionDays);
  if (!(step >= 1) || step !== resolutionDays) throw new Error(`invalid histogram resolution ${resolutionDays} days: use a whole number of days >= 1`);
  const half = Math.floor(step / 2);
  const rb = step === 1 ? `(last_day - first_day)` : r.intDiv(`last_day - first_day + ${half}`, String(step));
  const tb = step === 1 ? `(${w.calibrationEnd} - first_day)` : r.intDiv(`${w.calibrationEnd} - first_day + ${half}`, String(step));
  return `SELECT ${extra}frequency, CAST(${rb} AS ${r.bigint}) AS rb, CAST(${tb} AS ${r.bigint}) AS tb FROM ${summaryFrom(d, src, w, summary)} AS s`;
}

/**
 * The (frequency, recency, T) histogram: counts of customers per cell, recency and T in whole steps of
 * `resolutionDays` (days: exact).
 */
export function histogramSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow, resolutionDays: number, summary?: string): string {
  const r = DIALECTS[d];
  return `SELECT frequency, rb, tb, CAST(COUNT(*) AS ${r.bigint}) AS customers FROM (${keyedSummarySql(d, src, w, resolutionDays, "", summary)}) AS k GROUP BY frequency, rb, tb ORDER BY frequency, rb, tb`;
}

/** Number of distinct histogram cells at a resolution (to choose one against a budget). */
export function cellCountSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow, resolutionDays: number, summary?: string): string {
  const r = DIALECTS[d];
  return `SELECT CAST(COUNT(*) AS ${r.bigint}) AS cells FROM (SELECT frequency, rb, tb FROM (${keyedSummarySql(d, src, w, resolutionDays, "", summary)}) AS k GROUP BY frequency, rb, tb) AS c`;
}

/**
 * Gamma-Gamma's sufficient data: repeat buyers grouped by (frequency, repeat spend in cents), with counts.
 * With `sample` = [k, m]: only customers whose hash mod m is below k (a deterministic sample).
 */
export function spendSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow, sample?: [number, number], summary?: string): string {
  const r = DIALECTS[d];
  const where = sample ? ` AND ${r.hashMod("customer_id", sample[1])} < ${sample[0]}` : "";
  return (
    `SELECT frequency, repeat_cents, CAST(COUNT(*) AS ${r.bigint}) AS customers FROM ${summaryFrom(d, src, w, summary)} AS s ` +
    `WHERE frequency > 0${where} GROUP BY frequency, repeat_cents ORDER BY frequency, repeat_cents`
  );
}

/**
 * Per-customer scores: the summary joined to the uploaded per-cell predictions, with Gamma-Gamma's conditional
 * mean spend p(v + x z̄)/(px + q − 1) (population mean pv/(q−1) when x = 0 or z̄ ≤ 0) and
 * CLV = margin × spend × discounted expected purchases.
 */
export function scoreSql(d: SqlDialect, src: SourceRelation, w: SummaryWindow, o: ScoreSqlOptions, timeUnitDays: number, summary?: string): string {
  const r = DIALECTS[d];
  const dbl = (e: string) => `CAST(${e} AS ${r.double})`;
  const L = doubleLiteral;
  let spend: string;
  if (typeof o.spend === "number") spend = L(o.spend);
  else {
    const { p, q, v } = o.spend;
    const zbar = `(${dbl("repeat_cents")} / 100 / ${dbl("frequency")})`;
    spend =
      `CASE WHEN frequency > 0 AND repeat_cents > 0 THEN ${L(p)} * (${L(v)} + ${dbl("frequency")} * ${zbar}) / (${L(p)} * ${dbl("frequency")} + ${L(q)} - 1) ` +
      `ELSE ${L((p * v) / (q - 1))} END`;
  }
  const margin = L(o.margin ?? CLV_DEFAULTS.margin);
  const unit = L(timeUnitDays);
  const keyed = keyedSummarySql(d, src, w, o.resolutionDays, "customer_id, last_day, first_day, repeat_cents, ", summary);
  const horizons = o.horizonColumns.map((c) => `${c}, `).join("");
  return (
    `SELECT customer_id, frequency, ${dbl("last_day - first_day")} / ${unit} AS recency, ${dbl(`${w.calibrationEnd} - first_day`)} / ${unit} AS T, ` +
    `CASE WHEN frequency > 0 THEN ${dbl("repeat_cents")} / 100 / ${dbl("frequency")} ELSE 0 END AS monetary_value, ` +
    `p_alive, ${horizons}${spend} AS expected_spend, ${margin} * (${spend}) * discounted_purchases AS clv ` +
    `FROM (${keyed}) AS s ${r.innerJoin} ${o.cells} USING (frequency, rb, tb)`
  );
}

/** Number of rows of a query. */
export function countRowsSql(d: SqlDialect, inner: string): string {
  return `SELECT CAST(COUNT(*) AS ${DIALECTS[d].bigint}) AS n FROM (${inner}) AS q`;
}
