// Test helper: a transaction log simulated from BG/NBD purchases × Gamma-Gamma spend (Fader, Hardie & Lee 2005; Fader & Hardie 2013).
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import { createRng } from "../../src/random/createRng.js";
import { dayNumber, isoDate } from "../../src/util/dayNumber.js";

export interface SimulationSpec {
  customers: number;
  seed: number;
  /** First day of the acquisition window and its length in days. */
  start: string;
  acquisitionDays: number;
  /** Last simulated day (inclusive). */
  end: string;
  /** BG/NBD (rate per week) and Gamma-Gamma parameters. */
  r: number; alpha: number; a: number; b: number;
  p: number; q: number; v: number;
}

export function simulateLog(s: SimulationSpec) {
  const rng = createRng(s.seed);
  const d0 = dayNumber(s.start);
  const end = dayNumber(s.end);
  const records: TransactionRecord[] = [];
  for (let c = 0; c < s.customers; c++) {
    const birth = d0 + rng.int(s.acquisitionDays);
    const lambda = rng.gamma(s.r, s.alpha) / 7; // per day
    const drop = rng.beta(s.a, s.b);
    const nu = rng.gamma(s.q, s.v);
    const spend = () => Math.round(rng.gamma(s.p, nu) * 100) / 100 + 0.01;
    records.push({ customerId: `c${c}`, date: isoDate(birth), amount: spend() });
    let t = birth;
    for (;;) {
      if (rng.uniform() < drop && t > birth) break;
      t += rng.exponential(lambda);
      if (t > end + 1) break;
      records.push({ customerId: `c${c}`, date: isoDate(Math.floor(t)), amount: spend() });
    }
  }
  return transactionLogFromRecords(records);
}
