// Time units live in src/time; re-exported here for the data types that carry them.
export type { TimeUnit } from "../time/timeUnit.js";
export { DAYS_PER_UNIT } from "../time/timeUnit.js";


/** Why an input row was not used as a purchase. Every input row is either used or counted under one of these. */
export type RejectionReason =
  | "unparseable_date"
  | "unparseable_amount"
  | "missing_customer"
  | "wrong_field_count"
  | "duplicate_row"
  | "after_observation_end"
  | "return";

/** Counts of rows that were not used as purchases, by reason, with a few examples each (file, line, value). */
export interface RejectionReport {
  /** Input rows read (data rows, not headers). */
  rowsRead: number;
  /** Rows used as purchase lines (returns are counted apart, in `returns`). */
  rowsUsed: number;
  counts: Partial<Record<RejectionReason, number>>;
  examples: Array<{ reason: RejectionReason; file: string; line: number; column?: string; value?: string }>;
  /** Rows with a negative amount (returns): kept in the log, they reduce spend but are not purchases. Same as `counts.return`. */
  returns?: number;
  /** Rows equal in every loaded column to an earlier row. Kept (and counted here) unless the load used `duplicates: "drop"`, then rejected as `duplicate_row`. */
  duplicateRows?: number;
  /**
   * Files read in this load; files skipped (ingested before, per the manifest, or a symbolic link to nothing);
   * `fromByte` when an appended file was read from where the last load stopped; `deferred` when its unterminated
   * last line was left for the next incremental load.
   */
  files?: Array<{ file: string; rowsRead: number; skipped?: "already_ingested" | "dangling_symlink"; fromByte?: number; deferred?: "unterminated_final_line" }>;
}

/**
 * A transaction log in columnar form: one entry per input line (an order line), typed arrays for the
 * numeric columns so million-row paths allocate no per-row objects.
 *
 * Customers are dictionary-encoded: `customer[i]` indexes `customerIds`. Purchases are bucketed to
 * calendar days in `timeZone`: `day[i]` is days since 1970-01-01 of that local date.
 */
export interface TransactionLog {
  /** Number of rows. */
  readonly length: number;
  /** Distinct customer ids; `customer[i]` indexes this array. */
  readonly customerIds: readonly string[];
  readonly customer: Int32Array;
  /** Local calendar day (days since 1970-01-01) of each row in `timeZone`. */
  readonly day: Int32Array;
  /** The instant of each row, epoch milliseconds (the local midnight when the input had only a date). */
  readonly timestamp: Float64Array;
  /** Amount of each row in currency units; negative amounts are returns. */
  readonly amount: Float64Array;
  /** Optional order id per row (several rows of one order share it). */
  readonly orderId?: readonly string[];
  readonly quantity?: Float64Array;
  readonly product?: readonly string[];
  /** Cost of goods per row, when known (margin = amount - cost). */
  readonly cost?: Float64Array;
  /** Any other per-row attribute (city, channel, campaign), kept for cohorts. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** IANA time zone used to read naive timestamps and to bucket days, e.g. "UTC" or "America/Chicago". */
  readonly timeZone: string;
  /** What happened to every input row. */
  readonly report: RejectionReport;
}
