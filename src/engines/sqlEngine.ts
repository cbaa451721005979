import { parseTimeUnit } from "../time/timeUnit.js";
// What the SQL engines share: the summary, histogram, spend data and scores from generated SQL (internal).
import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { DAYS_PER_UNIT, type RejectionReport, type TimeUnit } from "../data/types.js";
import type { CustomerSummaryWithReport, SummarizeCustomersOptions } from "../summaries/summarizeCustomers.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import type { PeriodPanel, PeriodPanelOptions } from "../summaries/periodPanel.js";
import { DIALECTS, type SqlDialect } from "./dialects.js";
import { sqlPeriodPanel } from "./periodPanelSql.js";
import { trackingSql } from "./trackingSql.js";
import {
  cellCountSql, countRowsSql, histogramSql, transactionsSql, scoreSql, sourceStatsSql, spendSql, summaryReportSql, summarySql,
  type SourceRelation, type SummaryWindow,
} from "./queries.js";
import type {
  CellTable, CustomerHistogram, Engine, EngineKind, EngineScoreOptions, EngineSourceOptions, HistogramOptions,
  ScoreDestination, ScoreWriteReport, SpendData,
} from "./types.js";

/** Rows of a query as columns. */
export type QueryColumns = Record<string, Array<number | string | null>>;

/** Default most histogram cells before the resolution coarsens. */
export const DEFAULT_CELL_BUDGET = 500_000;
/** Default most distinct (frequency, spend) rows Gamma-Gamma fits on exactly. */
export const DEFAULT_SPEND_ROWS = 2_000_000;

function parseDay(name: string, v: string): number {
  try {
    return dayNumber(v);
  } catch {
    throw new Error(`invalid ${name} ${JSON.stringify(v)}: use YYYY-MM-DD`);
  }
}

/** Validates summary options into a window (day numbers) and a unit; the default end is the source's last day. */
export function resolveWindow(options: SummarizeCustomersOptions, lastDay: number | undefined): { window: SummaryWindow; unit: TimeUnit } {
  const unit = parseTimeUnit(options.timeUnit);
  let obs: number;
  if (options.observationEnd !== undefined) obs = parseDay("observationEnd", options.observationEnd);
  else if (lastDay === undefined) throw new Error("empty log: give observationEnd to summarize a source without rows");
  else obs = lastDay;
  const cal = options.calibrationEnd !== undefined ? parseDay("calibrationEnd", options.calibrationEnd) : obs;
  if (cal > obs) throw new Error(`calibrationEnd ${options.calibrationEnd} is after observationEnd ${isoDate(obs)}: the holdout must end after calibration`);
  return { window: { observationEnd: obs, calibrationEnd: cal }, unit };
}

/** Cell widths tried, in days, when the resolution is chosen against a budget. */
export const RESOLUTION_LADDER = [1, 7, 14, 28, 56, 91, 182, 364] as const;

const num = (v: number | string | null | undefined): number => (v === null || v === undefined ? NaN : Number(v));

/** Base of the SQL engines: everything but running SQL, uploading and writing. */
export abstract class SqlEngine implements Engine {
  abstract readonly kind: EngineKind;
  abstract readonly dialect: SqlDialect;
  protected relation: SourceRelation | undefined;
  private stats: { rows: number; customers: number; minDay: number; maxDay: number } | undefined;

  abstract attach(source: EngineSourceOptions): Promise<RejectionReport>;
  /** Runs SQL returning rows as columns (integers as numbers, exact below 2^53). */
  abstract columns(sql: string): Promise<QueryColumns>;
  /** Uploads a numeric table. */
  abstract uploadTable(name: string, columns: Readonly<Record<string, Float64Array>>, integerColumns?: readonly string[]): Promise<void>;
  /** Writes a query's result to a file or table from inside the engine; returns the rows written. */
  abstract writeQuery(sql: string, destination: ScoreDestination): Promise<number>;
  abstract close(): Promise<void>;

