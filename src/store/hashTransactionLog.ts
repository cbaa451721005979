import { createHash } from "node:crypto";
import type { TransactionLog } from "../data/types.js";

/**
 * SHA-256 (hex) of a transaction log's content: customer ids, days and amounts, row by row. Two logs with the same
 * purchases in the same order hash equal, whatever file format they came from.
 * @see https://nvlpubs.nist.gov/nistpubs/FIPS/NIST.FIPS.180-4.pdf
 * @example hashTransactionLog(log).slice(0, 8);
 */
export function hashTransactionLog(log: TransactionLog): string {
  const h = createHash("sha256");
  h.update(`clvlab-log-v1|${log.length}|`);
  h.update(log.customerIds.join("\u0000"));
  h.update(Buffer.from(log.customer.buffer, log.customer.byteOffset, log.customer.byteLength));
  h.update(Buffer.from(log.day.buffer, log.day.byteOffset, log.day.byteLength));
  h.update(Buffer.from(log.amount.buffer, log.amount.byteOffset, log.amount.byteLength));
  return h.digest("hex");
}
