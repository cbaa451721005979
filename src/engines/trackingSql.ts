// SQL of the monitoring's realized-vs-predicted actuals (internal): `clvlab monitor --engine`.
import { DIALECTS, type SqlDialect } from "./dialects.js";
import { summarySql, transactionsSql, type SourceRelation } from "./queries.js";

/**
 * Repeat purchase days and purchase cents per tracking period, one row per period with data (`period_index`,
 * `purchases`, `cents`): for the customers of the summary at `refEnd` (day number), the distinct days with a row of
 * amount ≥ 0 in each period (edges[k−1], edges[k]] after `refEnd`, and those rows' cents. The definitions of
 * `trackRealizedVsPredicted` on the log.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (tracking plots)
 * @example trackingSql("duckdb", { from: "tx", customer: "customer_id", date: "date", amount: "amount" }, 19904, [0, 7, 14])
 */
export function trackingSql(d: SqlDialect, src: SourceRelation, refEnd: number, edges: readonly number[]): string {
  const r = DIALECTS[d];
  const K = edges.length - 1;
  const perDay = `SELECT cust, dnum, SUM(cents) AS c FROM (${transactionsSql(d, src)}) AS t WHERE cents >= 0 AND dnum > ${refEnd} AND dnum <= ${refEnd + edges[K]!} GROUP BY cust, dnum`;
  const known = `SELECT customer_id AS cust FROM (${summarySql(d, src, { observationEnd: refEnd, calibrationEnd: refEnd })}) AS s`;
  const off = `(dnum - ${refEnd})`;
  // Weeks divide evenly; months (rounded 365.25/12-day edges) take one CASE arm per period.
  const weekly = edges.every((e, k) => e === 7 * k);
  const period = weekly ? r.intDiv(`${off} - 1`, "7") : `CASE ${edges.slice(1, -1).map((e, k) => `WHEN ${off} <= ${e} THEN ${k}`).join(" ")} ELSE ${K - 1} END`;
  return (
    `SELECT CAST(${period} AS ${r.bigint}) AS period_index, CAST(COUNT(*) AS ${r.bigint}) AS purchases, CAST(SUM(c) AS ${r.bigint}) AS cents ` +
    `FROM (SELECT dnum, c FROM (${perDay}) AS p ${r.innerJoin} (${known}) AS k USING (cust)) AS j GROUP BY period_index`
  );
}