  async query(sql: string): Promise<Array<Record<string, number | string | null>>> {
    const c = await this.columns(sql);
    const names = Object.keys(c);
    const n = names.length ? c[names[0]!]!.length : 0;
    return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((k) => [k, c[k]![i]!])));
  }

  /** The attached source (throws before `attach`). */
  protected source(): SourceRelation {
    if (!this.relation) throw new Error(`${this.kind} engine: no source attached: call attach({ source }) first`);
    return this.relation;
  }

  protected async sourceStats(): Promise<{ rows: number; customers: number; minDay: number; maxDay: number }> {
    if (!this.stats) {
      const r = (await this.query(sourceStatsSql(this.dialect, this.source())))[0]!;
      this.stats = { rows: num(r.row_count), customers: num(r.customer_count), minDay: num(r.min_day), maxDay: num(r.max_day) };
    }
    return this.stats;
  }

  protected resetStats(): void {
    this.stats = undefined;
  }

  /**
   * A table holding the summary of window `w`, when the engine materializes it (so the histogram, cell count,
   * spend data and scores read it once instead of re-aggregating the transactions); undefined to use the query.
   */
  protected async summaryTable(_w: SummaryWindow): Promise<string | undefined> {
    return undefined;
  }

  protected async window(options: SummarizeCustomersOptions): Promise<{ window: SummaryWindow; unit: TimeUnit }> {
    const needLast = options.observationEnd === undefined;
    const st = needLast ? await this.sourceStats() : undefined;
    return resolveWindow(options, st && st.rows > 0 ? st.maxDay : undefined);
  }

  async summarize(options: SummarizeCustomersOptions): Promise<CustomerSummaryWithReport> {
    const { window: w, unit } = await this.window(options);
    const src = this.source();
    const split = options.calibrationEnd !== undefined;
    const c = await this.columns(`${summarySql(this.dialect, src, w)} ORDER BY customer_id`);
    const rep = (await this.query(summaryReportSql(this.dialect, src, w)))[0]!;
    const all = (await this.query(sourceStatsSql(this.dialect, src, w.observationEnd)))[0]!;
    const m = c.customer_id!.length;
    const per = DAYS_PER_UNIT[unit];
    const freq = new Float64Array(m), rec = new Float64Array(m), TT = new Float64Array(m), mon = new Float64Array(m);
    const first = new Int32Array(m), last = new Int32Array(m), spend = new Float64Array(m), orders = new Int32Array(m);
    const fH = split ? new Float64Array(m) : undefined, mH = split ? new Float64Array(m) : undefined;
    for (let i = 0; i < m; i++) {
      const x = num(c.frequency![i]), f = num(c.first_day![i]), l = num(c.last_day![i]);
      freq[i] = x;
      first[i] = f;
      last[i] = l;
      // Same float operations as summarizeCustomers, so recency and T are bit-identical.
      rec[i] = (l - f) / per;
      TT[i] = (w.calibrationEnd - f) / per;
      mon[i] = x > 0 ? num(c.repeat_cents![i]) / 100 / x : 0;
      spend[i] = num(c.total_cents![i]) / 100;
      orders[i] = num(c.orders![i]);
      if (fH) {
        const h = num(c.holdout_days![i]);
        fH[i] = h;
        mH![i] = h > 0 ? num(c.holdout_cents![i]) / 100 / h : 0;
      }
    }
    const customersSeen = num(all.customer_count);
    return {
      timeUnit: unit,
      observationEnd: isoDate(w.observationEnd),
      ...(split ? { calibrationEnd: isoDate(w.calibrationEnd) } : {}),
      customerId: c.customer_id!.map(String),
      frequency: freq,
      recency: rec,
      T: TT,
      monetaryValue: mon,
      firstPurchase: first,
      lastPurchase: last,
      totalSpend: spend,
      orders,
      ...(split ? { frequencyHoldout: fH!, monetaryValueHoldout: mH!, durationHoldout: (w.observationEnd - w.calibrationEnd) / per } : {}),
      report: {
        purchaseRows: num(rep.n_purchase_rows) || 0,
        returnRows: num(rep.n_return_rows) || 0,
        rowsAfterObservationEnd: num(all.rows_after_end),
        rowsOfExcludedCustomers: num(rep.n_excluded_rows) || 0,
        customersExcluded: customersSeen - m,
      },
    };
  }

  async countCells(options: SummarizeCustomersOptions, resolutionDays: number): Promise<number> {
    const { window: w } = await this.window(options);
    return num((await this.query(cellCountSql(this.dialect, this.source(), w, resolutionDays, await this.summaryTable(w))))[0]!.cells);
  }

  async histogram(options: HistogramOptions): Promise<CustomerHistogram> {
    const { window: w, unit } = await this.window(options);
    const step = options.resolutionDays ?? (await chooseResolution(this, options, options.cellBudget ?? DEFAULT_CELL_BUDGET));
    const c = await this.columns(histogramSql(this.dialect, this.source(), w, step, await this.summaryTable(w)));
    return histogramFromColumns(c.frequency!.map(num), c.rb!.map(num), c.tb!.map(num), c.customers!.map(num), step, unit, w, options.calibrationEnd !== undefined);
  }

  async spendData(options: SummarizeCustomersOptions, maxRows = DEFAULT_SPEND_ROWS): Promise<SpendData> {
    const { window: w } = await this.window(options);
    const src = this.source();
    const table = await this.summaryTable(w);
    const repeatBuyers = num((await this.query(countRowsSql(this.dialect, spendSql(this.dialect, src, w, undefined, table))))[0]!.n);
    let sample: [number, number] | undefined;
    if (repeatBuyers > maxRows) {
      const m = 1000;
      sample = [Math.max(1, Math.floor((m * maxRows) / repeatBuyers)), m];
    }
    const c = await this.columns(spendSql(this.dialect, src, w, sample, table));
    const x = Float64Array.from(c.frequency!, num);
    const cents = Float64Array.from(c.repeat_cents!, num);
    const mon = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) mon[i] = cents[i]! / 100 / x[i]!;
    return {
      frequency: x,
      monetaryValue: mon,
      weights: Float64Array.from(c.customers!, num),
      sampleRate: sample ? sample[0] / sample[1] : 1,
      ...(sample ? { sample: `hash(customer_id) % ${sample[1]} < ${sample[0]} (${this.dialect} hash)` } : {}),
    };
  }

  /**
   * What a holdout evaluation reads beyond the calibration summary (days are day numbers): per customer and day of
   * (cal, end] its rows, whether one is a purchase (amount ≥ 0) and its net cents; repeat purchase days of the
   * calibration window counted by whole periods back from `cal`; and the row counts.
   */
  async holdoutAggregates(cal: number, end: number, periodDays: number): Promise<{ days: QueryColumns; tracking: QueryColumns; counts: Record<string, number | string | null> }> {
    const d = this.dialect, big = DIALECTS[d].bigint;
    const tx = transactionsSql(d, this.source());
    const days = await this.columns(
      `SELECT cust, dnum, CAST(COUNT(*) AS ${big}) AS n, CAST(MAX(CASE WHEN cents >= 0 THEN 1 ELSE 0 END) AS ${big}) AS purchase, CAST(SUM(cents) AS ${big}) AS cents ` +
        `FROM (${tx}) AS t WHERE dnum > ${cal} AND dnum <= ${end} GROUP BY cust, dnum`,
    );
    // Repeat purchase days: purchase days after the customer's first purchase day (as calibrationTracking).
    const first = `SELECT cust, MIN(dnum) AS first_day FROM (${tx}) AS t WHERE cents >= 0 AND dnum <= ${cal} GROUP BY cust`;
    const repeat = `SELECT DISTINCT cust, dnum FROM (SELECT cust, dnum FROM (${tx}) AS t WHERE cents >= 0 AND dnum <= ${cal}) AS p ${DIALECTS[d].innerJoin} (${first}) AS f USING (cust) WHERE dnum > first_day`;
    const tracking = await this.columns(`SELECT CAST(${DIALECTS[d].intDiv(`${cal} - dnum`, String(periodDays))} AS ${big}) AS back, CAST(COUNT(*) AS ${big}) AS n FROM (${repeat}) AS r GROUP BY back`);
    const counts = (
      await this.query(
        `SELECT CAST(SUM(CASE WHEN dnum <= ${cal} THEN 1 ELSE 0 END) AS ${big}) AS calibration_rows, CAST(SUM(CASE WHEN dnum > ${cal} AND dnum <= ${end} THEN 1 ELSE 0 END) AS ${big}) AS holdout_rows, ` +
          `CAST(SUM(CASE WHEN dnum > ${end} THEN 1 ELSE 0 END) AS ${big}) AS after_rows, CAST(MIN(CASE WHEN dnum <= ${cal} THEN dnum ELSE 2147483647 END) AS ${big}) AS first_day FROM (${tx}) AS t`,
      )
    )[0]!;
    return { days, tracking, counts };
  }

  /** Last day (day number) of the source, any row; undefined when it has none. */
  async lastDay(): Promise<number | undefined> {
    const st = await this.sourceStats();
    return st.rows > 0 ? st.maxDay : undefined;
  }

  /** Monitoring's realized actuals per tracking period after `refEnd` (see trackingSql). */
  async trackingAggregates(refEnd: number, edges: readonly number[]): Promise<QueryColumns> {
    return this.columns(trackingSql(this.dialect, this.source(), refEnd, edges));
  }

  async periodPanel(options: PeriodPanelOptions = {}): Promise<PeriodPanel> {
    return sqlPeriodPanel(this.dialect, this.source(), (sql) => this.columns(sql), options);
  }

  /** The SQL of the score step (for `clvlab sql` and for `score`). */
  async scoreQuery(options: SummarizeCustomersOptions, cellsTable: string, horizonColumns: readonly string[], score: EngineScoreOptions): Promise<string> {
    const { window: w, unit } = await this.window(options);
    return scoreSql(this.dialect, this.source(), w, { resolutionDays: score.resolutionDays, cells: cellsTable, horizonColumns, spend: score.spend, margin: score.margin ?? CLV_DEFAULTS.margin }, DAYS_PER_UNIT[unit], await this.summaryTable(w));
  }

  async score(options: SummarizeCustomersOptions, cells: CellTable, score: EngineScoreOptions, destination: ScoreDestination): Promise<ScoreWriteReport> {
    const name = "clv_cells";
    const cols: Record<string, Float64Array> = { frequency: cells.frequency, rb: cells.rb, tb: cells.tb, ...cells.values };
    await this.uploadTable(name, cols, ["frequency", "rb", "tb"]);
    const valueNames = Object.keys(cells.values);
    const horizons = valueNames.filter((k) => k.startsWith("expected_purchases_"));
    for (const need of ["p_alive", "discounted_purchases"]) if (!valueNames.includes(need)) throw new Error(`score: the cell table lacks column "${need}": build it with cellPredictions`);
    const sql = await this.scoreQuery(options, name, horizons, score);
    const n = await this.writeQuery(sql, destination);
    const w = (await this.window(options)).window;
    const table = await this.summaryTable(w);
    const summaryCustomers = num((await this.query(countRowsSql(this.dialect, table ? `SELECT * FROM ${table}` : summarySql(this.dialect, this.source(), w))))[0]!.n);
    if (n !== summaryCustomers) throw new Error(`score: ${n} customers scored but the summary has ${summaryCustomers}: the cell table does not cover every customer (was it built on this summary and resolution?)`);
    return { customers: n, destination: destination.file ?? destination.table ?? "", columns: ["customer_id", "frequency", "recency", "T", "monetary_value", "p_alive", ...horizons, "expected_spend", "clv"] };
  }
}

