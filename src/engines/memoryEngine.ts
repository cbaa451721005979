import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { loadTransactions } from "../data/loadTransactions.js";
import type { RejectionReport, TransactionLog } from "../data/types.js";
import { compressRows } from "../models/compressRows.js";
import { gammaGammaConditionalSpend } from "../models/gammaGammaSpend.js";
import { summarizeCustomers, type CustomerSummaryWithReport, type SummarizeCustomersOptions } from "../summaries/summarizeCustomers.js";
import { dayNumber } from "../time/dayNumber.js";
import { periodPanel, type PeriodPanel, type PeriodPanelOptions } from "../summaries/periodPanel.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { chooseResolution, DEFAULT_CELL_BUDGET, histogramFromColumns } from "./sqlEngine.js";
import type { CellTable, CustomerHistogram, Engine, EngineScoreOptions, EngineSourceOptions, HistogramOptions, ScoreDestination, ScoreWriteReport, SpendData } from "./types.js";

/** Histogram cell keys of a summary: recency and T in steps of `step` days, rounded half down (as the SQL). */
function cellKeys(s: CustomerSummaryWithReport, step: number): { rb: Float64Array; tb: Float64Array } {
  if (!(step >= 1) || Math.round(step) !== step) throw new Error(`invalid histogram resolution ${step} days: use a whole number of days >= 1`);
  const cal = dayNumber(s.calibrationEnd ?? s.observationEnd);
  const half = Math.floor(step / 2);
  const n = s.customerId.length;
  const rb = new Float64Array(n), tb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rb[i] = Math.floor((s.lastPurchase[i]! - s.firstPurchase[i]! + half) / step);
    tb[i] = Math.floor((cal - s.firstPurchase[i]! + half) / step);
  }
  return { rb, tb };
}

const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The in-memory engine: today's path (`loadTransactions` + `summarizeCustomers`) behind the engine interface, so
 * the same calls run on memory, DuckDB or ClickHouse. Right for inputs that fit the Node heap.
 * @example
 * const e = openMemoryEngine();
 * await e.attach({ source: "data/cdnow_transactions.csv" });
 * const h = await e.histogram({ timeUnit: "weeks", calibrationEnd: "1997-09-30" });
 */
export function openMemoryEngine(): MemoryEngine {
  return new MemoryEngine();
}

/** See {@link openMemoryEngine}. */
export class MemoryEngine implements Engine {
  readonly kind = "memory" as const;
  private log: TransactionLog | undefined;
  private cache: { key: string; summary: CustomerSummaryWithReport } | undefined;

  /** Uses an already loaded log. */
  attachLog(log: TransactionLog): RejectionReport {
    this.log = log;
    this.cache = undefined;
    return log.report;
  }

  async attach(src: EngineSourceOptions): Promise<RejectionReport> {
    const log = await loadTransactions(src.source, {
      ...(src.columns ? { columns: src.columns } : {}),
      attributes: "none",
      invalidRows: src.invalidRows ?? "error",
      ...(src.delimiter !== undefined ? { delimiter: src.delimiter === "tab" ? "\t" : src.delimiter } : {}),
      ...(src.format === "csv" || src.format === "parquet" ? { format: src.format } : {}),
    });
    return this.attachLog(log);
  }

  async summarize(options: SummarizeCustomersOptions): Promise<CustomerSummaryWithReport> {
    if (!this.log) throw new Error("memory engine: no source attached: call attach({ source }) first");
    const key = JSON.stringify([options.timeUnit, options.observationEnd, options.calibrationEnd]);
    if (this.cache?.key !== key) this.cache = { key, summary: summarizeCustomers(this.log, options) };
    return this.cache.summary;
  }

  async countCells(options: SummarizeCustomersOptions, resolutionDays: number): Promise<number> {
    const s = await this.summarize(options);
    const { rb, tb } = cellKeys(s, resolutionDays);
    return compressRows([s.frequency, rb, tb]).length;
  }

