// The options every command that reads a transaction log shares, their one validator each, and the one load
// step: what was read, what was left out and why, and the observation end (the last day in the data by default).
import type { Command } from "commander";
import type { LoadTransactionsOptions } from "../data/loadTransactions.js";
import type { RejectionReason, TimeUnit, TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";

/** Options of every command that reads a transaction log (as parsed by commander). */
export interface LogCommandOptions {
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  /** false with --no-amount: count data, no amount column. */
  amount?: boolean;
  dateFormat?: string;
  decimalComma?: boolean;
  timeUnit?: string;
  observationEnd?: string;
  delimiter?: string;
  header?: boolean;
  columnNames?: string;
  timeZone?: string;
  skipInvalid?: boolean;
  dropDuplicates?: boolean;
  manifest?: string;
}

export { TIME_UNITS, parseTimeUnit } from "../time/timeUnit.js";

/**
 * The one parser of a numeric option: undefined when the option is absent, else the number, or an error naming the
 * flag, the value and the fix when it is empty, not a finite number, or fails `ok`.
 * @example parseNumberOption("0.3", "--margin", (x) => x >= 0 && x <= 1, "use a fraction between 0 and 1") // 0.3
 */
export function parseNumberOption(value: string | undefined, flag: string, ok: (x: number) => boolean, fix: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || !ok(x)) throw new Error(`invalid ${flag} ${JSON.stringify(value)}: ${fix}`);
  return x;
}

/** A whole-number option of at least `min` (see {@link parseNumberOption}). */
export function parseWholeNumberOption(value: string | undefined, flag: string, min: number, fix = `use a whole number >= ${min}`): number | undefined {
  return parseNumberOption(value, flag, (x) => Number.isInteger(x) && x >= min, fix);
}

/**
 * The one validator of a calendar date option (YYYY-MM-DD).
 * @example parseIsoDate("2025-06-30", "--observation-end") // "2025-06-30"
 */
