// Transaction loading and validation. One export line per public function (types.ts and transactionLogFromRecords are exported from src/index.ts).
export type { LoadTransactionsOptions, TransactionSource, ColumnNames, ArqueroLike } from "./loadTransactions.js";
export { loadTransactions } from "./loadTransactions.js";
export { describeLoadReport } from "./rows/describeLoadReport.js";
