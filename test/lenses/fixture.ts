// A small hand-computed fixture (monthly periods, January-June 2024) shared by the lens tests.
// A: order o1 (two lines, 10) on 01-05, o2 (20) on 01-20, o3 (30) on 03-10: nothing in February (an empty period inside the cohort's life).
// B: 50 on 01-15, then nothing until 40 on 05-02 (reactivated after a gap).
// C: 15 + 5 the same day 02-03 (one order: no order id, one purchase day), a return of 5 on 02-28, 25 on 03-01.
// D: 100 on 06-10 (the June cohort: less time than the others).
// E: a zero-amount purchase on 01-31 (counts as an order), 8 on 02-01.
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";

export const records: TransactionRecord[] = [
  { customerId: "A", date: "2024-01-05", amount: 6, orderId: "o1", city: "Austin" },
  { customerId: "A", date: "2024-01-05", amount: 4, orderId: "o1", city: "Austin" },
  { customerId: "B", date: "2024-01-15", amount: 50, city: "Dallas" },
  { customerId: "A", date: "2024-01-20", amount: 20, orderId: "o2", city: "Dallas" },
  { customerId: "E", date: "2024-01-31", amount: 0, city: "Houston" },
  { customerId: "E", date: "2024-02-01", amount: 8, city: "Austin" },
  { customerId: "C", date: "2024-02-03", amount: 15, city: "Houston" },
  { customerId: "C", date: "2024-02-03", amount: 5, city: "Houston" },
  { customerId: "C", date: "2024-02-28", amount: -5, city: "Houston" },
  { customerId: "C", date: "2024-03-01", amount: 25, city: "Houston" },
  { customerId: "A", date: "2024-03-10", amount: 30, orderId: "o3", city: "Austin" },
  { customerId: "B", date: "2024-05-02", amount: 40, city: "Dallas" },
  { customerId: "D", date: "2024-06-10", amount: 100, city: "San Antonio" },
];

export const fixtureLog = () => transactionLogFromRecords(records);