export function parseIsoDate(value: string, flag: string): string {
  let ok = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (ok) {
    try {
      ok = isoDate(dayNumber(value)) === value;
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new Error(`invalid ${flag} ${JSON.stringify(value)}: use a calendar date YYYY-MM-DD`);
  return value;
}

/** Which shared options a command takes. */
export interface LogOptionSet {
  /** Add --time-unit with this default (omit for commands that choose their own unit). */
  timeUnit?: TimeUnit;
  /** Help text of --time-unit when its default depends on other options (then commander applies no default). */
  timeUnitHelp?: string;
  /** Help text of --observation-end (default: the last day in the data). */
  observationEndHelp?: string;
}

/**
 * Adds the shared log options to a command: columns, date layout, decimal comma, delimiter, header, time zone,
 * invalid rows, duplicates, time unit and observation end. Help says every default.
 * @example addLogOptions(program.command("summarize"), { timeUnit: "days" })
 */
export function addLogOptions(cmd: Command, set: LogOptionSet = {}): Command {
  cmd
    .option("--customer-col <name>", "customer id column (default: customer_id or an alias such as customer, cust_id)")
    .option("--date-col <name>", "date column (default: date or an alias such as order_date, invoice_date)")
    .option("--amount-col <name>", "amount column (default: amount or an alias such as sales, revenue, spend)")
    .option("--no-amount", "count data without an amount column: purchases are counted, spend-based outputs left out (detected when there is no amount column)")
    .option("--date-format <layout>", "layout of the dates when not ISO: DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, YYYY/MM/DD … (default: ISO YYYY-MM-DD)")
    .option("--decimal-comma", "amounts are written with a decimal comma, 12,50 (default: decimal point)")
    .option("--delimiter <char>", 'field delimiter: ",", ";", tab, or "whitespace" (default: "," and tab for .tsv)')
    .option("--no-header", "the files have no header line (give --column-names)")
    .option("--column-names <a,b,c>", "column names in order, comma-separated")
    .option("--time-zone <iana>", "zone of naive timestamps and of day boundaries", "UTC")
    .option("--skip-invalid", "count and skip rows with a bad date, amount or customer id (default: stop at the first)")
    .option("--drop-duplicates", "drop exact duplicate rows (default: keep and count them)")
    .option("--observation-end <YYYY-MM-DD>", set.observationEndHelp ?? "last day observed; later rows are counted and left out (default: the last day in the data, printed)");
  if (set.timeUnitHelp) cmd.option("--time-unit <unit>", set.timeUnitHelp);
  else if (set.timeUnit) cmd.option("--time-unit <unit>", "unit of recency, T and horizons: days, weeks or months", set.timeUnit);
  return cmd;
}

/** The loader options the shared CLI options stand for. */
export function loadOptionsFrom(opts: LogCommandOptions): LoadTransactionsOptions {
  const delimiter = opts.delimiter === "\\t" || opts.delimiter === "tab" ? "\t" : opts.delimiter;
  const columns: NonNullable<LoadTransactionsOptions["columns"]> = {};
  if (opts.customerCol) columns.customer = opts.customerCol;
  if (opts.dateCol) columns.date = opts.dateCol;
  if (opts.amountCol) columns.amount = opts.amountCol;
  return {
    columns,
    attributes: "none",
    invalidRows: opts.skipInvalid ? "reject" : "error",
    duplicates: opts.dropDuplicates ? "drop" : "keep",
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(opts.header === false ? { header: false } : {}),
    ...(opts.columnNames ? { columnNames: opts.columnNames.split(",").map((s) => s.trim()) } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.observationEnd ? { observationEnd: parseIsoDate(opts.observationEnd, "--observation-end") } : {}),
    ...(opts.dateFormat ? { dateFormat: opts.dateFormat } : {}),
    ...(opts.decimalComma ? { decimalComma: true } : {}),
    ...(opts.amount === false ? { noAmount: true } : {}),
    ...(opts.manifest ? { manifest: opts.manifest } : {}),
  };
}

const FIXES: Record<RejectionReason, string> = {
  unparseable_date: "give the layout of the dates with --date-format, e.g. --date-format DD/MM/YYYY, or name the date column with --date-col",
  unparseable_amount: "for amounts such as 12,50 pass --decimal-comma (and --delimiter \";\"), or name the amount column with --amount-col",
  missing_customer: "name the customer id column with --customer-col",
  wrong_field_count: "quote fields that contain the delimiter, or give the delimiter with --delimiter",
  duplicate_row: "leave out --drop-duplicates",
  after_observation_end: "give a later --observation-end, or leave it out to use the last day in the data",
  return: "",
};

/** A loaded log, its observation end (given or the last day in the data) and the lines that account for every row. */
export interface LoadedLog {
  log: TransactionLog;
  /** Count data: no amount column was read (every amount is 0); spend-based outputs do not apply. */
  noAmount: boolean;
  observationEnd: string;
  lines: string[];
}

/**
 * Loads the files with the shared options. Stops with an error naming the most frequent reason and its fix when
 * no row is usable (instead of writing an empty output), and sets the observation end to the last day in the data
 * when none is given (said in the lines).
 * @example const { log, observationEnd, lines } = await loadLogForCommand(["data/cdnow_transactions.csv"], {});
 */
export async function loadLogForCommand(files: readonly string[], opts: LogCommandOptions, extra: Partial<LoadTransactionsOptions> = {}): Promise<LoadedLog> {
  if (!files.length) throw new Error("no transaction files given: pass one or more files or folders");
  // Loaded on use, so `clvlab --version` and `--help` start fast.
  const [{ loadTransactions }, { describeLoadReport }] = await Promise.all([import("../data/loadTransactions.js"), import("../data/rows/describeLoadReport.js")]);
  const load = { ...loadOptionsFrom(opts), ...extra };
  let log: TransactionLog;
  let detected = false;
  try {
    log = await loadTransactions(files, load);
  } catch (e) {
    // No amount column and none named: count data. Load it as such and say so.
    if (opts.amountCol !== undefined || load.noAmount || !/missing required column "amount"/.test((e as Error).message)) throw e;
    log = await loadTransactions(files, { ...load, noAmount: true });
    detected = true;
  }
  const noAmount = detected || load.noAmount === true;
  const r = log.report;
  if (log.length === 0 && r.rowsRead > 0) {
    const [reason, count] = (Object.entries(r.counts) as Array<[RejectionReason, number]>).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0] ?? ["unparseable_date", 0];
    const ex = r.examples.find((e) => e.reason === reason);
    const where = ex ? ` (e.g. ${ex.file} line ${ex.line}${ex.column !== undefined ? `, column ${JSON.stringify(ex.column)}` : ""}${ex.value !== undefined ? `, value ${JSON.stringify(ex.value)}` : ""})` : "";
    throw new Error(`no usable rows in ${files.join(", ")}: ${count} of ${r.rowsRead} rows are ${reason.replace(/_/g, " ")}${where}; ${FIXES[reason]}`);
  }
  let observationEnd = opts.observationEnd;
  const lines = describeLoadReport(r);
  if (noAmount) lines.push(`no amount column${detected ? " found" : " (--no-amount)"}: purchases are counted, spend-based outputs are left out`);
  if (observationEnd === undefined && log.length === 0) observationEnd = "";
  else if (observationEnd === undefined) {
    let last = -Infinity;
    for (let i = 0; i < log.length; i++) if (log.day[i]! > last) last = log.day[i]!;
    observationEnd = isoDate(last);
    lines.push(`observation end: ${observationEnd} (the last day in the data; --observation-end to change)`);
  } else lines.push(`observation end: ${observationEnd}`);
  return { log, noAmount, observationEnd, lines };
}

/**
 * Adds --out with the command's default.
 * @example addOutOption(cmd, "the CSV (default: standard output)")
 */
export function addOutOption(cmd: Command, help: string, required = false): Command {
  return required ? cmd.requiredOption("--out <file>", help) : cmd.option("--out <file>", help);
}
