// Structural model types the diagnostic charts accept (so any fitted or loaded model works).
import type { CustomerData } from "../../models/columns.js";

/** A continuous-time purchase model (BG/NBD, Pareto/NBD, MBG/NBD). */
export interface PurchaseModelForCharts {
  readonly model: string;
  /** Unit of recency, T and horizons, when recorded ("days", "weeks", "months"). */
  readonly timeUnit?: string;
  expectedPurchases(t: number): number;
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array;
  probabilityAlive(customers: CustomerData): Float64Array;
  probabilityOfPurchases(n: number, t: number): number;
}
