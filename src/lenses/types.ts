/** A run of consecutive panel periods analysed as one (e.g. the last 12 months). */
export interface WindowInfo {
  /** First and last period labels, inclusive. */
  from: string;
  to: string;
  /** First and last day covered, ISO dates. */
  startDate: string;
  endDate: string;
  periods: number;
  /** False when the last period extends past the observation end. */
  complete: boolean;
}

/** Customers, orders and revenue of a group of customers over a window. */
export interface ActivitySummary {
  customers: number;
  orders: number;
  /** Net revenue (returns subtract), currency units, exact to the cent. */
  revenue: number;
  ordersPerCustomer: number | null;
  /** Average order value = revenue / orders. */
  averageOrderValue: number | null;
  revenuePerCustomer: number | null;
}
