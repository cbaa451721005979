/**
 * The one set of CLV defaults of the library, the CLI and the notebooks: 12 months, 10% a year discount and a 30%
 * profit margin on spend (pass `margin: 1` for CLV in revenue, as lifetimes reports it).
 */
export const CLV_DEFAULTS: Readonly<{ months: number; discountRate: number; margin: number }> = { months: 12, discountRate: 0.1, margin: 0.3 };
