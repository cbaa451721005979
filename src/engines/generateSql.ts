import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { parseDialect } from "./dialects.js";
import { histogramSql, scoreSql, summarySql, type SourceRelation } from "./queries.js";
import { dayNumber } from "../time/dayNumber.js";
import { DAYS_PER_UNIT, type TimeUnit } from "../data/types.js";

/** Steps `generateSql` writes. */
export type SqlStep = "summary" | "histogram" | "score";

/** Options of {@link generateSql}. */
export interface GenerateSqlOptions {
  dialect: string;
  step: SqlStep;
  /** Source table and its columns (default columns customer_id, date, amount). */
  table: string;
  columns?: { customer?: string; date?: string; amount?: string };
  /** Observation end (ISO date, inclusive): required, since a warehouse query cannot ask clvlab for the last day. */
  observationEnd: string;
  calibrationEnd?: string;
  /** Histogram and score: cell width in days (default 1). */
  resolutionDays?: number;
  /** Score: the uploaded cell table (default `clv_cells`), its horizon columns, Gamma-Gamma or fixed spend, margin, time unit. */
  cells?: string;
  horizonColumns?: string[];
  spend?: { p: number; q: number; v: number } | number;
  margin?: number;
  timeUnit?: TimeUnit;
}

/**
 * SQL text of one clvlab step for a warehouse clvlab cannot reach (Spark SQL, BigQuery, Snowflake, PostgreSQL,
 * ClickHouse, DuckDB), from the same query descriptions the engines run: the summary in integers (days, cents),
 * the (frequency, recency, T) histogram with counts, or per-customer scores joined to uploaded cell predictions.
 * @example console.log(generateSql({ dialect: "bigquery", step: "histogram", table: "shop.tx", observationEnd: "2025-06-30" }));
 */
export function generateSql(o: GenerateSqlOptions): string {
  const d = parseDialect(o.dialect);
  const src: SourceRelation = { from: o.table, customer: o.columns?.customer ?? "customer_id", date: o.columns?.date ?? "date", amount: o.columns?.amount ?? "amount" };
  const obs = dayNumber(o.observationEnd);
  const w = { observationEnd: obs, calibrationEnd: o.calibrationEnd ? dayNumber(o.calibrationEnd) : obs };
  if (w.calibrationEnd > w.observationEnd) throw new Error(`calibrationEnd ${o.calibrationEnd} is after observationEnd ${o.observationEnd}: the holdout must end after calibration`);
  const step = o.resolutionDays ?? 1;
  switch (o.step) {
    case "summary":
      return summarySql(d, src, w);
    case "histogram":
      return histogramSql(d, src, w, step);
    case "score":
      if (o.spend === undefined) throw new Error("the score step needs the Gamma-Gamma parameters (p, q, v) or a fixed spend: fit the model first");
      return scoreSql(d, src, w, { resolutionDays: step, cells: o.cells ?? "clv_cells", horizonColumns: o.horizonColumns ?? [], spend: o.spend, margin: o.margin ?? CLV_DEFAULTS.margin }, DAYS_PER_UNIT[o.timeUnit ?? "days"]);
    default:
      throw new Error(`invalid step "${String(o.step)}": use summary, histogram or score`);
  }
}
