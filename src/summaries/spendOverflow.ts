// The error for a customer whose summed amounts overflow a double (the sum becomes ±Infinity or NaN).

/** Throws when `total` is not finite: every amount is finite, so only the sum of one customer's amounts can overflow. */
export function checkSpendFinite(total: number, customerId: string): void {
  if (Number.isFinite(total)) return;
  throw new Error(`spend of customer ${JSON.stringify(customerId)} overflows: the sum of its amounts is beyond ±1.8e308; rescale the amounts (e.g. to thousands) or fix the values`);
}
