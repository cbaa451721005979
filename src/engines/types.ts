import type { ColumnNames } from "../data/readers/resolveColumns.js";
import type { RejectionReport, TimeUnit } from "../data/types.js";
import type { CustomerSummaryWithReport, SummarizeCustomersOptions } from "../summaries/summarizeCustomers.js";
import type { PeriodPanel, PeriodPanelOptions } from "../summaries/periodPanel.js";
import type { SqlDialect } from "./dialects.js";

/** Engines clvlab runs on. */
export type EngineKind = "memory" | "duckdb" | "clickhouse";

/** Where the transactions are. */
export interface EngineSourceOptions {
  /** A file, a glob (`logs/*.parquet`), a folder (Parquet files below it, hive partitions read as columns) or a table name in the engine. */
  source: string;
  /** Column names per role; default customer_id / date / amount or a common alias (as `loadTransactions`). */
  columns?: Pick<ColumnNames, "customer" | "date" | "amount" | "cost" | "margin">;
  /** Default "auto": `.parquet` / folders are Parquet, `.csv` `.tsv` `.txt` are delimited text, anything else a table name. */
  format?: "auto" | "csv" | "parquet" | "table";
  /** Field delimiter of text files (default "," and tab for `.tsv`). */
  delimiter?: string;
  /** "error" (default): the first unreadable row throws with file, line, column and value. "reject": such rows are counted by reason. */
  invalidRows?: "error" | "reject";
  /** Count exact duplicate rows (over every source column) into the report. Default true; it costs one grouping pass. */
  countDuplicates?: boolean;
}

/** Options of {@link Engine.histogram}. */
export interface HistogramOptions extends SummarizeCustomersOptions {
  /** Cell width of recency and T, whole days. Default: chosen against `cellBudget` (1 day, else 7, 14, 28 … days). */
  resolutionDays?: number;
  /** Most cells wanted when the resolution is chosen automatically. Default 500,000. */
  cellBudget?: number;
}

/**
 * Customers counted per (frequency, recency, T) cell: the sufficient data of BG/NBD, Pareto/NBD and MBG/NBD.
 * Recency and T are whole multiples of `resolutionDays`, rounded half down, expressed in `timeUnit`.
 */
export interface CustomerHistogram {
  readonly timeUnit: TimeUnit;
  readonly observationEnd: string;
  readonly calibrationEnd?: string;
  /** Cell width in days (1 = exact day arithmetic, nothing rounded). */
  readonly resolutionDays: number;
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  /** Customers per cell. */
  readonly weights: Float64Array;
  /** Cell keys in steps: recency and T in multiples of `resolutionDays` (to join predictions back). */
  readonly recencySteps: Float64Array;
  readonly TSteps: Float64Array;
  /** Number of cells and of customers (sum of weights). */
  readonly cells: number;
  readonly customers: number;
}

/** Gamma-Gamma's data: repeat buyers' frequency and mean repeat spend, with counts; a hash sample when too large. */
export interface SpendData {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly weights: Float64Array;
  /** Fraction of customers kept: 1 when exact; else a deterministic hash sample of `sampleRate` of the customers. */
  readonly sampleRate: number;
  /** How the sample was drawn, e.g. `hash(customer_id) % 1000 < 125` (absent when exact). */
  readonly sample?: string;
}

/** Per-cell predictions to upload: keys and value columns, all the same length. */
export interface CellTable {
  readonly frequency: Float64Array;
  readonly rb: Float64Array;
  readonly tb: Float64Array;
  readonly values: Readonly<Record<string, Float64Array>>;
}

/** How per-customer scores are computed from per-cell predictions. */
export interface EngineScoreOptions {
  /** Resolution of the cells, days. */
  resolutionDays: number;
  /** Gamma-Gamma parameters, or a fixed spend per transaction. */
  spend: { p: number; q: number; v: number } | number;
  /** Margin on spend (default CLV_DEFAULTS.margin, 30%; 1 gives CLV in revenue). */
  margin?: number;
}

/** Where scores go: a file (`.parquet` or `.csv`) written by the engine, or a table in the engine. */
export interface ScoreDestination {
  file?: string;
  table?: string;
}

/** What a score run wrote. */
export interface ScoreWriteReport {
  customers: number;
  destination: string;
  columns: string[];
}

/**
 * One engine: the summary, the histogram and the scores computed where the data is. Every method keeps the data
 * layer's promises (rows accounted for, returns apart, time unit carried).
 */
export interface Engine {
  readonly kind: EngineKind;
  /** SQL dialect of the engine (absent for the in-memory engine). */
  readonly dialect?: SqlDialect;
  /** Attaches the transactions; returns what happened to every input row. */
  attach(source: EngineSourceOptions): Promise<RejectionReport>;
  /** The BTYD customer summary (same conventions and report as `summarizeCustomers`); SQL engines order customers by id, the in-memory engine by first appearance. */
  summarize(options: SummarizeCustomersOptions): Promise<CustomerSummaryWithReport>;
  /** The (frequency, recency, T) histogram at a stated resolution. */
  histogram(options: HistogramOptions): Promise<CustomerHistogram>;
  /** Number of distinct cells at a resolution. */
  countCells(options: SummarizeCustomersOptions, resolutionDays: number): Promise<number>;
  /** Gamma-Gamma's sufficient data, exact when at most `maxRows` distinct rows, else a deterministic hash sample. */
  spendData(options: SummarizeCustomersOptions, maxRows?: number): Promise<SpendData>;
  /**
   * Scores every customer: the summary joined to the per-cell predictions (`cells`, keyed by frequency and the
   * recency/T steps of `score.resolutionDays`), Gamma-Gamma's conditional mean spend and CLV computed where the
   * data is, and the result written by the engine to `destination`.
   */
  score(options: SummarizeCustomersOptions, cells: CellTable, score: EngineScoreOptions, destination: ScoreDestination): Promise<ScoreWriteReport>;
  /**
   * The period panel of the Five Lenses (customer × period net spend in cents, orders, last purchase day), so
   * `lens1` … `lens5` run on it unchanged. Margins (amount − cost in cents) come with it when the source has a cost or margin column, as in memory.
   */
  periodPanel(options?: PeriodPanelOptions): Promise<PeriodPanel>;
  /** Releases the engine (connections, temporary tables). */
  close(): Promise<void>;
}