  async histogram(options: HistogramOptions): Promise<CustomerHistogram> {
    const s = await this.summarize(options);
    const step = options.resolutionDays ?? (await chooseResolution(this, options, options.cellBudget ?? DEFAULT_CELL_BUDGET));
    const { rb, tb } = cellKeys(s, step);
    const c = compressRows([s.frequency, rb, tb]);
    // Cells in (frequency, rb, tb) order, as the SQL engines return them.
    const order = Array.from({ length: c.length }, (_, i) => i).sort((a, b) => c.columns[0]![a]! - c.columns[0]![b]! || c.columns[1]![a]! - c.columns[1]![b]! || c.columns[2]![a]! - c.columns[2]![b]!);
    const pick = (col: Float64Array) => Float64Array.from(order, (i) => col[i]!);
    const w = { observationEnd: dayNumber(s.observationEnd), calibrationEnd: dayNumber(s.calibrationEnd ?? s.observationEnd) };
    return histogramFromColumns(pick(c.columns[0]!), pick(c.columns[1]!), pick(c.columns[2]!), pick(c.weights), step, s.timeUnit, w, s.calibrationEnd !== undefined);
  }

  async spendData(options: SummarizeCustomersOptions): Promise<SpendData> {
    const s = await this.summarize(options);
    const keep: number[] = [];
    for (let i = 0; i < s.frequency.length; i++) if (s.frequency[i]! > 0) keep.push(i);
    const c = compressRows([Float64Array.from(keep, (i) => s.frequency[i]!), Float64Array.from(keep, (i) => s.monetaryValue[i]!)]);
    return { frequency: c.columns[0]!, monetaryValue: c.columns[1]!, weights: c.weights, sampleRate: 1 };
  }

  async score(options: SummarizeCustomersOptions, cells: CellTable, score: EngineScoreOptions, destination: ScoreDestination): Promise<ScoreWriteReport> {
    const s = await this.summarize(options);
    const file = destination.file;
    if (!file || !file.toLowerCase().endsWith(".csv")) throw new Error(`memory engine writes scores to a .csv file, got ${JSON.stringify(file ?? destination.table)}: use --engine duckdb for Parquet or tables`);
    const { rb, tb } = cellKeys(s, score.resolutionDays);
    const index = new Map<string, number>();
    for (let i = 0; i < cells.frequency.length; i++) index.set(`${cells.frequency[i]},${cells.rb[i]},${cells.tb[i]}`, i);
    const horizons = Object.keys(cells.values).filter((k) => k.startsWith("expected_purchases_"));
    const pAlive = cells.values.p_alive, disc = cells.values.discounted_purchases;
    if (!pAlive || !disc) throw new Error(`score: the cell table lacks p_alive or discounted_purchases: build it with cellPredictions`);
    const margin = score.margin ?? CLV_DEFAULTS.margin;
    const spendPer = typeof score.spend === "number" ? new Float64Array(s.customerId.length).fill(score.spend) : gammaGammaConditionalSpend(score.spend, s.frequency, s.monetaryValue);
    const lines = [["customer_id", "frequency", "recency", "T", "monetary_value", "p_alive", ...horizons, "expected_spend", "clv"].join(",")];
    for (let i = 0; i < s.customerId.length; i++) {
      const k = index.get(`${s.frequency[i]},${rb[i]},${tb[i]}`);
      if (k === undefined) throw new Error(`score: customer ${s.customerId[i]} falls in no cell (frequency ${s.frequency[i]}, recency step ${rb[i]}, T step ${tb[i]}): build the cells on this summary and resolution`);
      const x = s.frequency[i]!, z = s.monetaryValue[i]!;
      const spend = spendPer[i]!;
      const row = [csvCell(s.customerId[i]!), x, s.recency[i]!, s.T[i]!, z, pAlive[k]!, ...horizons.map((h) => cells.values[h]![k]!), spend, margin * spend * disc[k]!];
      lines.push(row.join(","));
    }
    writeFileAtomic(file, lines.join("\n") + "\n");
    return { customers: s.customerId.length, destination: file, columns: lines[0]!.split(",") };
  }

  async periodPanel(options: PeriodPanelOptions = {}): Promise<PeriodPanel> {
    if (!this.log) throw new Error("memory engine: no source attached: call attach({ source }) first");
    return periodPanel(this.log, options);
  }

  async close(): Promise<void> {
    this.log = undefined;
    this.cache = undefined;
  }
}