/** Names, length, integer flags and arrays of a numeric table to upload. */
export function tableShape(columns: Readonly<Record<string, Float64Array>>, integerColumns: readonly string[]): { names: string[]; n: number; isInt: boolean[]; cols: Float64Array[] } {
  const names = Object.keys(columns);
  return { names, n: names.length ? columns[names[0]!]!.length : 0, isInt: names.map((k) => integerColumns.includes(k)), cols: names.map((k) => columns[k]!) };
}

/** Builds a histogram from cell keys in steps (shared by the engines). */
export function histogramFromColumns(
  x: ArrayLike<number>, rb: ArrayLike<number>, tb: ArrayLike<number>, counts: ArrayLike<number>, step: number, unit: TimeUnit, w: SummaryWindow, split: boolean,
): CustomerHistogram {
  const n = x.length;
  const per = DAYS_PER_UNIT[unit];
  const frequency = Float64Array.from(x), recencySteps = Float64Array.from(rb), TSteps = Float64Array.from(tb), weights = Float64Array.from(counts);
  const recency = new Float64Array(n), T = new Float64Array(n);
  let customers = 0;
  for (let i = 0; i < n; i++) {
    // (steps × days) / per: at 1 day this is the same float operation as the summary's (last − first) / per.
    recency[i] = (recencySteps[i]! * step) / per;
    T[i] = (TSteps[i]! * step) / per;
    customers += weights[i]!;
  }
  return {
    timeUnit: unit,
    observationEnd: isoDate(w.observationEnd),
    ...(split ? { calibrationEnd: isoDate(w.calibrationEnd) } : {}),
    resolutionDays: step,
    frequency, recency, T, weights, recencySteps, TSteps,
    cells: n,
    customers,
  };
}

/** The finest resolution on the ladder (1, 7, 14, 28 … days) whose cell count fits the budget. */
export async function chooseResolution(engine: Pick<Engine, "countCells">, options: SummarizeCustomersOptions, budget: number): Promise<number> {
  if (!(budget >= 1)) throw new Error(`invalid cell budget ${budget}: use a positive number of cells, e.g. 500000`);
  for (const step of RESOLUTION_LADDER) if ((await engine.countCells(options, step)) <= budget) return step;
  return RESOLUTION_LADDER[RESOLUTION_LADDER.length - 1]!;
}
